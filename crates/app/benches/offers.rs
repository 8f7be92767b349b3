//! `make bench`: the offers refresher and the price chart. Prints, never asserts.
//!
//! BENCH_OFFERS_PRODUCTS tracked products (default 10,000) refreshed once against the offers simulator
//! (first refresh: register + read; second, after a simulated minute: read only): products/s, requests per
//! product, history rows written per second. Then one product with BENCH_CHART_POINTS history points
//! (default 100,000, ten offers over sixty days): the chart query's p50/p95 for each range, next to the
//! anchor of reading those rows with one plain query (no stepping, no downsampling) in the same run.

use std::time::{Duration, Instant};

use storedesk_app::{App, AppOptions, Role};
use storedesk_core::fixtures;
use storedesk_core::model::{ChartRange, NewShop, ShopKind, ShopStatus, SyncResource};
use storedesk_core::sync::StopSignal;
use storedesk_core::vault::KeySource;
use storedesk_core::Store;
use storedesk_sim::offers::OffersConfig;

const TOKEN: &str = "bench-refresh";

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn percentile(mut times: Vec<Duration>, p: f64) -> Duration {
    times.sort();
    times[((times.len() as f64 - 1.0) * p).round() as usize]
}

async fn seeded_store(dir: &std::path::Path, products: u64) -> i64 {
    let store = Store::open(dir).await.expect("store");
    let shop = store
        .add_shop(&NewShop {
            kind: ShopKind::Mercadolibre,
            name: "bench".into(),
            site: Some("MLA".into()),
            api_base: None,
            auth_base: None,
        })
        .await
        .expect("shop");
    store.set_shop_account(shop, Some("777"), Some("BENCH"), ShopStatus::Connected).await.expect("account");
    for start in (0..products).step_by(500) {
        let page: Vec<_> = (start..(start + 500).min(products)).map(fixtures::product).collect();
        store.upsert_products(shop, &page).await.expect("products");
    }
    store.close().await;
    shop
}

/// One product with `points` history rows: ten offers changing price over sixty days.
async fn deep_history(dir: &std::path::Path, product_id: i64, points: u64) {
    let store = Store::open(dir).await.expect("store");
    let pool = store.pool();
    let now = storedesk_core::time::now_ms();
    let span = 60 * 86_400_000i64;
    let mut tx = pool.begin().await.expect("tx");
    for offer in 0..10u64 {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO offers (product_id, remote_id, price_minor, currency, items_in_stock, active, first_seen_at, last_seen_at) \
             VALUES (?, ?, 1000000, 'ARS', 10, 1, ?, ?) RETURNING id",
        )
        .bind(product_id)
        .bind(format!("bench-offer-{offer}"))
        .bind(now - span)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .expect("offer");
        let n = points / 10;
        for k in 0..n {
            let at = now - span + (span / n as i64) * k as i64 + offer as i64;
            let price = 1_000_000 + ((k * 7919 + offer * 104_729) % 200_000) as i64;
            sqlx::query("INSERT INTO offer_history (offer_id, observed_at, price_minor, items_in_stock, active) VALUES (?, ?, ?, 10, 1)")
                .bind(id)
                .bind(at)
                .bind(price)
                .execute(&mut *tx)
                .await
                .expect("history");
        }
    }
    tx.commit().await.expect("commit");
    store.close().await;
}

#[tokio::main]
async fn main() {
    let products = env("BENCH_OFFERS_PRODUCTS", 10_000);
    let points = env("BENCH_CHART_POINTS", 100_000);
    let market =
        storedesk_sim::offers::spawn(OffersConfig { refresh_tokens: vec![TOKEN.into()], ..Default::default() })
            .await
            .expect("offers");
    let dir = tempfile::tempdir().expect("dir");
    let shop = seeded_store(dir.path(), products).await;
    let options = AppOptions { key_source: Some(KeySource::FileOnly), ..AppOptions::new(dir.path(), Role::Guest) };
    let app = App::open_with(options).await.expect("app");
    let service = app.add_offers_service("bench", &market.base_url(), TOKEN).await.expect("service").id;
    let mut ids = Vec::new();
    for i in 0..products {
        ids.push(app.product_id_by_remote(shop, &fixtures::product(i).remote_id).await.expect("product"));
    }
    app.track_products(&ids, Some(service)).await.expect("track");
    println!("offers: {products} tracked products");
    for (pass, label) in ["first refresh (register + read)", "a minute later (read)"].iter().enumerate() {
        if pass == 1 {
            market.control().advance(1);
        }
        market.control().reset_stats();
        let rows_before = history_rows(dir.path()).await;
        let started = Instant::now();
        let runs =
            app.sync_once(service, &[SyncResource::Offers], &StopSignal::never(), |_| {}).await.expect("refresh");
        let seconds = started.elapsed().as_secs_f64();
        let written = history_rows(dir.path()).await - rows_before;
        let requests: u64 = market.control().stats().requests_by_route.values().sum();
        println!(
            "  {label}: {seconds:.1} s, {:.0} products/s, {:.2} requests/product, {written} history rows ({:.0}/s), run {:?}",
            products as f64 / seconds,
            requests as f64 / products as f64,
            written as f64 / seconds,
            runs[0].status
        );
    }

    deep_history(dir.path(), ids[0], points).await;
    let store = Store::open(dir.path()).await.expect("store");
    println!(
        "chart of one product with {points} history points (each line at most {} points):",
        storedesk_app::CHART_POINTS
    );
    for range in [ChartRange::Hour, ChartRange::Day, ChartRange::Week, ChartRange::Month, ChartRange::All] {
        let mut times = Vec::new();
        let mut shown = 0;
        for _ in 0..30 {
            let started = Instant::now();
            let chart = app.offer_chart(ids[0], range).await.expect("chart");
            times.push(started.elapsed());
            shown = chart.offers.iter().map(|s| s.points.len()).sum::<usize>() + chart.lowest.len();
        }
        let from = match range.millis() {
            Some(span) => storedesk_core::time::now_ms() - span,
            None => 0,
        };
        let mut anchor = Vec::new();
        for _ in 0..30 {
            let started = Instant::now();
            let rows: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT h.observed_at, h.price_minor FROM offer_history h JOIN offers o ON o.id = h.offer_id \
                 WHERE o.product_id = ? AND h.observed_at >= ?",
            )
            .bind(ids[0])
            .bind(from)
            .fetch_all(store.pool())
            .await
            .expect("anchor");
            std::hint::black_box(rows);
            anchor.push(started.elapsed());
        }
        println!(
            "  {range:?}: p50 {:.1} ms, p95 {:.1} ms ({shown} points drawn); anchor (read the rows) p95 {:.1} ms",
            percentile(times.clone(), 0.5).as_secs_f64() * 1e3,
            percentile(times, 0.95).as_secs_f64() * 1e3,
            percentile(anchor, 0.95).as_secs_f64() * 1e3
        );
    }
    store.close().await;
    let _ = tokio::time::timeout(Duration::from_secs(1), app.close()).await;
}

async fn history_rows(dir: &std::path::Path) -> i64 {
    let store = Store::open(dir).await.expect("store");
    let n = sqlx::query_scalar("SELECT count(*) FROM offer_history").fetch_one(store.pool()).await.expect("count");
    store.close().await;
    n
}
