use std::time::Duration;

use reqwest::StatusCode;
use storedesk_sim::{ClientApp, SimConfig};

use crate::*;

#[tokio::test]
async fn authorization_code_flow_with_pkce_s256_auto_approve() {
    let sim = auto_sim().await;
    let (verifier, challenge) = pkce();
    let resp = http().get(authorize_url(&sim, REDIRECT, &challenge, "xyz 1/2")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::FOUND);
    let loc = resp.headers()["location"].to_str().unwrap().to_string();
    assert!(loc.starts_with(REDIRECT), "{loc}");
    let p = location_params(&resp);
    assert_eq!(p["state"], "xyz 1/2");
    assert!(p["code"].starts_with("TG-"));

    let (status, body) = exchange(&sim, &p["code"], &verifier, REDIRECT).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["access_token"].as_str().unwrap().starts_with("APP_USR-"));
    assert!(body["refresh_token"].as_str().unwrap().starts_with("TG-"));
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 21600);
    assert_eq!(body["scope"], "offline_access read write");
    assert_eq!(body["user_id"], sim.seller_id());

    let (status, me) = get(&sim, body["access_token"].as_str().unwrap(), "/users/me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["id"], sim.seller_id());
    assert_eq!(me["site_id"], "MLA");
    assert_eq!(me["country_id"], "AR");
    assert!(me["nickname"].is_string() && me["email"].is_string() && me["first_name"].is_string());
    assert_eq!(sim.stats().token_grants, 1);
}

fn hidden_inputs(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in html.split("<input type=\"hidden\" ").skip(1) {
        let name = part.split("name=\"").nth(1).and_then(|s| s.split('"').next()).unwrap();
        let value = part.split("value=\"").nth(1).and_then(|s| s.split('"').next()).unwrap();
        out.push((name.to_string(), value.replace("&amp;", "&").replace("&quot;", "\"")));
    }
    out
}

#[tokio::test]
async fn consent_page_allow_and_deny() {
    let sim = sim(SimConfig::default()).await;
    let (verifier, challenge) = pkce();
    let resp = http().get(authorize_url(&sim, REDIRECT, &challenge, "s1")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let html = resp.text().await.unwrap();
    assert!(html.contains("storedesk-demo wants to access your MercadoLibre account"));
    assert!(html.contains("action=\"/authorization/decision\""));
    let fields = hidden_inputs(&html);
    assert!(fields.iter().any(|(k, v)| k == "code_challenge" && *v == challenge));

    let mut form = hidden_inputs(&html);
    form.push(("decision".into(), "deny".into()));
    let url = format!("{}/authorization/decision", sim.base_url());
    let resp = http().post(&url).form(&form).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::FOUND);
    let p = location_params(&resp);
    assert_eq!(p["error"], "access_denied");
    assert_eq!(p["state"], "s1");
    assert!(!p.contains_key("code"));

    form.pop();
    form.push(("decision".into(), "allow".into()));
    let resp = http().post(&url).form(&form).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::FOUND);
    let p = location_params(&resp);
    assert_eq!(p["state"], "s1");
    let (status, body) = exchange(&sim, &p["code"], &verifier, REDIRECT).await;
    assert_eq!(status, StatusCode::OK);
    let (_, me) = get(&sim, body["access_token"].as_str().unwrap(), "/users/me").await;
    assert!(html.contains(me["nickname"].as_str().unwrap()));

    // A tampered form carrying an unregistered redirect_uri is refused without redirect.
    let mut evil: Vec<(String, String)> = form
        .into_iter()
        .map(|(k, v)| if k == "redirect_uri" { (k, "https://evil.example/cb".into()) } else { (k, v) })
        .collect();
    evil.retain(|(k, _)| k != "state");
    let resp = http().post(&url).form(&evil).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(resp.headers().get("location").is_none());
}

