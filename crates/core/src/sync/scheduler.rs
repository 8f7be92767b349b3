//! When each sync job runs: per shop and resource, on an interval with jitter, a bounded number at a
//! time, paused and resumed by a person, sooner on "Sync now", slower while the provider is
//! unreachable. The desktop app runs it from the tray; `storedesk-cli daemon` runs it without a window.
//! The decisions themselves are pure functions in `plan.rs`; this file keeps the state and runs jobs.
//!
//! Only an owner process runs a scheduler: at start, and every minute after, it closes the runs that
//! processes now gone left open (`Store::recover_orphaned_runs`), never those of a live process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use async_trait::async_trait;
use tokio::sync::{watch, Notify, Semaphore};
use tokio::task::JoinSet;

use super::channel::{ChannelError, Connection};
use super::engine::{run_job, StopSignal};
use super::plan::{self, RunEnd};
use crate::model::{
    Capabilities, Shop, ShopId, ShopKind, ShopStatus, ShopSync, SyncOverview, SyncProgress, SyncResource,
    SyncRunStatus, SyncState,
};
use crate::store::{Store, StoreEvent};

/// Jobs running at once across all shops (each shop's own requests are paced by its rate budget).
const MAX_CONCURRENT_JOBS: usize = 3;
/// The loop wakes at least this often to look at the clock.
const TICK: Duration = Duration::from_secs(1);
/// How often runs left open by ended processes are looked for.
const RECOVER_EVERY_MS: i64 = 60_000;

/// Builds the channel of a shop (the connectors crate implements it).
#[async_trait]
pub trait ChannelSource: Send + Sync {
    async fn channel(&self, shop: &Shop) -> Result<Connection, ChannelError>;
    /// What a kind of shop is and can do (its connector's descriptor): what is pulled, and when.
    fn capabilities(&self, kind: ShopKind) -> Option<Capabilities>;
}

#[derive(Default)]
struct ShopPlan {
    kind: Option<ShopKind>,
    connected: bool,
    paused: bool,
    due: HashMap<SyncResource, i64>,
    running: HashMap<SyncResource, (SyncProgress, watch::Sender<bool>)>,
    offline_failures: u32,
    /// When the provider first could not be reached, in this spell of failures.
    offline_since: Option<i64>,
    retry_at: Option<i64>,
    last_error: Option<String>,
    offline: bool,
}

#[derive(Default)]
struct Plan {
    paused_all: bool,
    shops: HashMap<ShopId, ShopPlan>,
    names: HashMap<ShopId, String>,
    stopping: bool,
}

struct Inner {
    store: Store,
    source: Arc<dyn ChannelSource>,
    plan: Mutex<Plan>,
    wake: Notify,
    permits: Semaphore,
    overview: watch::Sender<SyncOverview>,
    /// `start` is looping (readiness of the local API).
    running: std::sync::atomic::AtomicBool,
}

/// The scheduler; clones share it. `start` runs it until `shutdown`.
#[derive(Clone)]
pub struct Scheduler {
    inner: Arc<Inner>,
}

/// A random number in [0, 1) for jitter.
fn unit_random() -> f64 {
    (getrandom::u64().unwrap_or(0) >> 11) as f64 / (1u64 << 53) as f64
}

impl Scheduler {
    pub fn new(store: Store, source: Arc<dyn ChannelSource>) -> Self {
        let (overview, _) = watch::channel(SyncOverview { state: SyncState::Idle, paused_all: false, shops: vec![] });
        Scheduler {
            inner: Arc::new(Inner {
                store,
                source,
                plan: Mutex::new(Plan::default()),
                wake: Notify::new(),
                permits: Semaphore::new(MAX_CONCURRENT_JOBS),
                overview,
                running: std::sync::atomic::AtomicBool::new(false),
            }),
        }
    }

    fn plan(&self) -> MutexGuard<'_, Plan> {
        // A panic while holding the lock cannot leave the plan half-written in a way that matters (every
        // field is a schedule hint), so a poisoned lock is used as is.
        self.inner.plan.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Changes of the overview (the tray and the UI follow it).
    pub fn subscribe(&self) -> watch::Receiver<SyncOverview> {
        self.inner.overview.subscribe()
    }

    pub fn overview(&self) -> SyncOverview {
        build_overview(&self.plan())
    }

    fn publish(&self) {
        let overview = self.overview();
        self.inner.overview.send_if_modified(|current| {
            let changed = *current != overview;
            *current = overview;
            changed
        });
    }

