//! The store against a real SQLite file: migrations, upserts, staleness, search, dashboard, bad input.

mod common;

use common::{add_shop, fresh_store};
use storedesk_core::fixtures;
use storedesk_core::model::{OrderQuery, ProductQuery, ShipmentQuery, UpsertTally};
use storedesk_core::store::SCHEMA_VERSION;
use storedesk_core::{Money, Store, StoreError};

#[tokio::test]
async fn migrates_an_empty_directory_and_reopens() {
    let (dir, store) = fresh_store().await;
    let version: i64 =
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations").fetch_one(store.pool()).await.unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(store.pool()).await.unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(store.pool()).await.unwrap();
    assert_eq!(fk, 1);
    for table in [
        "shops",
        "credentials",
        "products",
        "product_variants",
        "offers",
        "offer_history",
        "orders",
        "order_items",
        "shipments",
        "fulfilments",
        "fulfilment_events",
        "sync_cursors",
        "sync_runs",
        "outbox",
        "products_fts",
        "orders_fts",
    ] {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE name = ?")
            .bind(table)
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(n, 1, "table {table}");
    }
    let shop = add_shop(&store, "Tienda").await;
    store.close().await;
    let again = Store::open(dir.path()).await.expect("reopen");
    assert_eq!(again.get_shop(shop).await.unwrap().name, "Tienda");
}

#[tokio::test]
async fn upserting_the_same_page_twice_changes_nothing() {
    let (_dir, store) = fresh_store().await;
    let shop = add_shop(&store, "A").await;
    let page: Vec<_> = (0..40).map(fixtures::product).collect();
    let first = store.upsert_products(shop, &page).await.unwrap();
    assert_eq!(first, UpsertTally { inserted: 40, ..Default::default() });
    let second = store.upsert_products(shop, &page).await.unwrap();
    assert_eq!(second, UpsertTally { unchanged: 40, ..Default::default() });
    let all = ProductQuery { limit: 500, ..Default::default() };
    assert_eq!(store.count_products(&all).await.unwrap(), 40);
    let variants: i64 =
        sqlx::query_scalar("SELECT count(*) FROM product_variants").fetch_one(store.pool()).await.unwrap();
    assert_eq!(variants, 10 * 3, "every fourth product has three variants, stored once");

    let orders: Vec<_> = (0..25).map(|i| fixtures::order(i, 40)).collect();
    store.upsert_orders(shop, &orders).await.unwrap();
    let again = store.upsert_orders(shop, &orders).await.unwrap();
    assert_eq!(again.unchanged, 25);
    let items: i64 = sqlx::query_scalar("SELECT count(*) FROM order_items").fetch_one(store.pool()).await.unwrap();
    let expected: usize = orders.iter().map(|o| o.items.len()).sum();
    assert_eq!(items as usize, expected);
    let fts: i64 = sqlx::query_scalar("SELECT count(*) FROM orders_fts").fetch_one(store.pool()).await.unwrap();
    assert_eq!(fts, 25);
}

