//! `make bench`: the store at a million products and a million orders.
//!
//! Prints, never asserts: the store API's upsert rate against SQLite's C API writing the same rows into the
//! same schema in one transaction (the anchor, through rusqlite), and p50/p95 latencies of list pages, deep pages, search and counts.
//! `BENCH_ROWS` changes the size (default 1,000,000).

use std::time::{Duration, Instant};

use storedesk_core::fixtures;
use storedesk_core::model::{OrderQuery, ProductQuery, ProductSort, SortDir};
use storedesk_core::Store;

const PAGE: u64 = 500;

#[tokio::main]
async fn main() {
    let rows: u64 = std::env::var("BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    println!("storedesk store benchmark: {rows} products, {rows} orders (with items, shipments)\n");

    let anchor_dir = tempfile::tempdir().expect("temp dir");
    let mut anchor = Anchor::new(anchor_dir.path()).await;
    let raw_products = rate(rows, anchor.products(rows));
    let raw_orders = rate(rows, anchor.orders(rows));
    drop(anchor);
    drop(anchor_dir);

    // Like for like: products with their search rows kept row by row, as the anchor keeps them.
    let row_by_row = {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path()).await.expect("open");
        let shop = fixtures::seed(&store, "row by row", 0, 0).await.expect("shop");
        let took = upsert_products(&store, shop, rows).await;
        store.close().await;
        rate(rows, took)
    };

    // A first sync's backfill: search rows built once at the end; timed until search is exact.
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).await.expect("open");
    let shop = storedesk_core::fixtures::seed(&store, "bench", 0, 0).await.expect("shop");
    store.begin_search_backfill(shop).await.expect("begin backfill");
    let upserts = upsert_products(&store, shop, rows).await;
    let started = Instant::now();
    store.end_search_backfill(shop).await.expect("end backfill");
    let rebuild = started.elapsed();
    let backfill = rate(rows, upserts + rebuild);
    let started = Instant::now();
    for start in (0..rows).step_by(PAGE as usize) {
        let page: Vec<_> = (start..(start + PAGE).min(rows)).map(|i| fixtures::order(i, rows)).collect();
        store.upsert_orders(shop, &page).await.expect("upsert orders");
    }
    let api_orders = rate(rows, started.elapsed());
    for start in (0..rows).step_by(PAGE as usize) {
        let page: Vec<_> = (start..(start + PAGE).min(rows)).map(fixtures::shipment).collect();
        store.upsert_shipments(shop, &page).await.expect("upsert shipments");
    }
    sqlx::query("ANALYZE").execute(store.pool()).await.expect("analyze");

    println!("| upsert (rows/s)                                  | store API | C API anchor | ratio |");
    println!("|--------------------------------------------------|-----------|--------------|-------|");
    let line = |name: &str, api: f64, anchor: f64| {
        println!("| {name:<48} | {api:>9.0} | {anchor:>12.0} | {:>5.2} |", api / anchor);
    };
    line("products (+ variants), search kept row by row", row_by_row, raw_products);
    line("products backfill, until search is exact", backfill, raw_products);
    line("orders (+ items, search rows)", api_orders, raw_orders);
    println!(
        "\nbackfill of {rows} products: upserts {:.1} s + search rebuild {:.1} s = {:.1} s\n",
        upserts.as_secs_f64(),
        rebuild.as_secs_f64(),
        (upserts + rebuild).as_secs_f64()
    );

    let first = ProductQuery { limit: 100, ..Default::default() };
    let by_title = ProductQuery { sort: ProductSort::Title, dir: SortDir::Asc, limit: 100, ..Default::default() };
    let deep = deep_cursor(&store, &by_title, rows / 2).await;
    let deep_page = ProductQuery { cursor: Some(deep), ..by_title.clone() };
    let search = |text: &str| ProductQuery { search: Some(text.into()), limit: 100, ..Default::default() };
    let orders_first = OrderQuery { limit: 100, ..Default::default() };
    let order_search =
        OrderQuery { search: Some(format!("{}", 2_000_000_000_000u64 + rows / 3)), limit: 100, ..Default::default() };
    let active_low = ProductQuery {
        state: Some(storedesk_core::model::ListingState::Active),
        low_stock_max: Some(5),
        limit: 100,
        ..Default::default()
    };
    let paid = OrderQuery { state: Some(storedesk_core::model::OrderState::Paid), limit: 100, ..Default::default() };

    println!("| query (100 rows a page)                 |   p50 ms |   p95 ms |");
    println!("|-----------------------------------------|----------|----------|");
    report("products: first page (updated desc)", || store.list_products(&first)).await;
    report("products: first page (title asc)", || store.list_products(&by_title)).await;
    report("products: page at row N/2 (title asc)", || store.list_products(&deep_page)).await;
    let by_sku = search(&fixtures::sku(rows / 7));
    let one_word = search("termo");
    let two_words = search("mate calabaza");
    let prefix = search("bomb");
    let buyer = OrderQuery { search: Some("lucia".into()), limit: 100, ..Default::default() };
    report("products: search by SKU", || store.list_products(&by_sku)).await;
    report("products: search one word (1 in 12)", || store.list_products(&one_word)).await;
    report("products: search two words", || store.list_products(&two_words)).await;
    report("products: search prefix 'bomb'", || store.list_products(&prefix)).await;
    report("orders: first page (created desc)", || store.list_orders(&orders_first)).await;
    report("orders: search by order id", || store.list_orders(&order_search)).await;
    report("orders: search buyer name", || store.list_orders(&buyer)).await;
    report("count: active products, stock <= 5", || store.count_products(&active_low)).await;
    report("count: paid orders", || store.count_orders(&paid)).await;
    report("dashboard (30 days)", || store.dashboard_as_of(fixtures::EPOCH_MS, 5, 30)).await;
    let size = std::fs::metadata(store.path()).map(|m| m.len()).unwrap_or(0);
    println!("\ndatabase file: {:.0} MiB", size as f64 / 1_048_576.0);
    backup(&store, shop, rows).await;
}

