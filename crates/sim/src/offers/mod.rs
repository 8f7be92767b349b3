//! The partner offers service (marketplace-apis.md, "The offers service"): a refresh token sent in a header
//! literally named `Bearer` buys a short-lived JWT (its `expires` claim in unix seconds), which calls carry
//! the same way; products are registered under the client's UUID (409 when already registered) and their
//! offers read (404 `{"detail":"Product does not exist"}` when the service forgot one). Offers change about
//! every minute: here a minute passes when a test (or the demo) says so, and every change goes to a log the
//! tests compare a client's history with, row for row.
//!
//! Where the docs allow two readings this takes the stricter one: `price` is an integer in the currency's
//! whole units, a register body whose `id` is not a UUID is refused (422, FastAPI's shape), and a JWT is
//! refused from the second its `expires` names.

mod api;
mod state;

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::Faults;

pub use state::OfferLogRow;

#[derive(Clone, Debug)]
pub struct OffersConfig {
    /// 0 = a random free port.
    pub port: u16,
    /// The refresh tokens accepted.
    pub refresh_tokens: Vec<String>,
    /// How long a JWT lives (the service's is about 5 minutes, UNVERIFIED).
    pub jwt_ttl: Duration,
    pub seed: u64,
    pub faults: Faults,
    pub latency: Duration,
}

impl Default for OffersConfig {
    fn default() -> Self {
        OffersConfig {
            port: 0,
            refresh_tokens: vec!["demo-offers-refresh-token".into()],
            jwt_ttl: Duration::from_secs(300),
            seed: 7,
            faults: Faults::default(),
            latency: Duration::ZERO,
        }
    }
}

/// Counters since start (or the last reset).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct OffersStats {
    /// Keyed by route template, e.g. `"GET /api/v1/products/{id}/offers"`.
    pub requests_by_route: std::collections::BTreeMap<String, u64>,
    pub status_codes: std::collections::BTreeMap<u16, u64>,
    /// JWTs handed out.
    pub auth_calls: u64,
    /// Calls that carried a JWT past its `expires`.
    pub expired_jwt_calls: u64,
    pub registers: u64,
    pub duplicate_registers: u64,
}

pub async fn spawn(config: OffersConfig) -> std::io::Result<OffersHandle> {
    let shared = Arc::new(state::Shared::new(&config));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
    let addr = listener.local_addr()?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(crate::server::serve(listener, api::router(shared.clone()), stop_rx));
    Ok(OffersHandle { addr, shared, stop: stop_tx, task: Some(task) })
}

/// A running offers service. Stops on `shutdown` or on Drop.
pub struct OffersHandle {
    addr: std::net::SocketAddr,
    shared: Arc<state::Shared>,
    stop: tokio::sync::watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl OffersHandle {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn control(&self) -> OffersControl {
        OffersControl { shared: self.shared.clone() }
    }

    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for OffersHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// The market and the test bench: let minutes pass, script prices, forget products, read the change log.
#[derive(Clone)]
pub struct OffersControl {
    shared: Arc<state::Shared>,
}

impl OffersControl {
    /// `minutes` minutes pass: offers change price and stock, sell out and vanish, new ones appear.
    pub fn advance(&self, minutes: u32) {
        let mut st = state::lock(&self.shared.state);
        for _ in 0..minutes {
            st.tick();
        }
    }

    /// The minutes passed so far.
    pub fn minute(&self) -> u64 {
        state::lock(&self.shared.state).minute
    }

    /// Every change so far, in the order it happened: an offer appearing, changing price or stock, vanishing.
    pub fn log(&self) -> Vec<OfferLogRow> {
        state::lock(&self.shared.state).log.clone()
    }

    /// The ids of the registered products.
    pub fn registered(&self) -> Vec<String> {
        state::lock(&self.shared.state).products.keys().cloned().collect()
    }

    /// The name and description a product was registered with.
    pub fn product(&self, product_id: &str) -> Option<(String, String)> {
        let st = state::lock(&self.shared.state);
        st.products.get(product_id).map(|p| (p.name.clone(), p.description.clone()))
    }

    /// The product's offers now: (offer id, price, items in stock).
    pub fn offers(&self, product_id: &str) -> Option<Vec<(String, i64, i64)>> {
        let st = state::lock(&self.shared.state);
        st.products.get(product_id).map(|p| p.offers.iter().map(|o| (o.id.clone(), o.price, o.stock)).collect())
    }

    /// Replaces the product's offers (a scripted market); the differences are logged as changes.
    pub fn set_offers(&self, product_id: &str, offers: &[(&str, i64, i64)]) -> bool {
        state::lock(&self.shared.state).set_offers(product_id, offers)
    }

    /// The service forgets a product (its offers read 404 until it is registered again).
    pub fn forget(&self, product_id: &str) -> bool {
        state::lock(&self.shared.state).forget(product_id)
    }

    pub fn set_jwt_ttl(&self, ttl: Duration) {
        state::lock(&self.shared.extra).jwt_ttl = ttl;
    }

    pub fn revoke_refresh_token(&self, token: &str) {
        state::lock(&self.shared.extra).revoked.insert(token.to_owned());
    }

    pub fn set_faults(&self, faults: Faults) {
        let mut rt = state::lock(&self.shared.runtime);
        rt.faults = faults;
        rt.fault_counter = 0;
    }

    pub fn stats(&self) -> OffersStats {
        state::lock(&self.shared.stats).clone()
    }

    pub fn reset_stats(&self) {
        *state::lock(&self.shared.stats) = OffersStats::default();
    }
}
