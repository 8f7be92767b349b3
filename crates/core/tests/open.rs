//! Opening a file that is not a usable storedesk database: a clear error, and the file is kept; opening
//! one of an older schema: a copy first, then the migration.

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

/// A database written before the neutral states existed (schema 2, MercadoLibre's words only) opens with
/// every row mapped to its neutral state, the provider's word kept, and the dashboard reading the same.
#[tokio::test]
async fn a_schema_2_database_gets_neutral_states_for_its_rows() {
    use sqlx::sqlite::SqliteConnectOptions;
    use storedesk_core::model::{FulfilmentState, ListingState, OrderQuery, OrderState, ProductQuery, ShipmentQuery};

    let dir = tempfile::tempdir().unwrap();
    // Schema 2: the first two migrations only, as the previous release left them.
    let old = tempfile::tempdir().unwrap();
    for name in ["0001_foundation.sql", "0002_sync.sql"] {
        std::fs::copy(format!("{}/migrations/{name}", env!("CARGO_MANIFEST_DIR")), old.path().join(name)).unwrap();
    }
    let options = SqliteConnectOptions::new().filename(database_file(dir.path())).create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::migrate::Migrator::new(old.path()).await.unwrap().run(&pool).await.unwrap();
    let statements = [
        "INSERT INTO shops (id, kind, name, created_at) VALUES (1, 'mercadolibre', 'Vieja', 0)",
        "INSERT INTO products (shop_id, remote_id, title, status, price_minor, currency, available_quantity, \
         remote_updated_at, synced_at) VALUES (1, 'A', 'a', 'active', 1, 'ARS', 1, 1, 1), \
         (1, 'B', 'b', 'under_review', 1, 'ARS', 1, 1, 1), (1, 'C', 'c', 'closed', 1, 'ARS', 1, 1, 1), \
         (1, 'D', 'd', 'deleted', 1, 'ARS', 1, 1, 1)",
        "INSERT INTO orders (shop_id, remote_id, status, total_minor, paid_minor, currency, remote_created_at, \
         remote_updated_at, synced_at) VALUES (1, '1', 'paid', 5, 5, 'ARS', 1, 1, 1), \
         (1, '2', 'invalid', 5, 0, 'ARS', 1, 1, 1), (1, '3', 'payment_in_process', 5, 0, 'ARS', 1, 1, 1)",
        "INSERT INTO shipments (shop_id, remote_id, status, remote_updated_at, synced_at) VALUES \
         (1, 'S1', 'handling', 1, 1), (1, 'S2', 'ready_to_ship', 1, 1), (1, 'S3', 'not_delivered', 1, 1)",
    ];
    for sql in statements {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;

    let store = Store::open(dir.path()).await.expect("migrates to the current schema");
    let products = store.list_products(&ProductQuery { limit: 10, ..Default::default() }).await.unwrap();
    let mut got: Vec<(String, ListingState, String)> =
        products.rows.into_iter().map(|r| (r.remote_id, r.state, r.status)).collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got,
        vec![
            ("A".into(), ListingState::Active, "active".into()),
            ("B".into(), ListingState::Paused, "under_review".into()),
            ("C".into(), ListingState::Closed, "closed".into()),
            ("D".into(), ListingState::Deleted, "deleted".into()),
        ]
    );
    for state in [OrderState::Paid, OrderState::Cancelled, OrderState::PendingPayment] {
        let q = OrderQuery { state: Some(state), ..Default::default() };
        assert_eq!(store.count_orders(&q).await.unwrap(), 1, "{state:?}");
    }
    for state in [FulfilmentState::Pending, FulfilmentState::Ready, FulfilmentState::Failed] {
        let q = ShipmentQuery { state: Some(state), ..Default::default() };
        assert_eq!(store.count_shipments(&q).await.unwrap(), 1, "{state:?}");
    }
    let dashboard = store.dashboard_as_of(86_400_000, 5, 30).await.unwrap();
    assert_eq!(dashboard.shipments_open, 2, "handling and ready_to_ship are still on their way");
    assert_eq!(dashboard.days.iter().map(|d| d.revenue_minor).sum::<i64>(), 5, "the invalid order brings nothing");
}

/// Every table's row count, the catalogue's own tables and the search index's shadow tables aside.
async fn row_counts(store: &Store) -> Vec<(String, i64)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'catalogue_%' AND name <> 'stock_levels' \
         AND name NOT LIKE '%_fts%' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let mut counts = Vec::new();
    for table in tables {
        let n: i64 =
            sqlx::query_scalar(&format!("SELECT count(*) FROM \"{table}\"")).fetch_one(store.pool()).await.unwrap();
        counts.push((table, n));
    }
    counts
}