/// A backup at this size: how long it takes and how big it is, against a plain copy of the file (the
/// anchor: the disk's own speed), and the pauses it causes to a writer storing pages of orders meanwhile,
/// against the same writer with no backup running.
async fn backup(store: &Store, shop: i64, rows: u64) {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(store.pool()).await.expect("checkpoint");
    let copy_dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    std::fs::copy(store.path(), copy_dir.path().join("plain.db")).expect("file copy");
    let file_copy = started.elapsed();

    let alone =
        writer_while(store, shop, (10 * rows, rows), async { tokio::time::sleep(Duration::from_secs(5)).await }).await;
    let backups = copy_dir.path().join("backups");
    let mut taken = None;
    let with_backup = writer_while(store, shop, (20 * rows, rows), async {
        let started = Instant::now();
        let entry = store.back_up(storedesk_core::backup::BackupKind::Manual, &backups).await.expect("backup");
        taken = Some((entry, started.elapsed()));
    })
    .await;
    let (entry, took) = taken.expect("the backup ran");
    let size = std::fs::metadata(store.path()).map(|m| m.len()).unwrap_or(0);
    println!(
        "\nbackup (VACUUM INTO + integrity_check + rename): {:.2} s, {:.0} MiB (the database then: {:.0} MiB); \
         plain file copy (anchor, before the writers): {:.2} s",
        took.as_secs_f64(),
        entry.size_bytes as f64 / 1_048_576.0,
        size as f64 / 1_048_576.0,
        file_copy.as_secs_f64()
    );
    println!("| writer: a page of 50 new orders | pages |   p50 ms |   p99 ms |   max ms |");
    println!("|---------------------------------|-------|----------|----------|----------|");
    for (name, mut pauses) in [("alone (5 s)", alone), ("while the backup runs", with_backup)] {
        pauses.sort();
        let at = |q: usize| ms(pauses[(pauses.len() * q / 100).min(pauses.len() - 1)]);
        let max = pauses.last().map(|d| ms(*d)).unwrap_or(0.0);
        println!("| {name:<31} | {:>5} | {:>8.2} | {:>8.2} | {max:>8.2} |", pauses.len(), at(50), at(99));
    }
}

