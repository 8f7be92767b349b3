//! Who may call what: every route's access rule in one table (the role matrix test reads the same one),
//! the key check, and the per-key rate limit with its `RateLimit-*` headers.

use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use storedesk_core::model::{ApiKey, ApiRole};

use crate::problem::Problem;
use crate::ApiState;

/// What a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No key: health, readiness, the contract and its reference.
    Public,
    /// Any key (or none from loopback when the server was started so).
    Metrics,
    /// Any key: viewer and up.
    Read,
    /// Staff, service, admin: edits, the outbox, syncs.
    Edit,
    /// Staff and admin: which keys exist.
    SeeKeys,
    /// Admin: keys, webhooks, settings.
    Admin,
}

impl Access {
    /// Whether a key of `role` may call a route needing this.
    pub fn allows(self, role: ApiRole) -> bool {
        match self {
            Access::Public | Access::Metrics | Access::Read => role.may_read(),
            Access::Edit => role.may_edit(),
            Access::SeeKeys => role.may_see_keys(),
            Access::Admin => role.may_administer(),
        }
    }
}

/// One route: method, path template (as in the OpenAPI document), and its rule.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

const fn r(method: &'static str, path: &'static str, access: Access) -> Route {
    Route { method, path, access }
}

/// Every route the server answers. A route missing here is refused (500) rather than left open.
pub const ROUTES: &[Route] = &[
    r("GET", "/healthz", Access::Public),
    r("GET", "/readyz", Access::Public),
    r("GET", "/openapi.json", Access::Public),
    r("GET", "/metrics", Access::Metrics),
    r("GET", "/api/v1/shops", Access::Read),
    r("GET", "/api/v1/shops/{id}", Access::Read),
    r("GET", "/api/v1/products", Access::Read),
    r("GET", "/api/v1/products/{id}", Access::Read),
    r("PATCH", "/api/v1/products/{id}", Access::Edit),
    r("GET", "/api/v1/products/{id}/offers", Access::Read),
    r("GET", "/api/v1/orders", Access::Read),
    r("GET", "/api/v1/orders/{id}", Access::Read),
    r("GET", "/api/v1/shipments", Access::Read),
    r("GET", "/api/v1/outbox", Access::Read),
    r("POST", "/api/v1/outbox/{id}/retry", Access::Edit),
    r("POST", "/api/v1/outbox/{id}/discard", Access::Edit),
    r("POST", "/api/v1/outbox/{id}/resolve", Access::Edit),
    r("GET", "/api/v1/catalogue", Access::Read),
    r("POST", "/api/v1/catalogue/links", Access::Edit),
    r("POST", "/api/v1/catalogue/unlinks", Access::Edit),
    r("POST", "/api/v1/catalogue/merges", Access::Edit),
    r("POST", "/api/v1/catalogue/bulk-edits", Access::Edit),
    r("GET", "/api/v1/sync-runs", Access::Read),
    r("POST", "/api/v1/sync-runs", Access::Edit),
    r("GET", "/api/v1/keys", Access::SeeKeys),
    r("POST", "/api/v1/keys", Access::Admin),
    r("DELETE", "/api/v1/keys/{id}", Access::Admin),
    r("GET", "/api/v1/webhooks", Access::Admin),
    r("POST", "/api/v1/webhooks", Access::Admin),
    r("DELETE", "/api/v1/webhooks/{id}", Access::Admin),
    r("GET", "/api/v1/webhooks/{id}/deliveries", Access::Admin),
    r("POST", "/api/v1/webhook-deliveries/{id}/redeliver", Access::Admin),
    r("GET", "/api/v1/settings/sync", Access::Read),
    r("PUT", "/api/v1/settings/sync", Access::Admin),
];

/// The rule for a matched route. HEAD is answered by the GET handler (axum), so it needs GET's rule.
pub fn access_of(method: &Method, path: &str) -> Option<Access> {
    let method = if method == Method::HEAD { "GET" } else { method.as_str() };
    ROUTES.iter().find(|r| r.method == method && r.path == path).map(|r| r.access)
}

type KeyedLimiter = RateLimiter<i64, DefaultKeyedStateStore<i64>, DefaultClock, StateInformationMiddleware>;

/// Requests per second each key may make, and how many it may burst.
#[derive(Debug, Clone, Copy)]
pub struct RatePolicy {
    pub per_second: NonZeroU32,
    pub burst: NonZeroU32,
}

impl Default for RatePolicy {
    fn default() -> Self {
        RatePolicy {
            per_second: NonZeroU32::new(20).unwrap_or(NonZeroU32::MIN),
            burst: NonZeroU32::new(40).unwrap_or(NonZeroU32::MIN),
        }
    }
}