#[tokio::test]
async fn code_errors_are_invalid_grant() {
    let sim = sim(SimConfig { auto_approve: true, code_ttl: Duration::from_millis(150), ..Default::default() }).await;
    let verifier = pkce().0;

    // Reused code.
    let c = code(&sim).await;
    assert_eq!(exchange(&sim, &c, &verifier, REDIRECT).await.0, StatusCode::OK);
    let (status, body) = exchange(&sim, &c, &verifier, REDIRECT).await;
    assert_eq!(normalized((status, body)), (StatusCode::BAD_REQUEST, invalid_grant_body()));

    // Wrong verifier.
    let c = code(&sim).await;
    let wrong = "x".repeat(50);
    let (status, body) = exchange(&sim, &c, &wrong, REDIRECT).await;
    assert_eq!(normalized((status, body)), (StatusCode::BAD_REQUEST, invalid_grant_body()));

    // Wrong redirect_uri (another loopback port is fine to authorize with, but must match at the token step).
    let c = code(&sim).await;
    let (status, body) = exchange(&sim, &c, &verifier, "http://127.0.0.1:53683/callback").await;
    assert_eq!(normalized((status, body)), (StatusCode::BAD_REQUEST, invalid_grant_body()));

    // Expired code.
    let c = code(&sim).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (status, body) = exchange(&sim, &c, &verifier, REDIRECT).await;
    assert_eq!(normalized((status, body)), (StatusCode::BAD_REQUEST, invalid_grant_body()));

    // Unknown code.
    let (status, _) = exchange(&sim, "TG-nope", &verifier, REDIRECT).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let s = sim.stats();
    assert_eq!(s.invalid_grant, 5);
    assert_eq!(s.token_grants, 1);
}

#[tokio::test]
async fn unregistered_redirect_is_never_followed() {
    let clients = vec![
        ClientApp { id: CLIENT_ID.into(), secret: SECRET.into(), redirect_uris: vec![], allow_loopback: true },
        ClientApp {
            id: "web-app".into(),
            secret: "s".into(),
            redirect_uris: vec!["https://storedesk.example/oauth/ml".into()],
            allow_loopback: false,
        },
    ];
    let sim = sim(SimConfig { auto_approve: true, clients, ..Default::default() }).await;
    let (_, challenge) = pkce();
    for uri in ["https://evil.example/cb", "http://127.0.0.1/cb", "http://127.0.0.1:8080@evil.example/"] {
        let resp = http().get(authorize_url(&sim, uri, &challenge, "s")).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{uri}");
        assert!(resp.headers().get("location").is_none(), "{uri}");
        assert!(resp.text().await.unwrap().contains("<html"));
    }
    // Unknown client.
    let url = authorize_url(&sim, REDIRECT, &challenge, "s").replace(CLIENT_ID, "nobody");
    let resp = http().get(url).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(resp.headers().get("location").is_none());
    // Loopback with another port and localhost are accepted (RFC 8252 §7.3).
    for uri in ["http://127.0.0.1:1234/cb", "http://localhost:9999/x"] {
        let resp = http().get(authorize_url(&sim, uri, &challenge, "s")).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::FOUND, "{uri}");
    }
    // A client without loopback: only its exact registered URI.
    let base = format!("{}/authorization?response_type=code&client_id=web-app&redirect_uri=", sim.base_url());
    let resp = http().get(format!("{base}http%3A%2F%2F127.0.0.1%3A1234%2Fcb")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let resp = http().get(format!("{base}https%3A%2F%2Fstoredesk.example%2Foauth%2Fml")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::FOUND);
    assert!(resp.headers()["location"].to_str().unwrap().starts_with("https://storedesk.example/oauth/ml?code=TG-"));
    // A verified redirect carries later errors back to the client.
    let url = authorize_url(&sim, REDIRECT, &challenge, "s").replace("response_type=code", "response_type=token");
    let resp = http().get(url).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::FOUND);
    assert_eq!(location_params(&resp)["error"], "unsupported_response_type");
}

