//! Driving the simulation: the in-process [`Control`] and the same operations over HTTP under `/_sim` (served only
//! when `SimConfig::control` is true).

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::data::{self, h, item_id, unit};
use crate::server::{api_error, json_response, AppState};
use crate::state::{lock, AccessState, Shared, State as SimState};
use crate::{Faults, RateLimit, Stats};

/// In-process handle on the simulation, the same operations as the `/_sim` HTTP API.
#[derive(Clone)]
pub struct Control {
    shared: Arc<Shared>,
}

const K_CONTROL: u64 = 0xC0;

impl Control {
    pub(crate) fn new(shared: Arc<Shared>) -> Control {
        Control { shared }
    }

    /// Every access token issued so far expires now (API -> 401, counted in `expired_token_requests`).
    pub fn expire_access_tokens(&self) {
        let now = Instant::now();
        for a in lock(&self.shared.state).access.values_mut() {
            a.expires = a.expires.min(now);
        }
    }

    /// The user revokes the app: refresh tokens die (-> invalid_grant) and access tokens die (-> 401).
    pub fn revoke_grant(&self) {
        let mut st = lock(&self.shared.state);
        for g in st.grants.values_mut() {
            g.revoked = true;
        }
        for a in st.access.values_mut() {
            if a.state == AccessState::Live {
                a.state = AccessState::Revoked;
            }
        }
    }

    /// Changes the price of up to `n` items that are not closed (last_updated bumped). Returns their ids.
    pub fn reprice_items(&self, n: u64) -> Vec<String> {
        let mut st = lock(&self.shared.state);
        let picked = pick_items(&mut st, n, |it| it.status != "closed");
        let mut out = Vec::new();
        for i in picked {
            let Some(mut it) = st.item(i) else { continue };
            st.ctl_counter += 1;
            let factor = 0.85 + unit(h(st.seed, K_CONTROL, st.ctl_counter, 1)) * 0.35;
            let mut price = ((it.price as f64 * factor) / 100.0).round() as i64 * 100;
            if price == it.price {
                price += 100;
            }
            it.price = price.max(100);
            for v in it.variations.iter_mut() {
                v.price = it.price;
            }
            it.last_updated = st.stamp();
            out.push(item_id(i));
            st.put_item(it);
        }
        out
    }

    /// Closes up to `n` items that are active or paused. Returns their ids.
    pub fn close_items(&self, n: u64) -> Vec<String> {
        let mut st = lock(&self.shared.state);
        let picked = pick_items(&mut st, n, |it| matches!(it.status, "active" | "paused"));
        let mut out = Vec::new();
        for i in picked {
            let Some(mut it) = st.item(i) else { continue };
            it.status = "closed";
            it.last_updated = st.stamp();
            out.push(item_id(i));
            st.put_item(it);
        }
        out
    }

    /// `n` new paid orders, created now, each with a shipment in `handling`; the items sold lose stock. Returns
    /// the order ids.
    pub fn create_orders(&self, n: u64) -> Vec<u64> {
        let mut st = lock(&self.shared.state);
        let seed = st.seed;
        let mut out = Vec::new();
        for _ in 0..n {
            let i = st.orders_count;
            let mut o = data::order(seed, st.anchor, i, st.orders_seeded.max(1), st.items_count);
            let now = st.stamp();
            o.status = "paid";
            o.date_created = now;
            o.date_closed = Some(now);
            o.last_updated = now;
            for (k, line) in o.items.iter_mut().enumerate() {
                // Sell an active item with stock when one can be found near the seeded pick.
                let mut chosen = None;
                for probe in 0..64u64 {
                    let j = if probe == 0 {
                        line.item_index
                    } else {
                        h(seed, K_CONTROL, i * 64 + probe, k as u64) % st.items_count.max(1)
                    };
                    if let Some(it) = st.item(j) {
                        if it.status == "active" && it.available_quantity > 0 {
                            chosen = Some(it);
                            break;
                        }
                    }
                }
                let Some(mut it) = chosen else { continue };
                let var = if it.variations.is_empty() {
                    None
                } else {
                    it.variations.iter().position(|v| v.available_quantity > 0)
                };
                line.item_index = it.index;
                line.title = it.title.clone();
                line.unit_price = it.price;
                line.variation_id = None;
                line.seller_sku = it.seller_custom_field.clone();
                line.quantity = line.quantity.min(it.available_quantity).max(1);
                if let Some(v) = var.and_then(|p| it.variations.get_mut(p)) {
                    line.variation_id = Some(v.id);
                    line.unit_price = v.price;
                    line.seller_sku = v.seller_custom_field.clone().or(line.seller_sku.clone());
                    line.quantity = line.quantity.min(v.available_quantity).max(1);
                    v.available_quantity = (v.available_quantity - line.quantity).max(0);
                    v.sold_quantity += line.quantity;
                    it.available_quantity = it.variations.iter().map(|v| v.available_quantity).sum();
                } else {
                    it.available_quantity = (it.available_quantity - line.quantity).max(0);
                }
                it.sold_quantity += line.quantity;
                it.last_updated = st.stamp();
                st.put_item(it);
            }
            let mut s = data::shipment(seed, &o);
            s.status = "handling";
            s.substatus = data::default_substatus("handling");
            s.date_created = now;
            s.last_updated = now;
            out.push(data::ORDER_BASE + i);
            st.put_order(o, Some(s));
        }
        out
    }

