//! The cold-start probe (benches/desktop_footprint.py): with `STOREDESK_STARTUP_PROBE` set, the UI says
//! when its first row is on screen and this prints how long that took after the process started. Without
//! the variable nothing is injected into the page, the UI never calls `startup_painted`, and nothing prints.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub const PROBE_ENV: &str = "STOREDESK_STARTUP_PROBE";

/// An instant at the start of `run()` and how old the process already was then (exec, dynamic linking).
static STARTED: OnceLock<(Instant, Duration)> = OnceLock::new();
static REPORTED: AtomicBool = AtomicBool::new(false);

/// Whether the probe is on; if so, notes the time. First thing in `run()`.
pub fn probe_requested() -> bool {
    let on = std::env::var_os(PROBE_ENV).is_some();
    if on {
        STARTED.get_or_init(|| (Instant::now(), process_age().unwrap_or_default()));
    }
    on
}

/// How long ago this process was started (exec), from /proc: its start time and the uptime now, both since
/// boot. `/proc/self/stat` counts in USER_HZ ticks, which Linux fixes at 100 a second; both values are
/// 10 ms steps.
fn process_age() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces and parentheses): state is field 3, starttime 22.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let start_ticks: u64 = after_name.split_whitespace().nth(22 - 3)?.parse().ok()?;
    let uptime = std::fs::read_to_string("/proc/uptime").ok()?;
    let uptime_secs: f64 = uptime.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_secs_f64((uptime_secs - start_ticks as f64 / 100.0).max(0.0)))
}

/// The UI's first row has been painted: print the time since the process started, once.
#[tauri::command]
pub fn startup_painted() {
    let Some((at, age)) = STARTED.get() else { return };
    if !REPORTED.swap(true, Ordering::SeqCst) {
        let ms = (*age + at.elapsed()).as_millis();
        eprintln!("storedesk: first row painted {ms} ms after process start");
    }
}

/// With the probe on, every page starts knowing it (before its own scripts run).
pub fn probe_plugin<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("startup-probe").js_init_script("window.__STOREDESK_STARTUP_PROBE__ = true;").build()
}
