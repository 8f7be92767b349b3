//! `make bench`: pushing edits to the simulator behind a rate limit. Prints, never asserts.
//!
//! BENCH_EDITS edits (price and stock of BENCH_EDITS / 2 listings; the stock of a listing with variations
//! goes to one of its variations), pushed to a simulator that accepts BENCH_PUSH_RATE requests/s:
//! edits/s, the request rate achieved / the limit, 429s as a share, and requests per edit (a multiget per
//! 20 listings to compare before sending, then one PUT per listing).

use std::time::{Duration, Instant};

use storedesk_app::{App, AppOptions, ConnectHow, NewShopWithApp, Role};
use storedesk_core::model::{EditRequest, EditValue, ProductQuery, ShopKind, SyncResource};
use storedesk_core::sync::StopSignal;
use storedesk_core::vault::KeySource;
use storedesk_core::Money;
use storedesk_sim::{RateLimit, SimConfig};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let edits = env("BENCH_EDITS", 1_000);
    let rate = env("BENCH_PUSH_RATE", 50) as f64;
    let listings = edits / 2;
    let sim =
        storedesk_sim::spawn(SimConfig { items: listings * 2, orders: 0, auto_approve: true, ..SimConfig::default() })
            .await
            .expect("sim");
    let dir = tempfile::tempdir().expect("dir");
    let options = AppOptions { key_source: Some(KeySource::FileOnly), ..AppOptions::new(dir.path(), Role::Guest) };
    let app = App::open_with(options).await.expect("app");
    let shop = app
        .add_shop_with_app(NewShopWithApp {
            kind: ShopKind::Mercadolibre,
            name: "bench".into(),
            site: Some("MLA".into()),
            api_base: Some(sim.base_url()),
            auth_base: Some(sim.base_url()),
            client_id: "storedesk-demo".into(),
            client_secret: "demo-secret".into(),
        })
        .await
        .expect("shop")
        .id;
    let start = app.begin_connect(shop, ConnectHow::Loopback).await.expect("begin");
    let browser = tokio::spawn(reqwest::get(start.authorize_url));
    app.wait_connect(start.attempt_id).await.expect("connected");
    let _ = browser.await;
    app.sync_once(shop, &[SyncResource::Products], &StopSignal::never(), |_| {}).await.expect("sync");

    let q = ProductQuery { limit: 500, ..Default::default() };
    let mut rows = Vec::new();
    let mut page = app.list_products(&q).await.expect("list");
    loop {
        rows.extend(page.rows.iter().filter(|r| r.state != storedesk_core::model::ListingState::Closed).cloned());
        match page.next_cursor.clone() {
            Some(c) if (rows.len() as u64) < listings => {
                page = app.list_products(&ProductQuery { cursor: Some(c), ..q.clone() }).await.expect("list")
            }
            _ => break,
        }
    }
    rows.truncate(listings as usize);
    let mut queued = 0;
    for (n, p) in rows.iter().enumerate() {
        let price = Money { minor: 10_000 + n as i64, currency: p.price.currency.clone() };
        let detail = app.get_product(p.id).await.expect("product");
        let variant = detail.variants.first().map(|v| v.remote_id.clone());
        let reqs = [
            EditRequest {
                product_id: p.id,
                variant_remote_id: None,
                value: EditValue::Price(price),
                reason: None,
                location_id: None,
            },
            EditRequest {
                product_id: p.id,
                variant_remote_id: variant,
                value: EditValue::Stock(500 + n as i64),
                reason: None,
                location_id: None,
            },
        ];
        for req in &reqs {
            queued += usize::from(app.edit_product(req).await.expect("edit").is_some());
        }
    }

    sim.control().set_rate_limit(Some(RateLimit { per_second: rate, burst: 5 }));
    sim.control().reset_stats();
    let started = Instant::now();
    let summary = app.push_now(Some(shop)).await.expect("push");
    let seconds = started.elapsed().as_secs_f64();
    let stats = sim.stats();
    let requests: u64 = stats.requests_by_route.values().sum();
    let accepted = requests - stats.rate_limited;
    println!("push: {queued} edits of {} listings to a simulator limited to {rate} requests/s", rows.len());
    println!(
        "  {:.1} s, {:.1} edits/s, sent {} rejected {} pending {}",
        seconds,
        queued as f64 / seconds,
        summary.sent,
        summary.rejected,
        summary.pending
    );
    println!(
        "  {requests} requests ({:.3} per edit), accepted rate {:.1}/s = {:.3} of the limit, 429s {:.2}%",
        requests as f64 / queued as f64,
        accepted as f64 / seconds,
        accepted as f64 / seconds / rate,
        100.0 * stats.rate_limited as f64 / requests.max(1) as f64
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), app.close()).await;
}