    /// Moves up to `n` shipments one status forward (pending -> handling -> ready_to_ship -> shipped ->
    /// delivered), newest orders first, skipping orders not paid. The order's last_updated moves too, so an
    /// incremental order sync sees the change. Returns the shipment ids.
    pub fn advance_shipments(&self, n: u64) -> Vec<u64> {
        let mut st = lock(&self.shared.state);
        let mut out = Vec::new();
        let mut i = st.orders_count;
        while i > 0 && (out.len() as u64) < n {
            i -= 1;
            let Some(mut o) = st.order(i) else { continue };
            if o.status != "paid" {
                continue;
            }
            let mut s = st.shipment(&o);
            let Some(next) = data::next_shipment_status(s.status) else { continue };
            let now = st.stamp();
            s.status = next;
            s.substatus = data::default_substatus(next);
            s.last_updated = now;
            o.last_updated = now;
            out.push(data::SHIPMENT_BASE + i);
            st.put_order(o, Some(s));
        }
        out
    }

    /// Cancels these orders (ids as the API shows them) and their shipments, as a buyer's cancellation does;
    /// their last_updated moves so an incremental sync sees it. Returns how many were cancelled.
    pub fn cancel_orders(&self, order_ids: &[u64]) -> usize {
        let mut st = lock(&self.shared.state);
        let mut cancelled = 0;
        for id in order_ids {
            let Some(i) = id.checked_sub(data::ORDER_BASE) else { continue };
            let Some(mut o) = st.order(i) else { continue };
            let mut s = st.shipment(&o);
            let now = st.stamp();
            o.status = "cancelled";
            o.last_updated = now;
            s.status = "cancelled";
            s.substatus = data::default_substatus("cancelled");
            s.last_updated = now;
            st.put_order(o, Some(s));
            cancelled += 1;
        }
        cancelled
    }

    /// Serves item `index` with a malformed body from now on (its last_updated moves, so an incremental
    /// sync reads it). Returns its id.
    pub fn malform_item(&self, index: u64) -> Option<String> {
        let mut st = lock(&self.shared.state);
        let mut it = st.item(index)?;
        it.last_updated = st.stamp();
        st.malformed_items.insert(index);
        st.put_item(it);
        Some(item_id(index))
    }

    /// Item `id` ("MLA…") as the API serves it now.
    pub fn item(&self, id: &str) -> Option<serde_json::Value> {
        data::item_index(id).and_then(|i| self.item_json(i))
    }

    /// A change made on the shop (by a person in MercadoLibre's site, say): item `id` gets this price (in
    /// cents, every variation too) and/or status; its last_updated moves. False when there is no such item.
    pub fn change_item(&self, id: &str, price_cents: Option<i64>, status: Option<&'static str>) -> bool {
        let mut st = lock(&self.shared.state);
        let Some(mut it) = data::item_index(id).and_then(|i| st.item(i)) else { return false };
        if let Some(price) = price_cents {
            it.price = price;
            for v in it.variations.iter_mut() {
                v.price = price;
            }
        }
        if let Some(status) = status {
            it.status = status;
        }
        it.last_updated = st.stamp();
        st.put_item(it);
        true
    }

    /// A seller typing a SKU on the shop: item `id` gets this `seller_custom_field` (None clears it), each
    /// variation `{sku}-{VALUE}` as the seeded data does; its last_updated moves. False when there is no such
    /// item. Answers whether the item has variations.
    pub fn set_sku(&self, id: &str, sku: Option<&str>) -> Option<bool> {
        let mut st = lock(&self.shared.state);
        let mut it = data::item_index(id).and_then(|i| st.item(i))?;
        it.seller_custom_field = sku.map(str::to_owned);
        for v in it.variations.iter_mut() {
            v.seller_custom_field = sku.map(|s| format!("{s}-{}", v.attr.2.to_uppercase()));
        }
        let has_variations = !it.variations.is_empty();
        it.last_updated = st.stamp();
        st.put_item(it);
        Some(has_variations)
    }

    /// How many items and orders the seller has now.
    pub fn counts(&self) -> (u64, u64) {
        let st = lock(&self.shared.state);
        (st.items_count, st.orders_count)
    }

    /// Item `index` as the API serves it now (None past the end). For tests comparing a client's copy.
    pub fn item_json(&self, index: u64) -> Option<serde_json::Value> {
        let st = lock(&self.shared.state);
        st.item(index).map(|it| st.item_body(&it, self.shared.seller.id))
    }

    /// Order `index` as the API serves it now.
    pub fn order_json(&self, index: u64) -> Option<serde_json::Value> {
        let st = lock(&self.shared.state);
        st.order(index).map(|o| data::order_json(&o, self.shared.seller.id))
    }

