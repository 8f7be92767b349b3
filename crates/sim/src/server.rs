//! Routing, the per-connection server loop, and the layers every request goes through: stats, the per-seller
//! rate limit, latency and fault injection (5xx, truncated body, dropped connection).

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use bytes::Bytes;
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::sync::{watch, Notify};
use tower_service::Service;

use crate::data::{h, unit};
use crate::state::{lock, Shared};
use crate::{api, control, oauth};

pub type AppState = Arc<Shared>;

/// A JSON answer.
pub fn json_response(status: StatusCode, body: serde_json::Value) -> Response {
    (status, axum::Json(body)).into_response()
}

/// The API's error shape: `{message, error, status, cause:[]}`.
pub fn api_error(status: StatusCode, message: impl Into<String>, error: &str) -> Response {
    json_response(status, json!({"message": message.into(), "error": error, "status": status.as_u16(), "cause": []}))
}

pub fn router(shared: AppState) -> Router {
    let api = Router::new()
        .route("/users/me", get(api::me))
        .route("/users/{uid}/items/search", get(api::items_search))
        .route("/items", get(api::items_multiget))
        .route("/items/{id}", get(api::item_get).put(api::item_put))
        .route("/orders/search", get(api::orders_search))
        .route("/orders/{id}", get(api::order_get))
        .route("/shipments/{id}", get(api::shipment_get))
        .route_layer(from_fn_with_state(shared.clone(), api_layer));
    let token = Router::new()
        .route("/oauth/token", post(oauth::token))
        .route_layer(from_fn_with_state(shared.clone(), rate_layer));
    let authorize = Router::new()
        .route("/authorization", get(oauth::authorize))
        .route("/authorization/decision", post(oauth::decision));
    let mut app = api.merge(token).merge(authorize);
    if shared.control_enabled {
        app = app.merge(control::router());
    }
    app.fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state(shared.clone(), stats_layer))
        .with_state(shared)
}

async fn not_found() -> Response {
    api_error(StatusCode::NOT_FOUND, "Resource not found", "not_found")
}

async fn method_not_allowed() -> Response {
    api_error(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed", "method_not_allowed")
}

/// Counts every request (except the control API) by route template and status.
async fn stats_layer(State(shared): State<AppState>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/_sim") {
        return next.run(req).await;
    }
    let template = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string());
    let route = format!("{} {}", req.method(), template.as_deref().unwrap_or("<unmatched>"));
    *lock(&shared.stats).requests_by_route.entry(route).or_default() += 1;
    let resp = next.run(req).await;
    *lock(&shared.stats).status_codes.entry(resp.status().as_u16()).or_default() += 1;
    resp
}

fn rate_limited(shared: &Shared) -> Option<Response> {
    if lock(&shared.runtime).take_token() {
        return None;
    }
    lock(&shared.stats).rate_limited += 1;
    // As documented: 429 local_rate_limited and NO Retry-After header; the client must back off on its own.
    Some(api_error(StatusCode::TOO_MANY_REQUESTS, "local_rate_limited", "local_rate_limited"))
}

/// /oauth/token shares the seller's bucket with the API (the simulator serves one seller account, so there is one
/// bucket; the token endpoint has no token to attribute a request to any other way).
async fn rate_layer(State(shared): State<AppState>, req: Request, next: Next) -> Response {
    match rate_limited(&shared) {
        Some(r) => r,
        None => next.run(req).await,
    }
}

struct InFlight<'a>(&'a Shared);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.inflight.fetch_sub(1, Ordering::SeqCst);
    }
}

pub(crate) enum Fault {
    None,
    Error(StatusCode),
    Truncate,
    Drop,
}

