//! One authenticated API request, done right: a slot of the account's rate budget, a token lease held
//! until the body is read, one refresh on 401, and bounded retries with backoff for what retrying can
//! fix (429, 5xx, timeouts, dropped connections, truncated bodies). Other 4xx answers are final.
//! Reads and writes take the same path; a write that is not idempotent is never retried once it may
//! have reached the provider (its outbox row finds out what happened instead).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::Value;
use storedesk_core::auth::{AuthError, TokenManager};
use storedesk_core::backoff::doubling;
use storedesk_core::sync::{ChannelError, RequestTally};
use url::Url;

use crate::budget::{jitter, RateBudget};
use crate::http::BaseUrl;

/// The longest a retry after a failed answer waits (before jitter), whatever its number.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(30);

/// Attempts per request for network errors, 5xx and broken bodies (the first try included).
const MAX_ATTEMPTS: u32 = 6;
/// Attempts per request for 429s, which the budget slows down for; a provider that keeps refusing
/// after this many is treated as failing.
const MAX_RATE_LIMITED: u32 = 12;

/// Requests, retries and 429s, counted across concurrent requests of one page.
#[derive(Debug, Default)]
pub struct Tally {
    requests: AtomicU64,
    retries: AtomicU64,
    rate_limited: AtomicU64,
}

impl Tally {
    pub fn snapshot(&self) -> RequestTally {
        RequestTally {
            requests: self.requests.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            rate_limited: self.rate_limited.load(Ordering::Relaxed),
        }
    }
}

/// What one request ended with, when it did not end with a body.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("cannot reach the provider: {0}")]
    Offline(String),
    #[error("the provider answered HTTP {status}: {message}")]
    Remote { status: u16, message: String, body: Value },
    #[error("the provider kept failing after {attempts} attempts: {last}")]
    Exhausted { attempts: u32, last: String },
    /// A write that is not idempotent may or may not have reached the provider (no answer came).
    #[error("no answer came for a request that may have been applied: {0}")]
    Unknown(String),
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// The provider no longer serves the API version the connector is pinned to (the connector reads its
    /// provider's answers for this; the message says to update storedesk).
    #[error("{0}")]
    Retired(String),
}

impl From<CallError> for ChannelError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Offline(why) => ChannelError::Offline(why),
            CallError::Remote { status, message, .. } => ChannelError::Remote { status, message },
            CallError::Exhausted { .. } | CallError::Unknown(_) => ChannelError::Exhausted(e.to_string()),
            CallError::Auth(AuthError::NeedsReconnect) => ChannelError::NeedsReconnect,
            CallError::Auth(other) => ChannelError::setup(other.code(), other.to_string()),
            CallError::Retired(why) => ChannelError::setup(storedesk_core::ErrorCode::ApiRetired, why),
        }
    }
}

/// Whether sending a request twice is harmless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    /// Reads, and writes of absolute values (`PUT` of a price): retried like reads.
    Safe,
    /// Creates: once it may have reached the provider, never sent again from here.
    Once,
}

/// What an answer's status means for the request, before its body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Success,
    /// 401 before any refresh: refresh the token once and send again.
    Refresh,
    /// 429: the budget slows down; send again after the wait.
    RateLimited,
    /// 5xx: the provider failed this time; send again after a backoff (for a `Repeat::Safe` request).
    Retry,
    /// Any other answer is the provider's last word on this request.
    Final,
}

/// The decision table of answer statuses (table test below).
pub fn classify(status: u16, already_refreshed: bool) -> Verdict {
    match status {
        200..=299 => Verdict::Success,
        401 if !already_refreshed => Verdict::Refresh,
        429 => Verdict::RateLimited,
        500..=599 => Verdict::Retry,
        _ => Verdict::Final,
    }
}

/// The headers a provider paces its clients with.
#[derive(Debug, Clone, Copy)]
pub struct RateHeaders {
    /// Calls left in the current window.
    pub remaining: &'static str,
    /// Seconds until the window resets (when the provider says).
    pub reset: Option<&'static str>,
    /// Seconds to wait after a 429.
    pub retry_after: &'static str,
    /// The window `remaining` counts in, when the provider documents one (ShipBob: a minute).
    pub window: Option<Duration>,
}

impl Default for RateHeaders {
    fn default() -> Self {
        RateHeaders {
            remaining: "x-ratelimit-remaining",
            reset: Some("x-ratelimit-reset"),
            retry_after: "retry-after",
            window: None,
        }
    }
}

