//! Taking a copy, checking it, and reading what it holds.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use ts_rs::TS;

use super::files::{entry_at, final_name, partial_name, BackupEntry};
use super::{BackupError, BackupKind};
use crate::store::{Store, SCHEMA_VERSION};

/// What a copy holds, counted when it is listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct BackupContents {
    pub schema_version: i64,
    pub shops: i64,
    pub products: i64,
    pub orders: i64,
    /// Edits not yet settled at the shop (pending, sending, refused or in conflict).
    pub pending_edits: i64,
    pub offer_history_rows: i64,
    pub api_keys: i64,
}

impl Store {
    /// Takes a consistent copy of the database into `dir` (created if missing), checked before it counts,
    /// and returns it. The copy is a snapshot of the moment it starts; writers go on meanwhile.
    pub async fn back_up(&self, kind: BackupKind, dir: &Path) -> Result<BackupEntry, BackupError> {
        let _one_at_a_time = ONE_COPY_AT_A_TIME.lock().await;
        std::fs::create_dir_all(dir).map_err(|e| BackupError::io(dir, e))?;
        let name = unique_name(dir, kind, self.now());
        let partial = dir.join(partial_name(&name, self.instance_id()));
        let mut conn = self.pool().acquire().await.map_err(|e| BackupError::Copy(e.to_string()))?;
        let copied = vacuum_into(&mut conn, &partial).await;
        drop(conn);
        finish(copied, &partial, &dir.join(&name)).await
    }
}

/// Copies are taken one at a time in a process: the daily copy and a person's "Back up now" in the same
/// millisecond would otherwise share a name and a temporary file.
static ONE_COPY_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Copies the database file at `source` (not opened by anyone else: before a migration) into `dir`.
pub(crate) async fn back_up_file(
    source: &Path,
    kind: BackupKind,
    dir: &Path,
    taken_at: i64,
    instance: &str,
) -> Result<BackupEntry, BackupError> {
    std::fs::create_dir_all(dir).map_err(|e| BackupError::io(dir, e))?;
    let name = unique_name(dir, kind, taken_at);
    let partial = dir.join(partial_name(&name, instance));
    let options = SqliteConnectOptions::new().filename(source).create_if_missing(false);
    let mut conn = SqliteConnection::connect_with(&options).await.map_err(|e| BackupError::Copy(e.to_string()))?;
    let copied = vacuum_into(&mut conn, &partial).await;
    let _ = conn.close().await;
    finish(copied, &partial, &dir.join(&name)).await
}

/// Copies a finished copy (`entry`) into another folder, under the same name, checked there too: a
/// synced or external drive is where a copy is most likely to be damaged on the way.
///
/// The folder must exist: an external drive that is not plugged in leaves its mount point behind, and a
/// copy written there would sit on this computer's disk while it was said to be elsewhere.
pub async fn copy_file_to(entry: &BackupEntry, dir: &Path, instance: &str) -> Result<BackupEntry, BackupError> {
    let _one_at_a_time = ONE_COPY_AT_A_TIME.lock().await;
    if !dir.is_dir() {
        return Err(BackupError::io(dir, "the folder is not there (a drive not plugged in?)"));
    }
    let partial = dir.join(partial_name(&entry.file_name, instance));
    let (from, to) = (PathBuf::from(&entry.path), partial.clone());
    // A slow or external drive must not hold up the async threads sync runs on.
    let copied = tokio::task::spawn_blocking(move || std::fs::copy(&from, &to).map(|_| ()))
        .await
        .map_err(|e| BackupError::io(&partial, e))
        .and_then(|r| r.map_err(|e| BackupError::io(&partial, e)));
    finish(copied, &partial, &dir.join(&entry.file_name)).await
}

/// A name not yet taken in `dir` (two copies in the same millisecond get the next one).
fn unique_name(dir: &Path, kind: BackupKind, at: i64) -> String {
    let mut at = at;
    loop {
        let name = final_name(kind, at);
        if !dir.join(&name).exists() {
            return name;
        }
        at += 1;
    }
}

async fn vacuum_into(conn: &mut SqliteConnection, partial: &Path) -> Result<(), BackupError> {
    // VACUUM INTO refuses a target that exists: a leftover of this very name is ours to replace.
    let _ = std::fs::remove_file(partial);
    let target = partial.to_str().ok_or_else(|| BackupError::io(partial, "the path is not valid UTF-8"))?;
    sqlx::query("VACUUM INTO ?")
        .bind(target)
        .execute(&mut *conn)
        .await
        .map_err(|e| BackupError::Copy(e.to_string()))?;
    Ok(())
}