/// A token bucket per key.
pub struct Limiter {
    limiter: KeyedLimiter,
    policy: RatePolicy,
}

impl Limiter {
    pub fn new(policy: RatePolicy) -> Self {
        let quota = Quota::per_second(policy.per_second).allow_burst(policy.burst);
        Limiter { limiter: RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>(), policy }
    }

    /// Takes one request from the key's bucket: the headers to send, or the 429 to answer.
    fn take(&self, key: i64) -> Result<HeaderMap, Box<Response>> {
        let mut headers = HeaderMap::new();
        let limit = self.policy.burst.get();
        let per_second = self.policy.per_second.get();
        let num = |n: u64| HeaderValue::from_str(&n.to_string()).unwrap_or(HeaderValue::from_static("0"));
        headers.insert("ratelimit-limit", num(u64::from(limit)));
        headers.insert(
            "ratelimit-policy",
            HeaderValue::from_str(&format!("{limit};w=1;burst={limit};rate={per_second}"))
                .unwrap_or(HeaderValue::from_static("")),
        );
        match self.limiter.check_key(&key) {
            Ok(state) => {
                let remaining = state.remaining_burst_capacity();
                headers.insert("ratelimit-remaining", num(u64::from(remaining)));
                // Seconds until the bucket is full again.
                let refill = u64::from(limit - remaining.min(limit)).div_ceil(u64::from(per_second));
                headers.insert("ratelimit-reset", num(refill));
                Ok(headers)
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                headers.insert("ratelimit-remaining", num(0));
                headers.insert("ratelimit-reset", num(secs));
                headers.insert(header::RETRY_AFTER, num(secs));
                let problem = Problem::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    format!(
                        "this key may make {per_second} requests a second (bursts of {limit}); try again in {secs} s"
                    ),
                );
                Err(Box::new((headers, problem).into_response()))
            }
        }
    }
}

/// The key a request carries: `Authorization: Bearer sd_…` (or `X-Api-Key: sd_…`).
fn presented_key(headers: &HeaderMap) -> Option<&str> {
    if let Some(v) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        let (scheme, token) = v.split_once(' ')?;
        return scheme.eq_ignore_ascii_case("bearer").then_some(token.trim());
    }
    headers.get("x-api-key").and_then(|v| v.to_str().ok()).map(str::trim)
}

/// Checks the key and the role for the matched route, takes from the key's rate budget, and hands the
/// key to the handler (as an extension).
pub async fn guard(
    State(state): State<Arc<ApiState>>,
    matched: Option<MatchedPath>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    mut request: Request,
    next: Next,
) -> Response {
    // Nothing runs without a rule: a method the route does not have is answered here (never handed on,
    // so no handler can be reached around the check), and a route missing from the table is refused.
    let Some(access) = matched.as_ref().and_then(|m| access_of(request.method(), m.as_str())) else {
        let path = matched.map(|m| m.as_str().to_owned()).unwrap_or_default();
        let allowed: Vec<&str> = ROUTES.iter().filter(|r| r.path == path).map(|r| r.method).collect();
        if !allowed.is_empty() {
            let detail = format!("{} is not a method of {path}; it has {}", request.method(), allowed.join(", "));
            let mut response =
                Problem::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", detail).into_response();
            if let Ok(allow) = HeaderValue::from_str(&allowed.join(", ")) {
                response.headers_mut().insert(header::ALLOW, allow);
            }
            return response;
        }
        tracing::error!(%path, "a route without an access rule was refused");
        return Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "this route has no access rule")
            .into_response();
    };
    if access == Access::Public {
        return next.run(request).await;
    }
    let key = match presented_key(request.headers()) {
        Some(secret) => match state.app.verify_api_key(secret).await {
            Ok(key) => key,
            Err(e) => return Problem::from(e).into_response(),
        },
        None => None,
    };
    let Some(key) = key else {
        if access == Access::Metrics && state.metrics_open_on_loopback && peer.ip().is_loopback() {
            return next.run(request).await;
        }
        let mut response = Problem::unauthorized().into_response();
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return response;
    };
    if !access.allows(key.role) {
        return Problem::forbidden(key.role.as_str()).into_response();
    }
    let limits = match state.limiter.take(key.id) {
        Ok(h) => h,
        Err(too_many) => return *too_many,
    };
    request.extensions_mut().insert::<ApiKey>(key);
    let mut response = next.run(request).await;
    response.headers_mut().extend(limits);
    response
}
