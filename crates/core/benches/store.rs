//! `make bench`: the store at a million products and a million orders.
//!
//! Prints, never asserts: the store API's upsert rate against a raw single-transaction SQL upsert of the
//! same rows (the anchor), and p50/p95 latencies of list pages, deep pages, search and counts.
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

    let raw_dir = tempfile::tempdir().expect("temp dir");
    let raw = Store::open(raw_dir.path()).await.expect("open");
    let raw_products = rate(rows, raw_upsert_products(&raw, rows).await);
    let raw_orders = rate(rows, raw_upsert_orders(&raw, rows).await);
    raw.close().await;
    drop(raw_dir);

    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).await.expect("open");
    let shop = storedesk_core::fixtures::seed(&store, "bench", 0, 0).await.expect("shop");
    let started = Instant::now();
    for start in (0..rows).step_by(PAGE as usize) {
        let page: Vec<_> = (start..(start + PAGE).min(rows)).map(fixtures::product).collect();
        store.upsert_products(shop, &page).await.expect("upsert products");
    }
    let api_products = rate(rows, started.elapsed());
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

    println!("| upsert (rows/s)  | store API | raw SQL anchor | ratio |");
    println!("|------------------|-----------|----------------|-------|");
    println!(
        "| products         | {api_products:>9.0} | {raw_products:>14.0} | {:>5.2} |",
        api_products / raw_products
    );
    println!("| orders (+ items) | {api_orders:>9.0} | {raw_orders:>14.0} | {:>5.2} |", api_orders / raw_orders);
    println!();

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
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("| {name:<39} | {:>8.2} | {:>8.2} |", ms(times[times.len() / 2]), ms(times[times.len() * 95 / 100]));
}

/// The anchor: the same product rows (and variant rows) upserted with plain SQL in one transaction.
async fn raw_upsert_products(store: &Store, rows: u64) -> Duration {
    let shop = storedesk_core::fixtures::seed(store, "raw", 0, 0).await.expect("shop");
    let started = Instant::now();
    let mut tx = store.pool().begin().await.expect("begin");
    for i in 0..rows {
        let p = fixtures::product(i);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO products (shop_id, remote_id, title, sku, status, price_minor, currency, available_quantity, \
             sold_quantity, variant_count, permalink, remote_created_at, remote_updated_at, synced_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (shop_id, remote_id) DO UPDATE SET \
             title = excluded.title, remote_updated_at = excluded.remote_updated_at RETURNING id",
        )
        .bind(shop)
        .bind(&p.remote_id)
        .bind(&p.title)
        .bind(&p.sku)
        .bind(&p.status)
        .bind(p.price.minor)
        .bind(&p.price.currency)
        .bind(p.available_quantity)
        .bind(p.sold_quantity)
        .bind(p.variants.len() as i64)
        .bind(&p.permalink)
        .bind(p.created_at)
        .bind(p.updated_at)
        .fetch_one(&mut *tx)
        .await
        .expect("raw product");
        for v in &p.variants {
            sqlx::query(
                "INSERT INTO product_variants (product_id, remote_id, sku, attributes, price_minor, currency, \
                 available_quantity) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(&v.remote_id)
            .bind(&v.sku)
            .bind(&v.attributes)
            .bind(v.price.minor)
            .bind(&v.price.currency)
            .bind(v.available_quantity)
            .execute(&mut *tx)
            .await
            .expect("raw variant");
        }
    }
    tx.commit().await.expect("commit");
    started.elapsed()
}

/// The anchor for orders: order rows, item rows and search rows in plain SQL, one transaction.
async fn raw_upsert_orders(store: &Store, rows: u64) -> Duration {
    let shop: i64 = sqlx::query_scalar("SELECT id FROM shops LIMIT 1").fetch_one(store.pool()).await.expect("shop");
    let started = Instant::now();
    let mut tx = store.pool().begin().await.expect("begin");
    for i in 0..rows {
        let o = fixtures::order(i, rows);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO orders (shop_id, remote_id, status, buyer_nickname, total_minor, paid_minor, currency, \
             item_count, shipment_remote_id, remote_created_at, remote_updated_at, synced_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (shop_id, remote_id) DO UPDATE SET \
             status = excluded.status, remote_updated_at = excluded.remote_updated_at RETURNING id",
        )
        .bind(shop)
        .bind(&o.remote_id)
        .bind(&o.status)
        .bind(&o.buyer.nickname)
        .bind(o.total.minor)
        .bind(o.paid.minor)
        .bind(&o.total.currency)
        .bind(o.items.len() as i64)
        .bind(&o.shipment_remote_id)
        .bind(o.created_at)
        .bind(o.updated_at)
        .fetch_one(&mut *tx)
        .await
        .expect("raw order");
        let mut titles = String::new();
        for item in &o.items {
            sqlx::query(
                "INSERT INTO order_items (order_id, line_no, item_remote_id, title, sku, quantity, unit_price_minor, \
                 currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(item.line_no)
            .bind(&item.item_remote_id)
            .bind(&item.title)
            .bind(&item.sku)
            .bind(item.quantity)
            .bind(item.unit_price.minor)
            .bind(&item.unit_price.currency)
            .execute(&mut *tx)
            .await
            .expect("raw item");
            titles.push_str(&item.title);
            titles.push(' ');
        }
        sqlx::query("INSERT INTO orders_fts (rowid, remote_id, buyer, items) VALUES (?, ?, ?, ?)")
            .bind(id)
            .bind(&o.remote_id)
            .bind(&o.buyer.nickname)
            .bind(titles)
            .execute(&mut *tx)
            .await
            .expect("raw fts");
    }
    tx.commit().await.expect("commit");
    started.elapsed()
}
