//! Products: the first pass lists every item with `search_type=scan` and fetches them 20 at a time;
//! later passes list items newest-updated first and stop at the first one older than the previous
//! pass, so an unchanged shop costs one listing and one multiget.
//!
//! The non-scan listing cannot go past offset+limit = 1000. When more than that changed, the pass
//! lists each documented status on its own (each has its own 1000), and past that, or when the status
//! listings do not cover every item, it rescans everything. The decisions are `scan_step` and
//! `listing_next` below, pure and table-tested.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use storedesk_core::model::SyncResource;
use storedesk_core::sync::{ChannelError, LocalView, Next, Page};
use storedesk_core::time::now_ms;

use super::{products_page, Fetched, MULTIGET_MAX};
use crate::api::Tally;
use crate::mercadolibre::adapter::ITEMS_PAGE;
use crate::mercadolibre::channel::MeliChannel;

/// offset + limit may not pass this without `search_type=scan`.
const OFFSET_CAP: u64 = 1000;
/// A first scan counts from a little before it began: the local clock and the server's may differ.
const SCAN_SKEW_MS: i64 = 5 * 60_000;
/// The server's `Date` has whole seconds; the next pass starts this much before it.
const DATE_MARGIN_MS: i64 = 2_000;
/// A listing that keeps coming back short is given up on after this many new starts.
const MAX_SCAN_RESTARTS: u32 = 3;
/// Listings of one status each, used when the unfiltered listing hits its cap: the statuses the API
/// documents as filters. Items in any other status (under review) cannot be listed this way.
const STATUSES: [&str; 3] = ["active", "paused", "closed"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub(crate) enum ProductCursor {
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

/// Where a listing or scan that came back empty leaves the pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScanEnd {
    /// Every id counted was handed out: the listing is complete.
    Complete,
    /// Fewer ids came than the scan counted (a dropped answer moved the scroll past a page nobody
    /// received): list again from the start.
    Restart,
    /// It keeps coming back short: give up (the next run starts over).
    GiveUp,
}

/// A scan's empty page after `handed` ids of `total`, having restarted `restarts` times.
pub(crate) fn scan_end(handed: u64, total: u64, restarts: u32) -> ScanEnd {
    if handed >= total {
        ScanEnd::Complete
    } else if restarts >= MAX_SCAN_RESTARTS {
        ScanEnd::GiveUp
    } else {
        ScanEnd::Restart
    }
}

/// Where an incremental listing stands (the fields of `ProductCursor::Listing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ListingAt {
    pub since: i64,
    pub next_since: i64,
    pub status: Option<usize>,
    pub offset: u64,
    pub all: u64,
    pub covered: u64,
}

/// What a listing page found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ListingSeen {
    /// The listing's total (of its status, when listing one).
    pub total: u64,
    /// Ids on this page.
    pub listed: u64,
    /// An item older than the pass's `since` was met: everything after it is older too.
    pub reached_older: bool,
}

/// The cursor after a listing page (`Idle` ends the pass).
pub(crate) fn listing_next(at: ListingAt, seen: ListingSeen) -> ProductCursor {
    let ListingAt { since, next_since, status, offset, all, covered } = at;
    let listed_all = offset + seen.listed >= seen.total;
    let covered = if status.is_some() && offset == 0 { covered + seen.total } else { covered };
    let rescan = ProductCursor::Scan { since: next_since, scroll_id: None, handed: 0, refetch: true, restarts: 0 };
    let listing =
        |status, offset, all, covered| ProductCursor::Listing { since, next_since, status, offset, all, covered };
    if seen.reached_older || listed_all {
        match status {
            // Each status listing that ended: go to the next status.
            Some(s) if s + 1 < STATUSES.len() => listing(Some(s + 1), 0, all, covered),
            // After the last: items in statuses that cannot be listed may have changed too.
            Some(_) if covered < all => rescan,
            _ => ProductCursor::Idle { since: next_since },
        }
    } else if offset + 2 * ITEMS_PAGE > OFFSET_CAP {
        match status {
            // More than 1000 changed: list status by status.
            None => listing(Some(0), 0, seen.total, 0),
            // More than 1000 changed in one status: only a full scan can tell.
            Some(_) => rescan,
        }
    } else {
        listing(status, offset + ITEMS_PAGE, all, covered)
    }
}

/// Where a reconciliation listing stands (kept in memory by the engine, never stored).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ReconcileCursor {
    scroll_id: Option<String>,
    handed: u64,
    restarts: u32,
}

fn encode<T: Serialize>(c: &T) -> String {
    serde_json::to_string(c).unwrap_or_default()
}

