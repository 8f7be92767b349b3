//! The fulfilment warehouse, simulated as ShipBob's dated API 2026-07 (../shared/docs/shipbob-2026-07.md):
//! everything under `/2026-07/`, a personal access token in `Authorization: Bearer` (401 with an empty body
//! otherwise), the channel every write names in `shipbob_channel_id`, channels as a cursor-paged object,
//! orders created once per `reference_id` (a duplicate is a 422 that does not say which order exists, `type`
//! required), order lists as bare arrays paged by number with no paging headers, `:cancel` refused for picked
//! shipments, products and inventory levels cursor-paged with ProblemDetails errors, and 150 requests a
//! minute in a sliding window with `x-remaining-calls` on every answer and `x-retry-after` on a 429. The
//! legacy versions (1.0, 2.0) answer as retired. A control API plays the warehouse floor: pick, ship with
//! tracking, deliver, exception, hold, stock on hand; and faults, including an answer lost after the order
//! was created, and the current version reaching its own end of support.

mod api;
mod catalog;
mod state;

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::Faults;

pub use state::{WarehouseOrderView, WarehouseShipmentView};

/// The version this simulator serves.
pub const API_VERSION: &str = "2026-07";

/// Versions past their end of support (Jul 31, 2026): every path under them answers as retired.
pub const RETIRED_VERSIONS: [&str; 2] = ["1.0", "2.0"];

/// How a retired version answers. ShipBob does not document it, so a client must read both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RetiredAnswer {
    /// 410 Gone with a ProblemDetails body.
    #[default]
    Gone,
    /// 404 with a `{"message": "API version … is no longer supported …"}` body.
    NotFound,
}

/// One inventory item as a test reads it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct InventoryView {
    pub inventory_id: u64,
    pub sku: String,
    pub on_hand: i64,
    pub committed: i64,
}

/// The warehouse's rate limit: `calls` per `window`, sliding (ShipBob: 150 a minute).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq)]
pub struct RateWindow {
    pub calls: u32,
    pub window: Duration,
}

impl Default for RateWindow {
    fn default() -> Self {
        RateWindow { calls: 150, window: Duration::from_secs(60) }
    }
}

#[derive(Clone, Debug)]
pub struct WarehouseConfig {
    /// 0 = a random free port.
    pub port: u16,
    /// The personal access tokens accepted (each one a user of the account).
    pub tokens: Vec<String>,
    /// The channel the tokens may write through.
    pub channel_id: u64,
    pub channel_name: String,
    pub rate: RateWindow,
    pub faults: Faults,
    pub latency: Duration,
}

impl Default for WarehouseConfig {
    fn default() -> Self {
        WarehouseConfig {
            port: 0,
            tokens: vec!["demo-warehouse-token".into()],
            channel_id: 34_811,
            channel_name: "storedesk".into(),
            rate: RateWindow::default(),
            faults: Faults::default(),
            latency: Duration::ZERO,
        }
    }
}

/// Counters since start (or the last reset).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct WarehouseStats {
    /// Keyed by route template, e.g. `"POST /2026-07/order"`.
    pub requests_by_route: std::collections::BTreeMap<String, u64>,
    pub status_codes: std::collections::BTreeMap<u16, u64>,
    /// 429s answered.
    pub rate_limited: u64,
    /// Requests that arrived while the window was already full (a client that ignores `x-retry-after`).
    pub past_the_limit_after_429: u64,
    pub orders_created: u64,
    pub duplicate_creates: u64,
}

/// Binds `127.0.0.1:port` and serves in a background task.
pub async fn spawn(config: WarehouseConfig) -> std::io::Result<WarehouseHandle> {
    let shared = Arc::new(state::Shared::new(&config));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
    let addr = listener.local_addr()?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let router = api::router(shared.clone());
    let task = tokio::spawn(crate::server::serve(listener, router, stop_rx));
    Ok(WarehouseHandle { addr, shared, stop: stop_tx, task: Some(task) })
}

