//! The local API over real HTTP: an app with a shop connected to storedesk-sim, served on loopback.
//! One test binary, a module per concern.

mod contract;
mod metrics;
mod roles;
mod webhooks;
mod writes;

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use storedesk_api::{serve, RatePolicy, RunningApi, ServeOptions};
use storedesk_app::{App, AppOptions, Background, ConnectHow, NewShopWithApp, Role};
use storedesk_core::model::{ApiRole, ShopId, ShopKind, ShopStatus, SyncResource};
use storedesk_core::sync::StopSignal;
use storedesk_core::vault::KeySource;
use storedesk_sim::{ClientApp, SimConfig, SimHandle};

const CLIENT_ID: &str = "api-test";
const CLIENT_SECRET: &str = "api-test-secret";

/// Metrics are one recorder per process: tests take turns, so what one test sees move is its own doing.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Everything a test talks to; dropped at the end of the test.
pub struct World {
    _serial: tokio::sync::MutexGuard<'static, ()>,
    pub sim: SimHandle,
    pub app: App,
    pub shop: ShopId,
    pub api: RunningApi,
    pub http: reqwest::Client,
    pub _background: Background,
    pub _dir: tempfile::TempDir,
}

impl World {
    /// A synced shop of `items` listings and orders, the background running, the API on a free port.
    pub async fn start(items: u64, rate: RatePolicy) -> World {
        let serial = SERIAL.lock().await;
        let sim = storedesk_sim::spawn(SimConfig {
            items,
            orders: items,
            auto_approve: true,
            control: true,
            clients: vec![ClientApp {
                id: CLIENT_ID.into(),
                secret: CLIENT_SECRET.into(),
                redirect_uris: vec![],
                allow_loopback: true,
            }],
            ..Default::default()
        })
        .await
        .expect("sim");
        let dir = tempfile::tempdir().expect("temp dir");
        let options = AppOptions { key_source: Some(KeySource::FileOnly), ..AppOptions::new(dir.path(), Role::Owner) };
        let app = App::open_with(options).await.expect("app opens");
        let shop = app
            .add_shop_with_app(NewShopWithApp {
                kind: ShopKind::Mercadolibre,
                name: "Tienda API".into(),
                site: Some("MLA".into()),
                api_base: Some(sim.base_url()),
                auth_base: Some(sim.base_url()),
                client_id: CLIENT_ID.into(),
                client_secret: CLIENT_SECRET.into(),
            })
            .await
            .expect("add shop")
            .id;
        let start = app.begin_connect(shop, ConnectHow::Loopback).await.expect("begin");
        let browser = tokio::spawn(async move { reqwest::get(start.authorize_url).await.map(|r| r.status()) });
        let connected = app.wait_connect(start.attempt_id).await.expect("connected");
        assert_eq!(connected.status, ShopStatus::Connected);
        assert!(browser.await.expect("browser").expect("authorize").is_success());
        let resources = [SyncResource::Products, SyncResource::Orders];
        app.sync_once(shop, &resources, &StopSignal::never(), |_| {}).await.expect("first sync");
        let background = app.start_background().expect("background");
        let api = serve(app.clone(), ServeOptions { rate, ..ServeOptions::loopback(0) }).await.expect("serve");
        World { _serial: serial, sim, app, shop, api, http: reqwest::Client::new(), _background: background, _dir: dir }
    }

    /// A new key's secret.
    pub async fn key(&self, role: ApiRole) -> String {
        self.app.create_api_key(&format!("{} key", role.as_str()), role).await.expect("key").secret
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.api.base_url())
    }

    /// Sends a request; answers the status, the headers and the body as JSON (Null when not JSON).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let mut request = self.http.request(method, self.url(path));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("the API answers");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        (status, headers, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str, key: &str) -> Value {
        let (status, _, body) = self.call(Method::GET, path, Some(key), None, &[]).await;
        assert!(status.is_success(), "GET {path}: {status} {body}");
        body
    }
}

/// Polls `check` every 50 ms for up to `secs` seconds.
pub async fn eventually<T, F, Fut>(what: &str, secs: u64, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A price as the simulator's JSON number, in cents.
pub fn cents(v: &Value) -> i64 {
    (v.as_f64().unwrap_or(0.0) * 100.0).round() as i64
}
