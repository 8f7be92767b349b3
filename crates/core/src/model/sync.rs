//! Background sync.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::*;

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
