//! Queries and rows the UI lists.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::*;
use crate::money::Money;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SortDir {
    Asc,
    #[default]
    Desc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProductSort {
    Title,
    Sku,
    Price,
    Stock,
    #[default]
    Updated,
    /// Our price's distance from the lowest offer (products without offers last).
    OfferGap,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ProductQuery {
    pub shop_id: Option<ShopId>,
    pub state: Option<ListingState>,
    pub search: Option<String>,
    /// Only products with at most this many units available.
    pub low_stock_max: Option<i64>,
    /// Only products priced above their lowest offer by more than this many basis points (500: 5%).
    #[serde(default)]
    pub above_lowest_bp: Option<i64>,
    pub sort: ProductSort,
    pub dir: SortDir,
    pub cursor: Option<String>,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ProductRow {
    pub id: i64,
    pub shop_id: ShopId,
    pub shop_name: String,
    pub remote_id: String,
    pub title: String,
    pub sku: Option<String>,
    pub state: ListingState,
    /// The provider's own word, for display.
    pub status: String,
    pub price: Money,
    pub available_quantity: i64,
    pub sold_quantity: i64,
    pub variant_count: i64,
    pub updated_at: i64,
    /// Edits waiting to reach the shop (the row shows their values).
    pub pending_edits: i64,
    /// Edits the shop refused or that conflict with a change on the shop, waiting for a person.
    pub edit_issues: i64,
    /// The lowest active offer at the offers service (tracked products only), in our price's currency.
    pub lowest_offer: Option<Money>,
    /// How far our price is above (positive) or below the lowest offer, in basis points of it.
    pub offer_gap_bp: Option<i64>,
    pub tracked: bool,
    /// Per location, where the channel has locations (the list shows the total, the breakdown on hover).
    pub stock_levels: Vec<StockLevel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ProductPage {
    pub rows: Vec<ProductRow>,
    pub next_cursor: Option<String>,
    /// A search with too many matches to sort quickly: rows come newest first instead of in the asked
    /// order (the UI says so and suggests narrowing the search).
    pub newest_first: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Variant {
    pub id: i64,
    pub remote_id: String,
    pub sku: Option<String>,
    pub attributes: String,
    pub price: Money,
    pub available_quantity: i64,
    pub stock_levels: Vec<StockLevel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OfferPoint {
    pub observed_at: i64,
    pub price: Money,
    pub items_in_stock: i64,
    /// False: the offer vanished (sold out) at this time.
    pub active: bool,
}

/// An offer for a product at the offers service, as last seen (the product detail's offers table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Offer {
    pub id: i64,
    pub remote_id: String,
    pub price: Money,
    pub items_in_stock: i64,
    pub active: bool,
    pub first_seen_at: i64,
    /// When its price or stock last changed (or it appeared).
    pub changed_at: i64,
    pub vanished_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ProductDetail {
    pub product: ProductRow,
    pub permalink: Option<String>,
    pub created_at: Option<i64>,
    pub variants: Vec<Variant>,
    /// Offers at the offers service (active first, then those that vanished), when the product is tracked.
    pub offers: Vec<Offer>,
    pub tracking: Option<TrackedProduct>,
    pub reprice_rule: Option<RepriceRule>,
}

/// What storedesk knows of a record's remote copy (the OCA connector's "binding"): the id and version it
/// has there, when it was last synced, and hashes of what was last pulled and pushed. A write looks here
/// to know what it is changing, and a pull to tell the shop's echo of our own change from a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    pub shop_id: ShopId,
    pub remote_id: String,
    /// The remote `updated_at` of the copy stored (unix ms).
    pub remote_version: i64,
    pub pulled_hash: Option<String>,
    pub pushed_hash: Option<String>,
    pub synced_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OrderSort {
    #[default]
    Created,
    Updated,
    Total,
    Status,
    Buyer,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OrderQuery {
    pub shop_id: Option<ShopId>,
    pub state: Option<OrderState>,
    /// Only orders at this stage with the warehouse (`not_routed` includes orders with no fulfilment).
    pub fulfilment: Option<FulfilmentStage>,
    pub search: Option<String>,
    /// Created at or after (unix ms).
    pub from: Option<i64>,
    /// Created before (unix ms).
    pub to: Option<i64>,
    pub sort: OrderSort,
    pub dir: SortDir,
    pub cursor: Option<String>,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OrderRow {
    pub id: i64,
    pub shop_id: ShopId,
    pub shop_name: String,
    pub remote_id: String,
    pub state: OrderState,
    /// The provider's own word, for display.
    pub status: String,
    pub buyer: String,
    pub total: Money,
    pub item_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub shipment_state: Option<FulfilmentState>,
    /// Where the order stands with the warehouse (None: its store ships through none).
    pub fulfilment_state: Option<FulfilmentStage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OrderPage {
    pub rows: Vec<OrderRow>,
    pub next_cursor: Option<String>,
    /// A search with too many matches to sort quickly: rows come newest first instead of in the asked
    /// order (the UI says so and suggests narrowing the search).
    pub newest_first: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OrderItem {
    pub line_no: i64,
    pub item_remote_id: String,
    pub variation_remote_id: Option<String>,
    pub title: String,
    pub sku: Option<String>,
    pub quantity: i64,
    pub unit_price: Money,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Buyer {
    pub remote_id: Option<String>,
    pub nickname: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OrderDetail {
    pub order: OrderRow,
    pub buyer: Buyer,
    pub paid: Money,
    pub closed_at: Option<i64>,
    pub items: Vec<OrderItem>,
    pub shipment: Option<ShipmentRow>,
    pub fulfilment: Option<Fulfilment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ShipmentSort {
    #[default]
    Updated,
    Created,
    Status,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ShipmentQuery {
    pub shop_id: Option<ShopId>,
    pub state: Option<FulfilmentState>,
    /// A tracking number or shipment id (prefix).
    pub search: Option<String>,
    pub sort: ShipmentSort,
    pub dir: SortDir,
    pub cursor: Option<String>,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ShipmentRow {
    pub id: i64,
    pub shop_id: ShopId,
    pub shop_name: String,
    pub remote_id: String,
    pub order_id: Option<i64>,
    pub order_remote_id: Option<String>,
    pub state: FulfilmentState,
    /// The provider's own word, for display.
    pub status: String,
    pub substatus: Option<String>,
    pub tracking_number: Option<String>,
    pub logistic_mode: Option<String>,
    pub created_at: Option<i64>,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ShipmentPage {
    pub rows: Vec<ShipmentRow>,
    pub next_cursor: Option<String>,
}
