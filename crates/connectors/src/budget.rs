//! The rate budget of one seller account, shared by every job of that account.
//!
//! MercadoLibre sends no rate headers and no Retry-After: the only signal is a 429. So the pace has to
//! learn the limit. It starts slow and grows about sevenfold a second until the first 429 (slow start);
//! that 429 sets a ceiling estimate, the pace drops below it and then climbs back, quickly while far
//! below and by about 1% of the ceiling per second near it, so it spends most of its time just under
//! the limit and meets a 429 rarely. Every 429 lowers the estimate a little. Where a provider does send
//! `Retry-After` or `X-RateLimit-Remaining`/`-Reset`, those are obeyed instead of guessed.
//!
//! What a budget learns is noted in the store every few seconds, so the next process for the same account
//! (a CLI sync, the app after a restart) resumes near the learned pace instead of starting slow again.

use std::sync::Mutex;
use std::time::Duration;

use storedesk_core::backoff::doubling;
use storedesk_core::store::LearnedPace;
use storedesk_core::Store;
use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

use crate::window::{CallWindow, Ticket};

/// Where a fresh budget starts, requests per second.
const START_RATE: f64 = 10.0;
/// The starting pace, per minute, as a descriptor states it.
pub const START_PER_MINUTE: u32 = START_RATE as u32 * 60;
/// Never slower than this (a 429 storm must not stall a shop for minutes).
const MIN_RATE: f64 = 0.5;
/// Never faster than this without a ceiling (loopback simulators answer in microseconds).
const MAX_RATE: f64 = 5_000.0;
/// Slow start: the pace grows by this share of itself per second of sending (e^2, about 7x a second), so
/// a loopback simulator or a generous limit is reached within a few seconds, not ten.
const SLOW_START_GROWTH: f64 = 2.0;
/// After a 429 the pace drops to this share of the rate that met it.
const DECREASE: f64 = 0.9;
/// Requests in flight at once per account.
const MAX_IN_FLIGHT: usize = 8;
/// A pace noted longer ago than this is not trusted: the account's limits may have changed.
const PACE_TRUSTED_MS: i64 = 24 * 3_600_000;
/// The pace is noted at most this often (and after every 429).
const NOTE_EVERY: Duration = Duration::from_secs(3);

/// Where a fresh budget starts, from what was learned before (if anything): a recent pace resumes at half
/// of it (slow start grows it back within half a second), below its learned ceiling; an old one or none
/// starts slow.
pub fn starting_pace(learned: Option<LearnedPace>, now_ms: i64) -> (f64, Option<f64>) {
    match learned {
        Some(p) if now_ms - p.at <= PACE_TRUSTED_MS && p.rate.is_finite() && p.rate > 0.0 => {
            let ceiling = p.ceiling.filter(|c| c.is_finite() && *c > 0.0);
            let mut rate = (p.rate * 0.5).clamp(START_RATE, MAX_RATE);
            if let Some(c) = ceiling {
                rate = rate.min(c * DECREASE).max(MIN_RATE);
            }
            (rate, ceiling)
        }
        _ => (START_RATE, None),
    }
}

/// Where a budget notes its pace.
#[derive(Debug)]
struct PaceMemory {
    store: Store,
    key: String,
    last_noted: Option<Instant>,
}

#[derive(Debug)]
struct Pace {
    rate: f64,
    /// The learned limit (requests/s at which a 429 came), if one came.
    ceiling: Option<f64>,
    /// The earliest start of the next request.
    next_slot: Instant,
    /// No request starts before this (Retry-After, a reset time, or a 429 backoff).
    hold_until: Instant,
    /// 429s in a row, for the exponential backoff.
    consecutive_429: u32,
}

/// A shared pace for one account. Cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct RateBudget {
    pace: Mutex<Pace>,
    in_flight: Semaphore,
    /// A provider that counts calls in a window and says how many are left: requests wait for room.
    window: Mutex<Option<CallWindow>>,
    memory: Mutex<Option<PaceMemory>>,
}

impl Default for RateBudget {
    fn default() -> Self {
        RateBudget::new()
    }
}

/// A slot to send one request; hold it until the answer is read.
pub struct Slot<'a> {
    _permit: SemaphorePermit<'a>,
    budget: &'a RateBudget,
    /// Its place in the provider's call window, when the provider has one.
    ticket: Option<Ticket>,
}

impl Slot<'_> {
    /// This request met a 429: see `RateBudget::on_rate_limited`; its call did not count in the window.
    pub fn rate_limited(&self, retry_after: Option<Duration>) -> Duration {
        if let (Some(w), Some(ticket)) = (self.budget.window().as_mut(), self.ticket) {
            w.refused(ticket, Instant::now(), retry_after);
        }
        self.budget.on_rate_limited(retry_after)
    }

    /// The provider said how many calls are left in its window after this one.
    pub fn calls_left(&self, remaining: u64) {
        if let (Some(w), Some(ticket)) = (self.budget.window().as_mut(), self.ticket) {
            w.answered(ticket, remaining, Instant::now());
        }
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if let (Some(w), Some(ticket)) = (self.budget.window().as_mut(), self.ticket) {
            w.ended(ticket, Instant::now());
        }
    }
}

