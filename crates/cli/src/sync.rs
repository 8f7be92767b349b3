//! `storedesk-cli sync` and `storedesk-cli daemon`: the desktop app's sync, without a window.

use std::time::Duration;

use clap::ValueEnum;
use storedesk_app::{App, Notice};
use storedesk_core::model::{ShopId, SyncResource, SyncSummary};
use storedesk_core::sync::StopSignal;
use tokio::sync::watch;

/// How long the daemon waits for jobs to finish their page after SIGTERM.
const SHUTDOWN_LIMIT: Duration = Duration::from_secs(20);

#[derive(Clone, Copy, ValueEnum)]
pub enum ResourceArg {
    Products,
    Orders,
    Shipments,
    Reconcile,
    All,
}

impl ResourceArg {
    /// `All` is the shop kind's own set (`ShopKind::on_demand`), which the application picks.
    fn resources(self) -> Vec<SyncResource> {
        match self {
            ResourceArg::Products => vec![SyncResource::Products],
            ResourceArg::Orders => vec![SyncResource::Orders],
            ResourceArg::Shipments => vec![SyncResource::Shipments],
            ResourceArg::Reconcile => vec![SyncResource::Reconcile],
            ResourceArg::All => vec![],
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

pub async fn sync(app: &App, shop_id: ShopId, resource: ResourceArg, json: bool) -> crate::Outcome {
    let stop = stop_on_signal();
    let print = |s: &SyncSummary| {
        if !json {
            print_summary(s);
        }
    };
    let summaries = app.sync_once(shop_id, &resource.resources(), &stop, print).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&summaries).map_err(|e| e.to_string())?);
    }
    Ok(())
}

fn print_summary(s: &SyncSummary) {
    println!(
        "{:<10} {:<11} {:>6} requests ({} retries, {} rate-limited)  {} new, {} changed, {} unchanged, {} quarantined  {:.1} s",
        s.resource.as_str(),
        s.status.as_str(),
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

/// The background work until SIGTERM / Ctrl-C; then running jobs finish their page and it exits.
pub async fn daemon(app: &App) -> crate::Outcome {
    let mut notices = app.notices();
    tokio::spawn(async move {
        while let Ok(notice) = notices.recv().await {
            match notice {
                Notice::SyncProgress(p) if p.finished => {
                    tracing::info!(shop = p.shop_id, resource = p.resource.as_str(), records = p.records, "run ended")
                }
                Notice::SyncFailed { shop_name, error, .. } => {
                    tracing::warn!(shop = %shop_name, %error, "sync failing")
                }
                Notice::NeedsReconnect { shop_name, .. } => {
                    tracing::warn!(shop = %shop_name, "this shop needs to be reconnected")
                }
                _ => {}
            }
        }
    });
    let background = app.start_background()?;
    eprintln!("storedesk-cli daemon: syncing every connected shop; stop with SIGTERM or Ctrl-C");
    wait_for_signal().await;
    eprintln!("storedesk-cli daemon: stopping after the current pages");
    background.shutdown(SHUTDOWN_LIMIT).await;
    app.close().await;
    eprintln!("storedesk-cli daemon: stopped");
    Ok(())
}
