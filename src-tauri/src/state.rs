//! What the shell keeps while running: the store (or why it could not open) and the sync switch.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use storedesk_core::{ApiError, StartupState, Store};
use tokio::sync::RwLock;

pub struct AppState {
    data_dir: PathBuf,
    store: RwLock<Result<Store, StartupState>>,
    sync_paused: AtomicBool,
}

impl AppState {
    pub async fn open(data_dir: PathBuf) -> AppState {
        let store = open_store(&data_dir).await;
        AppState { data_dir, store: RwLock::new(store), sync_paused: AtomicBool::new(false) }
    }

    /// The open store, or an error the UI can show.
    pub async fn store(&self) -> Result<Store, ApiError> {
        match &*self.store.read().await {
            Ok(store) => Ok(store.clone()),
            Err(_) => Err(ApiError {
                code: "db_unavailable".into(),
                message: "The database is not open; see the message on the start screen.".into(),
            }),
        }
    }

    pub async fn startup_state(&self) -> StartupState {
        match &*self.store.read().await {
            Ok(_) => StartupState::Ready { data_dir: self.data_dir.display().to_string() },
            Err(state) => state.clone(),
        }
    }

    /// Tries to open the store again: after a corrupt or foreign file was moved aside this starts an
    /// empty database; a newer-schema file is refused again, untouched.
    pub async fn reopen(&self) -> StartupState {
        let mut slot = self.store.write().await;
        if slot.is_err() {
            *slot = open_store(&self.data_dir).await;
        }
        drop(slot);
        self.startup_state().await
    }

    pub fn sync_paused(&self) -> bool {
        self.sync_paused.load(Ordering::Relaxed)
    }

    pub fn set_sync_paused(&self, paused: bool) {
        self.sync_paused.store(paused, Ordering::Relaxed);
    }
}

async fn open_store(data_dir: &std::path::Path) -> Result<Store, StartupState> {
    Store::open(data_dir).await.map_err(|err| {
        tracing::error!(error = %err, "the database could not be opened");
        StartupState::from_open_error(&err)
    })
}
