//! Edits and the outbox.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::*;
use crate::money::Money;

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
    /// The location whose stock the edit sets (None: the listing's one figure, or not a stock edit).
    pub location_id: Option<String>,
    /// That location's name as the shop last gave it.
    pub location_name: Option<String>,
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
    /// The location whose stock a stock edit sets, where the listing's channel keeps stock per location (such
    /// an edit must name one of the unit's locations; elsewhere it must name none).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub location_id: Option<String>,
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