/// An authenticated JSON API of one account.
#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    base: BaseUrl,
    tokens: TokenManager,
    budget: Arc<RateBudget>,
    extra_headers: Arc<[(&'static str, String)]>,
    rate_headers: RateHeaders,
    /// The header the token goes in as it is (None: `Authorization: Bearer <token>`).
    token_header: Option<&'static str>,
    /// The provider's name in metrics (`mercadolibre`, `shipbob`, `offers`).
    provider: &'static str,
}

/// Why one attempt failed, and whether another may succeed.
enum Attempt {
    Retry { why: String, offline: bool, wait: Option<Duration>, maybe_applied: bool },
    RateLimited { wait: Duration },
    Final(CallError),
}

/// One request to send: method, URL, JSON body.
struct Call<'a> {
    method: Method,
    url: Url,
    body: Option<&'a Value>,
    repeat: Repeat,
}

impl Api {
    pub fn new(
        http: reqwest::Client,
        base: BaseUrl,
        tokens: TokenManager,
        budget: Arc<RateBudget>,
        extra_headers: &'static [(&'static str, &'static str)],
    ) -> Self {
        let extra_headers = extra_headers.iter().map(|(k, v)| (*k, v.to_string())).collect();
        Api {
            http,
            base,
            tokens,
            budget,
            extra_headers,
            rate_headers: RateHeaders::default(),
            token_header: None,
            provider: "provider",
        }
    }

    /// Names the provider in the metrics.
    pub fn for_provider(mut self, provider: &'static str) -> Self {
        self.provider = provider;
        self
    }

    /// The provider reads the token from a header of its own (the offers service's `Bearer: <jwt>`).
    pub fn with_token_header(mut self, name: &'static str) -> Self {
        self.token_header = Some(name);
        self
    }

    /// The provider paces with these headers instead of the usual ones.
    pub fn with_rate_headers(mut self, rate_headers: RateHeaders) -> Self {
        if let Some(length) = rate_headers.window {
            self.budget.count_calls_in(length);
        }
        self.rate_headers = rate_headers;
        self
    }

    /// One more header every request carries besides the token (ShipBob's channel id).
    pub fn with_header(mut self, name: &'static str, value: String) -> Self {
        let mut headers = self.extra_headers.to_vec();
        headers.push((name, value));
        self.extra_headers = headers.into();
        self
    }

    /// The API's base URL, to build request URLs on (`BaseUrl::join`).
    pub fn base(&self) -> &BaseUrl {
        &self.base
    }

    /// GETs `url` and parses the answer as JSON.
    pub async fn get(&self, url: Url, tally: &Tally) -> Result<Value, CallError> {
        Ok(self.get_dated(url, tally).await?.0)
    }

    /// `get`, with the server's clock from the answer's `Date` header (unix ms), when it sent one.
    pub async fn get_dated(&self, url: Url, tally: &Tally) -> Result<(Value, Option<i64>), CallError> {
        let (body, headers) = self.get_with_headers(url, tally).await?;
        Ok((body, server_time(&headers)))
    }

    /// `get`, with the answer's headers (paging that a provider puts there).
    pub async fn get_with_headers(&self, url: Url, tally: &Tally) -> Result<(Value, HeaderMap), CallError> {
        self.send(Call { method: Method::GET, url, body: None, repeat: Repeat::Safe }, tally).await
    }

    /// Sends `body` as JSON with `method` and parses the answer.
    pub async fn write(
        &self,
        method: Method,
        url: Url,
        body: &Value,
        repeat: Repeat,
        tally: &Tally,
    ) -> Result<Value, CallError> {
        Ok(self.send(Call { method, url, body: Some(body), repeat }, tally).await?.0)
    }

    /// Sends `method` without a body (an action such as ShipBob's cancel) and parses the answer.
    pub async fn act(&self, method: Method, url: Url, repeat: Repeat, tally: &Tally) -> Result<Value, CallError> {
        Ok(self.send(Call { method, url, body: None, repeat }, tally).await?.0)
    }

    async fn send(&self, call: Call<'_>, tally: &Tally) -> Result<(Value, HeaderMap), CallError> {
        let mut attempts = 0;
        let mut rate_limited = 0;
        let mut refreshed = false;
        loop {
            tally.requests.fetch_add(1, Ordering::Relaxed);
            match self.attempt(&call, &mut refreshed).await {
                Ok(v) => return Ok(v),
                Err(Attempt::Final(e)) => return Err(e),
                Err(Attempt::RateLimited { wait }) => {
                    tally.rate_limited.fetch_add(1, Ordering::Relaxed);
                    metrics::counter!("storedesk_provider_rate_limited_total", "provider" => self.provider)
                        .increment(1);
                    rate_limited += 1;
                    if rate_limited >= MAX_RATE_LIMITED {
                        return Err(CallError::Exhausted { attempts: rate_limited, last: "HTTP 429".into() });
                    }
                    tally.retries.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(wait).await;
                }
                Err(Attempt::Retry { why, maybe_applied: true, .. }) if call.repeat == Repeat::Once => {
                    return Err(CallError::Unknown(why));
                }
                Err(Attempt::Retry { why, offline, wait, .. }) => {
                    attempts += 1;
                    if attempts >= MAX_ATTEMPTS {
                        return Err(if offline {
                            CallError::Offline(why)
                        } else {
                            CallError::Exhausted { attempts, last: why }
                        });
                    }
                    tally.retries.fetch_add(1, Ordering::Relaxed);
                    metrics::counter!("storedesk_provider_retries_total", "provider" => self.provider).increment(1);
                    let backoff = doubling(Duration::from_millis(200), attempts, MAX_RETRY_WAIT);
                    let backoff = Duration::from_secs_f64(jitter(backoff.as_secs_f64()));
                    tokio::time::sleep(wait.unwrap_or(backoff)).await;
                }
            }
        }
    }

