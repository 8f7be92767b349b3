//! The write path against the simulator: edits reach the shop exactly as made, once, coalesced, through
//! faults, conflicts, rejections and a lost network; and the shop's echo is no news.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use storedesk_app::{App, Role};
use storedesk_core::model::{
    EditRequest, EditValue, ListingState, OutboxQuery, OutboxStatus, ProductQuery, ProductRow, Resolution, ShopId,
    SyncResource,
};
use storedesk_core::sync::StopSignal;
use storedesk_core::time::{now_ms, ManualClock};
use storedesk_core::{ErrorCode, Money};
use storedesk_sim::{Faults, SimConfig, SimHandle};

use crate::*;

const PUT: &str = "PUT /items/{id}";

fn ars(minor: i64) -> Money {
    Money { minor, currency: "ARS".into() }
}

fn cents(v: &Value) -> i64 {
    let text = v.to_string();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    whole.parse::<i64>().unwrap() * 100 + format!("{frac:0<2}")[..2].parse::<i64>().unwrap()
}

async fn synced(sim: &SimHandle, app: &App) -> ShopId {
    let shop = add_shop(app, sim).await;
    connect(app, shop).await;
    app.sync_once(shop, &[SyncResource::Products], &StopSignal::never(), |_| {}).await.unwrap();
    shop
}

async fn listed(app: &App, query: ProductQuery) -> Vec<ProductRow> {
    app.list_products(&query).await.unwrap().rows
}

/// The first `limit` active listings.
async fn active(app: &App, limit: i64) -> Vec<ProductRow> {
    listed(app, ProductQuery { state: Some(ListingState::Active), limit, ..Default::default() }).await
}

async fn product_of(app: &App, remote_id: &str) -> storedesk_core::model::ProductDetail {
    let rows = listed(app, ProductQuery { limit: 500, ..Default::default() }).await;
    let id = rows.into_iter().find(|r| r.remote_id == remote_id).expect("listed").id;
    app.get_product(id).await.unwrap()
}

fn edit(product_id: i64, variant: Option<&str>, value: EditValue) -> EditRequest {
    EditRequest { product_id, variant_remote_id: variant.map(str::to_owned), value, reason: None, location_id: None }
}

fn puts(sim: &SimHandle) -> u64 {
    sim.stats().requests_by_route.get(PUT).copied().unwrap_or(0)
}

async fn outbox(app: &App, status: OutboxStatus) -> Vec<storedesk_core::model::OutboxRow> {
    app.list_outbox(&OutboxQuery { status: Some(status), limit: 500, ..Default::default() }).await.unwrap().rows
}