    /// Pauses or resumes everything (`shop_id` None) or one shop. Pausing asks running jobs to stop after
    /// the page they are storing.
    pub fn set_paused(&self, shop_id: Option<ShopId>, paused: bool) {
        {
            let mut plan = self.plan();
            match shop_id {
                None => {
                    plan.paused_all = paused;
                    if paused {
                        plan.shops.values().for_each(stop_running);
                    }
                }
                Some(id) => {
                    let shop = plan.shops.entry(id).or_default();
                    shop.paused = paused;
                    if paused {
                        stop_running(shop);
                    }
                }
            }
        }
        self.publish();
        self.inner.wake.notify_one();
    }

    /// Runs the given resources (all but reconciliation when None) of one shop or of every shop now.
    pub fn sync_now(&self, shop_id: Option<ShopId>, resource: Option<SyncResource>) {
        {
            let mut plan = self.plan();
            let ids: Vec<ShopId> = match shop_id {
                Some(id) => vec![id],
                None => plan.shops.keys().copied().collect(),
            };
            let now = self.inner.store.now();
            for id in ids {
                let shop = plan.shops.entry(id).or_default();
                // A person asking is the best sign the network may be back.
                shop.retry_at = None;
                let resources = match (resource, shop.kind) {
                    (Some(r), _) => vec![r],
                    (None, Some(kind)) => self.inner.source.capabilities(kind).map(|c| c.on_demand).unwrap_or_default(),
                    // Not in the plan yet: its first pulls are due as soon as it is added.
                    (None, None) => vec![],
                };
                // Pending edits go first anyway (they are due whenever they are due).
                for r in resources {
                    shop.due.insert(r, now);
                }
            }
        }
        self.inner.wake.notify_one();
    }

    /// Looks at the plan now (edits were queued, say) instead of at the next tick.
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    /// Asks every running job to stop after its current page and `start` to return once they have.
    pub fn stop(&self) {
        {
            let mut plan = self.plan();
            plan.stopping = true;
            plan.shops.values().for_each(stop_running);
        }
        self.inner.wake.notify_one();
    }

