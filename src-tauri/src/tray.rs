//! The tray icon: reopen the window, pause background sync, quit.

use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::state::AppState;

const OPEN: &str = "open";
const PAUSE: &str = "pause";
const QUIT: &str = "quit";

pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, OPEN, "Open storedesk", true, None::<&str>)?;
    let pause = CheckMenuItem::with_id(app, PAUSE, "Pause background sync", true, false, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &pause, &PredefinedMenuItem::separator(app)?, &quit])?;

    let mut tray = TrayIconBuilder::with_id("main")
        .tooltip("storedesk")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(move |app, event| match event.id().as_ref() {
            OPEN => crate::show_main_window(app),
            PAUSE => {
                let state = app.state::<AppState>();
                let paused = !state.sync_paused();
                state.set_sync_paused(paused);
                let _ = pause.set_checked(paused);
                let _ = app.emit("sync-paused", paused);
                tracing::info!(paused, "background sync switched from the tray");
            }
            QUIT => app.exit(0),
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
