//! Dashboard and activity.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::*;

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
