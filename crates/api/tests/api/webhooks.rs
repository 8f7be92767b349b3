//! Webhooks out: a receiver that fails the first three deliveries still gets every event in the end,
//! once each (by `webhook-id`), in order per entity, each signed; stopping the deliverer mid-delivery and
//! starting another loses none.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use storedesk_api::RatePolicy;
use storedesk_core::model::{DeliveryStatus, ProductQuery, SyncResource};
use storedesk_core::sync::StopSignal;

use crate::{eventually, World};

#[derive(Default)]
struct Received {
    /// Requests seen, answered or not.
    calls: usize,
    /// (webhook-id, entity, body) of the deliveries answered 2xx, in arrival order.
    accepted: Vec<(String, String, String)>,
    bad_signatures: usize,
}

struct Receiver {
    key: Vec<u8>,
    received: Mutex<Received>,
    /// Calls before this many are answered 500.
    fail_first: usize,
    /// Hold the first accepted call this long (the deliverer is stopped meanwhile).
    hold_once: Mutex<Option<Duration>>,
}

async fn receive(State(r): State<Arc<Receiver>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let text = String::from_utf8_lossy(&body).to_string();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let (id, ts) = (header("webhook-id"), header("webhook-timestamp").parse::<i64>().unwrap_or(0));
    let signed = storedesk_app::webhooks::signature(&r.key, &id, ts, &text);
    let calls = {
        let mut got = r.received.lock().unwrap();
        got.calls += 1;
        if header("webhook-signature") != signed {
            got.bad_signatures += 1;
        }
        got.calls
    };
    if calls <= r.fail_first {
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    let hold = r.hold_once.lock().unwrap().take();
    if let Some(hold) = hold {
        tokio::time::sleep(hold).await;
    }
    let entity = serde_json::from_str::<serde_json::Value>(&text).unwrap()["entity"].as_str().unwrap().to_owned();
    r.received.lock().unwrap().accepted.push((id, entity, text));
    StatusCode::NO_CONTENT
}

#[tokio::test]
async fn a_flaky_receiver_gets_every_event_once_in_order_per_entity_signed() {
    let w = World::start(30, RatePolicy::default()).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    let created = w.app.add_webhook(&url, &["product.changed".into(), "order.created".into()]).await.unwrap();
    let key = base64::engine::general_purpose::STANDARD
        .decode(created.secret.strip_prefix("whsec_").expect("a whsec_ secret"))
        .unwrap();
    let receiver = Arc::new(Receiver {
        key,
        received: Mutex::default(),
        fail_first: 3,
        hold_once: Mutex::new(Some(Duration::from_millis(1_500))),
    });
    let router = axum::Router::new().route("/hooks", axum::routing::post(receive)).with_state(receiver.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });

    // Changes: the marketplace reprices listings (each changes twice) and new orders arrive.
    let resources = [SyncResource::Products, SyncResource::Orders];
    for _ in 0..2 {
        w.sim.control().reprice_items(6);
        w.sim.control().create_orders(2);
        w.app.sync_once(w.shop, &resources, &StopSignal::never(), |_| {}).await.expect("sync");
    }
    // And staff edit a price here (the local row changes at once: an event too).
    let first = w.app.list_products(&ProductQuery { limit: 1, ..Default::default() }).await.unwrap().rows[0].id;
    let change = storedesk_app::ListingChange { price: Some("12345.00".into()), ..Default::default() };
    w.app.patch_product(first, None, &change).await.unwrap();

    // Mid-delivery (the receiver holds a call), the deliverer is stopped and another one started.
    eventually("a delivery in flight", 30, || async { (receiver.received.lock().unwrap().calls > 3).then_some(()) })
        .await;
    drop(w._background);
    let _background = w.app.start_background().expect("a new deliverer");

    let queued = w.app.webhook_deliveries(Some(created.webhook.id), 1_000).await.unwrap();
    assert!(queued.len() >= 10, "the changes queued deliveries: {}", queued.len());
    eventually("every delivery delivered", 120, || async {
        let all = w.app.webhook_deliveries(Some(created.webhook.id), 1_000).await.unwrap();
        all.iter().all(|d| d.status == DeliveryStatus::Delivered).then_some(())
    })
    .await;
    let all = w.app.webhook_deliveries(Some(created.webhook.id), 1_000).await.unwrap();
    let got = receiver.received.lock().unwrap();
    assert_eq!(got.bad_signatures, 0, "every delivery signed with the subscription's secret");
    assert!(got.calls >= all.len() + 3, "the first three failed and were sent again");

    // Once each by webhook-id (a copy sent again after the stop is recognisable as such)...
    let mut first_seen: Vec<&(String, String, String)> = Vec::new();
    for row in &got.accepted {
        if !first_seen.iter().any(|seen| seen.0 == row.0) {
            first_seen.push(row);
        }
    }
    assert_eq!(first_seen.len(), all.len(), "every event arrived");
    // ...and in the order they happened, per entity.
    for delivery in &all {
        let id = storedesk_app::webhooks::message_id(delivery);
        assert!(first_seen.iter().any(|r| r.0 == id), "{id} arrived");
    }
    let mut entities: Vec<&str> = all.iter().map(|d| d.entity.as_str()).collect();
    entities.sort();
    entities.dedup();
    for entity in entities {
        let sent: Vec<i64> = first_seen
            .iter()
            .filter(|r| r.1 == entity)
            .map(|r| r.0.trim_start_matches("msg_").parse().unwrap())
            .collect();
        let mut ordered = sent.clone();
        ordered.sort();
        assert_eq!(sent, ordered, "deliveries of {entity} in order");
    }
}
