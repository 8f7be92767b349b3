//! Products: the first pass lists every item with `search_type=scan` and fetches them 20 at a time;
//! later passes list items newest-updated first and stop at the first one older than the previous
//! pass, so an unchanged shop costs one listing and one multiget.
//!
//! The non-scan listing cannot go past offset+limit = 1000. When more than that changed, the pass
//! lists each status on its own (each has its own 1000), and past that it rescans everything.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use storedesk_core::model::SyncResource;
use storedesk_core::sync::{ChannelError, LocalView, Next, Page, Records};
use storedesk_core::time::now_ms;

use super::adapter::ITEMS_PAGE as LIST_LIMIT;
use super::channel::{Fetched, MeliChannel, MULTIGET_MAX};
use crate::api::Tally;
/// offset + limit may not pass this without `search_type=scan`.
const OFFSET_CAP: u64 = 1000;
/// A first scan counts from a little before it began: the local clock and the server's may differ.
const SCAN_SKEW_MS: i64 = 5 * 60_000;
/// The server's `Date` has whole seconds; the next pass starts this much before it.
const DATE_MARGIN_MS: i64 = 2_000;
/// A listing that keeps coming back short is given up on after this many new starts.
const MAX_SCAN_RESTARTS: u32 = 3;
/// Listings of one status each, used when the unfiltered listing hits its cap: the statuses the API
/// documents as filters. Items in any other status (under review) cannot be listed this way; when the
/// status listings do not add up to the whole, the pass rescans.
const STATUSES: [&str; 3] = ["active", "paused", "closed"];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub(super) enum ProductCursor {
    /// Listing every item. `handed` ids of the scroll were stored before this cursor was. The first
    /// scan of a shop skips items already stored (by this same scan before a crash); a rescan (`refetch`)
    /// fetches everything, since stored items may have changed.
    /// `restarts`: times this scan started over because the listing came back short (a dropped answer
    /// moved the server-side scroll past a page nobody received).
    Scan {
        since: i64,
        scroll_id: Option<String>,
        handed: u64,
        #[serde(default)]
        refetch: bool,
        #[serde(default)]
        restarts: u32,
    },
    /// Between passes: the next pass fetches items updated at or after `since`.
    Idle { since: i64 },
    /// Inside an incremental pass. In the status-by-status part, `all` is the unfiltered listing's total
    /// and `covered` the sum of the status listings' totals so far.
    Listing {
        since: i64,
        next_since: i64,
        status: Option<usize>,
        offset: u64,
        #[serde(default)]
        all: u64,
        #[serde(default)]
        covered: u64,
    },
}

/// Where an incremental listing stands (the fields of `ProductCursor::Listing`; `next_since` is None on the
/// pass's first page).
struct ListingAt {
    since: i64,
    next_since: Option<i64>,
    status: Option<usize>,
    offset: u64,
    all: u64,
    covered: u64,
}

/// Where a reconciliation listing stands (kept in memory by the engine, never stored).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ReconcileCursor {
    scroll_id: Option<String>,
    handed: u64,
    restarts: u32,
}

fn encode_reconcile(c: &ReconcileCursor) -> String {
    serde_json::to_string(c).unwrap_or_default()
}

fn encode(c: &ProductCursor) -> String {
    serde_json::to_string(c).unwrap_or_default()
}

impl MeliChannel {
    pub(super) async fn pull_products(
        &self,
        cursor: Option<&str>,
        local: &dyn LocalView,
        tally: &Tally,
    ) -> Result<Page, ChannelError> {
        // An unreadable cursor (written by another version) costs a rescan, never a stuck shop.
        let cursor = cursor.and_then(|c| serde_json::from_str::<ProductCursor>(c).ok());
        match cursor {
            None => self.scan_page(now_ms() - SCAN_SKEW_MS, None, 0, false, 0, local, tally).await,
            Some(ProductCursor::Scan { since, scroll_id, handed, refetch, restarts }) => {
                self.scan_page(since, scroll_id, handed, refetch, restarts, local, tally).await
            }
            Some(ProductCursor::Idle { since }) => {
                self.listing_page(
                    ListingAt { since, next_since: None, status: None, offset: 0, all: 0, covered: 0 },
                    tally,
                )
                .await
            }
            Some(ProductCursor::Listing { since, next_since, status, offset, all, covered }) => {
                let at = ListingAt { since, next_since: Some(next_since), status, offset, all, covered };
                self.listing_page(at, tally).await
            }
        }
    }

