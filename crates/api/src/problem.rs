//! Errors as RFC 9457 problem details (`application/problem+json`), carrying storedesk's error codes, and
//! the extractors whose rejections become problems too (so every error a client sees has one shape).

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::FromRequest;
use axum::extract::FromRequestParts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use storedesk_core::{ApiError, ErrorCode};
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answer (RFC 9457).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:storedesk:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The kind in words.
    pub title: String,
    pub status: u16,
    /// This occurrence, for a person.
    pub detail: String,
    /// storedesk's error code (the same the desktop app and the CLI show).
    pub code: String,
}

impl Problem {
    pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> Self {
        Problem {
            kind: format!("urn:storedesk:problem:{code}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            code: code.to_owned(),
        }
    }

    pub fn unauthorized() -> Self {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "send a valid API key: `Authorization: Bearer sd_…` (create one in Settings or with `storedesk-cli apikey create`)",
        )
    }

    pub fn forbidden(role: &str) -> Self {
        Problem::new(StatusCode::FORBIDDEN, "forbidden", format!("a key with the role '{role}' may not do this"))
    }
}

/// The HTTP status an application error answers with.
pub fn status_of(code: ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        NotFound | NoAttempt => StatusCode::NOT_FOUND,
        InvalidInput | BadCursor | BadEndpoint | BadUrl | MissingApp => StatusCode::UNPROCESSABLE_ENTITY,
        NeedsReconnect | NotConnected | StillQuarantined | StateMismatch | DbInUse => StatusCode::CONFLICT,
        Offline | ProviderError | BadAnswer | RetriesExhausted | ApiRetired | InvalidGrant | AccessDenied
        | TokenLifetime => StatusCode::BAD_GATEWAY,
        Timeout => StatusCode::GATEWAY_TIMEOUT,
        Unsupported => StatusCode::NOT_IMPLEMENTED,
        DbUnavailable | DbCorrupt | DbForeign | DbSchemaTooNew | DbIo => StatusCode::SERVICE_UNAVAILABLE,
        Database | Vault | Listener | NoCode | Demo | NoBrowser | Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// `invalid_input` for `ErrorCode::InvalidInput`: the word the UI and the CLI use.
fn code_word(code: ErrorCode) -> String {
    match serde_json::to_value(code) {
        Ok(serde_json::Value::String(s)) => s,
        _ => "internal".to_owned(),
    }
}

impl From<ApiError> for Problem {
    fn from(e: ApiError) -> Self {
        Problem::new(status_of(e.code), &code_word(e.code), e.message)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(&self)).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}

impl From<JsonRejection> for Problem {
    fn from(r: JsonRejection) -> Self {
        // axum's own statuses: 415 not JSON, 400 bad syntax, 422 wrong shape, 413 over the body limit.
        Problem::new(r.status(), "invalid_input", r.body_text())
    }
}

impl From<QueryRejection> for Problem {
    fn from(r: QueryRejection) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, "invalid_input", r.body_text())
    }
}

impl From<PathRejection> for Problem {
    fn from(r: PathRejection) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, "invalid_input", r.body_text())
    }
}

/// `axum::Json`, rejecting with a problem.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(Problem))]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `axum::extract::Query`, rejecting with a problem.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(Problem))]
pub struct Query<T>(pub T);

/// `axum::extract::Path`, rejecting with a problem.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(Problem))]
pub struct Path<T>(pub T);

/// What a handler answers.
pub type Answer<T> = Result<Json<T>, Problem>;
