//! Syncing a MercadoLibre shop from the simulator over real HTTP: exact copies, minimal requests,
//! convergence under faults, quarantine, rate limits.

mod common;

use std::time::{Duration, Instant};

use common::truth::{assert_orders_match, assert_products_match, assert_shipments_match};
use common::{connect, sim_config, world, World};
use storedesk_connectors::http::BaseUrl;
use storedesk_connectors::Shops;
use storedesk_core::auth::TokenPolicy;
use storedesk_core::model::{QuarantineQuery, SyncResource, SyncRunQuery, SyncRunStatus, SyncSummary};
use storedesk_core::sync::{engine, run_job, Connection, StopSignal};
use storedesk_sim::{Faults, RateLimit, SimConfig};

async fn synced_world(items: u64, orders: u64) -> World {
    let w = world(SimConfig { items, orders, ..sim_config() }, TokenPolicy::default()).await;
    connect(&w).await;
    w
}

async fn sync(w: &World, resource: SyncResource) -> SyncSummary {
    let shops = &w.connector.shops;
    let shop = shops.store.get_shop(w.shop).await.unwrap();
    let channel = Connection::Sales(std::sync::Arc::new(shops.meli_channel(&shop).await.unwrap()));
    run_job(&shops.store, &channel, w.shop, resource, &StopSignal::never()).await.expect("sync run")
}

/// Products, orders, then the shipments the orders made due: what the scheduler does on a first start.
async fn sync_all(w: &World) -> [SyncSummary; 3] {
    [sync(w, SyncResource::Products).await, sync(w, SyncResource::Orders).await, sync(w, SyncResource::Shipments).await]
}

fn requests_to(w: &World, route: &str) -> u64 {
    w.sim.stats().requests_by_route.get(route).copied().unwrap_or(0)
}

const SEARCH: &str = "GET /users/{uid}/items/search";
const MULTIGET: &str = "GET /items";
const ORDERS: &str = "GET /orders/search";
const SHIPMENT: &str = "GET /shipments/{id}";