/// A running warehouse. Stops on `shutdown` or on Drop.
pub struct WarehouseHandle {
    addr: std::net::SocketAddr,
    shared: Arc<state::Shared>,
    stop: tokio::sync::watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl WarehouseHandle {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn control(&self) -> WarehouseControl {
        WarehouseControl { shared: self.shared.clone() }
    }

    pub fn stats(&self) -> WarehouseStats {
        state::lock(&self.shared.stats).clone()
    }

    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for WarehouseHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// The warehouse floor and the test bench: move shipments on, inject faults, read what the warehouse holds.
#[derive(Clone)]
pub struct WarehouseControl {
    shared: Arc<state::Shared>,
}

impl WarehouseControl {
    /// Every order, oldest first.
    pub fn orders(&self) -> Vec<WarehouseOrderView> {
        state::lock(&self.shared.state).views()
    }

    /// The order with this reference id.
    pub fn order_by_reference(&self, reference_id: &str) -> Option<WarehouseOrderView> {
        self.orders().into_iter().find(|o| o.reference_id == reference_id)
    }

    /// Picks the order's shipments (they can no longer be cancelled). False if there is no such order.
    pub fn pick(&self, order_id: u64) -> bool {
        self.shared.advance(order_id, state::Step::Pick)
    }

    /// Ships the order: status Completed, with a tracking number of `carrier`.
    pub fn ship(&self, order_id: u64, carrier: &str, tracking_number: &str) -> bool {
        self.shared.advance(order_id, state::Step::Ship { carrier: carrier.into(), tracking: tracking_number.into() })
    }

    /// The carrier delivered it: `delivery_date` set, the status stays Completed (as ShipBob reports it).
    pub fn deliver(&self, order_id: u64) -> bool {
        self.shared.advance(order_id, state::Step::Deliver)
    }

    /// An exception (out of stock, inactive product...), with its reason.
    pub fn exception(&self, order_id: u64, reason: &str) -> bool {
        self.shared.advance(order_id, state::Step::Exception(reason.into()))
    }

    /// A hold (missing data, merchant hold), with its reason.
    pub fn hold(&self, order_id: u64, reason: &str) -> bool {
        self.shared.advance(order_id, state::Step::Hold(reason.into()))
    }

    /// The next `n` order creations happen, but their answers are lost (the connection drops).
    pub fn lose_create_answers(&self, n: u32) {
        state::lock(&self.shared.runtime_extra).lose_create_answers = n;
    }

    pub fn set_faults(&self, faults: Faults) {
        let mut rt = state::lock(&self.shared.runtime);
        rt.faults = faults;
        rt.fault_counter = 0;
    }

    pub fn set_rate(&self, rate: RateWindow) {
        state::lock(&self.shared.runtime_extra).rate = rate;
    }

    /// Legacy paths answer as retired this way from now on.
    pub fn set_retired_answer(&self, how: RetiredAnswer) {
        state::lock(&self.shared.runtime_extra).retired_style = how;
    }

    /// The current version reaches its end of support: its paths answer as retired (None: served again).
    pub fn retire_current_version(&self, how: Option<RetiredAnswer>) {
        state::lock(&self.shared.runtime_extra).current_retired = how;
    }

    /// The warehouse counts its shelves: `on_hand` units of `sku` (a product made with this name if new).
    pub fn set_on_hand(&self, sku: &str, name: &str, on_hand: i64) {
        let mut st = state::lock(&self.shared.state);
        let now = st.stamp();
        let product = st.product(sku, name);
        product.on_hand = on_hand.max(0);
        product.updated = now;
    }

    /// The inventory item of a SKU, with what the warehouse holds and what open orders commit.
    pub fn inventory(&self, sku: &str) -> Option<InventoryView> {
        let st = state::lock(&self.shared.state);
        let p = st.products.get(sku)?;
        Some(InventoryView {
            inventory_id: p.inventory_id,
            sku: p.sku.clone(),
            on_hand: p.on_hand,
            committed: st.committed(sku),
        })
    }

    /// A token stops working (revoked in ShipBob's dashboard): its requests get 401.
    pub fn revoke_token(&self, token: &str) {
        state::lock(&self.shared.runtime_extra).revoked.insert(token.to_owned());
    }

    pub fn stats(&self) -> WarehouseStats {
        state::lock(&self.shared.stats).clone()
    }

    pub fn reset_stats(&self) {
        *state::lock(&self.shared.stats) = WarehouseStats::default();
    }
}
