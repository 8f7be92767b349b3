//! Opening the database file: classify what is there, move aside what is unusable, migrate.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection};

use super::Store;
use crate::error::OpenError;
use crate::paths::database_file;
use crate::time::{compact_utc, now_ms};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The newest schema version this binary knows.
pub const SCHEMA_VERSION: i64 = 14;

/// What an existing file turned out to be.
enum Found {
    /// No file yet, an empty file (None), or storedesk's at a version we can migrate.
    Usable(Option<i64>),
    Corrupt(String),
    Foreign,
    TooNew(i64),
}

pub(super) async fn open(data_dir: &Path, clock: std::sync::Arc<dyn crate::time::Clock>) -> Result<Store, OpenError> {
    let path = database_file(data_dir);
    let shown = path.display().to_string();
    let io = |detail: String| OpenError::Io { path: shown.clone(), detail };
    std::fs::create_dir_all(data_dir).map_err(|e| io(e.to_string()))?;

    let instance = crate::instance::Instance::acquire(data_dir).map_err(|e| io(format!("instance lock: {e}")))?;
    if path.exists() {
        match classify(&path).await {
            Found::Usable(Some(version)) if version < SCHEMA_VERSION => {
                back_up_before_migrating(&path, version, data_dir, clock.now_ms(), instance.id()).await.map_err(
                    |e| {
                        io(format!(
                            "the database was not changed to this version's schema, because the copy taken before \
                         that failed ({e}); free some space or check the disk, then start again"
                        ))
                    },
                )?;
            }
            Found::Usable(_) => {}
            Found::TooNew(found) => {
                return Err(OpenError::SchemaTooNew { path: shown, found, supported: SCHEMA_VERSION })
            }
            Found::Corrupt(detail) => {
                let moved_to = move_aside(&path, "corrupt").map_err(|e| io(e.to_string()))?;
                tracing::warn!(path = %shown, %moved_to, %detail, "database unreadable; moved aside");
                return Err(OpenError::Corrupt { path: shown, moved_to, detail });
            }
            Found::Foreign => {
                let moved_to = move_aside(&path, "foreign").map_err(|e| io(e.to_string()))?;
                tracing::warn!(path = %shown, %moved_to, "not a storedesk database; moved aside");
                return Err(OpenError::Foreign { path: shown, moved_to });
            }
        }
    }

    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // With WAL, NORMAL is durable across application crashes; only an OS crash can lose the
        // last commits, never corrupt the file.
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .pragma("temp_store", "memory")
        .pragma("cache_size", "-65536")
        // A checkpoint syncs the database file; letting the WAL grow to ~32 MiB between checkpoints
        // keeps page-sized sync transactions from paying that sync on nearly every commit.
        .pragma("wal_autocheckpoint", "8192");
    migrate(options.clone()).await.map_err(|e| io(format!("migrating the schema failed: {e}")))?;
    let pool =
        SqlitePoolOptions::new().max_connections(4).connect_with(options).await.map_err(|e| io(e.to_string()))?;
    Ok(Store {
        pool,
        path,
        data_dir: data_dir.to_path_buf(),
        events: tokio::sync::broadcast::channel(64).0,
        clock,
        instance: std::sync::Arc::new(instance),
    })
}

/// Runs the migrations on a connection of their own with foreign keys off: a migration that rebuilds a
/// table (SQLite's way to change a constraint) must not cascade deletes into the tables that reference it.
/// The keys are checked once the schema is current.
async fn migrate(options: SqliteConnectOptions) -> Result<(), sqlx::Error> {
    // A pool of one connection rather than the connection itself: `Migrator::run` on a `&mut` connection
    // makes every future that opens a store non-`Send` (sqlx's `Acquire` is not general enough).
    let single = SqlitePoolOptions::new().max_connections(1).connect_with(options.foreign_keys(false)).await?;
    MIGRATOR.run(&single).await.map_err(|e| sqlx::Error::Configuration(e.into()))?;
    let broken: Vec<(String, Option<i64>)> =
        sqlx::query_as("SELECT \"table\", rowid FROM pragma_foreign_key_check").fetch_all(&single).await?;
    single.close().await;
    if let Some((table, rowid)) = broken.first() {
        return Err(sqlx::Error::Protocol(format!(
            "{} rows break a foreign key (first: {table} row {rowid:?})",
            broken.len()
        )));
    }
    Ok(())
}

