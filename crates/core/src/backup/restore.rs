//! Putting a copy back as the database.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::copy::{verify, BackupContents};
use super::BackupError;
use crate::paths::database_file;

/// A restore that happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Restored {
    /// Where the database it replaced was kept (None: there was none).
    pub previous_kept_as: Option<String>,
    pub contents: BackupContents,
}

/// Makes the copy at `file` the database of `data_dir`, keeping the current file aside first. Refused
/// while a storedesk process other than `this_process` (a process id: the caller, whose own stores are
/// closed already) has the data directory open: replacing the file under a running process would lose its
/// writes.
pub async fn restore(data_dir: &Path, file: &Path, this_process: Option<u32>) -> Result<Restored, BackupError> {
    let ours = this_process.map(|pid| format!("{pid}-"));
    let others: Vec<String> = crate::instance::live_instances(data_dir)
        .into_iter()
        .filter(|id| !ours.as_deref().is_some_and(|prefix| id.starts_with(prefix)))
        .collect();
    if !others.is_empty() {
        let processes = others
            .iter()
            .map(|id| format!("process {}", id.split('-').next().unwrap_or(id)))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(BackupError::InUse { processes });
    }
    let contents = verify(file).await?;
    // A new machine, restoring from a drive: the data directory may not exist yet.
    std::fs::create_dir_all(data_dir).map_err(|e| BackupError::io(data_dir, e))?;
    let target = database_file(data_dir);
    // The copy goes in under a temporary name first: a restore cut short leaves the current database (or
    // none) in place, never half a file under the real name.
    let incoming = data_dir.join("storedesk.db.restoring");
    std::fs::copy(file, &incoming).map_err(|e| BackupError::io(&incoming, e))?;
    std::fs::File::open(&incoming).and_then(|f| f.sync_all()).map_err(|e| BackupError::io(&incoming, e))?;
    let previous_kept_as = if target.exists() {
        Some(crate::store::move_aside(&target, "before-restore").map_err(|e| BackupError::io(&target, e))?)
    } else {
        // A WAL or shared-memory file left without its database belongs to none; beside the restored file
        // SQLite would take it for that file's own.
        for suffix in ["-wal", "-shm"] {
            let stray = std::path::PathBuf::from(format!("{}{suffix}", target.display()));
            if stray.exists() {
                std::fs::remove_file(&stray).map_err(|e| BackupError::io(&stray, e))?;
            }
        }
        None
    };
    std::fs::rename(&incoming, &target).map_err(|e| BackupError::io(&target, e))?;
    if let Ok(dir) = std::fs::File::open(data_dir) {
        let _ = dir.sync_all();
    }
    tracing::info!(from = %file.display(), kept = ?previous_kept_as, "database restored from a backup");
    Ok(Restored { previous_kept_as, contents })
}
