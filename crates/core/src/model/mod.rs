//! The domain types the store reads and writes, and the shapes the UI receives.
//!
//! Every type the UI sees derives `TS`: `cargo test -p storedesk-core` regenerates `ui/src/bindings/`,
//! and CI fails when the committed bindings are stale. Times are unix milliseconds UTC.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::money::Money;

mod capabilities;
mod catalogue;
pub use capabilities::*;
pub use catalogue::*;

/// Database row id of a shop.
pub type ShopId = i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ShopKind {
    Mercadolibre,
    Shopify,
    Woocommerce,
    /// A fulfilment warehouse (3PL) the stores' orders ship through.
    Warehouse,
    /// The partner offers service products are priced against.
    Offers,
}

impl ShopKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ShopKind::Mercadolibre => "mercadolibre",
            ShopKind::Shopify => "shopify",
            ShopKind::Woocommerce => "woocommerce",
            ShopKind::Warehouse => "warehouse",
            ShopKind::Offers => "offers",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "mercadolibre" => Some(ShopKind::Mercadolibre),
            "shopify" => Some(ShopKind::Shopify),
            "woocommerce" => Some(ShopKind::Woocommerce),
            "warehouse" => Some(ShopKind::Warehouse),
            "offers" => Some(ShopKind::Offers),
            _ => None,
        }
    }

    /// A store sells: it has products and orders (the others serve stores).
    pub fn is_store(self) -> bool {
        matches!(self, ShopKind::Mercadolibre | ShopKind::Shopify | ShopKind::Woocommerce)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ShopStatus {
    Connected,
    NeedsReconnect,
    Disconnected,
}

impl ShopStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ShopStatus::Connected => "connected",
            ShopStatus::NeedsReconnect => "needs_reconnect",
            ShopStatus::Disconnected => "disconnected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "connected" => Some(ShopStatus::Connected),
            "needs_reconnect" => Some(ShopStatus::NeedsReconnect),
            "disconnected" => Some(ShopStatus::Disconnected),
            _ => None,
        }
    }
}

/// Declares a channel-neutral state: its words in storage, in JSON and in TypeScript are the variants in
/// snake_case; the provider's own word is kept beside it (`status`) for display.
macro_rules! neutral_state {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

neutral_state! {
    /// Where a listing stands, whatever the channel.
    ListingState {
        /// For sale.
        Active = "active",
        /// Not for sale for now (paused by the seller, under review, waiting for something).
        Paused = "paused",
        /// Ended: the channel keeps it, but it does not sell again.
        Closed = "closed",
        /// The channel no longer lists it (found by reconciliation); kept so orders still name it.
        Deleted = "deleted",
    }
}

neutral_state! {
    /// Where a sale stands, whatever the channel.
    OrderState {
        /// Placed, not (fully) paid yet.
        PendingPayment = "pending_payment",
        Paid = "paid",
        Cancelled = "cancelled",
        Refunded = "refunded",
    }
}

neutral_state! {
    /// Where the delivery of a sale stands, whatever the channel or warehouse.
    FulfilmentState {
        /// Not ready to leave yet (being prepared).
        Pending = "pending",
        /// Packed, labelled, waiting for the carrier.
        Ready = "ready",
        Shipped = "shipped",
        Delivered = "delivered",
        /// Could not be delivered (returned, lost, refused).
        Failed = "failed",
        Cancelled = "cancelled",
    }
}

impl FulfilmentState {
    /// Still on its way somewhere: the dashboard's "open shipments".
    pub const OPEN: [FulfilmentState; 3] = [FulfilmentState::Pending, FulfilmentState::Ready, FulfilmentState::Shipped];
}

impl OrderState {
    /// Orders that bring no revenue.
    pub const VOID: [OrderState; 2] = [OrderState::Cancelled, OrderState::Refunded];
}

/// What a caller supplies to create a shop.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewShop {
    pub kind: ShopKind,
    pub name: String,
    pub site: Option<String>,
    pub api_base: Option<String>,
    pub auth_base: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Shop {
    pub id: ShopId,
    pub kind: ShopKind,
    pub name: String,
    pub account_name: Option<String>,
    pub site: Option<String>,
    pub status: ShopStatus,
    pub token_expires_at: Option<i64>,
    pub last_sync_at: Option<i64>,
    pub created_at: i64,
    /// A store whose orders ship through a warehouse: that warehouse shop.
    pub warehouse_shop_id: Option<ShopId>,
    /// The dated API version storedesk speaks to this kind of shop, where its provider dates them (filled
    /// in by the application layer from the connector; the store does not know it).
    #[serde(default)]
    pub api_version: Option<ApiVersion>,
    /// What this kind of shop is and can do (its connector's descriptor; filled in by the application layer).
    #[serde(default)]
    pub capabilities: Option<Capabilities>,
}

/// A provider's dated API version that a connector is pinned to, and the provider's support window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ApiVersion {
    /// As the provider names it (`2026-07`).
    pub version: String,
    /// The last moment the provider supports it (unix ms).
    pub supported_until: i64,
    /// From here on staff are told to update storedesk before it ends (unix ms).
    pub warn_from: i64,
}

