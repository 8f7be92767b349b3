//! The local API in Settings: the switch, keys, webhooks, and the Metrics panel's samples.

use storedesk_core::model::{
    ApiKey, ApiRole, ApiServerSettings, ApiServerStatus, CreatedApiKey, CreatedWebhook, MetricsSample, Webhook,
    WebhookDelivery,
};
use tauri::State;

use super::Answer;
use crate::state::AppState;

#[tauri::command]
pub async fn api_server_status(state: State<'_, AppState>) -> Answer<ApiServerStatus> {
    let settings = state.app().await?.api_server_settings().await?;
    Ok(state.api.status(settings).await)
}

/// Saves the switch and applies it at once (starts, restarts on another port, or stops the server).
#[tauri::command]
pub async fn set_api_server(state: State<'_, AppState>, settings: ApiServerSettings) -> Answer<ApiServerStatus> {
    let app = state.app().await?;
    app.set_api_server_settings(&settings).await?;
    Ok(state.api.apply(&app, settings).await)
}

#[tauri::command]
pub async fn list_api_keys(state: State<'_, AppState>) -> Answer<Vec<ApiKey>> {
    state.app().await?.list_api_keys().await
}

#[tauri::command]
pub async fn create_api_key(state: State<'_, AppState>, name: String, role: ApiRole) -> Answer<CreatedApiKey> {
    state.app().await?.create_api_key(&name, role).await
}

#[tauri::command]
pub async fn revoke_api_key(state: State<'_, AppState>, id: i64) -> Answer<ApiKey> {
    state.app().await?.revoke_api_key(id).await
}

#[tauri::command]
pub async fn list_webhooks(state: State<'_, AppState>) -> Answer<Vec<Webhook>> {
    state.app().await?.list_webhooks().await
}

#[tauri::command]
pub async fn add_webhook(state: State<'_, AppState>, url: String, events: Vec<String>) -> Answer<CreatedWebhook> {
    state.app().await?.add_webhook(&url, &events).await
}

#[tauri::command]
pub async fn remove_webhook(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state.app().await?.remove_webhook(id).await
}

#[tauri::command]
pub async fn webhook_deliveries(
    state: State<'_, AppState>,
    webhook_id: Option<i64>,
    limit: i64,
) -> Answer<Vec<WebhookDelivery>> {
    state.app().await?.webhook_deliveries(webhook_id, limit).await
}

#[tauri::command]
pub async fn redeliver_webhook(state: State<'_, AppState>, id: i64) -> Answer<WebhookDelivery> {
    state.app().await?.redeliver(id).await
}

/// The last hour of samples, oldest first (one every 10 s while the app runs).
#[tauri::command]
pub async fn metrics_history(state: State<'_, AppState>) -> Answer<Vec<MetricsSample>> {
    Ok(state.app().await?.metrics_history())
}
