//! What the warehouse holds: orders with their shipments, the product catalogue (created from SKU and name
//! on first use, as ShipBob does) with each variant's inventory on hand, the sliding rate window, and the
//! knobs tests turn.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{RateWindow, WarehouseConfig, WarehouseStats};
use crate::state::Runtime;

pub use crate::state::lock;

/// One warehouse order as a test reads it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct WarehouseOrderView {
    pub id: u64,
    pub reference_id: String,
    pub status: String,
    pub products: Vec<(String, i64)>,
    pub recipient: Value,
    pub shipments: Vec<WarehouseShipmentView>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct WarehouseShipmentView {
    pub id: u64,
    pub status: String,
    pub tracking_number: Option<String>,
    pub delivered: bool,
}

#[derive(Clone, Debug)]
pub struct Shipment {
    pub id: u64,
    pub status: &'static str,
    /// `status_details[]`: (name, description).
    pub details: Vec<(String, String)>,
    pub picked: bool,
    pub tracking: Option<(String, String)>,
    pub created: i64,
    pub last_update: i64,
    pub last_tracking_update: Option<i64>,
    pub shipped_at: Option<i64>,
    pub delivered_at: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct Order {
    pub id: u64,
    pub reference_id: String,
    pub order_number: Option<String>,
    pub purchase_date: Option<String>,
    pub kind: String,
    pub shipping_method: String,
    pub recipient: Value,
    /// (product id, reference id, quantity, unit price, external line id)
    pub products: Vec<(u64, String, i64, Value, Value)>,
    pub tags: Value,
    pub created: i64,
    pub shipments: Vec<Shipment>,
}

impl Order {
    /// The order's status, from its shipments' (ShipBob has no order-level update time either).
    pub fn status(&self) -> &'static str {
        let all = |s: &str| self.shipments.iter().all(|x| x.status == s);
        if all("Cancelled") {
            "Cancelled"
        } else if self.shipments.iter().any(|x| x.status == "Exception") {
            "Exception"
        } else if all("Completed") {
            "Fulfilled"
        } else if self.shipments.iter().any(|x| x.status == "Completed") {
            "PartiallyFulfilled"
        } else {
            "Processing"
        }
    }

    /// When anything about it last changed: what `LastUpdateStartDate` filters on.
    pub fn last_update(&self) -> i64 {
        self.shipments.iter().map(|s| s.last_update).max().unwrap_or(self.created).max(self.created)
    }
}

/// A product of the catalogue: one variant (one SKU) with its inventory item. ShipBob's ids for the
/// three differ; orders name the product, inventory levels the inventory item.
#[derive(Clone, Debug)]
pub struct Product {
    pub id: u64,
    pub variant_id: u64,
    pub inventory_id: u64,
    pub sku: String,
    pub name: String,
    pub on_hand: i64,
    pub created: i64,
    pub updated: i64,
}

pub enum Step {
    Pick,
    Ship { carrier: String, tracking: String },
    Deliver,
    Exception(String),
    Hold(String),
}

pub struct State {
    pub orders: Vec<Order>,
    /// By reference id (SKU).
    pub products: HashMap<String, Product>,
    next_id: u64,
    last_stamp: i64,
}

impl State {
    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// A time for a change made now, strictly increasing.
    pub fn stamp(&mut self) -> i64 {
        let t = crate::time::now_ms().max(self.last_stamp + 1);
        self.last_stamp = t;
        t
    }

    /// The product with this SKU, created (with nothing on hand) when it is new.
    pub fn product(&mut self, sku: &str, name: &str) -> &mut Product {
        if !self.products.contains_key(sku) {
            let now = self.stamp();
            let (id, variant_id, inventory_id) = (self.next_id(), self.next_id(), self.next_id());
            let product = Product {
                id,
                variant_id,
                inventory_id,
                sku: sku.to_owned(),
                name: name.to_owned(),
                on_hand: 0,
                created: now,
                updated: now,
            };
            self.products.insert(sku.to_owned(), product);
        }
        self.products.get_mut(sku).expect("inserted above")
    }