/// The fault (if any) for the next request, deterministic from the faults' seed and the request count.
pub(crate) fn decide_fault(runtime: &std::sync::Mutex<crate::state::Runtime>) -> Fault {
    let mut rt = lock(runtime);
    let f = rt.faults;
    if f.error_rate <= 0.0 && f.truncate_rate <= 0.0 && f.drop_rate <= 0.0 {
        return Fault::None;
    }
    let n = rt.fault_counter;
    rt.fault_counter += 1;
    if unit(h(f.seed, 0xFA, n, 1)) < f.error_rate {
        let status = if h(f.seed, 0xFA, n, 2).is_multiple_of(2) {
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        };
        Fault::Error(status)
    } else if unit(h(f.seed, 0xFA, n, 3)) < f.drop_rate {
        Fault::Drop
    } else if unit(h(f.seed, 0xFA, n, 4)) < f.truncate_rate {
        Fault::Truncate
    } else {
        Fault::None
    }
}

/// Every API route: concurrency tracking, latency, the rate limit, then faults.
async fn api_layer(State(shared): State<AppState>, req: Request, next: Next) -> Response {
    let now = shared.inflight.fetch_add(1, Ordering::SeqCst) + 1;
    let _guard = InFlight(&shared);
    {
        let mut st = lock(&shared.stats);
        st.peak_concurrency = st.peak_concurrency.max(now);
    }
    let latency = lock(&shared.runtime).latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if let Some(r) = rate_limited(&shared) {
        return r;
    }
    let conn = req.extensions().get::<ConnCtl>().cloned();
    match decide_fault(&shared.runtime) {
        Fault::None => next.run(req).await,
        Fault::Error(status) => {
            let (message, error) = if status == StatusCode::INTERNAL_SERVER_ERROR {
                ("Internal server error", "internal_error")
            } else {
                ("Service temporarily unavailable", "service_unavailable")
            };
            api_error(status, message, error)
        }
        Fault::Truncate => truncate(next.run(req).await).await,
        Fault::Drop => {
            let resp = next.run(req).await;
            match conn {
                Some(ConnCtl(kill)) => {
                    kill.notify_one();
                    std::future::pending::<Response>().await
                }
                None => truncate(resp).await,
            }
        }
    }
}

/// Keeps status and headers (Content-Length of the whole body) but sends only the first half of the body, then
/// closes the connection.
pub(crate) async fn truncate(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return api_error(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error", "internal_error");
    };
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let half = bytes.slice(..bytes.len() / 2);
    Response::from_parts(parts, Body::new(Truncated { data: Some(half), pause: None }))
}

/// A body that yields its data, waits a moment (so the connection flushes what it has), then fails, which makes
/// hyper close the connection short of the announced Content-Length.
struct Truncated {
    data: Option<Bytes>,
    pause: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl http_body::Body for Truncated {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        if let Some(d) = self.data.take() {
            return Poll::Ready(Some(Ok(http_body::Frame::data(d))));
        }
        let pause = self.pause.get_or_insert_with(|| Box::pin(tokio::time::sleep(Duration::from_millis(30))));
        match pause.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => {
                Poll::Ready(Some(Err(std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "truncated"))))
            }
        }
    }
}

/// Per-connection handle given to requests: notifying it closes the connection without an answer.
#[derive(Clone)]
pub struct ConnCtl(pub Arc<Notify>);

pub async fn serve(listener: tokio::net::TcpListener, router: Router, mut stop: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            r = listener.accept() => r,
            _ = stop.changed() => break,
        };
        let stream = match accepted {
            Ok((s, _)) => s,
            Err(e) => {
                tracing::debug!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(5)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let kill = Arc::new(Notify::new());
            let ctl = ConnCtl(kill.clone());
            let svc = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ctl.clone());
                let mut router = router.clone();
                async move {
                    let resp: Result<Response, Infallible> = router.call(req.map(Body::new)).await;
                    resp
                }
            });
            let conn = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), svc);
            if *stop.borrow() {
                return;
            }
            tokio::select! {
                _ = conn => {}
                _ = kill.notified() => {}
                _ = stop.changed() => {}
            }
        });
    }
}
