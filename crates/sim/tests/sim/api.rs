use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{json, Value};
use storedesk_sim::SimConfig;

use crate::*;

async fn connected(config: SimConfig) -> (storedesk_sim::SimHandle, String) {
    let s = sim(SimConfig { auto_approve: true, ..config }).await;
    let (access, _) = connect(&s).await;
    (s, access)
}

/// A date the simulator wrote, as unix ms (answers carry different offsets: compare instants, not text).
fn ms(date: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(date).unwrap_or_else(|e| panic!("{date}: {e}")).timestamp_millis()
}

fn ids(body: &Value) -> Vec<String> {
    body["results"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn items_search_paging_cap_and_scan() {
    let (sim, t) = connected(SimConfig { items: 2500, ..Default::default() }).await;
    let uid = sim.seller_id();
    let base = format!("/users/{uid}/items/search");

    let (status, body) = get(&sim, &t, &base).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["paging"], json!({"total": 2500, "offset": 0, "limit": 50}));
    assert_eq!(body["results"].as_array().unwrap().len(), 50);
    assert_eq!(body["orders"], json!([]));
    assert_eq!(body["available_orders"], json!([]));

    assert_eq!(get(&sim, &t, &format!("{base}?limit=101")).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get(&sim, &t, &format!("{base}?offset=900&limit=100")).await.0, StatusCode::OK);
    let (status, body) = get(&sim, &t, &format!("{base}?offset=950&limit=100")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["status"], 400);
    assert!(body["message"].as_str().unwrap().contains("search_type=scan"), "{body}");
    assert_eq!(get(&sim, &t, &format!("/users/{}/items/search", uid + 1)).await.0, StatusCode::FORBIDDEN);

    // Scan to the end: every id exactly once.
    let (status, mut page) = get(&sim, &t, &format!("{base}?search_type=scan&limit=100")).await;
    assert_eq!(status, StatusCode::OK);
    let mut seen = Vec::new();
    let mut calls = 0;
    loop {
        let got = ids(&page);
        if got.is_empty() {
            break;
        }
        seen.extend(got);
        let scroll = page["scroll_id"].as_str().unwrap().to_string();
        let q: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("search_type", "scan")
            .append_pair("limit", "100")
            .append_pair("scroll_id", &scroll)
            .finish();
        let (status, next) = get(&sim, &t, &format!("{base}?{q}")).await;
        assert_eq!(status, StatusCode::OK);
        page = next;
        calls += 1;
        assert!(calls < 100);
    }
    assert_eq!(seen.len(), 2500);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 2500);
    let (status, body) = get(&sim, &t, &format!("{base}?search_type=scan&scroll_id=bogus")).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_request")));

    // The documented status filters cover all but the items under review, which cannot be listed by status.
    let mut sum = 0;
    for s in ["active", "paused", "closed"] {
        let (status, body) = get(&sim, &t, &format!("{base}?status={s}&limit=1")).await;
        assert_eq!(status, StatusCode::OK);
        sum += body["paging"]["total"].as_u64().unwrap();
    }
    assert!(sum < 2500 && sum > 2300, "{sum}");
    assert_eq!(get(&sim, &t, &format!("{base}?status=under_review")).await.0, StatusCode::BAD_REQUEST);

    // last_updated_desc really sorts.
    let (_, body) = get(&sim, &t, &format!("{base}?sort=last_updated_desc&limit=20")).await;
    let (_, items) = get(&sim, &t, &format!("/items?ids={}&attributes=id,last_updated", ids(&body).join(","))).await;
    let dates: Vec<i64> =
        items.as_array().unwrap().iter().map(|e| ms(e["body"]["last_updated"].as_str().unwrap())).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[tokio::test]
async fn multiget_cap_codes_and_attributes() {
    let (sim, t) = connected(SimConfig::default()).await;
    let (_, search) = get(&sim, &t, &format!("/users/{}/items/search?limit=21", sim.seller_id())).await;
    let all = ids(&search);
    let (status, body) = get(&sim, &t, &format!("/items?ids={}", all.join(","))).await;
    assert_eq!((status, body["status"].as_u64()), (StatusCode::BAD_REQUEST, Some(400)));

    let req = format!("{},MLA1,{}", all[0], all[1]);
    let (status, body) = get(&sim, &t, &format!("/items?ids={req}")).await;
    assert_eq!(status, StatusCode::OK);
    let arr = body.as_array().unwrap();
    assert_eq!(arr.iter().map(|e| e["code"].as_u64().unwrap()).collect::<Vec<_>>(), vec![200, 404, 200]);
    assert_eq!(arr[0]["body"]["id"], all[0].as_str());
    assert_eq!(arr[2]["body"]["id"], all[1].as_str());
    assert_eq!(arr[1]["body"]["message"], "Item not found");
    assert_eq!(arr[1]["body"]["status"], 404);
    let item = &arr[0]["body"];
    for k in [
        "title",
        "price",
        "currency_id",
        "available_quantity",
        "sold_quantity",
        "status",
        "permalink",
        "date_created",
        "last_updated",
        "variations",
    ] {
        assert!(item.get(k).is_some(), "{k}");
    }
    assert!(item.get("seller_custom_field").is_some());
    assert!(item["price"].is_number());
    assert_eq!(item["currency_id"], "ARS");

    let (_, body) = get(&sim, &t, &format!("/items?ids={}&attributes=id,price", all[0])).await;
    let keys: Vec<&String> = body[0]["body"].as_object().unwrap().keys().collect();
    assert_eq!(keys, vec!["id", "price"]);

    let (status, body) = get(&sim, &t, "/items/MLA999").await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
}

#[tokio::test]
async fn item_shape_dates_and_variations() {
    let (sim, t) = connected(SimConfig { items: 400, ..Default::default() }).await;
    let mut with_variations = 0;
    let mut decimals = 0;
    let mut offsets = HashSet::new();
    for offset in (0..400).step_by(100) {
        let (_, search) =
            get(&sim, &t, &format!("/users/{}/items/search?limit=100&offset={offset}", sim.seller_id())).await;
        for chunk in ids(&search).chunks(20) {
            let (_, body) = get(&sim, &t, &format!("/items?ids={}", chunk.join(","))).await;
            for e in body.as_array().unwrap() {
                let it = &e["body"];
                let id = it["id"].as_str().unwrap();
                assert!(id.starts_with("MLA") && id[3..].bytes().all(|b| b.is_ascii_digit()));
                let d = it["last_updated"].as_str().unwrap();
                assert_eq!(d.len(), 29, "{d}");
                assert!(d.as_bytes()[19] == b'.', "{d}");
                offsets.insert(d[23..].to_owned());
                if it["price"].as_f64().unwrap().fract() != 0.0 {
                    decimals += 1;
                }
                let vars = it["variations"].as_array().unwrap();
                if !vars.is_empty() {
                    with_variations += 1;
                    assert!((2..=4).contains(&vars.len()));
                    let sum: i64 = vars.iter().map(|v| v["available_quantity"].as_i64().unwrap()).sum();
                    assert_eq!(sum, it["available_quantity"].as_i64().unwrap());
                    let combo = &vars[0]["attribute_combinations"][0];
                    assert!(combo["id"].is_string() && combo["name"].is_string() && combo["value_name"].is_string());
                }
            }
        }
    }
    assert!((50..=150).contains(&with_variations), "{with_variations}");
    assert!(decimals > 0);
    // Dates come in several offsets, as from different MercadoLibre servers: a client must honour each.
    assert_eq!(offsets, ["-04:00", "-03:00", "+00:00"].iter().map(|o| o.to_string()).collect());
}

#[tokio::test]
async fn put_item_validation() {
    let (sim, t) = connected(SimConfig { control: true, ..Default::default() }).await;
    let (_, search) = get(&sim, &t, &format!("/users/{}/items/search?status=active&limit=100", sim.seller_id())).await;
    let (_, items) = get(&sim, &t, &format!("/items?ids={}", ids(&search)[..20].join(","))).await;
    let items: Vec<&Value> = items.as_array().unwrap().iter().map(|e| &e["body"]).collect();
    let plain = items.iter().find(|i| i["variations"].as_array().unwrap().is_empty()).unwrap();
    let id = plain["id"].as_str().unwrap();
    let path = format!("/items/{id}");

    for bad in [
        json!({"available_quantity": -1}),
        json!({"available_quantity": 1.5}),
        json!({"price": 0}),
        json!({"price": -10}),
        json!({"price": 10.123}),
        json!({"price": "100"}),
        json!({"title": "new title"}),
        json!({"price": 100, "colour": "red"}),
    ] {
        let (status, body) = put(&sim, &t, &path, bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(body["error"], "validation_error", "{bad}");
        assert_eq!(body["status"], 400);
        assert!(body["message"].is_string());
        assert!(!body["cause"].as_array().unwrap().is_empty(), "{bad}");
    }
    let (_, unchanged) = get(&sim, &t, &path).await;
    assert_eq!(&unchanged, *plain);

    let (status, body) = put(&sim, &t, &path, json!({"price": 1234.5, "available_quantity": 7})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["price"], json!(1234.5));
    assert_eq!(body["available_quantity"], 7);
    assert!(body["last_updated"].as_str().unwrap() > plain["last_updated"].as_str().unwrap());
    let (_, again) = get(&sim, &t, &path).await;
    assert_eq!(again, body);

    // Variations: all of them must be sent; the item's stock is their sum.
    if let Some(v) = items.iter().find(|i| i["variations"].as_array().unwrap().len() >= 2) {
        let vpath = format!("/items/{}", v["id"].as_str().unwrap());
        let vars = v["variations"].as_array().unwrap();
        let (status, body) = put(&sim, &t, &vpath, json!({"available_quantity": 3})).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("validation_error")));
        let (status, _) =
            put(&sim, &t, &vpath, json!({"variations": [{"id": vars[0]["id"], "available_quantity": 3}]})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let all: Vec<Value> = vars.iter().map(|x| json!({"id": x["id"], "available_quantity": 4})).collect();
        let (status, body) = put(&sim, &t, &vpath, json!({"variations": all})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["available_quantity"], 4 * vars.len() as u64);
        // An item price is copied to every variation: pricing both in one body is refused.
        let priced: Vec<Value> = vars.iter().map(|x| json!({"id": x["id"], "price": 10})).collect();
        let (status, body) = put(&sim, &t, &vpath, json!({"price": 12, "variations": priced})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["cause"][0]["code"], "item.price.conflict");
    }

    // A closed item refuses updates.
    let closed = sim.control().close_items(1);
    let (status, body) = put(&sim, &t, &format!("/items/{}", closed[0]), json!({"price": 100})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["cause"][0]["code"], "item.closed");
}

async fn all_orders(sim: &storedesk_sim::SimHandle, t: &str, extra: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut offset = 0;
    loop {
        let (status, body) =
            get(sim, t, &format!("/orders/search?seller={}&offset={offset}&limit=51{extra}", sim.seller_id())).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let page = body["results"].as_array().unwrap().clone();
        if page.is_empty() {
            break;
        }
        offset += page.len();
        out.extend(page);
    }
    out
}

#[tokio::test]
async fn orders_search_window_sort_and_caps() {
    let (sim, t) = connected(SimConfig { orders: 300, ..Default::default() }).await;
    let uid = sim.seller_id();
    let (status, body) = get(&sim, &t, &format!("/orders/search?seller={uid}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["paging"], json!({"total": 300, "offset": 0, "limit": 51}));
    assert_eq!(body["sort"]["id"], "date_asc");
    assert!(body.get("query").is_some());

    let all = all_orders(&sim, &t, "").await;
    assert_eq!(all.len(), 300);
    let created: Vec<i64> = all.iter().map(|o| ms(o["date_created"].as_str().unwrap())).collect();
    assert!(created.windows(2).all(|w| w[0] <= w[1]));
    let desc = all_orders(&sim, &t, "&sort=date_desc").await;
    let ids_asc: Vec<u64> = all.iter().map(|o| o["id"].as_u64().unwrap()).collect();
    let mut ids_desc: Vec<u64> = desc.iter().map(|o| o["id"].as_u64().unwrap()).collect();
    ids_desc.reverse();
    assert_eq!(ids_asc, ids_desc);

    // Window on last_updated, bounds inclusive.
    let mut updated: Vec<&str> = all.iter().map(|o| o["last_updated"].as_str().unwrap()).collect();
    updated.sort_by_key(|d| ms(d));
    let (from, to) = (updated[100], updated[199]);
    let within = |d: &str| (ms(from)..=ms(to)).contains(&ms(d));
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("order.date_last_updated.from", from)
        .append_pair("order.date_last_updated.to", to)
        .finish();
    let window = all_orders(&sim, &t, &format!("&{q}")).await;
    let expected = all.iter().filter(|o| within(o["last_updated"].as_str().unwrap())).count();
    assert_eq!(window.len(), expected);
    assert!(window.len() >= 100);
    assert!(window.iter().all(|o| within(o["last_updated"].as_str().unwrap())));

    let paid = all_orders(&sim, &t, "&order.status=paid").await;
    assert!(!paid.is_empty() && paid.iter().all(|o| o["status"] == "paid"));

    // A page may not reach past offset 10000.
    assert_eq!(get(&sim, &t, &format!("/orders/search?seller={uid}&offset=9949&limit=51")).await.0, StatusCode::OK);
    let bad_dates = ["&order.date_last_updated.from=yesterday", "&order.date_last_updated.from=2026-11-01T00:00:00Z"];
    for bad in ["&limit=52", "&offset=10001", "&offset=9950&limit=51", "&sort=price"].iter().chain(&bad_dates) {
        let (status, body) = get(&sim, &t, &format!("/orders/search?seller={uid}{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(body["status"], 400);
    }
    assert_eq!(get(&sim, &t, &format!("/orders/search?seller={}", uid + 1)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(get(&sim, &t, "/orders/search").await.0, StatusCode::BAD_REQUEST);

    // Order shape.
    let o = &all[0];
    for k in [
        "id",
        "status",
        "status_detail",
        "date_created",
        "date_closed",
        "last_updated",
        "pack_id",
        "total_amount",
        "paid_amount",
        "currency_id",
        "order_items",
        "buyer",
        "seller",
        "payments",
        "shipping",
        "tags",
    ] {
        assert!(o.get(k).is_some(), "{k}");
    }
    assert_eq!(o["seller"]["id"], uid);
    let line = &o["order_items"][0];
    for k in ["quantity", "unit_price", "full_unit_price", "currency_id"] {
        assert!(line.get(k).is_some(), "{k}");
    }
    assert!(line["item"]["id"].as_str().unwrap().starts_with("MLA"));
    let (status, one) = get(&sim, &t, &format!("/orders/{}", o["id"])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(&one, o);
    assert_eq!(get(&sim, &t, "/orders/12345").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn shipments_formats_and_ownership() {
    let (sim, t) = connected(SimConfig { orders: 300, ..Default::default() }).await;
    let all = all_orders(&sim, &t, "").await;
    let mut statuses = HashSet::new();
    let sid = all[0]["shipping"]["id"].as_u64().unwrap();
    for o in &all {
        let id = o["shipping"]["id"].as_u64().unwrap();
        let resp = http()
            .get(format!("{}/shipments/{id}", sim.base_url()))
            .bearer_auth(&t)
            .header("x-format-new", "true")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let s: Value = resp.json().await.unwrap();
        for k in [
            "id",
            "status",
            "substatus",
            "date_created",
            "last_updated",
            "tracking_number",
            "tracking_method",
            "logistic",
            "origin",
            "destination",
        ] {
            assert!(s.get(k).is_some(), "{k}");
        }
        statuses.insert(s["status"].as_str().unwrap().to_string());
    }
    for s in ["pending", "handling", "ready_to_ship", "shipped", "delivered", "not_delivered", "cancelled"] {
        assert!(statuses.contains(s), "{s} missing from {statuses:?}");
    }
    // Without the header: the legacy shape.
    let (status, legacy) = get(&sim, &t, &format!("/shipments/{sid}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(legacy.get("logistic").is_none());
    assert_eq!(get(&sim, &t, "/shipments/45000000001").await.0, StatusCode::FORBIDDEN);
    assert_eq!(get(&sim, &t, "/shipments/1").await.0, StatusCode::NOT_FOUND);
}

/// The points where the real API is strict and a careless client breaks (issue #8): scroll ids are opaque
/// base64 pieces with `+ / = :`, and a date's `+hh:mm` offset must be percent-encoded like every value.
#[tokio::test]
async fn unencoded_scroll_ids_and_date_offsets_are_refused_as_the_real_api_does() {
    let (sim, t) = connected(SimConfig { items: 300, orders: 30, ..Default::default() }).await;
    let base = format!("/users/{}/items/search", sim.seller_id());
    let (_, first) = get(&sim, &t, &format!("{base}?search_type=scan&limit=100")).await;
    let scroll = first["scroll_id"].as_str().unwrap().to_string();
    for c in ['+', '/', '=', ':'] {
        assert!(scroll.contains(c), "a scroll id carries {c}: {scroll}");
    }
    // Pasted raw into the query, the `+` arrives as a space: the id is unknown.
    let (status, body) = get(&sim, &t, &format!("{base}?search_type=scan&limit=100&scroll_id={scroll}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["message"], "Invalid or expired scroll_id");
    // Percent-encoded, it is the same scroll, which goes on where it was.
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("search_type", "scan")
        .append_pair("limit", "100")
        .append_pair("scroll_id", &scroll)
        .finish();
    let (status, second) = get(&sim, &t, &format!("{base}?{q}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(second["results"].as_array().unwrap().len(), 100);
    assert_ne!(second["results"][0], first["results"][0]);

    let orders = |from: &str| format!("/orders/search?seller={}&order.date_last_updated.from={from}", sim.seller_id());
    let (status, body) = get(&sim, &t, &orders("2026-01-01T00:00:00.000+03:00")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a raw plus is a space: {body}");
    assert!(body["message"].as_str().unwrap().contains("Invalid date"), "{body}");
    let (status, body) = get(&sim, &t, &orders("2026-01-01T00:00:00.000%2B03:00")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(get(&sim, &t, &orders("2026-01-01T00:00:00.000-03:00")).await.0, StatusCode::OK);
}

/// A one-second access token is issued as such and refused once it has lived its second.
#[tokio::test]
async fn access_tokens_can_live_one_second() {
    let s = sim(SimConfig { auto_approve: true, access_ttl: std::time::Duration::from_secs(1), ..Default::default() })
        .await;
    let code = code(&s).await;
    let (status, body) = exchange(&s, &code, &pkce().0, REDIRECT).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["expires_in"], 1);
    let token = body["access_token"].as_str().unwrap().to_string();
    assert_eq!(get(&s, &token, "/users/me").await.0, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(1_050)).await;
    assert_eq!(get(&s, &token, "/users/me").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(s.stats().expired_token_requests, 1);
}
