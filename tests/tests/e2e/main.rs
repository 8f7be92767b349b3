//! End to end: the real storedesk binary in a real window (Xvfb), driven over WebDriver through
//! tauri-driver and WebKitWebDriver, on a data directory filled through storedesk-core.
//! Run with `make test-e2e`; screenshots land in target/e2e-screenshots/.

mod driver;
mod proxy;

use driver::App;
use storedesk_core::paths::database_file;
use storedesk_core::{fixtures, Store};

const PRODUCTS: u64 = 3_000;
const ORDERS: u64 = 3_000;
/// A second shop selling the first of the same goods (same SKUs): the catalogue binds them.
const SECOND_SHOP: u64 = 60;

/// The digits of a formatted number ("3,000 products" -> 3000).
fn number_in(text: &str) -> Option<u64> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.parse().ok()
}

async fn seeded_data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).await.expect("open store");
    fixtures::seed(&store, "Tienda Demo", PRODUCTS, ORDERS).await.expect("seed");
    fixtures::seed(&store, "Tienda Sur", SECOND_SHOP, 0).await.expect("seed the second shop");
    store.close().await;
    dir
}

#[tokio::test]
async fn staff_browse_search_and_open_details_in_the_real_window() {
    let data = seeded_data_dir().await;
    let app = App::launch(data.path()).await;

    // Products: the rows are there, the count is the whole table, only a window of rows is rendered.
    app.open_view("products").await;
    app.wait_for("[data-testid=table-products] [data-testid=row]").await;
    let total = app
        .eventually("the product count", || async {
            number_in(&app.text("[data-testid=row-count]").await).filter(|n| *n == PRODUCTS + SECOND_SHOP)
        })
        .await;
    assert_eq!(total, PRODUCTS + SECOND_SHOP);
    let rendered = app.count("[data-testid=table-products] [data-testid=row]").await;
    assert!(rendered > 5 && rendered < 200, "virtualised: {rendered} rows in the DOM");
    app.screenshot("products").await;

    // Search by SKU finds exactly that product.
    let wanted = fixtures::product(1234);
    app.type_into("[data-testid=search]", wanted.sku.as_deref().unwrap_or_default()).await;
    app.eventually("one search hit", || async {
        let rows = app.count("[data-testid=table-products] [data-testid=row]").await;
        let text = app.text("[data-testid=table-products] [data-testid=row]").await;
        (rows == 1 && text.contains(&wanted.title)).then_some(())
    })
    .await;
    app.click("[data-testid=table-products] [data-testid=row]").await;
    app.eventually("the product detail", || async {
        app.text("[data-testid=detail]").await.contains(&wanted.title).then_some(())
    })
    .await;
    app.screenshot("product-search-detail").await;

    // An order's detail opens with its items.
    let order = fixtures::order(42, PRODUCTS);
    app.open_view("orders").await;
    app.wait_for("[data-testid=table-orders] [data-testid=row]").await;
    app.screenshot("orders").await;
    app.type_into("[data-testid=search]", &order.remote_id).await;
    app.eventually("the order search hit", || async {
        let text = app.text("[data-testid=table-orders] [data-testid=row]").await;
        (app.count("[data-testid=table-orders] [data-testid=row]").await == 1 && text.contains(&order.remote_id))
            .then_some(())
    })
    .await;
    app.click("[data-testid=table-orders] [data-testid=row]").await;
    let items = app
        .eventually("the order's items", || async {
            let n = app.count("[data-testid=detail] [data-testid=order-item]").await;
            (n > 0).then_some(n)
        })
        .await;
    assert_eq!(items, order.items.len());
    let detail = app.text("[data-testid=detail]").await;
    assert!(detail.contains(&order.items[0].title), "item title shown: {detail}");
    assert!(detail.contains(&order.buyer.nickname), "buyer shown: {detail}");
    app.screenshot("order-detail").await;

    app.open_view("shipments").await;
    app.wait_for("[data-testid=table-shipments] [data-testid=row]").await;
    app.screenshot("shipments").await;
    app.open_view("dashboard").await;
    app.eventually("the dashboard's product total", || async {
        app.text("main").await.contains("3,060").then_some(())
    })
    .await;
    app.screenshot("dashboard").await;
    app.open_view("shops").await;
    app.eventually("the shop listed", || async { app.text("main").await.contains("Tienda Demo").then_some(()) }).await;
    app.screenshot("shops").await;

    // The catalogue: one row per SKU, with each shop's listing of it side by side.
    app.open_view("catalogue").await;
    app.eventually("an item sold in both shops", || async {
        let first = app.text("[data-testid=catalogue-row]").await;
        let listings = app.count("[data-testid=catalogue-row]:first-child [data-testid=catalogue-listing]").await;
        (listings == 2 && first.contains("Tienda Demo") && first.contains("Tienda Sur")).then_some(())
    })
    .await;
    app.screenshot("catalogue").await;
    app.open_view("activity").await;
    app.screenshot("activity").await;

    // Start at login: an autostart entry that starts this binary in the tray, and none once switched off.
    app.open_view("settings").await;
    let entry = data.path().join("home/.config/autostart/storedesk.desktop");
    assert!(!entry.exists(), "off by default");
    app.click("[data-testid=autostart-switch]").await;
    let exec = app
        .eventually("the autostart entry", || async {
            let text = std::fs::read_to_string(&entry).ok()?;
            text.lines().find(|l| l.starts_with("Exec=")).map(str::to_owned)
        })
        .await;
    assert!(exec.ends_with(" --hidden") && exec.contains("storedesk"), "{exec}");
    app.screenshot("settings-autostart").await;
    app.click("[data-testid=autostart-switch]").await;
    app.eventually("the entry removed", || async { (!entry.exists()).then_some(()) }).await;

    // Switching the language to Spanish changes the labels.
    let english = app.text("[data-testid=nav-products]").await;
    assert!(english.contains("Products"), "{english}");
    app.select("[data-testid=setting-language]", "es").await;
    app.eventually("Spanish labels", || async {
        let label = app.text("[data-testid=nav-products]").await;
        label.contains("Productos").then_some(())
    })
    .await;
    assert!(app.text("[data-testid=nav-orders]").await.contains("Pedidos"));
    app.screenshot("settings-es").await;
    app.select("[data-testid=setting-theme]", "dark").await;
    app.open_view("products").await;
    app.wait_for("[data-testid=table-products] [data-testid=row]").await;
    app.screenshot("products-dark-es").await;
    app.quit().await;
}

