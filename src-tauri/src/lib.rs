//! storedesk's desktop shell: the application (storedesk-app) in a Tauri window, a tray icon and a
//! settings store. Thin by design: every command is a few lines over an `App` method, and the app's
//! notices become UI events, tray changes and desktop notifications.

mod commands;
mod events;
mod state;
mod tray;

use std::time::Duration;

use tauri::{Manager, RunEvent, WindowEvent};

use state::AppState;

/// Label of the one main window.
pub const MAIN_WINDOW: &str = "main";
/// How long Quit waits for background jobs to finish the page they are storing.
const QUIT_LIMIT: Duration = Duration::from_secs(5);

pub fn run() {
    init_tracing();
    let data_dir = storedesk_core::paths::data_dir();
    tracing::info!(data_dir = %data_dir.display(), "starting storedesk");
    // The store opens before the window so the first query never waits on migrations.
    let state = tauri::async_runtime::block_on(AppState::open(data_dir));

    let built = tauri::Builder::default()
        // Registered first, as the plugin asks: a second launch focuses this one and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| show_main_window(app)))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .manage(state)
        .invoke_handler(commands::handler())
        .setup(|app| {
            tray::install(app.handle())?;
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move { start(&handle).await });
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window hides it: background work goes on from the tray until Quit.
            if let WindowEvent::CloseRequested { api, .. } = event {
                if window.label() == MAIN_WINDOW {
                    api.prevent_close();
                    let _ = window.hide();
                }
            }
        })
        .build(tauri::generate_context!());
    let app = match built {
        Ok(app) => app,
        Err(err) => {
            tracing::error!(error = %err, "storedesk could not start");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let RunEvent::ExitRequested { code, api, .. } = event {
            if code.is_none() {
                // The last window closed: the tray keeps the app running.
                api.prevent_exit();
            } else {
                // An exit not asked through Quit (Quit has already stopped the jobs; then this is quick).
                tauri::async_runtime::block_on(handle.state::<AppState>().shutdown(QUIT_LIMIT));
            }
        }
    });
}

/// Once the app is open: notices to the UI and tray, background sync, the demo's simulator.
async fn start<R: tauri::Runtime>(handle: &tauri::AppHandle<R>) {
    let state = handle.state::<AppState>();
    let Ok(app) = state.app().await else { return };
    events::forward(handle.clone(), app.clone());
    state.start_background().await;
    app.restore_demo().await;
}

/// Quit (tray or window menu): stop background jobs after their page, then exit.
pub fn quit<R: tauri::Runtime>(handle: &tauri::AppHandle<R>) {
    let handle = handle.clone();
    tauri::async_runtime::spawn(async move {
        handle.state::<AppState>().shutdown(QUIT_LIMIT).await;
        handle.exit(0);
    });
}

/// Shows, unminimises and focuses the main window.
pub fn show_main_window<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
