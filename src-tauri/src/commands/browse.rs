//! Browsing: the read-only commands over the local store (they work offline).

use storedesk_core::model::{
    Dashboard, OrderDetail, OrderPage, OrderQuery, ProductDetail, ProductPage, ProductQuery, ShipmentPage,
    ShipmentQuery, Shop, SyncRunPage, SyncRunQuery,
};
use storedesk_core::StartupState;
use tauri::State;

use crate::state::AppState;

use super::Answer;

#[tauri::command]
pub async fn startup_state(state: State<'_, AppState>) -> Answer<StartupState> {
    Ok(state.startup_state().await)
}

/// Where the UI's settings file lives: in the data directory, so `STOREDESK_DATA_DIR` moves it too.
#[tauri::command]
pub async fn settings_path(state: State<'_, AppState>) -> Answer<String> {
    Ok(state.data_dir().join("settings.json").display().to_string())
}

#[tauri::command]
pub async fn reset_database(state: State<'_, AppState>) -> Answer<StartupState> {
    Ok(state.reopen().await)
}

#[tauri::command]
pub async fn list_shops(state: State<'_, AppState>) -> Answer<Vec<Shop>> {
    Ok(state.store().await?.list_shops().await?)
}

#[tauri::command]
pub async fn list_products(state: State<'_, AppState>, query: ProductQuery) -> Answer<ProductPage> {
    Ok(state.store().await?.list_products(&query).await?)
}

#[tauri::command]
pub async fn count_products(state: State<'_, AppState>, query: ProductQuery) -> Answer<i64> {
    Ok(state.store().await?.count_products(&query).await?)
}

#[tauri::command]
pub async fn get_product(state: State<'_, AppState>, id: i64) -> Answer<ProductDetail> {
    Ok(state.store().await?.get_product(id).await?)
}

#[tauri::command]
pub async fn list_orders(state: State<'_, AppState>, query: OrderQuery) -> Answer<OrderPage> {
    Ok(state.store().await?.list_orders(&query).await?)
}

#[tauri::command]
pub async fn count_orders(state: State<'_, AppState>, query: OrderQuery) -> Answer<i64> {
    Ok(state.store().await?.count_orders(&query).await?)
}

#[tauri::command]
pub async fn get_order(state: State<'_, AppState>, id: i64) -> Answer<OrderDetail> {
    Ok(state.store().await?.get_order(id).await?)
}

#[tauri::command]
pub async fn list_shipments(state: State<'_, AppState>, query: ShipmentQuery) -> Answer<ShipmentPage> {
    Ok(state.store().await?.list_shipments(&query).await?)
}

#[tauri::command]
pub async fn count_shipments(state: State<'_, AppState>, query: ShipmentQuery) -> Answer<i64> {
    Ok(state.store().await?.count_shipments(&query).await?)
}

#[tauri::command]
pub async fn list_sync_runs(state: State<'_, AppState>, query: SyncRunQuery) -> Answer<SyncRunPage> {
    Ok(state.store().await?.list_sync_runs(&query).await?)
}

#[tauri::command]
pub async fn dashboard(state: State<'_, AppState>, low_stock_max: i64, days: i64) -> Answer<Dashboard> {
    Ok(state.store().await?.dashboard(low_stock_max, days).await?)
}
