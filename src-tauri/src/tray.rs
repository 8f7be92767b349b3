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
                        if let Err(e) = app.sync_now(None, None).await {
                            tracing::warn!(error = %e, "sync now from the tray");
                        }
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
    app.manage(std::sync::Mutex::new(TrayStatus::default()));
    Ok(())
}

/// What the tray says: the sync state, shops needing a person, edits waiting to be sent. Each part is
/// updated on its own event; the tooltip always says all three.
#[derive(Default)]
struct TrayStatus {
    sync: String,
    reconnect: usize,
    waiting: i64,
}

fn update<R: Runtime>(app: &AppHandle<R>, change: impl FnOnce(&mut TrayStatus)) {
    let Some(status) = app.try_state::<std::sync::Mutex<TrayStatus>>() else { return };
    let Ok(mut status) = status.lock() else { return };
    change(&mut status);
    let mut tooltip = format!("storedesk: {}", if status.sync.is_empty() { "idle" } else { &status.sync });
    if status.waiting > 0 {
        tooltip.push_str(&format!(" · {} change(s) waiting to be sent", status.waiting));
    }
    if status.reconnect > 0 {
        tooltip.push_str(&format!(" · {} shop(s) need reconnecting", status.reconnect));
    }
    if let Some(tray) = app.tray_by_id("main") {
        let title = (status.reconnect > 0).then(|| format!("{}!", status.reconnect));
        let _ = tray.set_title(title.as_deref());
        let _ = tray.set_tooltip(Some(tooltip));
    }
}

/// The tray's badge: how many shops need a person.
pub fn show_attention<R: Runtime>(app: &AppHandle<R>, shops_needing_reconnect: usize) {
    update(app, |s| s.reconnect = shops_needing_reconnect);
}

/// Edits waiting to reach the shops.
pub fn show_waiting<R: Runtime>(app: &AppHandle<R>, waiting: i64) {
    update(app, |s| s.waiting = waiting);
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
    update(app, |s| s.sync = word.to_owned());
    if let Some(items) = app.try_state::<TrayItems<R>>() {
        let _ = items.state.set_text(format!("Sync: {word}"));
        let _ = items.pause.set_checked(overview.paused_all);
    }
}