fn next_of(cursor: ProductCursor) -> Next {
    match cursor {
        ProductCursor::Idle { .. } => Next::Done(encode(&cursor)),
        other => Next::More(encode(&other)),
    }
}

impl MeliChannel {
    pub(in crate::mercadolibre) async fn pull_products(
        &self,
        cursor: Option<&str>,
        local: &dyn LocalView,
        tally: &Tally,
    ) -> Result<Page, ChannelError> {
        // An unreadable cursor (written by another version) costs a rescan, never a stuck shop.
        let cursor = cursor.and_then(|c| serde_json::from_str::<ProductCursor>(c).ok());
        match cursor {
            None => {
                let scan =
                    ScanAt { since: now_ms() - SCAN_SKEW_MS, scroll_id: None, handed: 0, refetch: false, restarts: 0 };
                self.scan_page(scan, local, tally).await
            }
            Some(ProductCursor::Scan { since, scroll_id, handed, refetch, restarts }) => {
                self.scan_page(ScanAt { since, scroll_id, handed, refetch, restarts }, local, tally).await
            }
            Some(ProductCursor::Idle { since }) => self.listing_page(since, None, tally).await,
            Some(ProductCursor::Listing { since, next_since, status, offset, all, covered }) => {
                let at = ListingAt { since, next_since, status, offset, all, covered };
                self.listing_page(since, Some(at), tally).await
            }
        }
    }

    /// One page of a full scan. Items already stored are not fetched again: a scan resumed after a
    /// crash (whose server-side scroll cannot be trusted) starts over but only fetches what is missing.
    async fn scan_page(&self, at: ScanAt, local: &dyn LocalView, tally: &Tally) -> Result<Page, ChannelError> {
        let ScanAt { since, scroll_id, handed, refetch, restarts } = at;
        let live = scroll_id.filter(|s| self.scroll_position(s) == Some(handed));
        let listing = self.adapter.items_scan(&self.seller_id, live.as_deref(), tally).await?;
        let handed = if live.is_some() { handed } else { 0 } + listing.results.len() as u64;
        let Some(sid) = listing.scroll_id.clone() else {
            return Err(ChannelError::BadAnswer("a scan answer without scroll_id".into()));
        };
        self.remember_scroll(&sid, handed, live.as_deref());
        if listing.results.is_empty() {
            let next = match scan_end(handed, listing.paging.total, restarts) {
                ScanEnd::Complete => Next::Done(encode(&ProductCursor::Idle { since })),
                ScanEnd::Restart => Next::More(encode(&ProductCursor::Scan {
                    since,
                    scroll_id: None,
                    handed: 0,
                    refetch,
                    restarts: restarts + 1,
                })),
                ScanEnd::GiveUp => {
                    return Err(ChannelError::Exhausted(format!(
                        "the item listing came back short {restarts} times ({handed} of {} ids)",
                        listing.paging.total
                    )))
                }
            };
            return Ok(products_page(Fetched::default(), next, None, tally));
        }
        let wanted: Vec<String> = if refetch {
            listing.results
        } else {
            let held: HashSet<String> = local.held(SyncResource::Products, &listing.results).await?;
            listing.results.into_iter().filter(|id| !held.contains(id)).collect()
        };
        let fetched = if wanted.is_empty() { Fetched::default() } else { self.multiget(&wanted, tally).await? };
        let next = ProductCursor::Scan { since, scroll_id: Some(sid), handed, refetch, restarts };
        Ok(products_page(fetched, Next::More(encode(&next)), Some(listing.paging.total), tally))
    }

    /// One page of an incremental pass: list newest-updated first, fetch in order, stop at the first item
    /// older than `since`. `at` is None on the pass's first page.
    async fn listing_page(&self, since: i64, at: Option<ListingAt>, tally: &Tally) -> Result<Page, ChannelError> {
        let (status, offset) = at.map_or((None, 0), |a| (a.status, a.offset));
        let status_word = status.and_then(|s| STATUSES.get(s)).copied();
        let (listing, server_time) = self.adapter.items_listing(&self.seller_id, offset, status_word, tally).await?;
        // The next pass starts at the server's time of this pass's first listing.
        let at = at.unwrap_or(ListingAt {
            since,
            next_since: server_time.map_or(since, |t| (t - DATE_MARGIN_MS).max(since)),
            status: None,
            offset: 0,
            all: 0,
            covered: 0,
        });
        let pass = self.pass_set(at.next_since);
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
        let seen = ListingSeen { total: listing.paging.total, listed: listing.results.len() as u64, reached_older };
        Ok(products_page(fetched, next_of(listing_next(at, seen)), None, tally))
    }

