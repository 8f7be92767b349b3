//! Where storedesk keeps its data.

use std::path::PathBuf;

/// The app identifier; the desktop shell's `tauri.conf.json` uses the same one, so the app and the CLI
/// find the same data directory.
pub const APP_IDENTIFIER: &str = "app.storedesk.desktop";

/// Environment variable that overrides the data directory (tests, portable installs, a second profile).
pub const DATA_DIR_ENV: &str = "STOREDESK_DATA_DIR";

/// The data directory: `$STOREDESK_DATA_DIR`, else the platform's app data dir
/// (`~/.local/share/app.storedesk.desktop` on Linux).
pub fn data_dir() -> PathBuf {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => dirs::data_dir().unwrap_or_else(std::env::temp_dir).join(APP_IDENTIFIER),
    }
}

/// The SQLite file inside a data directory.
pub fn database_file(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("storedesk.db")
}
