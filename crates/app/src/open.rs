//! Assembling the application: store, vault, shop clients, scheduler, and the notice pump. The one place
//! that does it, for every front end.

use std::path::PathBuf;
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, Mutex};

use storedesk_connectors::{Connector, Shops};
use storedesk_core::auth::TokenPolicy;
use storedesk_core::sync::scheduler::{ChannelSource, Scheduler};
use storedesk_core::time::{Clock, SystemClock};
use storedesk_core::vault::{KeySource, Vault};
use storedesk_core::{DbErrorKind, StartupState, Store};
use tokio::sync::broadcast;

use crate::{demo, notices, App, Inner, Role};

/// How to open the app. `AppOptions::new` gives what a front end wants; tests change the rest.
#[derive(Debug, Clone)]
pub struct AppOptions {
    pub data_dir: PathBuf,
    pub role: Role,
    /// Where the vault key lives; None: the OS keyring, or a 0600 file where none answers
    /// (`STOREDESK_KEYRING=off` forces the file).
    pub key_source: Option<KeySource>,
    pub token_policy: TokenPolicy,
    pub clock: Arc<dyn Clock>,
}

impl AppOptions {
    pub fn new(data_dir: impl Into<PathBuf>, role: Role) -> Self {
        AppOptions {
            data_dir: data_dir.into(),
            role,
            key_source: None,
            token_policy: TokenPolicy::default(),
            clock: Arc::new(SystemClock),
        }
    }
}

/// The app could not open: what the start screen shows (`state`), and a sentence for a command line.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct OpenFailed {
    pub state: StartupState,
    pub message: String,
}

fn key_source_from_env() -> KeySource {
    match std::env::var("STOREDESK_KEYRING").as_deref() {
        Ok("off") => KeySource::FileOnly,
        _ => KeySource::KeyringOrFile,
    }
}

impl App {
    /// Opens the app on a data directory (created if missing).
    pub async fn open(data_dir: impl Into<PathBuf>, role: Role) -> Result<App, OpenFailed> {
        App::open_with(AppOptions::new(data_dir, role)).await
    }

    pub async fn open_with(options: AppOptions) -> Result<App, OpenFailed> {
        // Measured from the start, so /metrics (and the Metrics panel) count everything this process did.
        crate::metrics::recorder();
        let data_dir = options.data_dir;
        let store = match Store::open_with_clock(&data_dir, options.clock).await {
            Ok(store) => store,
            Err(err) => {
                tracing::error!(error = %err, "the database could not be opened");
                let mut state = StartupState::from_open_error(&err);
                // A file moved aside is a database lost: offer the newest good copy instead of an empty one.
                if let StartupState::DbError { moved_to: Some(_), backup, .. } = &mut state {
                    *backup = crate::backups::newest_good_backup(&data_dir).await.map(Box::new);
                }
                return Err(OpenFailed { state, message: err.to_string() });
            }
        };
        let source = options.key_source.unwrap_or_else(key_source_from_env);
        let vault = Vault::open(&data_dir, source).map_err(|err| OpenFailed {
            state: StartupState::DbError {
                kind: DbErrorKind::Io,
                message: err.to_string(),
                path: data_dir.display().to_string(),
                moved_to: None,
                backup: None,
            },
            message: err.to_string(),
        })?;
        tracing::debug!(key = %vault.key_location, "vault opened");
        let shops = Shops::with_policy(store.clone(), vault, options.token_policy);
        let scheduler = Scheduler::new(store.clone(), Arc::new(shops.clone()) as Arc<dyn ChannelSource>);
        let (notices, _) = broadcast::channel(256);
        let pump = notices::spawn_pump(store.clone(), scheduler.clone(), notices.clone());
        Ok(App {
            inner: Arc::new(Inner {
                role: options.role,
                data_dir,
                connector: Connector::new(shops.clone()),
                shops,
                store,
                scheduler,
                notices,
                attempts: Mutex::default(),
                next_attempt: AtomicI64::new(1),
                demo: tokio::sync::Mutex::new(demo::DemoSystems::default()),
                metrics_history: Mutex::default(),
                pump,
            }),
        })
    }
}