/// What the simulator should hold for one listing after the pushes.
#[derive(Debug, Default)]
struct Want {
    price: Option<i64>,
    stock: Option<i64>,
    /// variation id -> stock
    variation_stock: HashMap<String, i64>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_edits_reach_the_shop_field_by_field_and_the_next_pull_is_no_news() {
    let sim = sim(SimConfig { items: 300, orders: 0, ..SimConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Role::Guest).await;
    let shop = synced(&sim, &app).await;
    let listings = app.list_products(&ProductQuery { limit: 300, ..Default::default() }).await.unwrap().rows;
    let open: Vec<_> = listings.iter().filter(|p| p.state != ListingState::Closed).take(100).collect();
    assert_eq!(open.len(), 100);
    let before: HashMap<String, Value> =
        open.iter().map(|p| (p.remote_id.clone(), sim.control().item(&p.remote_id).unwrap())).collect();
    let mut want: HashMap<String, Want> = HashMap::new();
    let mut edits = 0;
    for (n, p) in open.iter().enumerate() {
        let w = want.entry(p.remote_id.clone()).or_default();
        // Values no listing has yet, so every edit is a change.
        let price = 1_000 + 37 * n as i64;
        let stock = 1_000 + n as i64;
        let queued = app.edit_product(&edit(p.id, None, EditValue::Price(ars(price)))).await.unwrap();
        w.price = Some(price);
        edits += usize::from(queued.is_some());
        let queued = if p.variant_count == 0 {
            w.stock = Some(stock);
            app.edit_product(&edit(p.id, None, EditValue::Stock(stock))).await.unwrap()
        } else {
            let detail = app.get_product(p.id).await.unwrap();
            let v = &detail.variants[n % detail.variants.len()].remote_id;
            w.variation_stock.insert(v.clone(), stock);
            app.edit_product(&edit(p.id, Some(v), EditValue::Stock(stock))).await.unwrap()
        };
        edits += usize::from(queued.is_some());
    }
    assert_eq!(edits, 200);
    // The local rows show the edits at once, marked pending.
    let shown = product_of(&app, &open[3].remote_id).await;
    assert_eq!(shown.product.price, ars(1_000 + 37 * 3));
    assert_eq!(shown.product.pending_edits, 2);

    sim.control().reset_stats();
    let summary = app.push_now(Some(shop)).await.unwrap();
    assert_eq!((summary.sent, summary.rejected, summary.conflict, summary.pending), (200, 0, 0, 0), "{summary:?}");
    assert_eq!(puts(&sim), 100, "one PUT per listing");

    for (remote_id, w) in &want {
        let item = sim.control().item(remote_id).unwrap();
        let old = &before[remote_id];
        let vars = item["variations"].as_array().unwrap();
        let old_vars = old["variations"].as_array().unwrap();
        assert_eq!(vars.len(), old_vars.len(), "{remote_id}: every variation is still there");
        match w.stock {
            Some(stock) => {
                assert_eq!(cents(&item["price"]), w.price.unwrap(), "{remote_id}");
                assert_eq!(item["available_quantity"], stock, "{remote_id}");
            }
            None => {
                for (v, old_v) in vars.iter().zip(old_vars) {
                    let id = v["id"].to_string();
                    assert_eq!(id, old_v["id"].to_string(), "{remote_id}: the same variations, in order");
                    // The listing's price applies to every variation.
                    assert_eq!(cents(&v["price"]), w.price.unwrap(), "{remote_id}/{id}");
                    let stock =
                        w.variation_stock.get(&id).copied().unwrap_or(old_v["available_quantity"].as_i64().unwrap());
                    assert_eq!(v["available_quantity"], stock, "{remote_id}/{id}: only the edited variation changed");
                }
            }
        }
    }
    assert!(outbox(&app, OutboxStatus::Sending).await.is_empty());
    assert_eq!(app.outbox_counts().await.unwrap().waiting, 0);
    let shown = product_of(&app, &open[3].remote_id).await;
    assert_eq!((shown.product.pending_edits, shown.product.edit_issues), (0, 0));

    // The shop's echo of these changes is not a change made on the shop.
    let pull = app.sync_once(shop, &[SyncResource::Products], &StopSignal::never(), |_| {}).await.unwrap();
    assert_eq!((pull[0].records_new, pull[0].records_changed), (0, 0), "{:?}", pull[0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_price_edits_before_a_push_make_one_put_with_the_last_value() {
    let sim = sim(SimConfig { items: 40, orders: 0, ..SimConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Role::Guest).await;
    let shop = synced(&sim, &app).await;
    let p = active(&app, 1).await.remove(0);
    let mut ids = Vec::new();
    for price in [11_100, 22_200, 33_300, 44_400, 55_500] {
        ids.push(app.edit_product(&edit(p.id, None, EditValue::Price(ars(price)))).await.unwrap().unwrap().id);
    }
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "coalesced into one row: {ids:?}");
    let row = &outbox(&app, OutboxStatus::Pending).await[0];
    assert_eq!(
        (row.value.clone(), row.base.clone()),
        (EditValue::Price(ars(55_500)), EditValue::Price(p.price.clone()))
    );
    sim.control().reset_stats();
    app.push_now(Some(shop)).await.unwrap();
    assert_eq!(puts(&sim), 1);
    assert_eq!(cents(&sim.control().item(&p.remote_id).unwrap()["price"]), 55_500);
    // Undo of an edit not sent yet: the row is discarded and the shop's value shows again.
    let undo = app.edit_product(&edit(p.id, None, EditValue::Stock(1))).await.unwrap().unwrap();
    app.discard_edit(undo.id).await.unwrap();
    assert_eq!(product_of(&app, &p.remote_id).await.product.available_quantity, p.available_quantity);
    // Bad input: refused, nothing queued.
    let bad = app.edit_product(&edit(p.id, None, EditValue::Price(ars(0)))).await.unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);
    let usd = edit(p.id, None, EditValue::Price(Money { minor: 5, currency: "USD".into() }));
    assert_eq!(app.edit_product(&usd).await.unwrap_err().code, ErrorCode::InvalidInput);
    assert_eq!(app.outbox_counts().await.unwrap().waiting, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_ten_percent_faults_every_edit_lands_once_and_none_is_left_sending() {
    let sim = sim(SimConfig { items: 200, orders: 0, ..SimConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(now_ms()));
    let app = open_with_clock(dir.path(), clock.clone()).await;
    let shop = synced(&sim, &app).await;
    let listings = active(&app, 60).await;
    for (n, p) in listings.iter().enumerate() {
        app.edit_product(&edit(p.id, None, EditValue::Price(ars(5_000 + n as i64)))).await.unwrap();
    }
    // 5xx, bodies cut after the simulator applied the change, connections dropped after it did.
    sim.control().set_faults(Faults { error_rate: 0.04, truncate_rate: 0.03, drop_rate: 0.03, seed: 11 });
    for round in 0.. {
        app.push_now(Some(shop)).await.unwrap();
        if app.outbox_counts().await.unwrap().waiting == 0 {
            break;
        }
        assert!(round < 20, "the outbox never drained");
        // Wait out the backoff of edits that failed for a transient reason.
        clock.advance(15 * 60_000);
    }
    let failed: u64 = sim.stats().status_codes.iter().filter(|(c, _)| **c >= 500).map(|(_, n)| n).sum();
    assert!(failed > 0 || sim.stats().requests_by_route.values().sum::<u64>() > 0);
    sim.control().set_faults(Faults::default());
    for (n, p) in listings.iter().enumerate() {
        assert_eq!(cents(&sim.control().item(&p.remote_id).unwrap()["price"]), 5_000 + n as i64, "{}", p.remote_id);
    }
    assert!(outbox(&app, OutboxStatus::Sending).await.is_empty());
    assert_eq!(outbox(&app, OutboxStatus::Sent).await.len(), listings.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_listing_refuses_with_the_shops_words_and_retry_and_discard_behave() {
    let sim = sim(SimConfig { items: 40, orders: 0, ..SimConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Role::Guest).await;
    let shop = synced(&sim, &app).await;
    let p = active(&app, 1).await.remove(0);
    // Closed on the shop after storedesk last looked.
    assert!(sim.control().change_item(&p.remote_id, None, Some("closed")));
    let row = app.edit_product(&edit(p.id, None, EditValue::Price(ars(77_700)))).await.unwrap().unwrap();
    let summary = app.push_now(Some(shop)).await.unwrap();
    assert_eq!(summary.rejected, 1, "{summary:?}");
    let rejected = app.list_outbox(&OutboxQuery { limit: 5, ..Default::default() }).await.unwrap().rows;
    let rejected = rejected.iter().find(|r| r.id == row.id).unwrap();
    assert_eq!(rejected.status, OutboxStatus::Rejected);
    let reason = rejected.last_error.clone().unwrap();
    assert!(reason.contains("closed"), "the provider's words: {reason}");
    // The product shows the shop's value again, and its closed state.
    let shown = product_of(&app, &p.remote_id).await;
    assert_eq!((shown.product.price.clone(), shown.product.state), (p.price.clone(), ListingState::Closed));
    assert_eq!(shown.product.edit_issues, 1);

    // Retry: sent again, refused again, for the same reason.
    let again = app.retry_edit(row.id, None).await.unwrap();
    assert_eq!(again.status, OutboxStatus::Pending);
    assert_eq!(app.push_now(Some(shop)).await.unwrap().rejected, 1);
    // Discard: given up; nothing waits; the shop's price stays.
    let last = outbox(&app, OutboxStatus::Rejected).await.remove(0);
    app.discard_edit(last.id).await.unwrap();
    let counts = app.outbox_counts().await.unwrap();
    assert_eq!((counts.waiting, counts.rejected), (0, 0));
    assert_eq!(product_of(&app, &p.remote_id).await.product.price, p.price);
    assert_eq!(cents(&sim.control().item(&p.remote_id).unwrap()["price"]), p.price.minor);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_on_the_shop_after_an_edit_is_a_conflict_and_both_resolutions_behave() {
    let sim = sim(SimConfig { items: 40, orders: 0, ..SimConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Role::Guest).await;
    let shop = synced(&sim, &app).await;
    let two = active(&app, 2).await;
    for (p, resolution) in two.iter().zip([Resolution::KeepMine, Resolution::TakeTheirs]) {
        let mine = app.edit_product(&edit(p.id, None, EditValue::Price(ars(12_300)))).await.unwrap().unwrap();
        // Someone changes the same field on the shop before storedesk sends it (no pull in between).
        assert!(sim.control().change_item(&p.remote_id, Some(45_600), None));
        sim.control().reset_stats();
        let summary = app.push_now(Some(shop)).await.unwrap();
        assert_eq!(summary.conflict, 1, "{summary:?}");
        assert_eq!(puts(&sim), 0, "nothing is sent over the shop's change");
        let row = app.list_outbox(&OutboxQuery { limit: 1, ..Default::default() }).await.unwrap().rows.remove(0);
        assert_eq!((row.id, row.status), (mine.id, OutboxStatus::Conflict));
        assert_eq!(row.remote_value, Some(EditValue::Price(ars(45_600))));
        app.resolve_conflict(row.id, resolution).await.unwrap();
        app.push_now(Some(shop)).await.unwrap();
        let (shop_price, local) =
            (cents(&sim.control().item(&p.remote_id).unwrap()["price"]), product_of(&app, &p.remote_id).await);
        match resolution {
            Resolution::KeepMine => assert_eq!((shop_price, local.product.price.minor), (12_300, 12_300)),
            Resolution::TakeTheirs => assert_eq!((shop_price, local.product.price.minor), (45_600, 45_600)),
        }
        assert_eq!(app.outbox_counts().await.unwrap().conflict, 0);
    }
    // Other fields merge: a stock edit goes through while the shop changed the price.
    let p = &two[0];
    app.edit_product(&edit(p.id, None, EditValue::Stock(3))).await.unwrap();
    sim.control().change_item(&p.remote_id, Some(99_900), None);
    assert_eq!(app.push_now(Some(shop)).await.unwrap().sent, 1);
    let item = sim.control().item(&p.remote_id).unwrap();
    if item["variations"].as_array().unwrap().is_empty() {
        assert_eq!((item["available_quantity"].as_i64(), cents(&item["price"])), (Some(3), 99_900));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_made_offline_wait_and_the_background_pushes_them_when_the_shop_is_back() {
    let sim = sim(SimConfig { items: 60, orders: 0, ..SimConfig::default() }).await;
    let mut relay = Relay::start(&sim.base_url()).await;
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Role::Owner).await;
    let shop = add_shop_at(&app, &relay.url()).await;
    connect(&app, shop).await;
    app.sync_once(shop, &[SyncResource::Products], &StopSignal::never(), |_| {}).await.unwrap();
    relay.cut();
    let listings = active(&app, 20).await;
    assert_eq!(listings.len(), 20);
    for (n, p) in listings.iter().enumerate() {
        app.edit_product(&edit(p.id, None, EditValue::Price(ars(20_000 + n as i64)))).await.unwrap();
    }
    let background = app.start_background().unwrap();
    // The push fails offline: the edits wait, pending, and the shop says offline.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while app.sync_overview().shops.iter().all(|s| s.offline_since.is_none()) {
        assert!(std::time::Instant::now() < deadline, "never went offline");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.outbox_counts().await.unwrap().waiting, 20);
    relay.restore().await;
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while app.outbox_counts().await.unwrap().waiting > 0 {
        assert!(std::time::Instant::now() < deadline, "the background never pushed the edits");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    background.shutdown(Duration::from_secs(10)).await;
    for (n, p) in listings.iter().enumerate() {
        assert_eq!(cents(&sim.control().item(&p.remote_id).unwrap()["price"]), 20_000 + n as i64);
    }
    assert_eq!(outbox(&app, OutboxStatus::Sent).await.len(), 20);
}
