//! storedesk-app: THE application. `App::open(data_dir, role)` assembles the store, the vault, the shop
//! clients and the scheduler in one place, and offers one method per use case. Every front end (the
//! desktop shell, the CLI, the local REST API) is a thin layer over it: it turns a click, a command line
//! or a request into one call here, and shows what comes back (a value, an `ApiError`, or a `Notice`).
//!
//! A process opens the app as an `Owner` (the desktop app, the daemon: it runs background work and may
//! close runs that ended processes left open) or as a `Guest` (a one-shot CLI command: it never touches
//! runs it does not own).

mod api_keys;
mod background;
pub mod backups;
mod browse;
mod catalogue;
mod connect;
mod demo;
mod edits;
pub mod metrics;
mod notices;
mod offers;
mod open;
mod shops;
mod sync;
mod warehouse;
pub mod webhooks;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, Mutex};

use storedesk_connectors::{Connector, Shops};
use storedesk_core::sync::scheduler::Scheduler;
use storedesk_core::{ApiError, Store};
use tokio::sync::broadcast;

pub use api_keys::KEY_PREFIX;
pub use background::Background;
pub use connect::ConnectHow;
pub use edits::ListingChange;
pub use notices::Notice;
pub use offers::CHART_POINTS;
pub use open::{AppOptions, OpenFailed};
pub use shops::{NewShopWithApp, ShopAccount};
pub use warehouse::ROUTING_RULE;

/// What every use case answers: its value, or an error with a code and a sentence for a person.
pub type Result<T> = std::result::Result<T, ApiError>;

/// Which kind of process this is, among those sharing a data directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The desktop app or the daemon: runs background work, and closes runs left open by processes that
    /// have ended.
    Owner,
    /// A one-shot command: does its job, touches nothing it did not start.
    Guest,
}

/// The application. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct App {
    inner: Arc<Inner>,
}

struct Inner {
    role: Role,
    data_dir: PathBuf,
    store: Store,
    shops: Shops,
    connector: Connector,
    scheduler: Scheduler,
    notices: broadcast::Sender<Notice>,
    attempts: Mutex<HashMap<i64, connect::Pending>>,
    next_attempt: AtomicI64,
    demo: tokio::sync::Mutex<demo::DemoSystems>,
    /// The last hour of metrics samples (the Metrics panel).
    metrics_history: Mutex<std::collections::VecDeque<storedesk_core::model::MetricsSample>>,
    /// Turns store and scheduler events into notices while the app lives.
    pump: tokio::task::JoinHandle<()>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.pump.abort();
    }
}

impl App {
    pub fn role(&self) -> Role {
        self.inner.role
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    /// The store itself, for tests and benchmarks that check what was written. Front ends use the use
    /// cases instead.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Everything a person should see happen (reload a view, a desktop notification...). Front ends
    /// only display these.
    pub fn notices(&self) -> broadcast::Receiver<Notice> {
        self.inner.notices.subscribe()
    }

    fn notify(&self, notice: Notice) {
        // Nobody listening (the CLI) is fine.
        let _ = self.inner.notices.send(notice);
    }

    /// Resolves once the app has been closed (a listener holding it stops then).
    pub async fn closed(&self) {
        self.inner.store.closed().await
    }

    /// Waits for the database's connections to close (a command about to exit).
    pub async fn close(&self) {
        self.inner.store.close().await;
    }
}
