//! Store and sync events to the person: the UI reloads what changed, the tray shows the sync state and
//! a badge, and what needs a person (a shop to reconnect, a failing sync, new orders if asked) gets a
//! desktop notification.

use std::collections::BTreeSet;
use std::time::Duration;

use storedesk_core::model::{ShopStatus, SyncOverview, SyncResource, SyncState};
use storedesk_core::store::StoreEvent;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

pub const SHOPS_CHANGED: &str = "shops-changed";
pub const SYNC_CHANGED: &str = "sync-changed";
pub const SYNC_PROGRESS: &str = "sync-progress";
pub const DATA_CHANGED: &str = "data-changed";
/// Data changes are sent to the UI at most this often (a backfill stores many pages a second).
const DATA_BATCH: Duration = Duration::from_millis(500);

fn notify<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::info!(error = %e, "no desktop notification");
    }
}

/// Starts the scheduler (it syncs with the window closed too) and follows its overview: the UI gets
/// `sync-changed`, the tray shows the state, and a shop that starts failing gets a notification.
pub fn start_sync<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let Ok(scheduler) = app.state::<AppState>().scheduler().await else { return };
        let runner = scheduler.clone();
        tauri::async_runtime::spawn(async move { runner.start().await });
        let mut overview = scheduler.subscribe();
        let mut last_errors: Vec<(i64, Option<String>)> = Vec::new();
        while overview.changed().await.is_ok() {
            let current: SyncOverview = overview.borrow_and_update().clone();
            let _ = app.emit(SYNC_CHANGED, &current);
            crate::tray::show_sync_state(&app, &current);
            for shop in &current.shops {
                let before = last_errors.iter().find(|(id, _)| *id == shop.shop_id).and_then(|(_, e)| e.clone());
                if shop.state == SyncState::Error && shop.last_error.is_some() && before != shop.last_error {
                    let why = shop.last_error.clone().unwrap_or_default();
                    notify(&app, "storedesk: sync failed", &format!("{}: {why}", shop.shop_name));
                }
            }
            last_errors = current.shops.iter().map(|s| (s.shop_id, s.last_error.clone())).collect();
        }
    });
}

/// Forwards the store's events for as long as the app runs.
pub fn spawn_forwarder<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let Ok(store) = app.state::<AppState>().store().await else { return };
        let mut events = store.subscribe();
        refresh_tray(&app).await;
        let mut changed: BTreeSet<SyncResource> = BTreeSet::new();
        let mut flush = tokio::time::interval(DATA_BATCH);
        loop {
            let event = tokio::select! {
                event = events.recv() => event,
                _ = flush.tick() => {
                    if !changed.is_empty() {
                        let _ = app.emit(DATA_CHANGED, std::mem::take(&mut changed).into_iter().collect::<Vec<_>>());
                    }
                    continue;
                }
            };
            match event {
                Ok(StoreEvent::SyncProgress(progress)) => {
                    let _ = app.emit(SYNC_PROGRESS, &progress);
                }
                Ok(StoreEvent::DataChanged { shop_id, resource, inserted, .. }) => {
                    changed.insert(resource);
                    if resource == SyncResource::Orders && inserted > 0 {
                        notify_new_orders(&app, &store, shop_id, inserted).await;
                    }
                }
                Ok(StoreEvent::ShopStatus { shop_id, status }) => {
                    if status == ShopStatus::NeedsReconnect {
                        let name =
                            store.get_shop(shop_id).await.map(|s| s.name).unwrap_or_else(|_| format!("Shop {shop_id}"));
                        notify(
                            &app,
                            "storedesk: reconnect a shop",
                            &format!("{name} needs to be reconnected: its authorization was revoked or expired."),
                        );
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

/// New orders, when Settings asks for it; never for a shop's first sync (that is history, not news).
async fn notify_new_orders<R: Runtime>(app: &AppHandle<R>, store: &storedesk_core::Store, shop_id: i64, count: u64) {
    let wanted = store.sync_settings().await.map(|s| s.notify_new_orders).unwrap_or(false);
    let synced_before = store
        .last_ok_runs(shop_id)
        .await
        .map(|runs| runs.iter().any(|(r, _)| r == SyncResource::Orders.as_str()))
        .unwrap_or(false);
    if wanted && synced_before {
        let name = store.get_shop(shop_id).await.map(|s| s.name).unwrap_or_default();
        notify(app, "storedesk: new orders", &format!("{name}: {count} new order(s)"));
    }
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
