//! The app's notices to the person: the UI reloads what changed, the tray shows the sync state and a
//! badge, and what needs a person gets a desktop notification. Display only: the rules are the app's.

use storedesk_app::{App, Notice};
use tauri::{AppHandle, Emitter, Runtime};
use tauri_plugin_notification::NotificationExt;

pub const SHOPS_CHANGED: &str = "shops-changed";
pub const SYNC_CHANGED: &str = "sync-changed";
pub const SYNC_PROGRESS: &str = "sync-progress";
pub const DATA_CHANGED: &str = "data-changed";
pub const CONNECT_FINISHED: &str = "connect-finished";
pub const OUTBOX_CHANGED: &str = "outbox-changed";
pub const FULFILMENT_ISSUE: &str = "fulfilment-issue";
pub const OFFERS_CHANGED: &str = "offers-changed";

fn notify<R: Runtime>(handle: &AppHandle<R>, title: &str, body: &str) {
    if let Err(e) = handle.notification().builder().title(title).body(body).show() {
        tracing::info!(error = %e, "no desktop notification");
    }
}

/// Follows the app's notices for as long as it runs.
pub fn forward<R: Runtime>(handle: AppHandle<R>, app: App) {
    tauri::async_runtime::spawn(async move {
        let mut notices = app.notices();
        refresh_tray(&handle, &app).await;
        crate::tray::show_sync_state(&handle, &app.sync_overview());
        loop {
            // A closed app (a restore replaced it) is let go: holding it would keep its store, and its
            // instance lock, alive for as long as this process runs.
            let received = tokio::select! {
                received = notices.recv() => received,
                () = app.closed() => return,
            };
            let notice = match received {
                Ok(n) => n,
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => Notice::ShopsChanged,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            };
            match notice {
                Notice::ShopsChanged => {
                    let _ = handle.emit(SHOPS_CHANGED, ());
                    refresh_tray(&handle, &app).await;
                }
                Notice::NeedsReconnect { shop_name, .. } => notify(
                    &handle,
                    "storedesk: reconnect a shop",
                    &format!("{shop_name} needs to be reconnected: its authorization was revoked or expired."),
                ),
                Notice::NewOrders { shop_name, count, .. } => {
                    notify(&handle, "storedesk: new orders", &format!("{shop_name}: {count} new order(s)"))
                }
                Notice::SyncFailed { shop_name, error, .. } => {
                    notify(&handle, "storedesk: sync failed", &format!("{shop_name}: {error}"))
                }
                Notice::SyncChanged(overview) => {
                    let _ = handle.emit(SYNC_CHANGED, &overview);
                    crate::tray::show_sync_state(&handle, &overview);
                }
                Notice::SyncProgress(progress) => {
                    let _ = handle.emit(SYNC_PROGRESS, &progress);
                }
                Notice::DataChanged(resources) => {
                    let _ = handle.emit(DATA_CHANGED, resources);
                }
                Notice::ConnectFinished(outcome) => {
                    let _ = handle.emit(CONNECT_FINISHED, outcome);
                }
                Notice::OutboxChanged(counts) => {
                    let _ = handle.emit(OUTBOX_CHANGED, counts);
                    crate::tray::show_waiting(&handle, counts.waiting);
                }
                Notice::OffersChanged => {
                    let _ = handle.emit(OFFERS_CHANGED, ());
                }
                Notice::FulfilmentIssue(issue) => {
                    notify(&handle, "storedesk: an order needs you at the warehouse", &issue_text(&issue));
                    let _ = handle.emit(FULFILMENT_ISSUE, issue);
                }
            }
        }
    });
}

/// "Demo shop order 2000001: Out of stock at the warehouse".
fn issue_text(issue: &storedesk_core::model::FulfilmentIssue) -> String {
    let why = issue.flag.as_deref().or(issue.reason.as_deref()).unwrap_or("it needs a look");
    format!("{} order {}: {why}", issue.shop_name, issue.order_remote_id)
}

async fn refresh_tray<R: Runtime>(handle: &AppHandle<R>, app: &App) {
    crate::tray::show_attention(handle, app.shops_needing_reconnect().await.unwrap_or(0));
    if let Ok(counts) = app.outbox_counts().await {
        crate::tray::show_waiting(handle, counts.waiting);
    }
}
