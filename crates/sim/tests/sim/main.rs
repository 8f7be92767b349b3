//! storedesk-sim over real HTTP: every test spawns its own simulator on 127.0.0.1:0.

mod api;
mod oauth;
mod offers;
mod ops;
mod warehouse;

use base64::Engine;
use reqwest::{redirect, Client, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};
use storedesk_sim::{spawn, SimConfig, SimHandle};

pub const CLIENT_ID: &str = "storedesk-demo";
pub const SECRET: &str = "demo-secret";
pub const REDIRECT: &str = "http://127.0.0.1:53682/callback";

pub fn http() -> Client {
    Client::builder().redirect(redirect::Policy::none()).build().unwrap()
}

pub async fn sim(config: SimConfig) -> SimHandle {
    spawn(config).await.unwrap()
}

pub async fn auto_sim() -> SimHandle {
    sim(SimConfig { auto_approve: true, ..Default::default() }).await
}

pub fn pkce() -> (String, String) {
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-storedesk-test".to_string();
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

pub fn authorize_url(sim: &SimHandle, redirect_uri: &str, challenge: &str, state: &str) -> String {
    let q: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("response_type", "code")
        .append_pair("client_id", CLIENT_ID)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("state", state)
        .append_pair("code_challenge", challenge)
        .append_pair("code_challenge_method", "S256")
        .finish();
    format!("{}/authorization?{q}", sim.base_url())
}

/// Query parameters of a redirect's Location.
pub fn location_params(resp: &reqwest::Response) -> std::collections::HashMap<String, String> {
    let loc = resp.headers().get("location").expect("a Location header").to_str().unwrap();
    let q = loc.split_once('?').map(|(_, q)| q).unwrap_or("");
    form_urlencoded::parse(q.as_bytes()).into_owned().collect()
}

/// Runs the auto-approved authorization and returns a fresh code bound to REDIRECT and the PKCE challenge.
pub async fn code(sim: &SimHandle) -> String {
    let (_, challenge) = pkce();
    let resp = http().get(authorize_url(sim, REDIRECT, &challenge, "st")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::FOUND);
    location_params(&resp).remove("code").expect("a code")
}

pub async fn token_request(sim: &SimHandle, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let resp = http().post(format!("{}/oauth/token", sim.base_url())).form(form).send().await.unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap())
}

pub async fn exchange(sim: &SimHandle, code: &str, verifier: &str, redirect_uri: &str) -> (StatusCode, Value) {
    token_request(
        sim,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier),
        ],
    )
    .await
}

pub async fn refresh(sim: &SimHandle, refresh_token: &str) -> (StatusCode, Value) {
    token_request(
        sim,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
            ("refresh_token", refresh_token),
        ],
    )
    .await
}

/// Connects through the whole flow; returns (access_token, refresh_token).
pub async fn connect(sim: &SimHandle) -> (String, String) {
    let code = code(sim).await;
    let (status, body) = exchange(sim, &code, &pkce().0, REDIRECT).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (body["access_token"].as_str().unwrap().to_string(), body["refresh_token"].as_str().unwrap().to_string())
}

pub async fn get(sim: &SimHandle, token: &str, path: &str) -> (StatusCode, Value) {
    let resp = http().get(format!("{}{path}", sim.base_url())).bearer_auth(token).send().await.unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

pub async fn put(sim: &SimHandle, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let resp = http().put(format!("{}{path}", sim.base_url())).bearer_auth(token).json(&body).send().await.unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap())
}

/// A token error with its text under `error_description`: the simulator puts it under `message` in every
/// other answer, as some real answers do.
pub fn normalized((status, mut body): (StatusCode, Value)) -> (StatusCode, Value) {
    if let Some(map) = body.as_object_mut() {
        if let Some(text) = map.remove("message") {
            map.insert("error_description".into(), text);
        }
    }
    (status, body)
}

pub fn invalid_grant_body() -> Value {
    serde_json::json!({
        "error_description": "Error validating grant. Your authorization code or refresh token may be expired or it was already used",
        "error": "invalid_grant",
        "status": 400,
        "cause": [],
    })
}

/// A 401 in one of the two shapes the real API answers with (the simulator alternates them).
pub fn assert_invalid_token((status, body): (StatusCode, Value)) {
    let shapes = [
        serde_json::json!({"message": "invalid_token", "error": "not_found", "status": 401, "cause": []}),
        serde_json::json!({"code": "unauthorized", "message": "invalid access token"}),
    ];
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(shapes.contains(&body), "{body}");
}
