//! The offers service over real HTTP: the `Bearer` header, JWT expiry, register and read, the change log.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use storedesk_sim::offers::{self, OffersConfig};

const REFRESH: &str = "refresh-test";
const PRODUCT: &str = "0f5d8c3e-2b1a-4c7d-9e8f-1a2b3c4d5e6f";

async fn auth(base: &str, refresh: &str) -> reqwest::Response {
    reqwest::Client::new().post(format!("{base}/api/v1/auth")).header("Bearer", refresh).send().await.unwrap()
}

async fn jwt(base: &str) -> String {
    let answer: Value = auth(base, REFRESH).await.json().await.unwrap();
    answer["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_product_is_registered_once_read_changed_and_forgotten() {
    let sim = offers::spawn(OffersConfig { refresh_tokens: vec![REFRESH.into()], ..Default::default() }).await.unwrap();
    let base = sim.base_url();
    assert_eq!(auth(&base, "wrong").await.status(), StatusCode::UNAUTHORIZED);
    let authorization =
        reqwest::Client::new().post(format!("{base}/api/v1/auth")).bearer_auth(REFRESH).send().await.unwrap();
    assert_eq!(authorization.status(), StatusCode::BAD_REQUEST, "the header is literally `Bearer`");
    let token = jwt(&base).await;
    let http = reqwest::Client::new();
    let register = |id: &str| {
        http.post(format!("{base}/api/v1/products/register"))
            .header("Bearer", &token)
            .json(&json!({"id": id, "name": "Mate Imperial", "description": "MLA1 in Tienda"}))
            .send()
    };
    assert_eq!(register("not-a-uuid").await.unwrap().status(), StatusCode::UNPROCESSABLE_ENTITY);
    let read = || http.get(format!("{base}/api/v1/products/{PRODUCT}/offers")).header("Bearer", &token).send();
    let missing = read().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.json::<Value>().await.unwrap(), json!({"detail": "Product does not exist"}));
    assert_eq!(register(PRODUCT).await.unwrap().status(), StatusCode::CREATED);
    assert_eq!(register(PRODUCT).await.unwrap().status(), StatusCode::CONFLICT);
    let first: Vec<Value> = read().await.unwrap().json().await.unwrap();
    assert!((2..=5).contains(&first.len()));
    assert!(first.iter().all(|o| o["price"].is_i64() && o["items_in_stock"].is_i64() && o["id"].is_string()));
    let control = sim.control();
    assert_eq!(control.log().len(), first.len(), "each offer's appearance is logged");
    control.advance(30);
    assert!(control.log().len() > first.len(), "thirty minutes change the market");
    assert!(control.log().iter().any(|r| !r.active), "offers sell out and vanish");
    assert!(control.forget(PRODUCT));
    assert_eq!(read().await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(control.product(PRODUCT), None);
}

#[tokio::test]
async fn a_jwt_is_refused_from_its_expires_second_and_counted() {
    let sim = offers::spawn(OffersConfig {
        refresh_tokens: vec![REFRESH.into()],
        jwt_ttl: Duration::from_secs(1),
        ..Default::default()
    })
    .await
    .unwrap();
    let base = sim.base_url();
    let token = jwt(&base).await;
    let claims = token.split('.').nth(1).unwrap();
    use base64::Engine;
    let claims: Value =
        serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(claims).unwrap()).unwrap();
    assert!(claims["expires"].is_i64(), "{claims}");
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let late = reqwest::Client::new()
        .get(format!("{base}/api/v1/products/{PRODUCT}/offers"))
        .header("Bearer", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(late.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sim.control().stats().expired_jwt_calls, 1);
}
