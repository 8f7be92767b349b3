//! Connecting a shop over real HTTP against storedesk-sim: the whole flow, and every way it must refuse.

mod common;

use std::time::Duration;

use common::{authorize, connect, sim_config, world, REGISTERED};
use storedesk_connectors::oauth::Authorization;
use storedesk_connectors::{ConnectError, RedirectMode};
use storedesk_core::auth::TokenPolicy;
use storedesk_core::model::ShopStatus;

#[tokio::test]
async fn the_whole_loopback_flow_connects_the_shop() {
    let w = world(sim_config(), TokenPolicy::default()).await;
    let attempt = w.connector.begin(w.shop, RedirectMode::Loopback).await.unwrap();
    let url = url::Url::parse(&attempt.authorize_url).unwrap();
    let query: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(query.get("code_challenge_method").map(String::as_str), Some("S256"));
    assert!(query.get("code_challenge").is_some_and(|c| c.len() >= 43));
    assert!(query.get("state").is_some_and(|s| s.len() >= 16));
    assert!(query.get("redirect_uri").is_some_and(|r| r.starts_with("http://127.0.0.1:")));
    drop(attempt);

    connect(&w).await;
    let shop = w.connector.shops.store.get_shop(w.shop).await.unwrap();
    assert_eq!(shop.status, ShopStatus::Connected);
    assert!(shop.account_name.is_some_and(|n| !n.is_empty()), "the account nickname was read");
    assert!(shop.token_expires_at.is_some_and(|t| t > storedesk_core::time::now_ms()));
    let stats = w.sim.stats();
    assert_eq!(stats.token_grants, 1);
}

#[tokio::test]
async fn the_paste_flow_connects_with_the_final_url() {
    let w = world(sim_config(), TokenPolicy::default()).await;
    let attempt = w.connector.begin(w.shop, RedirectMode::Registered(REGISTERED.into())).await.unwrap();
    let final_url = authorize(&attempt.authorize_url).await;
    assert!(final_url.starts_with(REGISTERED));
    let shop = w.connector.finish_pasted(attempt, &format!("  {final_url}\n")).await.unwrap();
    assert_eq!(shop.status, ShopStatus::Connected);
}

async fn has_credentials(w: &common::World) -> bool {
    w.connector.shops.store.load_credentials(w.shop).await.unwrap().is_some()
}

#[tokio::test]
async fn a_tampered_state_is_refused_and_nothing_is_stored() {
    let w = world(sim_config(), TokenPolicy::default()).await;
    let attempt = w.connector.begin(w.shop, RedirectMode::Registered(REGISTERED.into())).await.unwrap();
    let final_url = authorize(&attempt.authorize_url).await;
    let mut url = url::Url::parse(&final_url).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.to_string(), if k == "state" { format!("{v}x") } else { v.to_string() }))
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    let err = w.connector.finish_pasted(attempt, url.as_str()).await.unwrap_err();
    assert!(matches!(err, ConnectError::StateMismatch), "{err}");
    assert!(!has_credentials(&w).await);
    assert_eq!(w.sim.stats().token_grants, 0, "the code was never sent");
}

#[tokio::test]
async fn a_code_from_another_attempt_fails_the_pkce_check() {
    let w = world(sim_config(), TokenPolicy::default()).await;
    let first = w.connector.begin(w.shop, RedirectMode::Registered(REGISTERED.into())).await.unwrap();
    let first_url = authorize(&first.authorize_url).await;
    let code = url::Url::parse(&first_url).unwrap().query_pairs().find(|(k, _)| k == "code").unwrap().1.to_string();
    // The second attempt has its own verifier: the first attempt's code does not match it.
    let second = w.connector.begin(w.shop, RedirectMode::Registered(REGISTERED.into())).await.unwrap();
    let err = w.connector.finish_pasted(second, &code).await.unwrap_err();
    assert!(matches!(err, ConnectError::Exchange(ref e) if e.contains("invalid_grant")), "{err}");
    assert!(!has_credentials(&w).await);
    assert_eq!(w.connector.shops.store.get_shop(w.shop).await.unwrap().status, ShopStatus::Disconnected);
}

#[tokio::test]
async fn a_reused_code_and_a_wrong_redirect_uri_are_refused() {
    let w = world(sim_config(), TokenPolicy::default()).await;
    let (app, _) = w.connector.shops.app(w.shop).await.unwrap();
    let http = storedesk_connectors::http::client();

    let auth = app.authorize(REGISTERED).unwrap();
    let final_url = authorize(&auth.url).await;
    let code = url::Url::parse(&final_url).unwrap().query_pairs().find(|(k, _)| k == "code").unwrap().1.to_string();
    app.exchange(&http, &auth, &code).await.expect("first use of the code");
    let reused = app.exchange(&http, &auth, &code).await.unwrap_err();
    assert!(matches!(reused, ConnectError::Exchange(ref e) if e.contains("invalid_grant")), "{reused}");

    let auth = app.authorize(REGISTERED).unwrap();
    let final_url = authorize(&auth.url).await;
    let code = url::Url::parse(&final_url).unwrap().query_pairs().find(|(k, _)| k == "code").unwrap().1.to_string();
    let elsewhere = Authorization { redirect_uri: "https://elsewhere.example.test/cb".into(), ..auth };
    let err = app.exchange(&http, &elsewhere, &code).await.unwrap_err();
    assert!(matches!(err, ConnectError::Exchange(_)), "{err}");
    assert!(!has_credentials(&w).await, "nothing of this reached the store");
}

#[tokio::test]
async fn an_unregistered_redirect_gets_no_redirect_at_all() {
    let w = world(sim_config(), TokenPolicy::default()).await;
    let (app, _) = w.connector.shops.app(w.shop).await.unwrap();
    let auth = app.authorize("https://attacker.example.test/steal").unwrap();
    let answer = common::browser().get(&auth.url).send().await.unwrap();
    assert_eq!(answer.status(), 400);
    assert!(answer.headers().get("location").is_none());
}

#[tokio::test]
async fn a_denied_authorization_says_so() {
    let w = world(sim_config(), TokenPolicy::default()).await;
    let attempt = w.connector.begin(w.shop, RedirectMode::Registered(REGISTERED.into())).await.unwrap();
    let state = url::Url::parse(&attempt.authorize_url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .unwrap()
        .1
        .to_string();
    let denied = format!("{REGISTERED}?error=access_denied&state={state}");
    let err = w.connector.finish_pasted(attempt, &denied).await.unwrap_err();
    assert!(matches!(err, ConnectError::Denied(_)), "{err}");
    assert!(!has_credentials(&w).await);
}

#[tokio::test]
async fn the_loopback_listener_times_out_cleanly() {
    let w = world(sim_config(), TokenPolicy::default()).await;
    let attempt = w.connector.begin(w.shop, RedirectMode::Loopback).await.unwrap();
    let err = w.connector.finish_via_loopback(attempt, Duration::from_millis(200)).await.unwrap_err();
    assert!(matches!(err, ConnectError::Timeout(_)));
}
