//! What the sync engine needs from a connector to one shop: a narrow trait per role (`SalesChannel`,
//! `Warehouse`, `OffersSource`; the first two `Pull`), and a `Connection` holding whichever the shop is.
//!
//! A channel turns the provider's API into pages of domain records. It owns its cursor format (an
//! opaque string the engine stores with each page, ARCHITECTURE invariant 3), its HTTP client, its
//! token lease and its rate budget; the engine owns the store, the run log and the schedule.

use std::collections::HashSet;
use std::sync::Arc;

use async_trait::async_trait;

use crate::error::{ApiError, ErrorCode};
use crate::model::{
    EditValue, FulfilmentJob, OfferRefresh, OrderRecord, OutboxRow, ProductRecord, RefreshOutcome, ShipmentRecord,
    SyncResource, WarehouseRecord,
};
use crate::StoreError;

/// Records of one resource.
#[derive(Debug, Clone, PartialEq)]
pub enum Records {
    Products(Vec<ProductRecord>),
    Orders(Vec<OrderRecord>),
    Shipments(Vec<ShipmentRecord>),
    /// A warehouse's orders, as they stand there (stored onto the store orders they fulfil).
    Warehouse(Vec<WarehouseRecord>),
}

impl Records {
    pub fn len(&self) -> usize {
        match self {
            Records::Products(r) => r.len(),
            Records::Orders(r) => r.len(),
            Records::Shipments(r) => r.len(),
            Records::Warehouse(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A record that could not be read or mapped: stored aside, never blocking the rest of its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarantined {
    pub remote_id: String,
    pub error: String,
    pub payload: String,
}

/// The requests a page cost: the run log shows them and the benchmarks count them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestTally {
    pub requests: u64,
    pub retries: u64,
    pub rate_limited: u64,
}

impl RequestTally {
    pub fn add(&mut self, other: RequestTally) {
        self.requests += other.requests;
        self.retries += other.retries;
        self.rate_limited += other.rate_limited;
    }
}

/// Where a pass stands after a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// More pages: call `pull` again with this cursor.
    More(String),
    /// The pass is complete; the cursor is where the next (incremental) pass starts.
    Done(String),
}

/// One page of a pull, stored by the engine in one transaction together with its cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub records: Records,
    /// Records of other kinds the same answers carried (orders with their shipments, listings with their
    /// stock levels): stored in the same transaction, so nothing is fetched again for them.
    pub also: Vec<Records>,
    pub quarantined: Vec<Quarantined>,
    pub next: Next,
    /// The provider's count of what the whole pass covers, when it gives one.
    pub total: Option<u64>,
    /// Reconciliation only: remote ids that exist (the engine marks the rest as vanished at the end).
    pub present: Vec<String>,
    pub tally: RequestTally,
}

/// Why a pull failed. The engine keeps the cursor where it was; the scheduler decides when to retry.
#[derive(Debug, thiserror::Error)]
pub enum ChannelError {
    /// The provider cannot be reached (connection refused, DNS, timeouts after retries).
    #[error("cannot reach the provider: {0}")]
    Offline(String),
    /// The shop's authorization is gone; a person must reconnect it.
    #[error("the shop must be reconnected")]
    NeedsReconnect,
    /// The provider answered with an error that retrying will not fix.
    #[error("the provider answered HTTP {status}: {message}")]
    Remote { status: u16, message: String },
    /// The provider answered, but not in the documented shape (it changed something).
    #[error("the provider's answer could not be read: {0}")]
    BadAnswer(String),
    /// Retries were exhausted on 429 / 5xx / broken answers.
    #[error("the provider kept failing: {0}")]
    Exhausted(String),
    /// The shop cannot be used as asked (no app credentials, not connected, a kind not supported yet...).
    #[error("{message}")]
    Setup { code: ErrorCode, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ChannelError {
    pub fn setup(code: ErrorCode, message: impl Into<String>) -> Self {
        ChannelError::Setup { code, message: message.into() }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            ChannelError::Offline(_) => ErrorCode::Offline,
            ChannelError::NeedsReconnect => ErrorCode::NeedsReconnect,
            ChannelError::Remote { .. } => ErrorCode::ProviderError,
            ChannelError::BadAnswer(_) => ErrorCode::BadAnswer,
            ChannelError::Exhausted(_) => ErrorCode::RetriesExhausted,
            ChannelError::Setup { code, .. } => *code,
            ChannelError::Store(e) => e.code(),
        }
    }
}

/// Channel errors reach every front end here, and only here.
impl From<ChannelError> for ApiError {
    fn from(err: ChannelError) -> Self {
        match err {
            ChannelError::Store(e) => e.into(),
            other => ApiError::new(other.code(), other.to_string()),
        }
    }
}

/// What a channel may ask the local store while it pulls (which records it already holds), so a
/// resumed pass does not fetch again what an interrupted one stored.
#[async_trait]
pub trait LocalView: Send + Sync {
    /// Of `remote_ids` of `resource`, those the store already holds.
    async fn held(&self, resource: SyncResource, remote_ids: &[String]) -> Result<HashSet<String>, StoreError>;
}

/// What became of one edit a push handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditOutcome {
    /// The shop has the new value now (sent now, or it already had it: a send a crash interrupted).
    Applied,
    /// The shop's value changed after the edit was made (it is neither the edit's base nor its value):
    /// nothing was sent.
    Conflict { remote: EditValue },
    /// The shop refused it, in words a person can act on.
    Rejected { reason: String },
    /// Not sent this time (the shop failed or could not be reached): try again after a backoff.
    Retry { reason: String },
}

/// What a push did: one outcome per edit, the listings as the shop had them before sending (`fresh`) and
/// after (`pushed`, the shop's answers), and the requests it cost.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PushReport {
    pub outcomes: Vec<(i64, EditOutcome)>,
    pub fresh: Vec<ProductRecord>,
    pub pushed: Vec<ProductRecord>,
    pub tally: RequestTally,
}