/// Checks the temporary copy, makes it durable, and gives it its final name; on any failure the temporary
/// file is removed and nothing is listed.
async fn finish(copied: Result<(), BackupError>, partial: &Path, target: &Path) -> Result<BackupEntry, BackupError> {
    let done = async {
        copied?;
        let held = verify(partial).await?;
        sync_file(partial)?;
        std::fs::rename(partial, target).map_err(|e| BackupError::io(target, e))?;
        if let Some(dir) = target.parent() {
            sync_dir(dir);
        }
        Ok::<BackupContents, BackupError>(held)
    }
    .await;
    let held = match done {
        Ok(held) => held,
        Err(e) => {
            let _ = std::fs::remove_file(partial);
            return Err(e);
        }
    };
    // What verify read is what the copy holds: no second read of the file or its folder.
    let mut entry = entry_at(target).ok_or_else(|| BackupError::io(target, "not a copy's name"))?;
    entry.contents = Some(held);
    tracing::info!(path = %entry.path, bytes = entry.size_bytes, "backup taken");
    Ok(entry)
}

fn sync_file(path: &Path) -> Result<(), BackupError> {
    std::fs::File::open(path).and_then(|f| f.sync_all()).map_err(|e| BackupError::io(path, e))
}

/// Makes a rename durable. Not every file system lets a directory be synced; the copy is complete either
/// way, only its name might not survive a power cut.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

async fn open_read_only(path: &Path) -> Result<SqliteConnection, BackupError> {
    if !path.is_file() {
        return Err(BackupError::io(path, "no such file"));
    }
    let options = SqliteConnectOptions::new().filename(path).read_only(true).immutable(true);
    SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| BackupError::NotABackup { path: path.display().to_string(), detail: e.to_string() })
}

/// A file SQLite cannot read at all is not a copy; one that opens and then fails is a damaged copy.
fn unreadable(path: &Path, err: sqlx::Error) -> BackupError {
    let path = path.display().to_string();
    match &err {
        // SQLITE_NOTADB
        sqlx::Error::Database(db) if db.code().as_deref() == Some("26") => {
            BackupError::NotABackup { path, detail: "it is not a SQLite database, or its first page is damaged".into() }
        }
        _ => BackupError::Damaged { path, detail: err.to_string() },
    }
}

/// Checks a copy fully (`PRAGMA integrity_check`, the schema is storedesk's and not newer than this
/// version's) and says what it holds.
pub async fn verify(path: &Path) -> Result<BackupContents, BackupError> {
    let mut conn = open_read_only(path).await?;
    let shown = path.display().to_string();
    let checked: Result<Vec<String>, _> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&mut conn).await;
    let _ = conn.close().await;
    match checked {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => {}
        Ok(lines) => return Err(BackupError::Damaged { path: shown, detail: lines.join("; ") }),
        Err(e) => return Err(unreadable(path, e)),
    }
    contents(path).await
}

/// What a copy holds, read without a full check (listing many copies must stay quick).
pub(super) async fn contents(path: &Path) -> Result<BackupContents, BackupError> {
    let mut conn = open_read_only(path).await?;
    let read = read_contents(&mut conn, path).await;
    let _ = conn.close().await;
    read
}

async fn read_contents(conn: &mut SqliteConnection, path: &Path) -> Result<BackupContents, BackupError> {
    let shown = || path.display().to_string();
    let not_ours = |detail: String| BackupError::NotABackup { path: shown(), detail };
    let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| unreadable(path, e))?;
    if !tables.iter().any(|t| t == "_sqlx_migrations") || !tables.iter().any(|t| t == "shops") {
        return Err(not_ours("it has no storedesk tables".into()));
    }
    let version: Option<i64> = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| not_ours(e.to_string()))?;
    let schema_version = version.unwrap_or(0);
    if schema_version > SCHEMA_VERSION {
        return Err(BackupError::TooNew { path: shown(), found: schema_version, supported: SCHEMA_VERSION });
    }
    // Tables a copy from an older schema may not have yet count as empty.
    let mut count = async |table: &str, filter: &str| -> Result<i64, BackupError> {
        if !tables.iter().any(|t| t == table) {
            return Ok(0);
        }
        sqlx::query_scalar(&format!("SELECT count(*) FROM {table} {filter}"))
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| BackupError::Damaged { path: shown(), detail: e.to_string() })
    };
    Ok(BackupContents {
        schema_version,
        shops: count("shops", "").await?,
        products: count("products", "").await?,
        orders: count("orders", "").await?,
        pending_edits: count("outbox", "WHERE status IN ('pending', 'sending', 'rejected', 'conflict')").await?,
        offer_history_rows: count("offer_history", "").await?,
        api_keys: count("api_keys", "").await?,
    })
}
