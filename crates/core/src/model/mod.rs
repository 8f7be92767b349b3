//! The domain types the store reads and writes, and the shapes the UI receives, by direction:
//! - in: `records` (what a connector delivers, the input of idempotent upserts);
//! - out: `lists` (queries and the rows the lists show), `dashboard`, `catalogue`, `sync`, `offers`,
//!   `warehouse` (what front ends read);
//! - both ways: `edits` (what staff change, the outbox), `connect`, `api` (the local API's keys and webhooks);
//! - `capabilities`: what each connector declares it is and can do.
//!
//! This file holds the shop, its kind and the channel-neutral states everything else uses.
//!
//! Every type the UI sees derives `TS`: `cargo test -p storedesk-core` regenerates `ui/src/bindings/`,
//! and CI fails when the committed bindings are stale. Times are unix milliseconds UTC.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    pub const ALL: [ShopKind; 5] =
        [ShopKind::Mercadolibre, ShopKind::Shopify, ShopKind::Woocommerce, ShopKind::Warehouse, ShopKind::Offers];

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

// The rest of the model, one file per area (declared after the macro above, which they use).
mod api;
mod capabilities;
mod catalogue;
mod connect;
mod dashboard;
mod edits;
mod lists;
mod offers;
mod records;
mod sync;
mod warehouse;

pub use api::*;
pub use capabilities::*;
pub use catalogue::*;
pub use connect::*;
pub use dashboard::*;
pub use edits::*;
pub use lists::*;
pub use offers::*;
pub use records::*;
pub use sync::*;
pub use warehouse::*;
