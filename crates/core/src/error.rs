//! Typed errors of the store, the one `ErrorCode` enum every error of storedesk maps to, and the
//! `{code, message}` shape errors reach every front end in (ARCHITECTURE invariant 10).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Every error a front end can receive, as one stable code: the UI branches on it, the CLI prints it, the
/// REST API turns it into a status. Each error type says its code in one `code()` function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    // The local store.
    Database,
    NotFound,
    InvalidInput,
    BadCursor,
    DbCorrupt,
    DbForeign,
    DbSchemaTooNew,
    DbIo,
    /// The database did not open at start (the start screen says why).
    DbUnavailable,
    /// Another storedesk process has the data directory open (a restore waits for it to quit).
    DbInUse,
    /// Sealing or opening a secret failed (the key is missing or another one).
    Vault,
    // Connecting a shop.
    MissingApp,
    BadEndpoint,
    StateMismatch,
    NoCode,
    AccessDenied,
    Timeout,
    InvalidGrant,
    /// The provider's token announced a lifetime storedesk cannot keep fresh.
    TokenLifetime,
    Listener,
    /// The connection attempt is over (finished, cancelled or unknown).
    NoAttempt,
    // Talking to a shop.
    Offline,
    NeedsReconnect,
    NotConnected,
    /// The provider answered with an error (its message says which).
    ProviderError,
    /// The provider's answer did not have the documented shape.
    BadAnswer,
    RetriesExhausted,
    /// The provider no longer serves the API version this storedesk speaks: only an update helps.
    ApiRetired,
    /// The shop kind does not support this yet.
    Unsupported,
    // Sync.
    StillQuarantined,
    // The desktop shell.
    Demo,
    BadUrl,
    NoBrowser,
    /// A bug: something that should not happen did.
    Internal,
}

/// An error from a store operation.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0} not found")]
    NotFound(String),
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error("this list position is no longer valid; reload the list")]
    BadCursor,
}

impl StoreError {
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::Database(_) => ErrorCode::Database,
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::Invalid(_) => ErrorCode::InvalidInput,
            StoreError::BadCursor => ErrorCode::BadCursor,
        }
    }
}

/// Why the database file could not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DbErrorKind {
    /// Not a readable SQLite database (damaged, truncated, or not SQLite at all).
    Corrupt,
    /// A SQLite database, but not storedesk's.
    Foreign,
    /// storedesk's, written by a newer version than this binary.
    SchemaTooNew,
    /// The file or its folder could not be read or written.
    Io,
}

/// An error opening the store. Nothing is ever deleted: an unusable file is moved aside.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{path} is not a readable storedesk database ({detail}); it was kept as {moved_to}")]
    Corrupt { path: String, moved_to: String, detail: String },
    #[error("{path} is a SQLite database of another program; it was kept as {moved_to}")]
    Foreign { path: String, moved_to: String },
    #[error(
        "{path} was written by a newer storedesk (schema version {found}); this version understands up \
         to {supported}. Update storedesk to open it."
    )]
    SchemaTooNew { path: String, found: i64, supported: i64 },
    #[error("cannot open {path}: {detail}")]
    Io { path: String, detail: String },
}

impl OpenError {
    pub fn kind(&self) -> DbErrorKind {
        match self {
            OpenError::Corrupt { .. } => DbErrorKind::Corrupt,
            OpenError::Foreign { .. } => DbErrorKind::Foreign,
            OpenError::SchemaTooNew { .. } => DbErrorKind::SchemaTooNew,
            OpenError::Io { .. } => DbErrorKind::Io,
        }
    }

    pub fn path(&self) -> &str {
        match self {
            OpenError::Corrupt { path, .. }
            | OpenError::Foreign { path, .. }
            | OpenError::SchemaTooNew { path, .. }
            | OpenError::Io { path, .. } => path,
        }
    }

    /// Where the unusable file was moved, if it was.
    pub fn moved_to(&self) -> Option<&str> {
        match self {
            OpenError::Corrupt { moved_to, .. } | OpenError::Foreign { moved_to, .. } => Some(moved_to),
            _ => None,
        }
    }
}

/// What the UI learns at start: the store is ready, or why it is not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum StartupState {
    Ready {
        data_dir: String,
    },
    DbError {
        kind: DbErrorKind,
        message: String,
        path: String,
        moved_to: Option<String>,
        /// The newest good backup, offered instead of starting empty (set by the app, which knows where
        /// copies live).
        backup: Option<Box<crate::backup::BackupEntry>>,
    },
}

impl StartupState {
    pub fn from_open_error(err: &OpenError) -> Self {
        StartupState::DbError {
            kind: err.kind(),
            message: err.to_string(),
            path: err.path().to_owned(),
            moved_to: err.moved_to().map(str::to_owned),
            backup: None,
        }
    }
}

/// An error as every front end receives it: a stable code and a sentence a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into() }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        // Database internals are logged, not shown: the person gets what they can act on.
        if let StoreError::Database(inner) = &err {
            tracing::error!(error = %inner, "store query failed");
        }
        ApiError::new(err.code(), err.to_string())
    }
}

impl OpenError {
    pub fn code(&self) -> ErrorCode {
        match self.kind() {
            DbErrorKind::Corrupt => ErrorCode::DbCorrupt,
            DbErrorKind::Foreign => ErrorCode::DbForeign,
            DbErrorKind::SchemaTooNew => ErrorCode::DbSchemaTooNew,
            DbErrorKind::Io => ErrorCode::DbIo,
        }
    }
}

impl From<OpenError> for ApiError {
    fn from(err: OpenError) -> Self {
        ApiError::new(err.code(), err.to_string())
    }
}
