//! The desktop's on/off switch for the API: applies the saved `ApiServerSettings` (loopback only), and
//! says whether it runs and why not.

use storedesk_app::App;
use storedesk_core::model::{ApiServerSettings, ApiServerStatus};
use tokio::sync::Mutex;

use crate::{serve, RunningApi, ServeOptions};

#[derive(Default)]
pub struct ApiSwitch {
    state: Mutex<SwitchState>,
}

#[derive(Default)]
struct SwitchState {
    running: Option<(ApiServerSettings, RunningApi)>,
    error: Option<String>,
}

impl ApiSwitch {
    /// Starts, restarts or stops the server to match `settings`.
    pub async fn apply(&self, app: &App, settings: ApiServerSettings) -> ApiServerStatus {
        let mut state = self.state.lock().await;
        let unchanged = state.running.as_ref().is_some_and(|(s, _)| *s == settings);
        if !unchanged {
            if let Some((_, server)) = state.running.take() {
                server.stop().await;
            }
            state.error = None;
            if settings.enabled {
                let options = ServeOptions {
                    metrics_open_on_loopback: settings.metrics_open,
                    ..ServeOptions::loopback(settings.port)
                };
                match serve(app.clone(), options).await {
                    Ok(server) => state.running = Some((settings.clone(), server)),
                    Err(e) => state.error = Some(e.to_string()),
                }
            }
        }
        status_of(&state, settings)
    }

    pub async fn status(&self, settings: ApiServerSettings) -> ApiServerStatus {
        status_of(&*self.state.lock().await, settings)
    }

    /// Stops the server (Quit).
    pub async fn stop(&self) {
        if let Some((_, server)) = self.state.lock().await.running.take() {
            server.stop().await;
        }
    }
}

fn status_of(state: &SwitchState, settings: ApiServerSettings) -> ApiServerStatus {
    let url = state.running.as_ref().map(|(_, server)| server.base_url());
    ApiServerStatus { running: url.is_some(), url, error: state.error.clone(), settings }
}