#[tokio::test]
async fn refresh_rotates_and_retires() {
    let sim = auto_sim().await;
    let (access1, refresh1) = connect(&sim).await;
    assert_eq!(get(&sim, &access1, "/users/me").await.0, StatusCode::OK);

    let (status, body) = refresh(&sim, &refresh1).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let access2 = body["access_token"].as_str().unwrap().to_string();
    let refresh2 = body["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(access1, access2);
    assert_ne!(refresh1, refresh2);

    // The used refresh token is dead; the previous access token is retired.
    assert_eq!(normalized(refresh(&sim, &refresh1).await), (StatusCode::BAD_REQUEST, invalid_grant_body()));
    assert_invalid_token(get(&sim, &access1, "/users/me").await);
    assert_eq!(get(&sim, &access2, "/users/me").await.0, StatusCode::OK);
    // Only the newest refresh token works.
    let (status, _) = refresh(&sim, &refresh2).await;
    assert_eq!(status, StatusCode::OK);
    let s = sim.stats();
    assert_eq!(s.refreshes, 2);
    assert_eq!(s.invalid_grant, 1);
    assert_eq!(s.retired_token_requests, 1);
    assert_eq!(s.expired_token_requests, 0);
}

#[tokio::test]
async fn token_endpoint_errors() {
    let sim = auto_sim().await;
    let (_, refresh_token) = connect(&sim).await;
    let (status, body) = token_request(
        &sim,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT_ID),
            ("client_secret", "wrong"),
            ("refresh_token", &refresh_token),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_client");
    let (status, body) =
        token_request(&sim, &[("grant_type", "refresh_token"), ("client_id", CLIENT_ID), ("client_secret", SECRET)])
            .await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_request")));
    let (status, body) =
        token_request(&sim, &[("grant_type", "password"), ("client_id", CLIENT_ID), ("client_secret", SECRET)]).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("unsupported_grant_type")));
    // JSON instead of a form is refused.
    let resp = http()
        .post(format!("{}/oauth/token", sim.base_url()))
        .json(&serde_json::json!({"grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": SECRET, "refresh_token": refresh_token}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    // The refresh token survived all of that.
    assert_eq!(refresh(&sim, &refresh_token).await.0, StatusCode::OK);
}

#[tokio::test]
async fn revoke_expire_and_reconnect() {
    let sim = auto_sim().await;
    let (access, refresh_token) = connect(&sim).await;

    sim.control().expire_access_tokens();
    assert_invalid_token(get(&sim, &access, "/users/me").await);
    assert_eq!(sim.stats().expired_token_requests, 1);
    let (status, body) = refresh(&sim, &refresh_token).await;
    assert_eq!(status, StatusCode::OK);
    let access = body["access_token"].as_str().unwrap().to_string();
    let refresh_token = body["refresh_token"].as_str().unwrap().to_string();
    assert_eq!(get(&sim, &access, "/users/me").await.0, StatusCode::OK);

    // Reconnecting replaces the grant: the old pair dies.
    let (access_b, refresh_b) = connect(&sim).await;
    assert_eq!(get(&sim, &access, "/users/me").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(normalized(refresh(&sim, &refresh_token).await), (StatusCode::BAD_REQUEST, invalid_grant_body()));
    assert_eq!(get(&sim, &access_b, "/users/me").await.0, StatusCode::OK);

    sim.control().revoke_grant();
    assert_invalid_token(get(&sim, &access_b, "/users/me").await);
    assert_eq!(normalized(refresh(&sim, &refresh_b).await), (StatusCode::BAD_REQUEST, invalid_grant_body()));
}

#[tokio::test]
async fn only_bearer_header_is_accepted() {
    let sim = auto_sim().await;
    let (access, _) = connect(&sim).await;
    let base = sim.base_url();
    let resp = http().get(format!("{base}/users/me?access_token={access}")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_invalid_token((StatusCode::UNAUTHORIZED, resp.json::<serde_json::Value>().await.unwrap()));
    // Even alongside a valid header.
    let resp = http().get(format!("{base}/users/me?access_token={access}")).bearer_auth(&access).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let resp = http().get(format!("{base}/users/me")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let resp = http().get(format!("{base}/users/me")).header("authorization", access.clone()).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(get(&sim, "APP_USR-made-up", "/users/me").await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(get(&sim, &access, "/users/me").await.0, StatusCode::OK);
}
