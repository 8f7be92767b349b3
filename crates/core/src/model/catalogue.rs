//! The catalogue as front ends see it: the business's items, each with the channel listings bound to it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ListingState, ShopId, StockLevel};
use crate::money::Money;

/// How a listing's unit came to be bound (or unbound).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BoundBy {
    /// By its SKU, on every pull: a changed SKU moves it.
    Sku,
    /// By staff: no pull changes it.
    Manual,
}

impl BoundBy {
    pub fn as_str(self) -> &'static str {
        match self {
            BoundBy::Sku => "sku",
            BoundBy::Manual => "manual",
        }
    }

    pub fn parse(word: &str) -> Option<BoundBy> {
        match word {
            "sku" => Some(BoundBy::Sku),
            "manual" => Some(BoundBy::Manual),
            _ => None,
        }
    }
}

/// Why a listing's unit is bound to no item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Unbound {
    /// It has no SKU: link it by hand.
    NoSku,
    /// Another listing of the same shop has the same SKU: a catalogue problem, never merged silently.
    SharedSkuInShop,
    /// Staff unlinked it.
    Unlinked,
}

/// One listing (or one variant of a listing) of one channel, as the catalogue shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CatalogueListing {
    pub shop_id: ShopId,
    pub shop_name: String,
    /// The listing's row (open it with get_product).
    pub product_id: i64,
    pub remote_id: String,
    /// The variant's remote id when the unit is a variant.
    pub variation_id: Option<String>,
    pub title: String,
    /// The unit's own SKU as the channel has it.
    pub sku: Option<String>,
    /// What the listing shows now (a pending edit included).
    pub price: Money,
    pub stock: i64,
    /// The unit's stock per location, where its channel has locations (`stock` is their sum).
    pub stock_levels: Vec<StockLevel>,
    pub state: ListingState,
    /// The channel's own word for the state.
    pub status: String,
    pub synced_at: i64,
    pub bound_by: BoundBy,
    /// Set when the unit is bound to no item.
    pub unbound: Option<Unbound>,
}

/// A row of the catalogue: an item with its listings side by side, or (`item_id` None) one unbound listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CatalogueRow {
    pub item_id: Option<i64>,
    pub sku: Option<String>,
    pub title: String,
    pub listings: Vec<CatalogueListing>,
    /// Its listings do not all show the same price, or the same stock.
    pub differs: bool,
}

/// Which rows a catalogue list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CatalogueFilter {
    /// Every item.
    #[default]
    Items,
    /// Items whose listings differ in price or stock.
    Differs,
    /// Listings bound to no item, one row each.
    Unbound,
    /// Listings sharing a SKU with another listing of their shop.
    Problems,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CatalogueQuery {
    #[serde(default)]
    pub filter: CatalogueFilter,
    /// Matches the SKU or the title (a substring, case-insensitive).
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub cursor: Option<String>,
    /// 0 means the default page size.
    #[serde(default)]
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CataloguePage {
    pub rows: Vec<CatalogueRow>,
    pub next_cursor: Option<String>,
}

/// How many rows each filter holds (the filter chips' counts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct CatalogueCounts {
    pub items: i64,
    pub differs: i64,
    pub unbound: i64,
    pub problems: i64,
}

/// A listing's unit to link or unlink: the listing, and the variant when the listing has variants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ListingUnit {
    pub shop_id: ShopId,
    pub remote_id: String,
    #[serde(default)]
    pub variation_id: Option<String>,
}