    /// Units of a SKU in orders that still have to leave the warehouse (ShipBob's "committed").
    pub fn committed(&self, sku: &str) -> i64 {
        self.orders
            .iter()
            .filter(|o| o.shipments.iter().any(|s| !matches!(s.status, "Completed" | "Cancelled")))
            .flat_map(|o| o.products.iter())
            .filter(|p| p.1 == sku)
            .map(|p| p.2)
            .sum()
    }

    pub fn views(&self) -> Vec<WarehouseOrderView> {
        self.orders
            .iter()
            .map(|o| WarehouseOrderView {
                id: o.id,
                reference_id: o.reference_id.clone(),
                status: o.status().to_owned(),
                products: o.products.iter().map(|p| (p.1.clone(), p.2)).collect(),
                recipient: o.recipient.clone(),
                shipments: o
                    .shipments
                    .iter()
                    .map(|s| WarehouseShipmentView {
                        id: s.id,
                        status: s.status.to_owned(),
                        tracking_number: s.tracking.as_ref().map(|t| t.1.clone()),
                        delivered: s.delivered_at.is_some(),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// Knobs beyond the shared fault runtime.
pub struct Extra {
    pub rate: RateWindow,
    /// Accepted calls per token in the current window.
    pub calls: HashMap<String, VecDeque<Instant>>,
    /// A 429 was answered to this token: from then on, a request that finds the window full counts as past
    /// the limit (the client should have waited `x-retry-after`).
    pub limited: HashSet<String>,
    pub lose_create_answers: u32,
    pub revoked: HashSet<String>,
    /// How the legacy versions answer.
    pub retired_style: super::RetiredAnswer,
    /// Set: the current version answers as retired too.
    pub current_retired: Option<super::RetiredAnswer>,
}

pub struct Shared {
    pub tokens: Vec<String>,
    pub channel_id: u64,
    pub channel_name: String,
    pub state: Mutex<State>,
    pub stats: Mutex<WarehouseStats>,
    pub runtime: Mutex<Runtime>,
    pub runtime_extra: Mutex<Extra>,
}

impl Shared {
    pub fn new(c: &WarehouseConfig) -> Shared {
        Shared {
            tokens: c.tokens.clone(),
            channel_id: c.channel_id,
            channel_name: c.channel_name.clone(),
            state: Mutex::new(State {
                orders: Vec::new(),
                products: HashMap::new(),
                next_id: 1_000_000,
                last_stamp: 0,
            }),
            stats: Mutex::new(WarehouseStats::default()),
            runtime: Mutex::new(Runtime { faults: c.faults, latency: c.latency, rate: None, fault_counter: 0 }),
            runtime_extra: Mutex::new(Extra {
                rate: c.rate,
                calls: HashMap::new(),
                limited: HashSet::new(),
                lose_create_answers: 0,
                revoked: HashSet::new(),
                retired_style: super::RetiredAnswer::default(),
                current_retired: None,
            }),
        }
    }

    /// The sliding window: Ok(calls left after this one), or Err(seconds until a call frees up).
    pub fn take_call(&self, token: &str) -> Result<u32, u64> {
        let mut extra = lock(&self.runtime_extra);
        let RateWindow { calls, window } = extra.rate;
        let now = Instant::now();
        let was_limited = extra.limited.contains(token);
        let q = extra.calls.entry(token.to_owned()).or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= window) {
            q.pop_front();
        }
        if q.len() as u32 >= calls {
            let oldest = q.front().copied().unwrap_or(now);
            let wait = window.saturating_sub(now.duration_since(oldest));
            extra.limited.insert(token.to_owned());
            let mut stats = lock(&self.stats);
            stats.rate_limited += 1;
            if was_limited {
                stats.past_the_limit_after_429 += 1;
            }
            return Err(wait.as_secs_f64().ceil().max(1.0) as u64);
        }
        q.push_back(now);
        Ok(calls - q.len() as u32)
    }

    pub fn advance(&self, order_id: u64, step: Step) -> bool {
        let mut st = lock(&self.state);
        let now = st.stamp();
        let st = &mut *st;
        let Some(order) = st.orders.iter_mut().find(|o| o.id == order_id) else { return false };
        let leaves = matches!(step, Step::Ship { .. })
            && order.shipments.iter().any(|s| !matches!(s.status, "Completed" | "Cancelled"));
        if leaves {
            // What leaves the shelves is no longer on hand.
            for (_, sku, quantity, _, _) in &order.products {
                if let Some(p) = st.products.get_mut(sku) {
                    p.on_hand = (p.on_hand - quantity).max(0);
                    p.updated = now;
                }
            }
        }
        for s in order.shipments.iter_mut().filter(|s| s.status != "Cancelled") {
            match &step {
                Step::Pick => {
                    s.picked = true;
                    s.details = vec![("Picked".into(), "Picked from the shelves".into())];
                }
                Step::Ship { carrier, tracking } => {
                    s.picked = true;
                    s.status = "Completed";
                    s.details = vec![("Shipped".into(), "Left the warehouse".into())];
                    s.tracking = Some((carrier.clone(), tracking.clone()));
                    s.shipped_at = Some(now);
                    s.last_tracking_update = Some(now);
                }
                Step::Deliver => {
                    s.delivered_at = Some(now);
                    s.last_tracking_update = Some(now);
                }
                Step::Exception(reason) => {
                    s.status = "Exception";
                    s.details = vec![("OutOfStock".into(), reason.clone())];
                }
                Step::Hold(reason) => {
                    s.status = "OnHold";
                    s.details = vec![("MerchantHold".into(), reason.clone())];
                }
            }
            s.last_update = now;
        }
        true
    }
}

/// `2026-11-20T14:11:12.123Z`: ShipBob writes UTC.
pub fn date(ms: i64) -> Value {
    match chrono::DateTime::from_timestamp_millis(ms) {
        Some(t) => json!(t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        None => Value::Null,
    }
}

pub fn shipment_json(o: &Order, s: &Shipment) -> Value {
    json!({
        "id": s.id,
        "order_id": o.id,
        "reference_id": o.reference_id,
        "recipient": o.recipient,
        "created_date": date(s.created),
        "last_update_at": date(s.last_update),
        "last_tracking_update_at": s.last_tracking_update.map(date),
        "status": s.status,
        "status_details": s.details.iter().enumerate().map(|(n, (name, description))| {
            json!({"id": n + 1, "name": name, "description": description})
        }).collect::<Vec<_>>(),
        "location": {"id": 7, "name": "Cicero (IL)"},
        "tracking": s.tracking.as_ref().map(|(carrier, number)| json!({
            "carrier": carrier,
            "tracking_number": number,
            "tracking_url": format!("https://tracking.example.test/{number}"),
            "shipping_date": s.shipped_at.map(date),
        })),
        "is_tracking_uploaded": s.tracking.is_some(),
        "actual_fulfillment_date": s.shipped_at.map(date),
        "delivery_date": s.delivered_at.map(date),
        "estimated_fulfillment_date": date(s.created + 2 * 86_400_000),
        "products": o.products.iter().map(|p| json!({"id": p.0, "reference_id": p.1, "quantity": p.2})).collect::<Vec<_>>(),
    })
}

pub fn order_json(o: &Order, channel_id: u64, channel_name: &str) -> Value {
    json!({
        "id": o.id,
        "created_date": date(o.created),
        "purchase_date": o.purchase_date,
        "reference_id": o.reference_id,
        "order_number": o.order_number,
        "status": o.status(),
        "type": o.kind,
        "channel": {"id": channel_id, "name": channel_name},
        "shipping_method": o.shipping_method,
        "recipient": o.recipient,
        "products": o.products.iter().map(|p| json!({
            "id": p.0, "reference_id": p.1, "sku": p.1, "quantity": p.2, "unit_price": p.3, "external_line_id": p.4,
        })).collect::<Vec<_>>(),
        "tags": o.tags,
        "shipments": o.shipments.iter().map(|s| shipment_json(o, s)).collect::<Vec<_>>(),
    })
}