    /// One page of a full scan. Items already stored are not fetched again: a scan resumed after a
    /// crash (whose server-side scroll cannot be trusted) starts over but only fetches what is missing.
    #[allow(clippy::too_many_arguments)]
    async fn scan_page(
        &self,
        since: i64,
        scroll_id: Option<String>,
        handed: u64,
        refetch: bool,
        restarts: u32,
        local: &dyn LocalView,
        tally: &Tally,
    ) -> Result<Page, ChannelError> {
        let live = scroll_id.filter(|s| self.scroll_position(s) == Some(handed));
        let listing = self.adapter.items_scan(&self.seller_id, live.as_deref(), tally).await?;
        let handed = if live.is_some() { handed } else { 0 } + listing.results.len() as u64;
        let Some(sid) = listing.scroll_id.clone() else {
            return Err(ChannelError::Remote { status: 200, message: "a scan answer without scroll_id".into() });
        };
        self.remember_scroll(&sid, handed, live.as_deref());
        if listing.results.is_empty() {
            if handed < listing.paging.total {
                // Fewer ids came than the scan counted: a page was lost on the way. List again.
                if restarts >= MAX_SCAN_RESTARTS {
                    return Err(ChannelError::Exhausted(format!(
                        "the item listing came back short {restarts} times ({handed} of {} ids)",
                        listing.paging.total
                    )));
                }
                let again = ProductCursor::Scan { since, scroll_id: None, handed: 0, refetch, restarts: restarts + 1 };
                return Ok(page(Fetched::default(), Next::More(encode(&again)), None, tally));
            }
            return Ok(page(Fetched::default(), Next::Done(encode(&ProductCursor::Idle { since })), None, tally));
        }
        let wanted: Vec<String> = if refetch {
            listing.results
        } else {
            let held: HashSet<String> = local.held(SyncResource::Products, &listing.results).await?;
            listing.results.into_iter().filter(|id| !held.contains(id)).collect()
        };
        let fetched = if wanted.is_empty() { Fetched::default() } else { self.multiget(&wanted, tally).await? };
        let next = ProductCursor::Scan { since, scroll_id: Some(sid), handed, refetch, restarts };
        Ok(page(fetched, Next::More(encode(&next)), Some(listing.paging.total), tally))
    }

    /// One page of an incremental pass: list newest-updated first, fetch in order, stop at the first item
    /// older than `since`.
    async fn listing_page(&self, at: ListingAt, tally: &Tally) -> Result<Page, ChannelError> {
        let ListingAt { since, next_since, status, offset, all, covered } = at;
        let status_word = status.and_then(|s| STATUSES.get(s)).copied();
        let (listing, server_time) = self.adapter.items_listing(&self.seller_id, offset, status_word, tally).await?;
        // The next pass starts at the server's time of this pass's first listing.
        let next_since = next_since.unwrap_or_else(|| server_time.map_or(since, |t| (t - DATE_MARGIN_MS).max(since)));
        let pass = self.pass_set(next_since);
        let mut fetched = Fetched::default();
        let mut reached_older = false;
        let todo: Vec<String> = {
            let seen = self.pass_fetched_ids(pass);
            listing.results.iter().filter(|id| !seen.contains(*id)).cloned().collect()
        };
        for chunk in todo.chunks(MULTIGET_MAX) {
            let got = self.multiget(chunk, tally).await?;
            self.mark_fetched(pass, chunk);
            fetched.quarantined.extend(got.quarantined);
            for p in got.products {
                if p.updated_at < since {
                    reached_older = true;
                } else {
                    fetched.products.push(p);
                }
            }
            if reached_older {
                break;
            }
        }
        let listed_all = offset + (listing.results.len() as u64) >= listing.paging.total;
        let covered = if status.is_some() && offset == 0 { covered + listing.paging.total } else { covered };
        let rescan = || {
            Next::More(encode(&ProductCursor::Scan {
                since: next_since,
                scroll_id: None,
                handed: 0,
                refetch: true,
                restarts: 0,
            }))
        };
        let listing_at = |status, offset, all, covered| {
            Next::More(encode(&ProductCursor::Listing { since, next_since, status, offset, all, covered }))
        };
        let next = if reached_older || listed_all {
            match status {
                // Each status listing that ended: go to the next status.
                Some(s) if s + 1 < STATUSES.len() => listing_at(Some(s + 1), 0, all, covered),
                // After the last: items in statuses that cannot be listed may have changed too.
                Some(_) if covered < all => rescan(),
                _ => Next::Done(encode(&ProductCursor::Idle { since: next_since })),
            }
        } else if offset + 2 * LIST_LIMIT > OFFSET_CAP {
            match status {
                // More than 1000 changed: list status by status.
                None => listing_at(Some(0), 0, listing.paging.total, 0),
                // More than 1000 changed in one status: only a full scan can tell.
                Some(_) => rescan(),
            }
        } else {
            listing_at(status, offset + LIST_LIMIT, all, covered)
        };
        Ok(page(fetched, next, None, tally))
    }

