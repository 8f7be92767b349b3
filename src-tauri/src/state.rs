//! What the shell keeps while running: the application (or why it could not open), and its background
//! work, owned so that Quit stops it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use storedesk_app::{App, Background, Role};
use storedesk_core::{ApiError, ErrorCode, StartupState};
use tokio::sync::{Mutex, RwLock};

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
