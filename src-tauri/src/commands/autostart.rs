//! Settings > Start at login: the switch over tauri-plugin-autostart (an XDG autostart entry on Linux that
//! starts storedesk with `--hidden`, in the tray).

use storedesk_core::{ApiError, ErrorCode};
use tauri::{AppHandle, Runtime};
use tauri_plugin_autostart::ManagerExt;

use super::Answer;

fn failed(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Internal, format!("start at login could not be changed: {e}"))
}

#[tauri::command]
pub async fn get_autostart<R: Runtime>(handle: AppHandle<R>) -> Answer<bool> {
    handle.autolaunch().is_enabled().map_err(failed)
}

/// Turns start at login on or off; answers what it is now.
#[tauri::command]
pub async fn set_autostart<R: Runtime>(handle: AppHandle<R>, enabled: bool) -> Answer<bool> {
    let manager = handle.autolaunch();
    if enabled {
        manager.enable().map_err(failed)?;
    } else {
        manager.disable().map_err(failed)?;
    }
    manager.is_enabled().map_err(failed)
}