    async fn attempt(&self, call: &Call<'_>, refreshed: &mut bool) -> Result<(Value, HeaderMap), Attempt> {
        let slot = self.budget.acquire().await;
        let lease = self.tokens.lease().await.map_err(|e| Attempt::Final(e.into()))?;
        let mut request = self.http.request(call.method.clone(), call.url.clone());
        request = match self.token_header {
            Some(name) => request.header(name, lease.access_token().expose()),
            None => request.bearer_auth(lease.access_token().expose()),
        };
        for (name, value) in self.extra_headers.iter() {
            request = request.header(*name, value.as_str());
        }
        if let Some(body) = call.body {
            request = request.json(body);
        }
        let started = std::time::Instant::now();
        let route = route_template(call.url.path());
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => {
                // Refused or unreachable means offline (and nothing was sent); a connection dropped
                // mid-answer may be a blip, after the provider acted.
                let offline = e.is_connect();
                let maybe_applied = !e.is_connect();
                return Err(Attempt::Retry {
                    why: describe(&e),
                    offline: offline || e.is_timeout(),
                    wait: None,
                    maybe_applied,
                });
            }
        };
        let status = response.status();
        let headers = response.headers().clone();
        let labels = [("provider", self.provider.to_owned()), ("route", route), ("method", call.method.to_string())];
        metrics::histogram!("storedesk_provider_ttfb_seconds", &labels).record(started.elapsed().as_secs_f64());
        let status_label = ("status", status.as_u16().to_string());
        let with_status: Vec<(&'static str, String)> = labels.iter().cloned().chain([status_label]).collect();
        metrics::counter!("storedesk_provider_requests_total", &with_status).increment(1);
        let rh = self.rate_headers;
        let remaining = header_u64(&headers, rh.remaining);
        self.budget.on_headers(remaining, rh.reset.and_then(|name| header_secs(&headers, name)));
        if let (Some(left), Some(_), false) = (remaining, rh.window, status.as_u16() == 429) {
            slot.calls_left(left);
        }
        match classify(status.as_u16(), *refreshed) {
            Verdict::Refresh => {
                // Refused before its time (revoked, rotated elsewhere): refresh once, then try again.
                *refreshed = true;
                self.tokens.rejected(lease).await.map_err(|e| Attempt::Final(e.into()))?;
                return Err(Attempt::Retry {
                    why: "HTTP 401".into(),
                    offline: false,
                    wait: Some(Duration::ZERO),
                    maybe_applied: false,
                });
            }
            Verdict::RateLimited => {
                let wait = slot.rate_limited(header_secs(&headers, rh.retry_after));
                return Err(Attempt::RateLimited { wait });
            }
            Verdict::Success | Verdict::Retry | Verdict::Final => {}
        }
        // The lease is held until the whole body is read: a refresh waits for it.
        let body = response.bytes().await;
        drop(lease);
        metrics::histogram!("storedesk_provider_request_seconds", &with_status).record(started.elapsed().as_secs_f64());
        let body = match body {
            Ok(b) => b,
            Err(e) => {
                return Err(Attempt::Retry { why: describe(&e), offline: false, wait: None, maybe_applied: true })
            }
        };
        match classify(status.as_u16(), true) {
            Verdict::Retry => {
                let wait = header_secs(&headers, "retry-after");
                if let Some(w) = wait {
                    self.budget.hold(w);
                }
                return Err(Attempt::Retry {
                    why: format!("HTTP {}: {}", status.as_u16(), message(&body)),
                    offline: false,
                    wait,
                    maybe_applied: true,
                });
            }
            Verdict::Final => {
                let parsed = serde_json::from_slice(&body).unwrap_or(Value::Null);
                return Err(Attempt::Final(CallError::Remote {
                    status: status.as_u16(),
                    message: message(&body),
                    body: parsed,
                }));
            }
            _ => {}
        }
        self.budget.on_success();
        if body.is_empty() {
            return Ok((Value::Null, headers));
        }
        match serde_json::from_slice::<Value>(&body) {
            Ok(v) => Ok((v, headers)),
            // A 2xx whose body is not JSON was cut short on the way (a proxy, a dropped connection).
            Err(e) => Err(Attempt::Retry {
                why: format!("unreadable answer: {e}"),
                offline: false,
                wait: None,
                maybe_applied: true,
            }),
        }
    }
}

