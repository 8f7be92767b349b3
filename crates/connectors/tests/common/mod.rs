//! A simulator, a store and a connector, wired as the app wires them.
#![allow(dead_code)]

pub mod truth;

use std::time::Duration;

use storedesk_connectors::connect::ShopSetup;
use storedesk_connectors::{Connector, RedirectMode, Shops};
use storedesk_core::auth::TokenPolicy;
use storedesk_core::model::{NewShop, ShopId, ShopKind};
use storedesk_core::vault::{KeySource, Vault};
use storedesk_core::Store;
use storedesk_sim::{ClientApp, SimConfig, SimHandle};

pub const CLIENT_ID: &str = "storedesk-test";
pub const CLIENT_SECRET: &str = "test-client-secret-7f3a";
pub const REGISTERED: &str = "https://storedesk.example.test/oauth/callback";

pub struct World {
    pub sim: SimHandle,
    pub dir: tempfile::TempDir,
    pub connector: Connector,
    pub shop: ShopId,
}

pub fn sim_config() -> SimConfig {
    SimConfig {
        auto_approve: true,
        control: true,
        clients: vec![ClientApp {
            id: CLIENT_ID.into(),
            secret: CLIENT_SECRET.into(),
            redirect_uris: vec![REGISTERED.into()],
            allow_loopback: true,
        }],
        ..SimConfig::default()
    }
}

pub async fn world(config: SimConfig, policy: TokenPolicy) -> World {
    let sim = storedesk_sim::spawn(config).await.expect("sim");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).await.expect("store");
    let vault = Vault::open(dir.path(), KeySource::FileOnly).expect("vault");
    let connector = Connector::new(Shops::with_policy(store, vault, policy));
    let shop = connector
        .add_shop(&ShopSetup {
            shop: NewShop {
                kind: ShopKind::Mercadolibre,
                name: "Tienda Test".into(),
                site: Some("MLA".into()),
                api_base: Some(sim.base_url()),
                auth_base: Some(sim.base_url()),
            },
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
        })
        .await
        .expect("add shop");
    World { sim, dir, connector, shop }
}

/// An HTTP client that does not follow redirects, to read where the provider sends the browser.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// Plays the person in the browser: opens the authorization URL (the simulator auto-approves) and
/// returns where it redirects.
pub async fn authorize(url: &str) -> String {
    let answer = browser().get(url).send().await.expect("authorization page");
    assert!(answer.status().is_redirection(), "expected a redirect, got {}", answer.status());
    answer.headers().get("location").and_then(|l| l.to_str().ok()).expect("location").to_owned()
}

/// Connects the world's shop through the loopback flow.
pub async fn connect(world: &World) {
    let attempt = world.connector.begin(world.shop, RedirectMode::Loopback).await.expect("begin");
    let url = attempt.authorize_url.clone();
    let browser = tokio::spawn(async move {
        let redirect = authorize(&url).await;
        reqwest::get(redirect).await.expect("loopback").status()
    });
    world.connector.finish_via_loopback(attempt, Duration::from_secs(10)).await.expect("connected");
    assert!(browser.await.expect("browser task").is_success());
}