// ---------------------------------------------------------------------------------------------
// Records as a connector delivers them (the input of idempotent upserts).

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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantRecord {
    pub remote_id: String,
    pub sku: Option<String>,
    /// Human-readable attribute combination, e.g. "Color: Red / Size: M".
    pub attributes: String,
    pub price: Money,
    pub available_quantity: i64,
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

// ---------------------------------------------------------------------------------------------
// Queries and rows the UI lists.

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

// ---------------------------------------------------------------------------------------------
// Dashboard and activity.

/// Orders and revenue of one UTC day in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct DayFigure {
    /// YYYY-MM-DD, UTC.
    pub day: String,
    pub currency: String,
    pub orders: i64,
    pub revenue_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ShopFreshness {
    pub shop_id: ShopId,
    pub shop_name: String,
    pub status: ShopStatus,
    pub last_sync_at: Option<i64>,
    /// When each resource last finished a sync without error ("orders synced 1 min ago").
    pub resources: Vec<ResourceFreshness>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ResourceFreshness {
    pub resource: SyncResource,
    pub last_ok_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Dashboard {
    pub products: i64,
    pub orders: i64,
    pub shipments_open: i64,
    pub low_stock: i64,
    pub days: Vec<DayFigure>,
    pub shops: Vec<ShopFreshness>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SyncRunQuery {
    pub shop_id: Option<ShopId>,
    pub status: Option<SyncRunStatus>,
    pub resource: Option<SyncResource>,
    pub cursor: Option<String>,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SyncRun {
    pub id: i64,
    pub shop_id: ShopId,
    pub shop_name: String,
    pub resource: SyncResource,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub status: SyncRunStatus,
    pub pages: i64,
    pub requests: i64,
    pub records_new: i64,
    pub records_changed: i64,
    pub records_unchanged: i64,
    pub rate_limited: i64,
    pub retries: i64,
    pub quarantined: i64,
    /// What the provider said the run covers, when it says.
    pub records_total: Option<i64>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SyncRunPage {
    pub rows: Vec<SyncRun>,
    pub next_cursor: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Connecting shops.

/// An OAuth app registered with a provider, as Settings shows it (the secret never leaves Rust).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ProviderApp {
    pub kind: ShopKind,
    pub client_id: String,
    pub has_secret: bool,
    /// A registered HTTPS redirect URI; when set, the person pastes the final URL into storedesk
    /// instead of the app listening on 127.0.0.1.
    pub redirect_uri: Option<String>,
}

/// What Settings saves for a provider's app. A null secret keeps the stored one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ProviderAppInput {
    pub kind: ShopKind,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub redirect_uri: Option<String>,
}

/// The Add shop form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct AddShopInput {
    pub kind: ShopKind,
    pub name: String,
    /// MercadoLibre site (country): MLA, MLB, MLM, MLC, MCO, MLU, MPE.
    pub site: String,
    pub api_base: Option<String>,
    pub auth_base: Option<String>,
}

/// A started connection: the page to authorize on, and whether the answer must be pasted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ConnectStart {
    pub attempt_id: i64,
    pub shop_id: ShopId,
    pub authorize_url: String,
    /// True: paste the browser's final URL (or code) with `finish_connect`. False: storedesk listens on
    /// 127.0.0.1 and sends a `connect-finished` event.
    pub paste: bool,
    /// Whether a browser could be opened; if not, show the URL to open by hand.
    pub browser_opened: bool,
}

/// The `connect-finished` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ConnectOutcome {
    pub attempt_id: i64,
    pub shop_id: ShopId,
    pub shop: Option<Shop>,
    pub error: Option<crate::error::ApiError>,
}

// ---------------------------------------------------------------------------------------------
// Background sync.

/// What a sync job pulls. `Reconcile` is the periodic full pass that finds vanished or missed records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncResource {
    Products,
    Orders,
    Shipments,
    Reconcile,
    /// Not a pull: the outbox's edits sent to the shop (runs before the shop's pulls).
    Push,
    /// An offers service: the tracked products whose refresh is due.
    Offers,
}

impl SyncResource {
    pub const ALL: [SyncResource; 6] = [
        SyncResource::Products,
        SyncResource::Orders,
        SyncResource::Shipments,
        SyncResource::Reconcile,
        SyncResource::Push,
        SyncResource::Offers,
    ];

    /// What the scheduler pulls on an interval (the push runs when edits are due).
    pub const PULLS: [SyncResource; 4] =
        [SyncResource::Products, SyncResource::Orders, SyncResource::Shipments, SyncResource::Reconcile];

    pub fn as_str(self) -> &'static str {
        match self {
            SyncResource::Products => "products",
            SyncResource::Orders => "orders",
            SyncResource::Shipments => "shipments",
            SyncResource::Reconcile => "reconcile",
            SyncResource::Push => "push",
            SyncResource::Offers => "offers",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        SyncResource::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// How a sync run ended (or that it has not yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncRunStatus {
    Running,
    Ok,
    Failed,
    /// Stopped before the end (asked to, or its process died); the next run resumes from its cursor.
    Interrupted,
}

impl SyncRunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncRunStatus::Running => "running",
            SyncRunStatus::Ok => "ok",
            SyncRunStatus::Failed => "failed",
            SyncRunStatus::Interrupted => "interrupted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [SyncRunStatus::Running, SyncRunStatus::Ok, SyncRunStatus::Failed, SyncRunStatus::Interrupted]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// What the background sync of a shop (or of everything, for the tray) is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncState {
    Idle,
    Syncing,
    /// The provider cannot be reached; retrying with backoff.
    Offline,
    /// The last run failed for another reason (see `last_error`).
    Error,
    Paused,
}

/// A running job's progress (the `sync-progress` event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SyncProgress {
    pub run_id: i64,
    pub shop_id: ShopId,
    pub resource: SyncResource,
    pub pages: i64,
    /// Records stored so far in this run.
    pub records: i64,
    /// The provider's total, when it gives one.
    pub total: Option<i64>,
    /// True on the last event of a run.
    pub finished: bool,
}

