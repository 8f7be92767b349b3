//! Shops: provider apps, adding, connecting (browser + loopback or paste), disconnecting, removing,
//! and the built-in demo.

use storedesk_app::ConnectHow;
use storedesk_core::model::{AddShopInput, ConnectStart, ProviderApp, ProviderAppInput, Shop, ShopKind};
use storedesk_core::{ApiError, ErrorCode};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use super::Answer;
use crate::state::AppState;

#[tauri::command]
pub async fn get_provider_app(state: State<'_, AppState>, kind: ShopKind) -> Answer<Option<ProviderApp>> {
    state.app().await?.provider_app(kind).await
}

#[tauri::command]
pub async fn set_provider_app(state: State<'_, AppState>, input: ProviderAppInput) -> Answer<ProviderApp> {
    state.app().await?.set_provider_app(&input).await
}

#[tauri::command]
pub async fn add_shop(state: State<'_, AppState>, input: AddShopInput) -> Answer<Shop> {
    state.app().await?.add_shop(&input).await
}

/// Starts connecting and opens the system browser on the provider's page; a loopback attempt ends with
/// the `connect-finished` event, a paste attempt with `finish_connect`.
#[tauri::command]
pub async fn connect_shop<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    shop_id: i64,
) -> Answer<ConnectStart> {
    let start = state.app().await?.begin_connect(shop_id, ConnectHow::AsConfigured).await?;
    Ok(open_browser(&handle, start))
}

#[tauri::command]
pub async fn finish_connect(state: State<'_, AppState>, attempt_id: i64, pasted: String) -> Answer<Shop> {
    state.app().await?.finish_connect(attempt_id, &pasted).await
}

#[tauri::command]
pub async fn cancel_connect(state: State<'_, AppState>, attempt_id: i64) -> Answer<()> {
    state.app().await?.cancel_connect(attempt_id);
    Ok(())
}

#[tauri::command]
pub async fn disconnect_shop(state: State<'_, AppState>, shop_id: i64) -> Answer<()> {
    state.app().await?.disconnect_shop(shop_id).await
}

#[tauri::command]
pub async fn remove_shop(state: State<'_, AppState>, shop_id: i64) -> Answer<()> {
    state.app().await?.remove_shop(shop_id).await
}

#[tauri::command]
pub async fn start_demo<R: Runtime>(handle: AppHandle<R>, state: State<'_, AppState>) -> Answer<ConnectStart> {
    let start = state.app().await?.start_demo().await?;
    Ok(open_browser(&handle, start))
}

#[tauri::command]
pub async fn open_url<R: Runtime>(handle: AppHandle<R>, url: String) -> Answer<()> {
    let bad = |why: &str| ApiError::new(ErrorCode::BadUrl, format!("{why}: {url}"));
    let parsed = url::Url::parse(&url).map_err(|_| bad("not a web address"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad("only web addresses open"));
    }
    handle
        .opener()
        .open_url(parsed.as_str(), None::<&str>)
        .map_err(|e| ApiError::new(ErrorCode::NoBrowser, e.to_string()))
}

/// Opens the system browser on the attempt's page; says whether it could (if not, the UI shows the URL).
fn open_browser<R: Runtime>(handle: &AppHandle<R>, mut start: ConnectStart) -> ConnectStart {
    start.browser_opened = match handle.opener().open_url(&start.authorize_url, None::<&str>) {
        Ok(()) => true,
        Err(e) => {
            tracing::info!(error = %e, "no browser could be opened; the UI shows the address");
            false
        }
    };
    start
}

/// Every kind of shop with what its connector declares (None: not available yet).
#[tauri::command]
pub async fn list_connectors(state: State<'_, AppState>) -> Answer<Vec<storedesk_core::model::KindCapabilities>> {
    Ok(state.app().await?.list_connectors())
}
