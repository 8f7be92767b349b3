//! Store orders to the warehouse and back, against both simulators over real HTTP: one warehouse order per
//! routed sale through lost answers and faults, progress and tracking back in one cheap sync, cancels
//! that reach the warehouse (or are flagged) without echo, and the warehouse's rate window respected.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use storedesk_app::{App, Notice};
use storedesk_core::model::{FulfilmentStage, OrderQuery, ShopId, SyncResource, SyncSummary};
use storedesk_core::sync::StopSignal;
use storedesk_core::time::{now_ms, ManualClock};
use storedesk_core::ErrorCode;
use storedesk_sim::warehouse::{RateWindow, RetiredAnswer, WarehouseConfig, WarehouseHandle};
use storedesk_sim::{Faults, SimConfig, SimHandle};

use crate::routing::{expected, Expected};
use crate::*;

const TOKEN: &str = "pat-warehouse-test";
/// A second token of the same account, for after the first is revoked.
const SECOND: &str = "pat-warehouse-second";

/// A store connected to the marketplace simulator, routed through a warehouse simulator; orders and
/// shipments synced.
struct Rig {
    mp: SimHandle,
    wh: WarehouseHandle,
    app: App,
    clock: Arc<ManualClock>,
    store: ShopId,
    warehouse: ShopId,
    _dir: tempfile::TempDir,
}

/// `orders` in all: an eighth of them new paid ones (their shipments not handed to the carrier yet), the rest
/// the simulator's seeded history.
async fn rig(orders: u64, config: WarehouseConfig) -> Rig {
    let fresh = orders / 8;
    let mp = sim(SimConfig { items: 150, orders: orders - fresh, ..SimConfig::default() }).await;
    mp.control().create_orders(fresh);
    let wh = storedesk_sim::warehouse::spawn(WarehouseConfig { tokens: vec![TOKEN.into(), SECOND.into()], ..config })
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(now_ms()));
    let app = open_with_clock(dir.path(), clock.clone()).await;
    let store = add_shop(&app, &mp).await;
    connect(&app, store).await;
    let warehouse = app.add_warehouse("Bodega", Some(&wh.base_url()), TOKEN).await.expect("warehouse added").id;
    app.route_store(store, Some(warehouse)).await.unwrap();
    sync_store(&app, store).await;
    Rig { mp, wh, app, clock, store, warehouse, _dir: dir }
}

async fn sync_store(app: &App, store: ShopId) {
    let resources = [SyncResource::Orders, SyncResource::Shipments];
    app.sync_once(store, &resources, &StopSignal::never(), |_| {}).await.unwrap();
}

async fn sync_warehouse(rig: &Rig) -> SyncSummary {
    let mut runs = rig.app.sync_once(rig.warehouse, &[], &StopSignal::never(), |_| {}).await.unwrap();
    assert_eq!(runs.len(), 1, "a warehouse syncs its orders only");
    runs.remove(0)
}

/// Pushes until nothing is waiting (moving the clock past each backoff), at most `rounds` times.
async fn push_all(rig: &Rig, rounds: usize) {
    for _ in 0..rounds {
        let _ = rig.app.push_now(Some(rig.warehouse)).await;
        if count(rig, FulfilmentStage::Waiting).await == 0 {
            return;
        }
        rig.clock.advance(10 * 60_000);
    }
    panic!("orders still waiting after {rounds} pushes");
}

async fn count(rig: &Rig, stage: FulfilmentStage) -> usize {
    let q = OrderQuery { shop_id: Some(rig.store), fulfilment: Some(stage), limit: 500, ..Default::default() };
    let mut n = 0;
    let mut page = rig.app.list_orders(&q).await.unwrap();
    loop {
        n += page.rows.len();
        let Some(cursor) = page.next_cursor.take() else { return n };
        page = rig.app.list_orders(&OrderQuery { cursor: Some(cursor), ..q.clone() }).await.unwrap();
    }
}

