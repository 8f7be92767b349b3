//! A provider that counts calls in a sliding window and says how many are left (ShipBob: 150 a minute,
//! `x-remaining-calls` on every answer, `x-retry-after` on a 429). A call past the window earns only a
//! 429, so a request waits for room instead of trying. Room is what an answer said was left, less every
//! request that may have reached the provider after that count (those still on the way that were sent
//! before it, and all sent after it), plus this client's own calls that have slid out of the window since.
//! A call slides out a window's length after its answer came (it was counted no later than that), so no
//! guess about travel times is needed; answers may come back in any order. When the window is full and
//! nothing is on the way, the client's earliest counted call frees the next slot; a window filled by
//! someone else (another copy of storedesk on the same token) is only learned from the 429 it earns, whose
//! `x-retry-after` says when a call frees. Pure bookkeeping, tested below (a shuffled simulation
//! included); the rate budget does the waiting.

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use tokio::time::Instant;

/// How often a request waiting on answers that are on the way looks again.
const POLL: Duration = Duration::from_millis(20);

/// A request the window let through: its number (in the order sent), when it went, and how many requests
/// were on the way then (any of them may reach the provider after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket {
    pub seq: u64,
    pub sent: Instant,
    pub ahead: u64,
}

/// One of this client's calls the provider counted: when it was sent, and when its answer came.
#[derive(Debug, Clone, Copy)]
struct Counted {
    sent: Instant,
    answered: Instant,
}

#[derive(Debug)]
pub struct CallWindow {
    length: Duration,
    /// The most calls the window was seen to hold (the most ever left, plus the call counted): a figure
    /// for reports.
    limit: u64,
    /// Room in the window now, as far as this client can be sure.
    left: Option<i64>,
    /// A 429 said a call frees at this moment.
    promised: Option<Instant>,
    /// The next request's number.
    next_seq: u64,
    /// Requests sent and not answered yet, by number: when each went.
    on_the_way: BTreeMap<u64, Instant>,
    /// This client's calls the provider may still count, in the order their answers came.
    counted: VecDeque<Counted>,
}

impl CallWindow {
    pub fn new(length: Duration) -> Self {
        CallWindow {
            length,
            limit: 0,
            left: None,
            promised: None,
            next_seq: 0,
            on_the_way: BTreeMap::new(),
            counted: VecDeque::new(),
        }
    }

    /// The largest window seen so far (0: none yet).
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Own calls that slid out of the window free their slots.
    fn expire(&mut self, now: Instant) {
        while self.counted.front().is_some_and(|c| c.answered + self.length <= now) {
            self.counted.pop_front();
            if let Some(left) = self.left.as_mut() {
                *left += 1;
            }
        }
        if self.promised.is_some_and(|t| t <= now) {
            self.promised = None;
            self.left = Some(self.left.unwrap_or(0).max(1));
        }
    }

    /// May a request go now? Ok: it is counted as sent. Err: look again after this long.
    pub fn admit(&mut self, now: Instant) -> Result<Ticket, Duration> {
        self.expire(now);
        if let Some(promised) = self.promised {
            return Err(promised - now);
        }
        // (The most ever seen left is no bound: a window found full the first time would teach a limit of one.)
        if self.left.is_some_and(|left| left <= 0) {
            if !self.on_the_way.is_empty() {
                // Their answers will say how much room there is.
                return Err(POLL);
            }
            if let Some(first) = self.counted.front() {
                return Err(first.answered + self.length - now);
            }
            // Full of calls that are not ours: only the provider can say when one frees (its 429 will).
        }
        let ticket = Ticket { seq: self.next_seq, sent: now, ahead: self.on_the_way.len() as u64 };
        self.next_seq += 1;
        self.on_the_way.insert(ticket.seq, now);
        if let Some(left) = self.left.as_mut() {
            *left -= 1;
        }
        Ok(ticket)
    }