/// One shop's background sync, as the UI and the tray show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ShopSync {
    pub shop_id: ShopId,
    pub shop_name: String,
    pub state: SyncState,
    pub paused: bool,
    /// Jobs running now.
    pub running: Vec<SyncProgress>,
    pub last_error: Option<String>,
    /// When the scheduler next tries this shop while offline.
    pub retry_at: Option<i64>,
    /// Since when the shop cannot be reached (None while it can).
    pub offline_since: Option<i64>,
}

/// The `sync_overview` answer and the `sync-changed` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SyncOverview {
    /// The whole app's state, for the tray: syncing > offline > error > idle; paused when all is paused.
    pub state: SyncState,
    pub paused_all: bool,
    pub shops: Vec<ShopSync>,
}

/// Sync intervals and notification choices, shared by the desktop app and the headless daemon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct SyncSettings {
    pub orders_minutes: i64,
    pub shipments_minutes: i64,
    pub products_minutes: i64,
    pub reconcile_hours: i64,
    /// How often each tracked product's offers are refreshed.
    #[serde(default = "default_offers_seconds")]
    pub offers_seconds: i64,
    /// A desktop notification for each batch of new orders.
    pub notify_new_orders: bool,
}

fn default_offers_seconds() -> i64 {
    60
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            orders_minutes: 2,
            shipments_minutes: 5,
            products_minutes: 15,
            reconcile_hours: 24,
            offers_seconds: default_offers_seconds(),
            notify_new_orders: false,
        }
    }
}