fn assert_one_per_routed_sale(rig: &Rig, want: &Expected) {
    routing::assert_one_per_routed_sale(&rig.wh.control().orders(), want);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_routed_sale_becomes_one_warehouse_order_and_its_progress_comes_back() {
    let faults = Faults { error_rate: 0.05, drop_rate: 0.05, truncate_rate: 0.0, seed: 11 };
    // A roomy window: 150 a minute is the next test's subject, here it would only add minutes of waiting.
    let rate = RateWindow { calls: 10_000, window: Duration::from_secs(60) };
    let rig = rig(2_000, WarehouseConfig { faults, rate, ..WarehouseConfig::default() }).await;
    let want = expected(&rig.mp);
    assert!(want.routed.len() > 300, "enough routed sales to ship 300: {}", want.routed.len());
    assert!(!want.held.is_empty(), "the seeded data has lines without SKU");

    // Lost answers (created, the connection dropped) and 10% faults on top.
    rig.wh.control().lose_create_answers(7);
    push_all(&rig, 30).await;
    assert_one_per_routed_sale(&rig, &want);
    let stats = rig.wh.stats();
    assert_eq!(stats.orders_created as usize, want.routed.len());
    assert!(
        stats.requests_by_route.get("GET /2026-07/order").copied().unwrap_or(0) >= 7,
        "lost answers were looked up"
    );

    // Each store order is bound to its warehouse order; lines without SKU are held with the reason.
    let ids: BTreeMap<String, u64> = rig.wh.control().orders().into_iter().map(|o| (o.reference_id, o.id)).collect();
    for (reference, order_id) in want.routed.iter().take(60) {
        let detail = rig.app.order_by_remote_id(rig.store, order_id).await.unwrap();
        let f = detail.fulfilment.expect("routed");
        assert_eq!(&f.reference_id, reference);
        assert_eq!(f.warehouse_order_id, Some(ids[reference].to_string()));
        assert_eq!(f.state, FulfilmentStage::AtWarehouse);
        assert!(f.events.iter().any(|e| e.direction == "sent"), "the timeline shows the create");
    }
    assert_eq!(count(&rig, FulfilmentStage::Held).await, want.held.len());
    for order_id in want.held.iter().take(5) {
        let f = rig.app.order_by_remote_id(rig.store, order_id).await.unwrap().fulfilment.expect("held");
        assert!(f.reason.as_deref().is_some_and(|r| r.contains("SKU")), "{:?}", f.reason);
    }
    let issues = rig.app.fulfilment_issues(500).await.unwrap();
    assert_eq!(issues.iter().filter(|i| i.state == FulfilmentStage::Held).count(), want.held.len());

    // The warehouse works: 300 shipped with tracking, 100 of them delivered. One sync brings it all back,
    // costing what the window and its pages need; a sync with nothing new costs one request.
    rig.wh.control().set_faults(Faults::default());
    let first = sync_warehouse(&rig).await;
    assert_eq!(first.status, storedesk_core::model::SyncRunStatus::Ok);
    let again = sync_warehouse(&rig).await;
    assert_eq!((again.requests, again.records_changed), (1, 0), "nothing new costs one request");
    let floor = rig.wh.control().orders();
    for (n, o) in floor.iter().take(300).enumerate() {
        assert!(rig.wh.control().ship(o.id, "USPS", &format!("9400{n:08}")));
        if n < 100 {
            assert!(rig.wh.control().deliver(o.id));
        }
    }
    let shipped = sync_warehouse(&rig).await;
    assert_eq!(shipped.records_changed, 300);
    assert_eq!(shipped.requests, 2, "300 changed orders are two pages of 250");
    let quiet = sync_warehouse(&rig).await;
    assert_eq!((quiet.requests, quiet.records_changed), (1, 0));
    assert_eq!(count(&rig, FulfilmentStage::Delivered).await, 100);
    assert_eq!(count(&rig, FulfilmentStage::Shipped).await, 200);
    let one = &floor[150];
    let order_id = &want.routed[&one.reference_id];
    let f = rig.app.order_by_remote_id(rig.store, order_id).await.unwrap().fulfilment.unwrap();
    assert_eq!((f.tracking_number.as_deref(), f.carrier.as_deref()), (Some("940000000150"), Some("USPS")));
    assert!(f.shipped_at.is_some() && f.delivered_at.is_none());

    // Cancel 20 routed sales in the marketplace: 12 not picked are cancelled at the warehouse, the 6 picked
    // and the 2 shipped (a 422: not cancellable) are flagged for a person; the marketplace hears nothing of
    // it, and the warehouse's answer is no news.
    let open: Vec<_> = floor.iter().skip(300).take(20).collect();
    assert_eq!(open.len(), 20);
    for o in open.iter().take(6) {
        assert!(rig.wh.control().pick(o.id));
    }
    for (n, o) in open.iter().enumerate().skip(6).take(2) {
        assert!(rig.wh.control().ship(o.id, "USPS", &format!("94009{n}")));
    }
    // Their shipping is news, read before the cancels (the echo check below is about what storedesk sends).
    assert_eq!(sync_warehouse(&rig).await.records_changed, 2);
    let mut notices = rig.app.notices();
    let marketplace_ids: Vec<u64> = open.iter().map(|o| want.routed[&o.reference_id].parse().unwrap()).collect();
    assert_eq!(rig.mp.control().cancel_orders(&marketplace_ids), 20);
    rig.mp.control().reset_stats();
    sync_store(&rig.app, rig.store).await;
    push_all(&rig, 5).await;
    for (n, o) in open.iter().enumerate() {
        let at_warehouse = rig.wh.control().order_by_reference(&o.reference_id).unwrap();
        let f = rig.app.order_by_remote_id(rig.store, &want.routed[&o.reference_id]).await.unwrap().fulfilment.unwrap();
        if n < 8 {
            assert_ne!(at_warehouse.status, "Cancelled", "a picked parcel is not cancelled");
            assert!(f.flag.as_deref().is_some_and(|r| r.contains("refused")), "{:?}", f.flag);
            if n >= 6 {
                assert!(f.flag.as_deref().is_some_and(|r| r.contains("not in a cancellable state")), "{:?}", f.flag);
            }
        } else {
            assert_eq!(at_warehouse.status, "Cancelled");
            assert_eq!(f.state, FulfilmentStage::Cancelled);
            assert!(f.flag.is_none());
        }
    }
    let writes: Vec<_> = rig
        .mp
        .stats()
        .requests_by_route
        .into_keys()
        .filter(|r| !r.starts_with("GET ") && !r.contains("/oauth/"))
        .collect();
    assert!(writes.is_empty(), "nothing was sent back to the marketplace: {writes:?}");
    let echo = sync_warehouse(&rig).await;
    assert_eq!(echo.records_changed, 0, "what storedesk sent does not come back as news");
    let mut flagged = 0;
    while let Ok(Ok(notice)) = tokio::time::timeout(Duration::from_millis(200), notices.recv()).await {
        if matches!(notice, Notice::FulfilmentIssue(_)) {
            flagged += 1;
        }
    }
    assert_eq!(flagged, 8, "a desktop notification per refused cancel");
    assert_one_per_routed_sale(&rig, &want);
}

/// ShipBob's own window (150 calls a minute), filled by another client on the same token: the push meets
/// one 429, waits as long as it says, and never sends into a full window again. (About a minute of waiting.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_warehouse_window_is_respected_after_its_first_429() {
    let rate = RateWindow::default();
    let rig = rig(500, WarehouseConfig { rate, ..WarehouseConfig::default() }).await;
    let want = expected(&rig.mp);
    assert!(want.routed.len() > 40, "enough creates to go on past the 429: {}", want.routed.len());
    // Another client on the same token fills the window first: the first 429 is unavoidable.
    let http = reqwest::Client::new();
    for _ in 0..rate.calls {
        let url = format!("{}/2026-07/channel", rig.wh.base_url());
        let answer = http.get(url).bearer_auth(TOKEN).send().await.unwrap();
        assert!(answer.status().is_success());
        if answer.headers()["x-remaining-calls"] == "0" {
            break;
        }
    }
    push_all(&rig, 10).await;
    let stats = rig.wh.stats();
    assert!(stats.rate_limited >= 1, "the window was full when the push began");
    assert_eq!(stats.past_the_limit_after_429, 0, "no request into a full window after the first 429");
    assert_one_per_routed_sale(&rig, &want);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_token_adds_nothing_and_a_revoked_one_asks_for_a_new_token() {
    let rig = rig(50, WarehouseConfig::default()).await;
    let before = rig.app.list_shops().await.unwrap().len();
    let refused = rig.app.add_warehouse("Otra", Some(&rig.wh.base_url()), "not-a-token").await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidGrant);
    assert!(refused.message.contains("refused"), "{}", refused.message);
    let bad_url = rig.app.add_warehouse("Otra", Some("ftp://warehouse"), TOKEN).await.unwrap_err();
    assert_eq!(bad_url.code, ErrorCode::BadEndpoint);
    assert_eq!(rig.app.list_shops().await.unwrap().len(), before, "nothing was added");

    rig.wh.control().revoke_token(TOKEN);
    let failed = rig.app.sync_once(rig.warehouse, &[], &StopSignal::never(), |_| {}).await.unwrap_err();
    assert_eq!(failed.code, ErrorCode::NeedsReconnect);
    let shop = rig.app.get_shop(rig.warehouse).await.unwrap();
    assert_eq!(shop.status, storedesk_core::model::ShopStatus::NeedsReconnect);
    // Nothing waiting was lost: a new token, and the next push sends it all.
    let waiting = count(&rig, FulfilmentStage::Waiting).await;
    assert!(waiting > 0);
    let refused = rig.app.set_warehouse_token(rig.warehouse, TOKEN).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidGrant, "the revoked token is refused again");
    let shop = rig.app.set_warehouse_token(rig.warehouse, SECOND).await.unwrap();
    assert_eq!(shop.status, storedesk_core::model::ShopStatus::Connected);
    push_all(&rig, 5).await;
    assert_one_per_routed_sale(&rig, &expected(&rig.mp));
}

