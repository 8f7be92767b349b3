//! Orders: searched by `order.date_last_updated` window. A pass covers [previous start - overlap, open
//! end); a window with more orders than the deep-offset cap lets a client page through is halved until
//! it fits. In a bounded window, orders updated while it is paged leave it (their new time is past its
//! end) and shift the rest left: the total shrinks, and the next offset steps back by as much, so
//! nothing is skipped. Every decision is `plan` / `step` below, pure and table-tested.

use serde::{Deserialize, Serialize};
use storedesk_core::model::OrderRecord;
use storedesk_core::sync::{ChannelError, Next, Page, Quarantined, Records};
use storedesk_core::time::now_ms;

use crate::api::Tally;
use crate::mercadolibre::adapter::ORDERS_PAGE;
use crate::mercadolibre::channel::MeliChannel;
use crate::mercadolibre::map;

/// A page may not reach past this offset (offset + limit <= 10,000).
const OFFSET_CAP: u64 = 10_000;
/// A pass re-reads this much before where the previous one ended: an order written just before that end
/// on a server whose clock trails ours, or committed late, is not missed.
pub(crate) const OVERLAP_MS: i64 = 5 * 60_000;
/// The first pass starts here (before MercadoLibre sold anything online).
const BEGINNING_MS: i64 = 946_684_800_000; // 2000-01-01T00:00:00Z

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub(crate) enum OrderCursor {
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

/// A window being paged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    pub from: i64,
    pub to: i64,
    pub end: i64,
    pub offset: u64,
    pub total: Option<u64>,
    pub split: bool,
}

impl Window {
    /// Where a stored cursor (None: never synced) resumes at `now`.
    pub fn resume(cursor: Option<OrderCursor>, now: i64) -> Window {
        let fresh = |from: i64| Window { from, to: now, end: now, offset: 0, total: None, split: false };
        match cursor {
            None => fresh(BEGINNING_MS),
            Some(OrderCursor::Idle { since }) => fresh((since - OVERLAP_MS).max(BEGINNING_MS)),
            Some(OrderCursor::Window { from, to, end, offset, total, split }) => {
                Window { from, to, end, offset, total, split }
            }
        }
    }

    fn cursor(self) -> OrderCursor {
        OrderCursor::Window {
            from: self.from,
            to: self.to,
            end: self.end,
            offset: self.offset,
            total: self.total,
            split: self.split,
        }
    }

    /// The first half of this window, from its start.
    fn first_half(self) -> Window {
        Window { to: self.from + (self.to - self.from) / 2, offset: 0, total: None, split: true, ..self }
    }

    /// The last window is open-ended: orders updated while it is paged stay in it (they can only be
    /// read twice, never skipped), and a server clock a little ahead of ours loses nothing.
    fn until(&self) -> Option<i64> {
        (self.to < self.end).then_some(self.to)
    }
}

/// What to do before asking for a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Ask for `limit` orders (the page before the cap is shortened so it does not reach past it).
    Ask { limit: u64 },
    /// The window grew past the cap while it was paged (orders kept changing): read it again in halves.
    Split(Window),
}

pub(crate) fn plan(w: &Window) -> Plan {
    if w.offset >= OFFSET_CAP {
        Plan::Split(w.first_half())
    } else {
        Plan::Ask { limit: (OFFSET_CAP - w.offset).min(ORDERS_PAGE) }
    }
}

/// Where the pass goes after a page of `got` orders whose window holds `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Too many to page through: drop this page, read the first half of the window.
    Halve(Window),
    /// Store this page, then page on (same window, or the next one).
    Continue(Window),
    /// Store this page; the pass is over, the next one starts from `since`.
    Done { since: i64 },
    /// More orders than the cap changed within one millisecond: nothing can split them.
    TooDense,
}

pub(crate) fn step(w: &Window, total: u64, got: u64) -> Step {
    if w.offset == 0 && total > OFFSET_CAP {
        return if w.to - w.from < 2 { Step::TooDense } else { Step::Halve(w.first_half()) };
    }
    let read_so_far = w.offset + got;
    // `shrunk` orders left the window since the previous page (updated: their new time is past its end).
    // The ones not read yet moved left by up to that much, so step back over them; orders read twice are
    // harmless (the store sees them unchanged).
    let shrunk = w.total.map_or(0, |t| t.saturating_sub(total));
    let window_done = shrunk == 0 && (got == 0 || read_so_far >= total);
    if !window_done {
        let offset = if shrunk > 0 { w.offset.saturating_sub(shrunk) } else { read_so_far };
        Step::Continue(Window { offset, total: Some(total), ..*w })
    } else if w.to < w.end {
        Step::Continue(Window { from: w.to, to: w.end, offset: 0, total: None, split: true, ..*w })
    } else {
        Step::Done { since: w.end }
    }
}

fn encode(c: &OrderCursor) -> String {
    serde_json::to_string(c).unwrap_or_default()
}

