//! Shops: provider apps, adding, connecting (browser + loopback or paste), disconnecting, removing,
//! and the built-in demo.

use storedesk_connectors::connect::LOOPBACK_LIMIT;
use storedesk_connectors::Attempt;
use storedesk_core::model::{
    AddShopInput, ConnectOutcome, ConnectStart, ProviderApp, ProviderAppInput, Shop, ShopKind,
};
use storedesk_core::ApiError;
use tauri::{AppHandle, Emitter, Runtime, State};
use tauri_plugin_opener::OpenerExt;

use super::Answer;
use crate::demo;
use crate::state::AppState;

/// The event sent when a loopback connection ends.
pub const CONNECT_FINISHED: &str = "connect-finished";

#[tauri::command]
pub async fn get_provider_app(state: State<'_, AppState>, kind: ShopKind) -> Answer<Option<ProviderApp>> {
    Ok(state.backend().await?.connector.provider_app(kind).await?)
}

#[tauri::command]
pub async fn set_provider_app(state: State<'_, AppState>, input: ProviderAppInput) -> Answer<ProviderApp> {
    Ok(state.backend().await?.connector.set_provider_app(&input).await?)
}

#[tauri::command]
pub async fn add_shop(state: State<'_, AppState>, input: AddShopInput) -> Answer<Shop> {
    let backend = state.backend().await?;
    let id = backend.connector.add_shop_with_provider_app(&input).await?;
    Ok(backend.store.get_shop(id).await?)
}

#[tauri::command]
pub async fn connect_shop<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    shop_id: i64,
) -> Answer<ConnectStart> {
    let attempt = state.backend().await?.connector.begin_for_shop(shop_id).await?;
    Ok(start(&app, &state, attempt).await)
}

#[tauri::command]
pub async fn finish_connect(state: State<'_, AppState>, attempt_id: i64, pasted: String) -> Answer<Shop> {
    let attempt = state.pending.lock().ok().and_then(|mut p| p.remove(&attempt_id)).ok_or_else(|| ApiError {
        code: "no_attempt".into(),
        message: "This connection attempt is over; start connecting again.".into(),
    })?;
    Ok(state.backend().await?.connector.finish_pasted(attempt, &pasted).await?)
}

#[tauri::command]
pub async fn cancel_connect(state: State<'_, AppState>, attempt_id: i64) -> Answer<()> {
    if let Some(task) = state.waiting.lock().ok().and_then(|mut w| w.remove(&attempt_id)) {
        // Aborting the wait drops the listener, which closes its port.
        task.abort();
    }
    if let Ok(mut pending) = state.pending.lock() {
        pending.remove(&attempt_id);
    }
    Ok(())
}

#[tauri::command]
pub async fn disconnect_shop(state: State<'_, AppState>, shop_id: i64) -> Answer<()> {
    Ok(state.backend().await?.connector.disconnect(shop_id).await?)
}

#[tauri::command]
pub async fn remove_shop(state: State<'_, AppState>, shop_id: i64) -> Answer<()> {
    let backend = state.backend().await?;
    backend.connector.shops.forget(shop_id);
    Ok(backend.store.remove_shop(shop_id).await?)
}

#[tauri::command]
pub async fn start_demo<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Answer<ConnectStart> {
    let backend = state.backend().await?;
    let shop_id = demo::ensure_demo_shop(&state, &backend).await?;
    let attempt = backend.connector.begin_for_shop(shop_id).await?;
    Ok(start(&app, &state, attempt).await)
}

#[tauri::command]
pub async fn open_url<R: Runtime>(app: AppHandle<R>, url: String) -> Answer<()> {
    let parsed = url::Url::parse(&url)
        .map_err(|_| ApiError { code: "bad_url".into(), message: format!("not a web address: {url}") })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(ApiError { code: "bad_url".into(), message: format!("only web addresses open: {url}") });
    }
    app.opener()
        .open_url(parsed.as_str(), None::<&str>)
        .map_err(|e| ApiError { code: "no_browser".into(), message: e.to_string() })
}

/// Opens the browser on the attempt's page and either waits on the loopback (answering with an event)
/// or keeps the attempt for the pasted answer.
async fn start<R: Runtime>(app: &AppHandle<R>, state: &AppState, attempt: Attempt) -> ConnectStart {
    let attempt_id = state.next_attempt_id();
    let shop_id = attempt.shop_id;
    let authorize_url = attempt.authorize_url.clone();
    let browser_opened = match app.opener().open_url(&authorize_url, None::<&str>) {
        Ok(()) => true,
        Err(e) => {
            tracing::info!(error = %e, "no browser could be opened; the UI shows the address");
            false
        }
    };
    let paste = !attempt.is_loopback();
    if paste {
        if let Ok(mut pending) = state.pending.lock() {
            pending.insert(attempt_id, attempt);
        }
    } else if let Ok(backend) = state.backend().await {
        let app = app.clone();
        let task = tauri::async_runtime::spawn(async move {
            let result = backend.connector.finish_via_loopback(attempt, LOOPBACK_LIMIT).await;
            let outcome = match result {
                Ok(shop) => ConnectOutcome { attempt_id, shop_id, shop: Some(shop), error: None },
                Err(err) => {
                    tracing::warn!(shop = shop_id, error = %err, "connecting failed");
                    ConnectOutcome { attempt_id, shop_id, shop: None, error: Some(ApiError::from(err)) }
                }
            };
            let _ = app.emit(CONNECT_FINISHED, outcome);
        });
        if let Ok(mut waiting) = state.waiting.lock() {
            waiting.insert(attempt_id, task);
        }
    }
    ConnectStart { attempt_id, shop_id, authorize_url, paste, browser_opened }
}