/// ShipBob ends support for the pinned version: a sync stops with "update storedesk" at once (no retries,
/// no loop), a push sends nothing twice and loses nothing, a new warehouse is refused with the same words,
/// and when the version is served again everything waiting goes, once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retired_api_version_says_update_storedesk_and_loses_nothing() {
    let rig = rig(200, WarehouseConfig::default()).await;
    let want = expected(&rig.mp);
    let shop = rig.app.get_shop(rig.warehouse).await.unwrap();
    let pinned = shop.api_version.expect("a warehouse names the API version it speaks");
    assert_eq!(pinned.version, storedesk_connectors::shipbob::API_VERSION);
    assert!(pinned.warn_from < pinned.supported_until && pinned.supported_until > now_ms());

    for how in [RetiredAnswer::Gone, RetiredAnswer::NotFound] {
        rig.wh.control().retire_current_version(Some(how));
        rig.wh.control().reset_stats();
        let failed = rig.app.sync_once(rig.warehouse, &[], &StopSignal::never(), |_| {}).await.unwrap_err();
        assert_eq!(failed.code, ErrorCode::ApiRetired, "{how:?}: {}", failed.message);
        assert!(failed.message.contains("update storedesk"), "{}", failed.message);
        assert_eq!(rig.wh.stats().requests_by_route.values().sum::<u64>(), 1, "{how:?}: asked once, not retried");

        let added = rig.app.add_warehouse("Otra", Some(&rig.wh.base_url()), TOKEN).await.unwrap_err();
        assert_eq!(added.code, ErrorCode::ApiRetired, "{}", added.message);
    }
    let _ = rig.app.push_now(Some(rig.warehouse)).await;
    assert!(rig.wh.control().orders().is_empty(), "nothing reached the warehouse");
    assert!(count(&rig, FulfilmentStage::Waiting).await > 0, "the sales wait for the warehouse");
    assert_eq!(count(&rig, FulfilmentStage::AtWarehouse).await, 0);
    assert_eq!(rig.app.get_shop(rig.warehouse).await.unwrap().status, storedesk_core::model::ShopStatus::Connected);

    rig.wh.control().retire_current_version(None);
    push_all(&rig, 10).await;
    assert_one_per_routed_sale(&rig, &want);
}
