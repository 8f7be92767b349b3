//! The ShipBob-like warehouse over real HTTP.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use storedesk_sim::warehouse::{self, RateWindow, WarehouseConfig};

const TOKEN: &str = "pat-test";

async fn warehouse(rate: RateWindow) -> warehouse::WarehouseHandle {
    warehouse::spawn(WarehouseConfig { tokens: vec![TOKEN.into()], channel_id: 77, rate, ..Default::default() })
        .await
        .unwrap()
}

fn order(reference: &str) -> Value {
    json!({
        "reference_id": reference,
        "shipping_method": "Standard",
        "recipient": {"name": "Ana García", "address": {"address1": "Av. Corrientes 1234", "city": "Buenos Aires",
            "state": "CABA", "country": "AR", "zip_code": "1043"}, "email": "ana@example.test"},
        "products": [{"reference_id": "MATE-1", "name": "Mate", "quantity": 2, "unit_price": 10.5, "external_line_id": 1}],
    })
}

async fn post(w: &warehouse::WarehouseHandle, path: &str, channel: Option<&str>, body: &Value) -> reqwest::Response {
    let mut req = reqwest::Client::new().post(format!("{}{path}", w.base_url())).bearer_auth(TOKEN).json(body);
    if let Some(c) = channel {
        req = req.header("shipbob_channel_id", c);
    }
    req.send().await.unwrap()
}

async fn get(w: &warehouse::WarehouseHandle, path: &str) -> reqwest::Response {
    reqwest::Client::new().get(format!("{}{path}", w.base_url())).bearer_auth(TOKEN).send().await.unwrap()
}

