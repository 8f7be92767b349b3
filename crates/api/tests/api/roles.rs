//! The role matrix: every route, every role and no key, from one table (ROUTES' access rules).

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use storedesk_api::{Access, RatePolicy, ROUTES};
use storedesk_core::model::ApiRole;

use crate::World;

/// Who may pass each rule: the contract the table below is checked against, written out by hand.
fn may(access: Access, role: Option<ApiRole>) -> bool {
    use ApiRole::*;
    match (access, role) {
        (Access::Public, _) => true,
        (_, None) => false,
        (Access::Metrics | Access::Read, Some(_)) => true,
        (Access::Edit, Some(r)) => matches!(r, Staff | Service | Admin),
        (Access::SeeKeys, Some(r)) => matches!(r, Staff | Admin),
        (Access::Admin, Some(r)) => r == Admin,
    }
}

/// A concrete request for a route: its path with real ids, and a body that is right for it. Routes
/// that use something up (revoke, remove) get a fresh one each time.
async fn request_for(w: &World, method: &str, template: &str) -> (String, Option<Value>) {
    use storedesk_core::model::{ListingState, OrderQuery, ProductQuery};
    let products = ProductQuery { state: Some(ListingState::Active), limit: 1, ..Default::default() };
    let product = w.app.list_products(&products).await.unwrap().rows[0].id;
    let order = w.app.list_orders(&OrderQuery { limit: 1, ..Default::default() }).await.unwrap().rows[0].id;
    let id = match template {
        t if t.starts_with("/api/v1/shops/") => w.shop,
        t if t.starts_with("/api/v1/products/") => product,
        t if t.starts_with("/api/v1/orders/") => order,
        t if t.starts_with("/api/v1/outbox/") => {
            // An edit stuck on a closed listing: retry, discard and resolve all have something to act on.
            let stock = 7 + (getrandom::u32().unwrap_or(0) % 1000) as i64;
            let change = storedesk_app::ListingChange { stock: Some(stock), ..Default::default() };
            w.app.patch_product(product, None, &change).await.expect("an edit")[0].id
        }
        "/api/v1/keys/{id}" => w.app.create_api_key("to revoke", ApiRole::Viewer).await.unwrap().key.id,
        t if t.starts_with("/api/v1/webhooks/") => {
            w.app.add_webhook("http://127.0.0.1:9/hook", &["order.created".into()]).await.unwrap().webhook.id
        }
        "/api/v1/webhook-deliveries/{id}/redeliver" => {
            let hook = w.app.add_webhook("http://127.0.0.1:9/hook", &["product.changed".into()]).await.unwrap();
            w.app
                .patch_product(
                    product,
                    None,
                    &storedesk_app::ListingChange { price: Some("777.00".into()), ..Default::default() },
                )
                .await
                .unwrap();
            w.sim.control().reprice_items(3);
            let deliveries = w.app.webhook_deliveries(Some(hook.webhook.id), 1).await.unwrap();
            match deliveries.first() {
                Some(d) => d.id,
                None => 1,
            }
        }
        _ => 0,
    };
    let path = template.replace("{id}", &id.to_string());
    let plain = ProductQuery { limit: 50, ..Default::default() };
    let plain = w.app.list_products(&plain).await.unwrap().rows.into_iter().find(|p| p.variant_count == 0).unwrap();
    let unit = json!({ "shop_id": plain.shop_id, "remote_id": plain.remote_id });
    let body = match (method, template) {
        ("PATCH", _) => Some(json!({ "stock": 5 })),
        ("POST", "/api/v1/catalogue/links") => Some(json!({ "unit": unit, "sku": "MATRIX-1" })),
        ("POST", "/api/v1/catalogue/unlinks") => Some(unit),
        ("POST", "/api/v1/catalogue/merges") => {
            // A merge uses its `from` item up: two fresh items each time.
            let unit = storedesk_core::model::ListingUnit {
                shop_id: plain.shop_id,
                remote_id: plain.remote_id.clone(),
                variation_id: None,
            };
            let n = getrandom::u32().unwrap_or(0);
            let (from, into) = (format!("MERGE-{n}-A"), format!("MERGE-{n}-B"));
            w.app.link_listing(&unit, &into).await.unwrap();
            w.app.link_listing(&unit, &from).await.unwrap();
            Some(json!({ "from_sku": from, "into_sku": into }))
        }
        ("POST", "/api/v1/catalogue/bulk-edits") => {
            Some(json!({ "item_ids": [], "change": { "kind": "adjust_percent", "percent": "0" }, "preview": true }))
        }
        ("POST", "/api/v1/outbox/{id}/resolve") => Some(json!({ "resolution": "keep_mine" })),
        ("POST", "/api/v1/sync-runs") => Some(json!({ "resource": "orders" })),
        ("POST", "/api/v1/keys") => Some(json!({ "name": "made by the matrix", "role": "viewer" })),
        ("POST", "/api/v1/webhooks") => Some(json!({ "url": "http://127.0.0.1:9/hook", "events": ["order.changed"] })),
        ("PUT", _) => Some(serde_json::to_value(w.app.sync_settings().await.unwrap()).unwrap()),
        _ => None,
    };
    (path, body)
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_table_says() {
    let w = World::start(40, RatePolicy::default()).await;
    let mut keys = vec![(None, None)];
    for role in ApiRole::ALL {
        keys.push((Some(role), Some(w.key(role).await)));
    }
    let mut checked = 0;
    for route in ROUTES {
        for (role, key) in &keys {
            let (path, body) = request_for(&w, route.method, route.path).await;
            let method = Method::from_bytes(route.method.as_bytes()).unwrap();
            let (status, _, answer) = w.call(method, &path, key.as_deref(), body.as_ref(), &[]).await;
            let who = role.map_or("no key", |r| r.as_str());
            let expected_pass = may(route.access, *role);
            if !expected_pass {
                let want = if key.is_none() { StatusCode::UNAUTHORIZED } else { StatusCode::FORBIDDEN };
                assert_eq!(status, want, "{} {} as {who}: {answer}", route.method, route.path);
                assert!(answer["code"].is_string(), "a problem document: {answer}");
            } else {
                // Passed the check: the handler's own answer. Retrying an edit that was not rejected and
                // resolving one that is not in conflict are the refusals the table provokes on purpose
                // (the edit is pending), and they come from the outbox, not from the key check.
                let by_the_outbox = (route.path.ends_with("/retry") || route.path.ends_with("/resolve"))
                    && status == StatusCode::UNPROCESSABLE_ENTITY
                    && answer["code"] == "invalid_input";
                let ok = status.is_success() || by_the_outbox;
                assert!(ok, "{} {} as {who}: {status} {answer}", route.method, route.path);
            }
            checked += 1;
        }
    }
    assert_eq!(checked, ROUTES.len() * 5);

    // HEAD is answered by the GET handler: it needs GET's key and role, and says nothing without one.
    let viewer = keys[1].1.as_deref().unwrap();
    for route in ROUTES.iter().filter(|r| r.method == "GET" && r.access != Access::Public) {
        let (path, _) = request_for(&w, "GET", route.path).await;
        let (status, headers, _) = w.call(Method::HEAD, &path, None, None, &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "HEAD {path} without a key");
        assert!(headers.get("content-length").is_none_or(|l| l == "0" || l.to_str().is_ok_and(|n| n.len() < 4)));
        let (status, _, _) = w.call(Method::HEAD, &path, Some(viewer), None, &[]).await;
        let want = if may(route.access, Some(ApiRole::Viewer)) { 200 } else { 403 };
        assert_eq!(status.as_u16(), want, "HEAD {path} as viewer");
    }
    // A method a route does not have is a problem naming the ones it has, whoever asks.
    let (status, headers, problem) = w.call(Method::DELETE, "/api/v1/orders", None, None, &[]).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(headers["allow"], "GET");
    assert_eq!(problem["code"], "method_not_allowed");
}

#[tokio::test]
async fn a_revoked_key_is_refused_at_once_and_a_busy_key_is_slowed_with_ratelimit_headers() {
    use std::num::NonZeroU32;
    let rate = RatePolicy { per_second: NonZeroU32::new(1).unwrap(), burst: NonZeroU32::new(5).unwrap() };
    let w = World::start(10, rate).await;
    let key = w.app.create_api_key("busy", ApiRole::Viewer).await.unwrap();
    let (status, headers, _) = w.call(Method::GET, "/api/v1/shops", Some(&key.secret), None, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["ratelimit-limit"], "5");
    assert_eq!(headers["ratelimit-remaining"], "4");
    let mut refused = None;
    for _ in 0..10 {
        let (status, headers, body) = w.call(Method::GET, "/api/v1/shops", Some(&key.secret), None, &[]).await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            refused = Some((headers, body));
            break;
        }
    }
    let (headers, body) = refused.expect("the sixth request within a second is refused");
    assert!(headers["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(body["code"], "rate_limited");
    // Another key has its own bucket.
    let other = w.key(ApiRole::Viewer).await;
    assert_eq!(w.call(Method::GET, "/api/v1/shops", Some(&other), None, &[]).await.0, StatusCode::OK);

    w.app.revoke_api_key(key.key.id).await.unwrap();
    let (status, headers, body) = w.call(Method::GET, "/api/v1/shops", Some(&key.secret), None, &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(headers["www-authenticate"], "Bearer");
    let listed = w.app.list_api_keys().await.unwrap();
    let revoked = listed.iter().find(|k| k.id == key.key.id).unwrap();
    assert!(revoked.revoked_at.is_some() && revoked.last_used_at.is_some());
    // The secret itself is nowhere in the database.
    let db = std::fs::read(w.app.data_dir().join("storedesk.db")).unwrap_or_default();
    assert!(!db.windows(key.secret.len()).any(|win| win == key.secret.as_bytes()));
}