#[tokio::test]
async fn older_remote_data_never_overwrites_newer() {
    let (_dir, store) = fresh_store().await;
    let shop = add_shop(&store, "A").await;
    let mut newer = fixtures::product(4);
    newer.title = "Newer title".into();
    newer.updated_at += 10_000;
    newer.variants.truncate(1);
    let mut older = fixtures::product(4);
    older.title = "Older title".into();

    assert_eq!(store.upsert_products(shop, &[newer.clone()]).await.unwrap().inserted, 1);
    assert_eq!(store.upsert_products(shop, &[older]).await.unwrap().stale, 1);
    let page = store.list_products(&ProductQuery { limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!(page.rows[0].title, "Newer title");
    let detail = store.get_product(page.rows[0].id).await.unwrap();
    assert_eq!(detail.variants.len(), 1, "the stale record's variants were not written either");

    let mut newest = newer.clone();
    newest.title = "Newest title".into();
    newest.updated_at += 1;
    newest.variants = fixtures::product(4).variants;
    assert_eq!(store.upsert_products(shop, &[newest]).await.unwrap().updated, 1);
    let detail = store.get_product(page.rows[0].id).await.unwrap();
    assert_eq!(detail.product.title, "Newest title");
    assert_eq!(detail.variants.len(), 3, "variants replaced with the newer record's");

    // Orders and shipments follow the same rule.
    let mut order = fixtures::order(1, 10);
    store.upsert_orders(shop, &[order.clone()]).await.unwrap();
    order.status = "cancelled".into();
    order.updated_at -= 1;
    assert_eq!(store.upsert_orders(shop, &[order]).await.unwrap().stale, 1);
    let mut ship = fixtures::shipment(1);
    ship.status = "shipped".into();
    store.upsert_shipments(shop, &[ship.clone()]).await.unwrap();
    ship.status = "pending".into();
    ship.updated_at -= 5;
    assert_eq!(store.upsert_shipments(shop, &[ship]).await.unwrap().stale, 1);
    let ships = store.list_shipments(&ShipmentQuery { limit: 5, ..Default::default() }).await.unwrap();
    assert_eq!(ships.rows[0].status, "shipped");
}

#[tokio::test]
async fn money_is_stored_as_exact_integers() {
    let (_dir, store) = fresh_store().await;
    let shop = add_shop(&store, "A").await;
    // 2^53 + 1 is the first integer a double cannot hold.
    let huge = 9_007_199_254_740_993_i64;
    let mut p = fixtures::product(1);
    p.price = Money::new(huge, "ARS").unwrap();
    store.upsert_products(shop, &[p]).await.unwrap();
    let page = store.list_products(&ProductQuery { limit: 1, ..Default::default() }).await.unwrap();
    assert_eq!(page.rows[0].price.minor, huge);
    let kinds: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT typeof(price_minor) FROM products UNION SELECT DISTINCT typeof(total_minor) FROM orders",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(kinds, vec!["integer".to_owned()]);
    // A REAL in a money column is refused by nothing in SQLite, so the schema is checked for it too.
    let declared: Vec<String> = sqlx::query_scalar(
        "SELECT type FROM pragma_table_info('products') WHERE name LIKE '%minor%' \
         UNION ALL SELECT type FROM pragma_table_info('orders') WHERE name LIKE '%minor%' \
         UNION ALL SELECT type FROM pragma_table_info('order_items') WHERE name LIKE '%minor%'",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert!(declared.len() >= 4 && declared.iter().all(|t| t == "INTEGER"), "{declared:?}");
}

#[tokio::test]
async fn full_text_search_finds_products_and_orders() {
    let (_dir, store) = fresh_store().await;
    let shop = add_shop(&store, "A").await;
    let mut lamp = fixtures::product(7);
    lamp.title = "Lámpara de pie nórdica".into();
    lamp.sku = Some("LMP-9931".into());
    let others: Vec<_> = (100..300).map(fixtures::product).filter(|p| !p.title.contains("Lámpara")).collect();
    store.upsert_products(shop, &others).await.unwrap();
    store.upsert_products(shop, &[lamp.clone()]).await.unwrap();

    let find = |text: &str| ProductQuery { search: Some(text.into()), limit: 50, ..Default::default() };
    for text in ["LMP-9931", "lmp-99", "lampara nord", "NÓRDICA"] {
        let page = store.list_products(&find(text)).await.unwrap();
        assert_eq!(page.rows.len(), 1, "search {text:?}");
        assert_eq!(page.rows[0].remote_id, lamp.remote_id);
        assert_eq!(store.count_products(&find(text)).await.unwrap(), 1);
    }
    assert!(store.list_products(&find("nonexistent")).await.unwrap().rows.is_empty());
    // Syntax in the input is taken literally, never an FTS error.
    assert!(store.list_products(&find("\"unbalanced OR * NEAR(")).await.is_ok());

    // Renaming updates the index: the old title no longer matches.
    let mut renamed = lamp.clone();
    renamed.title = "Velador".into();
    renamed.updated_at += 1;
    store.upsert_products(shop, &[renamed]).await.unwrap();
    assert!(store.list_products(&find("lampara")).await.unwrap().rows.is_empty());
    assert_eq!(store.list_products(&find("velador")).await.unwrap().rows.len(), 1);

    let orders: Vec<_> = (0..50).map(|i| fixtures::order(i, 300)).collect();
    store.upsert_orders(shop, &orders).await.unwrap();
    let by = |text: &str| OrderQuery { search: Some(text.into()), limit: 100, ..Default::default() };
    let target = &orders[17];
    let hit = store.list_orders(&by(&target.remote_id)).await.unwrap();
    assert_eq!(hit.rows.len(), 1);
    assert_eq!(hit.rows[0].remote_id, target.remote_id);
    let lucia = store.list_orders(&by("lucia")).await.unwrap();
    let expected = orders.iter().filter(|o| o.buyer.first_name.as_deref() == Some("Lucía")).count();
    assert!(expected > 0);
    assert_eq!(lucia.rows.len(), expected);
    let item_title = target.items[0].title.split(' ').take(2).collect::<Vec<_>>().join(" ");
    let by_item = store.list_orders(&by(&item_title)).await.unwrap();
    assert!(by_item.rows.iter().any(|o| o.remote_id == target.remote_id), "{item_title}");
}

#[tokio::test]
async fn order_detail_has_items_buyer_and_shipment() {
    let (_dir, store) = fresh_store().await;
    let shop = add_shop(&store, "A").await;
    let record = fixtures::order(3, 20);
    store.upsert_orders(shop, std::slice::from_ref(&record)).await.unwrap();
    store.upsert_shipments(shop, &[fixtures::shipment(3)]).await.unwrap();
    let page = store.list_orders(&OrderQuery { limit: 5, ..Default::default() }).await.unwrap();
    let detail = store.get_order(page.rows[0].id).await.unwrap();
    assert_eq!(detail.items, record.items);
    assert_eq!(detail.buyer, record.buyer);
    assert_eq!(detail.order.total, record.total);
    assert_eq!(detail.paid, record.paid);
    let shipment = detail.shipment.expect("shipment joined");
    assert_eq!(shipment.remote_id, fixtures::shipment(3).remote_id);
    assert_eq!(shipment.order_id, Some(detail.order.id));
    assert_eq!(detail.order.shipment_state, Some(shipment.state));
    assert!(matches!(store.get_order(999_999).await, Err(StoreError::NotFound(_))));
}

#[tokio::test]
async fn a_bad_record_is_refused_and_loses_nothing() {
    let (_dir, store) = fresh_store().await;
    let shop = add_shop(&store, "A").await;
    let good: Vec<_> = (0..5).map(fixtures::product).collect();
    store.upsert_products(shop, &good).await.unwrap();

    let mut page: Vec<_> = (5..10).map(fixtures::product).collect();
    page[3].remote_id.clear();
    let err = store.upsert_products(shop, &page).await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    // The page is one transaction: nothing of it was written, and what was there is intact.
    let all = ProductQuery { limit: 100, ..Default::default() };
    assert_eq!(store.count_products(&all).await.unwrap(), 5);

    let mut order = fixtures::order(1, 5);
    order.paid.currency = "USD".into();
    assert!(matches!(store.upsert_orders(shop, &[order]).await, Err(StoreError::Invalid(_))));
    assert!(matches!(
        store.list_products(&ProductQuery { cursor: Some("garbage".into()), limit: 5, ..Default::default() }).await,
        Err(StoreError::BadCursor)
    ));
    assert!(matches!(
        store
            .add_shop(&storedesk_core::model::NewShop {
                kind: storedesk_core::model::ShopKind::Shopify,
                name: "  ".into(),
                site: None,
                api_base: None,
                auth_base: None,
            })
            .await,
        Err(StoreError::Invalid(_))
    ));
}

#[tokio::test]
async fn removing_a_shop_removes_its_data_and_search_rows() {
    let (_dir, store) = fresh_store().await;
    let keep = fixtures::seed(&store, "Keep", 20, 20).await.unwrap();
    let gone = fixtures::seed(&store, "Gone", 20, 20).await.unwrap();
    store.remove_shop(gone).await.unwrap();
    let shops = store.list_shops().await.unwrap();
    assert_eq!(shops.iter().map(|s| s.id).collect::<Vec<_>>(), vec![keep]);
    for (table, expected) in [("products", 20), ("orders", 20), ("shipments", 20), ("orders_fts", 20)] {
        let n: i64 =
            sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(store.pool()).await.unwrap();
        assert_eq!(n, expected, "{table}");
    }
    let fts_hits: i64 = sqlx::query_scalar("SELECT count(*) FROM products_fts WHERE products_fts MATCH 'sku'")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(fts_hits, 20);
}

#[tokio::test]
async fn dashboard_counts_what_is_stored() {
    let (_dir, store) = fresh_store().await;
    let shop = fixtures::seed(&store, "A", 200, 120).await.unwrap();
    let run = store.start_sync_run(shop, storedesk_core::model::SyncResource::Orders).await.unwrap();
    store.finish_sync_run(run, None).await.unwrap();
    let d = store.dashboard_as_of(fixtures::EPOCH_MS, 5, 31).await.unwrap();
    assert!(d.days.iter().all(|f| f.day.as_str() >= "2026-10-02" && f.day.as_str() <= "2026-11-01"));
    assert_eq!(d.products, 200);
    assert_eq!(d.orders, 120);
    let low: usize =
        (0..200).map(fixtures::product).filter(|p| p.status == "active" && p.available_quantity <= 5).count();
    assert_eq!(d.low_stock as usize, low);
    let open: usize = (0..120)
        .map(fixtures::shipment)
        .filter(|s| ["pending", "handling", "ready_to_ship", "shipped"].contains(&s.status.as_str()))
        .count();
    assert_eq!(d.shipments_open as usize, open);
    let orders_in_days: i64 = d.days.iter().map(|f| f.orders).sum();
    assert_eq!(orders_in_days, 120);
    let revenue: i64 = d.days.iter().map(|f| f.revenue_minor).sum();
    let expected: i64 =
        (0..120).map(|i| fixtures::order(i, 200)).filter(|o| o.status != "cancelled").map(|o| o.paid.minor).sum();
    assert_eq!(revenue, expected);
    assert_eq!(d.shops.len(), 1);
    assert!(d.shops[0].last_sync_at.is_some());
}

/// A database written by the previous version (schema 4) keeps every row when the shops table is rebuilt
/// for the new shop kinds: the rebuild runs with foreign keys off, so nothing cascades.
#[tokio::test]
async fn a_schema_4_database_keeps_its_shops_orders_and_tokens() {
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

    let dir = tempfile::tempdir().unwrap();
    let path = storedesk_core::paths::database_file(dir.path());
    let mut migrator = sqlx::migrate!("./migrations");
    migrator.migrations = migrator.migrations.iter().filter(|m| m.version <= 4).cloned().collect::<Vec<_>>().into();
    let options = SqliteConnectOptions::new().filename(&path).create_if_missing(true);
    let old = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.unwrap();
    migrator.run(&old).await.unwrap();
    sqlx::query(
        "INSERT INTO shops (id, kind, name, status, created_at) VALUES (7, 'mercadolibre', 'Vieja', 'connected', 1)",
    )
    .execute(&old)
    .await
    .unwrap();
    sqlx::query("INSERT INTO credentials (shop_id, sealed, updated_at) VALUES (7, x'0102', 1)")
        .execute(&old)
        .await
        .unwrap();
    for n in 0..3 {
        sqlx::query(
            "INSERT INTO orders (shop_id, remote_id, status, total_minor, paid_minor, currency, remote_created_at, \
             remote_updated_at, synced_at, state) VALUES (7, ?, 'paid', 100, 100, 'ARS', 1, 1, 1, 'paid')",
        )
        .bind(format!("200000{n}"))
        .execute(&old)
        .await
        .unwrap();
    }
    old.close().await;

    let store = Store::open(dir.path()).await.expect("migrates");
    let count = |sql: &'static str| async { sqlx::query_scalar::<_, i64>(sql).fetch_one(store.pool()).await.unwrap() };
    assert_eq!(count("SELECT count(*) FROM orders WHERE shop_id = 7").await, 3);
    assert_eq!(count("SELECT count(*) FROM credentials WHERE shop_id = 7").await, 1);
    let shop = store.get_shop(7).await.unwrap();
    assert_eq!((shop.name.as_str(), shop.warehouse_shop_id), ("Vieja", None));
    assert_eq!(count("SELECT max(version) FROM _sqlx_migrations").await, SCHEMA_VERSION);
}

/// The per-day figures (kept by triggers, migration 0010) always equal the same figures computed from the
/// orders themselves: after inserts, after changes of state, paid amount, currency and day, and after a
/// shop and its orders are removed.
#[tokio::test]
async fn day_figures_follow_orders_as_they_change_and_go() {
    let (_dir, store) = fresh_store().await;
    let keep = add_shop(&store, "Keep").await;
    let gone = add_shop(&store, "Gone").await;
    let orders: Vec<_> = (0..60).map(|i| fixtures::order(i, 40)).collect();
    store.upsert_orders(keep, &orders).await.unwrap();
    store.upsert_orders(gone, &orders[..20]).await.unwrap();
    assert_day_figures_match(&store, "after inserts").await;

    let changed: Vec<_> = orders
        .iter()
        .take(30)
        .enumerate()
        .map(|(n, o)| {
            let mut o = o.clone();
            o.updated_at += 1_000;
            match n % 3 {
                0 => o.state = storedesk_core::model::OrderState::Cancelled,
                1 => o.paid.minor += 250,
                _ => o.created_at -= 3 * 86_400_000,
            }
            if n % 5 == 0 {
                o.total.currency = "USD".into();
                o.paid.currency = "USD".into();
            }
            o
        })
        .collect();
    let tally = store.upsert_orders(keep, &changed).await.unwrap();
    assert_eq!(tally.updated, 30);
    assert_day_figures_match(&store, "after changes").await;

    store.remove_shop(gone).await.unwrap();
    assert_day_figures_match(&store, "after a shop went").await;
    let d = store.dashboard_as_of(fixtures::EPOCH_MS, 5, 366).await.unwrap();
    assert_eq!(d.days.iter().map(|f| f.orders).sum::<i64>(), 60, "only the kept shop's orders are counted");
    assert!(d.days.iter().any(|f| f.currency == "USD"), "a currency change moved orders to their own rows");
}

async fn assert_day_figures_match(store: &Store, when: &str) {
    let kept: Vec<(i64, String, i64, i64)> =
        sqlx::query_as("SELECT day, currency, orders, revenue_minor FROM order_days WHERE orders > 0 ORDER BY 1, 2")
            .fetch_all(store.pool())
            .await
            .unwrap();
    let computed: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT remote_created_at / 86400000, currency, count(*), \
         sum(CASE WHEN state IN ('cancelled', 'refunded') THEN 0 ELSE paid_minor END) \
         FROM orders GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert!(!computed.is_empty());
    assert_eq!(kept, computed, "{when}");
}

/// A page with the same listing twice stores the newest copy once (as storing them in turn would) and
/// counts the older copy stale; variants are not doubled.
#[tokio::test]
async fn a_page_with_a_listing_twice_keeps_the_newest() {
    let (_dir, store) = fresh_store().await;
    let shop = add_shop(&store, "A").await;
    let older = fixtures::product(4);
    assert!(!older.variants.is_empty());
    let mut newer = older.clone();
    newer.updated_at += 1_000;
    newer.title = "Newer title".into();
    let tally = store.upsert_products(shop, &[newer.clone(), older.clone()]).await.unwrap();
    assert_eq!(tally, UpsertTally { inserted: 1, stale: 1, ..Default::default() });
    let title: String = sqlx::query_scalar("SELECT title FROM products").fetch_one(store.pool()).await.unwrap();
    assert_eq!(title, "Newer title");
    let variants: i64 =
        sqlx::query_scalar("SELECT count(*) FROM product_variants").fetch_one(store.pool()).await.unwrap();
    assert_eq!(variants as usize, newer.variants.len());
}

/// During a backfill the products' search rows are not kept row by row; when the last backfill ends the
/// index is rebuilt and search is exact again, also for rows changed and deleted meanwhile, and the index
/// passes FTS5's own integrity check.
#[tokio::test]
async fn a_backfill_builds_search_once_at_its_end_and_search_is_exact_after() {
    let (_dir, store) = fresh_store().await;
    let a = add_shop(&store, "A").await;
    let b = add_shop(&store, "B").await;
    let hits = |text: &str| {
        let q = ProductQuery { search: Some(text.into()), limit: 500, ..Default::default() };
        let store = store.clone();
        async move { store.count_products(&q).await.unwrap() }
    };
    store.upsert_products(a, &(0..20).map(fixtures::product).collect::<Vec<_>>()).await.unwrap();
    let before = hits("sku").await;
    assert_eq!(before, 20);

    store.begin_search_backfill(a).await.unwrap();
    store.begin_search_backfill(b).await.unwrap();
    store.upsert_products(b, &(100..160).map(fixtures::product).collect::<Vec<_>>()).await.unwrap();
    let mut renamed = fixtures::product(3);
    renamed.title = "Zanahoria renombrada".into();
    renamed.updated_at += 1_000;
    store.upsert_products(a, &[renamed]).await.unwrap();
    assert_eq!(hits("sku").await, 20, "while backfilling, new rows are not searchable yet");
    assert!(!store.end_search_backfill(a).await.unwrap(), "another backfill runs: no rebuild yet");
    assert!(store.end_search_backfill(b).await.unwrap(), "the last backfill rebuilds");
    assert!(!store.end_search_backfill(b).await.unwrap(), "ending twice does nothing");

    assert_eq!(hits("sku").await, 80, "every listing of both shops is found");
    assert_eq!(hits("zanahoria").await, 1, "the rename made during the backfill is found");
    store.remove_shop(b).await.unwrap();
    assert_eq!(hits("sku").await, 20, "rows kept row by row again after the backfill");
    sqlx::query("INSERT INTO products_fts (products_fts, rank) VALUES ('integrity-check', 1)")
        .execute(store.pool())
        .await
        .expect("the search index matches the products");
}

/// A page may carry several kinds of records: orders with their shipments are stored in one transaction
/// with the cursor, the orders do not ask for those shipments again, and both kinds are counted.
#[tokio::test]
async fn a_page_of_orders_with_their_shipments_stores_both_and_asks_for_none_again() {
    use storedesk_core::model::SyncResource;
    use storedesk_core::store::PageWrite;
    use storedesk_core::sync::{Next, Page, Records, RequestTally};
    let (_dir, store) = fresh_store().await;
    let shop = add_shop(&store, "A").await;
    let orders: Vec<_> = (0..30).map(|i| fixtures::order(i, 10)).collect();
    assert!(orders.iter().filter(|o| o.shipment_remote_id.is_some()).count() > 20, "orders with a shipment");
    let shipments: Vec<_> = (0..30).map(fixtures::shipment).collect();
    let page = Page {
        records: Records::Orders(orders),
        also: vec![Records::Shipments(shipments)],
        quarantined: vec![],
        next: Next::Done("c-1".into()),
        total: None,
        present: vec![],
        tally: RequestTally::default(),
    };
    let run = store.start_sync_run(shop, SyncResource::Orders).await.unwrap();
    let write = PageWrite {
        shop_id: shop,
        resource: SyncResource::Orders,
        run_id: run,
        page: &page,
        cursor: Some("c-1"),
        fetched_at: store.now(),
    };
    let outcome = store.apply_page(write).await.unwrap();
    assert_eq!(outcome.tally.inserted, 60, "30 orders and 30 shipments");
    assert_eq!(store.count_shipments(&ShipmentQuery { shop_id: Some(shop), ..Default::default() }).await.unwrap(), 30);
    assert_eq!(store.count_due_shipments(shop).await.unwrap(), 0, "no shipment is fetched again");
    assert_eq!(store.sync_cursor(shop, SyncResource::Orders).await.unwrap().as_deref(), Some("c-1"));
}

/// Stock per location: a listing's levels (and each variant's) are stored with it, shown on its row, its
/// detail and its catalogue unit, and replaced by the next pull; the total stays the listing's figure.
#[tokio::test]
async fn stock_levels_per_location_are_stored_shown_and_replaced() {
    use storedesk_core::model::{CatalogueQuery, StockLevel};
    let level =
        |id: &str, name: &str, available| StockLevel { location_id: id.into(), location_name: name.into(), available };
    let (_dir, store) = fresh_store().await;
    let shop = add_shop(&store, "A").await;
    let mut plain = fixtures::product(1);
    plain.stock_levels = vec![level("loc-1", "Depósito Norte", 4), level("loc-2", "Local Centro", 3)];
    plain.available_quantity = 7;
    let mut sized = fixtures::product(4);
    assert!(!sized.variants.is_empty());
    sized.variants[0].stock_levels = vec![level("loc-1", "Depósito Norte", 2)];
    store.upsert_products(shop, &[plain.clone(), sized.clone()]).await.unwrap();

    let rows = store.list_products(&ProductQuery { limit: 10, ..Default::default() }).await.unwrap().rows;
    let row = rows.iter().find(|r| r.remote_id == plain.remote_id).unwrap();
    assert_eq!(row.available_quantity, 7);
    assert_eq!(row.stock_levels, plain.stock_levels);
    let detail = store.get_product(rows.iter().find(|r| r.remote_id == sized.remote_id).unwrap().id).await.unwrap();
    assert_eq!(detail.variants[0].stock_levels, sized.variants[0].stock_levels);
    assert!(detail.variants[1].stock_levels.is_empty());
    assert!(detail.product.stock_levels.is_empty(), "a listing with variants has them per variant");
    let catalogue = store.list_catalogue(&CatalogueQuery::default()).await.unwrap();
    let unit = catalogue.rows.iter().flat_map(|r| &r.listings).find(|l| l.remote_id == plain.remote_id).unwrap();
    assert_eq!(unit.stock_levels, plain.stock_levels);

    // The next pull says what the locations hold now: one moved, one is gone.
    plain.stock_levels = vec![level("loc-1", "Depósito Norte", 9)];
    plain.available_quantity = 9;
    plain.updated_at += 1;
    store.upsert_products(shop, &[plain.clone()]).await.unwrap();
    let rows = store.list_products(&ProductQuery { limit: 10, ..Default::default() }).await.unwrap().rows;
    let row = rows.iter().find(|r| r.remote_id == plain.remote_id).unwrap();
    assert_eq!(row.stock_levels, vec![level("loc-1", "Depósito Norte", 9)]);
    // A stale copy changes nothing.
    let mut stale = plain.clone();
    stale.updated_at -= 5;
    stale.stock_levels = vec![];
    store.upsert_products(shop, &[stale]).await.unwrap();
    let rows = store.list_products(&ProductQuery { limit: 10, ..Default::default() }).await.unwrap().rows;
    assert_eq!(rows.iter().find(|r| r.remote_id == plain.remote_id).unwrap().stock_levels.len(), 1);
}

/// Where a listing keeps stock per location, a stock edit names the location: it shows there at once and the
/// total follows; two locations' edits are two outbox rows, a second edit of one location coalesces with the
/// first; a pull keeps the open edits shown over the shop's new levels; a discarded edit brings the shop's
/// level back. No location, an unknown one, or one named where the listing has none is refused, queuing
/// nothing.
#[tokio::test]
async fn a_stock_edit_names_its_location() {
    use storedesk_core::model::{EditRequest, EditValue, OutboxQuery, StockLevel};
    let level =
        |id: &str, name: &str, available| StockLevel { location_id: id.into(), location_name: name.into(), available };
    let stock = |product_id, variant: Option<&str>, location: Option<&str>, n| EditRequest {
        product_id,
        variant_remote_id: variant.map(str::to_owned),
        value: EditValue::Stock(n),
        reason: None,
        location_id: location.map(str::to_owned),
    };
    let (_dir, store) = fresh_store().await;
    let shop = add_shop(&store, "A").await;
    let mut plain = fixtures::product(1);
    plain.stock_levels = vec![level("loc-1", "Depósito Norte", 4), level("loc-2", "Local Centro", 3)];
    plain.available_quantity = 7;
    let mut sized = fixtures::product(4);
    sized.variants[0].stock_levels = vec![level("loc-1", "Depósito Norte", 2), level("loc-2", "Local Centro", 5)];
    sized.variants[0].available_quantity = 7;
    let single = fixtures::product(2);
    assert!(single.variants.is_empty() && single.stock_levels.is_empty());
    store.upsert_products(shop, &[plain.clone(), sized.clone(), single.clone()]).await.unwrap();
    let p = store.product_id(shop, &plain.remote_id).await.unwrap();
    let s = store.product_id(shop, &sized.remote_id).await.unwrap();
    let one = store.product_id(shop, &single.remote_id).await.unwrap();
    let queued = || async { store.list_outbox(&OutboxQuery { limit: 50, ..Default::default() }).await.unwrap().rows };

    let mut price_at_a_location = stock(p, None, Some("loc-1"), 0);
    price_at_a_location.value = EditValue::Price(plain.price.clone());
    for (req, why) in [
        (stock(p, None, None, 5), "name the location to set (Depósito Norte (loc-1), Local Centro (loc-2))"),
        (stock(p, None, Some("loc-9"), 5), "no stock at location loc-9"),
        (stock(one, None, Some("loc-1"), 5), "one stock figure"),
        (price_at_a_location, "only a stock edit names a location"),
    ] {
        match store.queue_edit(&req).await {
            Err(StoreError::Invalid(message)) => assert!(message.contains(why), "{message}"),
            other => panic!("{req:?} was not refused: {other:?}"),
        }
    }
    assert!(queued().await.is_empty(), "a refused edit queues nothing");
    store.queue_edit(&stock(one, None, None, 5)).await.unwrap().expect("one figure, no location: queued");

    let first = store.queue_edit(&stock(p, None, Some("loc-1"), 10)).await.unwrap().expect("queued");
    let second = store.queue_edit(&stock(p, None, Some("loc-2"), 1)).await.unwrap().expect("queued");
    assert_ne!(first, second, "two locations, two edits");
    let again = store.queue_edit(&stock(p, None, Some("loc-1"), 12)).await.unwrap().expect("queued");
    assert_eq!(again, first, "a second edit of one location coalesces");
    let row = store.get_outbox_row(first).await.unwrap();
    assert_eq!((row.location_id.as_deref(), row.location_name.as_deref()), (Some("loc-1"), Some("Depósito Norte")));
    assert_eq!((row.base, row.value), (EditValue::Stock(4), EditValue::Stock(12)), "from the shop's level");
    let shown = store.get_product(p).await.unwrap().product;
    assert_eq!(shown.stock_levels, vec![level("loc-1", "Depósito Norte", 12), level("loc-2", "Local Centro", 1)]);
    assert_eq!(shown.available_quantity, 13, "the total follows its locations");

    // A variation's location: its figure and the listing's sum follow.
    let variant = sized.variants[0].remote_id.clone();
    store.queue_edit(&stock(s, Some(&variant), Some("loc-2"), 0)).await.unwrap().expect("queued");
    let detail = store.get_product(s).await.unwrap();
    assert_eq!(detail.variants[0].stock_levels[1], level("loc-2", "Local Centro", 0));
    assert_eq!(detail.variants[0].available_quantity, 2);
    assert_eq!(detail.product.available_quantity, detail.variants.iter().map(|v| v.available_quantity).sum::<i64>());

    // The shop moves loc-2 meanwhile: the pull stores it, and the open edits stay shown over it.
    plain.stock_levels = vec![level("loc-1", "Depósito Norte", 4), level("loc-2", "Local Centro", 6)];
    plain.available_quantity = 10;
    plain.updated_at += 1;
    store.upsert_products(shop, std::slice::from_ref(&plain)).await.unwrap();
    let shown = store.get_product(p).await.unwrap().product;
    assert_eq!(shown.stock_levels, vec![level("loc-1", "Depósito Norte", 12), level("loc-2", "Local Centro", 1)]);
    // Undo loc-1: the shop's level shows again; loc-2's edit is still laid over.
    store.discard_edit(first).await.unwrap();
    let shown = store.get_product(p).await.unwrap().product;
    assert_eq!(shown.stock_levels, vec![level("loc-1", "Depósito Norte", 4), level("loc-2", "Local Centro", 1)]);
    assert_eq!(shown.available_quantity, 5);
}
