//! storedesk's desktop shell: wires storedesk-core into a Tauri window, a tray icon and a settings
//! store. Thin by design: every command is a few lines over a core function.

mod commands;
mod demo;
mod events;
mod state;
mod tray;

use tauri::{Manager, WindowEvent};

use state::AppState;

/// Label of the one main window.
pub const MAIN_WINDOW: &str = "main";

pub fn run() {
    init_tracing();
    let data_dir = storedesk_core::paths::data_dir();
    tracing::info!(data_dir = %data_dir.display(), "starting storedesk");
    // The store opens before the window so the first query never waits on migrations.
    let state = tauri::async_runtime::block_on(AppState::open(data_dir));

    let result = tauri::Builder::default()
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
            events::spawn_forwarder(app.handle().clone());
            events::start_sync(app.handle().clone());
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move { demo::restore(&handle.state::<AppState>()).await });
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
        .run(tauri::generate_context!());
    if let Err(err) = result {
        tracing::error!(error = %err, "storedesk stopped with an error");
        std::process::exit(1);
    }
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
