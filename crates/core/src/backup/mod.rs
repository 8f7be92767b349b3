//! Backups of the database: what only storedesk holds (offer history, pending edits, warehouse links, API
//! keys, bindings made by hand) must survive a bad disk, a bad shutdown or a mistaken delete.
//!
//! A copy is taken with `VACUUM INTO` on a connection of the live pool (a consistent snapshot that does
//! not block writers in WAL mode; never a file copy of a live WAL database), written under a temporary
//! name, checked with `PRAGMA integrity_check`, and only then renamed to its final name. Only final names
//! are ever listed, so a copy cut short (a kill, a full disk) is never taken for a good one. Secrets stay
//! sealed in the copy as in the database: the vault key lives outside it and is not copied.

mod copy;
mod files;
mod overview;
mod restore;
pub mod retention;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub(crate) use copy::back_up_file;
pub use copy::{copy_file_to, verify, BackupContents};
pub use files::{backups_dir, list, prune, BackupEntry};
pub use overview::{BackupOverview, BackupSettings, BackupTaken};
pub use restore::{restore, Restored};

/// Why a copy was taken; it decides how long the copy is kept (see `retention`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackupKind {
    /// Taken by the app once a day while it runs; the last 7 days and 4 weeks are kept.
    Daily,
    /// Asked for by a person (Settings > Backups, `storedesk-cli backup create`); kept 30 days.
    Manual,
    /// Taken just before a newer storedesk changed the database's schema; kept 30 days.
    PreMigration,
}

impl BackupKind {
    pub const ALL: [BackupKind; 3] = [BackupKind::Daily, BackupKind::Manual, BackupKind::PreMigration];

    /// The kind as it appears in a copy's file name.
    pub fn as_str(self) -> &'static str {
        match self {
            BackupKind::Daily => "daily",
            BackupKind::Manual => "manual",
            BackupKind::PreMigration => "pre-migration",
        }
    }

    pub fn parse(s: &str) -> Option<BackupKind> {
        BackupKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Why a backup could not be taken, read or restored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error("{path}: {detail}")]
    Io { path: String, detail: String },
    #[error("{path} is not a storedesk database ({detail})")]
    NotABackup { path: String, detail: String },
    #[error("{path} is damaged: {detail}")]
    Damaged { path: String, detail: String },
    #[error(
        "{path} was written by a newer storedesk (schema version {found}); this version understands up to \
         {supported}. Update storedesk to restore it."
    )]
    TooNew { path: String, found: i64, supported: i64 },
    #[error(
        "storedesk is running on this data directory ({processes}); quit it before restoring, so nothing \
         writes to the database while it is replaced"
    )]
    InUse { processes: String },
    #[error("the database could not be copied: {0}")]
    Copy(String),
}

impl BackupError {
    fn io(path: &std::path::Path, err: impl std::fmt::Display) -> BackupError {
        BackupError::Io { path: path.display().to_string(), detail: err.to_string() }
    }

    pub fn code(&self) -> crate::ErrorCode {
        use crate::ErrorCode;
        match self {
            BackupError::Io { .. } => ErrorCode::DbIo,
            BackupError::NotABackup { .. } => ErrorCode::DbForeign,
            BackupError::Damaged { .. } => ErrorCode::DbCorrupt,
            BackupError::TooNew { .. } => ErrorCode::DbSchemaTooNew,
            BackupError::InUse { .. } => ErrorCode::DbInUse,
            BackupError::Copy(_) => ErrorCode::Database,
        }
    }
}

impl From<BackupError> for crate::ApiError {
    fn from(err: BackupError) -> Self {
        crate::ApiError::new(err.code(), err.to_string())
    }
}
