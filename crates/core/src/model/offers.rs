//! Offers: tracked products, their history and charts, repricing.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::*;
use crate::money::Money;

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
