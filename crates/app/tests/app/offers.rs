//! Offers against the marketplace and offers simulators over real HTTP: the stored history is the market's
//! log row for row (through restarts), short-lived JWTs cost one auth call per lifetime, a forgotten product
//! is registered again in the same refresh, and repricing rules follow a scripted market within their floor
//! and ceiling through the ordinary outbox.

use std::sync::Arc;
use std::time::Duration;

use storedesk_app::App;
use storedesk_core::model::{
    EditRequest, EditValue, OutboxQuery, OutboxStatus, ProductQuery, RepriceRule, ShopId, SyncResource,
};
use storedesk_core::sync::StopSignal;
use storedesk_core::time::{now_ms, ManualClock};
use storedesk_core::Money;
use storedesk_sim::offers::{self, OffersConfig, OffersHandle};
use storedesk_sim::{SimConfig, SimHandle};

use crate::offers_truth::assert_history_matches;
use crate::*;

const REFRESH: &str = "refresh-test-token";

async fn service(ttl: Duration) -> OffersHandle {
    offers::spawn(OffersConfig { refresh_tokens: vec![REFRESH.into()], jwt_ttl: ttl, ..Default::default() })
        .await
        .unwrap()
}

/// A store with `items` listings synced, and an offers service added.
async fn store_and_service(app: &App, items: u64, ttl: Duration) -> (SimHandle, OffersHandle, ShopId, ShopId) {
    let mp = sim(SimConfig { items, orders: 0, ..SimConfig::default() }).await;
    let store = add_shop(app, &mp).await;
    connect(app, store).await;
    app.sync_once(store, &[SyncResource::Products], &StopSignal::never(), |_| {}).await.unwrap();
    let offers = service(ttl).await;
    let shop = app.add_offers_service("Ofertas", &offers.base_url(), REFRESH).await.expect("offers service");
    (mp, offers, store, shop.id)
}

async fn product_ids(app: &App, limit: usize) -> Vec<i64> {
    let q = ProductQuery { limit: 500, ..Default::default() };
    let mut ids = Vec::new();
    let mut page = app.list_products(&q).await.unwrap();
    loop {
        ids.extend(page.rows.iter().map(|r| r.id));
        match page.next_cursor.take() {
            Some(c) if ids.len() < limit => {
                page = app.list_products(&ProductQuery { cursor: Some(c), ..q.clone() }).await.unwrap()
            }
            _ => break,
        }
    }
    ids.truncate(limit);
    ids
}

async fn refresh(app: &App, service: ShopId) {
    let runs = app.sync_once(service, &[], &StopSignal::never(), |_| {}).await.expect("refresh");
    assert_eq!(runs.len(), 1, "an offers service refreshes its tracked products");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_products_over_thirty_minutes_keep_the_markets_history_row_for_row() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Role::Guest).await;
    let (_mp, offers, _store, service) = store_and_service(&app, 500, Duration::from_secs(300)).await;
    let ids = product_ids(&app, 500).await;
    assert_eq!(app.track_products(&ids, None).await.unwrap(), 500);
    refresh(&app, service).await;
    let control = offers.control();
    assert_eq!(control.registered().len(), 500, "each product registered once");
    let mut app = app;
    for minute in 1..=30 {
        control.advance(1);
        refresh(&app, service).await;
        if minute == 15 {
            // A restart: the same data, the same registrations, no row written twice.
            app.close().await;
            app = open(dir.path(), Role::Guest).await;
            refresh(&app, service).await;
        }
    }
    refresh(&app, service).await;
    assert_eq!(control.stats().registers, 500, "never registered again");
    assert_eq!(control.stats().duplicate_registers, 0);
    assert!(control.log().len() > 500 * 30 / 2, "a lively market: {} changes", control.log().len());
    assert_history_matches(&app, &control).await;
    // The products list knows each tracked product's lowest offer.
    let rows = app.list_products(&ProductQuery { limit: 500, ..Default::default() }).await.unwrap().rows;
    assert!(rows.iter().all(|r| r.tracked && r.lowest_offer.is_some() && r.offer_gap_bp.is_some()));
    let above = ProductQuery { above_lowest_bp: Some(500), limit: 500, ..Default::default() };
    let filtered = app.list_products(&above).await.unwrap().rows;
    assert!(filtered.iter().all(|r| r.offer_gap_bp.unwrap() > 500));
    assert_eq!(filtered.len(), rows.iter().filter(|r| r.offer_gap_bp.unwrap() > 500).count());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_second_jwts_cost_one_auth_call_per_lifetime_and_never_an_expired_call() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Role::Guest).await;
    let (_mp, offers, _store, service) = store_and_service(&app, 20, Duration::from_secs(2)).await;
    app.track_products(&product_ids(&app, 5).await, None).await.unwrap();
    offers.control().reset_stats();
    let started = std::time::Instant::now();
    let mut refreshes = 0;
    while started.elapsed() < Duration::from_secs(60) {
        refresh(&app, service).await;
        refreshes += 1;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let stats = offers.control().stats();
    assert!(refreshes > 150, "{refreshes} refreshes of five products");
    // Tokens live between one and two seconds (the claim is in whole seconds): thirty to sixty lifetimes.
    assert!((25..=90).contains(&stats.auth_calls), "{} auth calls in 60 s", stats.auth_calls);
    assert_eq!(stats.expired_jwt_calls, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_product_the_service_forgot_is_registered_again_and_read_in_the_same_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Role::Guest).await;
    let (_mp, offers, _store, service) = store_and_service(&app, 10, Duration::from_secs(300)).await;
    let ids = product_ids(&app, 3).await;
    app.track_products(&ids, None).await.unwrap();
    refresh(&app, service).await;
    let tracked = app.tracked_products(10).await.unwrap();
    let forgotten = tracked.iter().find(|t| t.product_id == ids[0]).unwrap().remote_id.clone();
    let (name, description) = offers.control().product(&forgotten).unwrap();
    let title = app.get_product(ids[0]).await.unwrap().product.title;
    assert_eq!(name, title, "registered with the listing's title");
    assert!(!description.is_empty());
    assert!(offers.control().forget(&forgotten));
    refresh(&app, service).await;
    let stats = offers.control().stats();
    assert_eq!(stats.registers, 4, "registered again");
    assert_eq!(stats.status_codes.get(&404), Some(&1));
    let after = app.tracked_products(10).await.unwrap();
    let t = after.iter().find(|t| t.product_id == ids[0]).unwrap();
    assert!(t.last_error.is_none() && t.active_offers > 0, "{t:?}");
    assert_history_matches(&app, &offers.control()).await;
    // A bad refresh token adds nothing.
    let before = app.list_shops().await.unwrap().len();
    let refused = app.add_offers_service("Otra", &offers.base_url(), "wrong").await.unwrap_err();
    assert_eq!(refused.code, storedesk_core::ErrorCode::InvalidGrant);
    assert_eq!(app.list_shops().await.unwrap().len(), before);
}

