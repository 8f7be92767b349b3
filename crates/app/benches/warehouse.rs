//! `make bench`: store orders to the warehouse simulator under its sliding-window limit. Prints, never
//! asserts.
//!
//! BENCH_WAREHOUSE_ORDERS paid store orders (default 10,000; some are held for a line without SKU) are
//! routed and pushed to a ShipBob simulator allowing BENCH_WAREHOUSE_LIMIT calls a minute (ShipBob's own
//! is 150; the default 6,000 keeps the run near two minutes with the same 60-second window). Then the
//! warehouse ships every order and one sync pulls it all back. Printed: orders/s, requests per order, the
//! busiest 60 seconds as a share of the limit (the anchor: what the window allows, measured in the same
//! run), 429s, and the pull's requests.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use storedesk_app::{App, AppOptions, Role};
use storedesk_core::fixtures;
use storedesk_core::model::{Address, FulfilmentState, NewShop, OrderState, ShopKind, ShopStatus, SyncResource};
use storedesk_core::sync::StopSignal;
use storedesk_core::vault::KeySource;
use storedesk_core::Store;
use storedesk_sim::warehouse::{RateWindow, WarehouseConfig, WarehouseHandle};

const TOKEN: &str = "bench-token";
const WINDOW: Duration = Duration::from_secs(60);

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn address(i: u64) -> Address {
    Address {
        name: format!("Buyer {i}"),
        address1: format!("Av. Corrientes {}", 100 + i % 4000),
        address2: None,
        city: "Buenos Aires".into(),
        state: Some("CABA".into()),
        country: "AR".into(),
        zip: "1043".into(),
        phone: None,
        email: None,
    }
}

/// A store shop holding `orders` paid orders whose shipments wait for a carrier, written as a sync would.
async fn seeded_store(dir: &std::path::Path, orders: u64) -> i64 {
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
    for start in (0..orders).step_by(500) {
        let range = start..(start + 500).min(orders);
        let page: Vec<_> = range
            .clone()
            .map(|i| {
                let mut o = fixtures::order(i, 500);
                o.state = OrderState::Paid;
                o.status = "paid".into();
                o
            })
            .collect();
        store.upsert_orders(shop, &page).await.expect("orders");
        let shipments: Vec<_> = range
            .map(|i| {
                let mut s = fixtures::shipment(i);
                s.state = FulfilmentState::Pending;
                s.status = "handling".into();
                s.address = Some(address(i));
                s
            })
            .collect();
        store.upsert_shipments(shop, &shipments).await.expect("shipments");
    }
    store.close().await;
    shop
}

/// Samples the simulator's count of accepted calls (all but its 429s) every 100 ms; answers the most seen
/// in any 60 s.
fn busiest_window(wh: &WarehouseHandle, running: Arc<AtomicBool>) -> tokio::task::JoinHandle<u64> {
    let control = wh.control();
    let stats = move || {
        let s = control.stats();
        s.requests_by_route.values().sum::<u64>() - s.status_codes.get(&429).copied().unwrap_or(0)
    };
    tokio::spawn(async move {
        let mut samples: VecDeque<(Instant, u64)> = VecDeque::new();
        let mut busiest = 0;
        while running.load(Ordering::Relaxed) {
            let now = (Instant::now(), stats());
            while samples.front().is_some_and(|(t, _)| now.0.duration_since(*t) > WINDOW) {
                samples.pop_front();
            }
            if let Some((_, first)) = samples.front() {
                busiest = busiest.max(now.1 - first);
            }
            samples.push_back(now);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        busiest
    })
}

#[tokio::main]
async fn main() {
    let orders = env("BENCH_WAREHOUSE_ORDERS", 10_000);
    let limit = env("BENCH_WAREHOUSE_LIMIT", 6_000) as u32;
    let wh = storedesk_sim::warehouse::spawn(WarehouseConfig {
        tokens: vec![TOKEN.into()],
        rate: RateWindow { calls: limit, window: WINDOW },
        ..WarehouseConfig::default()
    })
    .await
    .expect("warehouse");
    let dir = tempfile::tempdir().expect("dir");
    let store_shop = seeded_store(dir.path(), orders).await;
    let options = AppOptions { key_source: Some(KeySource::FileOnly), ..AppOptions::new(dir.path(), Role::Guest) };
    let app: App = App::open_with(options).await.expect("app");
    let warehouse = app.add_warehouse("bench", Some(&wh.base_url()), TOKEN).await.expect("warehouse").id;
    let routed_at = Instant::now();
    app.route_store(store_shop, Some(warehouse)).await.expect("route");
    let routing = routed_at.elapsed();

    wh.control().reset_stats();
    let running = Arc::new(AtomicBool::new(true));
    let sampler = busiest_window(&wh, running.clone());
    let started = Instant::now();
    let mut rounds = 0;
    loop {
        rounds += 1;
        let summary = app.push_now(Some(warehouse)).await.expect("push");
        if summary.sent == 0 || rounds > 50 {
            break;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    running.store(false, Ordering::Relaxed);
    let busiest = sampler.await.unwrap_or(0);
    let stats = wh.stats();
    let created = stats.orders_created;
    let requests: u64 = stats.requests_by_route.values().sum();
    println!("warehouse: {orders} paid store orders, a simulator allowing {limit} calls a minute (sliding)");
    println!("  routing the store: {:.2} s", routing.as_secs_f64());
    println!(
        "  pushed {created} warehouse orders in {seconds:.1} s ({:.1} orders/s), {requests} requests ({:.3} per order)",
        created as f64 / seconds,
        requests as f64 / created.max(1) as f64
    );
    println!(
        "  busiest 60 s: {busiest} accepted calls = {:.3} of the limit; 429s {} ({} past the limit after the first)",
        busiest as f64 / limit as f64,
        stats.rate_limited,
        stats.past_the_limit_after_429
    );

    // The warehouse ships everything; one sync brings it back.
    for o in wh.control().orders() {
        wh.control().ship(o.id, "USPS", &format!("9400{:012}", o.id));
    }
    wh.control().reset_stats();
    let pulled_at = Instant::now();
    let runs = app.sync_once(warehouse, &[SyncResource::Orders], &StopSignal::never(), |_| {}).await.expect("sync");
    let pull = &runs[0];
    println!(
        "  pulled {} shipped orders in {:.1} s with {} requests ({:.4} per order)",
        pull.records_changed,
        pulled_at.elapsed().as_secs_f64(),
        pull.requests,
        pull.requests as f64 / pull.records_changed.max(1) as f64
    );
    let again = app.sync_once(warehouse, &[SyncResource::Orders], &StopSignal::never(), |_| {}).await.expect("sync");
    println!("  a sync with nothing new: {} request(s)", again[0].requests);
    let _ = tokio::time::timeout(Duration::from_secs(1), app.close()).await;
}
