//! Browsing: the read-only commands (they work offline).

use storedesk_core::model::{
    Dashboard, OrderDetail, OrderPage, OrderQuery, ProductDetail, ProductPage, ProductQuery, ShipmentPage,
    ShipmentQuery, Shop, SyncRunPage, SyncRunQuery,
};
use storedesk_core::StartupState;
use tauri::{AppHandle, Runtime, State};

use super::Answer;
use crate::state::AppState;

#[tauri::command]
pub async fn startup_state(state: State<'_, AppState>) -> Answer<StartupState> {
    Ok(state.startup_state().await)
}

/// Where the UI's settings file lives: in the data directory, so `STOREDESK_DATA_DIR` moves it too.
#[tauri::command]
pub async fn settings_path(state: State<'_, AppState>) -> Answer<String> {
    Ok(state.data_dir().join("settings.json").display().to_string())
}

/// After a database error: opens a new, empty database (the bad file stays where it was moved).
#[tauri::command]
pub async fn reset_database<R: Runtime>(handle: AppHandle<R>, state: State<'_, AppState>) -> Answer<StartupState> {
    let opened = state.reopen().await;
    crate::start(&handle).await;
    Ok(opened)
}

#[tauri::command]
pub async fn list_shops(state: State<'_, AppState>) -> Answer<Vec<Shop>> {
    state.app().await?.list_shops().await
}

#[tauri::command]
pub async fn list_products(state: State<'_, AppState>, query: ProductQuery) -> Answer<ProductPage> {
    state.app().await?.list_products(&query).await
}

#[tauri::command]
pub async fn count_products(state: State<'_, AppState>, query: ProductQuery) -> Answer<i64> {
    state.app().await?.count_products(&query).await
}

#[tauri::command]
pub async fn get_product(state: State<'_, AppState>, id: i64) -> Answer<ProductDetail> {
    state.app().await?.get_product(id).await
}

#[tauri::command]
pub async fn list_orders(state: State<'_, AppState>, query: OrderQuery) -> Answer<OrderPage> {
    state.app().await?.list_orders(&query).await
}

#[tauri::command]
pub async fn count_orders(state: State<'_, AppState>, query: OrderQuery) -> Answer<i64> {
    state.app().await?.count_orders(&query).await
}

#[tauri::command]
pub async fn get_order(state: State<'_, AppState>, id: i64) -> Answer<OrderDetail> {
    state.app().await?.get_order(id).await
}

#[tauri::command]
pub async fn list_shipments(state: State<'_, AppState>, query: ShipmentQuery) -> Answer<ShipmentPage> {
    state.app().await?.list_shipments(&query).await
}

#[tauri::command]
pub async fn count_shipments(state: State<'_, AppState>, query: ShipmentQuery) -> Answer<i64> {
    state.app().await?.count_shipments(&query).await
}

#[tauri::command]
pub async fn list_sync_runs(state: State<'_, AppState>, query: SyncRunQuery) -> Answer<SyncRunPage> {
    state.app().await?.list_sync_runs(&query).await
}

#[tauri::command]
pub async fn dashboard(state: State<'_, AppState>, low_stock_max: i64, days: i64) -> Answer<Dashboard> {
    state.app().await?.dashboard(low_stock_max, days).await
}