impl SyncSettings {
    /// The settings with every interval within sane bounds (1 minute .. 1 day; reconciliation 1 h .. 30 days).
    pub fn clamped(mut self) -> Self {
        self.orders_minutes = self.orders_minutes.clamp(1, 1440);
        self.shipments_minutes = self.shipments_minutes.clamp(1, 1440);
        self.products_minutes = self.products_minutes.clamp(1, 1440);
        self.reconcile_hours = self.reconcile_hours.clamp(1, 720);
        self.offers_seconds = self.offers_seconds.clamp(10, 86_400);
        self
    }

    /// How often a resource is pulled, in milliseconds.
    pub fn interval_ms(&self, resource: SyncResource) -> i64 {
        const MINUTE: i64 = 60_000;
        match resource {
            SyncResource::Orders => self.orders_minutes * MINUTE,
            SyncResource::Shipments => self.shipments_minutes * MINUTE,
            SyncResource::Products => self.products_minutes * MINUTE,
            SyncResource::Reconcile => self.reconcile_hours * 60 * MINUTE,
            // Pushed as soon as edits are due; this only paces the look for edits whose backoff ended.
            SyncResource::Push => MINUTE,
            SyncResource::Offers => self.offers_seconds * 1_000,
        }
    }
}

/// A record that could not be read or mapped, kept with its raw payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct QuarantinedRecord {
    pub id: i64,
    pub shop_id: ShopId,
    pub shop_name: String,
    pub resource: SyncResource,
    pub remote_id: String,
    pub run_id: Option<i64>,
    pub error: String,
    /// The raw JSON as the provider sent it (at most 64 KiB).
    pub payload: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct QuarantineQuery {
    pub shop_id: Option<ShopId>,
    pub cursor: Option<String>,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct QuarantinePage {
    pub rows: Vec<QuarantinedRecord>,
    pub next_cursor: Option<String>,
}

/// What `storedesk-cli sync` prints, per resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncSummary {
    pub shop_id: ShopId,
    pub resource: SyncResource,
    pub run_id: i64,
    pub status: SyncRunStatus,
    pub pages: i64,
    pub requests: i64,
    pub retries: i64,
    pub rate_limited: i64,
    pub records_new: i64,
    pub records_changed: i64,
    pub records_unchanged: i64,
    pub quarantined: i64,
    pub seconds: f64,
    pub error: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Edits and the outbox.

/// What an edit changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EditField {
    Price,
    Stock,
    Status,
}

impl EditField {
    pub fn as_str(self) -> &'static str {
        match self {
            EditField::Price => "price",
            EditField::Stock => "stock",
            EditField::Status => "status",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [EditField::Price, EditField::Stock, EditField::Status].into_iter().find(|f| f.as_str() == s)
    }
}

/// A value of an editable field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum EditValue {
    Price(Money),
    Stock(i64),
    Status(ListingState),
}

impl EditValue {
    pub fn field(&self) -> EditField {
        match self {
            EditValue::Price(_) => EditField::Price,
            EditValue::Stock(_) => EditField::Stock,
            EditValue::Status(_) => EditField::Status,
        }
    }
}

/// Where an edit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OutboxStatus {
    /// Waiting to be sent (now, or after a backoff).
    Pending,
    /// Handed to the shop; its answer is not stored yet (a crash here is resolved by reading the shop).
    Sending,
    Sent,
    /// The shop refused it; `last_error` says why. Retry (after changing it) or Discard.
    Rejected,
    /// The shop's value changed after the edit was made; a person chooses whose value stays.
    Conflict,
    /// Given up (undone, discarded, or the shop's value taken).
    Discarded,
}