    /// The answer to `ticket` said `remaining` calls were left after it, and came at `now`. The requests
    /// that were on the way when it went, and every request sent after it, may have reached the provider
    /// after that count: they come off it. Own calls the provider may already have let go when it counted
    /// are in the count: they leave the log without freeing a slot again later.
    pub fn answered(&mut self, ticket: Ticket, remaining: u64, now: Instant) {
        self.limit = self.limit.max(remaining + 1);
        let length = self.length;
        self.counted.retain(|c| c.sent + length > now);
        self.on_the_way.remove(&ticket.seq);
        let sent_after = self.next_seq.saturating_sub(ticket.seq + 1);
        self.left = Some(remaining as i64 - (ticket.ahead + sent_after) as i64);
        self.counted.push_back(Counted { sent: ticket.sent, answered: now });
    }

    /// A 429 to `ticket`: the window is full, and that call was not counted; the provider said a call frees
    /// after `retry_after` (when it said).
    pub fn refused(&mut self, ticket: Ticket, now: Instant, retry_after: Option<Duration>) {
        self.on_the_way.remove(&ticket.seq);
        self.left = Some(0);
        if let Some(wait) = retry_after {
            self.promised = Some(now + wait);
        }
    }

    /// A request ended. One that got no answer (the connection dropped) may have been counted: it is kept
    /// as counted now.
    pub fn ended(&mut self, ticket: Ticket, now: Instant) {
        if let Some(sent) = self.on_the_way.remove(&ticket.seq) {
            self.counted.push_back(Counted { sent, answered: now });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: Duration = Duration::from_secs(60);

    fn at(t0: Instant, ms: u64) -> Instant {
        t0 + Duration::from_millis(ms)
    }

    /// Sends one request at `now` and ends it with an answer of `remaining`.
    fn call(w: &mut CallWindow, now: Instant, remaining: u64) {
        let ticket = w.admit(now).expect("room");
        w.answered(ticket, remaining, now);
        w.ended(ticket, now);
    }

    #[test]
    fn a_learned_window_is_filled_and_then_waits_for_the_oldest_call() {
        let t0 = Instant::now();
        let mut w = CallWindow::new(W);
        // First call: nothing known yet; the provider says 4 more fit.
        call(&mut w, t0, 4);
        assert_eq!(w.limit(), 5);
        for n in 1..=4 {
            call(&mut w, at(t0, n), 4 - n);
        }
        // Five calls in the window: the sixth waits until the first slides out (with the margin).
        let wait = w.admit(at(t0, 10)).unwrap_err();
        assert_eq!(wait, W - Duration::from_millis(10), "a minute after the first answer");
        assert!(w.admit(at(t0, 10) + wait).is_ok());
    }

    #[test]
    fn room_is_what_the_provider_said_less_what_may_have_reached_it_since() {
        let t0 = Instant::now();
        let mut w = CallWindow::new(W);
        // Another client used most of the window: the provider says 2 are left.
        call(&mut w, t0, 2);
        let a = w.admit(at(t0, 1)).unwrap();
        let b = w.admit(at(t0, 2)).unwrap();
        // Both on the way, none left: wait for their answers.
        assert_eq!(w.admit(at(t0, 3)), Err(POLL));
        w.answered(b, 0, at(t0, 4));
        w.answered(a, 1, at(t0, 5));
        assert_eq!(w.left, Some(0), "a's count came before b reached the provider");
        // Nothing on the way, none left: the earliest counted own call frees the next slot.
        let wait = w.admit(at(t0, 6)).unwrap_err();
        assert_eq!(wait, W - Duration::from_millis(6));
        assert!(w.admit(at(t0, 6) + wait).is_ok());
    }

    #[test]
    fn an_older_count_arriving_late_does_not_raise_the_room() {
        let t0 = Instant::now();
        let mut w = CallWindow::new(W);
        call(&mut w, t0, 10);
        let tickets: Vec<Ticket> = (1..=3).map(|n| w.admit(at(t0, n)).unwrap()).collect();
        // The third request's answer comes first (7 left): the two sent before it may arrive after it.
        w.answered(tickets[2], 7, at(t0, 5));
        assert_eq!(w.left, Some(5));
        // The first one's answer (9 left, counted earliest) arrives late: the two sent after it come off.
        w.answered(tickets[0], 9, at(t0, 6));
        assert_eq!(w.left, Some(7));
        // The second: the first was on the way when it went, the third went after it; both come off.
        w.answered(tickets[1], 8, at(t0, 7));
        assert_eq!(w.left, Some(6));
    }

    #[test]
    fn a_call_the_provider_let_go_before_an_answer_frees_its_slot_once() {
        let t0 = Instant::now();
        let mut w = CallWindow::new(W);
        call(&mut w, t0, 1);
        // A minute on: the provider let the first call go, and the next answer counts its slot as free.
        let later = t0 + W + Duration::from_millis(10);
        call(&mut w, later, 1);
        assert_eq!(w.left, Some(1));
        // When the first call's own minute is up here, no second slot appears for it.
        w.expire(t0 + W + Duration::from_millis(20));
        assert_eq!(w.left, Some(1));
    }

    #[test]
    fn a_429_is_waited_out_for_as_long_as_the_provider_says_then_one_call_goes() {
        let t0 = Instant::now();
        let mut w = CallWindow::new(W);
        let first = w.admit(t0).unwrap();
        w.refused(first, at(t0, 5), Some(Duration::from_secs(3)));
        w.ended(first, at(t0, 5));
        assert!(w.counted.is_empty(), "a refused call does not count");
        assert_eq!(w.admit(at(t0, 6)), Err(Duration::from_millis(2_999)));
        assert!(w.admit(at(t0, 3_005)).is_ok());
        // One call was promised; the next waits for that call's answer.
        assert_eq!(w.admit(at(t0, 3_006)), Err(POLL));
    }

    /// A provider with a sliding window, requests reaching it in a shuffled order and answers coming back
    /// in another, up to 8 on the way, for several windows: a client that admits through the window never
    /// meets a 429, and keeps the window busy.
    #[test]
    fn shuffled_answers_never_overrun_a_sliding_window() {
        let t0 = Instant::now();
        let limit = 50;
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut rnd = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let mut w = CallWindow::new(W);
        let mut provider: VecDeque<Instant> = VecDeque::new();
        let mut travelling: Vec<Ticket> = Vec::new();
        let mut answers: Vec<(Ticket, Option<u64>)> = Vec::new();
        let (mut refused, mut accepted) = (0, 0);
        let ticks = 40_000u64;
        for tick in 0..ticks {
            let now = t0 + Duration::from_millis(tick * 10);
            match rnd(3) {
                0 if travelling.len() + answers.len() < 8 => {
                    if let Ok(ticket) = w.admit(now) {
                        travelling.push(ticket);
                    }
                }
                1 if !travelling.is_empty() => {
                    let ticket = travelling.swap_remove(rnd(travelling.len() as u64) as usize);
                    while provider.front().is_some_and(|t| now.duration_since(*t) >= W) {
                        provider.pop_front();
                    }
                    if provider.len() < limit {
                        provider.push_back(now);
                        accepted += 1;
                        answers.push((ticket, Some((limit - provider.len()) as u64)));
                    } else {
                        refused += 1;
                        answers.push((ticket, None));
                    }
                }
                _ if !answers.is_empty() => {
                    let (ticket, answer) = answers.swap_remove(rnd(answers.len() as u64) as usize);
                    match answer {
                        Some(left) => w.answered(ticket, left, now),
                        None => w.refused(ticket, now, Some(Duration::from_secs(1))),
                    }
                    w.ended(ticket, now);
                }
                _ => {}
            }
        }
        let windows = (ticks * 10 / 60_000) as usize;
        assert_eq!(refused, 0);
        assert!(accepted >= limit * windows * 9 / 10, "{accepted} calls in {windows} windows of {limit}");
    }
}