/// The bad file moved aside, never deleted, and the screen says where it went.
fn assert_kept(data: &std::path::Path, garbage: &[u8], message: &str) -> std::path::PathBuf {
    let kept: Vec<_> = std::fs::read_dir(data)
        .expect("read data dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
        .filter(|e| std::fs::read(e.path()).is_ok_and(|bytes| bytes == garbage))
        .collect();
    assert_eq!(kept.len(), 1, "the bad file was moved aside, not deleted");
    let kept_name = kept[0].file_name().to_string_lossy().to_string();
    assert!(message.contains(&kept_name), "the screen says where the file went: {message}");
    kept[0].path()
}

#[tokio::test]
async fn a_damaged_database_is_restored_from_the_newest_copy_or_started_over() {
    // A store with a copy of it in backups/, then 4 KiB of noise over the start of the file.
    let data = tempfile::tempdir().expect("temp dir");
    let store = Store::open(data.path()).await.expect("open store");
    fixtures::seed(&store, "Tienda Demo", 120, 40).await.expect("seed");
    let backups = storedesk_core::backup::backups_dir(data.path());
    store.back_up(storedesk_core::backup::BackupKind::Manual, &backups).await.expect("a copy");
    store.close().await;
    // Gone, not only closed: while it lives this test process holds the data directory, and a restore
    // waits for every storedesk process there to quit.
    drop(store);
    let garbage = b"noise from a bad disk ".repeat(187)[..4096].to_vec();
    std::fs::write(database_file(data.path()), &garbage).expect("write garbage");
    let app = App::launch(data.path()).await;

    app.wait_for("[data-testid=db-error]").await;
    assert_kept(data.path(), &garbage, &app.text("[data-testid=db-error]").await);
    assert_eq!(app.count("[data-testid=nav-products]").await, 0, "nothing of the app behind the error");
    let offer = app.text("[data-testid=db-error]").await;
    assert!(offer.contains("120"), "the copy's contents are shown: {offer}");
    app.screenshot("db-error-backup-offered").await;

    // Restoring the copy opens the app on its data.
    app.click("[data-testid=db-restore-backup]").await;
    app.open_view("products").await;
    app.eventually("the restored products", || async {
        number_in(&app.text("[data-testid=row-count]").await).filter(|n| *n == 120)
    })
    .await;
    app.screenshot("restored-products").await;
    // Settings > Backups lists the copy.
    app.open_view("settings").await;
    app.scroll_to("[data-testid=backups-section]").await;
    app.wait_for("[data-testid=backup-row]").await;
    // A copy now, then restored from here, with background work running: the database
    // replaced is kept aside, and the app comes back on the restored data.
    app.click("[data-testid=backup-now]").await;
    app.eventually("the new copy listed", || async {
        (app.count("[data-testid=backup-row]").await == 2).then_some(())
    })
    .await;
    app.screenshot("settings-backups").await;
    app.click("[data-testid=backup-restore]").await;
    app.wait_for("[data-testid=confirm]").await;
    app.screenshot("settings-backup-confirm").await;
    app.click("[data-testid=confirm-ok]").await;
    // The notice of this restore (the start screen's said nothing was kept aside: there was nothing).
    let notice = app
        .eventually("the restore's notice", || async {
            let text = app.text("[data-testid=backup-restored]").await;
            text.contains(".before-restore-").then_some(text)
        })
        .await;
    let kept_aside: Vec<String> = std::fs::read_dir(data.path())
        .expect("read data dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".before-restore-"))
        .collect();
    assert_eq!(kept_aside.len(), 1, "the replaced database is kept aside");
    assert!(notice.contains(&kept_aside[0]), "and the notice says where: {notice}");
    app.screenshot("settings-backup-restored").await;
    app.open_view("products").await;
    app.eventually("the products after the second restore", || async {
        number_in(&app.text("[data-testid=row-count]").await).filter(|n| *n == 120)
    })
    .await;
    app.quit().await;

    // Without a copy, starting over gives an empty, working app; the kept file stays.
    std::fs::remove_dir_all(&backups).expect("remove the copies");
    let garbage = b"definitely not SQLite".repeat(100);
    std::fs::write(database_file(data.path()), &garbage).expect("write garbage");
    let app = App::launch(data.path()).await;
    app.wait_for("[data-testid=db-error]").await;
    let kept = assert_kept(data.path(), &garbage, &app.text("[data-testid=db-error]").await);
    assert_eq!(app.count("[data-testid=db-restore-backup]").await, 0, "no copy, no offer");
    app.screenshot("db-error").await;
    app.click("[data-testid=db-reset]").await;
    app.open_view("products").await;
    app.wait_for("[data-testid=empty]").await;
    assert!(kept.exists());
    app.screenshot("products-empty").await;
    app.quit().await;
}

#[tokio::test]
async fn the_demo_shop_connects_through_the_real_oauth_flow() {
    let data = tempfile::tempdir().expect("temp dir");
    let app = App::launch(data.path()).await;
    app.open_view("shops").await;
    app.wait_for("[data-testid=empty]").await;
    app.screenshot("shops-empty").await;
    app.click("[data-testid=try-demo]").await;

    // The app opened (or tried to open) the system browser; the test is the browser.
    let url = app
        .eventually("the authorization address", || async {
            let text = app.text("[data-testid=authorize-url]").await;
            let value = app.value("[data-testid=authorize-url]").await;
            [text, value].into_iter().find(|u| u.starts_with("http://127.0.0.1:"))
        })
        .await;
    assert!(url.contains("code_challenge_method=S256") && url.contains("state="), "{url}");
    app.screenshot("shops-connecting").await;
    let landed = browser().get(&url).send().await.expect("authorize in the simulated marketplace");
    assert!(landed.status().is_success(), "the redirect reached the app's loopback listener");
    assert!(landed.text().await.unwrap_or_default().contains("close this tab"));

    // The demo shop, with the demo warehouse and offers service beside it.
    app.eventually("the demo shop connected", || async {
        let rows = app.texts("[data-testid=shop-row]").await;
        let statuses = app.attrs("[data-testid=shop-row] [data-testid=shop-status]", "data-status").await;
        let demo = rows.iter().position(|r| r.contains("Demo shop"))?;
        (statuses.get(demo).map(String::as_str) == Some("connected")).then_some(())
    })
    .await;
    app.screenshot("shops-connected").await;

    // What the app wrote (database, WAL, settings) holds no token or client secret in plaintext, and
    // neither does what the UI was told.
    app.open_view("settings").await;
    app.select("[data-testid=setting-theme]", "dark").await;
    let shops_json = app.invoke_json("list_shops").await;
    let settings = data.path().join("settings.json");
    app.eventually("the settings saved", || async { settings.exists().then_some(()) }).await;
    app.quit().await;
    let mut written = vec![("list_shops answer".to_owned(), shops_json.into_bytes())];
    for entry in std::fs::read_dir(data.path()).expect("data dir").filter_map(Result::ok) {
        if entry.path().is_file() {
            written.push((entry.path().display().to_string(), std::fs::read(entry.path()).expect("read")));
        }
    }
    assert!(written.iter().any(|(name, _)| name.ends_with("settings.json")), "the settings store is in the data dir");
    for (name, bytes) in &written {
        for secret in [&b"APP_USR-"[..], b"TG-", b"demo-secret"] {
            assert!(!bytes.windows(secret.len()).any(|w| w == secret), "{} in {name}", String::from_utf8_lossy(secret));
        }
    }
}

/// "Try the demo" in Shops, and the test plays the system browser on the authorization address.
async fn connect_demo(app: &App) {
    app.open_view("shops").await;
    app.click("[data-testid=try-demo]").await;
    let authorize = app
        .eventually("the authorization address", || async {
            let text = app.text("[data-testid=authorize-url]").await;
            let value = app.value("[data-testid=authorize-url]").await;
            [text, value].into_iter().find(|u| u.starts_with("http://127.0.0.1:"))
        })
        .await;
    assert!(browser().get(&authorize).send().await.expect("authorize").status().is_success());
}

/// The test's "system browser": an HTTP client that gives up rather than hang the suite.
fn browser() -> reqwest::Client {
    reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)).build().expect("HTTP client")
}

