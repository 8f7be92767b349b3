//! Background sync: its state, Sync now, pause and resume, retries, quarantine, settings.

use std::sync::Arc;

use storedesk_core::model::{QuarantinePage, QuarantineQuery, ShopId, SyncOverview, SyncResource, SyncSettings};
use storedesk_core::sync::engine::retry_quarantined as retry_record;
use storedesk_core::sync::scheduler::ChannelSource;
use storedesk_core::ApiError;
use tauri::State;

use super::Answer;
use crate::state::AppState;

fn api(code: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError { code: code.into(), message: e.to_string() }
}

#[tauri::command]
pub async fn sync_overview(state: State<'_, AppState>) -> Answer<SyncOverview> {
    Ok(state.scheduler().await?.overview())
}

#[tauri::command]
pub async fn sync_now(
    state: State<'_, AppState>,
    shop_id: Option<ShopId>,
    resource: Option<SyncResource>,
) -> Answer<()> {
    state.scheduler().await?.sync_now(shop_id, resource);
    Ok(())
}

#[tauri::command]
pub async fn set_sync_paused(
    state: State<'_, AppState>,
    shop_id: Option<ShopId>,
    paused: bool,
) -> Answer<SyncOverview> {
    let scheduler = state.scheduler().await?;
    scheduler.set_paused(shop_id, paused);
    Ok(scheduler.overview())
}

#[tauri::command]
pub async fn retry_sync_run(state: State<'_, AppState>, run_id: i64) -> Answer<()> {
    let backend = state.backend().await?;
    let run = backend.store.get_sync_run(run_id).await?;
    let resource = SyncResource::parse(&run.resource).ok_or_else(|| api("invalid_input", "unknown resource"))?;
    backend.scheduler.sync_now(Some(run.shop_id), Some(resource));
    Ok(())
}

#[tauri::command]
pub async fn list_quarantine(state: State<'_, AppState>, query: QuarantineQuery) -> Answer<QuarantinePage> {
    Ok(state.store().await?.list_quarantine(&query).await?)
}

/// Fetches a quarantined record again; rejects with the new error if it still cannot be read.
#[tauri::command]
pub async fn retry_quarantined(state: State<'_, AppState>, id: i64) -> Answer<()> {
    let backend = state.backend().await?;
    let record = backend.store.get_quarantined(id).await?;
    let shop = backend.store.get_shop(record.shop_id).await?;
    let shops = Arc::new(backend.connector.shops.clone());
    let channel = shops.channel(&shop).await.map_err(|e| api(e.code(), e))?;
    retry_record(&backend.store, channel.as_ref(), id).await.map_err(|e| api(e.code(), e))?;
    match backend.store.get_quarantined(id).await {
        Ok(still) => Err(api("still_quarantined", still.error)),
        Err(_) => Ok(()),
    }
}

#[tauri::command]
pub async fn get_sync_settings(state: State<'_, AppState>) -> Answer<SyncSettings> {
    Ok(state.store().await?.sync_settings().await?)
}

#[tauri::command]
pub async fn set_sync_settings(state: State<'_, AppState>, settings: SyncSettings) -> Answer<SyncSettings> {
    Ok(state.store().await?.set_sync_settings(settings).await?)
}
