//! The tray icon: the sync state (idle / syncing / offline / error / paused), reopen the window, Sync
//! now, pause and resume background sync, quit.

use storedesk_core::model::{SyncOverview, SyncState};
use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

const OPEN: &str = "open";
const PAUSE: &str = "pause";
const SYNC_NOW: &str = "sync_now";
const STATE: &str = "state";
const QUIT: &str = "quit";

pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let state = MenuItem::with_id(app, STATE, "Sync: idle", false, None::<&str>)?;
    let open = MenuItem::with_id(app, OPEN, "Open storedesk", true, None::<&str>)?;
    let sync_now = MenuItem::with_id(app, SYNC_NOW, "Sync now", true, None::<&str>)?;
    let pause = CheckMenuItem::with_id(app, PAUSE, "Pause background sync", true, false, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, "Quit", true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&state, &open, &sync_now, &pause, &separator, &quit])?;
    let pause_item = pause.clone();

    let mut tray = TrayIconBuilder::with_id("main")
        .tooltip("storedesk")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(move |app, event| match event.id().as_ref() {
            OPEN => crate::show_main_window(app),
            PAUSE => {
                let handle = app.clone();
                tauri::async_runtime::spawn(async move {
                    if let Ok(app) = handle.state::<AppState>().app().await {
                        let paused = !app.sync_overview().paused_all;
                        app.set_sync_paused(None, paused);
                        tracing::info!(paused, "background sync switched from the tray");
                    }
                });
            }
            SYNC_NOW => {
                let handle = app.clone();
                tauri::async_runtime::spawn(async move {
                    if let Ok(app) = handle.state::<AppState>().app().await {
                        app.sync_now(None, None);
                    }
                });
            }
            QUIT => crate::quit(app),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click { button: MouseButton::Left, button_state: MouseButtonState::Up, .. } = event {
                crate::show_main_window(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    app.manage(TrayItems { state, pause: pause_item });
    Ok(())
}

/// The tray's badge: how many shops need a person (a title beside the icon, and the tooltip).
pub fn show_attention<R: Runtime>(app: &AppHandle<R>, shops_needing_reconnect: usize) {
    let Some(tray) = app.tray_by_id("main") else { return };
    let (title, tooltip) = match shops_needing_reconnect {
        0 => (None, "storedesk".to_owned()),
        n => (Some(format!("{n}!")), format!("storedesk: {n} shop(s) need reconnecting")),
    };
    let _ = tray.set_title(title.as_deref());
    let _ = tray.set_tooltip(Some(tooltip));
}

/// The tray menu lines that change with the sync state.
struct TrayItems<R: Runtime> {
    state: MenuItem<R>,
    pause: CheckMenuItem<R>,
}

/// The sync state in the tray: a line at the top of its menu, the tooltip, and the Pause check.
pub fn show_sync_state<R: Runtime>(app: &AppHandle<R>, overview: &SyncOverview) {
    let word = match overview.state {
        SyncState::Idle => "idle",
        SyncState::Syncing => "syncing…",
        SyncState::Offline => "offline, retrying",
        SyncState::Error => "error (see Activity)",
        SyncState::Paused => "paused",
    };
    if let Some(tray) = app.tray_by_id("main") {
        let _ = tray.set_tooltip(Some(format!("storedesk: {word}")));
    }
    if let Some(items) = app.try_state::<TrayItems<R>>() {
        let _ = items.state.set_text(format!("Sync: {word}"));
        let _ = items.pause.set_checked(overview.paused_all);
    }
}
