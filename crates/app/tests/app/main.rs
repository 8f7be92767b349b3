//! storedesk-app's use cases against storedesk-sim over real HTTP: one test binary, a module per area.

mod backups;
mod catalogue;
mod descriptors;
mod edits;
mod offers;
#[path = "../common/offers_truth.rs"]
mod offers_truth;
#[path = "../common/routing.rs"]
mod routing;
mod use_cases;
mod warehouse;

use std::sync::Arc;

use storedesk_app::{App, AppOptions, ConnectHow, NewShopWithApp, Role};
use storedesk_core::model::{ShopId, ShopKind, ShopStatus, SyncResource, SyncRunQuery, SyncRunStatus};
use storedesk_core::time::Clock;
use storedesk_core::vault::KeySource;
use storedesk_sim::{ClientApp, SimConfig, SimHandle};
use tokio::net::{TcpListener, TcpStream};

pub const CLIENT_ID: &str = "app-test";
pub const CLIENT_SECRET: &str = "app-test-secret";

pub async fn sim(config: SimConfig) -> SimHandle {
    storedesk_sim::spawn(SimConfig {
        auto_approve: true,
        control: true,
        clients: vec![ClientApp {
            id: CLIENT_ID.into(),
            secret: CLIENT_SECRET.into(),
            redirect_uris: vec![],
            allow_loopback: true,
        }],
        ..config
    })
    .await
    .expect("sim")
}

pub async fn open(dir: &std::path::Path, role: Role) -> App {
    let options = AppOptions { key_source: Some(KeySource::FileOnly), ..AppOptions::new(dir, role) };
    App::open_with(options).await.expect("app opens")
}

/// The app reading the time from `clock` (backoffs can be waited out by moving it).
pub async fn open_with_clock(dir: &std::path::Path, clock: Arc<dyn Clock>) -> App {
    let options = AppOptions { key_source: Some(KeySource::FileOnly), clock, ..AppOptions::new(dir, Role::Guest) };
    App::open_with(options).await.expect("app opens")
}

pub async fn add_shop(app: &App, sim: &SimHandle) -> ShopId {
    add_shop_at(app, &sim.base_url()).await
}

/// A shop whose API and OAuth server are at `base` (the simulator, or a relay in front of it).
pub async fn add_shop_at(app: &App, base: &str) -> ShopId {
    let shop = app
        .add_shop_with_app(NewShopWithApp {
            kind: ShopKind::Mercadolibre,
            name: "Tienda App".into(),
            site: Some("MLA".into()),
            api_base: Some(base.to_owned()),
            auth_base: Some(base.to_owned()),
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
        })
        .await
        .expect("add shop");
    shop.id
}

/// Plays the person in the browser: the simulator approves at once and redirects to the loopback.
pub async fn connect(app: &App, shop: ShopId) {
    let start = app.begin_connect(shop, ConnectHow::Loopback).await.expect("begin");
    assert!(!start.paste);
    let browser = tokio::spawn(async move { reqwest::get(start.authorize_url).await.expect("browser").status() });
    let connected = app.wait_connect(start.attempt_id).await.expect("connected");
    assert_eq!(connected.status, ShopStatus::Connected);
    assert!(browser.await.unwrap().is_success());
}

pub async fn runs(app: &App) -> Vec<(SyncResource, SyncRunStatus)> {
    let page = app.list_sync_runs(&SyncRunQuery { limit: 500, ..Default::default() }).await.unwrap();
    page.rows.into_iter().map(|r| (r.resource, r.status)).collect()
}

/// A TCP relay in front of the simulator, to take the network away and give it back on the same address.
pub struct Relay {
    pub addr: std::net::SocketAddr,
    target: std::net::SocketAddr,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Relay {
    pub async fn start(target: &str) -> Relay {
        let target = target.trim_start_matches("http://").parse().expect("sim address");
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut relay = Relay { addr, target, task: None };
        relay.serve(listener);
        relay
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn serve(&mut self, listener: TcpListener) {
        let target = self.target;
        self.task = Some(tokio::spawn(async move {
            let mut pipes = tokio::task::JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                pipes.spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        }));
    }

    /// Stops listening and cuts every open connection: the shop is unreachable.
    pub fn cut(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }

    /// Listens again on the same address.
    pub async fn restore(&mut self) {
        let listener = TcpListener::bind(self.addr).await.expect("the relay's port again");
        self.serve(listener);
    }
}