    /// The shipment of order `index` as the API serves it now (new format).
    pub fn shipment_json(&self, index: u64) -> Option<serde_json::Value> {
        let st = lock(&self.shared.state);
        st.order(index).map(|o| data::shipment_json(&st.shipment(&o), &o, &self.shared.seller, true))
    }

    pub fn reset_stats(&self) {
        *lock(&self.shared.stats) = Stats::default();
    }

    pub fn stats(&self) -> Stats {
        self.shared.stats_snapshot()
    }

    pub fn set_faults(&self, faults: Faults) {
        let mut rt = lock(&self.shared.runtime);
        rt.faults = faults;
        rt.fault_counter = 0;
    }

    pub fn set_latency(&self, latency: Duration) {
        lock(&self.shared.runtime).latency = latency;
    }

    pub fn set_rate_limit(&self, limit: Option<RateLimit>) {
        lock(&self.shared.runtime).set_rate(limit);
    }
}

/// Up to `n` distinct item indexes satisfying `ok`: random probes first (spread over the catalogue), then a scan.
fn pick_items(st: &mut SimState, n: u64, ok: impl Fn(&data::Item) -> bool) -> Vec<u64> {
    let mut picked = Vec::new();
    let mut seen = HashSet::new();
    if st.items_count == 0 {
        return picked;
    }
    let mut attempts = n.saturating_mul(8).min(1_000_000);
    while (picked.len() as u64) < n && attempts > 0 {
        attempts -= 1;
        st.ctl_counter += 1;
        let i = h(st.seed, K_CONTROL, st.ctl_counter, 0) % st.items_count;
        if seen.insert(i) && st.item(i).is_some_and(|it| ok(&it)) {
            picked.push(i);
        }
    }
    let mut i = 0;
    while (picked.len() as u64) < n && i < st.items_count {
        if !seen.contains(&i) && st.item(i).is_some_and(|it| ok(&it)) {
            picked.push(i);
            seen.insert(i);
        }
        i += 1;
    }
    picked
}

#[derive(Deserialize)]
struct Count {
    count: Option<u64>,
}

#[derive(Deserialize)]
struct Latency {
    ms: u64,
}

fn count(q: &Count) -> u64 {
    q.count.unwrap_or(1).min(1_000_000)
}

fn ok() -> Response {
    json_response(StatusCode::OK, json!({"ok": true}))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/_sim/stats",
            get(|State(s): State<AppState>| async move { json_response(StatusCode::OK, json!(s.stats_snapshot())) }),
        )
        .route(
            "/_sim/stats/reset",
            post(|State(s): State<AppState>| async move {
                Control::new(s).reset_stats();
                ok()
            }),
        )
        .route(
            "/_sim/tokens/expire",
            post(|State(s): State<AppState>| async move {
                Control::new(s).expire_access_tokens();
                ok()
            }),
        )
        .route(
            "/_sim/grant/revoke",
            post(|State(s): State<AppState>| async move {
                Control::new(s).revoke_grant();
                ok()
            }),
        )
        .route(
            "/_sim/items/reprice",
            post(|State(s): State<AppState>, Query(q): Query<Count>| async move {
                json_response(StatusCode::OK, json!({"ids": Control::new(s).reprice_items(count(&q))}))
            }),
        )
        .route(
            "/_sim/items/close",
            post(|State(s): State<AppState>, Query(q): Query<Count>| async move {
                json_response(StatusCode::OK, json!({"ids": Control::new(s).close_items(count(&q))}))
            }),
        )
        .route(
            "/_sim/orders/create",
            post(|State(s): State<AppState>, Query(q): Query<Count>| async move {
                json_response(StatusCode::OK, json!({"ids": Control::new(s).create_orders(count(&q))}))
            }),
        )
        .route(
            "/_sim/shipments/advance",
            post(|State(s): State<AppState>, Query(q): Query<Count>| async move {
                json_response(StatusCode::OK, json!({"ids": Control::new(s).advance_shipments(count(&q))}))
            }),
        )
        .route(
            "/_sim/faults",
            put(|State(s): State<AppState>, body: axum::body::Bytes| async move {
                match serde_json::from_slice::<Faults>(&body) {
                    Ok(f) => {
                        Control::new(s).set_faults(f);
                        ok()
                    }
                    Err(e) => api_error(StatusCode::BAD_REQUEST, e.to_string(), "bad_request"),
                }
            }),
        )
        .route(
            "/_sim/latency",
            put(|State(s): State<AppState>, body: axum::body::Bytes| async move {
                match serde_json::from_slice::<Latency>(&body) {
                    Ok(l) => {
                        Control::new(s).set_latency(Duration::from_millis(l.ms));
                        ok()
                    }
                    Err(e) => api_error(StatusCode::BAD_REQUEST, e.to_string(), "bad_request"),
                }
            }),
        )
        .route(
            "/_sim/rate-limit",
            put(|State(s): State<AppState>, Json(r): Json<Option<RateLimit>>| async move {
                Control::new(s).set_rate_limit(r);
                ok()
            }),
        )
}
