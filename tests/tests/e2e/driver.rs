//! Starting the real app under tauri-driver (which runs WebKitWebDriver) and talking WebDriver to it.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// The workspace root (this crate lives in `tests/`).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// Where screenshots go for a person to look at.
pub fn screenshot_dir() -> PathBuf {
    let dir = workspace().join("target").join("e2e-screenshots");
    std::fs::create_dir_all(&dir).expect("create target/e2e-screenshots");
    dir
}

fn from_env_or(var: &str, default: PathBuf) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or(default)
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// One running app: tauri-driver, the native driver, the app itself, and a WebDriver session.
pub struct App {
    pub client: Client,
    driver: Child,
    /// The app binary's path (what is killed when the test ends).
    binary: String,
}

impl App {
    /// Launches the app binary on `data_dir`.
    pub async fn launch(data_dir: &Path) -> App {
        App::launch_with(data_dir, &[]).await
    }

    /// Launches the app binary on `data_dir` with extra environment variables.
    pub async fn launch_with(data_dir: &Path, env: &[(&str, &str)]) -> App {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "end-to-end tests need a display: run them with `make test-e2e` (Xvfb + dbus-run-session)"
        );
        let app = from_env_or("STOREDESK_BIN", workspace().join("target/debug/storedesk"));
        assert!(app.exists(), "{} is missing: build it first (make test-e2e does)", app.display());
        let tauri_driver = from_env_or("TAURI_DRIVER", workspace().join("tools/td/bin/tauri-driver"));
        let (port, native_port) = (free_port(), free_port());
        let driver = Command::new(&tauri_driver)
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("STOREDESK_DATA_DIR", data_dir)
            // Window state and WebKit caches go to the test's own folders, not the machine's.
            .env("XDG_CONFIG_HOME", data_dir.join("xdg-config"))
            .env("XDG_DATA_HOME", data_dir.join("xdg-data"))
            .env("XDG_CACHE_HOME", data_dir.join("xdg-cache"))
            // Start at login writes ~/.config/autostart: the test's home, not the machine's.
            .env("HOME", data_dir.join("home"))
            .env("NO_AT_BRIDGE", "1")
            // No keyring daemon under Xvfb: the vault key goes to the data dir's 0600 file.
            .env("STOREDESK_KEYRING", "off")
            // The demo marketplace approves at once; the test plays the browser (see demo.rs).
            .env("STOREDESK_DEMO_AUTO_APPROVE", "1")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", tauri_driver.display()));
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not listen on {port}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut caps = serde_json::Map::new();
        // No browserName: WebKitWebDriver refuses sessions that name a browser it is not.
        caps.insert("tauri:options".into(), json!({ "application": app }));
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session on the app");
        App { client, driver, binary: app.display().to_string() }
    }

    /// Waits for an element (20 s at most).
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        match self.client.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css(css)).await {
            Ok(element) => element,
            Err(e) => {
                let name = format!("failed-wait-{}", css.replace(|c: char| !c.is_alphanumeric(), "-"));
                let shot = self.screenshot(&name).await;
                panic!("{css} did not appear: {e} (screenshot {})", shot.display())
            }
        }
    }

    /// Opens a view from the sidebar and waits until it is the one shown.
    /// A click that lands on something fading out (a dialog closing) is made again, as a person would.
    pub async fn open_view(&self, view: &str) {
        let shown = format!("main[data-view={view}] [data-testid=page-title]");
        for _ in 0..4 {
            self.click(&format!("[data-testid=nav-{view}]")).await;
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline {
                if self.count(&shown).await > 0 {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        self.wait_for(&shown).await;
    }

    /// Clicks the first element matching `css`. While something else covers it (a dialog closing), or it
    /// cannot take a click yet (disabled while a save is under way, or scrolled out of reach by a layout
    /// change), it scrolls to it, waits and clicks again, as a person would.
    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let error = match self.wait_for(css).await.click().await {
                Ok(()) => return,
                Err(e) => e,
            };
            let passing = matches!(&error, fantoccini::error::CmdError::Standard(w)
                if matches!(w.error, fantoccini::error::ErrorStatus::ElementClickIntercepted
                    | fantoccini::error::ErrorStatus::ElementNotInteractable));
            if Instant::now() > deadline || !passing {
                let name = format!("failed-click-{}", css.replace(|c: char| !c.is_alphanumeric(), "-"));
                let shot = self.screenshot(&name).await;
                panic!("click {css}: {error:?} (screenshot {})", shot.display());
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
            self.scroll_to(css).await;
        }
    }

    pub async fn count(&self, css: &str) -> usize {
        self.client.find_all(Locator::Css(css)).await.map(|v| v.len()).unwrap_or(0)
    }

    /// The rendered text of the first element matching `css` (innerText: what a person sees), or ""
    /// if there is none (yet). WebKitWebDriver's own element-text call drops the text of grid cells.
    pub async fn text(&self, css: &str) -> String {
        let script = "const el = document.querySelector(arguments[0]); return el ? el.innerText : '';";
        match self.client.execute(script, vec![json!(css)]).await {
            Ok(serde_json::Value::String(text)) => text,
            _ => String::new(),
        }
    }

    /// The `value` of an input (or "" when absent).
    pub async fn value(&self, css: &str) -> String {
        let script = "const el = document.querySelector(arguments[0]); return el && 'value' in el ? el.value : '';";
        match self.client.execute(script, vec![json!(css)]).await {
            Ok(serde_json::Value::String(text)) => text,
            _ => String::new(),
        }
    }

    /// An attribute of the first element matching `css`.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        let script =
            "const el = document.querySelector(arguments[0]); return el ? el.getAttribute(arguments[1]) : null;";
        match self.client.execute(script, vec![json!(css), json!(name)]).await {
            Ok(serde_json::Value::String(value)) => Some(value),
            _ => None,
        }
    }

    /// Calls a command the way the UI does and returns its JSON answer as text.
    pub async fn invoke_json(&self, command: &str) -> String {
        self.invoke_with(command, json!({})).await
    }

    /// Calls a command with arguments the way the UI does and returns its JSON answer as text.
    pub async fn invoke_with(&self, command: &str, args: serde_json::Value) -> String {
        let script = "const done = arguments[arguments.length - 1]; \
                      window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]) \
                        .then((v) => done(JSON.stringify(v)), (e) => done('error: ' + JSON.stringify(e)));";
        match self.client.execute_async(script, vec![json!(command), args]).await {
            Ok(serde_json::Value::String(text)) => text,
            other => panic!("invoke {command}: {other:?}"),
        }
    }

    /// Polls `check` until it returns Some (45 s at most: on a loaded 2-core machine, a push can wait
    /// behind the shop's running pull).
    pub async fn eventually<T, F, Fut>(&self, what: &str, mut check: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + Duration::from_secs(45);
        loop {
            if let Some(value) = check().await {
                return value;
            }
            if Instant::now() > deadline {
                let _ = self.screenshot(&format!("failed-{}", what.replace(' ', "-"))).await;
                panic!("timed out waiting for: {what}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Clicks the first `n` elements matching `css` (row checkboxes), the way a click would.
    pub async fn click_first(&self, css: &str, n: usize) -> usize {
        let script = "const all = Array.from(document.querySelectorAll(arguments[0])).slice(0, arguments[1]); \
                      all.forEach((el) => el.click()); return all.length;";
        match self.client.execute(script, vec![json!(css), json!(n)]).await {
            Ok(serde_json::Value::Number(clicked)) => clicked.as_u64().unwrap_or(0) as usize,
            other => panic!("click {css}: {other:?}"),
        }
    }

    /// An attribute of every element matching `css`.
    pub async fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        let script =
            "return Array.from(document.querySelectorAll(arguments[0])).map((el) => el.getAttribute(arguments[1]));";
        match self.client.execute(script, vec![json!(css), json!(name)]).await {
            Ok(serde_json::Value::Array(values)) => {
                values.into_iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
            }
            _ => vec![],
        }
    }

    /// The text of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let script = "return Array.from(document.querySelectorAll(arguments[0])).map((el) => el.textContent.trim());";
        match self.client.execute(script, vec![json!(css)]).await {
            Ok(serde_json::Value::Array(values)) => {
                values.into_iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
            }
            _ => vec![],
        }
    }

    /// Types into an input, replacing what it held.
    /// An input still appearing (a section opening) is waited for, as a person would.
    pub async fn type_into(&self, css: &str, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            // WebKitWebDriver clears only what is in view; a person would scroll to it first.
            self.scroll_to(css).await;
            let input = self.wait_for(css).await;
            let error = match input.clear().await {
                Ok(()) => break,
                Err(e) => e,
            };
            let appearing = matches!(&error, fantoccini::error::CmdError::Standard(w)
                if w.error == fantoccini::error::ErrorStatus::ElementNotInteractable);
            if Instant::now() > deadline || !appearing {
                let name = format!("failed-type-{}", css.replace(|c: char| !c.is_alphanumeric(), "-"));
                let shot = self.screenshot(&name).await;
                panic!("clear {css}: {error:?} (screenshot {})", shot.display());
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        self.wait_for(css).await.send_keys(text).await.expect("type into input");
    }

    /// Picks an option of a <select> the way a person does, and tells the page it changed.
    pub async fn select(&self, css: &str, value: &str) {
        self.wait_for(css).await;
        let script = "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
                      el.dispatchEvent(new Event('input', {bubbles: true})); \
                      el.dispatchEvent(new Event('change', {bubbles: true}));";
        self.client.execute(script, vec![json!(css), json!(value)]).await.expect("select option");
    }

    /// Scrolls the first element matching `css` into the middle of its scrolling box (for a screenshot).
    pub async fn scroll_to(&self, css: &str) {
        self.wait_for(css).await;
        let script = "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});";
        self.client.execute(script, vec![json!(css)]).await.expect("scroll into view");
    }

    /// Saves what the window shows as target/e2e-screenshots/NAME.png.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // Let the page paint what the DOM now holds: a screenshot taken right after a change can show the
        // previous frame.
        let painted = "const done = arguments[arguments.length - 1]; \
                       requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));";
        let _ = self.client.execute_async(painted, vec![]).await;
        let png = self.client.screenshot().await.expect("screenshot");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // A failed test still stops the driver and the app it started. The app is WebKitWebDriver's child,
        // not ours: left running, it would answer the next test's launch as the single instance, and that
        // test would wait forever. Tests run one at a time, so every app and web driver found is this one's.
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        for pattern in [self.binary.as_str(), "WebKitWebDriver"] {
            let _ = std::process::Command::new("pkill").args(["-KILL", "-f", pattern]).status();
        }
    }
}
