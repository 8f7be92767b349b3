//! Records as a connector delivers them (the input of idempotent upserts).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::*;
use crate::money::Money;

/// A product as the remote system describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductRecord {
    pub remote_id: String,
    pub title: String,
    pub sku: Option<String>,
    pub state: ListingState,
    /// The provider's own word for the state, for display.
    pub status: String,
    pub price: Money,
    pub available_quantity: i64,
    pub sold_quantity: i64,
    pub permalink: Option<String>,
    pub created_at: Option<i64>,
    pub updated_at: i64,
    pub variants: Vec<VariantRecord>,
    /// Where the channel keeps stock per location: the listing's units at each (empty: one figure, the
    /// `available_quantity`; a listing with variants has them per variant). `available_quantity` is their sum.
    #[serde(default)]
    pub stock_levels: Vec<StockLevel>,
}

/// Units available at one of a channel's locations (a Shopify location, a WooCommerce store's warehouse).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct StockLevel {
    pub location_id: String,
    pub location_name: String,
    pub available: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantRecord {
    pub remote_id: String,
    pub sku: Option<String>,
    /// Human-readable attribute combination, e.g. "Color: Red / Size: M".
    pub attributes: String,
    pub price: Money,
    pub available_quantity: i64,
    /// Per location, where the channel has locations (`available_quantity` is their sum).
    #[serde(default)]
    pub stock_levels: Vec<StockLevel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderRecord {
    pub remote_id: String,
    pub state: OrderState,
    /// The provider's own word for the state, for display.
    pub status: String,
    pub status_detail: Option<String>,
    pub buyer: Buyer,
    pub total: Money,
    pub paid: Money,
    pub shipment_remote_id: Option<String>,
    pub created_at: i64,
    pub closed_at: Option<i64>,
    pub updated_at: i64,
    pub items: Vec<OrderItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShipmentRecord {
    pub remote_id: String,
    pub order_remote_id: Option<String>,
    /// Where it goes (None when the provider does not say).
    pub address: Option<Address>,
    /// The marketplace's own logistics ships it (from its warehouse): no warehouse order is made.
    pub by_marketplace: bool,
    pub state: FulfilmentState,
    /// The provider's own word for the state, for display.
    pub status: String,
    pub substatus: Option<String>,
    pub tracking_number: Option<String>,
    pub tracking_method: Option<String>,
    pub logistic_mode: Option<String>,
    pub created_at: Option<i64>,
    pub updated_at: i64,
}

/// What an idempotent upsert did with one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpsertOutcome {
    Inserted,
    Updated,
    /// Same remote version as stored: nothing written.
    Unchanged,
    /// Older than what is stored: ignored, per the staleness rule.
    Stale,
}

/// Counts of upsert outcomes over a batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpsertTally {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub stale: u64,
}

impl UpsertTally {
    pub fn add(&mut self, outcome: UpsertOutcome) {
        match outcome {
            UpsertOutcome::Inserted => self.inserted += 1,
            UpsertOutcome::Updated => self.updated += 1,
            UpsertOutcome::Unchanged => self.unchanged += 1,
            UpsertOutcome::Stale => self.stale += 1,
        }
    }

    /// Adds another batch's counts.
    pub fn merge(&mut self, other: UpsertTally) {
        self.inserted += other.inserted;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.stale += other.stale;
    }
}
