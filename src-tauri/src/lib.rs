//! storedesk's desktop shell: the application (storedesk-app) in a Tauri window, a tray icon and a
//! settings store. Thin by design: every command is a few lines over an `App` method, and the app's
//! notices become UI events, tray changes and desktop notifications.

mod commands;
mod events;
mod state;
mod tray;

use std::time::Duration;

use tauri::{Manager, RunEvent};

use state::AppState;

/// Label of the one main window.
pub const MAIN_WINDOW: &str = "main";
/// The argument of a start at login: the app starts in the tray, its window not opened (no webview, so
/// little memory), and background sync runs.
pub const HIDDEN_ARG: &str = "--hidden";
/// How long Quit waits for background jobs to finish the page they are storing.
const QUIT_LIMIT: Duration = Duration::from_secs(5);

pub fn run() {
    let startup_probe = commands::startup::probe_requested();
    init_tracing();
    let data_dir = storedesk_core::paths::data_dir();
    tracing::info!(data_dir = %data_dir.display(), "starting storedesk");
    // The store opens before the window so the first query never waits on migrations.
    let state = tauri::async_runtime::block_on(AppState::open(data_dir));

    let mut builder = tauri::Builder::default()
        // Registered first, as the plugin asks: a second launch shows this one's window (building it again
        // if it was closed) and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| show_main_window(app)))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        // Start at login (off until switched on in Settings) launches this binary with HIDDEN_ARG.
        .plugin(tauri_plugin_autostart::Builder::new().arg(HIDDEN_ARG).build());
    if startup_probe {
        builder = builder.plugin(commands::startup::probe_plugin());
    }
    // Closing the main window is left to do what it does: the window and its webview are destroyed, and
    // WebKit's web process (most of a shown window's memory) exits with them. The sync, the tray and this
    // process go on (see ExitRequested below); Open in the tray, or launching storedesk again, builds the
    // window anew and the UI comes back where the person was (ui/src/lib/restore.ts).
    let built = builder
        .manage(state)
        .invoke_handler(commands::handler())
        .setup(|app| {
            tray::install(app.handle())?;
            // The window is not in Tauri's hands at start ("create": false): opened here, unless this is a
            // start at login, which stays in the tray until the person opens it.
            if started_hidden(std::env::args()) {
                tracing::info!("started at login: in the tray, the window not opened");
            } else {
                show_main_window(app.handle());
            }
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move { start(&handle).await });
            Ok(())
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
                // The last window was destroyed (the main window closed): the tray keeps the app running,
                // background sync included, until Quit (which exits with a code).
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
    // Notices keep coming while the window is closed: an emit with no webview reaches no one and is gone
    // (Tauri drops a destroyed webview's listeners; nothing queues), and the tray and notifications still
    // update. A window built again reads everything afresh, so it misses nothing it needs.
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

/// Shows, unminimises and focuses the main window, building it again from its configuration when it was
/// closed. Done on the main thread: the tray calls this from there and a second launch from a D-Bus
/// thread, and one thread checking and building means two quick calls cannot both build a window.
pub fn show_main_window<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    let handle = app.clone();
    let queued = app.run_on_main_thread(move || {
        let window = match handle.get_webview_window(MAIN_WINDOW) {
            Some(window) => window,
            None => match build_main_window(&handle) {
                Ok(window) => window,
                Err(e) => {
                    tracing::error!(error = %e, "the window could not be opened again");
                    return;
                }
            },
        };
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    });
    if let Err(e) = queued {
        tracing::error!(error = %e, "the window could not be opened again");
    }
}

/// The main window as tauri.conf.json describes it (what Tauri builds at start). Its size and place come
/// back through the window-state plugin, the UI's view through the webview's localStorage.
fn build_main_window<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> tauri::Result<tauri::WebviewWindow<R>> {
    let config =
        app.config().app.windows.iter().find(|w| w.label == MAIN_WINDOW).ok_or(tauri::Error::WindowNotFound)?;
    tracing::info!("opening the window again");
    tauri::WebviewWindowBuilder::from_config(app, config)?.build()
}

/// Whether this process was started at login (`HIDDEN_ARG` among its arguments).
fn started_hidden(mut args: impl Iterator<Item = String>) -> bool {
    args.any(|a| a == HIDDEN_ARG)
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_start_at_login_stays_in_the_tray() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>().into_iter();
        assert!(started_hidden(args(&["storedesk", "--hidden"])));
        assert!(!started_hidden(args(&["storedesk"])));
        assert!(!started_hidden(args(&["storedesk", "--hidden-not"])));
    }
}
