//! The warehouse: adding one with its token, routing stores through it, and the orders needing a person.

use storedesk_core::model::{FulfilmentIssue, Shop, ShopId};
use tauri::State;

use super::Answer;
use crate::state::AppState;

/// Adds a ShipBob warehouse; the token is checked first (a refused one adds nothing).
#[tauri::command]
pub async fn add_warehouse(
    state: State<'_, AppState>,
    name: String,
    api_base: Option<String>,
    token: String,
) -> Answer<Shop> {
    state.app().await?.add_warehouse(&name, api_base.as_deref(), &token).await
}

/// A new personal access token for a warehouse whose token was revoked.
#[tauri::command]
pub async fn set_warehouse_token(state: State<'_, AppState>, shop_id: ShopId, token: String) -> Answer<Shop> {
    state.app().await?.set_warehouse_token(shop_id, &token).await
}

/// Which warehouse ships a store's orders (null: the store ships them itself).
#[tauri::command]
pub async fn route_store(state: State<'_, AppState>, store_id: ShopId, warehouse_id: Option<ShopId>) -> Answer<Shop> {
    state.app().await?.route_store(store_id, warehouse_id).await
}

#[tauri::command]
pub async fn fulfilment_issues(state: State<'_, AppState>, limit: i64) -> Answer<Vec<FulfilmentIssue>> {
    state.app().await?.fulfilment_issues(limit).await
}

/// The routing rule in words (the Shops view shows it next to the choice).
#[tauri::command]
pub fn routing_rule() -> &'static str {
    storedesk_app::ROUTING_RULE
}
