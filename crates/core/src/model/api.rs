//! The local API: keys with roles, webhooks out.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
