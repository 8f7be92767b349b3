//! Pulling a warehouse's changes: `LastUpdateStartDate` windows, paged by number until a short page.
//!
//! A pass starts at the newest update the last pass saw, inclusive: the orders stamped exactly then are
//! read again and dropped by their hash, so a pass with nothing new costs one request. ShipBob does not
//! document what moves an order's "last update" nor how its window ends compare, and a change may become
//! visible after a later one was read: every `DEEP_EVERY_MS` a pass starts `DEEP_OVERLAP_MS` earlier and
//! reads that stretch again (deduped the same way). Where a pass goes next is decided by the pure
//! functions below (table test).

use serde::{Deserialize, Serialize};
use storedesk_core::model::WarehouseRecord;
use storedesk_core::sync::{ChannelError, Next, Page, Records};

use super::channel::ShipbobChannel;
use super::map;
use super::wire;
use crate::api::Tally;

/// How often a pass reaches back, and how far.
pub const DEEP_EVERY_MS: i64 = 30 * 60_000;
pub const DEEP_OVERLAP_MS: i64 = 30 * 60_000;

/// Where a pass of the warehouse's orders stands (stored by the engine as the resource's cursor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// The pass's window start (`LastUpdateStartDate`).
    pub since: i64,
    /// The next page to read (1-based); 0 between passes.
    pub page: u64,
    /// The newest update seen so far: where the next pass starts.
    pub newest: i64,
    /// When a pass last reached back (our clock).
    pub deep_at: i64,
}

/// The window of a pass that starts now (`floor`: where a warehouse never read starts).
pub fn start(stored: Option<Cursor>, floor: i64, now: i64) -> Cursor {
    match stored {
        None => Cursor { since: floor, page: 1, newest: floor, deep_at: now },
        Some(c) if c.page > 0 => c,
        Some(c) if now - c.deep_at >= DEEP_EVERY_MS => Cursor {
            since: (c.newest - DEEP_OVERLAP_MS).max(floor.min(c.newest)),
            page: 1,
            newest: c.newest,
            deep_at: now,
        },
        Some(c) => Cursor { since: c.newest, page: 1, newest: c.newest, deep_at: c.deep_at },
    }
}

/// After page `at.page` (`more`: another page follows), whose newest update was `page_newest`: the next
/// page, or the pass is done and the next one starts at the newest update seen.
pub fn after_page(at: Cursor, more: bool, page_newest: Option<i64>) -> (Cursor, bool) {
    let newest = page_newest.map_or(at.newest, |n| n.max(at.newest));
    if more {
        (Cursor { page: at.page + 1, newest, ..at }, false)
    } else {
        (Cursor { since: newest, page: 0, newest, deep_at: at.deep_at }, true)
    }
}

fn encode(c: &Cursor) -> String {
    serde_json::to_string(c).unwrap_or_default()
}

impl ShipbobChannel {
    /// One page of the orders changed since the cursor's window start.
    pub(super) async fn pull_orders(&self, cursor: Option<&str>, tally: &Tally) -> Result<Page, ChannelError> {
        // A cursor that does not read (another version wrote it) starts from the floor: the hashes keep
        // that from writing anything twice.
        let stored = cursor.and_then(|c| serde_json::from_str::<Cursor>(c).ok());
        let at = start(stored, self.floor, storedesk_core::time::now_ms());
        let list = self.adapter.orders_changed(at.since, at.page, tally).await?;
        let mut records: Vec<WarehouseRecord> = Vec::new();
        let mut quarantined = Vec::new();
        for raw in &list.orders {
            match serde_json::from_value::<wire::Order>(raw.clone())
                .map_err(|e| e.to_string())
                .and_then(|o| map::record(&o))
            {
                Ok(r) => records.push(r),
                Err(why) => quarantined.push(map::quarantined(raw, why)),
            }
        }
        let page_newest = records.iter().map(|r| r.updated_at).max();
        let (next, done) = after_page(at, list.more, page_newest);
        Ok(Page {
            also: vec![],
            records: Records::Warehouse(records),
            quarantined,
            next: if done { Next::Done(encode(&next)) } else { Next::More(encode(&next)) },
            total: list.total_count,
            present: vec![],
            tally: tally.snapshot(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLOOR: i64 = 1_000_000;
    const NOW: i64 = 50_000_000;

    #[test]
    fn where_a_pass_starts() {
        let between = |newest, deep_at| Some(Cursor { since: 0, page: 0, newest, deep_at });
        // (stored, expected start)
        let table = [
            (None, Cursor { since: FLOOR, page: 1, newest: FLOOR, deep_at: NOW }),
            // Interrupted mid-pass: go on where it stopped.
            (
                Some(Cursor { since: 7, page: 3, newest: 9, deep_at: 1 }),
                Cursor { since: 7, page: 3, newest: 9, deep_at: 1 },
            ),
            // The last pass reached back a minute ago: start at the newest update seen.
            (
                between(40_000_000, NOW - 60_000),
                Cursor { since: 40_000_000, page: 1, newest: 40_000_000, deep_at: NOW - 60_000 },
            ),
            // Half an hour since: reach back half an hour.
            (
                between(40_000_000, NOW - DEEP_EVERY_MS),
                Cursor { since: 40_000_000 - DEEP_OVERLAP_MS, page: 1, newest: 40_000_000, deep_at: NOW },
            ),
            // Never before the floor when the newest is past it.
            (between(FLOOR + 5, 0), Cursor { since: FLOOR, page: 1, newest: FLOOR + 5, deep_at: NOW }),
        ];
        for (n, (stored, expected)) in table.into_iter().enumerate() {
            assert_eq!(start(stored, FLOOR, NOW), expected, "row {n}");
        }
    }

    #[test]
    fn where_a_pass_goes_after_a_page() {
        let at = Cursor { since: 100, page: 1, newest: 150, deep_at: 7 };
        assert_eq!(after_page(at, true, Some(120)), (Cursor { page: 2, ..at }, false));
        assert_eq!(after_page(at, true, Some(180)), (Cursor { page: 2, newest: 180, ..at }, false));
        assert_eq!(after_page(at, false, Some(180)), (Cursor { since: 180, page: 0, newest: 180, deep_at: 7 }, true));
        // An empty window: done, the newest stays.
        assert_eq!(after_page(at, false, None), (Cursor { since: 150, page: 0, newest: 150, deep_at: 7 }, true));
    }

    #[test]
    fn a_short_page_ends_the_pass_when_no_header_counts_pages() {
        use crate::shipbob::adapter::more_pages;
        // (page, orders on it, page size, Total-Pages, more)
        let table = [
            (1, 250, 250, None, true),
            (1, 249, 250, None, false),
            (4, 0, 250, None, false),
            (1, 250, 250, Some(1), false),
            (1, 3, 250, Some(2), true),
        ];
        for (page, len, limit, total, more) in table {
            assert_eq!(more_pages(page, len, limit, total), more, "page {page}, {len} of {limit}, total {total:?}");
        }
    }
}
