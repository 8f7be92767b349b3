//! What a person should see happen, as typed notices that front ends only display: the desktop turns them
//! into UI events, tray changes and desktop notifications; the daemon logs them. The rules (which events
//! are worth a notification) are pure functions with tests beside them.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use storedesk_core::model::{
    ConnectOutcome, FulfilmentIssue, OutboxCounts, ShopId, ShopStatus, SyncOverview, SyncProgress, SyncResource,
    SyncState,
};
use storedesk_core::store::StoreEvent;
use storedesk_core::sync::scheduler::Scheduler;
use storedesk_core::Store;
use tokio::sync::broadcast;

/// Data changes are announced at most this often (a backfill stores many pages a second).
const DATA_BATCH: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// A shop was added, removed, connected, or changed status: reload the shops.
    ShopsChanged,
    /// A shop lost its authorization: a person must reconnect it.
    NeedsReconnect { shop_id: ShopId, shop_name: String },
    /// New orders arrived (when Settings asks for it; never for a shop's first backfill).
    NewOrders { shop_id: ShopId, shop_name: String, count: u64 },
    /// A shop's sync has started failing (once per new error).
    SyncFailed { shop_id: ShopId, shop_name: String, error: String },
    /// The background sync's state changed.
    SyncChanged(SyncOverview),
    /// A running job stored a page (or ended: `finished`).
    SyncProgress(SyncProgress),
    /// Records of these resources were added or changed: re-run what is visible.
    DataChanged(Vec<SyncResource>),
    /// A connection through the loopback listener ended (connected, denied, timed out).
    /// Boxed: a shop with its descriptor is much larger than the other notices.
    ConnectFinished(Box<ConnectOutcome>),
    /// Edits were queued, sent, refused or resolved: what is waiting now.
    OutboxChanged(OutboxCounts),
    /// An order's fulfilment needs a person (a new exception at the warehouse, a refused cancel).
    FulfilmentIssue(FulfilmentIssue),
    /// Tracked products, their offers or their repricing rules changed (at most every 500 ms).
    OffersChanged,
}

/// Shops whose sync has just started failing: in the error state with an error not seen before.
pub(crate) fn new_failures(
    before: &HashMap<ShopId, Option<String>>,
    now: &SyncOverview,
) -> Vec<(ShopId, String, String)> {
    now.shops
        .iter()
        .filter(|s| s.state == SyncState::Error)
        .filter_map(|s| {
            let error = s.last_error.clone()?;
            let seen = before.get(&s.shop_id).cloned().flatten();
            (seen.as_ref() != Some(&error)).then(|| (s.shop_id, s.shop_name.clone(), error))
        })
        .collect()
}

/// New orders are news when Settings asks for them and the shop had synced its orders before (a first
/// backfill is history, not news).
pub(crate) fn orders_are_news(wanted: bool, synced_before: bool, inserted: u64) -> bool {
    wanted && synced_before && inserted > 0
}

