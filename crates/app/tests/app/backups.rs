//! Backups against the simulators over real HTTP: a copy taken mid-sync holds every committed row, a
//! damaged database is replaced by the newest good copy with what only storedesk held (pending edits, the
//! offers' history, API keys), and the daily copy is taken once a day and kept by the rule.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use storedesk_app::backups::{restore_backup, BackupSettings};
use storedesk_app::{AppOptions, OpenFailed};
use storedesk_core::backup::{verify, BackupKind};
use storedesk_core::model::{ApiRole, EditRequest, EditValue, OutboxQuery, ProductQuery, SyncResource};
use storedesk_core::paths::database_file;
use storedesk_core::sync::StopSignal;
use storedesk_core::time::{now_ms, ManualClock};
use storedesk_core::{DbErrorKind, ErrorCode, Money, StartupState};
use storedesk_sim::offers::{self, OffersConfig};
use storedesk_sim::SimConfig;

use crate::*;

async fn remote_ids(pool: &sqlx::SqlitePool) -> BTreeSet<String> {
    sqlx::query_scalar("SELECT remote_id FROM products").fetch_all(pool).await.unwrap().into_iter().collect()
}

async fn count(pool: &sqlx::SqlitePool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(pool).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_taken_during_a_sync_of_20000_records_holds_every_committed_row() {
    // A little latency per request, so the sync is still writing when the copy is taken.
    let sim =
        sim(SimConfig { items: 20_000, orders: 0, latency: Duration::from_millis(3), ..SimConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Role::Guest).await;
    let shop = add_shop(&app, &sim).await;
    connect(&app, shop).await;
    let syncing = app.clone();
    let sync =
        tokio::spawn(
            async move { syncing.sync_once(shop, &[SyncResource::Products], &StopSignal::never(), |_| {}).await },
        );
    let pool = app.store().pool().clone();
    while count(&pool, "products").await < 3_000 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let committed = remote_ids(&pool).await;
    let taken = app.back_up_now().await.expect("a copy while the sync writes");
    let after = count(&pool, "products").await;
    let summary = sync.await.unwrap().expect("the sync completes");
    assert_eq!(summary[0].records_new, 20_000);
    assert!(after < 20_000, "the copy was taken while the sync was still writing ({after} rows then)");

    let contents = verify(Path::new(&taken.copy.path)).await.expect("the copy passes integrity_check");
    let copy = sqlx::SqlitePool::connect_with(SqliteConnectOptions::new().filename(&taken.copy.path).read_only(true))
        .await
        .unwrap();
    let in_copy = remote_ids(&copy).await;
    assert!(committed.is_subset(&in_copy), "every row committed before the copy is in it");
    assert!(in_copy.len() as i64 <= after, "and nothing the database did not hold");
    assert_eq!(contents.products, in_copy.len() as i64);
    assert_eq!(taken.copy.kind, BackupKind::Manual);
    copy.close().await;
}

/// Writes 4 KiB of random bytes over the start of the file, as a bad disk would.
fn damage(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let mut noise = vec![0u8; 4096];
    getrandom::fill(&mut noise).unwrap();
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(0)).unwrap();
    file.write_all(&noise).unwrap();
    file.sync_all().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_database_is_replaced_by_the_newest_good_copy_with_what_only_storedesk_held() {
    let mp = sim(SimConfig { items: 60, orders: 20, ..SimConfig::default() }).await;
    let market =
        offers::spawn(OffersConfig { refresh_tokens: vec!["refresh".into()], ..Default::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Role::Guest).await;
    let shop = add_shop(&app, &mp).await;
    connect(&app, shop).await;
    let all = [SyncResource::Products, SyncResource::Orders, SyncResource::Shipments];
    app.sync_once(shop, &all, &StopSignal::never(), |_| {}).await.unwrap();
    // What exists nowhere else: an offers history, an edit not sent yet, an API key.
    let service = app.add_offers_service("Ofertas", &market.base_url(), "refresh").await.unwrap().id;
    let products = app.list_products(&ProductQuery { limit: 10, ..Default::default() }).await.unwrap().rows;
    app.track_products(&products.iter().map(|p| p.id).collect::<Vec<_>>(), Some(service)).await.unwrap();
    app.sync_once(service, &[], &StopSignal::never(), |_| {}).await.unwrap();
    let edited = &products[0];
    let price = Money { minor: edited.price.minor + 1_000, currency: edited.price.currency.clone() };
    let edit = EditRequest {
        product_id: edited.id,
        variant_remote_id: None,
        value: EditValue::Price(price.clone()),
        reason: None,
        location_id: None,
    };
    app.edit_product(&edit).await.unwrap().expect("queued");
    let key = app.create_api_key("ERP", ApiRole::Service).await.unwrap();
    let pool = app.store().pool().clone();
    let history = count(&pool, "offer_history").await;
    assert!(history > 0);
    let pending = app.list_outbox(&OutboxQuery::default()).await.unwrap().rows;

    // Two copies; the newer one is offered.
    app.back_up_now().await.unwrap();
    let newest = app.back_up_now().await.unwrap().copy;
    app.close().await;
    drop(app);
    damage(&database_file(dir.path()));
    // The shop moves on meanwhile: three other listings change price there.
    let repriced: Vec<&str> = products[1..4].iter().map(|p| p.remote_id.as_str()).collect();
    for (i, id) in repriced.iter().enumerate() {
        assert!(mp.control().change_item(id, Some(products[i + 1].price.minor + 500), None));
    }

    let options = AppOptions { key_source: Some(KeySource::FileOnly), ..AppOptions::new(dir.path(), Role::Guest) };
    let Err(OpenFailed { state, .. }) = App::open_with(options).await else { panic!("a damaged file does not open") };
    let StartupState::DbError { kind, backup: Some(offered), moved_to: Some(_), .. } = state else {
        panic!("the newest copy is offered: {state:?}")
    };
    assert_eq!(kind, DbErrorKind::Corrupt);
    assert_eq!(offered.path, newest.path);
    assert_eq!(offered.contents.as_ref().unwrap().pending_edits, 1);

    let restored = restore_backup(dir.path(), Path::new(&offered.path), Some(std::process::id())).await.unwrap();
    assert_eq!(restored.previous_kept_as, None, "the damaged file was moved aside already");
    let app = open(dir.path(), Role::Guest).await;
    let pool = app.store().pool().clone();
    assert_eq!(count(&pool, "offer_history").await, history, "the offers' history is back");
    assert_eq!(app.list_outbox(&OutboxQuery::default()).await.unwrap().rows, pending, "the pending edit is back");
    assert_eq!(app.verify_api_key(&key.secret).await.unwrap().map(|k| k.id), Some(key.key.id), "the API key works");
    // A sync brings back what changed at the shop since, exactly; the pending edit reaches it once.
    let summaries = app.sync_once(shop, &[SyncResource::Products], &StopSignal::never(), |_| {}).await.unwrap();
    assert_eq!((summaries[0].records_new, summaries[0].records_changed), (0, repriced.len() as i64));
    let pushed = app.push_now(Some(shop)).await.unwrap();
    assert_eq!(pushed.sent, 1);
    let at_shop = mp.control().item(&edited.remote_id).unwrap();
    assert_eq!(at_shop["price"].as_f64().map(|p| (p * 100.0).round() as i64), Some(price.minor), "{at_shop}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daily_copy_is_taken_once_a_day_into_both_folders_and_kept_by_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(now_ms()));
    let app = open_with_clock(dir.path(), clock.clone() as Arc<dyn storedesk_core::time::Clock>).await;

    // A second folder must be a real, writable folder outside the data directory.
    for bad in ["relative/folder", "/no/such/folder/here", &dir.path().join("backups").display().to_string()] {
        let err = app.set_backup_settings(BackupSettings { second_folder: Some(bad.into()) }).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{bad}: {}", err.message);
    }
    assert_eq!(app.backup_settings().await.unwrap().second_folder, None, "a refused folder is not saved");
    let folder = second.path().display().to_string();
    app.set_backup_settings(BackupSettings { second_folder: Some(folder.clone()) }).await.unwrap();

    let first = app.back_up_if_due().await.unwrap().expect("no copy yet: one is due");
    assert_eq!(first.copy.kind, BackupKind::Daily);
    assert!(first.second_copy.is_some(), "{:?}", first.second_problem);
    assert!(app.back_up_if_due().await.unwrap().is_none(), "one a day");
    for _ in 0..11 {
        clock.advance(25 * 3600 * 1000);
        app.back_up_if_due().await.unwrap().expect("a day later, the next");
    }
    let overview = app.backups().await.unwrap();
    assert_eq!(overview.second_folder.as_deref(), Some(folder.as_str()));
    let days: Vec<i64> = overview.copies.iter().map(|c| c.taken_at).collect();
    assert!(days.len() >= 7 && days.len() < 12, "12 days of copies are thinned by the rule: {}", days.len());
    assert!(days.windows(2).all(|w| w[0] > w[1]), "newest first");
    assert_eq!(days[0], clock.now_ms(), "the newest is today's");
    let second_days: Vec<i64> = overview.second_copies.iter().map(|c| c.taken_at).collect();
    assert_eq!(second_days, days, "the second folder holds the same copies, kept by the same rule");
    assert!(overview.copies.iter().all(|c| c.problem.is_none() && c.contents.is_some()));
    // The vault key stays where it is: no copy of it beside the backups.
    for folder in [dir.path().join("backups"), second.path().to_path_buf()] {
        let names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| n.starts_with("storedesk-") && n.ends_with(".db")), "{names:?}");
    }
}
