//! One authenticated API request, done right: a slot of the account's rate budget, a token lease held
//! until the body is read, one refresh on 401, and bounded retries with backoff for what retrying can
//! fix (429, 5xx, timeouts, dropped connections, truncated bodies). Other 4xx answers are final.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde_json::Value;
use storedesk_core::auth::{AuthError, TokenManager};
use storedesk_core::sync::{ChannelError, RequestTally};
use url::Url;

use crate::budget::{jitter, RateBudget};
use crate::http::BaseUrl;

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
    Remote { status: u16, message: String },
    #[error("the provider kept failing after {attempts} attempts: {last}")]
    Exhausted { attempts: u32, last: String },
    #[error(transparent)]
    Auth(#[from] AuthError),
}

impl From<CallError> for ChannelError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Offline(why) => ChannelError::Offline(why),
            CallError::Remote { status, message } => ChannelError::Remote { status, message },
            CallError::Exhausted { .. } => ChannelError::Exhausted(e.to_string()),
            CallError::Auth(AuthError::NeedsReconnect) => ChannelError::NeedsReconnect,
            CallError::Auth(other) => ChannelError::Setup(other.to_string()),
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
    extra_headers: &'static [(&'static str, &'static str)],
}

/// Why one attempt failed, and whether another may succeed.
enum Attempt {
    Retry { why: String, offline: bool, wait: Option<Duration> },
    RateLimited { wait: Duration },
    Final(CallError),
}

impl Api {
    pub fn new(
        http: reqwest::Client,
        base: BaseUrl,
        tokens: TokenManager,
        budget: Arc<RateBudget>,
        extra_headers: &'static [(&'static str, &'static str)],
    ) -> Self {
        Api { http, base, tokens, budget, extra_headers }
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
        let mut attempts = 0;
        let mut rate_limited = 0;
        let mut refreshed = false;
        loop {
            tally.requests.fetch_add(1, Ordering::Relaxed);
            match self.attempt(&url, &mut refreshed).await {
                Ok(v) => return Ok(v),
                Err(Attempt::Final(e)) => return Err(e),
                Err(Attempt::RateLimited { wait }) => {
                    tally.rate_limited.fetch_add(1, Ordering::Relaxed);
                    rate_limited += 1;
                    if rate_limited >= MAX_RATE_LIMITED {
                        return Err(CallError::Exhausted { attempts: rate_limited, last: "HTTP 429".into() });
                    }
                    tally.retries.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(wait).await;
                }
                Err(Attempt::Retry { why, offline, wait }) => {
                    attempts += 1;
                    if attempts >= MAX_ATTEMPTS {
                        return Err(if offline {
                            CallError::Offline(why)
                        } else {
                            CallError::Exhausted { attempts, last: why }
                        });
                    }
                    tally.retries.fetch_add(1, Ordering::Relaxed);
                    let backoff = Duration::from_secs_f64(jitter(0.2 * 2f64.powi(attempts as i32)));
                    tokio::time::sleep(wait.unwrap_or(backoff)).await;
                }
            }
        }
    }

    async fn attempt(&self, url: &Url, refreshed: &mut bool) -> Result<(Value, Option<i64>), Attempt> {
        let _slot = self.budget.acquire().await;
        let lease = self.tokens.lease().await.map_err(|e| Attempt::Final(e.into()))?;
        let mut request = self.http.get(url.clone()).bearer_auth(lease.access_token().expose());
        for (name, value) in self.extra_headers {
            request = request.header(*name, *value);
        }
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => {
                // Refused or unreachable means offline; a connection dropped mid-answer may be a blip.
                let offline = e.is_connect() || e.is_timeout();
                return Err(Attempt::Retry { why: describe(&e), offline, wait: None });
            }
        };
        let status = response.status();
        let headers = response.headers().clone();
        self.budget
            .on_headers(header_u64(&headers, "x-ratelimit-remaining"), header_secs(&headers, "x-ratelimit-reset"));
        if status == StatusCode::UNAUTHORIZED && !*refreshed {
            // Refused before its time (revoked, rotated elsewhere): refresh once, then try again.
            *refreshed = true;
            self.tokens.rejected(lease).await.map_err(|e| Attempt::Final(e.into()))?;
            return Err(Attempt::Retry { why: "HTTP 401".into(), offline: false, wait: Some(Duration::ZERO) });
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            let wait = self.budget.on_rate_limited(header_secs(&headers, "retry-after"));
            return Err(Attempt::RateLimited { wait });
        }
        // The lease is held until the whole body is read: a refresh waits for it.
        let body = response.bytes().await;
        drop(lease);
        let body = match body {
            Ok(b) => b,
            Err(e) => return Err(Attempt::Retry { why: describe(&e), offline: false, wait: None }),
        };
        if status.is_server_error() {
            let wait = header_secs(&headers, "retry-after");
            if let Some(w) = wait {
                self.budget.hold(w);
            }
            return Err(Attempt::Retry {
                why: format!("HTTP {}: {}", status.as_u16(), message(&body)),
                offline: false,
                wait,
            });
        }
        if !status.is_success() {
            return Err(Attempt::Final(CallError::Remote { status: status.as_u16(), message: message(&body) }));
        }
        self.budget.on_success();
        let server_time = headers
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_millis() as i64);
        match serde_json::from_slice::<Value>(&body) {
            Ok(v) => Ok((v, server_time)),
            // A 200 whose body is not JSON was cut short on the way (a proxy, a dropped connection).
            Err(e) => Err(Attempt::Retry { why: format!("unreadable answer: {e}"), offline: false, wait: None }),
        }
    }
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

fn header_u64(h: &HeaderMap, name: &str) -> Option<u64> {
    h.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// A header holding seconds (`Retry-After: 3`; the HTTP-date form is rare in APIs and ignored).
fn header_secs(h: &HeaderMap, name: &str) -> Option<Duration> {
    let s: f64 = h.get(name)?.to_str().ok()?.trim().parse().ok()?;
    (s.is_finite() && s >= 0.0).then(|| Duration::from_secs_f64(s.min(300.0)))
}