impl OutboxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Sending => "sending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Rejected => "rejected",
            OutboxStatus::Conflict => "conflict",
            OutboxStatus::Discarded => "discarded",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            OutboxStatus::Pending,
            OutboxStatus::Sending,
            OutboxStatus::Sent,
            OutboxStatus::Rejected,
            OutboxStatus::Conflict,
            OutboxStatus::Discarded,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// One edit in the outbox, as the Outbox view and `storedesk-cli outbox list` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OutboxRow {
    pub id: i64,
    pub shop_id: ShopId,
    pub shop_name: String,
    pub product_id: i64,
    pub title: String,
    pub remote_id: String,
    pub variant_remote_id: Option<String>,
    /// The variation's attributes ("Talle: M"), when the edit is of a variation.
    pub variant_label: Option<String>,
    pub value: EditValue,
    /// The value the edit started from.
    pub base: EditValue,
    /// A conflict: the shop's value now.
    pub remote_value: Option<EditValue>,
    pub status: OutboxStatus,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OutboxQuery {
    pub shop_id: Option<ShopId>,
    pub status: Option<OutboxStatus>,
    pub product_id: Option<i64>,
    pub cursor: Option<String>,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OutboxPage {
    pub rows: Vec<OutboxRow>,
    pub next_cursor: Option<String>,
}

/// What is waiting, for the sidebar and the tray.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OutboxCounts {
    /// Pending or being sent.
    pub waiting: i64,
    /// Refused by the shop, waiting for a person.
    pub rejected: i64,
    /// The shop changed the value too, waiting for a person.
    pub conflict: i64,
}

/// An edit asked for by a person (or a rule): a listing, or one of its variations, gets a new value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct EditRequest {
    pub product_id: i64,
    pub variant_remote_id: Option<String>,
    pub value: EditValue,
    /// Why (shown with the edit); None for a person's edit.
    pub reason: Option<String>,
}

/// How a conflict ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Resolution {
    /// Send my value anyway.
    KeepMine,
    /// Discard my edit and show the shop's value.
    TakeTheirs,
}

/// A change applied to many listings at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum BulkChange {
    /// A price, as decimal text in each listing's currency ("12990.50").
    SetPrice {
        amount: String,
    },
    /// Up or down by a percent ("5", "-12.5"; at most two decimals), rounded half-even to the currency's
    /// minor unit.
    AdjustPercent {
        percent: String,
    },
    /// Up or down by an amount, decimal text in each listing's currency ("-100", "250.5").
    AdjustAmount {
        amount: String,
    },
    SetStock {
        stock: i64,
    },
    Pause,
    Activate,
}

/// Which listings a bulk change applies to: these ids, or everything a list query matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum BulkTarget {
    Ids {
        ids: Vec<i64>,
    },
    Matching {
        query: ProductQuery,
    },
    /// Every listing bound to these catalogue items, each edited through its own shop's outbox.
    Items {
        item_ids: Vec<i64>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct BulkEdit {
    pub target: BulkTarget,
    pub change: BulkChange,
}

/// One listing in a bulk change's preview: its value now and after, or why it is left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct BulkPreviewRow {
    pub product_id: i64,
    pub title: String,
    pub remote_id: String,
    pub old: EditValue,
    pub new: Option<EditValue>,
    /// Why this listing is left out (a price that would not be positive, stock set per variation...).
    pub skipped: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct BulkPreview {
    /// The first rows (at most 500), in the list's order.
    pub rows: Vec<BulkPreviewRow>,
    /// Listings the change would edit, and listings left out, over the whole target.
    pub changes: i64,
    pub skipped: i64,
}

/// What applying a bulk change queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct BulkResult {
    pub queued: i64,
    pub skipped: i64,
}

/// What one push of the outbox did (the command line's `outbox push`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct PushSummary {
    pub sent: i64,
    pub rejected: i64,
    pub conflict: i64,
    /// Still pending (a transient failure: they are retried with backoff).
    pub pending: i64,
    pub requests: i64,
}

// ---------------------------------------------------------------------------------------------
// Orders to the warehouse and back.

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

// ---------------------------------------------------------------------------------------------
// Offers: tracked products, their history and charts, repricing.

