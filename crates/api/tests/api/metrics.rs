//! `/metrics`: Prometheus text that parses, needs a key (or loopback when opened), and moves when a sync
//! runs.

use std::collections::BTreeMap;

use reqwest::{Method, StatusCode};
use storedesk_api::RatePolicy;
use storedesk_core::model::ApiRole;

use crate::{eventually, World};

/// Sum of every sample of each metric family (labels summed over), from the text format; panics on a
/// line that is not `name{labels} value`.
fn parse(text: &str) -> BTreeMap<String, f64> {
    let mut sums = BTreeMap::new();
    for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("no value: {line}"));
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("not a number: {line}"));
        let name = series.split('{').next().unwrap();
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'), "bad name: {line}");
        if let Some(labels) = series.strip_prefix(name) {
            assert!(labels.is_empty() || (labels.starts_with('{') && labels.ends_with('}')), "labels: {line}");
        }
        *sums.entry(name.to_owned()).or_insert(0.0) += value;
    }
    sums
}

#[tokio::test]
async fn metrics_parse_and_move_when_a_sync_runs() {
    let w = World::start(20, RatePolicy::default()).await;
    let viewer = w.key(ApiRole::Viewer).await;
    let staff = w.key(ApiRole::Staff).await;
    let (status, _, _) = w.call(Method::GET, "/metrics", None, None, &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a key is needed unless opened on loopback");
    let scrape = || async {
        let response = w.http.get(w.url("/metrics")).bearer_auth(&viewer).send().await.expect("metrics");
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
        parse(&response.text().await.unwrap())
    };
    let before = scrape().await;
    for family in [
        "storedesk_provider_requests_total",
        "storedesk_provider_request_seconds_count",
        "storedesk_provider_ttfb_seconds_bucket",
        "storedesk_sync_job_seconds_count",
        "storedesk_sync_records_total",
        "storedesk_outbox_depth",
    ] {
        assert!(before.contains_key(family), "{family} missing from {:?}", before.keys().collect::<Vec<_>>());
    }

    w.sim.control().create_orders(5);
    let (status, _, _) = w
        .call(Method::POST, "/api/v1/sync-runs", Some(&staff), Some(&serde_json::json!({"resource": "orders"})), &[])
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let after = eventually("the sync counted", 30, || async {
        let now = scrape().await;
        (now["storedesk_sync_job_seconds_count"] > before["storedesk_sync_job_seconds_count"]).then_some(now)
    })
    .await;
    assert!(after["storedesk_provider_requests_total"] > before["storedesk_provider_requests_total"]);
    assert!(after["storedesk_sync_records_total"] >= before["storedesk_sync_records_total"] + 5.0);
    assert!(after["storedesk_api_request_seconds_count"] > 0.0, "the API measures itself");
}
