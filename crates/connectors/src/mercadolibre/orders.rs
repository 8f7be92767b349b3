//! Orders: searched by `order.date_last_updated` window. A pass covers [previous start - overlap, open
//! end); a window with more orders than the deep-offset cap lets a client page through is halved until
//! it fits. In a bounded window, orders updated while it is paged leave it (their new time is past its
//! end) and shift the rest left: the total shrinks, and the next offset steps back by as much, so
//! nothing is skipped.

use serde::{Deserialize, Serialize};
use storedesk_core::sync::{ChannelError, Next, Page, Records};
use storedesk_core::time::now_ms;

use super::adapter::ORDERS_PAGE;
use super::channel::MeliChannel;
use super::map;
use crate::api::Tally;
/// A page may not reach past this offset (offset + limit <= 10,000).
const OFFSET_CAP: u64 = 10_000;
/// A pass re-reads this much before where the previous one ended: an order written just before that end
/// on a server whose clock trails ours, or committed late, is not missed.
pub(super) const OVERLAP_MS: i64 = 5 * 60_000;
/// The first pass starts here (before MercadoLibre sold anything online).
const BEGINNING_MS: i64 = 946_684_800_000; // 2000-01-01T00:00:00Z

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub(super) enum OrderCursor {
    /// Between passes: the next pass reads orders updated since `since - OVERLAP_MS`.
    Idle { since: i64 },
    /// Inside a pass ending at `end`: paging the window [from, to] at `offset`, whose total was `total`.
    /// `split`: the pass was cut into windows (a window's total is then not the pass's).
    Window {
        from: i64,
        to: i64,
        end: i64,
        offset: u64,
        total: Option<u64>,
        #[serde(default)]
        split: bool,
    },
}

fn encode(c: &OrderCursor) -> String {
    serde_json::to_string(c).unwrap_or_default()
}

impl MeliChannel {
    pub(super) async fn pull_orders(&self, cursor: Option<&str>, tally: &Tally) -> Result<Page, ChannelError> {
        let cursor = cursor.and_then(|c| serde_json::from_str::<OrderCursor>(c).ok());
        let (from, to, end, offset, last_total, split) = match cursor {
            None => {
                let now = now_ms();
                (BEGINNING_MS, now, now, 0, None, false)
            }
            Some(OrderCursor::Idle { since }) => {
                let now = now_ms();
                ((since - OVERLAP_MS).max(BEGINNING_MS), now, now, 0, None, false)
            }
            Some(OrderCursor::Window { from, to, end, offset, total, split }) => (from, to, end, offset, total, split),
        };
        // The last window is open-ended: orders updated while it is paged stay in it (they can only be
        // read twice, never skipped), and a server clock a little ahead of ours loses nothing.
        let until = (to < end).then_some(to);
        if offset >= OFFSET_CAP {
            // The window grew past the cap while it was paged (orders kept changing): read it again in halves.
            let half =
                OrderCursor::Window { from, to: from + (to - from) / 2, end, offset: 0, total: None, split: true };
            return Ok(orders_page(vec![], vec![], Next::More(encode(&half)), None, tally));
        }
        // The last page before the cap is shortened so it does not reach past it.
        let limit = OFFSET_CAP.saturating_sub(offset).clamp(1, ORDERS_PAGE);
        let found = self.adapter.orders_search(&self.seller_id, from, until, offset, limit, tally).await?;
        let total = found.paging.total;
        if offset == 0 && total > OFFSET_CAP {
            // Too deep to page: halve the window and try its first half.
            if to - from < 2 {
                return Err(ChannelError::Remote {
                    status: 200,
                    message: format!("more than {OFFSET_CAP} orders updated within one millisecond"),
                });
            }
            let half =
                OrderCursor::Window { from, to: from + (to - from) / 2, end, offset: 0, total: None, split: true };
            return Ok(orders_page(vec![], vec![], Next::More(encode(&half)), None, tally));
        }
        let mut records = Vec::with_capacity(found.results.len());
        let mut quarantined = Vec::new();
        for raw in &found.results {
            match map::order(raw) {
                Ok(o) => records.push(o),
                Err(why) => quarantined.push(map::quarantined(raw, "", why)),
            }
        }
        let read_so_far = offset + found.results.len() as u64;
        // `shrunk` orders left the window since the previous page (updated: their new time is past its end).
        // The ones not read yet moved left by up to that much, so step back over them; orders read twice are
        // harmless (the store sees them unchanged).
        let shrunk = last_total.map_or(0, |t| t.saturating_sub(total));
        let window_done = shrunk == 0 && (found.results.is_empty() || read_so_far >= total);
        let next = if !window_done {
            let offset = if shrunk > 0 { offset.saturating_sub(shrunk) } else { read_so_far };
            OrderCursor::Window { from, to, end, offset, total: Some(total), split }
        } else if to < end {
            OrderCursor::Window { from: to, to: end, end, offset: 0, total: None, split: true }
        } else {
            OrderCursor::Idle { since: end }
        };
        let next = match next {
            OrderCursor::Idle { .. } => Next::Done(encode(&next)),
            OrderCursor::Window { .. } => Next::More(encode(&next)),
        };
        let pass_total = (!split).then_some(total);
        Ok(orders_page(records, quarantined, next, pass_total, tally))
    }
}

fn orders_page(
    records: Vec<storedesk_core::model::OrderRecord>,
    quarantined: Vec<storedesk_core::sync::Quarantined>,
    next: Next,
    total: Option<u64>,
    tally: &Tally,
) -> Page {
    Page { records: Records::Orders(records), quarantined, next, total, present: vec![], tally: tally.snapshot() }
}
