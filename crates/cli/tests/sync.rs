//! `storedesk-cli sync`, `daemon`, `list` and `export` as real processes: killed at random points,
//! stopped with SIGTERM, and still holding exactly the simulator's data.

mod common;

#[path = "../../connectors/tests/common/truth.rs"]
mod truth;

#[path = "../../app/tests/common/routing.rs"]
mod routing;

#[path = "../../app/tests/common/offers_truth.rs"]
mod offers_truth;

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::*;
use storedesk_core::Store;
use storedesk_sim::SimConfig;

async fn connected(items: u64, orders: u64, latency_ms: u64) -> (storedesk_sim::SimHandle, tempfile::TempDir, String) {
    let sim =
        sim_with(SimConfig { items, orders, latency: Duration::from_millis(latency_ms), ..SimConfig::default() }).await;
    let data = tempfile::tempdir().unwrap();
    let shop = add_shop(data.path(), &sim);
    connect(data.path(), &shop).await;
    (sim, data, shop)
}

async fn run_statuses(data: &Path) -> Vec<(String, String, i64)> {
    let store = Store::open(data).await.unwrap();
    let rows =
        sqlx::query_as("SELECT resource, status, pages FROM sync_runs ORDER BY id").fetch_all(store.pool()).await;
    store.close().await;
    rows.unwrap()
}

async fn assert_exact_copy(data: &Path, sim: &storedesk_sim::SimHandle) {
    let store = Store::open(data).await.unwrap();
    let control = sim.control();
    truth::assert_products_match(&store, &control).await;
    truth::assert_orders_match(&store, &control).await;
    truth::assert_shipments_match(&store, &control).await;
    // The search index holds each order once.
    let (orders, indexed): (i64, i64) =
        sqlx::query_as("SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM orders_fts)")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(orders, indexed);
    store.close().await;
}

fn kill(child: &mut Child, signal: &str) {
    let status = std::process::Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    assert!(status.success());
}

