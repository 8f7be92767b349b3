//! The built-in demo: the simulated MercadoLibre runs inside the app, and a "Demo shop" connects to it
//! through the same OAuth flow as a real shop, so a newcomer sees everything working with no account.

use serde_json::json;
use storedesk_connectors::connect::ShopSetup;
use storedesk_connectors::ConnectError;
use storedesk_core::model::{NewShop, ShopId, ShopKind};
use storedesk_core::{ApiError, StoreError};
use storedesk_sim::{SimConfig, SimHandle};

use crate::state::{AppState, Backend};

/// The simulator's built-in app credentials (not a secret: they exist only inside this process).
const DEMO_CLIENT_ID: &str = "storedesk-demo";
const DEMO_CLIENT_SECRET: &str = "demo-secret";
const DEMO_NAME: &str = "Demo shop";

fn config() -> SimConfig {
    SimConfig {
        items: 500,
        orders: 500,
        // End-to-end tests follow the authorization URL themselves; a person sees the consent page.
        auto_approve: std::env::var("STOREDESK_DEMO_AUTO_APPROVE").as_deref() == Ok("1"),
        ..SimConfig::default()
    }
}

/// Starts the simulator if it is not running; returns its base URL. `STOREDESK_DEMO_SIM_URL` points the
/// demo at a simulator run elsewhere instead (end-to-end tests stop and restart it to go offline).
async fn ensure_sim(state: &AppState) -> Result<String, DemoError> {
    if let Ok(url) = std::env::var("STOREDESK_DEMO_SIM_URL") {
        return Ok(url);
    }
    let mut slot = state.demo.lock().await;
    if let Some(sim) = slot.as_ref() {
        return Ok(sim.base_url());
    }
    let sim: SimHandle =
        storedesk_sim::spawn(config()).await.map_err(|e| DemoError(format!("the demo could not start: {e}")))?;
    let url = sim.base_url();
    tracing::info!(%url, "demo marketplace started");
    *slot = Some(sim);
    Ok(url)
}

async fn demo_shops(backend: &Backend) -> Result<Vec<ShopId>, DemoError> {
    let mut ids = Vec::new();
    for shop in backend.store.list_shops().await? {
        let settings = backend.store.shop_settings(shop.id).await?;
        if settings.get("demo").and_then(|d| d.as_bool()) == Some(true) {
            ids.push(shop.id);
        }
    }
    Ok(ids)
}

/// The demo shop (added on first use), pointed at the running simulator.
pub async fn ensure_demo_shop(state: &AppState, backend: &Backend) -> Result<ShopId, DemoError> {
    let url = ensure_sim(state).await?;
    if let Some(&id) = demo_shops(backend).await?.first() {
        backend.store.set_shop_endpoints(id, &url, &url).await?;
        backend.connector.shops.forget(id);
        return Ok(id);
    }
    let setup = ShopSetup {
        shop: NewShop {
            kind: ShopKind::Mercadolibre,
            name: DEMO_NAME.into(),
            site: Some("MLA".into()),
            api_base: Some(url.clone()),
            auth_base: Some(url),
        },
        client_id: DEMO_CLIENT_ID.into(),
        client_secret: DEMO_CLIENT_SECRET.into(),
    };
    let id = backend.connector.add_shop(&setup).await?;
    backend.store.set_shop_settings(id, &json!({ "demo": true })).await?;
    Ok(id)
}

/// At start: if a demo shop exists, its marketplace runs again (on a new port) so it stays reachable.
pub async fn restore(state: &AppState) {
    let Ok(backend) = state.backend().await else { return };
    match demo_shops(&backend).await {
        Ok(ids) if !ids.is_empty() => {
            if let Err(e) = ensure_demo_shop(state, &backend).await {
                tracing::warn!(error = %e.0, "the demo marketplace did not start");
            }
        }
        _ => {}
    }
}

/// The demo could not start.
#[derive(Debug)]
pub struct DemoError(pub String);

impl From<ConnectError> for DemoError {
    fn from(e: ConnectError) -> Self {
        DemoError(e.to_string())
    }
}

impl From<StoreError> for DemoError {
    fn from(e: StoreError) -> Self {
        DemoError(e.to_string())
    }
}

impl From<DemoError> for ApiError {
    fn from(e: DemoError) -> Self {
        ApiError { code: "demo".into(), message: e.0 }
    }
}
