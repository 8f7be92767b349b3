//! Operations: liveness, readiness, Prometheus metrics and the contract itself.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use storedesk_core::store::SCHEMA_VERSION;
use utoipa::ToSchema;

use crate::problem::Json;
use crate::ApiState;

type St = State<Arc<ApiState>>;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
}

/// The process answers.
#[utoipa::path(get, path = "/healthz", tag = "operations", security(()), responses((status = 200, body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok".into() })
}

/// What readiness checked.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Readiness {
    pub ready: bool,
    pub database: bool,
    /// The schema version the database is at, and the one this build expects.
    pub schema_version: Option<i64>,
    pub expected_schema_version: i64,
    /// The background sync runs in this process.
    pub scheduler: bool,
}

/// Ready when the database answers at the current schema and the background sync runs (503 otherwise,
/// with what failed).
#[utoipa::path(get, path = "/readyz", tag = "operations", security(()),
    responses((status = 200, body = Readiness), (status = 503, body = Readiness)))]
pub async fn readyz(State(s): St) -> (StatusCode, Json<Readiness>) {
    let version = s.app.store().schema_version().await.ok();
    let database = version.is_some();
    let scheduler = s.app.background_running();
    let ready = database && version == Some(SCHEMA_VERSION) && scheduler;
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (
        status,
        Json(Readiness {
            ready,
            database,
            schema_version: version,
            expected_schema_version: SCHEMA_VERSION,
            scheduler,
        }),
    )
}

/// Prometheus text format: provider requests (latency, time to first byte, status, 429s, retries), sync
/// jobs (duration, records), the outbox (depth, oldest age), token refreshes, this API's own requests.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format 0.0.4", content_type = "text/plain", body = String)))]
pub async fn metrics(State(s): St) -> Response {
    match s.app.render_metrics().await {
        Ok(text) => ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response(),
        Err(e) => crate::problem::Problem::from(e).into_response(),
    }
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "operations", security(()),
    responses((status = 200, description = "the OpenAPI 3.1 document", content_type = "application/json", body = Object)))]
pub async fn openapi(State(s): St) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], s.openapi_json.clone()).into_response()
}
