//! What the shell keeps while running: the application (or why it could not open), and its background
//! work, owned so that Quit stops it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use storedesk_app::{App, Background, Role};
use storedesk_core::backup::Restored;
use storedesk_core::{ApiError, ErrorCode, StartupState};
use tokio::sync::{Mutex, RwLock};

/// How long a restore waits for background jobs to finish their page.
const RESTORE_LIMIT: Duration = Duration::from_secs(10);

pub struct AppState {
    data_dir: PathBuf,
    app: RwLock<Result<App, StartupState>>,
    background: Mutex<Option<Background>>,
    /// The local API (off unless turned on in Settings).
    pub api: storedesk_api::ApiSwitch,
}

impl AppState {
    pub async fn open(data_dir: PathBuf) -> AppState {
        let app = open(&data_dir).await;
        AppState { data_dir, app: RwLock::new(app), background: Mutex::new(None), api: Default::default() }
    }

    /// The open application, or an error the UI can show.
    pub async fn app(&self) -> Result<App, ApiError> {
        match &*self.app.read().await {
            Ok(app) => Ok(app.clone()),
            Err(_) => Err(ApiError::new(
                ErrorCode::DbUnavailable,
                "The database is not open; see the message on the start screen.",
            )),
        }
    }

    pub async fn startup_state(&self) -> StartupState {
        match &*self.app.read().await {
            Ok(_) => StartupState::Ready { data_dir: self.data_dir.display().to_string() },
            Err(state) => state.clone(),
        }
    }

    /// Tries to open the database again: after a corrupt or foreign file was moved aside this starts an
    /// empty database; a newer-schema file is refused again, untouched.
    pub async fn reopen(&self) -> StartupState {
        let mut slot = self.app.write().await;
        if slot.is_err() {
            *slot = open(&self.data_dir).await;
        }
        drop(slot);
        self.startup_state().await
    }

    /// Replaces the database with a backup: stops the background work and the local API, closes the
    /// database, restores (the current file is kept aside), and opens the restored one. The caller starts
    /// the background work again. When the restore is refused, the database that was open opens again.
    pub async fn restore(&self, file: &Path) -> Result<Restored, ApiError> {
        self.api.stop().await;
        if let Some(background) = self.background.lock().await.take() {
            background.shutdown(RESTORE_LIMIT).await;
        }
        let mut slot = self.app.write().await;
        if let Ok(app) = &*slot {
            app.close().await;
        }
        let was_open = slot.is_ok();
        let restored = storedesk_app::backups::restore_backup(&self.data_dir, file, Some(std::process::id())).await;
        // Opened again after a restore, or when a database was open before it (it still is, untouched). A
        // failed restore at the start screen stays there: opening now would create an empty database.
        if restored.is_ok() || was_open {
            *slot = open(&self.data_dir).await;
        }
        restored
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Starts the background sync once the app is open (it keeps running with the window hidden).
    pub async fn start_background(&self) {
        let Ok(app) = self.app().await else { return };
        let mut slot = self.background.lock().await;
        if slot.is_none() {
            match app.start_background() {
                Ok(background) => *slot = Some(background),
                Err(e) => tracing::error!(error = %e, "background sync did not start"),
            }
        }
        drop(slot);
        // The local API, if it was turned on.
        match app.api_server_settings().await {
            Ok(settings) if settings.enabled => {
                let status = self.api.apply(&app, settings).await;
                if let Some(error) = status.error {
                    tracing::warn!(%error, "the local API did not start");
                }
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "the local API settings could not be read"),
        }
    }

    /// Stops background jobs after their current page (waiting at most `limit`); nothing is left
    /// marked running. Called on Quit, before the process exits.
    pub async fn shutdown(&self, limit: Duration) {
        self.api.stop().await;
        if let Some(background) = self.background.lock().await.take() {
            let stopped = background.shutdown(limit).await;
            tracing::info!(in_time = stopped.in_time, closed_runs = stopped.closed_runs, "background work stopped");
        }
        if let Ok(app) = self.app().await {
            app.close().await;
        }
    }
}

async fn open(data_dir: &Path) -> Result<App, StartupState> {
    App::open(data_dir, Role::Owner).await.map_err(|failed| failed.state)
}