    /// The scheduler loop: runs due jobs until `shutdown`, and closes runs that ended processes left
    /// open (their cursors resume them); returns when the last job has stopped.
    pub async fn start(&self) {
        use std::sync::atomic::Ordering;
        self.inner.running.store(true, Ordering::SeqCst);
        let progress_task = self.follow_progress();
        let mut jobs = JoinSet::new();
        let mut recovered_at = i64::MIN;
        loop {
            if self.plan().stopping {
                break;
            }
            let now = self.inner.store.now();
            if now.saturating_sub(recovered_at) >= RECOVER_EVERY_MS {
                recovered_at = now;
                match self.inner.store.recover_orphaned_runs().await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(runs = n, "closed runs left open by processes that ended"),
                    Err(e) => tracing::warn!("could not look for orphaned runs: {e}"),
                }
            }
            if let Err(e) = self.refresh_shops().await {
                tracing::warn!("scheduler cannot read shops: {e}");
            }
            if let Err(e) = self.refresh_pushes().await {
                tracing::warn!("scheduler cannot read the outbox: {e}");
            }
            for (shop, resource, stop) in self.take_due() {
                let this = self.clone();
                jobs.spawn(async move { this.run(shop, resource, stop).await });
            }
            self.publish();
            tokio::select! {
                _ = self.inner.wake.notified() => {}
                _ = tokio::time::sleep(TICK) => {}
                Some(_) = jobs.join_next(), if !jobs.is_empty() => {}
            }
        }
        while jobs.join_next().await.is_some() {}
        progress_task.abort();
        self.publish();
        self.inner.running.store(false, Ordering::SeqCst);
    }

    /// Whether `start` is running (and not yet stopped).
    pub fn is_running(&self) -> bool {
        self.inner.running.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Keeps each running job's progress in the overview.
    fn follow_progress(&self) -> tokio::task::JoinHandle<()> {
        let mut events = self.inner.store.subscribe();
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                match events.recv().await {
                    Ok(StoreEvent::SyncProgress(p)) if !p.finished => {
                        if let Some(shop) = this.plan().shops.get_mut(&p.shop_id) {
                            if let Some((current, _)) = shop.running.get_mut(&p.resource) {
                                *current = p;
                            }
                        }
                        this.publish();
                    }
                    Ok(_) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                }
            }
        })
    }

    /// Adds connected shops (their first due times from the run log) and drops removed ones.
    async fn refresh_shops(&self) -> Result<(), crate::StoreError> {
        let shops = self.inner.store.list_shops().await?;
        let new: Vec<ShopId> = {
            let plan = self.plan();
            shops
                .iter()
                .map(|s| s.id)
                .filter(|id| {
                    plan.shops
                        .get(id)
                        .is_none_or(|p| p.due.keys().all(|r| matches!(r, SyncResource::Push | SyncResource::Offers)))
                })
                .collect()
        };
        // Settings and the run log are read only when a shop is new to the plan, not on every tick.
        let settings = if new.is_empty() { Default::default() } else { self.inner.store.sync_settings().await? };
        let now = self.inner.store.now();
        for shop in shops.iter().filter(|s| new.contains(&s.id)) {
            let done = self.inner.store.last_ok_runs(shop.id).await?;
            let mut due = HashMap::new();
            let pulls = self.inner.source.capabilities(shop.kind).map(|c| c.pulls).unwrap_or_default();
            for r in pulls {
                let last = done.iter().find(|(resource, _)| *resource == r).map(|(_, at)| *at);
                due.insert(r, plan::first_due(r, last, settings.interval_ms(r), now));
            }
            self.plan().shops.entry(shop.id).or_default().due.extend(due);
        }
        let mut plan = self.plan();
        plan.shops.retain(|id, _| shops.iter().any(|s| s.id == *id));
        plan.names = shops.iter().map(|s| (s.id, s.name.clone())).collect();
        for s in &shops {
            let Some(p) = plan.shops.get_mut(&s.id) else { continue };
            p.kind = Some(s.kind);
            p.connected = s.status == ShopStatus::Connected;
            if !p.connected {
                // Not connected (or needing a reconnect): nothing to run until a person connects it.
                p.due.values_mut().for_each(|d| *d = i64::MAX);
                p.last_error = (s.status == ShopStatus::NeedsReconnect).then(|| "reconnect this shop".to_owned());
            } else if p.due.iter().filter(|(r, _)| **r != SyncResource::Push).all(|(_, d)| *d == i64::MAX) {
                // Connected again: start over.
                p.due.clear();
            }
        }
        Ok(())
    }

    /// When each shop's edits are due (edits are queued at any moment, by a person or a rule), and when
    /// each offers service's next tracked product is.
    async fn refresh_pushes(&self) -> Result<(), crate::StoreError> {
        let mut due = self.inner.store.edits_due_at().await?;
        due.extend(self.inner.store.fulfilments_due_at().await?);
        let offers = self.inner.store.offers_due_at().await?;
        let mut plan = self.plan();
        for (id, shop) in plan.shops.iter_mut() {
            let earliest = |list: &[(ShopId, i64)]| {
                let at = list.iter().filter(|(shop_id, _)| shop_id == id).map(|(_, at)| *at).min().unwrap_or(i64::MAX);
                // A shop that is not connected waits for it (its work is shown as waiting).
                if shop.connected {
                    at.max(shop.retry_at.unwrap_or(i64::MIN))
                } else {
                    i64::MAX
                }
            };
            let (push_at, offers_at) = (earliest(&due), earliest(&offers));
            shop.due.insert(SyncResource::Push, push_at);
            if shop.kind == Some(ShopKind::Offers) {
                shop.due.insert(SyncResource::Offers, offers_at);
            }
        }
        Ok(())
    }

    /// The jobs due now that may start, marked running. A shop's push goes before its pulls: while its
    /// edits are due or being sent, its pulls wait (a pull would only read the shop's old values).
    fn take_due(&self) -> Vec<(ShopId, SyncResource, StopSignal)> {
        let now = self.inner.store.now();
        let mut plan = self.plan();
        if plan.paused_all || plan.stopping {
            return vec![];
        }
        let mut out = Vec::new();
        for (id, shop) in plan.shops.iter_mut() {
            if shop.paused || shop.retry_at.is_some_and(|t| t > now) {
                continue;
            }
            let push_due = shop.due.get(&SyncResource::Push).is_some_and(|d| *d <= now);
            let pushing = push_due || shop.running.contains_key(&SyncResource::Push);
            for r in SyncResource::ALL {
                let due = shop.due.get(&r).copied().unwrap_or(i64::MAX);
                if pushing && r != SyncResource::Push {
                    continue;
                }
                if due <= now && !shop.running.contains_key(&r) {
                    let (tx, rx) = watch::channel(false);
                    let progress = SyncProgress {
                        run_id: 0,
                        shop_id: *id,
                        resource: r,
                        pages: 0,
                        records: 0,
                        total: None,
                        finished: false,
                    };
                    shop.running.insert(r, (progress, tx));
                    out.push((*id, r, StopSignal::new(rx)));
                }
            }
        }
        out
    }

    async fn run(&self, shop_id: ShopId, resource: SyncResource, stop: StopSignal) {
        let result = match self.inner.permits.acquire().await {
            Ok(_permit) if !stop.is_set() => self.run_one(shop_id, resource, &stop).await,
            _ => Ok(0),
        };
        let settings = self.inner.store.sync_settings().await.unwrap_or_default();
        let now = self.inner.store.now();
        {
            let mut plan = self.plan();
            let Some(shop) = plan.shops.get_mut(&shop_id) else { return };
            shop.running.remove(&resource);
            let end = match &result {
                Ok(_) if stop.is_set() => RunEnd::Stopped,
                Ok(changed) => RunEnd::Done { changed: *changed },
                Err(ChannelError::Offline(_)) => RunEnd::Offline,
                Err(_) => RunEnd::Failed,
            };
            match result {
                Ok(_) => {
                    shop.offline = false;
                    shop.offline_failures = 0;
                    shop.offline_since = None;
                    shop.last_error = None;
                }
                Err(ChannelError::Offline(why)) => {
                    shop.offline = true;
                    shop.offline_failures += 1;
                    shop.offline_since.get_or_insert(now);
                    shop.last_error = Some(why);
                }
                Err(e) => {
                    shop.offline = false;
                    shop.last_error = Some(e.to_string());
                }
            }
            let next = plan::after_run(
                resource,
                end,
                settings.interval_ms(resource),
                shop.offline_failures,
                now,
                unit_random(),
            );
            shop.due.insert(resource, next.due);
            shop.retry_at = next.retry_at;
            if next.shipments_now {
                shop.due.insert(SyncResource::Shipments, now);
            }
        }
        self.publish();
        self.inner.wake.notify_one();
    }

    /// Runs a job; Ok(number of new or changed records).
    async fn run_one(&self, shop_id: ShopId, resource: SyncResource, stop: &StopSignal) -> Result<i64, ChannelError> {
        let shop = self.inner.store.get_shop(shop_id).await?;
        let channel = self.inner.source.channel(&shop).await?;
        let summary = run_job(&self.inner.store, &channel, shop_id, resource, stop).await?;
        debug_assert!(summary.status != SyncRunStatus::Running);
        Ok(summary.records_new + summary.records_changed)
    }
}