    /// A reconciliation page: every listed id is present; ids not stored are fetched. A listing that
    /// comes back short starts over (a vanished-item verdict on a partial listing would be wrong).
    pub(in crate::mercadolibre) async fn reconcile(
        &self,
        cursor: Option<&str>,
        local: &dyn LocalView,
        tally: &Tally,
    ) -> Result<Page, ChannelError> {
        let state: ReconcileCursor = cursor.and_then(|c| serde_json::from_str(c).ok()).unwrap_or_default();
        let listing = self.adapter.items_scan(&self.seller_id, state.scroll_id.as_deref(), tally).await?;
        let total = Some(listing.paging.total);
        if listing.results.is_empty() {
            let next = match scan_end(state.handed, listing.paging.total, state.restarts) {
                ScanEnd::Complete => Next::Done(String::new()),
                ScanEnd::Restart => {
                    Next::More(encode(&ReconcileCursor { scroll_id: None, handed: 0, restarts: state.restarts + 1 }))
                }
                ScanEnd::GiveUp => {
                    return Err(ChannelError::Exhausted("the item listing keeps coming back short".into()))
                }
            };
            return Ok(products_page(Fetched::default(), next, total, tally));
        }
        let held = local.held(SyncResource::Products, &listing.results).await?;
        let missing: Vec<String> = listing.results.iter().filter(|id| !held.contains(*id)).cloned().collect();
        let fetched = if missing.is_empty() { Fetched::default() } else { self.multiget(&missing, tally).await? };
        let next = ReconcileCursor {
            scroll_id: listing.scroll_id.clone(),
            handed: state.handed + listing.results.len() as u64,
            restarts: state.restarts,
        };
        let mut p = products_page(fetched, Next::More(encode(&next)), total, tally);
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

/// Where a scan stands (the fields of `ProductCursor::Scan`).
struct ScanAt {
    since: i64,
    scroll_id: Option<String>,
    handed: u64,
    refetch: bool,
    restarts: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_scan_page_ends_restarts_or_gives_up() {
        // (handed, total, restarts, end)
        let table = [
            (500, 500, 0, ScanEnd::Complete),
            (0, 0, 0, ScanEnd::Complete),
            (600, 500, 0, ScanEnd::Complete), // items removed while scanning
            (400, 500, 0, ScanEnd::Restart),
            (400, 500, 2, ScanEnd::Restart),
            (400, 500, 3, ScanEnd::GiveUp),
        ];
        for (handed, total, restarts, end) in table {
            assert_eq!(scan_end(handed, total, restarts), end, "{handed} of {total}, {restarts} restarts");
        }
    }

    #[test]
    fn an_incremental_pass_pages_then_lists_by_status_then_rescans() {
        let at = |status, offset, all, covered| ListingAt { since: 10, next_since: 20, status, offset, all, covered };
        let seen = |total, listed, reached_older| ListingSeen { total, listed, reached_older };
        let listing = |status, offset, all, covered| ProductCursor::Listing {
            since: 10,
            next_since: 20,
            status,
            offset,
            all,
            covered,
        };
        let rescan = ProductCursor::Scan { since: 20, scroll_id: None, handed: 0, refetch: true, restarts: 0 };
        let idle = ProductCursor::Idle { since: 20 };
        // (where, what the page showed, next)
        let table = [
            // Met an unchanged item on the first page: done.
            (at(None, 0, 0, 0), seen(5_000, 100, true), idle.clone()),
            // Everything listed: done.
            (at(None, 0, 0, 0), seen(40, 40, false), idle.clone()),
            // More changed: next page.
            (at(None, 0, 0, 0), seen(5_000, 100, false), listing(None, 100, 0, 0)),
            // At the 1000 cap: list status by status, remembering the whole's total.
            (at(None, 900, 0, 0), seen(5_000, 100, false), listing(Some(0), 0, 5_000, 0)),
            // A status done: the next status, adding its total to what is covered.
            (at(Some(0), 0, 5_000, 0), seen(4_000, 100, true), listing(Some(1), 0, 5_000, 4_000)),
            (at(Some(1), 0, 5_000, 4_000), seen(600, 100, true), listing(Some(2), 0, 5_000, 4_600)),
            // The last status covers everything: done.
            (at(Some(2), 0, 5_000, 4_600), seen(400, 100, true), idle.clone()),
            // It does not (items under review cannot be listed by status): rescan.
            (at(Some(2), 0, 5_000, 4_600), seen(350, 100, true), rescan.clone()),
            // One status alone past the cap: rescan.
            (at(Some(0), 900, 5_000, 4_000), seen(4_000, 100, false), rescan.clone()),
        ];
        for (where_, page, want) in table {
            assert_eq!(listing_next(where_, page), want, "{where_:?} {page:?}");
        }
    }
}
