//! The ShipBob-like warehouse (API 2026-07) over real HTTP.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use storedesk_sim::warehouse::{self, RateWindow, RetiredAnswer, WarehouseConfig};

const TOKEN: &str = "pat-test";

async fn warehouse(rate: RateWindow) -> warehouse::WarehouseHandle {
    warehouse::spawn(WarehouseConfig { tokens: vec![TOKEN.into()], channel_id: 77, rate, ..Default::default() })
        .await
        .unwrap()
}

fn order(reference: &str) -> Value {
    json!({
        "reference_id": reference,
        "type": "DTC",
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
async fn orders_are_created_once_per_reference_listed_by_page_and_cancelled_until_picked() {
    let w = warehouse(RateWindow { calls: 10_000, window: Duration::from_secs(60) }).await;
    // Auth and channel.
    let anonymous = reqwest::get(format!("{}/2026-07/channel", w.base_url())).await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert!(anonymous.text().await.unwrap().is_empty(), "401 has an empty body");
    // Channels: a cursor-paged object, the read-only default first.
    let channels: Value = get(&w, "/2026-07/channel").await.json().await.unwrap();
    let items = channels["items"].as_array().unwrap();
    assert!(items.iter().any(|c| c["id"] == 77 && c["scopes"].to_string().contains("orders_write")), "{channels}");
    assert!(channels["next"].is_null());
    let first: Value = get(&w, "/2026-07/channel?RecordsPerPage=1").await.json().await.unwrap();
    assert_eq!(first["items"][0]["id"], 78);
    let next = first["next"].as_str().unwrap();
    let second: Value = reqwest::Client::new().get(next).bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap();
    assert_eq!((second["items"][0]["id"].as_u64(), second["next"].is_null()), (Some(77), true));
    assert_eq!(post(&w, "/2026-07/order", None, &order("R1")).await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(post(&w, "/2026-07/order", Some("78"), &order("R1")).await.status(), StatusCode::FORBIDDEN);

    // Validation: a map of field -> messages.
    let mut bad = order("R0");
    bad["recipient"]["address"]["country"] = json!("Argentina");
    bad["products"][0]["reference_id"] = json!("NEW-SKU");
    bad["products"][0].as_object_mut().unwrap().remove("name");
    bad.as_object_mut().unwrap().remove("type");
    let resp = post(&w, "/2026-07/order", Some("77"), &bad).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let errors: Value = resp.json().await.unwrap();
    assert!(errors["Recipient.Address.Country"].is_array() && errors["Products[0].Name"].is_array(), "{errors}");
    assert!(errors["Type"].is_array(), "type is required since the dated versions: {errors}");

    // Created once; the second time a 422 that does not say which order exists.
    let created = post(&w, "/2026-07/order", Some("77"), &order("R1")).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(
        (created["status"].as_str(), created["shipments"][0]["status"].as_str()),
        (Some("Processing"), Some("Processing"))
    );
    let dup = post(&w, "/2026-07/order", Some("77"), &order("R1")).await;
    assert_eq!(dup.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let dup: Value = dup.json().await.unwrap();
    assert!(dup["ReferenceId"][0].as_str().unwrap().starts_with("Duplicate reference ID"), "{dup}");
    assert!(!dup.to_string().contains(&created["id"].to_string()), "it does not say which order: {dup}");
    // Found by reference instead.
    let found = get(&w, "/2026-07/order?ReferenceIds=R1").await;
    assert!(found.headers().contains_key("x-remaining-calls"));
    let found: Value = found.json().await.unwrap();
    assert_eq!(found[0]["id"], created["id"]);

    // Paged by number, with no paging headers: the short page is the last.
    for n in 2..=7 {
        post(&w, "/2026-07/order", Some("77"), &order(&format!("R{n}"))).await;
    }
    let refs_of = |page: Value| -> Vec<String> {
        page.as_array().unwrap().iter().map(|o| o["reference_id"].as_str().unwrap().to_owned()).collect()
    };
    let page = get(&w, "/2026-07/order?Limit=3&Page=2&SortOrder=Oldest").await;
    for h in ["page-number", "total-count", "total-pages", "next-page"] {
        assert!(!page.headers().contains_key(h), "{h} is not a 2026-07 header");
    }
    assert_eq!(refs_of(page.json().await.unwrap()), ["R4", "R5", "R6"]);
    let last: Value = get(&w, "/2026-07/order?Limit=3&Page=3&SortOrder=Oldest").await.json().await.unwrap();
    assert_eq!(refs_of(last), ["R7"]);

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
    let changed: Value = get(&w, &format!("/2026-07/order?{q}")).await.json().await.unwrap();
    let refs: Vec<&str> = changed.as_array().unwrap().iter().map(|o| o["reference_id"].as_str().unwrap()).collect();
    assert_eq!(refs.len(), 2, "{refs:?}");
    let shipped = changed.as_array().unwrap().iter().find(|o| o["reference_id"] == "R2").unwrap();
    assert_eq!(shipped["status"], "Fulfilled");
    assert_eq!(shipped["shipments"][0]["tracking"]["tracking_number"], "9400111899560000000001");
    assert!(shipped["shipments"][0]["delivery_date"].is_string(), "delivered shows as a delivery date");
    assert_eq!(shipped["shipments"][0]["status"], "Completed", "and the status stays Completed");

    // Cancel: refused once picked, done otherwise, harmless twice.
    let refused: Value =
        post(&w, &format!("/2026-07/order/{r3}:cancel"), Some("77"), &json!({})).await.json().await.unwrap();
    assert_eq!(refused["status"], "Failure");
    assert_eq!(refused["canceled_shipment_results"][0]["is_success"], false);
    let r4 = control.order_by_reference("R4").unwrap().id;
    for _ in 0..2 {
        let done: Value =
            post(&w, &format!("/2026-07/order/{r4}:cancel"), Some("77"), &json!({})).await.json().await.unwrap();
        assert_eq!((done["status"].as_str(), done["order"]["status"].as_str()), (Some("Success"), Some("Cancelled")));
    }
    // A shipped order is not in a cancellable state: a 422 with a field map.
    let shipped = post(&w, &format!("/2026-07/order/{r2}:cancel"), Some("77"), &json!({})).await;
    assert_eq!(shipped.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(shipped.json::<Value>().await.unwrap()["OrderId"][0].as_str().unwrap().contains("cancellable"));
    // The 1.0 form of the action is no route, and the action needs the channel.
    let slash = post(&w, &format!("/2026-07/order/{r4}/cancel"), Some("77"), &json!({})).await;
    assert_eq!(slash.status(), StatusCode::NOT_FOUND);
    let no_channel = post(&w, &format!("/2026-07/order/{r4}:cancel"), None, &json!({})).await;
    assert_eq!(no_channel.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn legacy_versions_answer_as_retired_and_so_may_the_current_one() {
    let w = warehouse(RateWindow::default()).await;
    for path in ["/1.0/channel", "/1.0/order?Limit=250", "/2.0/order"] {
        let r = get(&w, path).await;
        assert_eq!(r.status(), StatusCode::GONE, "{path}");
        let body: Value = r.json().await.unwrap();
        assert!(body["detail"].as_str().unwrap().contains("no longer supported"), "{body}");
    }
    w.control().set_retired_answer(RetiredAnswer::NotFound);
    let r = get(&w, "/1.0/order").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.json::<Value>().await.unwrap()["message"].as_str().unwrap().contains("version 1.0"));
    assert_eq!(post(&w, "/1.0/order", Some("77"), &order("OLD")).await.status(), StatusCode::NOT_FOUND);
    assert!(w.control().order_by_reference("OLD").is_none(), "a retired version creates nothing");

    w.control().retire_current_version(Some(RetiredAnswer::Gone));
    assert_eq!(get(&w, "/2026-07/channel").await.status(), StatusCode::GONE);
    w.control().retire_current_version(None);
    assert_eq!(get(&w, "/2026-07/channel").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn products_and_inventory_levels_page_by_cursor_and_count_what_orders_commit() {
    let w = warehouse(RateWindow { calls: 10_000, window: Duration::from_secs(60) }).await;
    let control = w.control();
    for n in 0..5 {
        control.set_on_hand(&format!("SKU-{n}"), &format!("Item {n}"), 10);
    }
    // An order of 2 x MATE-1 makes the product; 3 units are on the shelf.
    control.set_on_hand("MATE-1", "Mate", 3);
    post(&w, "/2026-07/order", Some("77"), &order("S1")).await;
    let mate = control.inventory("MATE-1").unwrap();
    assert_eq!((mate.on_hand, mate.committed), (3, 2));

    // SKU -> variant -> inventory id, matched exactly.
    let found: Value = get(&w, "/2026-07/product?SKU=MATE-1").await.json().await.unwrap();
    let items = found["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{found}");
    assert_eq!(items[0]["variants"][0]["inventory"]["inventory_id"], mate.inventory_id);
    let none: Value = get(&w, "/2026-07/product?SKU=MATE").await.json().await.unwrap();
    assert!(none["items"].as_array().unwrap().is_empty(), "SKU is an exact match");

    // Levels: fulfillable is on hand less committed; the pages follow `next` to the end.
    let one: Value = get(&w, &format!("/2026-07/inventory-level/{}", mate.inventory_id)).await.json().await.unwrap();
    assert_eq!(
        (
            one["total_on_hand_quantity"].as_i64(),
            one["total_committed_quantity"].as_i64(),
            one["total_fulfillable_quantity"].as_i64()
        ),
        (Some(3), Some(2), Some(1))
    );
    let mut url = format!("{}/2026-07/inventory-level?PageSize=2", w.base_url());
    let mut skus = Vec::new();
    loop {
        let page: Value =
            reqwest::Client::new().get(&url).bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap();
        skus.extend(page["items"].as_array().unwrap().iter().map(|i| i["sku"].as_str().unwrap().to_owned()));
        match page["next"].as_str() {
            Some(next) => url = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(skus.len(), 6, "{skus:?}");
    let ids = format!("/2026-07/inventory-level?InventoryIds={}", mate.inventory_id);
    let by_id: Value = get(&w, &ids).await.json().await.unwrap();
    assert_eq!(by_id["items"].as_array().unwrap().len(), 1);

    // Shipping takes the units off the shelf and out of committed.
    assert!(control.ship(control.order_by_reference("S1").unwrap().id, "USPS", "1Z"));
    let mate = control.inventory("MATE-1").unwrap();
    assert_eq!((mate.on_hand, mate.committed), (1, 0));

    // Errors are ProblemDetails here.
    let bad = get(&w, "/2026-07/inventory-level?PageSize=1000").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(bad.json::<Value>().await.unwrap()["status"], 400);
    let missing = get(&w, "/2026-07/inventory-level/1").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.json::<Value>().await.unwrap()["title"].is_string());
}

#[tokio::test]
async fn the_sliding_window_answers_429_with_x_retry_after_and_a_lost_answer_still_creates() {
    let w = warehouse(RateWindow { calls: 5, window: Duration::from_secs(2) }).await;
    let mut remaining = Vec::new();
    for _ in 0..5 {
        let r = get(&w, "/2026-07/channel").await;
        assert_eq!(r.status(), StatusCode::OK);
        remaining.push(r.headers()["x-remaining-calls"].to_str().unwrap().to_owned());
    }
    assert_eq!(remaining, ["4", "3", "2", "1", "0"]);
    let limited = get(&w, "/2026-07/channel").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = limited.headers()["x-retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&wait));
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["statusCode"], 429);
    assert!(body["message"].as_str().unwrap().starts_with("Rate limit is exceeded."));
    tokio::time::sleep(Duration::from_secs(wait)).await;
    assert_eq!(get(&w, "/2026-07/channel").await.status(), StatusCode::OK);
    assert_eq!(w.stats().past_the_limit_after_429, 0);

    // The answer of a create is lost: the order exists anyway.
    tokio::time::sleep(Duration::from_secs(2)).await;
    w.control().lose_create_answers(1);
    let lost = reqwest::Client::new()
        .post(format!("{}/2026-07/order", w.base_url()))
        .bearer_auth(TOKEN)
        .header("shipbob_channel_id", "77")
        .json(&order("LOST-1"))
        .send()
        .await;
    assert!(lost.is_err(), "no answer came");
    assert!(w.control().order_by_reference("LOST-1").is_some());
}
