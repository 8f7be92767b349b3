//! Sync: its state, Sync now, pause and resume, retries, the quarantine, settings, and a one-shot sync
//! for the command line.

use std::sync::Arc;

use storedesk_core::model::{
    QuarantinePage, QuarantineQuery, ShopId, SyncOverview, SyncResource, SyncSettings, SyncSummary,
};
use storedesk_core::sync::scheduler::ChannelSource;
use storedesk_core::sync::{engine, run_job, StopSignal};
use storedesk_core::{ApiError, ErrorCode};

use crate::{App, Result};

impl App {
    pub fn sync_overview(&self) -> SyncOverview {
        self.inner.scheduler.overview()
    }

    /// Whether this process runs the background sync now.
    pub fn background_running(&self) -> bool {
        self.inner.scheduler.is_running()
    }

    /// Runs `resource` (None: what each shop kind syncs) of one shop (None: every shop) now; tracked offers
    /// are all refreshed, not only those due.
    pub async fn sync_now(&self, shop_id: Option<ShopId>, resource: Option<SyncResource>) -> Result<()> {
        if matches!(resource, None | Some(SyncResource::Offers)) {
            // Asked for now: every tracked product, not only those due (an id of another kind matches none).
            self.inner.store.make_offers_due(shop_id).await?;
        }
        self.inner.scheduler.sync_now(shop_id, resource);
        Ok(())
    }

    /// Pauses or resumes one shop (None: everything); running jobs stop after their page.
    pub fn set_sync_paused(&self, shop_id: Option<ShopId>, paused: bool) -> SyncOverview {
        self.inner.scheduler.set_paused(shop_id, paused);
        self.inner.scheduler.overview()
    }

    /// Runs a run's shop and resource again now.
    pub async fn retry_sync_run(&self, run_id: i64) -> Result<()> {
        let run = self.inner.store.get_sync_run(run_id).await?;
        self.inner.scheduler.sync_now(Some(run.shop_id), Some(run.resource));
        Ok(())
    }

    pub async fn list_quarantine(&self, query: &QuarantineQuery) -> Result<QuarantinePage> {
        Ok(self.inner.store.list_quarantine(query).await?)
    }

    /// Fetches a quarantined record again; answers the new error if it still cannot be read.
    pub async fn retry_quarantined(&self, quarantine_id: i64) -> Result<()> {
        let store = &self.inner.store;
        let record = store.get_quarantined(quarantine_id).await?;
        let shop = store.get_shop(record.shop_id).await?;
        let channel = self.inner.shops.channel(&shop).await?;
        engine::retry_quarantined(store, &channel, quarantine_id).await?;
        match store.get_quarantined(quarantine_id).await {
            Ok(still) => Err(ApiError::new(ErrorCode::StillQuarantined, still.error)),
            Err(_) => Ok(()),
        }
    }

    pub async fn sync_settings(&self) -> Result<SyncSettings> {
        Ok(self.inner.store.sync_settings().await?)
    }

    pub async fn set_sync_settings(&self, settings: SyncSettings) -> Result<SyncSettings> {
        Ok(self.inner.store.set_sync_settings(settings).await?)
    }

    /// Syncs `resources` of one shop now (none named: the shop kind's usual set), in order, in this
    /// process (the command line's `sync`);
    /// `stop` ends it after the page being stored. Each summary goes to `done` as its run ends; a run
    /// that was stopped ends the series.
    pub async fn sync_once(
        &self,
        shop_id: ShopId,
        resources: &[SyncResource],
        stop: &StopSignal,
        mut done: impl FnMut(&SyncSummary),
    ) -> Result<Vec<SyncSummary>> {
        let store = &self.inner.store;
        let shop = store.get_shop(shop_id).await?;
        let source: Arc<dyn ChannelSource> = Arc::new(self.inner.shops.clone());
        let channel = source.channel(&shop).await?;
        let declared = source.capabilities(shop.kind).map(|c| c.on_demand).unwrap_or_default();
        let resources = if resources.is_empty() { &declared[..] } else { resources };
        if resources.contains(&SyncResource::Offers) {
            // Asked for now: every tracked product, not only those due.
            store.make_offers_due(Some(shop_id)).await?;
        }
        let mut summaries = Vec::new();
        for resource in resources {
            let summary = run_job(store, &channel, shop_id, *resource, stop).await?;
            done(&summary);
            let stopped = stop.is_set();
            summaries.push(summary);
            if stopped {
                break;
            }
        }
        Ok(summaries)
    }
}