/// Stores pages of 50 new orders (ids from `first`, of products in `0..catalogue`) until `work` is done; returns each page's latency.
async fn writer_while(
    store: &Store,
    shop: i64,
    (first, catalogue): (u64, u64),
    work: impl std::future::Future<Output = ()>,
) -> Vec<Duration> {
    let stop = std::sync::atomic::AtomicBool::new(false);
    let writer = async {
        let mut pauses = Vec::new();
        let mut next = first;
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            let page: Vec<_> = (next..next + 50).map(|i| fixtures::order(i, catalogue)).collect();
            next += 50;
            let started = Instant::now();
            store.upsert_orders(shop, &page).await.expect("upsert orders");
            pauses.push(started.elapsed());
            tokio::task::yield_now().await;
        }
        pauses
    };
    let work = async {
        work.await;
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    };
    let (pauses, ()) = tokio::join!(writer, work);
    pauses
}

async fn upsert_products(store: &Store, shop: i64, rows: u64) -> Duration {
    let started = Instant::now();
    for start in (0..rows).step_by(PAGE as usize) {
        let page: Vec<_> = (start..(start + PAGE).min(rows)).map(fixtures::product).collect();
        store.upsert_products(shop, &page).await.expect("upsert products");
    }
    started.elapsed()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn rate(rows: u64, took: Duration) -> f64 {
    rows as f64 / took.as_secs_f64()
}

/// Walks pages until `row`, returning the cursor there.
async fn deep_cursor(store: &Store, base: &ProductQuery, row: u64) -> String {
    let mut q = ProductQuery { limit: 500, ..base.clone() };
    let mut seen = 0;
    loop {
        let page = store.list_products(&q).await.expect("page");
        seen += page.rows.len() as u64;
        let next = page.next_cursor.expect("the list is longer than the target row");
        if seen >= row {
            return next;
        }
        q.cursor = Some(next);
    }
}

async fn report<T, E: std::fmt::Debug, F, Fut>(name: &str, mut run: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
{
    run().await.expect(name); // warm the cache once
                              // Slow queries get fewer runs, so the whole benchmark stays within minutes.
    let started = Instant::now();
    run().await.expect(name);
    let runs = if started.elapsed() > Duration::from_millis(100) { 10 } else { 60 };
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        run().await.expect(name);
        times.push(started.elapsed());
    }
    times.sort();
    println!("| {name:<39} | {:>8.2} | {:>8.2} |", ms(times[times.len() / 2]), ms(times[times.len() * 95 / 100]));
}

/// The anchor: the same rows into the same schema (every index and trigger) through SQLite's C API,
/// prepared statements in a loop, one transaction: what SQLite itself can do here (issue 13).
struct Anchor {
    conn: rusqlite::Connection,
    shop: i64,
}

impl Anchor {
    /// A database made by `Store::open` (so the migrations ran), then opened with rusqlite.
    async fn new(dir: &std::path::Path) -> Anchor {
        let store = Store::open(dir).await.expect("open");
        let shop = fixtures::seed(&store, "anchor", 0, 0).await.expect("shop");
        let path = store.path().to_path_buf();
        store.close().await;
        let conn = rusqlite::Connection::open(path).expect("open anchor");
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;")
            .expect("pragmas");
        Anchor { conn, shop }
    }

    fn products(&mut self, rows: u64) -> Duration {
        let started = Instant::now();
        let tx = self.conn.transaction().expect("begin");
        {
            let mut product = tx
                .prepare(
                    "INSERT INTO products (shop_id, remote_id, title, sku, state, status, price_minor, currency, \
                     available_quantity, sold_quantity, variant_count, permalink, remote_created_at, remote_updated_at, \
                     synced_at, remote_price_minor, remote_available_quantity, remote_state, pulled_hash) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 0, ?7, ?9, ?5, ?15) \
                     ON CONFLICT (shop_id, remote_id) DO UPDATE SET title = excluded.title, \
                     remote_updated_at = excluded.remote_updated_at RETURNING id",
                )
                .expect("prepare");
            let mut variant = tx
                .prepare(
                    "INSERT INTO product_variants (product_id, remote_id, sku, attributes, price_minor, currency, \
                     available_quantity, remote_price_minor, remote_available_quantity) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?5, ?7)",
                )
                .expect("prepare");
            for i in 0..rows {
                let p = fixtures::product(i);
                let id: i64 = product
                    .query_row(
                        rusqlite::params![
                            self.shop,
                            p.remote_id,
                            p.title,
                            p.sku,
                            p.state.as_str(),
                            p.status,
                            p.price.minor,
                            p.price.currency,
                            p.available_quantity,
                            p.sold_quantity,
                            p.variants.len() as i64,
                            p.permalink,
                            p.created_at,
                            p.updated_at,
                            "0123456789abcdef",
                        ],
                        |row| row.get(0),
                    )
                    .expect("anchor product");
                for v in &p.variants {
                    variant
                        .execute(rusqlite::params![
                            id,
                            v.remote_id,
                            v.sku,
                            v.attributes,
                            v.price.minor,
                            v.price.currency,
                            v.available_quantity
                        ])
                        .expect("anchor variant");
                }
            }
        }
        tx.commit().expect("commit");
        started.elapsed()
    }

    /// Orders with their items and search rows.
    fn orders(&mut self, rows: u64) -> Duration {
        let started = Instant::now();
        let tx = self.conn.transaction().expect("begin");
        {
            let mut order = tx
                .prepare(
                    "INSERT INTO orders (shop_id, remote_id, state, status, buyer_nickname, total_minor, paid_minor, \
                     currency, item_count, shipment_remote_id, remote_created_at, remote_updated_at, synced_at, \
                     shipment_due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0, ?10 IS NOT NULL) \
                     ON CONFLICT (shop_id, remote_id) DO UPDATE SET status = excluded.status, \
                     remote_updated_at = excluded.remote_updated_at RETURNING id",
                )
                .expect("prepare");
            let mut item = tx
                .prepare(
                    "INSERT INTO order_items (order_id, line_no, item_remote_id, variation_remote_id, title, sku, \
                     quantity, unit_price_minor, currency) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .expect("prepare");
            let mut search = tx
                .prepare("INSERT INTO orders_fts (rowid, remote_id, buyer, items) VALUES (?1, ?2, ?3, ?4)")
                .expect("prepare");
            for i in 0..rows {
                let o = fixtures::order(i, rows);
                let id: i64 = order
                    .query_row(
                        rusqlite::params![
                            self.shop,
                            o.remote_id,
                            o.state.as_str(),
                            o.status,
                            o.buyer.nickname,
                            o.total.minor,
                            o.paid.minor,
                            o.total.currency,
                            o.items.iter().map(|i| i.quantity).sum::<i64>(),
                            o.shipment_remote_id,
                            o.created_at,
                            o.updated_at,
                        ],
                        |row| row.get(0),
                    )
                    .expect("anchor order");
                let mut titles = String::new();
                for it in &o.items {
                    item.execute(rusqlite::params![
                        id,
                        it.line_no,
                        it.item_remote_id,
                        it.variation_remote_id,
                        it.title,
                        it.sku,
                        it.quantity,
                        it.unit_price.minor,
                        it.unit_price.currency
                    ])
                    .expect("anchor item");
                    titles.push_str(&it.title);
                    titles.push(' ');
                }
                search.execute(rusqlite::params![id, o.remote_id, o.buyer.nickname, titles]).expect("anchor search");
            }
        }
        tx.commit().expect("commit");
        started.elapsed()
    }
}
