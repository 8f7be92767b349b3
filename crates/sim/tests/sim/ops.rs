use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use storedesk_sim::{Faults, RateLimit, SimConfig, Stats};

use crate::*;

#[tokio::test]
async fn rate_limit_429_without_retry_after() {
    let sim = sim(SimConfig {
        auto_approve: true,
        rate_limit: Some(RateLimit { per_second: 0.5, burst: 4 }),
        ..Default::default()
    })
    .await;
    let (t, _) = connect(&sim).await; // one token of the bucket for /oauth/token
    let mut limited = 0;
    for _ in 0..6 {
        let resp = http().get(format!("{}/users/me", sim.base_url())).bearer_auth(&t).send().await.unwrap();
        if resp.status() == StatusCode::TOO_MANY_REQUESTS {
            limited += 1;
            assert!(resp.headers().get("retry-after").is_none());
            let body: Value = resp.json().await.unwrap();
            assert_eq!(
                body,
                json!({"message": "local_rate_limited", "error": "local_rate_limited", "status": 429, "cause": []})
            );
        }
    }
    assert!(limited >= 2, "{limited}");
    assert_eq!(sim.stats().rate_limited, limited);
    // The token endpoint shares the bucket.
    let (status, _) = token_request(&sim, &[("grant_type", "refresh_token")]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn faults_at_full_rate() {
    let sim = auto_sim().await;
    let (t, _) = connect(&sim).await;
    let url = format!("{}/users/me", sim.base_url());

    sim.control().set_faults(Faults { error_rate: 1.0, ..Default::default() });
    for _ in 0..4 {
        let resp = http().get(&url).bearer_auth(&t).send().await.unwrap();
        let status = resp.status();
        assert!(status == StatusCode::INTERNAL_SERVER_ERROR || status == StatusCode::SERVICE_UNAVAILABLE);
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["status"], status.as_u16());
        assert!(body["message"].is_string() && body["error"].is_string() && body["cause"].is_array());
    }

    sim.control().set_faults(Faults { truncate_rate: 1.0, ..Default::default() });
    let resp = http().get(&url).bearer_auth(&t).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let announced: usize = resp.headers()["content-length"].to_str().unwrap().parse().unwrap();
    assert!(announced > 10);
    assert!(resp.bytes().await.is_err(), "a truncated body must fail to read");

    sim.control().set_faults(Faults { drop_rate: 1.0, ..Default::default() });
    let err = http().get(&url).bearer_auth(&t).send().await;
    assert!(err.is_err(), "a dropped connection gives no answer");

    // The OAuth side is not subject to faults.
    let (_, _) = connect(&sim).await;
    sim.control().set_faults(Faults::default());
    let (t, _) = connect(&sim).await;
    assert_eq!(get(&sim, &t, "/users/me").await.0, StatusCode::OK);
}

#[tokio::test]
async fn faults_are_deterministic_from_their_seed() {
    async fn run() -> Vec<u16> {
        let sim = auto_sim().await;
        let (t, _) = connect(&sim).await;
        sim.control().set_faults(Faults { error_rate: 0.5, seed: 9, ..Default::default() });
        let mut out = Vec::new();
        for _ in 0..20 {
            out.push(get(&sim, &t, "/users/me").await.0.as_u16());
        }
        out
    }
    let a = run().await;
    assert_eq!(a, run().await);
    assert!(a.contains(&200) && a.iter().any(|s| *s >= 500), "{a:?}");
}

#[tokio::test]
async fn control_api_off_by_default_and_on_when_asked() {
    let off = sim(SimConfig::default()).await;
    let resp = http().get(format!("{}/_sim/stats", off.base_url())).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let resp = http().post(format!("{}/_sim/tokens/expire", off.base_url())).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);

    let on = sim(SimConfig { control: true, auto_approve: true, ..Default::default() }).await;
    let (t, _) = connect(&on).await;
    let base = on.base_url();
    let (_, before) =
        get(&on, &t, &format!("/users/{}/items/search?sort=last_updated_desc&limit=3", on.seller_id())).await;
    let resp = http().post(format!("{base}/_sim/items/reprice?count=3")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let repriced: Value = resp.json().await.unwrap();
    let repriced: Vec<String> =
        repriced["ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    assert_eq!(repriced.len(), 3);
    // Repriced items are now the most recently updated.
    let (_, after) =
        get(&on, &t, &format!("/users/{}/items/search?sort=last_updated_desc&limit=3", on.seller_id())).await;
    let mut top: Vec<String> =
        after["results"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    top.sort();
    let mut expected = repriced.clone();
    expected.sort();
    assert_eq!(top, expected);
    assert_ne!(before, after);

    let resp = http().post(format!("{base}/_sim/orders/create?count=2")).send().await.unwrap();
    let created: Value = resp.json().await.unwrap();
    assert_eq!(created["ids"].as_array().unwrap().len(), 2);
    let (_, newest) = get(&on, &t, &format!("/orders/search?seller={}&sort=date_desc&limit=2", on.seller_id())).await;
    let got: Vec<u64> = newest["results"].as_array().unwrap().iter().map(|o| o["id"].as_u64().unwrap()).collect();
    let mut want: Vec<u64> = created["ids"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    want.reverse();
    assert_eq!(got, want);
    assert_eq!(newest["paging"]["total"], 202);

    let ship = newest["results"][0]["shipping"]["id"].as_u64().unwrap();
    let (_, s1) = get(&on, &t, &format!("/shipments/{ship}")).await;
    assert_eq!(s1["status"], "handling");
    let resp = http().post(format!("{base}/_sim/shipments/advance?count=1")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let (_, s2) = get(&on, &t, &format!("/shipments/{ship}")).await;
    assert_eq!(s2["status"], "ready_to_ship");

    let resp = http().get(format!("{base}/_sim/stats")).send().await.unwrap();
    let stats: Stats = resp.json().await.unwrap();
    assert_eq!(stats.token_grants, 1);
    assert!(stats.requests_by_route["GET /users/{uid}/items/search"] >= 2);
    assert!(stats.requests_by_route.keys().all(|k| !k.contains("_sim")));
    assert_eq!(stats.requests_by_route["GET /shipments/{id}"], 2);

    let resp = http().put(format!("{base}/_sim/faults")).json(&json!({"error_rate": 1.0})).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(get(&on, &t, "/users/me").await.0.is_server_error());
    http().put(format!("{base}/_sim/faults")).json(&json!({})).send().await.unwrap();
    http().post(format!("{base}/_sim/stats/reset")).send().await.unwrap();
    assert_eq!(on.stats(), Stats::default());

    http().post(format!("{base}/_sim/tokens/expire")).send().await.unwrap();
    assert_eq!(get(&on, &t, "/users/me").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(on.stats().expired_token_requests, 1);
}

#[tokio::test]
async fn same_seed_same_data() {
    async fn snapshot(seed: u64) -> (u64, Value, Value) {
        let sim = sim(SimConfig { auto_approve: true, seed, ..Default::default() }).await;
        let (t, _) = connect(&sim).await;
        let (_, search) = get(&sim, &t, &format!("/users/{}/items/search?limit=20&offset=40", sim.seller_id())).await;
        let ids: Vec<&str> = search["results"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let (_, items) = get(&sim, &t, &format!("/items?ids={}", ids.join(","))).await;
        let (_, orders) = get(&sim, &t, &format!("/orders/search?seller={}&offset=100", sim.seller_id())).await;
        (sim.seller_id(), items, orders)
    }
    let a = snapshot(42).await;
    let b = snapshot(42).await;
    assert_eq!(a, b);
    let c = snapshot(43).await;
    assert_ne!(a.1, c.1);
}

#[tokio::test]
async fn stats_routes_concurrency_and_latency() {
    let sim = sim(SimConfig { auto_approve: true, latency: Duration::from_millis(60), ..Default::default() }).await;
    let (t, _) = connect(&sim).await;
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let url = format!("{}/items/MLA1300000001", sim.base_url());
        let t = t.clone();
        tasks.push(tokio::spawn(async move { http().get(url).bearer_auth(t).send().await.unwrap().status() }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    let _ = http().get(format!("{}/nope", sim.base_url())).send().await.unwrap();
    let s = sim.stats();
    assert_eq!(s.requests_by_route["GET /items/{id}"], 6);
    assert_eq!(s.requests_by_route["POST /oauth/token"], 1);
    assert_eq!(s.requests_by_route["GET /authorization"], 1);
    assert_eq!(s.requests_by_route["GET <unmatched>"], 1);
    assert_eq!(s.status_codes[&200], 7);
    assert_eq!(s.status_codes[&404], 1);
    assert!(s.peak_concurrency >= 2, "{}", s.peak_concurrency);
    sim.shutdown().await;
}

#[tokio::test]
async fn a_large_shop_costs_nothing_until_read() {
    let sim = sim(SimConfig { auto_approve: true, items: 1_000_000, orders: 1_000_000, ..Default::default() }).await;
    let (t, _) = connect(&sim).await;
    let (status, body) = get(&sim, &t, "/items/MLA1300999999").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = get(&sim, &t, &format!("/orders/{}", 2_000_000_999_999u64)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(get(&sim, &t, "/items/MLA1301000000").await.0, StatusCode::NOT_FOUND);
    let (status, body) = get(&sim, &t, &format!("/users/{}/items/search?status=active&limit=5", sim.seller_id())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["paging"]["total"].as_u64().unwrap() > 700_000);
    let (status, body) =
        get(&sim, &t, &format!("/orders/search?seller={}&sort=date_desc&limit=5", sim.seller_id())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["paging"]["total"], 1_000_000);
}