fn stop_running(shop: &ShopPlan) {
    for (_, tx) in shop.running.values() {
        let _ = tx.send(true);
    }
}

fn build_overview(plan: &Plan) -> SyncOverview {
    let mut shops: Vec<ShopSync> = plan
        .shops
        .iter()
        .map(|(id, p)| {
            let mut running: Vec<SyncProgress> = p.running.values().map(|(progress, _)| progress.clone()).collect();
            running.sort_by_key(|r| r.resource);
            // Offline stays offline while a retry runs: the state only changes when the provider answers.
            let state = if p.paused || plan.paused_all {
                SyncState::Paused
            } else if p.offline {
                SyncState::Offline
            } else if !running.is_empty() {
                SyncState::Syncing
            } else if p.last_error.is_some() {
                SyncState::Error
            } else {
                SyncState::Idle
            };
            ShopSync {
                shop_id: *id,
                shop_name: plan.names.get(id).cloned().unwrap_or_default(),
                state,
                paused: p.paused,
                running,
                last_error: p.last_error.clone(),
                retry_at: p.retry_at,
                offline_since: p.offline_since,
            }
        })
        .collect();
    shops.sort_by_key(|s| s.shop_id);
    let has = |st: SyncState| shops.iter().any(|s| s.state == st);
    let state = if plan.paused_all {
        SyncState::Paused
    } else if has(SyncState::Syncing) {
        SyncState::Syncing
    } else if has(SyncState::Offline) {
        SyncState::Offline
    } else if has(SyncState::Error) {
        SyncState::Error
    } else {
        SyncState::Idle
    };
    SyncOverview { state, paused_all: plan.paused_all, shops }
}