/// The server's clock from an answer's `Date` header (unix ms).
/// A URL path as a metrics label: segments that carry an id (any digit, but not a version such as `v1`,
/// `1.0` or a dated `2026-07`) become `{id}`, so a label names a route, not a record (`/items/MLA123` ->
/// `/items/{id}`); an action after the id stays (`/order/12:cancel` -> `/order/{id}:cancel`).
pub fn route_template(path: &str) -> String {
    let version = |seg: &str| match seg.strip_prefix('v') {
        Some(n) => !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()),
        None if seg.contains('.') => seg.chars().all(|c| c.is_ascii_digit() || c == '.'),
        None => {
            let (year, month) = seg.split_once('-').unwrap_or_default();
            year.len() == 4 && month.len() == 2 && (year.to_owned() + month).chars().all(|c| c.is_ascii_digit())
        }
    };
    let template = |seg: &str| -> String {
        let (id, action) = match seg.split_once(':') {
            Some((id, action)) => (id, Some(action)),
            None => (seg, None),
        };
        let id = if id.chars().any(|c| c.is_ascii_digit()) && !version(id) { "{id}" } else { id };
        match action {
            Some(action) => format!("{id}:{action}"),
            None => id.to_owned(),
        }
    };
    path.split('/').map(template).collect::<Vec<_>>().join("/")
}

fn server_time(headers: &HeaderMap) -> Option<i64> {
    headers
        .get(reqwest::header::DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_millis() as i64)
}

fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// The `message` (or `error`) of a JSON error body; the status text otherwise.
fn message(body: &[u8]) -> String {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    v.get("message")
        .or_else(|| v.get("error_description"))
        .or_else(|| v.get("error"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned())
}

pub(crate) fn header_u64(h: &HeaderMap, name: &str) -> Option<u64> {
    h.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// A header holding seconds (`Retry-After: 3`; the HTTP-date form is rare in APIs and ignored).
fn header_secs(h: &HeaderMap, name: &str) -> Option<Duration> {
    let s: f64 = h.get(name)?.to_str().ok()?.trim().parse().ok()?;
    (s.is_finite() && s >= 0.0).then(|| Duration::from_secs_f64(s.min(300.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_routes_name_routes_not_records() {
        for (path, want) in [
            ("/users/123456789/items/search", "/users/{id}/items/search"),
            ("/items/MLA1300000009", "/items/{id}"),
            ("/api/v1/products/6625af28-96ae-4e83-adb8-5245d8bb3514/offers", "/api/v1/products/{id}/offers"),
            ("/1.0/order", "/1.0/order"),
            ("/1.0/order/123/cancel", "/1.0/order/{id}/cancel"),
            ("/2026-07/order", "/2026-07/order"),
            ("/2026-07/order/123:cancel", "/2026-07/order/{id}:cancel"),
            ("/2026-07/inventory-level/77", "/2026-07/inventory-level/{id}"),
            ("/orders/2026-07-01", "/orders/{id}"),
            ("/orders/search", "/orders/search"),
        ] {
            assert_eq!(route_template(path), want);
        }
    }

    #[test]
    fn each_status_has_one_meaning() {
        // (status, refreshed already, verdict)
        let table = [
            (200, false, Verdict::Success),
            (201, false, Verdict::Success),
            (204, true, Verdict::Success),
            (401, false, Verdict::Refresh),
            (401, true, Verdict::Final),
            (429, false, Verdict::RateLimited),
            (429, true, Verdict::RateLimited),
            (500, false, Verdict::Retry),
            (502, false, Verdict::Retry),
            (503, true, Verdict::Retry),
            (400, false, Verdict::Final),
            (403, false, Verdict::Final),
            (404, false, Verdict::Final),
            (409, false, Verdict::Final),
            (422, false, Verdict::Final),
            (302, false, Verdict::Final),
        ];
        for (status, refreshed, verdict) in table {
            assert_eq!(classify(status, refreshed), verdict, "HTTP {status}, refreshed {refreshed}");
        }
    }

    #[test]
    fn error_bodies_say_what_went_wrong() {
        assert_eq!(message(br#"{"message":"Item is closed","error":"validation_error"}"#), "Item is closed");
        assert_eq!(message(br#"{"error_description":"expired","error":"invalid_grant"}"#), "expired");
        assert_eq!(message(br#"{"error":"forbidden"}"#), "forbidden");
        assert_eq!(message(b"Service Unavailable"), "Service Unavailable");
    }
}
