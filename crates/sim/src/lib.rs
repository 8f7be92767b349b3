//! storedesk-sim: MercadoLibre (OAuth2 server + seller API) simulated over real HTTP, faithful to the facts in
//! `shared/docs/marketplace-apis.md`: single-use rotating refresh tokens, Bearer-only API auth, the 1000-result
//! paging cap with scan, the 20-id multiget cap, the orders deep-offset cap, `local_rate_limited` without
//! Retry-After, and injectable faults (5xx, truncated bodies, dropped connections, latency).
//!
//! This crate depends on none of storedesk's crates on purpose: it is the other side of the wire.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sim = storedesk_sim::spawn(storedesk_sim::SimConfig { auto_approve: true, ..Default::default() }).await?;
//! println!("{}", sim.base_url());
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

mod api;
mod control;
mod data;
mod oauth;
pub mod offers;
mod server;
mod state;
mod time;
pub mod warehouse;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use control::Control;

/// How the simulator is set up. `Default` gives a 200-item, 200-order shop with the documented token lifetimes.
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// 0 = a random free port.
    pub port: u16,
    /// Seeded items for the seller.
    pub items: u64,
    /// Seeded orders (each with a shipment).
    pub orders: u64,
    /// Seed of all generated data.
    pub seed: u64,
    /// Date the seeded records up to the moment the simulator starts (the demo: orders of the last days,
    /// whatever day it is), instead of up to the fixed 2026-11-01 that makes runs byte-identical.
    pub anchor_now: bool,
    /// Access-token lifetime (6 h, as documented).
    pub access_ttl: Duration,
    /// Authorization-code lifetime.
    pub code_ttl: Duration,
    /// `GET /authorization` redirects at once as if Allow was clicked.
    pub auto_approve: bool,
    /// Serve the `/_sim/...` control API (404 otherwise).
    pub control: bool,
    /// Per-seller token bucket over the API routes and /oauth/token.
    pub rate_limit: Option<RateLimit>,
    /// Fault injection on API routes.
    pub faults: Faults,
    /// Added to every API answer.
    pub latency: Duration,
    /// Registered client applications.
    pub clients: Vec<ClientApp>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            port: 0,
            items: 200,
            orders: 200,
            seed: 42,
            anchor_now: false,
            access_ttl: Duration::from_secs(6 * 3600),
            code_ttl: Duration::from_secs(600),
            auto_approve: false,
            control: false,
            rate_limit: None,
            faults: Faults::default(),
            latency: Duration::ZERO,
            clients: vec![ClientApp {
                id: "storedesk-demo".into(),
                secret: "demo-secret".into(),
                redirect_uris: vec![],
                allow_loopback: true,
            }],
        }
    }
}

/// A registered OAuth client application.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ClientApp {
    pub id: String,
    pub secret: String,
    /// Exact redirect URIs accepted.
    pub redirect_uris: Vec<String>,
    /// Also accept `http://127.0.0.1:{any port}/{path}`, `http://localhost:{port}/{path}` and
    /// `http://[::1]:{port}/{path}` (RFC 8252 §7.3: the port of a loopback redirect may vary).
    pub allow_loopback: bool,
}

/// Token bucket: refills `per_second`, holds at most `burst`.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq)]
pub struct RateLimit {
    pub per_second: f64,
    pub burst: u32,
}

/// Fault injection on API routes, deterministic from `seed` and the order of requests.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Faults {
    /// Share of API requests answered 500 or 503 (JSON error body), before the handler runs.
    pub error_rate: f64,
    /// Share of API answers whose body is cut in half (status and headers intact, Content-Length of the full body).
    pub truncate_rate: f64,
    /// Share of API requests whose connection is closed without an answer (after the handler ran: a write may
    /// have happened although the client saw nothing, as on a real network).
    pub drop_rate: f64,
    pub seed: u64,
}

/// Counters since start (or the last reset).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Stats {
    /// Keyed by route template, e.g. `"GET /items/{id}"` (`"GET <unmatched>"` for unknown paths).
    pub requests_by_route: BTreeMap<String, u64>,
    pub status_codes: BTreeMap<u16, u64>,
    /// Successful authorization_code grants.
    pub token_grants: u64,
    /// Successful refresh_token grants.
    pub refreshes: u64,
    pub invalid_grant: u64,
    /// API requests made with an access token retired by a refresh.
    pub retired_token_requests: u64,
    pub expired_token_requests: u64,
    pub peak_concurrency: u64,
    pub rate_limited: u64,
}

/// Binds `127.0.0.1:port` and serves in a background task.
pub async fn spawn(config: SimConfig) -> std::io::Result<SimHandle> {
    let shared = Arc::new(state::Shared::new(&config));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
    let addr = listener.local_addr()?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let router = server::router(shared.clone());
    let task = tokio::spawn(server::serve(listener, router, stop_rx));
    Ok(SimHandle { addr, shared, stop: stop_tx, task: Some(task) })
}

/// A running simulator. Stops on `shutdown` or on Drop.
pub struct SimHandle {
    addr: std::net::SocketAddr,
    shared: Arc<state::Shared>,
    stop: tokio::sync::watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SimHandle {
    /// `http://127.0.0.1:PORT`: API, OAuth and control share this origin.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn seller_id(&self) -> u64 {
        self.shared.seller.id
    }

    pub fn stats(&self) -> Stats {
        self.shared.stats_snapshot()
    }

    /// In-process access to the operations of the `/_sim` control API (available whatever `config.control` is).
    pub fn control(&self) -> Control {
        Control::new(self.shared.clone())
    }

    /// Stops accepting, closes open connections and waits for the server task.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
