//! The built-in demo: the simulated MercadoLibre and the simulated ShipBob warehouse run inside the app. A
//! "Demo shop" connects to the marketplace through the same OAuth flow as a real shop, and ships through a
//! "Demo warehouse" added with its token like a real one, so a newcomer sees everything working with no
//! account.

use serde_json::json;
use std::time::Duration;
use storedesk_connectors::connect::ShopSetup;
use storedesk_core::model::{ConnectStart, NewShop, ShopId, ShopKind};
use storedesk_core::{ApiError, ErrorCode};

use storedesk_sim::offers::{OffersConfig, OffersControl, OffersHandle};
use storedesk_sim::warehouse::{WarehouseConfig, WarehouseControl, WarehouseHandle};
use storedesk_sim::{Control, SimConfig, SimHandle};

use crate::{App, ConnectHow, Result};

/// The simulator's built-in app credentials (not a secret: they exist only inside this process).
const DEMO_CLIENT_ID: &str = "storedesk-demo";
const DEMO_CLIENT_SECRET: &str = "demo-secret";
const DEMO_NAME: &str = "Demo shop";
const DEMO_WAREHOUSE_NAME: &str = "Demo warehouse";
const DEMO_OFFERS_NAME: &str = "Demo offers";
/// Demo listings tracked at the demo offers service once the demo shop has synced its products.
const DEMO_TRACKED: usize = 6;

/// How often the demo marketplace changes something on its own (a new order, a repriced listing, a
/// shipment moving on), so a newcomer sees the background sync bring it in.
const LIVE_EVERY: Duration = Duration::from_secs(60);

/// The simulated systems the demo runs, once started.
#[derive(Default)]
pub(crate) struct DemoSystems {
    marketplace: Option<SimHandle>,
    warehouse: Option<WarehouseHandle>,
    offers: Option<OffersHandle>,
    live: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for DemoSystems {
    fn drop(&mut self) {
        for live in self.live.drain(..) {
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

/// Life on the demo warehouse's floor: every minute or so a parcel ships with tracking, an earlier one is
/// delivered, and now and then one is stuck (out of stock), so the order detail and the Warehouse view have
/// something to show.
fn floor(control: WarehouseControl) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(LIVE_EVERY);
        tick.tick().await;
        let mut n: u64 = 0;
        loop {
            tick.tick().await;
            n += 1;
            let orders = control.orders();
            let waiting = orders.iter().filter(|o| o.status == "Processing").map(|o| o.id);
            for (k, id) in waiting.take(3).enumerate() {
                if k == 2 && n.is_multiple_of(4) {
                    control.exception(id, "Out of stock at the warehouse");
                } else if k < 2 {
                    control.ship(id, "USPS", &format!("9400{id:012}"));
                }
            }
            let shipped = orders.iter().find(|o| o.status == "Fulfilled" && o.shipments.iter().any(|s| !s.delivered));
            if let Some(o) = shipped {
                control.deliver(o.id);
            }
        }
    })
}

/// The demo market of offers: a minute passes every minute, so the charts move while a newcomer looks.
fn market(control: OffersControl) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(LIVE_EVERY);
        tick.tick().await;
        loop {
            tick.tick().await;
            control.advance(1);
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
        self.ensure_demo_warehouse(shop_id).await?;
        self.ensure_demo_offers(shop_id).await?;
        self.begin_connect(shop_id, ConnectHow::AsConfigured).await
    }

