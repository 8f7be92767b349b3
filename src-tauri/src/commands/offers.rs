//! Offers: the service, tracked products, history and charts, repricing rules.

use storedesk_core::model::{
    ChartRange, OfferChart, OfferHistory, RepricePreviewRow, RepriceRule, Shop, ShopId, TrackedProduct,
};
use tauri::State;

use super::Answer;
use crate::state::AppState;

/// Adds an offers service; its refresh token is checked with one auth call first.
#[tauri::command]
pub async fn add_offers_service(
    state: State<'_, AppState>,
    name: String,
    api_base: String,
    refresh_token: String,
) -> Answer<Shop> {
    state.app().await?.add_offers_service(&name, &api_base, &refresh_token).await
}

#[tauri::command]
pub async fn set_offers_token(state: State<'_, AppState>, shop_id: ShopId, refresh_token: String) -> Answer<Shop> {
    state.app().await?.set_offers_token(shop_id, &refresh_token).await
}

/// Tracks products at an offers service (null: the only one); answers how many are tracked.
#[tauri::command]
pub async fn track_products(
    state: State<'_, AppState>,
    product_ids: Vec<i64>,
    service_id: Option<ShopId>,
) -> Answer<usize> {
    state.app().await?.track_products(&product_ids, service_id).await
}

#[tauri::command]
pub async fn untrack_products(state: State<'_, AppState>, product_ids: Vec<i64>) -> Answer<usize> {
    state.app().await?.untrack_products(&product_ids).await
}

#[tauri::command]
pub async fn tracked_products(state: State<'_, AppState>, limit: i64) -> Answer<Vec<TrackedProduct>> {
    state.app().await?.tracked_products(limit).await
}

#[tauri::command]
pub async fn offer_history(state: State<'_, AppState>, product_id: i64) -> Answer<Vec<OfferHistory>> {
    state.app().await?.offer_history(product_id).await
}

#[tauri::command]
pub async fn offer_chart(state: State<'_, AppState>, product_id: i64, range: ChartRange) -> Answer<OfferChart> {
    state.app().await?.offer_chart(product_id, range).await
}

#[tauri::command]
pub async fn set_reprice_rule(state: State<'_, AppState>, product_id: i64, rule: RepriceRule) -> Answer<RepriceRule> {
    state.app().await?.set_reprice_rule(product_id, &rule).await
}

#[tauri::command]
pub async fn clear_reprice_rule(state: State<'_, AppState>, product_id: i64) -> Answer<bool> {
    state.app().await?.clear_reprice_rule(product_id).await
}

#[tauri::command]
pub async fn reprice_preview(state: State<'_, AppState>) -> Answer<Vec<RepricePreviewRow>> {
    state.app().await?.reprice_preview().await
}
