//! The built-in demo: the simulated MercadoLibre runs inside the app, and a "Demo shop" connects to it
//! through the same OAuth flow as a real shop, so a newcomer sees everything working with no account.

use serde_json::json;
use std::time::Duration;
use storedesk_connectors::connect::ShopSetup;
use storedesk_core::model::{ConnectStart, NewShop, ShopId, ShopKind};
use storedesk_core::{ApiError, ErrorCode};

use storedesk_sim::{Control, SimConfig, SimHandle};

use crate::{App, ConnectHow, Result};

/// The simulator's built-in app credentials (not a secret: they exist only inside this process).
const DEMO_CLIENT_ID: &str = "storedesk-demo";
const DEMO_CLIENT_SECRET: &str = "demo-secret";
const DEMO_NAME: &str = "Demo shop";

/// How often the demo marketplace changes something on its own (a new order, a repriced listing, a
/// shipment moving on), so a newcomer sees the background sync bring it in.
const LIVE_EVERY: Duration = Duration::from_secs(60);

/// The simulated systems the demo runs, once started.
#[derive(Default)]
pub(crate) struct DemoSystems {
    marketplace: Option<SimHandle>,
    live: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for DemoSystems {
    fn drop(&mut self) {
        if let Some(live) = self.live.take() {
            live.abort();
        }
    }
}

/// Life in the demo shop: every minute or so a sale, a price change and shipments moving on.
fn live(control: Control) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(LIVE_EVERY);
        tick.tick().await;
        loop {
            tick.tick().await;
            control.create_orders(1);
            control.reprice_items(2);
            control.advance_shipments(3);
        }
    })
}

fn config() -> SimConfig {
    SimConfig {
        items: 500,
        orders: 500,
        // Dated up to today, so the dashboard's last 30 days have sales.
        anchor_now: true,
        // End-to-end tests follow the authorization URL themselves; a person sees the consent page.
        auto_approve: std::env::var("STOREDESK_DEMO_AUTO_APPROVE").as_deref() == Ok("1"),
        ..SimConfig::default()
    }
}

fn demo_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Demo, format!("the demo could not start: {e}"))
}

impl App {
    /// Starts the demo marketplace if needed, adds the demo shop (once), and starts connecting it.
    pub async fn start_demo(&self) -> Result<ConnectStart> {
        let shop_id = self.ensure_demo_shop().await?;
        self.begin_connect(shop_id, ConnectHow::AsConfigured).await
    }

    /// At start: a demo shop that exists gets its marketplace running again (on a new port).
    pub async fn restore_demo(&self) {
        match self.demo_shops().await {
            Ok(ids) if !ids.is_empty() => {
                if let Err(e) = self.ensure_demo_shop().await {
                    tracing::warn!(error = %e, "the demo marketplace did not start");
                }
            }
            _ => {}
        }
    }

    /// The simulator's base URL, starting it if it is not running. `STOREDESK_DEMO_SIM_URL` points the demo
    /// at a simulator run elsewhere instead (end-to-end tests stop and restart it to go offline).
    async fn ensure_marketplace(&self) -> Result<String> {
        if let Ok(url) = std::env::var("STOREDESK_DEMO_SIM_URL") {
            return Ok(url);
        }
        let mut systems = self.inner.demo.lock().await;
        if let Some(sim) = systems.marketplace.as_ref() {
            return Ok(sim.base_url());
        }
        let sim = storedesk_sim::spawn(config()).await.map_err(demo_error)?;
        let url = sim.base_url();
        tracing::info!(%url, "demo marketplace started");
        systems.live = Some(live(sim.control()));
        systems.marketplace = Some(sim);
        Ok(url)
    }

    async fn demo_shops(&self) -> Result<Vec<ShopId>> {
        let store = &self.inner.store;
        let mut ids = Vec::new();
        for shop in store.list_shops().await? {
            let settings = store.shop_settings(shop.id).await?;
            if settings.get("demo").and_then(|d| d.as_bool()) == Some(true) {
                ids.push(shop.id);
            }
        }
        Ok(ids)
    }

    /// The demo shop (added on first use), pointed at the running simulator.
    async fn ensure_demo_shop(&self) -> Result<ShopId> {
        let url = self.ensure_marketplace().await?;
        let store = &self.inner.store;
        if let Some(&id) = self.demo_shops().await?.first() {
            store.set_shop_endpoints(id, &url, &url).await?;
            self.inner.shops.forget(id);
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
        let id = self.inner.connector.add_shop(&setup).await?;
        store.set_shop_settings(id, &json!({ "demo": true })).await?;
        self.notify(crate::Notice::ShopsChanged);
        Ok(id)
    }
}
