//! `make bench`: syncing from the simulator on loopback. Prints, never asserts.
//!
//! 1. The anchor: the store's own upsert rate for the same kind of rows (no network).
//! 2. A full sync of BENCH_SYNC_ITEMS items (with variations) and as many orders and their shipments:
//!    records/s, requests per record, peak memory (of this process, which also runs the simulator).
//! 3. The same shop behind a limit of BENCH_RATE requests/s: achieved rate / limit, and 429s as a share.
//! 4. An incremental sync after 1% of items and 1% of orders changed: requests made / minimal requests.

use std::time::{Duration, Instant};

use storedesk_connectors::connect::ShopSetup;
use storedesk_connectors::{Connector, RedirectMode, Shops};
use storedesk_core::model::{NewShop, ShopKind, SyncResource, SyncSummary};
use storedesk_core::sync::{run_job, Connection, StopSignal};
use storedesk_core::vault::{KeySource, Vault};
use storedesk_core::{fixtures, Store};
use storedesk_sim::{RateLimit, SimConfig, SimHandle};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Bench {
    _dir: tempfile::TempDir,
    connector: Connector,
    shop: i64,
}

async fn connected(sim: &SimHandle) -> Bench {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).await.expect("store");
    let vault = Vault::open(dir.path(), KeySource::FileOnly).expect("vault");
    let connector = Connector::new(Shops::new(store, vault));
    let shop = connector
        .add_shop(&ShopSetup {
            shop: NewShop {
                kind: ShopKind::Mercadolibre,
                name: "bench".into(),
                site: Some("MLA".into()),
                api_base: Some(sim.base_url()),
                auth_base: Some(sim.base_url()),
            },
            client_id: "storedesk-demo".into(),
            client_secret: "demo-secret".into(),
        })
        .await
        .expect("add shop");
    let attempt = connector.begin(shop, RedirectMode::Loopback).await.expect("begin");
    let url = attempt.authorize_url.clone();
    let browser = tokio::spawn(async move {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(5)).build().unwrap();
        client.get(url).send().await.map(|r| r.status())
    });
    connector.finish_via_loopback(attempt, Duration::from_secs(10)).await.expect("connect");
    let _ = browser.await;
    Bench { _dir: dir, connector, shop }
}

async fn sync(b: &Bench, resource: SyncResource) -> SyncSummary {
    let shops = &b.connector.shops;
    let shop = shops.store.get_shop(b.shop).await.expect("shop");
    let channel = Connection::Sales(std::sync::Arc::new(shops.meli_channel(&shop).await.expect("channel")));
    run_job(&shops.store, &channel, b.shop, resource, &StopSignal::never()).await.expect("sync")
}

async fn sync_all(b: &Bench) -> Vec<SyncSummary> {
    let mut out = Vec::new();
    for r in [SyncResource::Products, SyncResource::Orders, SyncResource::Shipments] {
        out.push(sync(b, r).await);
    }
    out
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn sim_config(items: u64, orders: u64) -> SimConfig {
    SimConfig { items, orders, auto_approve: true, ..SimConfig::default() }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let items = env("BENCH_SYNC_ITEMS", 100_000);
    let rate = env("BENCH_RATE", 100) as f64;
    let limited_items = env("BENCH_RATE_ITEMS", 3_000);

    // 1. Anchor.
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).await.expect("store");
    let shop = fixtures::seed(&store, "anchor", 0, 0).await.expect("shop");
    let started = Instant::now();
    let anchor_rows = items.min(50_000);
    for start in (0..anchor_rows).step_by(100) {
        let page: Vec<_> = (start..(start + 100).min(anchor_rows)).map(fixtures::product).collect();
        store.upsert_products(shop, &page).await.expect("upsert");
    }
    let anchor = anchor_rows as f64 / started.elapsed().as_secs_f64();
    println!("anchor: store upsert of products, pages of 100: {anchor:.0} rows/s");
    drop(store);

    // 2. Full sync.
    let sim = storedesk_sim::spawn(sim_config(items, items)).await.expect("sim");
    let b = connected(&sim).await;
    let started = Instant::now();
    let runs = sync_all(&b).await;
    let seconds = started.elapsed().as_secs_f64();
    let records: i64 = runs.iter().map(|r| r.records_new + r.records_changed + r.records_unchanged).sum();
    let requests: i64 = runs.iter().map(|r| r.requests).sum();
    println!("\nfull sync: {items} items, {items} orders, {items} shipments");
    for r in &runs {
        println!(
            "  {:<10} {:>8} records in {:>6.1} s = {:>7.0} records/s, {:>7} requests ({:.3} per record)",
            r.resource.as_str(),
            r.records_new,
            r.seconds,
            r.records_new as f64 / r.seconds,
            r.requests,
            r.requests as f64 / r.records_new.max(1) as f64
        );
    }
    println!(
        "  all        {records:>8} records in {seconds:>6.1} s = {:>7.0} records/s ({:.2} of the anchor), {requests} requests ({:.3} per record)",
        records as f64 / seconds,
        records as f64 / seconds / anchor,
        requests as f64 / records as f64
    );
    println!("  peak memory (this process, simulator included): {:.0} MiB", peak_rss_mib());

    // 4. Incremental with 1% changed.
    let control = sim.control();
    let changed_items = control.reprice_items(items / 100).len() as u64;
    let changed_orders = control.advance_shipments(items / 100).len() as u64;
    control.reset_stats();
    let runs = sync_all(&b).await;
    let made: i64 = runs.iter().map(|r| r.requests).sum();
    let products_changed = runs[0].records_changed as u64;
    // The least a client can do: list the changed items (100 ids a page) plus one to see where the changes
    // end, fetch them 20 at a time, page the changed orders 51 at a time, fetch each changed shipment.
    let minimal = (products_changed + 1).div_ceil(100)
        + (products_changed + 1).div_ceil(20)
        + changed_orders.div_ceil(51).max(1)
        + changed_orders;
    println!("\nincremental after {changed_items} items repriced and {changed_orders} orders/shipments advanced");
    for r in &runs {
        println!(
            "  {:<10} {:>6} requests, {} changed, {} unchanged",
            r.resource.as_str(),
            r.requests,
            r.records_changed,
            r.records_unchanged
        );
    }
    println!("  requests made / minimal = {made} / {minimal} = {:.2}", made as f64 / minimal as f64);
    drop(b);
    sim.shutdown().await;

    // 3. Rate limited.
    let sim = storedesk_sim::spawn(SimConfig {
        rate_limit: Some(RateLimit { per_second: rate, burst: 10 }),
        ..sim_config(limited_items, limited_items)
    })
    .await
    .expect("sim");
    let b = connected(&sim).await;
    sim.control().reset_stats();
    let started = Instant::now();
    let runs = sync_all(&b).await;
    let seconds = started.elapsed().as_secs_f64();
    let stats = sim.stats();
    let sent: u64 = stats.requests_by_route.values().sum();
    let limited = stats.rate_limited;
    let accepted = sent - limited;
    println!("\nrate limited at {rate} requests/s (burst 10): {limited_items} items, orders and shipments");
    println!(
        "  {sent} requests in {seconds:.1} s: achieved {:.1} accepted requests/s = {:.3} of the limit; 429s {limited} = {:.2}% of requests",
        accepted as f64 / seconds,
        accepted as f64 / seconds / rate,
        100.0 * limited as f64 / sent as f64
    );
    let records: i64 = runs.iter().map(|r| r.records_new).sum();
    println!("  {records} records stored");
    sim.shutdown().await;
}