/// A database of schema 11 (the code before the catalogue and the stock levels) with two shops selling the same SKUs, one
/// SKU twice in one shop, variants, orders, shipments and queued edits: the catalogue migration keeps every
/// row and binds every listing it can.
#[tokio::test]
async fn the_catalogue_migration_keeps_every_row_and_binds_by_sku() {
    use storedesk_core::model::{CatalogueFilter, CatalogueQuery, EditRequest, EditValue, Unbound};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let a = fixtures::seed(&store, "A", 40, 30).await.unwrap();
    fixtures::seed(&store, "B", 40, 30).await.unwrap();
    // Shop A lists SKU 1 a second time.
    let twin = storedesk_core::model::ProductRecord { remote_id: "MLA-TWIN".into(), ..fixtures::product(1) };
    store.upsert_products(a, &[twin]).await.unwrap();
    let edited = store.product_id(a, &fixtures::product(2).remote_id).await.unwrap();
    let price = storedesk_core::Money { minor: 123_400, currency: "ARS".into() };
    let edit = EditRequest {
        product_id: edited,
        variant_remote_id: None,
        value: EditValue::Price(price),
        reason: None,
        location_id: None,
    };
    store.queue_edit(&edit).await.unwrap().expect("an edit queued");
    // Back to schema 11: as if the catalogue had never been (on one connection: the schema changes in turn).
    let mut undo = store.pool().begin().await.unwrap();
    for sql in [
        "DROP TABLE catalogue_bindings",
        "DROP TABLE catalogue_items",
        "DROP TABLE stock_levels",
        "DROP INDEX outbox_pending_field",
        "ALTER TABLE outbox DROP COLUMN location_id",
        "CREATE UNIQUE INDEX outbox_pending_field ON outbox (product_id, ifnull(variant_remote_id, ''), field) \
         WHERE status = 'pending'",
        "DELETE FROM _sqlx_migrations WHERE version >= 12",
    ] {
        sqlx::query(sql).execute(&mut *undo).await.unwrap();
    }
    undo.commit().await.unwrap();
    let before = row_counts(&store).await;
    let products_before = before.iter().find(|(t, _)| t == "products").unwrap().1;
    store.close().await;

    // A copy that cannot be taken stops the migration, with the reason, and the file stays as it was.
    let backups = storedesk_core::backup::backups_dir(dir.path());
    std::fs::write(&backups, b"a file where the backups folder goes").unwrap();
    let err = Store::open(dir.path()).await.unwrap_err();
    assert!(err.to_string().contains("the copy taken before that failed"), "{err}");
    std::fs::remove_file(&backups).unwrap();

    let store = Store::open(dir.path()).await.expect("the schema-11 file migrates");
    assert_eq!(row_counts(&store).await, before, "every row kept");
    // The way back: a copy of the schema-11 file, taken before the migration changed it.
    let copies = storedesk_core::backup::list(&backups, true).await.unwrap();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(copies[0].kind, storedesk_core::backup::BackupKind::PreMigration);
    let held = copies[0].contents.as_ref().unwrap();
    assert_eq!((held.schema_version, held.products, held.pending_edits), (11, products_before, 1));
    let counts = store.catalogue_counts().await.unwrap();
    // 30 plain listings and 10 with three variants, in two shops: 60 SKUs, each sold in both shops.
    assert_eq!(counts.items, 60);
    assert_eq!(counts.problems, 2, "SKU 1 twice in shop A");
    assert_eq!(counts.unbound, 2);
    let page = store.list_catalogue(&CatalogueQuery { limit: 100, ..Default::default() }).await.unwrap();
    let one = page.rows.iter().find(|r| r.sku.as_deref() == Some(fixtures::sku(1).as_str())).expect("SKU 1's item");
    assert_eq!(one.listings.len(), 1, "only shop B's listing of SKU 1 is bound: {one:?}");
    assert!(page.rows.iter().filter(|r| r.sku != one.sku).all(|r| r.listings.len() == 2));
    let unbound_only = CatalogueQuery { filter: CatalogueFilter::Unbound, ..Default::default() };
    let unbound = store.list_catalogue(&unbound_only).await.unwrap();
    assert!(unbound.rows.iter().all(|r| r.listings[0].unbound == Some(Unbound::SharedSkuInShop)));
    // A pull after the migration binds the same way: nothing moves.
    store.upsert_products(a, &[fixtures::product(3)]).await.unwrap();
    assert_eq!(store.catalogue_counts().await.unwrap(), counts);
}

/// A copy whose inside is damaged (its first page intact, so it opens and counts) fails the full check,
/// and restoring it leaves the database that is there untouched.
#[tokio::test]
async fn a_copy_damaged_inside_is_refused_and_the_database_stays() {
    use storedesk_core::backup::{self, BackupError, BackupKind};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    fixtures::seed(&store, "A", 2_000, 500).await.unwrap();
    let copy = store.back_up(BackupKind::Manual, &backup::backups_dir(dir.path())).await.unwrap();
    let path = std::path::PathBuf::from(&copy.path);
    assert!(backup::verify(&path).await.is_ok());
    // Noise over a run of pages in the middle of the file: tables and indexes there no longer agree.
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = (bytes.len() / 2) / 4096 * 4096;
    for b in &mut bytes[middle..middle + 8 * 4096] {
        *b = 0x5A;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = backup::verify(&path).await.unwrap_err();
    assert!(matches!(err, BackupError::Damaged { .. }), "{err}");

    store.close().await;
    drop(store);
    let refused = backup::restore(dir.path(), &path, None).await.unwrap_err();
    assert!(matches!(refused, BackupError::Damaged { .. }), "{refused}");
    assert!(!dir.path().join("storedesk.db.restoring").exists(), "nothing half-done is left");
    let store = Store::open(dir.path()).await.expect("the database that was there opens");
    let products: i64 = sqlx::query_scalar("SELECT count(*) FROM products").fetch_one(store.pool()).await.unwrap();
    assert_eq!(products, 2_000);
}