impl RateBudget {
    /// A budget that knows nothing yet (slow start) and notes nothing.
    pub fn new() -> Self {
        RateBudget::starting_at(START_RATE, None, None)
    }

    fn starting_at(rate: f64, ceiling: Option<f64>, memory: Option<PaceMemory>) -> Self {
        let now = Instant::now();
        RateBudget {
            pace: Mutex::new(Pace { rate, ceiling, next_slot: now, hold_until: now, consecutive_429: 0 }),
            in_flight: Semaphore::new(MAX_IN_FLIGHT),
            window: Mutex::new(None),
            memory: Mutex::new(memory),
        }
    }

    /// The budget of account `key`: resumes from the pace the store noted for it, and notes its own there.
    pub async fn remembered(store: &Store, key: &str) -> Self {
        // A pace that cannot be read is not worth failing a sync for: start slow.
        let learned = store.learned_pace(key).await.unwrap_or_default();
        let (rate, ceiling) = starting_pace(learned, storedesk_core::time::now_ms());
        let memory = PaceMemory { store: store.clone(), key: key.to_owned(), last_noted: None };
        RateBudget::starting_at(rate, ceiling, Some(memory))
    }

    /// Notes the pace in the store (in the background) when the last note is older than `NOTE_EVERY`, or
    /// always when `urgent` (a 429 changed what was learned).
    fn note(&self, rate: f64, ceiling: Option<f64>, urgent: bool) {
        let mut memory = self.memory.lock().unwrap_or_else(|p| p.into_inner());
        let Some(m) = memory.as_mut() else { return };
        let now = Instant::now();
        if !urgent && m.last_noted.is_some_and(|at| now.duration_since(at) < NOTE_EVERY) {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
        m.last_noted = Some(now);
        let (store, key) = (m.store.clone(), m.key.clone());
        let pace = LearnedPace { rate, ceiling, at: storedesk_core::time::now_ms() };
        runtime.spawn(async move {
            if let Err(e) = store.remember_pace(&key, &pace).await {
                tracing::debug!(error = %e, "the request pace could not be noted");
            }
        });
    }

    fn window(&self) -> std::sync::MutexGuard<'_, Option<CallWindow>> {
        self.window.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The provider counts calls in a window of this length and tells how many are left on each answer.
    pub fn count_calls_in(&self, length: Duration) {
        self.window().get_or_insert_with(|| CallWindow::new(length));
    }

    /// The most calls the provider's window was seen to hold (0: no window, or nothing seen yet).
    pub fn window_limit(&self) -> u64 {
        self.window().as_ref().map_or(0, CallWindow::limit)
    }

    fn pace(&self) -> std::sync::MutexGuard<'_, Pace> {
        self.pace.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The current pace in requests per second (for benchmarks and logs).
    pub fn rate(&self) -> f64 {
        self.pace().rate
    }

    /// Waits for this request's turn.
    pub async fn acquire(&self) -> Slot<'_> {
        // The semaphore is never closed, so acquire only fails in theory; fall back to no permit wait.
        let permit = loop {
            if let Ok(p) = self.in_flight.acquire().await {
                break p;
            }
            tokio::task::yield_now().await;
        };
        let start = {
            let mut p = self.pace();
            let now = Instant::now();
            let start = p.next_slot.max(p.hold_until).max(now);
            p.next_slot = start + Duration::from_secs_f64(1.0 / p.rate);
            start
        };
        tokio::time::sleep_until(start).await;
        let ticket = loop {
            // Its own statement: the window's lock must not be held across the sleep.
            let admitted = self.window().as_mut().map(|w| w.admit(Instant::now()));
            match admitted {
                None => break None,
                Some(Ok(ticket)) => break Some(ticket),
                Some(Err(wait)) => tokio::time::sleep(wait).await,
            }
        };
        Slot { _permit: permit, budget: self, ticket }
    }

    /// An answer that was not a 429: the pace may grow.
    pub fn on_success(&self) {
        let mut p = self.pace();
        p.consecutive_429 = 0;
        let r = p.rate;
        // Each success advances the pace by (growth per second) / rate, i.e. per second of sending.
        let per_second = match p.ceiling {
            None => SLOW_START_GROWTH * r,
            Some(c) => 0.5 * (c - r).max(0.0) + 0.01 * c,
        };
        p.rate = (r + per_second / r).clamp(MIN_RATE, MAX_RATE);
        let (rate, ceiling) = (p.rate, p.ceiling);
        drop(p);
        self.note(rate, ceiling, false);
    }

