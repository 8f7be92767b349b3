//! Writes through the API: a PATCH is an outbox row that reaches the marketplace; an Idempotency-Key
//! replays the first answer and never makes a second row; bad input is a problem and changes nothing.

use reqwest::{Method, StatusCode};
use serde_json::json;
use storedesk_api::RatePolicy;
use storedesk_core::model::ApiRole;

use crate::{cents, eventually, World};

#[tokio::test]
async fn a_patch_lands_once_in_the_outbox_and_reaches_the_marketplace() {
    let w = World::start(30, RatePolicy::default()).await;
    let staff = w.key(ApiRole::Service).await;
    let product = w.get("/api/v1/products?limit=5&state=active&sort=title", &staff).await["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["variant_count"] == 0)
        .cloned()
        .expect("a listing without variations");
    let (id, remote) = (product["id"].as_i64().unwrap(), product["remote_id"].as_str().unwrap().to_owned());
    let path = format!("/api/v1/products/{id}");
    let body = json!({ "price": "4321.50", "stock": 12 });
    let idem = [("idempotency-key", "erp-order-sync-0001")];

    let (status, headers, first) = w.call(Method::PATCH, &path, Some(&staff), Some(&body), &idem).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{first}");
    assert!(headers.get("idempotent-replayed").is_none());
    assert_eq!(first["edits"].as_array().unwrap().len(), 2, "price and stock: {first}");
    let (status, headers, again) = w.call(Method::PATCH, &path, Some(&staff), Some(&body), &idem).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(headers["idempotent-replayed"], "true");
    assert_eq!(again, first, "the first answer, replayed");
    let outbox = w.get(&format!("/api/v1/outbox?product_id={id}"), &staff).await;
    assert_eq!(outbox["rows"].as_array().unwrap().len(), 2, "one row per field, not two: {outbox}");

    // The same key for another request is refused, and queues nothing.
    let other = json!({ "price": "1.00" });
    let (status, _, problem) = w.call(Method::PATCH, &path, Some(&staff), Some(&other), &idem).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["code"], "idempotency_key_reused");

    eventually("the price and stock on the marketplace", 30, || async {
        let item = w.sim.control().item(&remote)?;
        (cents(&item["price"]) == 432_150 && item["available_quantity"] == 12).then_some(())
    })
    .await;
    eventually("the edits sent", 30, || async {
        let outbox = w.get(&format!("/api/v1/outbox?product_id={id}&status=sent"), &staff).await;
        (outbox["rows"].as_array().map(Vec::len) == Some(2)).then_some(())
    })
    .await;

    // Bad input: a clear problem, nothing queued, nothing lost.
    for (bad, word) in [
        (json!({ "price": "12.345" }), "price"),
        (json!({ "stock": -3 }), "stock"),
        (json!({ "status": "deleted" }), "deleted"),
        (json!({ "colour": "red" }), "colour"),
        (json!({}), "nothing to change"),
    ] {
        let (status, headers, problem) = w.call(Method::PATCH, &path, Some(&staff), Some(&bad), &[]).await;
        assert!(status.is_client_error(), "{bad}: {status}");
        assert_eq!(headers["content-type"], storedesk_api::PROBLEM_JSON);
        assert!(problem["detail"].as_str().unwrap_or("").contains(word), "{bad}: says why: {problem}");
    }
    let (status, _, _) = w.call(Method::PATCH, "/api/v1/products/999999", Some(&staff), Some(&body), &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let outbox = w.get(&format!("/api/v1/outbox?product_id={id}"), &staff).await;
    assert_eq!(outbox["rows"].as_array().unwrap().len(), 2, "bad requests queued nothing");
    let shown = w.get(&path, &staff).await;
    assert_eq!(shown["product"]["price"]["minor"], 432_150);
}

#[tokio::test]
async fn an_unanswered_claim_is_given_up_and_secrets_are_never_kept_for_a_replay() {
    let w = World::start(10, RatePolicy::default()).await;
    let admin = w.app.create_api_key("admin", ApiRole::Admin).await.unwrap();
    let product =
        w.get("/api/v1/products?limit=1&state=active", &admin.secret).await["rows"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/products/{product}");
    let body = json!({ "stock": 3 });
    let idem = [("idempotency-key", "claimed-then-killed")];

    // A request with this key is under way (claimed in the store, as a killed process would leave it).
    let store = w.app.store();
    let hash = "not this request";
    assert_eq!(
        store.begin_idempotent(admin.key.id, "claimed-then-killed", hash).await.unwrap(),
        storedesk_core::store::Idempotent::Fresh
    );
    let (status, _, problem) = w.call(Method::PATCH, &path, Some(&admin.secret), Some(&body), &idem).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "another request's key: {problem}");
    store.abandon_idempotent(admin.key.id, "claimed-then-killed").await.unwrap();
    let (status, _, _) = w.call(Method::PATCH, &path, Some(&admin.secret), Some(&body), &idem).await;
    assert_eq!(status, StatusCode::ACCEPTED, "given up, the key runs the request");

    // Creating a key twice with one Idempotency-Key makes two keys: the answer holds a secret, never stored.
    let new_key = json!({ "name": "erp", "role": "viewer" });
    let idem = [("idempotency-key", "create-erp-key")];
    let (first, _, a) = w.call(Method::POST, "/api/v1/keys", Some(&admin.secret), Some(&new_key), &idem).await;
    let (second, _, b) = w.call(Method::POST, "/api/v1/keys", Some(&admin.secret), Some(&new_key), &idem).await;
    assert_eq!((first, second), (StatusCode::CREATED, StatusCode::CREATED));
    assert_ne!(a["secret"], b["secret"]);
    let kept: Vec<String> =
        sqlx::query_scalar("SELECT ifnull(body, '') FROM idempotent_answers").fetch_all(store.pool()).await.unwrap();
    assert!(kept.iter().all(|body| !body.contains("sd_")), "no key secret kept: {kept:?}");
}