    /// At start: a demo that exists gets its marketplace and warehouse running again (on new ports).
    pub async fn restore_demo(&self) {
        match self.demo_shops(ShopKind::Mercadolibre).await {
            Ok(ids) if !ids.is_empty() => {
                let restored = match self.ensure_demo_shop().await {
                    Ok(shop) => match self.ensure_demo_warehouse(shop).await {
                        Ok(_) => self.ensure_demo_offers(shop).await.map(|_| ()),
                        Err(e) => Err(e),
                    },
                    Err(e) => Err(e),
                };
                if let Err(e) = restored {
                    tracing::warn!(error = %e, "the demo did not start");
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
        systems.live.push(live(sim.control()));
        systems.marketplace = Some(sim);
        Ok(url)
    }

    /// The warehouse simulator's base URL, starting it if it is not running (`STOREDESK_DEMO_WAREHOUSE_URL`:
    /// one run elsewhere, which end-to-end tests drive).
    async fn ensure_warehouse_sim(&self) -> Result<String> {
        if let Ok(url) = std::env::var("STOREDESK_DEMO_WAREHOUSE_URL") {
            return Ok(url);
        }
        let mut systems = self.inner.demo.lock().await;
        if let Some(sim) = systems.warehouse.as_ref() {
            return Ok(sim.base_url());
        }
        let sim = storedesk_sim::warehouse::spawn(WarehouseConfig::default()).await.map_err(demo_error)?;
        let url = sim.base_url();
        tracing::info!(%url, "demo warehouse started");
        systems.live.push(floor(sim.control()));
        systems.warehouse = Some(sim);
        Ok(url)
    }

    /// The offers simulator's base URL, starting it if it is not running (`STOREDESK_DEMO_OFFERS_URL`: one run
    /// elsewhere, which end-to-end tests drive).
    async fn ensure_offers_sim(&self) -> Result<String> {
        if let Ok(url) = std::env::var("STOREDESK_DEMO_OFFERS_URL") {
            return Ok(url);
        }
        let mut systems = self.inner.demo.lock().await;
        if let Some(sim) = systems.offers.as_ref() {
            return Ok(sim.base_url());
        }
        let sim = storedesk_sim::offers::spawn(OffersConfig::default()).await.map_err(demo_error)?;
        let url = sim.base_url();
        tracing::info!(%url, "demo offers service started");
        systems.live.push(market(sim.control()));
        systems.offers = Some(sim);
        Ok(url)
    }

    /// The demo offers service (added on first use with the simulator's refresh token), pointed at the
    /// running simulator; a few demo listings are tracked there once the demo shop has synced them.
    async fn ensure_demo_offers(&self, demo_shop: ShopId) -> Result<ShopId> {
        let url = self.ensure_offers_sim().await?;
        let store = &self.inner.store;
        let id = match self.demo_shops(ShopKind::Offers).await?.first() {
            Some(&id) => {
                store.set_shop_endpoints(id, &url, &url).await?;
                self.inner.shops.forget(id);
                id
            }
            None => {
                let token = OffersConfig::default().refresh_tokens.into_iter().next().unwrap_or_default();
                let id = self.add_offers_service(DEMO_OFFERS_NAME, &url, &token).await?.id;
                store.set_shop_settings(id, &json!({ "demo": true })).await?;
                id
            }
        };
        if store.tracked_products(1).await?.is_empty() {
            let app = self.clone();
            tokio::spawn(async move { app.track_demo_listings(demo_shop, id).await });
        }
        Ok(id)
    }

    /// Waits (a few minutes at most) for the demo shop's first listings, then tracks some active ones.
    async fn track_demo_listings(&self, demo_shop: ShopId, service: ShopId) {
        use storedesk_core::model::{ListingState, ProductQuery};
        let query = ProductQuery {
            shop_id: Some(demo_shop),
            state: Some(ListingState::Active),
            limit: DEMO_TRACKED as i64,
            ..Default::default()
        };
        for _ in 0..150 {
            if let Ok(page) = self.list_products(&query).await {
                if page.rows.len() >= DEMO_TRACKED {
                    let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
                    if let Err(e) = self.track_products(&ids, Some(service)).await {
                        tracing::warn!(error = %e, "the demo listings were not tracked");
                    }
                    self.seed_demo_market(&page.rows).await;
                    return;
                }
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }

    /// Demo only: each tracked listing's offers sit around its own price (within 15%), so the chart and the
    /// repricing rules show something real instead of a market 50-90% away. The service prices whole units.
    async fn seed_demo_market(&self, listings: &[storedesk_core::model::ProductRow]) {
        let Some(market) = self.inner.demo.lock().await.offers.as_ref().map(OffersHandle::control) else { return };
        let Ok(tracked) = self.inner.store.tracked_products(DEMO_TRACKED as i64 * 4).await else { return };
        for listing in listings {
            let Some(t) = tracked.iter().find(|t| t.product_id == listing.id) else { continue };
            let Some(offers) = market.offers(&t.remote_id) else { continue };
            let whole = (listing.price.minor / 100).max(1);
            // The service's own offers (ids and stock kept), repriced from 12% under to 12% over ours.
            let around: Vec<(&str, i64, i64)> = offers
                .iter()
                .zip([88, 95, 98, 104, 112].iter().cycle())
                .map(|((id, _, stock), pct)| (id.as_str(), (whole * pct / 100).max(1), *stock))
                .collect();
            market.set_offers(&t.remote_id, &around);
        }
    }

    /// The demo's shops of one kind.
    async fn demo_shops(&self, kind: ShopKind) -> Result<Vec<ShopId>> {
        let store = &self.inner.store;
        let mut ids = Vec::new();
        // Collected first: an iterator with a closure held across an await makes the future not `Send`.
        let shops: Vec<ShopId> =
            store.list_shops().await?.into_iter().filter(|s| s.kind == kind).map(|s| s.id).collect();
        for id in shops {
            let settings = store.shop_settings(id).await?;
            if settings.get("demo").and_then(|d| d.as_bool()) == Some(true) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// The demo warehouse (added on first use with the simulator's token, the demo shop routed through it),
    /// pointed at the running warehouse simulator.
    async fn ensure_demo_warehouse(&self, demo_shop: ShopId) -> Result<ShopId> {
        let url = self.ensure_warehouse_sim().await?;
        let store = &self.inner.store;
        if let Some(&id) = self.demo_shops(ShopKind::Warehouse).await?.first() {
            store.set_shop_endpoints(id, &url, &url).await?;
            self.inner.shops.forget(id);
            return Ok(id);
        }
        let token = WarehouseConfig::default().tokens.into_iter().next().unwrap_or_default();
        let id = self.add_warehouse(DEMO_WAREHOUSE_NAME, Some(&url), &token).await?.id;
        store.set_shop_settings(id, &json!({ "demo": true })).await?;
        self.route_store(demo_shop, Some(id)).await?;
        Ok(id)
    }

    /// The demo shop (added on first use), pointed at the running simulator.
    async fn ensure_demo_shop(&self) -> Result<ShopId> {
        let url = self.ensure_marketplace().await?;
        let store = &self.inner.store;
        if let Some(&id) = self.demo_shops(ShopKind::Mercadolibre).await?.first() {
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
