//! `storedesk-cli sync` and `storedesk-cli daemon`: the desktop app's sync, without a window.

use std::path::Path;
use std::sync::Arc;

use clap::ValueEnum;
use storedesk_core::model::{ShopId, SyncResource, SyncSummary};
use storedesk_core::sync::scheduler::{ChannelSource, Scheduler};
use storedesk_core::sync::{run_job, StopSignal};
use tokio::sync::watch;

use crate::shop::open;

#[derive(Clone, Copy, ValueEnum)]
pub enum ResourceArg {
    Products,
    Orders,
    Shipments,
    Reconcile,
    All,
}

impl ResourceArg {
    /// Orders before shipments: new orders make their shipments due.
    fn resources(self) -> Vec<SyncResource> {
        match self {
            ResourceArg::Products => vec![SyncResource::Products],
            ResourceArg::Orders => vec![SyncResource::Orders],
            ResourceArg::Shipments => vec![SyncResource::Shipments],
            ResourceArg::Reconcile => vec![SyncResource::Reconcile],
            ResourceArg::All => vec![SyncResource::Products, SyncResource::Orders, SyncResource::Shipments],
        }
    }
}

/// SIGTERM or Ctrl-C asks the current job to stop after the page it is storing.
fn stop_on_signal() -> StopSignal {
    let (tx, rx) = watch::channel(false);
    tokio::spawn(async move {
        wait_for_signal().await;
        let _ = tx.send(true);
    });
    StopSignal::new(rx)
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

pub async fn sync(data_dir: &Path, shop_id: ShopId, resource: ResourceArg, json: bool) -> Result<(), String> {
    let shops = open(data_dir).await?;
    let shop = shops.store.get_shop(shop_id).await.map_err(|e| e.to_string())?;
    let channel = shops.channel(&shop).await.map_err(|e| e.to_string())?;
    // A run a killed process left "running" resumes from its cursor; say so in the log.
    shops.store.mark_interrupted_runs().await.map_err(|e| e.to_string())?;
    let stop = stop_on_signal();
    let mut summaries: Vec<SyncSummary> = Vec::new();
    for r in resource.resources() {
        let summary = run_job(&shops.store, channel.as_ref(), shop_id, r, &stop).await.map_err(|e| e.to_string())?;
        if !json {
            print_summary(&summary);
        }
        let stopped = summary.status == "interrupted";
        summaries.push(summary);
        if stopped {
            break;
        }
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&summaries).map_err(|e| e.to_string())?);
    }
    Ok(())
}

fn print_summary(s: &SyncSummary) {
    println!(
        "{:<10} {:<11} {:>6} requests ({} retries, {} rate-limited)  {} new, {} changed, {} unchanged, {} quarantined  {:.1} s",
        s.resource,
        s.status,
        s.requests,
        s.retries,
        s.rate_limited,
        s.records_new,
        s.records_changed,
        s.records_unchanged,
        s.quarantined,
        s.seconds
    );
}

/// The scheduler until SIGTERM / Ctrl-C; then running jobs finish their page and it exits.
pub async fn daemon(data_dir: &Path) -> Result<(), String> {
    let shops = open(data_dir).await?;
    let store = shops.store.clone();
    let scheduler = Scheduler::new(store.clone(), Arc::new(shops) as Arc<dyn ChannelSource>);
    let mut events = store.subscribe();
    tokio::spawn(async move {
        while let Ok(event) = events.recv().await {
            if let storedesk_core::store::StoreEvent::SyncProgress(p) = event {
                if p.finished {
                    tracing::info!(shop = p.shop_id, resource = p.resource.as_str(), records = p.records, "run ended");
                }
            }
        }
    });
    let runner = {
        let scheduler = scheduler.clone();
        tokio::spawn(async move { scheduler.start().await })
    };
    eprintln!("storedesk-cli daemon: syncing every connected shop; stop with SIGTERM or Ctrl-C");
    wait_for_signal().await;
    eprintln!("storedesk-cli daemon: stopping after the current pages");
    scheduler.shutdown().await;
    runner.await.map_err(|e| e.to_string())?;
    store.close().await;
    eprintln!("storedesk-cli daemon: stopped");
    Ok(())
}
