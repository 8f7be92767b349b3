//! The catalogue: items with each shop's listings, and linking by hand. Bulk changes over items use
//! `preview_bulk_edit` / `apply_bulk_edit` with an `items` target.

use storedesk_core::model::{CatalogueCounts, CataloguePage, CatalogueQuery, CatalogueRow, ListingUnit};
use tauri::State;

use super::Answer;
use crate::state::AppState;

#[tauri::command]
pub async fn list_catalogue(state: State<'_, AppState>, query: CatalogueQuery) -> Answer<CataloguePage> {
    state.app().await?.list_catalogue(&query).await
}

#[tauri::command]
pub async fn catalogue_counts(state: State<'_, AppState>) -> Answer<CatalogueCounts> {
    state.app().await?.catalogue_counts().await
}

#[tauri::command]
pub async fn link_listing(state: State<'_, AppState>, unit: ListingUnit, sku: String) -> Answer<CatalogueRow> {
    state.app().await?.link_listing(&unit, &sku).await
}

#[tauri::command]
pub async fn unlink_listing(state: State<'_, AppState>, unit: ListingUnit) -> Answer<()> {
    state.app().await?.unlink_listing(&unit).await
}

#[tauri::command]
pub async fn merge_items(state: State<'_, AppState>, from: i64, into: i64) -> Answer<CatalogueRow> {
    state.app().await?.merge_items(from, into).await
}
