//! ShipBob's JSON (API 2026-07), as its OpenAPI spec documents it. Fields storedesk does not use are
//! not read; fields the spec marks nullable are `Option`. The order and shipment keys are 1.0's (less
//! `shipments[].store_order_id`, which storedesk never read).

use serde::Deserialize;

/// `GET /channel`: a cursor-paged object since the dated versions (1.0 answered a bare array, which is
/// still read: a page without `next`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ChannelPage {
    Paged {
        items: Vec<Channel>,
        #[serde(default)]
        next: Option<String>,
    },
    Bare(Vec<Channel>),
}

impl ChannelPage {
    pub fn into_parts(self) -> (Vec<Channel>, Option<String>) {
        match self {
            ChannelPage::Paged { items, next } => (items, next.filter(|n| !n.trim().is_empty())),
            ChannelPage::Bare(items) => (items, None),
        }
    }
}

/// One of the token's channels.
#[derive(Debug, Clone, Deserialize)]
pub struct Channel {
    pub id: u64,
    pub name: String,
    #[serde(default)]
    pub application_name: Option<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// `Order`: ShipBob keeps no order-level update time; its shipments carry it.
#[derive(Debug, Clone, Deserialize)]
pub struct Order {
    pub id: u64,
    pub reference_id: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub created_date: Option<String>,
    #[serde(default)]
    pub shipments: Vec<Shipment>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Shipment {
    pub id: u64,
    pub status: String,
    #[serde(default)]
    pub status_details: Option<Vec<StatusDetail>>,
    #[serde(default)]
    pub last_update_at: Option<String>,
    #[serde(default)]
    pub tracking: Option<Tracking>,
    #[serde(default)]
    pub actual_fulfillment_date: Option<String>,
    #[serde(default)]
    pub delivery_date: Option<String>,
}

/// Why a shipment is where it is (`{"name": "OutOfStock", "description": "..."}`).
#[derive(Debug, Clone, Deserialize)]
pub struct StatusDetail {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Tracking {
    #[serde(default)]
    pub carrier: Option<String>,
    #[serde(default)]
    pub tracking_number: Option<String>,
    #[serde(default)]
    pub tracking_url: Option<String>,
    #[serde(default)]
    pub shipping_date: Option<String>,
}

/// `POST /order/{orderId}:cancel`.
#[derive(Debug, Clone, Deserialize)]
pub struct CancelAnswer {
    #[serde(default)]
    pub order: Option<Order>,
    /// Success | Failure | PartialSuccess.
    pub status: String,
    #[serde(default)]
    pub canceled_shipment_results: Vec<CancelResult>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CancelResult {
    #[serde(default)]
    pub shipment_id: Option<u64>,
    pub is_success: bool,
    #[serde(default)]
    pub reason: Option<String>,
}