    /// A 429: lower the ceiling and the pace, and hold every request of the account for a backoff that
    /// doubles with each 429 in a row (with jitter), unless the provider said how long to wait.
    /// Returns how long the request that met it should wait before its retry.
    pub fn on_rate_limited(&self, retry_after: Option<Duration>) -> Duration {
        let mut p = self.pace();
        let r = p.rate;
        p.ceiling = Some(match p.ceiling {
            // The limit is below the pace that met it; never let the estimate climb on a 429.
            Some(c) => c.min(r) * 0.98,
            None => r * 0.95,
        });
        p.rate = (r * DECREASE).max(MIN_RATE);
        p.consecutive_429 += 1;
        let backoff = retry_after.unwrap_or_else(|| {
            let wait = doubling(Duration::from_millis(250), p.consecutive_429.min(7) - 1, Duration::from_secs(20));
            Duration::from_secs_f64(jitter(wait.as_secs_f64()))
        });
        let until = Instant::now() + backoff;
        if until > p.hold_until {
            p.hold_until = until;
        }
        let (rate, ceiling) = (p.rate, p.ceiling);
        drop(p);
        self.note(rate, ceiling, true);
        backoff
    }

    /// Obeys a provider's own figures: with nothing left in its window, wait for its reset.
    pub fn on_headers(&self, remaining: Option<u64>, reset_after: Option<Duration>) {
        if let (Some(0), Some(reset)) = (remaining, reset_after) {
            let mut p = self.pace();
            let until = Instant::now() + reset.min(Duration::from_secs(300));
            if until > p.hold_until {
                p.hold_until = until;
            }
        }
    }

    /// A 5xx or broken answer with `Retry-After`: hold the account that long.
    pub fn hold(&self, wait: Duration) {
        let mut p = self.pace();
        let until = Instant::now() + wait.min(Duration::from_secs(300));
        if until > p.hold_until {
            p.hold_until = until;
        }
    }
}

/// Between half and all of `seconds` ("equal jitter"), so clients that failed together retry apart.
pub fn jitter(seconds: f64) -> f64 {
    let r = (getrandom::u64().unwrap_or(0) >> 11) as f64 / (1u64 << 53) as f64;
    seconds * (0.5 + 0.5 * r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_start_grows_then_a_429_sets_a_ceiling_below_the_pace() {
        let b = RateBudget::new();
        for _ in 0..200 {
            b.on_success();
        }
        let grown = b.rate();
        assert!(grown > START_RATE * 4.0, "slow start should have grown the pace, got {grown}");
        b.on_rate_limited(None);
        let after = b.rate();
        assert!(after < grown, "a 429 lowers the pace");
        let ceiling = b.pace().ceiling.unwrap();
        assert!(ceiling < grown && ceiling > after);
        // Near the ceiling the pace creeps: a thousand successes add little above it.
        for _ in 0..1000 {
            b.on_success();
        }
        let settled = b.rate();
        assert!(settled > after && settled < ceiling * 1.1, "{after} -> {settled}, ceiling {ceiling}");
    }

    #[test]
    fn a_recent_pace_resumes_at_half_below_its_ceiling_and_an_old_one_starts_slow() {
        let now = 10 * PACE_TRUSTED_MS;
        let pace = |rate, ceiling, age| Some(LearnedPace { rate, ceiling, at: now - age });
        assert_eq!(starting_pace(None, now), (START_RATE, None));
        assert_eq!(starting_pace(pace(800.0, None, 60_000), now), (400.0, None));
        assert_eq!(starting_pace(pace(100.0, Some(100.0), 60_000), now), (50.0, Some(100.0)));
        assert_eq!(starting_pace(pace(300.0, Some(120.0), 60_000), now), (120.0 * DECREASE, Some(120.0)));
        assert_eq!(starting_pace(pace(5.0, None, 60_000), now), (START_RATE, None), "never below a fresh start");
        assert_eq!(starting_pace(pace(800.0, Some(900.0), PACE_TRUSTED_MS + 1), now), (START_RATE, None));
        assert_eq!(starting_pace(pace(f64::NAN, None, 0), now), (START_RATE, None));
    }

    #[test]
    fn repeated_429s_back_off_exponentially_and_never_raise_the_ceiling() {
        let b = RateBudget::new();
        let waits: Vec<Duration> = (0..5).map(|_| b.on_rate_limited(None)).collect();
        let ceilings = b.pace().ceiling.unwrap();
        assert!(ceilings < START_RATE);
        // Equal jitter: each wait is at least half its exponential step, so the fifth exceeds the first.
        assert!(waits[4] > waits[0] * 2, "{waits:?}");
        assert_eq!(b.on_rate_limited(Some(Duration::from_secs(3))), Duration::from_secs(3));
    }
}
