//! One sync run of one resource of one shop: pull pages from the channel and store each with its
//! cursor, counting everything in the run log.
//!
//! Products and orders resume from the stored cursor (a backfill the first time, incremental after);
//! shipments fetch what the orders marked due; a reconciliation lists every product and marks the ones
//! the provider no longer has.

use std::collections::HashSet;
use std::time::Instant;

use async_trait::async_trait;
use tokio::sync::watch;

use super::channel::{ChannelError, Connection, LocalView, Next, OffersSource, Page, Pull, SalesChannel, Warehouse};
use crate::error::ErrorCode;
use crate::fulfilment::Route;
use crate::model::FulfilmentJob;
use crate::model::{ShopId, SyncProgress, SyncResource, SyncSummary};
use crate::store::{CancelStatus, CreateStatus, PageWrite, Store, StoreEvent};
use crate::StoreError;

/// A first products pass of at least this many listings builds its search rows once at the end.
const BACKFILL_SEARCH_MIN: i64 = 5_000;

/// Shipments fetched per page (one request each, paced by the channel's budget).
const SHIPMENTS_PER_PAGE: i64 = 100;

/// Asks a running job to stop after the page it is storing (SIGTERM, Quit, Pause).
#[derive(Clone, Debug)]
pub struct StopSignal(watch::Receiver<bool>);

impl StopSignal {
    pub fn new(rx: watch::Receiver<bool>) -> Self {
        StopSignal(rx)
    }

    /// A signal that never fires (the receiver keeps reading `false` once the sender is gone).
    pub fn never() -> Self {
        StopSignal(watch::channel(false).1)
    }

    pub fn is_set(&self) -> bool {
        *self.0.borrow()
    }
}

struct StoreView<'a> {
    store: &'a Store,
    shop_id: ShopId,
}

#[async_trait]
impl LocalView for StoreView<'_> {
    async fn held(&self, resource: SyncResource, remote_ids: &[String]) -> Result<HashSet<String>, StoreError> {
        self.store.held_ids(self.shop_id, resource, remote_ids).await
    }
}

/// How a run ended, beyond its counted figures.
enum Ending {
    Complete,
    Stopped,
}

/// Runs one job to the end (or to `stop`), and returns the run's summary. A failure is recorded in the
/// run log and returned; the stored cursor stays at the last stored page.
pub async fn run_job(
    store: &Store,
    connection: &Connection,
    shop_id: ShopId,
    resource: SyncResource,
    stop: &StopSignal,
) -> Result<SyncSummary, ChannelError> {
    let started = Instant::now();
    let run_id = store.start_sync_run(shop_id, resource).await?;
    let mut progress = SyncProgress { run_id, shop_id, resource, pages: 0, records: 0, total: None, finished: false };
    store.notify(StoreEvent::SyncProgress(progress.clone()));
    let outcome = match (resource, connection) {
        (SyncResource::Push, Connection::Sales(shop)) => push_edits(store, shop.as_ref(), &mut progress, stop).await,
        (SyncResource::Push, Connection::Warehouse(w)) => {
            push_fulfilments(store, w.as_ref(), &mut progress, stop).await
        }
        // An offers service is never written to: its refreshes are its own job.
        (SyncResource::Push, Connection::Offers(_)) => Ok(Ending::Complete),
        (SyncResource::Offers, Connection::Offers(service)) => {
            offers_pass(store, service.as_ref(), &mut progress, stop).await
        }
        (SyncResource::Offers, _) => {
            Err(ChannelError::setup(ErrorCode::Unsupported, "only an offers service refreshes offers"))
        }
        (pulled, connection) => match connection.pull_role(pulled) {
            Err(e) => Err(e),
            Ok(channel) => match pulled {
                SyncResource::Reconcile => reconcile_pass(store, channel, &mut progress, stop).await,
                SyncResource::Shipments => shipments_pass(store, channel, &mut progress, stop).await,
                _ => pull_pass(store, channel, &mut progress, stop).await,
            },
        },
    };
    let error = match &outcome {
        Ok(Ending::Complete) => {
            store.finish_sync_run(run_id, None).await?;
            None
        }
        Ok(Ending::Stopped) => {
            store.mark_run_stopped(run_id).await?;
            None
        }
        Err(e) => {
            store.finish_sync_run(run_id, Some(&e.to_string())).await?;
            Some(e.to_string())
        }
    };
    progress.finished = true;
    store.notify(StoreEvent::SyncProgress(progress));
    let run = store.get_sync_run(run_id).await?;
    let summary = SyncSummary {
        shop_id,
        resource,
        run_id,
        status: run.status,
        pages: run.pages,
        requests: run.requests,
        retries: run.retries,
        rate_limited: run.rate_limited,
        records_new: run.records_new,
        records_changed: run.records_changed,
        records_unchanged: run.records_unchanged,
        quarantined: run.quarantined,
        seconds: started.elapsed().as_secs_f64(),
        error,
    };
    let resource_label = resource.as_str();
    metrics::histogram!("storedesk_sync_job_seconds", "resource" => resource_label, "status" => run.status.as_str())
        .record(summary.seconds);
    let records = (summary.records_new + summary.records_changed + summary.records_unchanged).max(0) as u64;
    metrics::counter!("storedesk_sync_records_total", "resource" => resource_label).increment(records);
    match outcome {
        Ok(_) => Ok(summary),
        Err(e) => Err(e),
    }
}

