//! Editing listings: single edits, bulk changes with a preview, and the outbox.

use storedesk_core::model::{
    BulkEdit, BulkPreview, BulkResult, EditRequest, EditValue, OutboxCounts, OutboxPage, OutboxQuery, OutboxRow,
    Resolution,
};
use tauri::State;

use super::Answer;
use crate::state::AppState;

/// Queues an edit; answers its outbox row (null when the shop already has that value).
#[tauri::command]
pub async fn edit_product(state: State<'_, AppState>, request: EditRequest) -> Answer<Option<OutboxRow>> {
    state.app().await?.edit_product(&request).await
}

#[tauri::command]
pub async fn preview_bulk_edit(state: State<'_, AppState>, bulk: BulkEdit) -> Answer<BulkPreview> {
    state.app().await?.preview_bulk_edit(&bulk).await
}

#[tauri::command]
pub async fn apply_bulk_edit(state: State<'_, AppState>, bulk: BulkEdit) -> Answer<BulkResult> {
    state.app().await?.apply_bulk_edit(&bulk).await
}

#[tauri::command]
pub async fn list_outbox(state: State<'_, AppState>, query: OutboxQuery) -> Answer<OutboxPage> {
    state.app().await?.list_outbox(&query).await
}

#[tauri::command]
pub async fn outbox_counts(state: State<'_, AppState>) -> Answer<OutboxCounts> {
    state.app().await?.outbox_counts().await
}

/// Sends a rejected edit again, with a new value when given.
#[tauri::command]
pub async fn retry_edit(state: State<'_, AppState>, id: i64, value: Option<EditValue>) -> Answer<OutboxRow> {
    state.app().await?.retry_edit(id, value).await
}

/// Undo (an edit not sent yet) or Discard (a rejected or conflicting one).
#[tauri::command]
pub async fn discard_edit(state: State<'_, AppState>, id: i64) -> Answer<OutboxRow> {
    state.app().await?.discard_edit(id).await
}

#[tauri::command]
pub async fn resolve_conflict(state: State<'_, AppState>, id: i64, resolution: Resolution) -> Answer<OutboxRow> {
    state.app().await?.resolve_conflict(id, resolution).await
}
