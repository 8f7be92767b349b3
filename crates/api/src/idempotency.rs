//! `Idempotency-Key` on writes: the first answer to a key is kept for 24 hours and replayed for the same
//! request; the same key with a different request is refused (422), and one still running is a 409.
//! Keys belong to the API key that used them, so two clients cannot collide. A claim whose request never
//! finished (the client hung up, the process was killed) is given up, so a retry is not stuck for a day.
//! Creating a key or a webhook is not replayed: its answer carries a secret, which is never stored.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use storedesk_core::model::ApiKey;
use storedesk_core::store::Idempotent;

use crate::problem::Problem;
use crate::ApiState;

/// The most a request or an answer kept for replay may weigh.
const MAX_BODY: usize = 1 << 20;
const HEADER: &str = "idempotency-key";
/// Writes whose answer holds a secret shown once: never kept for a replay.
const NOT_REPLAYED: &[&str] = &["/api/v1/keys", "/api/v1/webhooks"];

/// Gives the claim up if the request ends without an answer (the client hung up, a panic): a retry with
/// the same key then runs instead of waiting out the day.
struct Claim {
    store: storedesk_core::Store,
    key_id: i64,
    idem: String,
    answered: bool,
}

impl Drop for Claim {
    fn drop(&mut self) {
        if self.answered {
            return;
        }
        let (store, key_id, idem) = (self.store.clone(), self.key_id, std::mem::take(&mut self.idem));
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(e) = store.abandon_idempotent(key_id, &idem).await {
                    tracing::warn!(error = %e, "an unanswered Idempotency-Key claim stays until it is stale");
                }
            });
        }
    }
}

fn hash(method: &Method, uri: &str, body: &[u8]) -> String {
    storedesk_core::digest::sha256_hex(&[method.as_str().as_bytes(), b" ", uri.as_bytes(), b"\n", body])
}

pub async fn replay_or_record(State(state): State<Arc<ApiState>>, request: Request, next: Next) -> Response {
    let is_write = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let idem = request.headers().get(HEADER).and_then(|v| v.to_str().ok()).map(str::trim).map(str::to_owned);
    let replayable = request.extensions().get::<MatchedPath>().is_some_and(|m| !NOT_REPLAYED.contains(&m.as_str()));
    let (Some(idem), true, true, Some(key)) =
        (idem, is_write, replayable, request.extensions().get::<ApiKey>().cloned())
    else {
        return next.run(request).await;
    };
    if idem.is_empty() || idem.len() > 255 {
        return Problem::new(StatusCode::BAD_REQUEST, "invalid_input", "Idempotency-Key must be 1 to 255 characters")
            .into_response();
    }
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, MAX_BODY).await else {
        return Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "invalid_input", "the request body is over 1 MiB")
            .into_response();
    };
    let uri = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("");
    let request_hash = hash(&parts.method, uri, &body);
    let store = state.app.store();
    match store.begin_idempotent(key.id, &idem, &request_hash).await {
        Ok(Idempotent::Fresh) => {}
        Ok(Idempotent::Replay { status, body }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut response = (status, body).into_response();
            let content = if status.is_success() { "application/json" } else { crate::problem::PROBLEM_JSON };
            response.headers_mut().insert("content-type", HeaderValue::from_static(content));
            response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
            return response;
        }
        Ok(Idempotent::Mismatch) => {
            return Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "this Idempotency-Key was used for a different request",
            )
            .into_response()
        }
        Ok(Idempotent::InProgress) => {
            return Problem::new(
                StatusCode::CONFLICT,
                "idempotency_key_in_use",
                "the first request with this Idempotency-Key has not finished; try again shortly",
            )
            .into_response()
        }
        Err(e) => return Problem::from(storedesk_core::ApiError::from(e)).into_response(),
    }
    let mut claim = Claim { store: store.clone(), key_id: key.id, idem: idem.clone(), answered: false };
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    let (parts, body) = response.into_parts();
    // Answers are small (a few outbox rows); one over the limit is kept as its status alone, so a replay
    // still says the write happened.
    let body = to_bytes(body, MAX_BODY).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&body);
    if let Err(e) = store.finish_idempotent(key.id, &idem, parts.status.as_u16(), &text).await {
        tracing::warn!(error = %e, "an idempotent answer was not kept");
    }
    claim.answered = true;
    Response::from_parts(parts, Body::from(body))
}