    /// A reconciliation page: every listed id is present; ids not stored are fetched. A listing that
    /// comes back short starts over (a vanished-item verdict on a partial listing would be wrong).
    pub(super) async fn reconcile(
        &self,
        cursor: Option<&str>,
        local: &dyn LocalView,
        tally: &Tally,
    ) -> Result<Page, ChannelError> {
        let state: ReconcileCursor = cursor.and_then(|c| serde_json::from_str(c).ok()).unwrap_or_default();
        let listing = self.adapter.items_scan(&self.seller_id, state.scroll_id.as_deref(), tally).await?;
        let total = Some(listing.paging.total);
        if listing.results.is_empty() {
            if state.handed < listing.paging.total {
                if state.restarts >= MAX_SCAN_RESTARTS {
                    return Err(ChannelError::Exhausted("the item listing keeps coming back short".into()));
                }
                let again = ReconcileCursor { scroll_id: None, handed: 0, restarts: state.restarts + 1 };
                return Ok(page(Fetched::default(), Next::More(encode_reconcile(&again)), total, tally));
            }
            return Ok(page(Fetched::default(), Next::Done(String::new()), total, tally));
        }
        let held = local.held(SyncResource::Products, &listing.results).await?;
        let missing: Vec<String> = listing.results.iter().filter(|id| !held.contains(*id)).cloned().collect();
        let fetched = if missing.is_empty() { Fetched::default() } else { self.multiget(&missing, tally).await? };
        let next = ReconcileCursor {
            scroll_id: listing.scroll_id.clone(),
            handed: state.handed + listing.results.len() as u64,
            restarts: state.restarts,
        };
        let mut p = page(fetched, Next::More(encode_reconcile(&next)), total, tally);
        p.present = listing.results;
        Ok(p)
    }

    fn scroll_position(&self, scroll_id: &str) -> Option<u64> {
        self.scrolls.lock().ok()?.get(scroll_id).copied()
    }

    fn remember_scroll(&self, scroll_id: &str, handed: u64, previous: Option<&str>) {
        if let Ok(mut s) = self.scrolls.lock() {
            if let Some(p) = previous {
                s.remove(p);
            }
            s.insert(scroll_id.to_owned(), handed);
        }
    }

    /// The key of the current incremental pass; a new key forgets the previous pass's fetched ids.
    fn pass_set(&self, key: i64) -> i64 {
        if let Ok(mut p) = self.pass_fetched.lock() {
            if p.0 != key {
                *p = (key, HashSet::new());
            }
        }
        key
    }

    fn pass_fetched_ids(&self, key: i64) -> HashSet<String> {
        match self.pass_fetched.lock() {
            Ok(p) if p.0 == key => p.1.clone(),
            _ => HashSet::new(),
        }
    }

    fn mark_fetched(&self, key: i64, ids: &[String]) {
        if let Ok(mut p) = self.pass_fetched.lock() {
            if p.0 == key {
                p.1.extend(ids.iter().cloned());
            }
        }
    }
}

fn page(fetched: Fetched, next: Next, total: Option<u64>, tally: &Tally) -> Page {
    Page {
        records: Records::Products(fetched.products),
        quarantined: fetched.quarantined,
        next,
        total,
        present: vec![],
        tally: tally.snapshot(),
    }
}
