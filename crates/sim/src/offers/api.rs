//! The offers service's routes, the layer every call goes through (stats, faults, latency) and the
//! handlers. Errors are FastAPI's `{"detail": ...}`.

#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{MatchedPath, Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use super::state::{lock, Shared};
use crate::server::{decide_fault, truncate, Fault};

type AppState = Arc<Shared>;

pub fn router(shared: AppState) -> Router {
    Router::new()
        .route("/api/v1/auth", post(auth))
        .route("/api/v1/products/register", post(register))
        .route("/api/v1/products/{id}/offers", get(offers))
        .fallback(|| async { detail(StatusCode::NOT_FOUND, "Not Found") })
        .layer(from_fn_with_state(shared.clone(), layer))
        .with_state(shared)
}

fn detail(status: StatusCode, text: &str) -> Response {
    (status, axum::Json(json!({ "detail": text }))).into_response()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

async fn layer(State(shared): State<AppState>, req: Request, next: Next) -> Response {
    let template = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
    let route = format!("{} {}", req.method(), template.as_deref().unwrap_or("<unmatched>"));
    *lock(&shared.stats).requests_by_route.entry(route).or_default() += 1;
    let latency = lock(&shared.runtime).latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let resp = match decide_fault(&shared.runtime) {
        Fault::None => next.run(req).await,
        Fault::Error(status) => detail(status, "Internal Server Error"),
        Fault::Truncate | Fault::Drop => truncate(next.run(req).await).await,
    };
    *lock(&shared.stats).status_codes.entry(resp.status().as_u16()).or_default() += 1;
    resp
}

/// The value of the header literally named `Bearer`.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get("bearer").and_then(|v| v.to_str().ok()).map(str::trim).filter(|s| !s.is_empty())
}

/// `POST /api/v1/auth` with `Bearer: <refresh token>`: a JWT whose `expires` claim is unix seconds.
async fn auth(State(shared): State<AppState>, headers: HeaderMap) -> Response {
    let Some(refresh) = bearer(&headers) else {
        return detail(StatusCode::BAD_REQUEST, "Missing Bearer header");
    };
    let mut extra = lock(&shared.extra);
    if !shared.refresh_tokens.iter().any(|t| t == refresh) || extra.revoked.contains(refresh) {
        return detail(StatusCode::UNAUTHORIZED, "Invalid refresh token");
    }
    extra.jwts += 1;
    // As a server computing `int(time()) + ttl` does: the token lives between ttl - 1 and ttl seconds.
    let expires = now_ms() / 1000 + extra.jwt_ttl.as_secs().max(1) as i64;
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let claims = URL_SAFE_NO_PAD.encode(json!({"sub": "storedesk", "jti": extra.jwts, "expires": expires}).to_string());
    let signature = {
        use sha2::{Digest, Sha256};
        URL_SAFE_NO_PAD.encode(Sha256::digest(format!("{header}.{claims}.offers-secret").as_bytes()))
    };
    drop(extra);
    lock(&shared.stats).auth_calls += 1;
    (StatusCode::CREATED, axum::Json(json!({"access_token": format!("{header}.{claims}.{signature}")}))).into_response()
}

/// Checks the JWT of a call: Ok, or the 401 answer (an expired one is counted).
fn authorized(shared: &Shared, headers: &HeaderMap) -> Result<(), Response> {
    let Some(token) = bearer(headers) else {
        return Err(detail(StatusCode::UNAUTHORIZED, "Not authenticated"));
    };
    let claims = token
        .split('.')
        .nth(1)
        .and_then(|c| URL_SAFE_NO_PAD.decode(c).ok())
        .and_then(|c| serde_json::from_slice::<Value>(&c).ok());
    let signed = {
        use sha2::{Digest, Sha256};
        let mut parts = token.split('.');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(h), Some(c), Some(sig)) => {
                URL_SAFE_NO_PAD.encode(Sha256::digest(format!("{h}.{c}.offers-secret").as_bytes())) == sig
            }
            _ => false,
        }
    };
    let Some(expires) = claims.and_then(|c| c["expires"].as_i64()).filter(|_| signed) else {
        return Err(detail(StatusCode::UNAUTHORIZED, "Invalid token"));
    };
    if now_ms() >= expires * 1000 {
        lock(&shared.stats).expired_jwt_calls += 1;
        return Err(detail(StatusCode::UNAUTHORIZED, "Token expired"));
    }
    Ok(())
}

/// 8-4-4-4-12 hexadecimal digits.
fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn invalid(field: &str, message: &str) -> Response {
    let body = json!({"detail": [{"loc": ["body", field], "msg": message, "type": "value_error"}]});
    (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response()
}

/// `POST /api/v1/products/register` `{id, name, description}` -> 201 `{id}`; 409 when registered already.
async fn register(State(shared): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    if let Err(r) = authorized(&shared, &headers) {
        return r;
    }
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return invalid("body", "JSON decode error");
    };
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_owned);
    let Some(id) = text("id").filter(|id| is_uuid(id)) else { return invalid("id", "value is not a valid uuid") };
    let Some(name) = text("name").filter(|n| !n.trim().is_empty()) else { return invalid("name", "field required") };
    let description = text("description").unwrap_or_default();
    let mut st = lock(&shared.state);
    if st.products.contains_key(&id) {
        lock(&shared.stats).duplicate_registers += 1;
        return detail(StatusCode::CONFLICT, "Product already registered");
    }
    st.register(&id, &name, &description);
    lock(&shared.stats).registers += 1;
    (StatusCode::CREATED, axum::Json(json!({ "id": id }))).into_response()
}

/// `GET /api/v1/products/{id}/offers`.
async fn offers(State(shared): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if let Err(r) = authorized(&shared, &headers) {
        return r;
    }
    let st = lock(&shared.state);
    match st.products.get(&id) {
        None => detail(StatusCode::NOT_FOUND, "Product does not exist"),
        Some(p) => {
            let list: Vec<Value> =
                p.offers.iter().map(|o| json!({"id": o.id, "price": o.price, "items_in_stock": o.stock})).collect();
            (StatusCode::OK, axum::Json(Value::Array(list))).into_response()
        }
    }
}
