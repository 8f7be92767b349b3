//! Opening a file that is not a usable storedesk database: a clear error, and the file is kept.

use storedesk_core::paths::database_file;
use storedesk_core::store::SCHEMA_VERSION;
use storedesk_core::{fixtures, DbErrorKind, OpenError, StartupState, Store};

#[tokio::test]
async fn a_corrupt_file_is_moved_aside_never_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = database_file(dir.path());
    let garbage = b"this is not a database, it is a shopping list: mate, yerba, termo\n".repeat(200);
    std::fs::write(&path, &garbage).unwrap();

    let err = Store::open(dir.path()).await.unwrap_err();
    let OpenError::Corrupt { moved_to, .. } = &err else { panic!("expected Corrupt, got {err}") };
    assert_eq!(std::fs::read(moved_to).unwrap(), garbage, "the bytes are kept as they were");
    assert!(!path.exists(), "the bad file no longer blocks the start");
    assert!(err.to_string().contains(moved_to.as_str()), "the message says where the file went");
    let state = StartupState::from_open_error(&err);
    assert!(matches!(state, StartupState::DbError { kind: DbErrorKind::Corrupt, moved_to: Some(_), .. }));

    // The next start gets a fresh, working store.
    let store = Store::open(dir.path()).await.expect("fresh store after the move");
    fixtures::seed(&store, "A", 3, 3).await.unwrap();
}

#[tokio::test]
async fn a_truncated_database_is_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    fixtures::seed(&store, "A", 50, 50).await.unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(store.pool()).await.unwrap();
    store.close().await;
    let path = database_file(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    // Keep the header page's first bytes but wreck the rest of the header.
    let mut damaged = bytes[..16].to_vec();
    damaged.extend(std::iter::repeat_n(0xAB, 1024));
    std::fs::write(&path, &damaged).unwrap();
    let err = Store::open(dir.path()).await.unwrap_err();
    assert_eq!(err.kind(), DbErrorKind::Corrupt, "{err}");
    assert_eq!(std::fs::read(err.moved_to().unwrap()).unwrap(), damaged);
}

#[tokio::test]
async fn another_programs_database_is_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = database_file(dir.path());
    {
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::query("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)").execute(&pool).await.unwrap();
        sqlx::query("INSERT INTO recipes (name) VALUES ('empanadas')").execute(&pool).await.unwrap();
        pool.close().await;
    }
    let err = Store::open(dir.path()).await.unwrap_err();
    assert_eq!(err.kind(), DbErrorKind::Foreign, "{err}");
    let moved = err.moved_to().unwrap().to_owned();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{moved}?mode=ro")).await.unwrap();
    let name: String = sqlx::query_scalar("SELECT name FROM recipes").fetch_one(&pool).await.unwrap();
    assert_eq!(name, "empanadas", "the other program's data is intact");
}

#[tokio::test]
async fn a_newer_schema_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    fixtures::seed(&store, "A", 5, 5).await.unwrap();
    let future = SCHEMA_VERSION + 7;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (?, 'from the future', 1, x'00', 0)",
    )
    .bind(future)
    .execute(store.pool())
    .await
    .unwrap();
    store.close().await;

    let err = Store::open(dir.path()).await.unwrap_err();
    let OpenError::SchemaTooNew { found, supported, .. } = &err else { panic!("expected SchemaTooNew, got {err}") };
    assert_eq!((*found, *supported), (future, SCHEMA_VERSION));
    assert!(err.to_string().contains("newer storedesk"));
    assert!(err.moved_to().is_none());
    assert!(database_file(dir.path()).exists(), "a newer file is not ours to move");
}

#[tokio::test]
async fn an_unwritable_data_dir_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, b"x").unwrap();
    let err = Store::open(&blocker.join("data")).await.unwrap_err();
    assert_eq!(err.kind(), DbErrorKind::Io, "{err}");
}