/// The price a listing has at the marketplace simulator, in cents.
fn marketplace_price(mp: &SimHandle, remote_id: &str) -> i64 {
    let v = &mp.control().item(remote_id).unwrap()["price"];
    let text = v.to_string();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    whole.parse::<i64>().unwrap() * 100 + format!("{frac:0<2}")[..2].parse::<i64>().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rule_follows_a_scripted_market_within_its_floor_and_ceiling() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(now_ms()));
    let app = open_with_clock(dir.path(), clock.clone()).await;
    // The store's clock moves a minute a step; a JWT living a day outlasts the test on either clock.
    let (mp, offers, store, service) = store_and_service(&app, 10, Duration::from_secs(86_400)).await;
    let product = app
        .list_products(&ProductQuery { limit: 10, ..Default::default() })
        .await
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.variant_count == 0 && r.state == storedesk_core::model::ListingState::Active)
        .expect("a plain active listing");
    app.track_products(&[product.id], None).await.unwrap();
    refresh(&app, service).await;
    let registration = app.tracked_products(10).await.unwrap()[0].remote_id.clone();
    let ars = |minor: i64| Money { minor, currency: product.price.currency.clone() };
    let rule = RepriceRule {
        minus: ars(1_000),
        minus_bp: 0,
        floor: ars(1_500_000),
        ceiling: ars(3_000_000),
        min_step: ars(500),
        every_seconds: 60,
        last_change_at: None,
    };
    app.set_reprice_rule(product.id, &rule).await.unwrap();
    // (lowest offer in whole pesos, the marketplace price after, in cents)
    let series = [
        (20_000, 1_999_000),
        (18_990, 1_898_000),
        (14_000, 1_500_000),
        (40_000, 3_000_000),
        (29_995, 2_998_500),
        (29_997, 2_998_500),
    ];
    for (n, (lowest, expected)) in series.into_iter().enumerate() {
        let offers_now = [
            ("0e2c7b8a-1111-4a4a-8b8b-000000000001", lowest, 5),
            ("0e2c7b8a-2222-4a4a-8b8b-000000000002", lowest + 500, 3),
        ];
        assert!(offers.control().set_offers(&registration, &offers_now));
        clock.advance(61_000);
        refresh(&app, service).await;
        app.push_now(Some(store)).await.unwrap();
        assert_eq!(marketplace_price(&mp, &product.remote_id), expected, "step {n}: lowest {lowest}");
        app.sync_once(store, &[SyncResource::Products], &StopSignal::never(), |_| {}).await.unwrap();
    }
    let sent = app
        .list_outbox(&OutboxQuery { status: Some(OutboxStatus::Sent), limit: 50, ..Default::default() })
        .await
        .unwrap()
        .rows;
    assert_eq!(sent.len(), 5, "one edit per change, none for a change under the step");
    assert!(
        sent.iter().all(|e| e.reason.as_deref().is_some_and(|r| r.starts_with("lowest offer"))),
        "each with its reason"
    );
    assert!(sent
        .iter()
        .all(|e| matches!(&e.value, EditValue::Price(m) if m.minor >= 1_500_000 && m.minor <= 3_000_000)));

    // A person's edit waiting to be sent: the rule holds off, whatever the market does.
    let manual = EditRequest {
        product_id: product.id,
        variant_remote_id: None,
        value: EditValue::Price(ars(2_222_200)),
        reason: None,
        location_id: None,
    };
    app.edit_product(&manual).await.unwrap();
    offers.control().set_offers(&registration, &[("0e2c7b8a-1111-4a4a-8b8b-000000000001", 17_000, 5)]);
    clock.advance(61_000);
    refresh(&app, service).await;
    let preview = app.reprice_preview().await.unwrap();
    assert!(preview[0].proposed.is_none() && preview[0].reason.contains("person"), "{preview:?}");
    app.push_now(Some(store)).await.unwrap();
    assert_eq!(marketplace_price(&mp, &product.remote_id), 2_222_200, "the person's price went out, not the rule's");
    // Once it is sent, the rule goes on (16,990.00 from 17,000 less 10); turned off, it stops.
    let next = app.reprice_preview().await.unwrap();
    assert_eq!(next[0].proposed.as_ref().map(|m| m.minor), Some(1_699_000), "{next:?}");
    assert!(app.clear_reprice_rule(product.id).await.unwrap());
    assert!(app.reprice_preview().await.unwrap().is_empty());
}
