//! Store events to the person: the UI reloads shops, the tray shows a badge, and a shop that needs
//! reconnecting gets a desktop notification.

use storedesk_core::model::ShopStatus;
use storedesk_core::store::StoreEvent;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

pub const SHOPS_CHANGED: &str = "shops-changed";

/// Forwards the store's events for as long as the app runs.
pub fn spawn_forwarder<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let Ok(store) = app.state::<AppState>().store().await else { return };
        let mut events = store.subscribe();
        refresh_tray(&app).await;
        loop {
            match events.recv().await {
                Ok(StoreEvent::ShopStatus { shop_id, status }) => {
                    if status == ShopStatus::NeedsReconnect {
                        let name =
                            store.get_shop(shop_id).await.map(|s| s.name).unwrap_or_else(|_| format!("Shop {shop_id}"));
                        let shown = app
                            .notification()
                            .builder()
                            .title("storedesk: reconnect a shop")
                            .body(format!("{name} needs to be reconnected: its authorization was revoked or expired."))
                            .show();
                        if let Err(e) = shown {
                            tracing::info!(error = %e, "no desktop notification");
                        }
                    }
                    let _ = app.emit(SHOPS_CHANGED, ());
                    refresh_tray(&app).await;
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    let _ = app.emit(SHOPS_CHANGED, ());
                    refresh_tray(&app).await;
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
        }
    });
}

async fn refresh_tray<R: Runtime>(app: &AppHandle<R>) {
    let Ok(store) = app.state::<AppState>().store().await else { return };
    let needing = store
        .list_shops()
        .await
        .map(|shops| shops.iter().filter(|s| s.status == ShopStatus::NeedsReconnect).count())
        .unwrap_or(0);
    crate::tray::show_attention(app, needing);
}
