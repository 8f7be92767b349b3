//! Putting a copy back as the database.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
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
/// writes. On any failure the database that was there stays (or goes back) in place.
pub async fn restore(data_dir: &Path, file: &Path, this_process: Option<u32>) -> Result<Restored, BackupError> {
    refuse_if_in_use(data_dir, this_process)?;
    let contents = verify(file).await?;
    // A new machine, restoring from a drive: the data directory may not exist yet.
    std::fs::create_dir_all(data_dir).map_err(|e| BackupError::io(data_dir, e))?;
    // The copy goes in under a temporary name first: a restore cut short leaves the current database (or
    // none) in place, never half a file under the real name.
    let incoming = data_dir.join("storedesk.db.restoring");
    let result = put_in_place(data_dir, file, &incoming, this_process).await;
    let _ = std::fs::remove_file(&incoming);
    let previous_kept_as = result?;
    tracing::info!(from = %file.display(), kept = ?previous_kept_as, "database restored from a backup");
    Ok(Restored { previous_kept_as, contents })
}

fn refuse_if_in_use(data_dir: &Path, this_process: Option<u32>) -> Result<(), BackupError> {
    let ours = this_process.map(|pid| format!("{pid}-"));
    let others: Vec<String> = crate::instance::live_instances(data_dir)
        .into_iter()
        .filter(|id| !ours.as_deref().is_some_and(|prefix| id.starts_with(prefix)))
        .collect();
    if others.is_empty() {
        return Ok(());
    }
    let processes = others
        .iter()
        .map(|id| format!("process {}", id.split('-').next().unwrap_or(id)))
        .collect::<Vec<_>>()
        .join(", ");
    Err(BackupError::InUse { processes })
}

/// Copies `file` to `incoming`, checks what landed, and swaps it in; returns where the replaced database
/// was kept.
async fn put_in_place(
    data_dir: &Path,
    file: &Path,
    incoming: &Path,
    this_process: Option<u32>,
) -> Result<Option<String>, BackupError> {
    let (from, to) = (file.to_path_buf(), incoming.to_path_buf());
    // A copy from a slow or external drive must not hold up the async threads (the UI's other calls).
    tokio::task::spawn_blocking(move || {
        std::fs::copy(&from, &to)?;
        std::fs::File::open(&to)?.sync_all()
    })
    .await
    .map_err(|e| BackupError::io(incoming, e))?
    .map_err(|e| BackupError::io(incoming, e))?;
    // The bytes that landed, not only the ones that were read: a flaky drive shows here.
    verify(incoming).await?;
    close_runs_of_the_copy(incoming).await?;
    // Checked again just before the swap: a process may have started meanwhile.
    refuse_if_in_use(data_dir, this_process)?;
    let target = database_file(data_dir);
    let kept = if target.exists() {
        Some(crate::store::move_aside(&target, "before-restore").map_err(|e| BackupError::io(&target, e))?)
    } else {
        // A WAL or shared-memory file left without its database belongs to none; beside the restored file
        // SQLite would take it for that file's own.
        for suffix in ["-wal", "-shm"] {
            let stray = PathBuf::from(format!("{}{suffix}", target.display()));
            if stray.exists() {
                std::fs::remove_file(&stray).map_err(|e| BackupError::io(&stray, e))?;
            }
        }
        None
    };
    if let Err(e) = std::fs::rename(incoming, &target) {
        // Put the database that was there back where it was.
        if let Some(kept) = &kept {
            put_back(kept, &target);
        }
        return Err(BackupError::io(&target, e));
    }
    if let Ok(dir) = std::fs::File::open(data_dir) {
        let _ = dir.sync_all();
    }
    Ok(kept)
}

/// Undoes `move_aside` after a failed swap (best effort: the kept file's name is in the error's log).
fn put_back(kept: &str, target: &Path) {
    if let Err(e) = std::fs::rename(kept, target) {
        tracing::error!(%kept, error = %e, "the replaced database could not be put back; it is kept there");
        return;
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::rename(format!("{kept}{suffix}"), format!("{}{suffix}", target.display()));
    }
}

/// Sync runs the copy caught running were cut short by the copy itself: no process of the restored
/// database runs them (a restore waits for every other one to quit), so they are closed as interrupted
/// rather than left for the next start to guess at.
async fn close_runs_of_the_copy(incoming: &Path) -> Result<(), BackupError> {
    let options = SqliteConnectOptions::new().filename(incoming).create_if_missing(false);
    let damaged = |e: sqlx::Error| BackupError::Damaged { path: incoming.display().to_string(), detail: e.to_string() };
    let mut conn = SqliteConnection::connect_with(&options).await.map_err(damaged)?;
    let has_runs: Option<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sync_runs'")
            .fetch_optional(&mut conn)
            .await
            .map_err(damaged)?;
    if has_runs.is_some() {
        sqlx::query("UPDATE sync_runs SET status = 'interrupted', finished_at = ?, error = ? WHERE status = 'running'")
            .bind(crate::time::now_ms())
            .bind("cut short: the database was restored from a copy taken while this ran")
            .execute(&mut conn)
            .await
            .map_err(damaged)?;
    }
    conn.close().await.map_err(damaged)?;
    std::fs::File::open(incoming).and_then(|f| f.sync_all()).map_err(|e| BackupError::io(incoming, e))
}