/// A product tracked at an offers service (the Offers view's row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct TrackedProduct {
    pub product_id: i64,
    pub shop_id: ShopId,
    pub shop_name: String,
    pub product_remote_id: String,
    pub title: String,
    pub offers_shop_id: ShopId,
    pub offers_shop_name: String,
    /// The id it is registered under at the service.
    pub remote_id: String,
    /// False: untracked (no longer refreshed; its history stays).
    pub tracking: bool,
    pub registered: bool,
    pub last_refresh_at: Option<i64>,
    pub next_refresh_at: Option<i64>,
    pub last_error: Option<String>,
    pub active_offers: i64,
    pub lowest_offer: Option<Money>,
    pub our_price: Money,
    pub has_rule: bool,
}

/// What a tracked product's refresh needs (the channel registers it first when it is not yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferRefresh {
    pub product_id: i64,
    pub remote_id: String,
    pub registered: bool,
    pub name: String,
    pub description: String,
}

/// One offer as the service reports it: its price is an integer in the currency's whole units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedOffer {
    pub remote_id: String,
    pub price: i64,
    pub items_in_stock: i64,
}

/// What became of one tracked product's refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// Its offers now (empty: none); `registered`: the service has it (registered now or before).
    Observed { offers: Vec<ObservedOffer>, registered: bool },
    /// Not read this time.
    Failed { reason: String },
}

/// A repricing rule: follow the lowest offer minus an amount or a percent, within a floor and a ceiling,
/// only for a change of at least `min_step`, at most once per `every_seconds`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct RepriceRule {
    /// Subtracted from the lowest offer (zero: match it).
    pub minus: Money,
    /// Or a percent below it, in basis points (250: 2.5%); both zero: match it.
    pub minus_bp: i64,
    pub floor: Money,
    pub ceiling: Money,
    pub min_step: Money,
    pub every_seconds: i64,
    pub last_change_at: Option<i64>,
}

/// What a rule would do now (the dry-run preview), or did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct RepricePreviewRow {
    pub product_id: i64,
    pub title: String,
    pub product_remote_id: String,
    pub current: Money,
    pub lowest_offer: Option<Money>,
    /// The new price, when the rule would change it.
    pub proposed: Option<Money>,
    /// Why it changes, or why not.
    pub reason: String,
}

/// The range a chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChartRange {
    Hour,
    #[default]
    Day,
    Week,
    Month,
    All,
}

impl ChartRange {
    /// The range's length (None: everything).
    pub fn millis(self) -> Option<i64> {
        const HOUR: i64 = 3_600_000;
        match self {
            ChartRange::Hour => Some(HOUR),
            ChartRange::Day => Some(24 * HOUR),
            ChartRange::Week => Some(7 * 24 * HOUR),
            ChartRange::Month => Some(30 * 24 * HOUR),
            ChartRange::All => None,
        }
    }
}

/// A point of a chart line: a price (minor units) from `at` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ChartPoint {
    pub at: i64,
    pub price_minor: i64,
    pub items_in_stock: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ChartSeries {
    pub offer_remote_id: String,
    pub active: bool,
    /// Step points (the price holds until the next point); at most the asked number, per series.
    pub points: Vec<ChartPoint>,
    /// When it vanished (its line ends there).
    pub ends_at: Option<i64>,
}

/// A product's price chart over a range: each offer's line, our own listing price, and the lowest offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OfferChart {
    pub from: i64,
    pub to: i64,
    pub currency: String,
    pub offers: Vec<ChartSeries>,
    /// Our listing's price as the marketplace had it (a step line).
    pub own: Vec<ChartPoint>,
    /// The lowest active offer over time (a step line).
    pub lowest: Vec<ChartPoint>,
    /// History points in the range before downsampling.
    pub points_in_range: i64,
}

/// An offer with every row of its history (the command line's `offers history`, the CSV export).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct OfferHistory {
    pub remote_id: String,
    pub active: bool,
    pub rows: Vec<OfferPoint>,
}

// ---------------------------------------------------------------------------------------------
// The local API: keys with roles, webhooks out.

/// What an API key may do: viewer reads; staff also edits listings, works the outbox and starts syncs (the API
/// has no order writes yet); service is staff for machines; admin also manages keys, shops, settings and
/// webhooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ApiRole {
    Viewer,
    Staff,
    Service,
    Admin,
}