/// Stores a page and reports progress.
async fn store_page(
    store: &Store,
    progress: &mut SyncProgress,
    page: &Page,
    cursor: Option<&str>,
    fetched_at: i64,
) -> Result<(), ChannelError> {
    let outcome = store
        .apply_page(PageWrite {
            shop_id: progress.shop_id,
            resource: progress.resource,
            run_id: progress.run_id,
            page,
            cursor,
            fetched_at,
        })
        .await?;
    let t = outcome.tally;
    progress.pages += 1;
    progress.records += (t.inserted + t.updated + t.unchanged + t.stale + outcome.quarantined) as i64;
    if page.total.is_some() {
        progress.total = page.total.map(|t| t as i64);
    }
    store.notify(StoreEvent::SyncProgress(progress.clone()));
    Ok(())
}

/// Products and orders. A shop's first products pass is a backfill: when it is large (at least
/// `BACKFILL_SEARCH_MIN` listings, and at least as many as the store holds already, so rebuilding the whole
/// index costs no more than keeping it would), its search rows are built once when it ends, whichever way,
/// not row by row. A backfill a killed process left open ends with the shop's next products pass.
async fn pull_pass(
    store: &Store,
    channel: &dyn Pull,
    progress: &mut SyncProgress,
    stop: &StopSignal,
) -> Result<Ending, ChannelError> {
    let view = StoreView { store, shop_id: progress.shop_id };
    let cursor = store.sync_cursor(progress.shop_id, progress.resource).await?;
    let fetched_at = store.now();
    let first = channel.pull(progress.resource, cursor.as_deref(), &view).await?;
    if progress.resource != SyncResource::Products {
        return pull_pages(store, channel, progress, stop, first, fetched_at).await;
    }
    if cursor.is_none() {
        let listings = first.total.unwrap_or(0) as i64;
        if listings >= BACKFILL_SEARCH_MIN && listings >= store.count_all_products().await? {
            store.begin_search_backfill(progress.shop_id).await?;
        }
    }
    let ending = pull_pages(store, channel, progress, stop, first, fetched_at).await;
    store.end_search_backfill(progress.shop_id).await?;
    ending
}

/// Stores `page` and pulls and stores the pages after it.
async fn pull_pages(
    store: &Store,
    channel: &dyn Pull,
    progress: &mut SyncProgress,
    stop: &StopSignal,
    mut page: Page,
    mut fetched_at: i64,
) -> Result<Ending, ChannelError> {
    let view = StoreView { store, shop_id: progress.shop_id };
    loop {
        let next = match &page.next {
            Next::More(c) => c.clone(),
            Next::Done(c) => {
                store_page(store, progress, &page, Some(c), fetched_at).await?;
                return Ok(Ending::Complete);
            }
        };
        if stop.is_set() {
            store_page(store, progress, &page, Some(&next), fetched_at).await?;
            return Ok(Ending::Stopped);
        }
        // The next page is fetched while this one is stored: the wire and the disk overlap. A failed
        // fetch leaves this page stored and the cursor after it; a failed store drops the fetched page.
        let next_fetched_at = store.now();
        let resource = progress.resource;
        let (stored, pulled) = tokio::join!(
            store_page(store, progress, &page, Some(&next), fetched_at),
            channel.pull(resource, Some(&next), &view)
        );
        stored?;
        page = pulled?;
        fetched_at = next_fetched_at;
    }
}

async fn reconcile_pass(
    store: &Store,
    channel: &dyn Pull,
    progress: &mut SyncProgress,
    stop: &StopSignal,
) -> Result<Ending, ChannelError> {
    let view = StoreView { store, shop_id: progress.shop_id };
    let pass_started_at = store.now();
    let mut present: HashSet<String> = HashSet::new();
    // A reconciliation is one pass over a server-side listing; it is not resumable, so its position is
    // kept in memory and never stored.
    let mut cursor: Option<String> = None;
    loop {
        let fetched_at = store.now();
        let page = channel.pull(SyncResource::Reconcile, cursor.as_deref(), &view).await?;
        present.extend(page.present.iter().cloned());
        store_page(store, progress, &page, None, fetched_at).await?;
        match page.next {
            Next::Done(_) => break,
            Next::More(c) => cursor = Some(c),
        }
        if stop.is_set() {
            return Ok(Ending::Stopped);
        }
    }
    store.mark_vanished_products(progress.shop_id, &present, pass_started_at).await?;
    Ok(Ending::Complete)
}