/// The sync state word of the overview (`"syncing"`, `"offline"`, ...).
async fn sync_state(app: &App) -> String {
    let overview: serde_json::Value = serde_json::from_str(&app.invoke_json("sync_overview").await).unwrap_or_default();
    overview["state"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_demo_shop_syncs_in_the_background_goes_offline_and_comes_back() {
    const ITEMS: u64 = 1_500;
    let sim = storedesk_sim::spawn(storedesk_sim::SimConfig {
        items: ITEMS,
        orders: 1_500,
        auto_approve: true,
        latency: std::time::Duration::from_millis(3),
        ..Default::default()
    })
    .await
    .expect("simulator");
    let target = sim.base_url().trim_start_matches("http://").parse().expect("simulator address");
    let mut relay = proxy::Relay::start(target).await;
    let url = format!("http://127.0.0.1:{}", relay.port);
    // The demo routes its paid orders to a warehouse; a roomy window keeps those pushes from holding the
    // sync busy for minutes (ShipBob's own 150 a minute is the warehouse tests' subject).
    let warehouse = storedesk_sim::warehouse::spawn(storedesk_sim::warehouse::WarehouseConfig {
        rate: storedesk_sim::warehouse::RateWindow { calls: 10_000, window: std::time::Duration::from_secs(60) },
        ..Default::default()
    })
    .await
    .expect("warehouse");
    let data = tempfile::tempdir().expect("temp dir");
    let env = [("STOREDESK_DEMO_SIM_URL", url.as_str()), ("STOREDESK_DEMO_WAREHOUSE_URL", &warehouse.base_url())];
    let app = App::launch_with(data.path(), &env).await;

    // Connect the demo shop; the scheduler starts its first sync at once.
    connect_demo(&app).await;

    // Products fill in while a progress bar shows the running job.
    app.open_view("products").await;
    app.eventually("a sync progress bar", || async {
        (app.count("[data-testid=sync-progress]").await > 0).then_some(())
    })
    .await;
    app.screenshot("sync-progress").await;
    app.eventually("every product synced", || async {
        app.open_view("products").await;
        number_in(&app.text("[data-testid=row-count]").await).filter(|n| *n == ITEMS)
    })
    .await;
    app.eventually("the sync idle", || async { (sync_state(&app).await == "idle").then_some(()) }).await;

    // A new order arrives and is synced on Sync now.
    let created = sim.control().create_orders(1);
    assert_eq!(created.len(), 1);
    app.invoke_with("sync_now", serde_json::json!({"shopId": null, "resource": null})).await;
    app.eventually("the new order synced", || async {
        let dashboard = app.invoke_with("dashboard", serde_json::json!({"lowStockMax": 5, "days": 30})).await;
        let figures: serde_json::Value = serde_json::from_str(&dashboard).unwrap_or_default();
        (figures["orders"].as_u64() == Some(1_501)).then_some(())
    })
    .await;

    // The network goes away: the app says offline and everything stays browsable.
    relay.stop();
    app.invoke_with("sync_now", serde_json::json!({"shopId": null, "resource": null})).await;
    app.eventually("offline", || async { (sync_state(&app).await == "offline").then_some(()) }).await;
    app.eventually("the status says offline", || async {
        app.text("[data-testid=sync-status]").await.to_lowercase().contains("offline").then_some(())
    })
    .await;
    app.open_view("products").await;
    app.eventually("products still listed offline", || async {
        number_in(&app.text("[data-testid=row-count]").await).filter(|n| *n == ITEMS)
    })
    .await;
    app.screenshot("sync-offline").await;

    // Back online: the next try syncs again.
    relay.resume().await;
    sim.control().reprice_items(3);
    app.invoke_with("sync_now", serde_json::json!({"shopId": null, "resource": null})).await;
    app.eventually("online again", || async {
        let state = sync_state(&app).await;
        (state == "idle" || state == "syncing").then_some(())
    })
    .await;
    app.screenshot("sync-back-online").await;
    app.quit().await;
}

/// A price as the simulator's JSON number, in cents.
fn cents(v: &serde_json::Value) -> i64 {
    let text = v.to_string();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    whole.parse::<i64>().unwrap_or(0) * 100 + format!("{frac:0<2}")[..2].parse::<i64>().unwrap_or(0)
}

/// `minor * (100 + percent) / 100`, rounded half to even (what the bulk edit promises).
fn raised(minor: i64, percent: i64) -> i64 {
    let scaled = minor * (100 + percent);
    let (q, r) = (scaled / 100, scaled % 100);
    if r > 50 || (r == 50 && q % 2 == 1) {
        q + 1
    } else {
        q
    }
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

/// The write path and the warehouse in the real window: a price edited inline is pending while sync is
/// paused and reaches the marketplace after; ten prices raised 5% with a preview; an edit of a listing
/// closed on the marketplace is rejected with the marketplace's reason; the demo's orders go to the demo
/// warehouse, and a parcel the warehouse ships shows its tracking on the order; then Portuguese.
#[tokio::test]
async fn staff_edit_prices_and_orders_ship_through_the_warehouse() {
    use storedesk_sim::warehouse::{WarehouseConfig, WarehouseHandle};

    let sim = storedesk_sim::spawn(storedesk_sim::SimConfig {
        items: 120,
        orders: 200,
        auto_approve: true,
        ..Default::default()
    })
    .await
    .expect("simulator");
    sim.control().create_orders(15);
    // A roomy window: ShipBob's own 150 a minute is the warehouse tests' subject, not this one's.
    let wh: WarehouseHandle = storedesk_sim::warehouse::spawn(WarehouseConfig {
        rate: storedesk_sim::warehouse::RateWindow { calls: 10_000, window: std::time::Duration::from_secs(60) },
        ..Default::default()
    })
    .await
    .expect("warehouse");
    let data = tempfile::tempdir().expect("temp dir");
    let env = [("STOREDESK_DEMO_SIM_URL", sim.base_url()), ("STOREDESK_DEMO_WAREHOUSE_URL", wh.base_url())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = App::launch_with(data.path(), &env).await;

    connect_demo(&app).await;
    app.open_view("products").await;
    app.eventually("every product synced", || async {
        app.open_view("products").await;
        number_in(&app.text("[data-testid=row-count]").await).filter(|n| *n == 120)
    })
    .await;

    // Inline: pending while sync is paused, then on the marketplace.
    app.invoke_with("set_sync_paused", serde_json::json!({"shopId": null, "paused": true})).await;
    let cell = "button[data-testid=price-cell]";
    let id = app.attr(cell, "data-id").await.expect("an editable price");
    let product = json(&app.invoke_with("get_product", serde_json::json!({"id": id.parse::<i64>().unwrap()})).await);
    let remote_id = product["product"]["remote_id"].as_str().expect("remote id").to_owned();
    app.click(&format!("{cell}[data-id='{id}']")).await;
    app.type_into("[data-testid=inline-input]", "4321.50\u{E007}").await;
    app.eventually("the edit pending", || async { (app.count("[data-testid=pending-badge]").await > 0).then_some(()) })
        .await;
    app.screenshot("edit-pending").await;
    assert_ne!(cents(&sim.control().item(&remote_id).unwrap()["price"]), 432_150, "not sent while paused");
    app.invoke_with("set_sync_paused", serde_json::json!({"shopId": null, "paused": false})).await;
    app.eventually("the price on the marketplace", || async {
        (cents(&sim.control().item(&remote_id).unwrap()["price"]) == 432_150).then_some(())
    })
    .await;
    app.eventually("nothing pending", || async { (app.count("[data-testid=pending-badge]").await == 0).then_some(()) })
        .await;

    // Bulk: ten listings (not the one just edited) raised 5%, with the preview first.
    let boxes = "[data-testid=row-select]";
    let picked = app.click_first(&format!("{boxes}:not([data-id='{id}'])"), 10).await;
    assert_eq!(picked, 10);
    let mut ids = Vec::new();
    for local in app.attrs(&format!("{boxes}:checked"), "data-id").await {
        let detail =
            json(&app.invoke_with("get_product", serde_json::json!({"id": local.parse::<i64>().unwrap()})).await);
        ids.push(detail["product"]["remote_id"].as_str().expect("remote id").to_owned());
    }
    assert_eq!(ids.len(), 10);
    let before: Vec<i64> = ids.iter().map(|r| cents(&sim.control().item(r).unwrap()["price"])).collect();
    app.click("[data-testid=bulk-edit]").await;
    app.wait_for("[data-testid=bulk-dialog]").await;
    app.select("[data-testid=bulk-kind]", "raise_percent").await;
    app.type_into("[data-testid=bulk-value]", "5").await;
    app.click("[data-testid=bulk-preview]").await;
    app.eventually("ten preview rows", || async {
        (app.count("[data-testid=bulk-preview-row]").await == 10).then_some(())
    })
    .await;
    app.screenshot("bulk-preview").await;
    app.click("[data-testid=bulk-apply]").await;
    app.wait_for("[data-testid=bulk-result]").await;
    for (remote, old) in ids.iter().zip(&before) {
        let want = raised(*old, 5);
        app.eventually("a raised price on the marketplace", || async {
            (cents(&sim.control().item(remote).unwrap()["price"]) == want).then_some(())
        })
        .await;
    }
    app.click("[data-testid=bulk-close]").await;

    // A listing closed on the marketplace: the edit is refused, and the reason is shown.
    let closed_id = app.attr(&format!("{cell}:not([data-id='{id}'])"), "data-id").await.expect("another listing");
    let closed =
        json(&app.invoke_with("get_product", serde_json::json!({"id": closed_id.parse::<i64>().unwrap()})).await);
    let closed_remote = closed["product"]["remote_id"].as_str().expect("remote id").to_owned();
    assert!(sim.control().change_item(&closed_remote, None, Some("closed")));
    app.click(&format!("{cell}[data-id='{closed_id}']")).await;
    app.type_into("[data-testid=inline-input]", "999.00\u{E007}").await;
    app.eventually("the edit needs attention", || async {
        (app.count("[data-testid=attention-badge]").await > 0).then_some(())
    })
    .await;
    app.open_view("activity").await;
    app.click("[data-testid=outbox-tab]").await;
    let reason = app
        .eventually("the rejection's reason", || async {
            let text = app.text("[data-testid=outbox-row][data-status=rejected] [data-testid=outbox-error]").await;
            (!text.is_empty()).then_some(text)
        })
        .await;
    assert!(reason.contains("closed"), "the marketplace's words: {reason}");
    app.screenshot("outbox-rejected").await;

    // The demo's paid orders went to the demo warehouse; the warehouse ships one; its tracking shows.
    let shipped =
        app.eventually("orders at the warehouse", || async { wh.control().orders().into_iter().next() }).await;
    assert!(wh.control().ship(shipped.id, "USPS", "9400E2E0001"));
    let shops = json(&app.invoke_json("list_shops").await);
    let warehouse = shops.as_array().unwrap().iter().find(|s| s["kind"] == "warehouse").expect("the demo warehouse");
    app.invoke_with("sync_now", serde_json::json!({"shopId": warehouse["id"], "resource": null})).await;
    let order_remote = shipped.reference_id.rsplit('-').next().unwrap().to_owned();
    app.open_view("orders").await;
    app.type_into("[data-testid=search]", &order_remote).await;
    app.eventually("the shipped order", || async {
        let cell = app.attr("[data-testid=table-orders] [data-testid=fulfilment-cell]", "data-state").await;
        (cell.as_deref() == Some("shipped")).then_some(())
    })
    .await;
    app.click("[data-testid=table-orders] [data-testid=row]").await;
    let tracking = app
        .eventually("the tracking on the order", || async {
            let text = app.text("[data-testid=fulfilment-tracking]").await;
            (!text.is_empty()).then_some(text)
        })
        .await;
    assert!(tracking.contains("9400E2E0001"), "{tracking}");
    app.screenshot("order-fulfilment").await;
    app.open_view("warehouse").await;
    app.screenshot("warehouse").await;

    // In Portuguese.
    app.open_view("settings").await;
    app.select("[data-testid=setting-language]", "pt").await;
    app.eventually("the window in Portuguese", || async {
        app.text("[data-testid=nav-products]").await.contains("Produtos").then_some(())
    })
    .await;
    app.open_view("orders").await;
    app.screenshot("orders-portuguese").await;
    app.quit().await;
}

/// Offers in the real window: the demo tracks some listings at the demo offers service; staff track one
/// more from its detail, the market moves and the chart fills (ranges switch), a repricing rule follows the
/// lowest offer and the listing's new price reaches the marketplace; the Offers view lists all of it.
#[tokio::test]
async fn staff_track_offers_chart_them_and_reprice_from_them() {
    use storedesk_sim::offers::OffersConfig;

    let sim = storedesk_sim::spawn(storedesk_sim::SimConfig {
        items: 40,
        orders: 20,
        auto_approve: true,
        ..Default::default()
    })
    .await
    .expect("simulator");
    // Run here (not inside the app), so the market moves only when the test says.
    let offers = storedesk_sim::offers::spawn(OffersConfig::default()).await.expect("offers service");
    let data = tempfile::tempdir().expect("temp dir");
    let env = [("STOREDESK_DEMO_SIM_URL", sim.base_url()), ("STOREDESK_DEMO_OFFERS_URL", offers.base_url())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = App::launch_with(data.path(), &env).await;
    connect_demo(&app).await;
    app.eventually("every product synced", || async {
        app.open_view("products").await;
        number_in(&app.text("[data-testid=row-count]").await).filter(|n| *n == 40)
    })
    .await;

    // The demo tracks six listings once they are synced, and their offers arrive.
    app.open_view("offers").await;
    app.eventually("six tracked products with offers", || async {
        let tracked = json(&app.invoke_with("tracked_products", serde_json::json!({"limit": 100})).await);
        let rows = tracked.as_array().cloned().unwrap_or_default();
        (rows.len() == 6 && rows.iter().all(|r| r["active_offers"].as_i64().unwrap_or(0) > 0)).then_some(())
    })
    .await;
    app.eventually("the tracked rows listed with their offers", || async {
        let counts = app.texts("[data-testid=tracked-row] [data-testid=tracked-active-offers]").await;
        (counts.len() == 6 && counts.iter().all(|n| number_in(n).unwrap_or(0) > 0)).then_some(())
    })
    .await;
    app.screenshot("offers-view").await;

    // Staff track one more from its detail.
    let tracked = json(&app.invoke_with("tracked_products", serde_json::json!({"limit": 100})).await);
    let tracked: Vec<i64> = tracked.as_array().unwrap().iter().filter_map(|r| r["product_id"].as_i64()).collect();
    app.open_view("products").await;
    app.wait_for("[data-testid=table-products] [data-testid=row]").await;
    let rows = app.attrs("[data-testid=table-products] [data-testid=row]", "data-id").await;
    let id = rows.iter().find(|r| !tracked.contains(&r.parse().unwrap_or(0))).expect("an untracked listing").clone();
    app.click(&format!("[data-testid=table-products] [data-testid=row][data-id='{id}']")).await;
    app.click("[data-testid=track-product]").await;
    app.eventually("its offers listed", || async { (app.count("[data-testid=offer-row]").await > 0).then_some(()) })
        .await;
    assert_eq!(offers.control().registered().len(), 7, "registered once each");

    // The market moves; every refresh adds what changed to the history and the chart.
    let shops = json(&app.invoke_json("list_shops").await);
    let service = shops.as_array().unwrap().iter().find(|s| s["kind"] == "offers").expect("the demo offers service");
    let history_rows = || async {
        let history =
            json(&app.invoke_with("offer_history", serde_json::json!({"productId": id.parse::<i64>().unwrap()})).await);
        history.as_array().map(|offers| offers.iter().map(|o| o["rows"].as_array().map_or(0, Vec::len)).sum::<usize>())
    };
    let first = history_rows().await.unwrap_or(0);
    for _ in 0..3 {
        offers.control().advance(5);
        app.invoke_with("sync_now", serde_json::json!({"shopId": service["id"], "resource": "offers"})).await;
    }
    app.eventually("the history grown", || async { history_rows().await.filter(|n| *n > first) }).await;
    app.click("[data-testid=chart-range-hour]").await;
    app.eventually("the hour range drawn", || async {
        let range = app.attr("[data-testid=offer-chart]", "data-range").await;
        (range.as_deref() == Some("hour") && app.count("[data-testid=offer-chart-plot] path").await > 0).then_some(())
    })
    .await;
    app.scroll_to("[data-testid=offer-chart]").await;
    app.screenshot("offers-chart").await;

    // A rule: 1.00 under the lowest offer, within a floor and a ceiling. The listing follows on the marketplace.
    let detail = json(&app.invoke_with("get_product", serde_json::json!({"id": id.parse::<i64>().unwrap()})).await);
    let remote = detail["product"]["remote_id"].as_str().expect("remote id").to_owned();
    app.scroll_to("[data-testid=reprice-form]").await;
    app.click("[data-testid=reprice-enable]").await;
    // "An amount" is the mode a new rule starts in.
    app.type_into("[data-testid=reprice-minus]", "1").await;
    app.type_into("[data-testid=reprice-floor]", "1").await;
    app.type_into("[data-testid=reprice-ceiling]", "9999999").await;
    app.click("[data-testid=reprice-save]").await;
    let lowest = app
        .eventually("the lowest offer known", || async {
            let detail =
                json(&app.invoke_with("get_product", serde_json::json!({"id": id.parse::<i64>().unwrap()})).await);
            detail["product"]["lowest_offer"]["minor"].as_i64()
        })
        .await;
    let want = lowest - 100;
    app.eventually("the repriced listing on the marketplace", || async {
        (cents(&sim.control().item(&remote).unwrap()["price"]) == want).then_some(())
    })
    .await;
    app.screenshot("offers-repriced").await;

    // Bad input is refused in the form, and nothing is saved.
    app.type_into("[data-testid=reprice-floor]", "500").await;
    app.type_into("[data-testid=reprice-ceiling]", "100").await;
    app.click("[data-testid=reprice-save]").await;
    app.wait_for("[data-testid=reprice-error]").await;
    let detail = json(&app.invoke_with("get_product", serde_json::json!({"id": id.parse::<i64>().unwrap()})).await);
    assert_eq!(detail["reprice_rule"]["floor"]["minor"].as_i64(), Some(100), "the saved rule kept");

    app.open_view("offers").await;
    app.eventually("seven tracked rows", || async {
        (app.count("[data-testid=tracked-row]").await == 7).then_some(())
    })
    .await;
    app.quit().await;
}

/// The local API from the desktop: turned on in Settings, a key made there (its secret shown once) lists
/// the demo's orders over HTTP, the reference is served, a revoked key is refused; the Metrics panel draws.
#[tokio::test]
async fn the_local_api_is_turned_on_in_settings_and_answers_with_a_key_made_there() {
    let sim = storedesk_sim::spawn(storedesk_sim::SimConfig {
        items: 30,
        orders: 25,
        auto_approve: true,
        ..Default::default()
    })
    .await
    .expect("simulator");
    let data = tempfile::tempdir().expect("temp dir");
    let env = [("STOREDESK_DEMO_SIM_URL", sim.base_url())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let app = App::launch_with(data.path(), &env).await;
    connect_demo(&app).await;
    app.eventually("the demo's orders synced", || async {
        let dashboard = app.invoke_with("dashboard", serde_json::json!({"lowStockMax": 5, "days": 3650})).await;
        (json(&dashboard)["orders"].as_u64() == Some(25)).then_some(())
    })
    .await;

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    app.open_view("settings").await;
    app.scroll_to("[data-testid=api-enabled]").await;
    app.click("[data-testid=api-enabled]").await;
    app.type_into("[data-testid=api-port]", &port.to_string()).await;
    app.click("[data-testid=api-save]").await;
    let url = app
        .eventually("the API running", || async {
            let running = app.attr("[data-testid=api-status]", "data-running").await;
            let url = app.text("[data-testid=api-url]").await;
            (running.as_deref() == Some("true") && url.contains(&port.to_string())).then_some(url)
        })
        .await;
    assert_eq!(url.trim(), format!("http://127.0.0.1:{port}"));

    app.click("[data-testid=create-key]").await;
    app.type_into("[data-testid=key-name]", "ERP").await;
    app.select("[data-testid=key-role]", "service").await;
    app.click("[data-testid=key-create-submit]").await;
    let secret = app
        .eventually("the key's secret, shown once", || async {
            let secret = app.value("[data-testid=key-secret]").await;
            secret.starts_with("sd_").then_some(secret)
        })
        .await;
    app.screenshot("settings-api").await;
    app.click("[data-testid=key-done]").await;

    let http = browser();
    let orders: serde_json::Value = http
        .get(format!("{url}/api/v1/orders?limit=100"))
        .bearer_auth(&secret)
        .send()
        .await
        .expect("the API answers")
        .json()
        .await
        .expect("JSON");
    assert_eq!(orders["rows"].as_array().map(Vec::len), Some(25), "{orders}");
    let docs = http.get(format!("{url}/docs/")).send().await.expect("docs");
    assert_eq!(docs.status(), 200);
    let anonymous = http.get(format!("{url}/api/v1/orders")).send().await.expect("answer");
    assert_eq!(anonymous.status(), 401);

    // The secret is shown once: after reloading the view, only its prefix is listed.
    app.open_view("dashboard").await;
    app.open_view("settings").await;
    app.eventually("the key listed", || async { (app.count("[data-testid=key-row]").await == 1).then_some(()) }).await;
    assert!(!app.text("main").await.contains(&secret), "the secret is not shown again");

    app.open_view("activity").await;
    app.click("[data-testid=metrics-tab]").await;
    app.wait_for("[data-testid=metrics-panel]").await;
    // A sample every 10 s: the second one draws the charts (the requests the sync made among them).
    app.eventually("the charts drawn", || async {
        let drawn =
            app.count("[data-testid=metrics-chart][data-metric=provider_requests][data-empty=false] path").await;
        (drawn > 0).then_some(())
    })
    .await;
    app.screenshot("metrics").await;
    app.quit().await;
}

/// The processes whose parent is `pid` (from /proc), by command name.
fn children(pid: u32) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
        .filter_map(|stat| {
            // "pid (comm) state ppid ...": the name may hold spaces, so split at its closing parenthesis.
            let (head, rest) = stat.rsplit_once(')')?;
            let comm = head.split_once('(')?.1.to_owned();
            let ppid: u32 = rest.split_whitespace().nth(1)?.parse().ok()?;
            (ppid == pid).then_some(comm)
        })
        .collect()
}

/// A start at login (`--hidden`): the tray and the background work run (here the local API answers), and
/// no window is opened, so no WebKit process is started.
#[tokio::test]
async fn started_at_login_it_runs_in_the_tray_without_a_window() {
    let data = tempfile::tempdir().expect("temp dir");
    let port = driver::free_port();
    {
        let store = Store::open(data.path()).await.expect("open store");
        let api = storedesk_core::model::ApiServerSettings { enabled: true, port, metrics_open: false };
        store.set_api_server_settings(&api).await.expect("the local API on");
        store.close().await;
    }
    let binary = driver::workspace().join("target/debug/storedesk");
    let mut app = std::process::Command::new(&binary)
        .arg("--hidden")
        .env("STOREDESK_DATA_DIR", data.path())
        .env("XDG_CONFIG_HOME", data.path().join("xdg-config"))
        .env("XDG_DATA_HOME", data.path().join("xdg-data"))
        .env("XDG_CACHE_HOME", data.path().join("xdg-cache"))
        .env("HOME", data.path().join("home"))
        .env("NO_AT_BRIDGE", "1")
        .env("STOREDESK_KEYRING", "off")
        .spawn()
        .expect("start storedesk --hidden");
    let health = format!("http://127.0.0.1:{port}/healthz");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let answered = loop {
        if let Ok(r) = reqwest::get(&health).await {
            break r.status().is_success();
        }
        assert!(std::time::Instant::now() < deadline, "the background work did not start");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert!(answered, "the local API answers");
    // A moment for anything that would have come with a window.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let kids = children(app.id());
    assert!(!kids.iter().any(|c| c.starts_with("WebKit")), "no webview, no WebKit process: {kids:?}");
    let _ = app.kill();
    let _ = app.wait();
}
