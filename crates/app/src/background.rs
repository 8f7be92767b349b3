//! Background work (the sync scheduler and the webhook deliverer), owned: starting it gives a `Background` that stops it when
//! dropped, and `shutdown` stops it within a time limit, leaving no run of this process marked running.

use std::time::Duration;

use storedesk_core::sync::scheduler::Scheduler;
use storedesk_core::{ApiError, ErrorCode, Store};
use tokio::task::JoinHandle;

use crate::{App, Result, Role};

/// The running background work of an owner process.
pub struct Background {
    scheduler: Scheduler,
    store: Store,
    task: Option<JoinHandle<()>>,
    /// Tells the webhook deliverer and the metrics sampler to stop.
    stop_webhooks: tokio::sync::watch::Sender<bool>,
    webhooks: Option<JoinHandle<()>>,
    /// Samples the Metrics panel's figures (stops with the deliverer).
    sampler: JoinHandle<()>,
    /// Takes the daily backup (stops with the deliverer).
    backups: JoinHandle<()>,
}

/// How a shutdown went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped {
    /// Every job stopped after its page, within the limit.
    pub in_time: bool,
    /// Runs of this process still open after the jobs stopped (marked interrupted here).
    pub closed_runs: u64,
}

impl App {
    /// Starts the background sync (owner processes only). At start, and every minute after, runs left
    /// open by processes that ended are closed.
    pub fn start_background(&self) -> Result<Background> {
        if self.role() != Role::Owner {
            return Err(ApiError::new(ErrorCode::Internal, "only an owner process runs background work"));
        }
        let scheduler = self.inner.scheduler.clone();
        let runner = scheduler.clone();
        let task = tokio::spawn(async move { runner.start().await });
        let (stop_webhooks, stop) = tokio::sync::watch::channel(false);
        let app = self.clone();
        let sampler_stop = stop.clone();
        let backups_stop = stop.clone();
        let webhooks = tokio::spawn(async move { app.deliver_webhooks(stop).await });
        let app = self.clone();
        let sampler = tokio::spawn(async move { app.sample_metrics_every(sampler_stop).await });
        let app = self.clone();
        let backups = tokio::spawn(async move { app.back_up_daily(backups_stop).await });
        Ok(Background {
            scheduler,
            store: self.inner.store.clone(),
            task: Some(task),
            stop_webhooks,
            webhooks: Some(webhooks),
            sampler,
            backups,
        })
    }
}

impl Background {
    /// Asks every job to stop after the page it is storing, waits up to `limit`, and marks whatever of
    /// this process is still running as interrupted (its cursor resumes it next time).
    pub async fn shutdown(mut self, limit: Duration) -> Stopped {
        self.scheduler.stop();
        let _ = self.stop_webhooks.send(true);
        if let Some(mut webhooks) = self.webhooks.take() {
            // A delivery in flight gets its receiver's timeout at most; one cut short is sent again.
            if tokio::time::timeout(limit, &mut webhooks).await.is_err() {
                tracing::warn!("the webhook deliverer did not stop within {limit:?}; stopping it now");
                webhooks.abort();
            }
        }
        self.sampler.abort();
        // A copy cut short leaves only its temporary file, removed by the next prune.
        self.backups.abort();
        let in_time = match self.task.take() {
            Some(mut task) => match tokio::time::timeout(limit, &mut task).await {
                Ok(_) => true,
                Err(_) => {
                    tracing::warn!("background jobs did not stop within {limit:?}; stopping them now");
                    task.abort();
                    let _ = task.await;
                    false
                }
            },
            None => true,
        };
        let closed_runs = self.store.close_own_runs().await.unwrap_or_else(|e| {
            tracing::warn!("could not close this process's runs: {e}");
            0
        });
        Stopped { in_time, closed_runs }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        // Not shut down explicitly: jobs still stop after their current page.
        if self.task.is_some() {
            self.scheduler.stop();
        }
        let _ = self.stop_webhooks.send(true);
        if let Some(webhooks) = self.webhooks.take() {
            webhooks.abort();
        }
        self.sampler.abort();
        self.backups.abort();
    }
}