impl MeliChannel {
    pub(in crate::mercadolibre) async fn pull_orders(
        &self,
        cursor: Option<&str>,
        tally: &Tally,
    ) -> Result<Page, ChannelError> {
        let cursor = cursor.and_then(|c| serde_json::from_str::<OrderCursor>(c).ok());
        let w = Window::resume(cursor, now_ms());
        let limit = match plan(&w) {
            Plan::Ask { limit } => limit,
            Plan::Split(half) => {
                return Ok(orders_page(vec![], vec![], Next::More(encode(&half.cursor())), None, tally))
            }
        };
        let found = self.adapter.orders_search(&self.seller_id, w.from, w.until(), w.offset, limit, tally).await?;
        let total = found.paging.total;
        let next = match step(&w, total, found.results.len() as u64) {
            Step::Halve(half) => {
                return Ok(orders_page(vec![], vec![], Next::More(encode(&half.cursor())), None, tally));
            }
            Step::TooDense => {
                return Err(ChannelError::BadAnswer(format!(
                    "more than {OFFSET_CAP} orders updated within one millisecond"
                )))
            }
            Step::Continue(next) => Next::More(encode(&next.cursor())),
            Step::Done { since } => Next::Done(encode(&OrderCursor::Idle { since })),
        };
        let mut records = Vec::with_capacity(found.results.len());
        let mut quarantined = Vec::new();
        for raw in &found.results {
            match map::order(raw) {
                Ok(o) => records.push(o),
                Err(why) => quarantined.push(map::quarantined(raw, "", why)),
            }
        }
        let pass_total = (!w.split).then_some(total);
        Ok(orders_page(records, quarantined, next, pass_total, tally))
    }
}

fn orders_page(
    records: Vec<OrderRecord>,
    quarantined: Vec<Quarantined>,
    next: Next,
    total: Option<u64>,
    tally: &Tally,
) -> Page {
    Page {
        records: Records::Orders(records),
        also: vec![],
        quarantined,
        next,
        total,
        present: vec![],
        tally: tally.snapshot(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_700_000_000_000;
    const END: i64 = T0 + 1_000_000;

    fn window(from: i64, to: i64, offset: u64, total: Option<u64>, split: bool) -> Window {
        Window { from, to, end: END, offset, total, split }
    }

    #[test]
    fn a_pass_resumes_where_its_cursor_says() {
        let now = END;
        assert_eq!(Window::resume(None, now), window(BEGINNING_MS, END, 0, None, false));
        assert_eq!(
            Window::resume(Some(OrderCursor::Idle { since: T0 }), now),
            window(T0 - OVERLAP_MS, END, 0, None, false)
        );
        let mid = window(T0, T0 + 10, 51, Some(80), true);
        assert_eq!(Window::resume(Some(mid.cursor()), now), mid);
        // An Idle cursor from before the beginning never reads from before 2000.
        assert_eq!(Window::resume(Some(OrderCursor::Idle { since: 0 }), now).from, BEGINNING_MS);
    }

    #[test]
    fn pages_never_reach_past_the_offset_cap() {
        // (offset, plan)
        let table = [
            (0, Plan::Ask { limit: 51 }),
            (9_900, Plan::Ask { limit: 51 }),
            (9_949, Plan::Ask { limit: 51 }),
            (9_950, Plan::Ask { limit: 50 }),
            (9_999, Plan::Ask { limit: 1 }),
            (10_000, Plan::Split(window(T0, T0 + 500_000, 0, None, true))),
        ];
        for (offset, want) in table {
            assert_eq!(plan(&window(T0, END, offset, Some(10_000), false)), want, "offset {offset}");
        }
    }

    #[test]
    fn each_page_moves_the_pass_on() {
        let w = |offset, total| window(T0, END, offset, total, false);
        let bounded = |offset, total| Window { end: END + 1_000, ..window(T0, END, offset, total, true) };
        // (window, total now, orders in the page, step)
        let table = [
            // Too many: halve (the page is thrown away).
            (w(0, None), 10_001, 51, Step::Halve(window(T0, T0 + 500_000, 0, None, true))),
            (window(T0, T0 + 1, 0, None, true), 20_000, 51, Step::TooDense),
            // At the cap exactly, pages through.
            (w(0, None), 10_000, 51, Step::Continue(w(51, Some(10_000)))),
            // A full page, more to come.
            (w(51, Some(120)), 120, 51, Step::Continue(w(102, Some(120)))),
            // The last page of the last (open) window ends the pass at its end.
            (w(102, Some(120)), 120, 18, Step::Done { since: END }),
            (w(0, None), 0, 0, Step::Done { since: END }),
            // Three orders left the bounded window since the last page: step back by three.
            (
                bounded(102, Some(200)),
                197,
                51,
                Step::Continue(Window { offset: 99, total: Some(197), ..bounded(102, None) }),
            ),
            // A bounded window that is done hands over to the rest of the pass.
            (
                bounded(150, Some(197)),
                197,
                47,
                Step::Continue(Window {
                    from: END,
                    to: END + 1_000,
                    end: END + 1_000,
                    offset: 0,
                    total: None,
                    split: true,
                }),
            ),
            // An empty page of a window whose total grew is the end of that window (nothing more to read).
            (w(120, Some(120)), 125, 0, Step::Done { since: END }),
        ];
        for (at, total, got, want) in table {
            assert_eq!(step(&at, total, got), want, "{at:?} total {total} got {got}");
        }
    }
}
