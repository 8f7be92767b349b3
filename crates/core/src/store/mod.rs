//! The local SQLite store: one file in the data directory, WAL, foreign keys, embedded migrations.
//!
//! Every list is a keyset-paged query (ARCHITECTURE invariant 7); every remote record is upserted by
//! (shop, remote id) and never overwritten by an older remote version (invariant 2).

mod api;
mod apps;
mod catalogue;
mod credentials;
mod dashboard;
mod fulfilment;
mod keyset;
mod offers;
mod open;
mod orders;
mod outbox;
mod page;
mod products;
mod quarantine;
mod query;
mod runs;
mod search;
mod settings;
mod shipments;
mod shops;
mod shown;
mod sync;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sqlx::SqlitePool;
use tokio::sync::broadcast;

use crate::instance::Instance;
use crate::model::{ShopId, ShopStatus, SyncProgress, SyncResource};
use crate::time::{Clock, SystemClock};

pub use api::{
    delivery_backoff_ms, key_hash, DeliveryAttempt, Idempotent, DELIVERIES_KEPT_MS, DELIVERY_TTL_MS, IDEMPOTENCY_TTL_MS,
};
pub use apps::StoredApp;
pub(crate) use credentials::{load_credentials, write_credentials};
pub use credentials::{SealedCredentials, ShopEndpoints};
pub use fulfilment::{CancelStatus, CreateStatus, DueFulfilment};
pub use offers::{downsample, next_slot, phase_of, registration_id, RepriceCandidate};
pub(crate) use open::move_aside;
pub use open::SCHEMA_VERSION;
pub use outbox::retry_delay_ms;
pub use settings::LearnedPace;
pub use sync::{PageOutcome, PageWrite};

/// A handle on the store; cheap to clone (a connection pool).
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
    data_dir: PathBuf,
    events: broadcast::Sender<StoreEvent>,
    clock: Arc<dyn Clock>,
    /// This process among those sharing the data directory: the owner of the runs it starts.
    instance: Arc<Instance>,
}

/// What changed in the store, for whoever shows it (the shell forwards these to the UI and the tray).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreEvent {
    ShopStatus {
        shop_id: ShopId,
        status: ShopStatus,
    },
    /// A sync stored new or changed records.
    DataChanged {
        shop_id: ShopId,
        resource: SyncResource,
        inserted: u64,
        updated: u64,
    },
    /// A sync job started, stored a page, or ended.
    SyncProgress(SyncProgress),
    /// Edits were queued, sent, rejected, resolved or discarded.
    OutboxChanged,
    /// Tracked products, their offers or their repricing rules changed.
    OffersChanged,
    /// An order's fulfilment needs a person (an exception at the warehouse, a refused cancel).
    FulfilmentIssue {
        order_id: i64,
    },
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`. An unreadable or foreign file is moved
    /// aside and reported; a file from a newer storedesk is refused and left untouched.
    pub async fn open(data_dir: &Path) -> Result<Store, crate::OpenError> {
        open::open(data_dir, Arc::new(SystemClock)).await
    }

    /// `open`, reading the time from `clock` (tests run the store at a chosen time).
    pub async fn open_with_clock(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Store, crate::OpenError> {
        open::open(data_dir, clock).await
    }

    /// Now, by the store's clock (unix ms).
    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The data directory the store lives in.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// This process's instance id (the owner of the runs it starts).
    pub fn instance_id(&self) -> &str {
        self.instance.id()
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The pool, for callers that need raw SQL (benchmarks, tests).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Subscribes to change events of this process's store handle (and its clones).
    pub fn subscribe(&self) -> broadcast::Receiver<StoreEvent> {
        self.events.subscribe()
    }

    /// Sends an event to this process's subscribers (none listening is fine).
    pub fn notify(&self, event: StoreEvent) {
        let _ = self.events.send(event);
    }

    pub(crate) fn notify_shop_status(&self, shop_id: ShopId, status: ShopStatus) {
        // No subscriber is fine: nothing is showing the change.
        let _ = self.events.send(StoreEvent::ShopStatus { shop_id, status });
    }

    /// Resolves once `close` has been called: whoever listens on the store's behalf stops then (and lets
    /// go of it, so its instance lock goes with it).
    pub async fn closed(&self) {
        self.pool.close_event().await
    }

    /// Waits for every connection to close, so the file can be moved or reopened.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Clamps a page size asked for by a caller.
fn page_limit(limit: i64) -> i64 {
    limit.clamp(1, 500)
}
