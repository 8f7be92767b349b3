//! Background sync: its state, Sync now, pause and resume, retries, quarantine, settings.

use storedesk_core::model::{QuarantinePage, QuarantineQuery, ShopId, SyncOverview, SyncResource, SyncSettings};
use tauri::State;

use super::Answer;
use crate::state::AppState;

#[tauri::command]
pub async fn sync_overview(state: State<'_, AppState>) -> Answer<SyncOverview> {
    Ok(state.app().await?.sync_overview())
}

#[tauri::command]
pub async fn sync_now(
    state: State<'_, AppState>,
    shop_id: Option<ShopId>,
    resource: Option<SyncResource>,
) -> Answer<()> {
    state.app().await?.sync_now(shop_id, resource).await
}

#[tauri::command]
pub async fn set_sync_paused(
    state: State<'_, AppState>,
    shop_id: Option<ShopId>,
    paused: bool,
) -> Answer<SyncOverview> {
    Ok(state.app().await?.set_sync_paused(shop_id, paused))
}

#[tauri::command]
pub async fn retry_sync_run(state: State<'_, AppState>, run_id: i64) -> Answer<()> {
    state.app().await?.retry_sync_run(run_id).await
}

#[tauri::command]
pub async fn list_quarantine(state: State<'_, AppState>, query: QuarantineQuery) -> Answer<QuarantinePage> {
    state.app().await?.list_quarantine(&query).await
}

/// Fetches a quarantined record again; rejects with the new error if it still cannot be read.
#[tauri::command]
pub async fn retry_quarantined(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state.app().await?.retry_quarantined(id).await
}

#[tauri::command]
pub async fn get_sync_settings(state: State<'_, AppState>) -> Answer<SyncSettings> {
    state.app().await?.sync_settings().await
}

#[tauri::command]
pub async fn set_sync_settings(state: State<'_, AppState>, settings: SyncSettings) -> Answer<SyncSettings> {
    state.app().await?.set_sync_settings(settings).await
}