/// A copy of the file as it is, into `backups/`, before a newer schema changes it: the way back from an
/// update (kept 30 days by the retention rule).
async fn back_up_before_migrating(
    path: &Path,
    version: i64,
    data_dir: &Path,
    now: i64,
    instance: &str,
) -> Result<(), crate::backup::BackupError> {
    let dir = crate::backup::backups_dir(data_dir);
    // A migration that fails after its copy is tried again at every start: one copy of each version will do.
    let copies = crate::backup::list(&dir, true).await?;
    if copies.iter().any(|c| {
        c.kind == crate::backup::BackupKind::PreMigration
            && c.contents.as_ref().is_some_and(|held| held.schema_version == version)
    }) {
        return Ok(());
    }
    let copy = crate::backup::back_up_file(path, crate::backup::BackupKind::PreMigration, &dir, now, instance).await?;
    tracing::info!(copy = %copy.path, "database copied before its schema is updated");
    Ok(())
}

/// Looks at an existing file without changing it.
async fn classify(path: &Path) -> Found {
    let url = format!("sqlite://{}?mode=ro", path.display());
    let options = match SqliteConnectOptions::from_str(&url) {
        Ok(options) => options.filename(path).read_only(true),
        Err(e) => return Found::Corrupt(e.to_string()),
    };
    let mut conn = match SqliteConnection::connect_with(&options).await {
        Ok(conn) => conn,
        Err(e) => return Found::Corrupt(e.to_string()),
    };
    let found = inspect(&mut conn).await;
    let _ = conn.close().await;
    found
}

async fn inspect(conn: &mut SqliteConnection) -> Found {
    // Reading the schema is the first thing that touches the file's pages: a file that is not SQLite,
    // or whose header is damaged, fails here.
    let tables: Vec<String> =
        match sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'").fetch_all(&mut *conn).await {
            Ok(tables) => tables,
            Err(e) => return Found::Corrupt(e.to_string()),
        };
    if tables.is_empty() {
        return Found::Usable(None);
    }
    if !tables.iter().any(|t| t == "_sqlx_migrations") || !tables.iter().any(|t| t == "shops") {
        return Found::Foreign;
    }
    let newest: Result<Option<i64>, _> =
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations").fetch_one(&mut *conn).await;
    match newest {
        Ok(Some(v)) if v > SCHEMA_VERSION => Found::TooNew(v),
        // No integrity scan here: on a large file it would delay every start by seconds. A damaged page
        // elsewhere surfaces as a typed database error on the query that meets it.
        Ok(version) => Found::Usable(version),
        Err(e) => Found::Corrupt(e.to_string()),
    }
}

/// Renames the file (and its WAL and shared-memory companions) to `<name>.<why>-<time>`; returns the
/// new name. The data is kept for a person or a recovery tool to look at.
pub(crate) fn move_aside(path: &Path, why: &str) -> std::io::Result<String> {
    let stamp = compact_utc(now_ms());
    let base = path.display().to_string();
    let mut target = format!("{base}.{why}-{stamp}");
    let mut n = 1;
    while Path::new(&target).exists() {
        n += 1;
        target = format!("{base}.{why}-{stamp}-{n}");
    }
    std::fs::rename(path, &target)?;
    for suffix in ["-wal", "-shm"] {
        let companion = format!("{base}{suffix}");
        if Path::new(&companion).exists() {
            std::fs::rename(&companion, format!("{target}{suffix}"))?;
        }
    }
    Ok(target)
}