fn wait_with_timeout(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(start.elapsed() < limit, "the process did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_prints_a_summary_and_list_and_export_read_the_copy() {
    let (sim, data, shop) = connected(300, 200, 0).await;
    let out = run(data.path(), &["sync", &shop, "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summaries: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON summary");
    let by = |r: &str| summaries.as_array().unwrap().iter().find(|s| s["resource"] == r).cloned().unwrap();
    assert_eq!(by("products")["records_new"], 300);
    assert_eq!(by("orders")["records_new"], 200);
    assert_eq!(by("shipments")["records_new"], 200);
    assert!(by("products")["requests"].as_i64().unwrap() >= 18);
    assert!(by("orders")["seconds"].as_f64().is_some());

    let human = run(data.path(), &["sync", &shop, "--resource", "orders"]);
    // Nothing changed since: one request, nothing new or changed.
    assert!(stdout(&human).contains(" 1 requests"), "{}", stdout(&human));
    assert!(stdout(&human).contains("0 new, 0 changed"), "{}", stdout(&human));

    let listed = run(data.path(), &["orders", "list", "--json", "--limit", "7"]);
    let lines: Vec<serde_json::Value> =
        stdout(&listed).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(lines.len(), 7);
    assert!(lines[0]["created_at"].as_i64() >= lines[6]["created_at"].as_i64(), "newest first");

    let file = data.path().join("products.csv");
    let export = run(data.path(), &["export", "csv", "products", "--output", file.to_str().unwrap()]);
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let csv = std::fs::read_to_string(&file).unwrap();
    assert_eq!(csv.lines().count(), 301, "a header and one line per product");
    assert!(csv.starts_with("shop,id,sku,title,status,price,currency,stock,updated"));

    // Bad input: a clear error, exit 1, nothing written.
    let missing = run(data.path(), &["sync", "999"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("shop 999 not found"));
    let nowhere = data.path().join("no/such/dir/out.csv");
    let failed = run(data.path(), &["export", "csv", "orders", "--output", nowhere.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(!nowhere.exists());
    drop(sim);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_ten_times_at_random_points_the_sync_still_ends_with_exactly_the_simulators_data() {
    let (sim, data, shop) = connected(2_500, 2_500, 1).await;
    // A fixed sequence of "random" moments, spread over the products, orders and shipments passes.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..10 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let after = Duration::from_millis(300 + x % 2_500);
        let mut child =
            cli(data.path()).args(["sync", &shop]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(after);
        kill(&mut child, "-KILL");
        let _ = child.wait();
    }
    let statuses = run_statuses(data.path()).await;
    assert!(statuses.iter().any(|(_, s, _)| s == "running"), "some kills landed mid-run: {statuses:?}");
    let killed = statuses.iter().filter(|(_, s, _)| s == "running").count();
    let out = run(data.path(), &["sync", &shop]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_exact_copy(data.path(), &sim).await;
    // A one-shot command is a guest: it never relabels runs it did not start, even dead ones.
    let statuses = run_statuses(data.path()).await;
    assert_eq!(statuses.iter().filter(|(_, s, _)| s == "running").count(), killed);
    // An owner (the desktop app, the daemon) sees their processes are gone and closes them.
    let owner = Store::open(data.path()).await.unwrap();
    assert_eq!(owner.recover_orphaned_runs().await.unwrap(), killed as u64);
    owner.close().await;
    let statuses = run_statuses(data.path()).await;
    assert!(statuses.iter().all(|(_, s, _)| s != "running"), "killed runs are marked interrupted");
    assert!(statuses.iter().any(|(_, s, _)| s == "interrupted"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daemon_stops_cleanly_on_sigterm_mid_sync() {
    let (sim, data, shop) = connected(2_000, 2_000, 3).await;
    let mut daemon = cli(data.path()).arg("daemon").stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    // Wait until a run has stored some pages.
    let start = Instant::now();
    loop {
        let statuses = run_statuses(data.path()).await;
        if statuses.iter().any(|(_, s, pages)| s == "running" && *pages > 1) {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "the daemon never started syncing: {statuses:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    kill(&mut daemon, "-TERM");
    let status = wait_with_timeout(&mut daemon, Duration::from_secs(30));
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut daemon.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "exit {status}: {stderr}");
    assert!(stderr.contains("stopped"), "{stderr}");
    let statuses = run_statuses(data.path()).await;
    assert!(statuses.iter().all(|(_, s, _)| s != "running"), "no run is left running: {statuses:?}");
    assert!(statuses.iter().any(|(_, s, _)| s == "interrupted"), "the stopped run says so: {statuses:?}");
    // The stopped run resumes where it stopped.
    let out = run(data.path(), &["sync", &shop]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_exact_copy(data.path(), &sim).await;
}

/// Killing `outbox push` at ten moments loses no edit and applies none wrongly: the next push settles the
/// edits a kill left `sending` by reading the shop, and sends the rest.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_ten_times_mid_push_every_edit_still_lands_and_the_outbox_empties() {
    use storedesk_app::{App, Role};
    use storedesk_core::model::{EditRequest, EditValue, ListingState, OutboxQuery, OutboxStatus, ProductQuery};

    let (sim, data, shop) = connected(400, 0, 25).await;
    assert!(run(data.path(), &["sync", &shop, "--resource", "products"]).status.success());
    let mut expected = Vec::new();
    {
        let app = App::open(data.path(), Role::Guest).await.unwrap();
        let q = ProductQuery { state: Some(ListingState::Active), limit: 250, ..Default::default() };
        for (n, p) in app.list_products(&q).await.unwrap().rows.into_iter().enumerate() {
            let price = storedesk_core::Money { minor: 70_000 + n as i64 * 10, currency: p.price.currency.clone() };
            let req = EditRequest {
                product_id: p.id,
                variant_remote_id: None,
                value: EditValue::Price(price),
                reason: None,
                location_id: None,
            };
            app.edit_product(&req).await.unwrap();
            expected.push((p.remote_id.clone(), 70_000 + n as i64 * 10));
        }
        app.close().await;
    }
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut killed_mid_way = 0;
    for _ in 0..10 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut child =
            cli(data.path()).args(["outbox", "push"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(150 + x % 1_200));
        if child.try_wait().unwrap().is_none() {
            killed_mid_way += 1;
        }
        kill(&mut child, "-KILL");
        let _ = child.wait();
    }
    assert!(killed_mid_way > 0, "some kills landed while pushing");
    let out = run(data.path(), &["outbox", "push"]);
    assert!(out.status.success(), "{} {}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    for (remote_id, cents) in &expected {
        let price = sim.control().item(remote_id).unwrap()["price"].to_string();
        let (whole, frac) = price.split_once('.').unwrap_or((&price, ""));
        let got = whole.parse::<i64>().unwrap() * 100 + format!("{frac:0<2}")[..2].parse::<i64>().unwrap();
        assert_eq!(got, *cents, "{remote_id}");
    }
    let app = App::open(data.path(), Role::Guest).await.unwrap();
    let counts = app.outbox_counts().await.unwrap();
    assert_eq!((counts.waiting, counts.rejected, counts.conflict), (0, 0, 0));
    let sent = OutboxQuery { status: Some(OutboxStatus::Sent), limit: 500, ..Default::default() };
    assert_eq!(app.list_outbox(&sent).await.unwrap().rows.len(), expected.len());
    app.close().await;
}

/// A warehouse added, routed and pushed to from the command line, `outbox push` killed at ten moments
/// (some while a create's answer is on the way: the warehouse answers 40 ms after it acted): still
/// exactly one warehouse order per routed sale. `orders show --json` tells the fulfilment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_ten_times_mid_warehouse_push_still_one_warehouse_order_per_sale() {
    use storedesk_sim::warehouse::{RateWindow, WarehouseConfig};

    let (sim, data, shop) = connected(120, 700, 0).await;
    sim.control().create_orders(100);
    let token = "pat-cli-warehouse";
    let wh = storedesk_sim::warehouse::spawn(WarehouseConfig {
        tokens: vec![token.into()],
        latency: Duration::from_millis(40),
        rate: RateWindow { calls: 10_000, window: Duration::from_secs(60) },
        ..WarehouseConfig::default()
    })
    .await
    .unwrap();
    let base = wh.base_url();
    let refused =
        run(data.path(), &["shop", "add", "warehouse", "--name", "Bodega", "--api-base", &base, "--token", "nope"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("refused"), "a clear error for a bad token");
    let added =
        run(data.path(), &["shop", "add", "warehouse", "--name", "Bodega", "--api-base", &base, "--token", token]);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let warehouse = stdout(&added);
    assert!(run(data.path(), &["warehouse", "route", &shop, "--to", &warehouse]).status.success());
    for resource in ["orders", "shipments"] {
        assert!(run(data.path(), &["sync", &shop, "--resource", resource]).status.success());
    }
    let want = routing::expected(&sim);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut killed_mid_way = 0;
    for _ in 0..10 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut child =
            cli(data.path()).args(["outbox", "push"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(120 + x % 600));
        if child.try_wait().unwrap().is_none() {
            killed_mid_way += 1;
        }
        kill(&mut child, "-KILL");
        let _ = child.wait();
    }
    assert!(killed_mid_way > 0, "some kills landed while pushing");
    assert!(wh.stats().orders_created > 0);
    let out = run(data.path(), &["outbox", "push"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    routing::assert_one_per_routed_sale(&wh.control().orders(), &want);
    // Creates whose answers a kill cut off were sent again: the warehouse refused the duplicate reference
    // and the push bound the existing order.
    assert!(wh.stats().duplicate_creates > 0, "some kills landed between a create and its answer");

    // The warehouse ships one; a warehouse sync brings its tracking onto the store order.
    let (reference, order_id) = want.routed.iter().next().unwrap();
    let shipped = wh.control().order_by_reference(reference).unwrap();
    assert!(wh.control().ship(shipped.id, "UPS", "1Z999"));
    assert!(run(data.path(), &["sync", &warehouse, "--json"]).status.success());
    let shown = run(data.path(), &["orders", "show", &shop, order_id, "--json"]);
    assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
    let detail: serde_json::Value = serde_json::from_str(&stdout(&shown)).unwrap();
    let f = &detail["fulfilment"];
    assert_eq!(f["reference_id"], reference.as_str());
    assert_eq!(f["warehouse_order_id"], shipped.id.to_string());
    assert_eq!(
        (f["state"].as_str(), f["tracking_number"].as_str(), f["carrier"].as_str()),
        (Some("shipped"), Some("1Z999"), Some("UPS"))
    );
    assert!(f["shipped_at"].is_i64() && f["delivered_at"].is_null());
    let listed = run(data.path(), &["orders", "list", "--shop", &shop, "--limit", "1000", "--json"]);
    let rows: Vec<serde_json::Value> = stdout(&listed).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let shipped_rows = rows.iter().filter(|r| r["fulfilment_state"] == "shipped").count();
    assert_eq!(shipped_rows, 1);
    assert_eq!(rows.iter().filter(|r| r["fulfilment_state"] == "at_warehouse").count(), want.routed.len() - 1);
}

/// An offers service from the command line: added with its refresh token, 100 listings tracked, ten simulated
/// minutes each refreshed by an `sync OFFERS` killed at a random moment and then run to the end: the history
/// is still the market's log row for row (no gap, no duplicate). One-shot processes reuse the sealed JWT.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_refresh_the_offers_history_is_still_the_markets_log() {
    use storedesk_app::{App, Role};
    use storedesk_sim::offers::{OffersConfig, OffersHandle};

    let (_sim, data, shop) = connected(100, 0, 0).await;
    assert!(run(data.path(), &["sync", &shop, "--resource", "products"]).status.success());
    let market: OffersHandle = storedesk_sim::offers::spawn(OffersConfig {
        refresh_tokens: vec!["cli-refresh".into()],
        latency: Duration::from_millis(15),
        ..OffersConfig::default()
    })
    .await
    .unwrap();
    let base = market.base_url();
    let refused = run(
        data.path(),
        &["shop", "add", "offers", "--name", "Ofertas", "--api-base", &base, "--refresh-token", "nope"],
    );
    assert!(!refused.status.success() && String::from_utf8_lossy(&refused.stderr).contains("refused"));
    let added = run(
        data.path(),
        &["shop", "add", "offers", "--name", "Ofertas", "--api-base", &base, "--refresh-token", "cli-refresh"],
    );
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let service = stdout(&added);
    let listed = run(data.path(), &["products", "list", "--shop", &shop, "--limit", "100", "--json"]);
    let items: Vec<String> = stdout(&listed)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["remote_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(items.len(), 100);
    for item in &items[..3] {
        let tracked = run(data.path(), &["offers", "track", &shop, item, "--offers", &service]);
        assert!(tracked.status.success(), "{}", String::from_utf8_lossy(&tracked.stderr));
    }
    {
        // The rest in one go (as the Products table's "Track" on a selection does).
        let app = App::open(data.path(), Role::Guest).await.unwrap();
        let shop_id: i64 = shop.parse().unwrap();
        let mut ids = Vec::new();
        for item in &items {
            ids.push(app.product_id_by_remote(shop_id, item).await.unwrap());
        }
        app.track_products(&ids, None).await.unwrap();
        app.close().await;
    }
    assert!(run(data.path(), &["sync", &service]).status.success());
    assert!(run(data.path(), &["sync", &service, "--json"]).status.success());
    assert_eq!(
        market.control().stats().auth_calls,
        1,
        "the JWT bought when the service was added, reused by every process"
    );
    let control = market.control();
    let mut x: u64 = 0x5DEE_CE66_D1CE_4E5B;
    let mut killed_mid_way = 0;
    for _ in 0..10 {
        control.advance(1);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut child =
            cli(data.path()).args(["sync", &service]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(100 + x % 500));
        if child.try_wait().unwrap().is_none() {
            killed_mid_way += 1;
        }
        kill(&mut child, "-KILL");
        let _ = child.wait();
        let out = run(data.path(), &["sync", &service]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(killed_mid_way > 0, "some kills landed mid-refresh");
    let app = App::open(data.path(), Role::Guest).await.unwrap();
    offers_truth::assert_history_matches(&app, &control).await;
    app.close().await;

    // The history as scripts read it, and a rule.
    let history = run(data.path(), &["offers", "history", &shop, &items[0], "--json"]);
    let offers: serde_json::Value = serde_json::from_str(&stdout(&history)).unwrap();
    let first = &offers[0]["rows"][0];
    assert!(first["observed_at"].is_i64() && first["price"]["minor"].is_i64() && first["price"]["currency"] == "ARS");
    assert!(first["items_in_stock"].is_i64() && first["active"].is_boolean());
    let rule = run(
        data.path(),
        &[
            "offers",
            "reprice",
            &shop,
            &items[0],
            "--follow-lowest",
            "--minus",
            "10",
            "--floor",
            "100",
            "--ceiling",
            "900000",
        ],
    );
    assert!(rule.status.success(), "{}", String::from_utf8_lossy(&rule.stderr));
    let preview = run(data.path(), &["offers", "preview", "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&stdout(&preview)).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
    assert!(run(data.path(), &["offers", "reprice", &shop, &items[0], "--off"]).status.success());
    assert!(run(data.path(), &["offers", "untrack", &shop, &items[1]]).status.success());
}