async fn shipments_pass(
    store: &Store,
    channel: &dyn Pull,
    progress: &mut SyncProgress,
    stop: &StopSignal,
) -> Result<Ending, ChannelError> {
    progress.total = Some(store.count_due_shipments(progress.shop_id).await?);
    // The pass walks the due orders forward by id. An order that turns due again behind it (it changed
    // meanwhile) is left to the next run, so a busy order cannot keep this one going forever; so is the
    // page being stored while the next is fetched. (Skipping fetched ids by a LIMIT that grew with them
    // made each page read every due row before it: quadratic in the shop's size.)
    let mut after_order = 0;
    // A fetched page waiting to be stored while the next one is fetched, with when its fetch began.
    let mut fetched: Option<(Page, i64)> = None;
    loop {
        let (due, last) = store.due_shipments(progress.shop_id, after_order, SHIPMENTS_PER_PAGE).await?;
        if due.is_empty() || stop.is_set() {
            if let Some((page, at)) = fetched {
                store_page(store, progress, &page, None, at).await?;
            }
            return Ok(if due.is_empty() { Ending::Complete } else { Ending::Stopped });
        }
        after_order = last.unwrap_or(after_order);
        let fetched_at = store.now();
        let page = match fetched.take() {
            None => channel.fetch(SyncResource::Shipments, &due).await?,
            // Store the previous page while this one is fetched.
            Some((previous, at)) => {
                let (stored, page) = tokio::join!(
                    store_page(store, progress, &previous, None, at),
                    channel.fetch(SyncResource::Shipments, &due)
                );
                stored?;
                page?
            }
        };
        fetched = Some((page, fetched_at));
    }
}

/// Edits sent per push round (the exporter reads and writes 20 listings a request).
const EDITS_PER_ROUND: i64 = 200;

/// A store's push: sends the shop's due edits, a round at a time, until none is due (edits that failed for
/// a transient reason wait for their backoff and end the pass). Each round: mark the edits `sending`
/// (durably, before anything goes out), push them, store every outcome and the listings as the shop has
/// them, in one transaction. A pass the shop cannot be reached in puts its edits back to pending and fails
/// offline.
async fn push_edits(
    store: &Store,
    channel: &dyn SalesChannel,
    progress: &mut SyncProgress,
    stop: &StopSignal,
) -> Result<Ending, ChannelError> {
    loop {
        let due = store.due_edits(progress.shop_id, EDITS_PER_ROUND).await?;
        if due.is_empty() {
            return Ok(Ending::Complete);
        }
        let ids: Vec<i64> = due.iter().map(|e| e.id).collect();
        store.mark_sending(&ids).await?;
        let report = match channel.push(&due).await {
            Ok(report) => report,
            Err(e) => {
                store.requeue_sending(&ids, &e.to_string()).await?;
                return Err(e);
            }
        };
        let summary = store.record_push(progress.shop_id, &report.outcomes, &report.fresh, &report.pushed).await?;
        store.count_push(progress.run_id, &report.tally, &summary).await?;
        progress.pages += 1;
        progress.records += (summary.sent + summary.rejected + summary.conflict) as i64;
        store.notify(StoreEvent::SyncProgress(progress.clone()));
        // Edits that must wait (a transient failure) end the pass; the scheduler comes back when due.
        if summary.pending > 0 || stop.is_set() {
            return Ok(if stop.is_set() { Ending::Stopped } else { Ending::Complete });
        }
    }
}

/// Warehouse orders per push round.
const JOBS_PER_ROUND: i64 = 100;