pub(crate) fn spawn_pump(
    store: Store,
    scheduler: Scheduler,
    tx: broadcast::Sender<Notice>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let send = |n: Notice| {
            let _ = tx.send(n);
        };
        let mut events = store.subscribe();
        let mut overview = scheduler.subscribe();
        let mut overview_open = true;
        let mut errors: HashMap<ShopId, Option<String>> = HashMap::new();
        let mut changed: BTreeSet<SyncResource> = BTreeSet::new();
        let mut offers_changed = false;
        let mut flush = tokio::time::interval(DATA_BATCH);
        loop {
            tokio::select! {
                event = events.recv() => match event {
                    Ok(StoreEvent::SyncProgress(p)) => send(Notice::SyncProgress(p)),
                    Ok(StoreEvent::DataChanged { shop_id, resource, inserted, .. }) => {
                        changed.insert(resource);
                        if resource == SyncResource::Orders {
                            if let Some(n) = new_orders(&store, shop_id, inserted).await {
                                send(n);
                            }
                        }
                    }
                    Ok(StoreEvent::ShopStatus { shop_id, status }) => {
                        if status == ShopStatus::NeedsReconnect {
                            send(Notice::NeedsReconnect { shop_id, shop_name: shop_name(&store, shop_id).await });
                        }
                        send(Notice::ShopsChanged);
                    }
                    Ok(StoreEvent::OutboxChanged) => {
                        if let Ok(counts) = store.outbox_counts().await {
                            send(Notice::OutboxChanged(counts));
                        }
                    }
                    Ok(StoreEvent::OffersChanged) => offers_changed = true,
                    Ok(StoreEvent::FulfilmentIssue { order_id }) => {
                        if let Ok(Some(issue)) = store.fulfilment_issue(order_id).await {
                            send(Notice::FulfilmentIssue(issue));
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => send(Notice::ShopsChanged),
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                moved = overview.changed(), if overview_open => {
                    if moved.is_err() {
                        overview_open = false;
                        continue;
                    }
                    let current = overview.borrow_and_update().clone();
                    for (shop_id, shop_name, error) in new_failures(&errors, &current) {
                        send(Notice::SyncFailed { shop_id, shop_name, error });
                    }
                    errors = current.shops.iter().map(|s| (s.shop_id, s.last_error.clone())).collect();
                    send(Notice::SyncChanged(current));
                }
                _ = flush.tick() => {
                    if !changed.is_empty() {
                        send(Notice::DataChanged(std::mem::take(&mut changed).into_iter().collect()));
                    }
                    if std::mem::take(&mut offers_changed) {
                        send(Notice::OffersChanged);
                    }
                }
            }
        }
    })
}

async fn shop_name(store: &Store, shop_id: ShopId) -> String {
    store.get_shop(shop_id).await.map(|s| s.name).unwrap_or_else(|_| format!("Shop {shop_id}"))
}

async fn new_orders(store: &Store, shop_id: ShopId, inserted: u64) -> Option<Notice> {
    let wanted = store.sync_settings().await.map(|s| s.notify_new_orders).unwrap_or(false);
    let synced_before = store
        .last_ok_runs(shop_id)
        .await
        .map(|runs| runs.iter().any(|(r, _)| *r == SyncResource::Orders))
        .unwrap_or(false);
    if !orders_are_news(wanted, synced_before, inserted) {
        return None;
    }
    Some(Notice::NewOrders { shop_id, shop_name: shop_name(store, shop_id).await, count: inserted })
}

#[cfg(test)]
mod tests {
    use storedesk_core::model::ShopSync;

    use super::*;

    fn shop(id: ShopId, state: SyncState, error: Option<&str>) -> ShopSync {
        ShopSync {
            shop_id: id,
            shop_name: format!("Shop {id}"),
            state,
            paused: false,
            running: vec![],
            last_error: error.map(str::to_owned),
            retry_at: None,
            offline_since: None,
        }
    }

    #[test]
    fn a_failure_is_news_once_and_again_when_it_changes() {
        let overview = |shops| SyncOverview { state: SyncState::Error, paused_all: false, shops };
        let before: HashMap<ShopId, Option<String>> =
            [(1, Some("HTTP 500".to_owned())), (2, None), (3, Some("old".to_owned()))].into();
        let now = overview(vec![
            shop(1, SyncState::Error, Some("HTTP 500")),            // already told
            shop(2, SyncState::Error, Some("HTTP 403: forbidden")), // new
            shop(3, SyncState::Error, Some("new")),                 // a different error
            shop(4, SyncState::Offline, Some("unreachable")),       // offline is shown, not notified
            shop(5, SyncState::Idle, None),
        ]);
        let ids: Vec<ShopId> = new_failures(&before, &now).into_iter().map(|(id, _, _)| id).collect();
        assert_eq!(ids, vec![2, 3]);
    }

    #[test]
    fn new_orders_are_news_only_when_asked_and_after_a_first_sync() {
        // (wanted, synced before, inserted, news)
        let table = [(true, true, 3, true), (false, true, 3, false), (true, false, 3, false), (true, true, 0, false)];
        for (wanted, before, inserted, news) in table {
            assert_eq!(orders_are_news(wanted, before, inserted), news, "{wanted} {before} {inserted}");
        }
    }
}
