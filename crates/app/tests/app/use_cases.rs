//! The application's use cases, as every front end calls them.

use std::time::{Duration, Instant};

use storedesk_app::{Notice, Role};
use storedesk_core::model::{SyncResource, SyncRunQuery, SyncRunStatus};
use storedesk_core::sync::StopSignal;
use storedesk_core::ErrorCode;
use storedesk_sim::SimConfig;

use crate::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shop_connects_syncs_once_and_says_what_it_did() {
    let sim = sim(SimConfig { items: 120, orders: 80, ..SimConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Role::Guest).await;
    let mut notices = app.notices();
    let shop = add_shop(&app, &sim).await;
    connect(&app, shop).await;
    assert_eq!(app.check_shop(shop).await.unwrap().nickname, app.get_shop(shop).await.unwrap().account_name.unwrap());

    let resources = [SyncResource::Products, SyncResource::Orders, SyncResource::Shipments];
    let mut told = Vec::new();
    let summaries =
        app.sync_once(shop, &resources, &StopSignal::never(), |s| told.push(s.resource)).await.expect("sync");
    assert_eq!(told, resources);
    assert_eq!(summaries.iter().map(|s| s.records_new).collect::<Vec<_>>(), vec![120, 80, 80]);
    assert!(summaries.iter().all(|s| s.status == SyncRunStatus::Ok));

    // What a front end is told: shops changed (added, connected), the loopback finished, data changed.
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    // Notices of data come coalesced, as often as the sync stores pages: read until the orders' came.
    let orders_told =
        |seen: &[Notice]| seen.iter().any(|n| matches!(n, Notice::DataChanged(r) if r.contains(&SyncResource::Orders)));
    while Instant::now() < deadline && !orders_told(&seen) {
        if let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(600), notices.recv()).await {
            seen.push(n);
        }
    }
    assert!(seen.iter().any(|n| matches!(n, Notice::ShopsChanged)), "{seen:?}");
    assert!(seen.iter().any(|n| matches!(n, Notice::ConnectFinished(o) if o.shop.is_some())), "{seen:?}");
    assert!(seen.iter().any(|n| matches!(n, Notice::DataChanged(r) if r.contains(&SyncResource::Orders))), "{seen:?}");

    // Bad input: a typed error, nothing done.
    let err = app.sync_once(999, &resources, &StopSignal::never(), |_| {}).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(app.finish_connect(12345, "http://x").await.unwrap_err().code, ErrorCode::NoAttempt);
    assert!(app.start_background().is_err(), "a guest runs no background work");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quitting_mid_sync_stops_after_the_page_and_leaves_no_run_running() {
    let sim =
        sim(SimConfig { items: 3_000, orders: 3_000, latency: Duration::from_millis(4), ..SimConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Role::Owner).await;
    let shop = add_shop(&app, &sim).await;
    connect(&app, shop).await;
    let background = app.start_background().expect("owner");
    // Wait until a run has stored some pages.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let running = app
            .list_sync_runs(&SyncRunQuery { status: Some(SyncRunStatus::Running), limit: 10, ..Default::default() })
            .await
            .unwrap();
        if running.rows.iter().any(|r| r.pages > 1) {
            break;
        }
        assert!(Instant::now() < deadline, "the background sync never started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let stopped = background.shutdown(Duration::from_secs(20)).await;
    assert!(stopped.in_time, "jobs stopped after their page");
    let all = runs(&app).await;
    assert!(all.iter().all(|(_, s)| *s != SyncRunStatus::Running), "{all:?}");
    assert!(all.iter().any(|(_, s)| *s == SyncRunStatus::Interrupted), "{all:?}");

    // The next owner resumes from the stored cursors and finishes with the simulator's full catalogue.
    let again = app.sync_once(shop, &[SyncResource::Products], &StopSignal::never(), |_| {}).await.expect("resumes");
    let stored = app.count_products(&Default::default()).await.unwrap();
    assert_eq!(stored, 3_000, "{again:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_closes_runs_of_ended_processes_and_never_those_of_live_ones() {
    let sim = sim(SimConfig { items: 50, orders: 10, ..SimConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let guest = open(dir.path(), Role::Guest).await;
    let shop = add_shop(&guest, &sim).await;
    // A live guest's run in flight, and a run of a process that was killed (its lock file gone with it).
    let live = guest.store().start_sync_run(shop, SyncResource::Orders).await.unwrap();
    let killed = guest.store().start_sync_run(shop, SyncResource::Products).await.unwrap();
    sqlx::query("UPDATE sync_runs SET owner = '4242-00000000deadbeef' WHERE id = ?")
        .bind(killed)
        .execute(guest.store().pool())
        .await
        .unwrap();
    // A guest opening the same data never touches either.
    let other_guest = open(dir.path(), Role::Guest).await;
    drop(other_guest);
    let status = |id| {
        let store = guest.store().clone();
        async move { store.get_sync_run(id).await.unwrap().status }
    };
    assert_eq!((status(live).await, status(killed).await), (SyncRunStatus::Running, SyncRunStatus::Running));

    let owner = open(dir.path(), Role::Owner).await;
    let background = owner.start_background().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while status(killed).await == SyncRunStatus::Running {
        assert!(Instant::now() < deadline, "the owner never closed the killed process's run");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(status(killed).await, SyncRunStatus::Interrupted);
    assert_eq!(status(live).await, SyncRunStatus::Running, "a live process's run is left alone");
    background.shutdown(Duration::from_secs(5)).await;
    assert_eq!(status(live).await, SyncRunStatus::Running, "the owner's shutdown closes only its own runs");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_shop_is_announced_and_quarantine_retries_say_why() {
    let sim = sim(SimConfig { items: 60, orders: 5, ..SimConfig::default() }).await;
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Role::Guest).await;
    let shop = add_shop(&app, &sim).await;
    connect(&app, shop).await;
    let bad = sim.control().malform_item(7).unwrap();
    app.sync_once(shop, &[SyncResource::Products], &StopSignal::never(), |_| {}).await.unwrap();
    let quarantined = app.list_quarantine(&Default::default()).await.unwrap();
    let q = quarantined.rows.iter().find(|q| q.remote_id == bad).expect("quarantined");
    let err = app.retry_quarantined(q.id).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::StillQuarantined);
    assert!(err.message.contains("price"), "{}", err.message);

    let mut notices = app.notices();
    sim.control().revoke_grant();
    let err = app.check_shop(shop).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::NeedsReconnect);
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut announced = false;
    while !announced && Instant::now() < deadline {
        if let Ok(Ok(Notice::NeedsReconnect { shop_id, shop_name })) =
            tokio::time::timeout(Duration::from_millis(500), notices.recv()).await
        {
            announced = shop_id == shop && shop_name == "Tienda App";
        }
    }
    assert!(announced, "the shop needing a reconnect is announced");
    assert_eq!(app.shops_needing_reconnect().await.unwrap(), 1);
}