/// A warehouse's jobs: creates of routed store orders (each one decided by the routing rule now, with
/// what the store knows now) and cancels. Like edits: marked `sending` before anything goes out, every
/// outcome stored in one transaction.
async fn push_fulfilments(
    store: &Store,
    channel: &dyn Warehouse,
    progress: &mut SyncProgress,
    stop: &StopSignal,
) -> Result<Ending, ChannelError> {
    loop {
        let due = store.due_fulfilments(progress.shop_id, JOBS_PER_ROUND).await?;
        if due.is_empty() {
            return Ok(Ending::Complete);
        }
        let mut jobs = Vec::new();
        for d in due {
            if matches!(d.cancel_status, CancelStatus::Pending | CancelStatus::Sending) {
                jobs.push(FulfilmentJob::Cancel {
                    order_id: d.order_id,
                    reference_id: d.reference_id,
                    warehouse_order_id: d.warehouse_order_id,
                });
                continue;
            }
            match store.fulfilment_plan(d.order_id).await? {
                (Route::Send, Some(request)) => jobs.push(FulfilmentJob::Create(Box::new(request))),
                // A create a crash left `sending` goes again even if the rule now says otherwise: the
                // warehouse may have it (a duplicate is found by its reference id, never made twice).
                (_, Some(request)) if d.create_status == CreateStatus::Sending => {
                    jobs.push(FulfilmentJob::Create(Box::new(request)))
                }
                (decision, _) => store.settle_route(d.order_id, &decision).await?,
            }
        }
        if jobs.is_empty() {
            continue;
        }
        store.mark_fulfilments_sending(&jobs).await?;
        let report = match channel.push_fulfilments(&jobs).await {
            Ok(report) => report,
            Err(e) => {
                store.requeue_fulfilments(&jobs, &e.to_string()).await?;
                return Err(e);
            }
        };
        let outcomes: Vec<_> =
            report.outcomes.into_iter().map(|(job, outcome)| (job.order_id(), job, outcome)).collect();
        let (done, refused, pending) = store.record_fulfilments(&outcomes).await?;
        let summary = crate::model::PushSummary { sent: done, rejected: refused, conflict: 0, pending, requests: 0 };
        store.count_push(progress.run_id, &report.tally, &summary).await?;
        progress.pages += 1;
        progress.records += done + refused;
        store.notify(StoreEvent::SyncProgress(progress.clone()));
        if pending > 0 || stop.is_set() {
            return Ok(if stop.is_set() { Ending::Stopped } else { Ending::Complete });
        }
    }
}

/// Tracked products refreshed per request wave.
const OFFERS_PER_ROUND: i64 = 50;

/// An offers service's tracked products that are due (and those due within a sixth of the interval, so
/// refreshes go out in a few waves per interval rather than one run per product). Each wave's outcomes
/// are stored in one transaction; products whose offers changed have their repricing rules look again.
async fn offers_pass(
    store: &Store,
    channel: &dyn OffersSource,
    progress: &mut SyncProgress,
    stop: &StopSignal,
) -> Result<Ending, ChannelError> {
    let interval = store.sync_settings().await?.interval_ms(SyncResource::Offers);
    let until = store.now() + interval / 6;
    let mut handled = std::collections::HashSet::new();
    loop {
        let due = store.due_offer_refreshes(progress.shop_id, until, OFFERS_PER_ROUND + handled.len() as i64).await?;
        let due: Vec<_> =
            due.into_iter().filter(|d| !handled.contains(&d.product_id)).take(OFFERS_PER_ROUND as usize).collect();
        if due.is_empty() {
            return Ok(Ending::Complete);
        }
        handled.extend(due.iter().map(|d| d.product_id));
        let report = channel.refresh_offers(&due).await?;
        let changed = store.record_offer_refreshes(&report.outcomes, interval).await?;
        crate::reprice::apply(store, Some(&changed), false).await?;
        let failed =
            report.outcomes.iter().filter(|(_, o)| matches!(o, crate::model::RefreshOutcome::Failed { .. })).count();
        let summary = crate::model::PushSummary {
            sent: changed.len() as i64,
            rejected: failed as i64,
            conflict: 0,
            pending: (report.outcomes.len() - changed.len() - failed) as i64,
            requests: 0,
        };
        store.count_push(progress.run_id, &report.tally, &summary).await?;
        progress.pages += 1;
        progress.records += report.outcomes.len() as i64;
        store.notify(StoreEvent::SyncProgress(progress.clone()));
        if stop.is_set() {
            return Ok(Ending::Stopped);
        }
    }
}

/// Fetches one quarantined record again; a good copy replaces the quarantine row, a bad one updates it.
pub async fn retry_quarantined(store: &Store, connection: &Connection, quarantine_id: i64) -> Result<(), ChannelError> {
    let q = store.get_quarantined(quarantine_id).await?;
    let channel = connection.pull_role(q.resource)?;
    let run_id = store.start_sync_run(q.shop_id, q.resource).await?;
    let fetched_at = store.now();
    let result = async {
        let page = channel.fetch(q.resource, std::slice::from_ref(&q.remote_id)).await?;
        store
            .apply_page(PageWrite {
                shop_id: q.shop_id,
                resource: q.resource,
                run_id,
                page: &page,
                cursor: None,
                fetched_at,
            })
            .await?;
        Ok::<_, ChannelError>(())
    }
    .await;
    let error = result.as_ref().err().map(ToString::to_string);
    store.finish_sync_run(run_id, error.as_deref()).await?;
    result
}
