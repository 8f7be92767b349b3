//! Orders to the warehouse and back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::*;
use crate::money::Money;

neutral_state! {
    /// Where a store order stands with the warehouse.
    FulfilmentStage {
        /// Not for the warehouse (the store ships it, it was never paid, the marketplace ships it...).
        NotRouted = "not_routed",
        /// For the warehouse, but something must be fixed first (a line without SKU, no address).
        Held = "held",
        /// To be sent to the warehouse.
        Waiting = "waiting",
        /// The warehouse has it (processing, picking, packing).
        AtWarehouse = "at_warehouse",
        Shipped = "shipped",
        Delivered = "delivered",
        /// The warehouse cannot go on (out of stock, on hold...): a person must look.
        Exception = "exception",
        Cancelled = "cancelled",
    }
}

/// A postal address, as a warehouse needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Address {
    pub name: String,
    pub address1: String,
    pub address2: Option<String>,
    pub city: String,
    pub state: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub zip: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// One line of a warehouse order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FulfilmentLine {
    pub line_no: i64,
    pub sku: String,
    pub title: String,
    pub quantity: i64,
    pub unit_price: Money,
}

/// What a store order needs to become a warehouse order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FulfilmentRequest {
    pub order_id: i64,
    /// Stable across retries, restarts and reinstalls: derived from the store and its order.
    pub reference_id: String,
    pub order_remote_id: String,
    pub purchased_at: i64,
    pub recipient: Address,
    pub lines: Vec<FulfilmentLine>,
}

/// A job of the warehouse's outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FulfilmentJob {
    Create(Box<FulfilmentRequest>),
    Cancel { order_id: i64, reference_id: String, warehouse_order_id: Option<String> },
}

impl FulfilmentJob {
    pub fn order_id(&self) -> i64 {
        match self {
            FulfilmentJob::Create(r) => r.order_id,
            FulfilmentJob::Cancel { order_id, .. } => *order_id,
        }
    }
}

/// A warehouse order as the connector reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarehouseRecord {
    pub reference_id: String,
    pub warehouse_order_id: String,
    pub stage: FulfilmentStage,
    /// The warehouse's own words ("Fulfilled / Completed"), for display.
    pub status: String,
    /// Why it is in exception or on hold.
    pub reason: Option<String>,
    pub tracking_number: Option<String>,
    pub carrier: Option<String>,
    pub tracking_url: Option<String>,
    pub shipped_at: Option<i64>,
    pub delivered_at: Option<i64>,
    /// When the warehouse last changed it (its shipments' latest update).
    pub updated_at: i64,
}

/// An order's fulfilment, as the order detail and `storedesk-cli orders show` tell it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Fulfilment {
    pub warehouse_shop_id: ShopId,
    pub warehouse_name: String,
    pub reference_id: String,
    pub warehouse_order_id: Option<String>,
    pub state: FulfilmentStage,
    pub warehouse_status: Option<String>,
    /// Why it is held, in exception, not routed, or why a cancel was refused.
    pub reason: Option<String>,
    pub tracking_number: Option<String>,
    pub carrier: Option<String>,
    pub tracking_url: Option<String>,
    pub shipped_at: Option<i64>,
    pub delivered_at: Option<i64>,
    /// Something staff must look at (a cancel the warehouse refused: the parcel was picked already).
    pub flag: Option<String>,
    pub last_error: Option<String>,
    pub events: Vec<FulfilmentEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct FulfilmentEvent {
    pub at: i64,
    /// sent, received or note.
    pub direction: String,
    pub what: String,
}

/// The Warehouse view: orders needing a person (held, in exception, flagged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct FulfilmentIssue {
    pub order_id: i64,
    pub shop_id: ShopId,
    pub shop_name: String,
    pub order_remote_id: String,
    pub state: FulfilmentStage,
    pub reason: Option<String>,
    pub flag: Option<String>,
    pub updated_at: i64,
}
