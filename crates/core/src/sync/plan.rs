//! The scheduler's decisions, as pure functions of what happened and `now` (table tests below).

use crate::model::SyncResource;

/// First wait after the provider could not be reached; it doubles up to `OFFLINE_MAX_MS`.
pub const OFFLINE_FIRST_MS: i64 = 5_000;
pub const OFFLINE_MAX_MS: i64 = 5 * 60_000;

/// `interval` spread by ±10% (`r` in [0, 1) picks where), so shops started together call apart.
pub fn jittered(interval_ms: i64, r: f64) -> i64 {
    let r = if r.is_finite() { r.clamp(0.0, 1.0) } else { 0.5 };
    interval_ms - interval_ms / 10 + ((interval_ms / 5) as f64 * r) as i64
}

/// When a resource first runs once the scheduler knows the shop: at once if it never finished (a first
/// backfill), else an interval after its last good run (at once if that is overdue). A reconciliation
/// waits a whole interval the first time: the first backfill covers what it would find.
pub fn first_due(resource: SyncResource, last_ok: Option<i64>, interval_ms: i64, now: i64) -> i64 {
    match (resource, last_ok) {
        (SyncResource::Reconcile, None) => now + interval_ms,
        (_, None) => now,
        (_, Some(at)) => (at + interval_ms).clamp(now, now + interval_ms),
    }
}

/// How long to wait after the `failures`-th attempt in a row that could not reach the provider (before
/// jitter): 5 s, 10 s, 20 s ... up to 5 minutes.
pub fn offline_wait_ms(failures: u32) -> i64 {
    crate::backoff::doubling_ms(OFFLINE_FIRST_MS, failures.max(1) - 1, OFFLINE_MAX_MS)
}

/// How a run ended, as far as the schedule cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunEnd {
    /// Done; this many records were new or changed.
    Done { changed: i64 },
    /// Asked to stop (pause, quit) after a page: it resumes from its cursor.
    Stopped,
    /// The provider could not be reached.
    Offline,
    /// Failed for another reason (the error is shown; retrying sooner would not help).
    Failed,
}

/// The schedule after a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reschedule {
    /// When the resource runs next.
    pub due: i64,
    /// Offline: no job of the shop runs before this.
    pub retry_at: Option<i64>,
    /// New or changed orders: fetch their shipments now rather than on their own interval.
    pub shipments_now: bool,
}

/// What follows a run of `resource` that ended as `end`; `failures` counts offline ends in a row (this
/// one included) and `r` in [0, 1) is the jitter.
pub fn after_run(resource: SyncResource, end: RunEnd, interval_ms: i64, failures: u32, now: i64, r: f64) -> Reschedule {
    match end {
        RunEnd::Done { changed } => Reschedule {
            due: now + jittered(interval_ms, r),
            retry_at: None,
            shipments_now: resource == SyncResource::Orders && changed > 0,
        },
        RunEnd::Stopped => Reschedule { due: now, retry_at: None, shipments_now: false },
        RunEnd::Offline => {
            let wait = jittered(offline_wait_ms(failures), r);
            Reschedule { due: now + wait, retry_at: Some(now + wait), shipments_now: false }
        }
        RunEnd::Failed => Reschedule { due: now + jittered(interval_ms, r), retry_at: None, shipments_now: false },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;
    const NOW: i64 = 1_800_000_000_000;

    #[test]
    fn first_runs_are_due_from_the_run_log() {
        use SyncResource::*;
        // (resource, last ok, interval, due)
        let table = [
            (Orders, None, 2 * MIN, NOW),
            (Products, None, 15 * MIN, NOW),
            (Reconcile, None, 24 * 60 * MIN, NOW + 24 * 60 * MIN),
            (Orders, Some(NOW - MIN), 2 * MIN, NOW + MIN),
            (Orders, Some(NOW - 10 * MIN), 2 * MIN, NOW),
            // A clock that went back: never later than one interval from now.
            (Products, Some(NOW + 60 * MIN), 15 * MIN, NOW + 15 * MIN),
            (Reconcile, Some(NOW - 60 * MIN), 24 * 60 * MIN, NOW + 23 * 60 * MIN),
        ];
        for (resource, last, interval, due) in table {
            assert_eq!(first_due(resource, last, interval, NOW), due, "{resource:?} last {last:?}");
        }
    }

    #[test]
    fn offline_waits_double_up_to_five_minutes() {
        let table = [(0, 5_000), (1, 5_000), (2, 10_000), (3, 20_000), (6, 160_000), (7, 300_000), (50, 300_000)];
        for (failures, wait) in table {
            assert_eq!(offline_wait_ms(failures), wait, "after {failures} failures");
        }
    }

    #[test]
    fn jitter_stays_within_ten_percent() {
        assert_eq!(jittered(100_000, 0.0), 90_000);
        assert_eq!(jittered(100_000, 0.5), 100_000);
        assert_eq!(jittered(100_000, 0.999_999), 109_999);
        assert_eq!(jittered(100_000, f64::NAN), 100_000);
    }

    #[test]
    fn the_schedule_after_each_kind_of_end() {
        use SyncResource::*;
        let r = 0.5; // no jitter
                     // (resource, end, failures, due, retry_at, shipments now)
        let table = [
            (Orders, RunEnd::Done { changed: 3 }, 0, NOW + 2 * MIN, None, true),
            (Orders, RunEnd::Done { changed: 0 }, 0, NOW + 2 * MIN, None, false),
            (Products, RunEnd::Done { changed: 9 }, 0, NOW + 2 * MIN, None, false),
            (Orders, RunEnd::Stopped, 0, NOW, None, false),
            (Orders, RunEnd::Offline, 1, NOW + 5_000, Some(NOW + 5_000), false),
            (Orders, RunEnd::Offline, 3, NOW + 20_000, Some(NOW + 20_000), false),
            (Orders, RunEnd::Failed, 0, NOW + 2 * MIN, None, false),
        ];
        for (resource, end, failures, due, retry_at, shipments_now) in table {
            assert_eq!(
                after_run(resource, end, 2 * MIN, failures, NOW, r),
                Reschedule { due, retry_at, shipments_now },
                "{resource:?} {end:?}"
            );
        }
    }
}
