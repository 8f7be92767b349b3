//! What the shell keeps while running: the backend (or why it could not open), connection attempts in
//! flight, the demo simulator, and the sync switch.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use storedesk_connectors::{Attempt, Connector, Shops};
use storedesk_core::sync::scheduler::{ChannelSource, Scheduler};
use storedesk_core::vault::{KeySource, Vault};
use storedesk_core::{ApiError, DbErrorKind, StartupState, Store};
use tokio::sync::RwLock;

/// The store, the connector over it, and the background sync scheduler.
#[derive(Clone)]
pub struct Backend {
    pub store: Store,
    pub connector: Connector,
    pub scheduler: Scheduler,
}

pub struct AppState {
    data_dir: PathBuf,
    backend: RwLock<Result<Backend, StartupState>>,
    next_attempt: AtomicI64,
    /// Paste-mode attempts waiting for the person's pasted URL.
    pub pending: Mutex<HashMap<i64, Attempt>>,
    /// Loopback attempts: the task waiting for the browser, to cancel.
    pub waiting: Mutex<HashMap<i64, tauri::async_runtime::JoinHandle<()>>>,
    /// The built-in demo's simulator, once started.
    pub demo: tokio::sync::Mutex<Option<storedesk_sim::SimHandle>>,
}

impl AppState {
    pub async fn open(data_dir: PathBuf) -> AppState {
        let backend = open_backend(&data_dir).await;
        AppState {
            data_dir,
            backend: RwLock::new(backend),
            next_attempt: AtomicI64::new(1),
            pending: Mutex::default(),
            waiting: Mutex::default(),
            demo: tokio::sync::Mutex::new(None),
        }
    }

    /// The open backend, or an error the UI can show.
    pub async fn backend(&self) -> Result<Backend, ApiError> {
        match &*self.backend.read().await {
            Ok(backend) => Ok(backend.clone()),
            Err(_) => Err(ApiError {
                code: "db_unavailable".into(),
                message: "The database is not open; see the message on the start screen.".into(),
            }),
        }
    }

    pub async fn store(&self) -> Result<Store, ApiError> {
        Ok(self.backend().await?.store)
    }

    pub async fn startup_state(&self) -> StartupState {
        match &*self.backend.read().await {
            Ok(_) => StartupState::Ready { data_dir: self.data_dir.display().to_string() },
            Err(state) => state.clone(),
        }
    }

    /// Tries to open the store again: after a corrupt or foreign file was moved aside this starts an
    /// empty database; a newer-schema file is refused again, untouched.
    pub async fn reopen(&self) -> StartupState {
        let mut slot = self.backend.write().await;
        if slot.is_err() {
            *slot = open_backend(&self.data_dir).await;
        }
        drop(slot);
        self.startup_state().await
    }

    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    pub fn next_attempt_id(&self) -> i64 {
        self.next_attempt.fetch_add(1, Ordering::Relaxed)
    }

    pub async fn scheduler(&self) -> Result<Scheduler, ApiError> {
        Ok(self.backend().await?.scheduler)
    }
}

async fn open_backend(data_dir: &std::path::Path) -> Result<Backend, StartupState> {
    let store = Store::open(data_dir).await.map_err(|err| {
        tracing::error!(error = %err, "the database could not be opened");
        StartupState::from_open_error(&err)
    })?;
    let source = match std::env::var("STOREDESK_KEYRING").as_deref() {
        Ok("off") => KeySource::FileOnly,
        _ => KeySource::KeyringOrFile,
    };
    let vault = Vault::open(data_dir, source).map_err(|err| StartupState::DbError {
        kind: DbErrorKind::Io,
        message: err.to_string(),
        path: data_dir.display().to_string(),
        moved_to: None,
    })?;
    tracing::info!(key = %vault.key_location, "vault opened");
    let shops = Shops::new(store.clone(), vault);
    let scheduler = Scheduler::new(store.clone(), Arc::new(shops.clone()) as Arc<dyn ChannelSource>);
    let connector = Connector::new(shops);
    Ok(Backend { store, connector, scheduler })
}