/// What became of one warehouse job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FulfilmentOutcome {
    /// The warehouse has the order: created now, or found by its reference id (a lost answer, a duplicate).
    Created(WarehouseRecord),
    Cancelled(WarehouseRecord),
    /// A cancel found no warehouse order: the create never arrived, and now it never will.
    NeverArrived,
    /// The warehouse would not cancel (the parcel was picked, packed or shipped).
    CancelRefused {
        reason: String,
        record: Option<WarehouseRecord>,
    },
    /// The warehouse refused what was sent, in words a person can act on.
    Rejected {
        reason: String,
    },
    /// Not done this time (the warehouse failed or could not be reached): try again after a backoff.
    Retry {
        reason: String,
    },
}

/// What a warehouse push did: one outcome per job, and the requests it cost.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FulfilmentReport {
    pub outcomes: Vec<(FulfilmentJob, FulfilmentOutcome)>,
    pub tally: RequestTally,
}

/// What an offers refresh did: one outcome per tracked product, and the requests it cost.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OffersReport {
    pub outcomes: Vec<(i64, RefreshOutcome)>,
    pub tally: RequestTally,
}

/// Reading a system's records page by page: sales channels and warehouses.
#[async_trait]
pub trait Pull: Send + Sync {
    /// The next page of `resource` (products, orders or reconcile) from `cursor` (None: never synced).
    async fn pull(
        &self,
        resource: SyncResource,
        cursor: Option<&str>,
        local: &dyn LocalView,
    ) -> Result<Page, ChannelError>;

    /// Fetches the given records by remote id (shipments that are due; a quarantined record on Retry).
    /// The page's `next` is ignored.
    async fn fetch(&self, resource: SyncResource, remote_ids: &[String]) -> Result<Page, ChannelError>;
}

/// A shop that sells: its listings and orders are pulled, its listings edited.
#[async_trait]
pub trait SalesChannel: Pull {
    /// Sends these edits of one shop (oldest first). Before sending, the connector reads what the shop
    /// has now and compares each edited field with the value its edit started from (`base`).
    async fn push(&self, edits: &[OutboxRow]) -> Result<PushReport, ChannelError>;
}

/// A warehouse: its orders are pulled back onto the sales they fulfil.
#[async_trait]
pub trait Warehouse: Pull {
    /// Creates and cancels its orders (each create names its reference id, so a create whose answer was
    /// lost is found instead of made twice).
    async fn push_fulfilments(&self, jobs: &[FulfilmentJob]) -> Result<FulfilmentReport, ChannelError>;
}

/// An offers service: nothing is pulled; tracked products are refreshed when due.
#[async_trait]
pub trait OffersSource: Send + Sync {
    /// Reads the offers of these tracked products (registering first those it does not have yet, and
    /// those it forgot).
    async fn refresh_offers(&self, due: &[OfferRefresh]) -> Result<OffersReport, ChannelError>;
}

/// A connected shop, by the role its connector plays (its descriptor's role): each role has its own narrow
/// trait, so no method of a connector answers "not supported" at run time.
#[derive(Clone)]
pub enum Connection {
    Sales(Arc<dyn SalesChannel>),
    Warehouse(Arc<dyn Warehouse>),
    Offers(Arc<dyn OffersSource>),
}

impl Connection {
    /// What pulls this shop's records, or the error a job asking for a resource this shop does not have
    /// ends with (the scheduler only plans what the descriptor declares, so this is a bug or a hand-made
    /// request).
    pub fn pull_role(&self, resource: SyncResource) -> Result<&dyn Pull, ChannelError> {
        match self {
            Connection::Sales(c) => Ok(c.as_ref()),
            Connection::Warehouse(w) => Ok(w.as_ref()),
            Connection::Offers(_) => Err(ChannelError::setup(
                ErrorCode::Unsupported,
                format!("an offers service has no {} to sync", resource.as_str()),
            )),
        }
    }
}
