//! Token leases and refresh over real HTTP: no refresh ever races a request, a single-use refresh token
//! is sent once, and a revoked grant stops all calls.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{connect, sim_config, world};
use storedesk_connectors::api::Tally;
use storedesk_core::auth::TokenPolicy;
use storedesk_core::model::ShopStatus;
use storedesk_core::store::StoreEvent;
use storedesk_core::sync::{ChannelError, Connection};
use storedesk_core::time::now_ms;
use storedesk_sim::SimConfig;

fn short_lived(ttl: Duration) -> SimConfig {
    SimConfig { access_ttl: ttl, latency: Duration::from_millis(40), ..sim_config() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_requests_straddling_expiry_make_exactly_one_refresh() {
    let policy = TokenPolicy {
        refresh_margin: Duration::from_millis(1_500),
        drain_timeout: Duration::from_secs(5),
        ..TokenPolicy::default()
    };
    let w = world(short_lived(Duration::from_secs(4)), policy).await;
    connect(&w).await;
    let meli = w.connector.shops.meli(w.shop).await.unwrap();
    let expires = w.connector.shops.store.get_shop(w.shop).await.unwrap().token_expires_at.unwrap();

    // Start firing shortly before the refresh point and keep going past the expiry itself.
    let first = expires - 2_500 - now_ms();
    tokio::time::sleep(Duration::from_millis(first.max(0) as u64)).await;
    let mut tasks = Vec::new();
    for i in 0..200u64 {
        let meli = meli.clone();
        tasks.push(tokio::spawn(async move {
            // Spread over about three seconds, across the refresh margin and the expiry.
            tokio::time::sleep(Duration::from_millis(i * 15)).await;
            meli.me(&Tally::default()).await
        }));
    }
    for task in tasks {
        task.await.unwrap().expect("every request succeeds");
    }
    let stats = w.sim.stats();
    assert_eq!(stats.refreshes, 1, "exactly one refresh: {stats:?}");
    assert_eq!(stats.invalid_grant, 0);
    assert_eq!(stats.retired_token_requests, 0, "no request used a retired token");
    assert_eq!(stats.expired_token_requests, 0, "the refresh came before the expiry");
    assert!(stats.peak_concurrency > 1, "requests really overlapped: {stats:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_token_refused_early_is_refreshed_once_for_all_waiting_requests() {
    let w = world(short_lived(Duration::from_secs(3600)), TokenPolicy::default()).await;
    connect(&w).await;
    let meli = w.connector.shops.meli(w.shop).await.unwrap();
    meli.me(&Tally::default()).await.unwrap();
    w.sim.control().expire_access_tokens();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let meli = meli.clone();
            tokio::spawn(async move { meli.me(&Tally::default()).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().expect("succeeds after the refresh");
    }
    let stats = w.sim.stats();
    assert_eq!(stats.refreshes, 1, "{stats:?}");
    assert_eq!(stats.invalid_grant, 0);
    // The refreshed pair was stored before use: a new process-level manager reads generation 2.
    let row = w.connector.shops.store.load_credentials(w.shop).await.unwrap().unwrap();
    assert_eq!(row.generation, 2);
}

#[tokio::test]
async fn a_revoked_grant_needs_reconnect_after_one_refresh_and_stops_calling() {
    let w = world(short_lived(Duration::from_secs(3600)), TokenPolicy::default()).await;
    connect(&w).await;
    let mut events = w.connector.shops.store.subscribe();
    let meli = w.connector.shops.meli(w.shop).await.unwrap();
    w.sim.control().revoke_grant();

    let err = meli.me(&Tally::default()).await.unwrap_err();
    assert!(matches!(err, ChannelError::NeedsReconnect), "{err}");
    let shop = w.connector.shops.store.get_shop(w.shop).await.unwrap();
    assert_eq!(shop.status, ShopStatus::NeedsReconnect);
    assert_eq!(
        events.recv().await.unwrap(),
        StoreEvent::ShopStatus { shop_id: w.shop, status: ShopStatus::NeedsReconnect }
    );
    let before = w.sim.stats();
    assert_eq!(before.invalid_grant, 1, "one refresh attempt: {before:?}");

    for _ in 0..5 {
        assert!(matches!(meli.me(&Tally::default()).await, Err(ChannelError::NeedsReconnect)));
    }
    // Even a fresh manager (say, after a restart) reads the status and makes no call.
    w.connector.shops.forget(w.shop);
    let fresh = w.connector.shops.meli(w.shop).await.unwrap();
    assert!(matches!(fresh.me(&Tally::default()).await, Err(ChannelError::NeedsReconnect)));
    let after = w.sim.stats();
    let total = |s: &storedesk_sim::Stats| s.requests_by_route.values().sum::<u64>();
    assert_eq!(total(&after), total(&before), "no further request after invalid_grant");
    assert_eq!(after.invalid_grant, 1);

    // Reconnecting brings it back.
    connect(&w).await;
    w.connector.shops.meli(w.shop).await.unwrap().me(&Tally::default()).await.expect("works after reconnecting");
}

/// A tracing writer into memory, to read what the logs said.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_appear_in_plaintext_in_the_database_or_the_logs() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber =
        tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_writer(move || writer.clone()).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let w = world(short_lived(Duration::from_secs(3600)), TokenPolicy::default()).await;
    connect(&w).await;
    let meli = w.connector.shops.meli(w.shop).await.unwrap();
    meli.me(&Tally::default()).await.unwrap();
    w.sim.control().expire_access_tokens();
    meli.me(&Tally::default()).await.unwrap();
    let lease = w.connector.shops.tokens(w.shop).await.unwrap().lease().await.unwrap();
    let access = lease.access_token().expose().to_owned();
    drop(lease);
    assert!(access.starts_with("APP_USR-"));
    sqlx::query("PRAGMA wal_checkpoint(FULL)").execute(w.connector.shops.store.pool()).await.unwrap();

    // Every file in the data directory, its subdirectories included.
    let mut files = Vec::new();
    let mut dirs = vec![w.dir.path().to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.push(("logs".into(), logs.0.lock().unwrap().clone()));
    let secrets: [&[u8]; 4] = [access.as_bytes(), b"APP_USR-", b"TG-", common::CLIENT_SECRET.as_bytes()];
    for (name, bytes) in &files {
        for secret in secrets {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret),
                "{} found in {name}",
                String::from_utf8_lossy(secret)
            );
        }
    }
    assert!(!logs.0.lock().unwrap().is_empty(), "the logs were captured");

    // What the UI receives about shops carries no secret either.
    let answer = serde_json::to_string(&w.connector.shops.store.list_shops().await.unwrap()).unwrap();
    for secret in [access.as_str(), "TG-", common::CLIENT_SECRET] {
        assert!(!answer.contains(secret));
    }
}

/// Issue #8: with 3-second tokens, connecting used to loop on refresh (3,529 grants in 5 seconds), and a
/// sync refreshed on every request. Now: connecting refreshes nothing, and a sync of several thousand
/// records refreshes about once per lifetime, never with a retired token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_second_tokens_are_refreshed_about_once_per_lifetime() {
    use storedesk_core::model::SyncResource;
    use storedesk_core::sync::{run_job, StopSignal};

    let config = SimConfig { items: 3_000, orders: 3_000, access_ttl: Duration::from_secs(3), ..sim_config() };
    let w = world(config, TokenPolicy::default()).await;
    tokio::time::timeout(Duration::from_secs(20), connect(&w)).await.expect("connecting returns");
    assert_eq!(w.sim.stats().refreshes, 0, "a fresh token is not refreshed at once");
    let shops = &w.connector.shops;
    let shop = shops.store.get_shop(w.shop).await.unwrap();
    let channel = Connection::Sales(std::sync::Arc::new(shops.meli_channel(&shop).await.unwrap()));
    let started = std::time::Instant::now();
    let mut requests = 0;
    for resource in [SyncResource::Products, SyncResource::Orders, SyncResource::Shipments] {
        let summary = run_job(&shops.store, &channel, w.shop, resource, &StopSignal::never()).await.unwrap();
        assert_eq!(summary.status, storedesk_core::model::SyncRunStatus::Ok);
        requests += summary.requests;
    }
    // Slow the tail down a little so the run spans several lifetimes even on a fast machine.
    let control = w.sim.control();
    control.set_latency(Duration::from_millis(20));
    for _ in 0..150 {
        shops.meli(w.shop).await.unwrap().me(&Tally::default()).await.unwrap();
    }
    let seconds = started.elapsed().as_secs_f64();
    let stats = w.sim.stats();
    let lifetimes = seconds / 3.0;
    assert!(lifetimes > 1.5, "the run crossed several expiries ({seconds:.1} s)");
    let refreshes = stats.refreshes as f64;
    eprintln!("3-second tokens: {refreshes} refreshes in {seconds:.1} s ({requests} sync requests)");
    assert!(
        refreshes >= 0.5 * lifetimes && refreshes <= 2.0 * lifetimes + 2.0,
        "{refreshes} refreshes over {seconds:.1} s of 3-second tokens ({requests} sync requests): {stats:?}"
    );
    assert_eq!((stats.invalid_grant, stats.retired_token_requests, stats.expired_token_requests), (0, 0, 0));
}

/// panva's oidc-provider (npm, a certified OAuth 2.0 server) run by `tests/oidc/server.mjs` on 127.0.0.1:0:
/// PKCE required (S256 only), refresh tokens rotated on every use with reuse detection (a reused one
/// revokes the whole grant), access tokens of 3 s. It stops when this handle drops (its stdin closes).
struct OidcProvider {
    child: std::process::Child,
    info: serde_json::Value,
}

impl OidcProvider {
    fn start() -> OidcProvider {
        use std::io::BufRead;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let modules = root.join("tools/oidc/node_modules");
        assert!(
            modules.join("oidc-provider").exists(),
            "oidc-provider is not installed: run `make oidc-tools` (make test does)"
        );
        let mut child = std::process::Command::new("node")
            .arg(root.join("tests/oidc/server.mjs"))
            .env("OIDC_MODULES", &modules)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("node runs the oidc-provider fixture");
        let stdout = child.stdout.take().expect("its stdout");
        let mut line = String::new();
        std::io::BufReader::new(stdout).read_line(&mut line).expect("its first line");
        let info = serde_json::from_str(&line).unwrap_or_else(|e| panic!("the fixture's JSON line ({e}): {line}"));
        OidcProvider { child, info }
    }

    fn url(&self, name: &str) -> String {
        self.info[name].as_str().unwrap_or_else(|| panic!("{name} in {}", self.info)).to_owned()
    }

    async fn stats(&self) -> serde_json::Value {
        reqwest::get(self.url("stats_url")).await.unwrap().json().await.unwrap()
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The connect flow (PKCE S256, the loopback listener, the code exchange) and the token manager against a
/// real, certified OAuth 2.0 server: 200 concurrent leases over 15 s of 3 s tokens make about one refresh
/// per lifetime, every leased token is active at the server, no refresh token is ever sent twice (the
/// server would revoke the grant), and a revoked grant ends in "needs reconnect" after one attempt.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_certified_oauth_server_agrees_with_the_token_manager() {
    use storedesk_connectors::loopback::Loopback;
    use storedesk_connectors::oauth::{OAuthApp, OAuthRefresher};
    use storedesk_core::auth::{store_new_pair, AuthError, TokenManager};
    use storedesk_core::vault::{KeySource, Secret, Vault};

    let oidc = OidcProvider::start();
    let dir = tempfile::tempdir().unwrap();
    let store = storedesk_core::Store::open(dir.path()).await.unwrap();
    let vault = Vault::open(dir.path(), KeySource::FileOnly).unwrap();
    let shop = store
        .add_shop(&storedesk_core::model::NewShop {
            kind: storedesk_core::model::ShopKind::Mercadolibre,
            name: "Certified".into(),
            site: None,
            api_base: None,
            auth_base: None,
        })
        .await
        .unwrap();
    let app = OAuthApp {
        client_id: oidc.url("client_id"),
        client_secret: Secret::new(oidc.url("client_secret")),
        authorize_url: oidc.url("authorization_endpoint"),
        token_url: oidc.url("token_endpoint"),
    };
    let http = reqwest::Client::new();

    // Connect: the browser is sent with an S256 challenge, comes back to the loopback listener.
    let loopback = Loopback::bind().await.unwrap();
    let authorization = app.authorize(&loopback.redirect_uri).unwrap();
    assert!(authorization.url.contains("code_challenge_method=S256"), "{}", authorization.url);
    let url = authorization.url.clone();
    let browser = tokio::spawn(async move {
        let redirect = common::authorize(&url).await;
        reqwest::get(redirect).await.expect("the loopback answers").status()
    });
    let callback = loopback.wait(Duration::from_secs(10)).await.expect("the browser came back");
    assert!(browser.await.unwrap().is_success());
    assert_eq!(callback.state.as_deref(), Some(authorization.state.expose()), "state checked");
    let code = callback.code.expect("a code, not an error");
    let pair = app.exchange(&http, &authorization, &code).await.expect("the code exchanged with its verifier");
    assert_eq!(pair.expires_at - pair.issued_at, 3_000, "3 s access tokens");
    store_new_pair(&store, &vault, shop, &pair).await.unwrap();
    let refresher = Arc::new(OAuthRefresher { app: app.clone(), http: http.clone() });
    let tokens = TokenManager::new(store.clone(), vault.clone(), shop, refresher, TokenPolicy::default());

    // 200 concurrent leases for 15 s; each leased token is asked about at the server while leased.
    let introspect = oidc.url("introspection_endpoint");
    let run = Duration::from_secs(15);
    let started = std::time::Instant::now();
    let tasks: Vec<_> = (0..200u64)
        .map(|i| {
            let (tokens, http, introspect, app) = (tokens.clone(), http.clone(), introspect.clone(), app.clone());
            tokio::spawn(async move {
                let active = |lease: &storedesk_core::auth::Lease| {
                    let form = [
                        ("token", lease.access_token().expose().to_owned()),
                        ("client_id", app.client_id.clone()),
                        ("client_secret", app.client_secret.expose().to_owned()),
                    ];
                    let (http, introspect) = (http.clone(), introspect.clone());
                    async move {
                        let answer = http.post(&introspect).form(&form).send().await.expect("introspection");
                        answer.json::<serde_json::Value>().await.expect("introspection JSON")["active"] == true
                    }
                };
                let (mut leases, mut inactive) = (0u32, 0u32);
                tokio::time::sleep(Duration::from_millis(i * 4)).await;
                while started.elapsed() < run {
                    let lease = tokens.lease().await.expect("a lease");
                    leases += 1;
                    if !active(&lease).await {
                        inactive += 1;
                    }
                    drop(lease);
                    tokio::time::sleep(Duration::from_millis(400 + i % 400)).await;
                }
                (leases, inactive)
            })
        })
        .collect();
    let (mut leases, mut inactive) = (0, 0);
    for task in tasks {
        let (l, n) = task.await.unwrap();
        leases += l;
        inactive += n;
    }
    let seconds = started.elapsed().as_secs_f64();
    let stats = oidc.stats().await;
    let refreshes = stats["refreshes_ok"].as_u64().unwrap();
    println!(
        "oidc-provider: {leases} leases by 200 tasks in {seconds:.1} s of 3 s tokens: {refreshes} refreshes \
         ({:.2} per lifetime), {} invalid_grant, {} reuse detected, {inactive} leased tokens inactive at the server",
        refreshes as f64 * 3.0 / seconds,
        stats["invalid_grant"],
        stats["reuse_detected"]
    );
    assert_eq!(stats["reuse_detected"], 0, "no refresh token sent twice: {stats}");
    assert_eq!(stats["invalid_grant"], 0, "{stats}");
    assert_eq!(inactive, 0, "every leased token was active at the server");
    // A 3 s token refreshed in its last second (the provider's clock counts whole seconds): one refresh
    // every 2 s or so, never one per lease.
    let per_lifetime = refreshes as f64 * 3.0 / seconds;
    assert!((0.8..=1.7).contains(&per_lifetime), "{refreshes} refreshes in {seconds:.1} s: {stats}");

    // The grant revoked at the server: the next refresh is refused once, the shop needs reconnecting, and
    // no further request is made.
    let revoked = http.post(oidc.url("revoke_url")).send().await.unwrap();
    assert!(revoked.status().is_success());
    tokio::time::sleep(Duration::from_millis(3_100)).await;
    let before = oidc.stats().await["refreshes_failed"].as_u64().unwrap();
    assert!(matches!(tokens.lease().await, Err(AuthError::NeedsReconnect)));
    assert!(matches!(tokens.lease().await, Err(AuthError::NeedsReconnect)));
    let after = oidc.stats().await;
    assert_eq!(after["refreshes_failed"].as_u64().unwrap(), before + 1, "one attempt: {after}");
    let status = store.get_shop(shop).await.unwrap().status;
    assert_eq!(status, ShopStatus::NeedsReconnect);
}