/// Also the short-token case of issue #8: access tokens live one second, so the sync crosses dozens of
/// expiries, and the scan's scroll ids carry `+ / = :` (sent unencoded, the second page would fail).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_sync_of_20000_items_and_orders_holds_exactly_the_simulators_data() {
    let config = SimConfig { items: 20_000, orders: 20_000, access_ttl: Duration::from_secs(1), ..sim_config() };
    let w = world(config, TokenPolicy::default()).await;
    connect(&w).await;
    let started = Instant::now();
    let [products, orders, shipments] = sync_all(&w).await;
    let seconds = started.elapsed().as_secs_f64();
    let stats = w.sim.stats();
    // About one refresh per lifetime (refreshed at four fifths of it), never one per request.
    let expected = seconds / 0.8;
    let refreshes = stats.refreshes as f64;
    eprintln!(
        "1-second tokens: {refreshes} refreshes in {seconds:.1} s ({} requests)",
        stats.requests_by_route.values().sum::<u64>()
    );
    assert!(
        refreshes <= 1.5 * expected + 3.0 && refreshes >= 0.3 * expected,
        "{refreshes} refreshes in {seconds:.1} s of 1-second tokens (about {expected:.0} expected): {stats:?}"
    );
    assert_eq!((stats.invalid_grant, stats.retired_token_requests), (0, 0), "{stats:?}");
    assert_eq!(stats.expired_token_requests, 0, "every token was refreshed before it expired: {stats:?}");
    assert_eq!((products.status.as_str(), orders.status.as_str(), shipments.status.as_str()), ("ok", "ok", "ok"));
    assert_eq!(products.records_new, 20_000);
    assert_eq!(orders.records_new, 20_000);
    assert_eq!(shipments.records_new, 20_000);
    let control = w.sim.control();
    let store = &w.connector.shops.store;
    assert_products_match(store, &control).await;
    assert_orders_match(store, &control).await;
    assert_shipments_match(store, &control).await;
    // 20,000 orders are past the 10,000 deep-offset cap: the windows were split, and no request was refused.
    assert_eq!(w.sim.stats().status_codes.get(&400), None, "no request was refused");
    // Listing 100 ids per scan page and fetching them 20 at a time.
    assert_eq!(requests_to(&w, MULTIGET), 1_000);
    assert_eq!(requests_to(&w, SHIPMENT), 20_000);
    assert!(products.requests >= 1_201 && orders.requests >= 393, "{products:?} {orders:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn later_syncs_make_only_the_minimal_requests_and_fetch_only_what_changed() {
    let w = synced_world(2_000, 2_000).await;
    sync_all(&w).await;
    let control = w.sim.control();

    // Nothing changed: one listing page and one multiget (to see the first unchanged item) for products,
    // one orders page, no shipments.
    control.reset_stats();
    let [p, o, s] = sync_all(&w).await;
    assert_eq!((requests_to(&w, SEARCH), requests_to(&w, MULTIGET)), (1, 1));
    assert_eq!(requests_to(&w, ORDERS), 1);
    assert_eq!(requests_to(&w, SHIPMENT), 0);
    assert_eq!((p.records_new + p.records_changed, o.records_new + o.records_changed, s.records_new), (0, 0, 0));

    // 30 items repriced, 5 new orders, 7 shipments moved on: only those are fetched.
    let repriced = control.reprice_items(30);
    let created = control.create_orders(5);
    let advanced = control.advance_shipments(7);
    control.reset_stats();
    let [p, o, s] = sync_all(&w).await;
    // The new orders sold items, which changed too.
    assert!(p.records_changed >= 30, "{p:?}");
    assert_eq!(requests_to(&w, SEARCH), 1);
    // 30-odd changed items plus the first unchanged one fit in two multigets.
    assert_eq!(requests_to(&w, MULTIGET), (p.records_changed as u64 + 1).div_ceil(20));
    assert_eq!(
        o.records_new,
        created.len() as i64,
        "{o:?} {:?}",
        w.connector.shops.store.sync_cursor(w.shop, SyncResource::Orders).await
    );
    assert_eq!(requests_to(&w, ORDERS), 1);
    // Each new order's shipment, and each advanced one (their orders changed).
    assert_eq!(requests_to(&w, SHIPMENT) as usize, s.records_new as usize + s.records_changed as usize);
    assert!(s.records_changed as usize >= advanced.len().min(7) - created.len().min(7), "{s:?}");
    assert_eq!(s.records_new as usize, created.len());
    assert!(repriced.len() == 30);
    let store = &w.connector.shops.store;
    assert_products_match(store, &control).await;
    assert_orders_match(store, &control).await;
    assert_shipments_match(store, &control).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_ten_percent_faults_the_sync_converges_to_exactly_the_simulators_data() {
    let w = synced_world(1_500, 1_500).await;
    let control = w.sim.control();
    control.set_faults(Faults { error_rate: 0.04, truncate_rate: 0.03, drop_rate: 0.03, seed: 7 });
    // A run may give up after its retries; the next run resumes from the stored cursor.
    for resource in [SyncResource::Products, SyncResource::Orders, SyncResource::Shipments] {
        let mut runs = 0;
        loop {
            runs += 1;
            let shop = w.connector.shops.store.get_shop(w.shop).await.unwrap();
            let channel = Connection::Sales(std::sync::Arc::new(w.connector.shops.meli_channel(&shop).await.unwrap()));
            let store = &w.connector.shops.store;
            match run_job(store, &channel, w.shop, resource, &StopSignal::never()).await {
                Ok(_) => break,
                Err(e) => assert!(runs < 20, "{resource:?} never converged: {e}"),
            }
        }
    }
    let stats = w.sim.stats();
    let failed: u64 = stats.status_codes.iter().filter(|(c, _)| **c >= 500).map(|(_, n)| n).sum();
    assert!(failed > 50, "faults were injected: {:?}", stats.status_codes);
    let runs =
        w.connector.shops.store.list_sync_runs(&SyncRunQuery { limit: 100, ..Default::default() }).await.unwrap();
    assert!(runs.rows.iter().map(|r| r.retries).sum::<i64>() > 0, "retries are counted in the run log");
    control.set_faults(Faults::default());
    let store = &w.connector.shops.store;
    assert_products_match(store, &control).await;
    assert_orders_match(store, &control).await;
    assert_shipments_match(store, &control).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_item_is_quarantined_and_the_rest_of_its_page_is_stored() {
    let w = synced_world(300, 10).await;
    let control = w.sim.control();
    let bad = control.malform_item(42).unwrap();
    let summary = sync(&w, SyncResource::Products).await;
    assert_eq!(summary.status, SyncRunStatus::Ok);
    assert_eq!(summary.quarantined, 1);
    assert_eq!(summary.records_new, 299);
    let store = &w.connector.shops.store;
    let q = store.list_quarantine(&QuarantineQuery { limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!(q.rows.len(), 1);
    assert_eq!(q.rows[0].remote_id, bad);
    assert!(q.rows[0].error.contains("price"), "{}", q.rows[0].error);
    assert!(q.rows[0].payload.contains("precio a convenir"), "the raw payload is kept");
    // The cursor moved past the page anyway: a second sync does not stop at the bad item again.
    let again = sync(&w, SyncResource::Products).await;
    assert_eq!(again.status, SyncRunStatus::Ok);

    // Retry while it is still malformed keeps it quarantined, with the error.
    let shop = store.get_shop(w.shop).await.unwrap();
    let channel = Connection::Sales(std::sync::Arc::new(w.connector.shops.meli_channel(&shop).await.unwrap()));
    engine::retry_quarantined(store, &channel, q.rows[0].id).await.unwrap();
    assert_eq!(store.count_quarantine(None).await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limited_sync_backs_off_counts_429s_and_still_completes() {
    let w = synced_world(400, 400).await;
    w.sim.control().set_rate_limit(Some(RateLimit { per_second: 40.0, burst: 5 }));
    let [p, o, s] = sync_all(&w).await;
    let limited = p.rate_limited + o.rate_limited + s.rate_limited;
    let requests = p.requests + o.requests + s.requests;
    assert_eq!(w.sim.stats().rate_limited as i64, limited, "every 429 is counted in the run log");
    assert!(limited > 0, "a 40/s limit was met");
    // The pace learns the limit: 429s stay a small share, and no request was given up on.
    assert!((limited as f64) < 0.1 * requests as f64, "{limited} of {requests}");
    let control = w.sim.control();
    assert_products_match(&w.connector.shops.store, &control).await;
    assert_shipments_match(&w.connector.shops.store, &control).await;

    // What the pace learned is noted in the store, so the next process for this account (a CLI sync, the
    // app after a restart) starts near the limit it already knows instead of slow.
    let shops = &w.connector.shops;
    let account = shops.store.shop_account_id(w.shop).await.unwrap().expect("connected");
    let base = BaseUrl::parse(&w.sim.base_url()).unwrap();
    let key = format!("{base}|{account}");
    let mut learned = None;
    for _ in 0..50 {
        learned = shops.store.learned_pace(&key).await.unwrap();
        if learned.is_some_and(|p| p.ceiling.is_some()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let ceiling = learned.and_then(|p| p.ceiling).expect("the 429s taught a ceiling, and it was noted");
    assert!(ceiling > 10.0 && ceiling < 80.0, "learned {ceiling}/s of a 40/s limit");
    let next_process = Shops::new(shops.store.clone(), shops.vault.clone());
    let resumed = next_process.budget(&base, &account).await.rate();
    assert!(resumed > 10.0 && resumed <= ceiling, "resumes at {resumed}/s, ceiling {ceiling}/s");
    let fresh = Shops::new(shops.store.clone(), shops.vault.clone()).budget(&base, "another-account").await.rate();
    assert_eq!(fresh, 10.0, "an account never seen starts slow");
}