#[tokio::test]
async fn orders_are_created_once_per_reference_listed_by_headers_and_cancelled_until_picked() {
    let w = warehouse(RateWindow { calls: 10_000, window: Duration::from_secs(60) }).await;
    // Auth and channel.
    let anonymous = reqwest::get(format!("{}/1.0/channel", w.base_url())).await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert!(anonymous.text().await.unwrap().is_empty(), "401 has an empty body");
    let channels: Value = get(&w, "/1.0/channel").await.json().await.unwrap();
    assert!(channels
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == 77 && c["scopes"].to_string().contains("orders_write")));
    assert_eq!(post(&w, "/1.0/order", None, &order("R1")).await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(post(&w, "/1.0/order", Some("78"), &order("R1")).await.status(), StatusCode::FORBIDDEN);

    // Validation: a map of field -> messages.
    let mut bad = order("R0");
    bad["recipient"]["address"]["country"] = json!("Argentina");
    bad["products"][0]["reference_id"] = json!("NEW-SKU");
    bad["products"][0].as_object_mut().unwrap().remove("name");
    let resp = post(&w, "/1.0/order", Some("77"), &bad).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let errors: Value = resp.json().await.unwrap();
    assert!(errors["Recipient.Address.Country"].is_array() && errors["Products[0].Name"].is_array(), "{errors}");

    // Created once; the second time a 422 that does not say which order exists.
    let created = post(&w, "/1.0/order", Some("77"), &order("R1")).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(
        (created["status"].as_str(), created["shipments"][0]["status"].as_str()),
        (Some("Processing"), Some("Processing"))
    );
    let dup = post(&w, "/1.0/order", Some("77"), &order("R1")).await;
    assert_eq!(dup.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(dup.json::<Value>().await.unwrap(), json!({"": ["Cannot insert order with existing ReferenceId"]}));
    // Found by reference instead.
    let found = get(&w, "/1.0/order?ReferenceIds=R1").await;
    assert!(found.headers().contains_key("x-remaining-calls"));
    let found: Value = found.json().await.unwrap();
    assert_eq!(found[0]["id"], created["id"]);

    // Paging in headers.
    for n in 2..=7 {
        post(&w, "/1.0/order", Some("77"), &order(&format!("R{n}"))).await;
    }
    let page = get(&w, "/1.0/order?Limit=3&Page=2&SortOrder=Oldest").await;
    let h = page.headers().clone();
    assert_eq!(
        (h["page-number"].to_str().unwrap(), h["total-count"].to_str().unwrap(), h["total-pages"].to_str().unwrap()),
        ("2", "7", "3")
    );
    assert!(h.contains_key("next-page"));
    let ids: Vec<String> = page
        .json::<Value>()
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["reference_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["R4", "R5", "R6"]);
    assert!(!get(&w, "/1.0/order?Limit=3&Page=3").await.headers().contains_key("next-page"));

    // The floor moves on; LastUpdateStartDate finds what changed.
    let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    tokio::time::sleep(Duration::from_millis(5)).await;
    let control = w.control();
    let r2 = control.order_by_reference("R2").unwrap().id;
    let r3 = control.order_by_reference("R3").unwrap().id;
    assert!(control.ship(r2, "USPS", "9400111899560000000001"));
    assert!(control.deliver(r2));
    assert!(control.pick(r3));
    let q: String = form_urlencoded::Serializer::new(String::new()).append_pair("LastUpdateStartDate", &since).finish();
    let changed: Value = get(&w, &format!("/1.0/order?{q}")).await.json().await.unwrap();
    let refs: Vec<&str> = changed.as_array().unwrap().iter().map(|o| o["reference_id"].as_str().unwrap()).collect();
    assert_eq!(refs.len(), 2, "{refs:?}");
    let shipped = changed.as_array().unwrap().iter().find(|o| o["reference_id"] == "R2").unwrap();
    assert_eq!(shipped["status"], "Fulfilled");
    assert_eq!(shipped["shipments"][0]["tracking"]["tracking_number"], "9400111899560000000001");
    assert!(shipped["shipments"][0]["delivery_date"].is_string(), "delivered shows as a delivery date");
    assert_eq!(shipped["shipments"][0]["status"], "Completed", "and the status stays Completed");

    // Cancel: refused once picked, done otherwise, harmless twice.
    let refused: Value =
        post(&w, &format!("/1.0/order/{r3}/cancel"), Some("77"), &json!({})).await.json().await.unwrap();
    assert_eq!(refused["status"], "Failure");
    assert_eq!(refused["canceled_shipment_results"][0]["is_success"], false);
    let r4 = control.order_by_reference("R4").unwrap().id;
    for _ in 0..2 {
        let done: Value =
            post(&w, &format!("/1.0/order/{r4}/cancel"), Some("77"), &json!({})).await.json().await.unwrap();
        assert_eq!((done["status"].as_str(), done["order"]["status"].as_str()), (Some("Success"), Some("Cancelled")));
    }
}

#[tokio::test]
async fn the_sliding_window_answers_429_with_x_retry_after_and_a_lost_answer_still_creates() {
    let w = warehouse(RateWindow { calls: 5, window: Duration::from_secs(2) }).await;
    let mut remaining = Vec::new();
    for _ in 0..5 {
        let r = get(&w, "/1.0/channel").await;
        assert_eq!(r.status(), StatusCode::OK);
        remaining.push(r.headers()["x-remaining-calls"].to_str().unwrap().to_owned());
    }
    assert_eq!(remaining, ["4", "3", "2", "1", "0"]);
    let limited = get(&w, "/1.0/channel").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = limited.headers()["x-retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&wait));
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["statusCode"], 429);
    assert!(body["message"].as_str().unwrap().starts_with("Rate limit is exceeded."));
    tokio::time::sleep(Duration::from_secs(wait)).await;
    assert_eq!(get(&w, "/1.0/channel").await.status(), StatusCode::OK);
    assert_eq!(w.stats().past_the_limit_after_429, 0);

    // The answer of a create is lost: the order exists anyway.
    tokio::time::sleep(Duration::from_secs(2)).await;
    w.control().lose_create_answers(1);
    let lost = reqwest::Client::new()
        .post(format!("{}/1.0/order", w.base_url()))
        .bearer_auth(TOKEN)
        .header("shipbob_channel_id", "77")
        .json(&order("LOST-1"))
        .send()
        .await;
    assert!(lost.is_err(), "no answer came");
    assert!(w.control().order_by_reference("LOST-1").is_some());
}