impl ApiRole {
    pub const ALL: [ApiRole; 4] = [ApiRole::Viewer, ApiRole::Staff, ApiRole::Service, ApiRole::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            ApiRole::Viewer => "viewer",
            ApiRole::Staff => "staff",
            ApiRole::Service => "service",
            ApiRole::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ApiRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Reads products, orders, shipments, offers, the outbox and sync runs.
    pub fn may_read(self) -> bool {
        true
    }

    /// Edits products and orders, works the outbox, starts syncs.
    pub fn may_edit(self) -> bool {
        matches!(self, ApiRole::Staff | ApiRole::Service | ApiRole::Admin)
    }

    /// Manages keys, shops, settings and webhooks.
    pub fn may_administer(self) -> bool {
        self == ApiRole::Admin
    }

    /// Sees which keys exist and when they were last used (staff look after their desk's integrations;
    /// a service key, being a machine, does not).
    pub fn may_see_keys(self) -> bool {
        matches!(self, ApiRole::Staff | ApiRole::Admin)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    pub role: ApiRole,
    /// The key's first characters, to tell keys apart (the key itself is never stored).
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A key as created: the only time its secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CreatedApiKey {
    pub key: ApiKey,
    pub secret: String,
}

/// The events a webhook can subscribe to.
pub const WEBHOOK_EVENTS: [&str; 7] = [
    "order.created",
    "order.changed",
    "fulfilment.changed",
    "product.changed",
    "product.low_stock",
    "edit.rejected",
    "sync.failed",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    pub events: Vec<String>,
    pub active: bool,
    pub created_at: i64,
}

/// A webhook as created: the only time its signing secret is shown (`whsec_…`, Standard Webhooks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CreatedWebhook {
    pub webhook: Webhook,
    pub secret: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DeliveryStatus {
    Pending,
    Delivered,
    /// Given up after 24 hours of retries (Redeliver sends it again).
    Failed,
}

impl DeliveryStatus {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(DeliveryStatus::Pending),
            "delivered" => Some(DeliveryStatus::Delivered),
            "failed" => Some(DeliveryStatus::Failed),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct WebhookDelivery {
    pub id: i64,
    pub webhook_id: i64,
    pub event: String,
    /// What the event is about (`order:12`): deliveries of one entity go out in order.
    pub entity: String,
    /// The JSON sent (Standard Webhooks' `{type, timestamp, data}`).
    pub payload: String,
    pub status: DeliveryStatus,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_status: Option<i64>,
    pub last_response: Option<String>,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
}

/// The desktop's local API switch (off by default). The CLI's `serve` takes its own flags instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApiServerSettings {
    pub enabled: bool,
    /// On 127.0.0.1 (the desktop never serves other addresses; `storedesk-cli serve` can, with TLS).
    pub port: u16,
    /// `/metrics` without a key from this machine (for a local Prometheus).
    pub metrics_open: bool,
}

impl Default for ApiServerSettings {
    fn default() -> Self {
        ApiServerSettings { enabled: false, port: 8787, metrics_open: false }
    }
}

/// Whether the local API runs, and where (or why not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApiServerStatus {
    pub settings: ApiServerSettings,
    pub running: bool,
    /// `http://127.0.0.1:PORT` while running.
    pub url: Option<String>,
    /// Why it is not running although enabled (the port is taken, ...).
    pub error: Option<String>,
}

/// One sample of the process's figures (the Metrics panel charts the last hour of them). Counters are
/// totals since the process started; the panel charts their change between samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MetricsSample {
    pub at: i64,
    pub provider_requests: f64,
    /// Answers with a 4xx or 5xx status (429s included).
    pub provider_errors: f64,
    pub provider_rate_limited: f64,
    pub provider_retries: f64,
    /// Sum and count of request durations (seconds): their change is the mean latency between samples.
    pub provider_seconds_sum: f64,
    pub provider_seconds_count: f64,
    pub ttfb_seconds_sum: f64,
    pub ttfb_seconds_count: f64,
    pub sync_records: f64,
    pub sync_jobs: f64,
    pub token_refreshes: f64,
    pub outbox_depth: f64,
    pub outbox_oldest_age_seconds: f64,
    pub api_requests: f64,
    pub webhook_attempts: f64,
}
