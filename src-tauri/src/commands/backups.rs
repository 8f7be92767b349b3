//! Settings > Backups and the start screen's way back: list, take, restore copies; the second folder.

use std::path::PathBuf;

use storedesk_core::backup::{BackupOverview, BackupSettings, BackupTaken, Restored};
use tauri::{AppHandle, Runtime, State};

use super::Answer;
use crate::state::AppState;

#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> Answer<BackupOverview> {
    state.app().await?.backups().await
}

#[tauri::command]
pub async fn back_up_now(state: State<'_, AppState>) -> Answer<BackupTaken> {
    state.app().await?.back_up_now().await
}

#[tauri::command]
pub async fn get_backup_settings(state: State<'_, AppState>) -> Answer<BackupSettings> {
    state.app().await?.backup_settings().await
}

#[tauri::command]
pub async fn set_backup_settings(state: State<'_, AppState>, settings: BackupSettings) -> Answer<BackupSettings> {
    state.app().await?.set_backup_settings(settings).await
}

/// Replaces the database with the copy at `path` and starts the background work on it (also from the
/// start screen, when the database was found damaged).
#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    handle: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Answer<Restored> {
    let restored = state.restore(&PathBuf::from(path)).await;
    crate::start(&handle).await;
    restored
}
