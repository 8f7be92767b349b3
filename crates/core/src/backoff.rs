//! The one exponential backoff every retry in storedesk waits by: a first wait, doubled with each failure
//! in a row, up to a ceiling (jitter, where wanted, is added by the caller).

use std::time::Duration;

/// `first_ms` doubled `doublings` times, at most `max_ms`; never overflows.
pub fn doubling_ms(first_ms: i64, doublings: u32, max_ms: i64) -> i64 {
    let factor = 1i64.checked_shl(doublings.min(62)).unwrap_or(i64::MAX);
    first_ms.max(0).saturating_mul(factor).min(max_ms)
}

/// `first` doubled `doublings` times, at most `max`.
pub fn doubling(first: Duration, doublings: u32, max: Duration) -> Duration {
    let ms = doubling_ms(
        first.as_millis().min(i64::MAX as u128) as i64,
        doublings,
        max.as_millis().min(i64::MAX as u128) as i64,
    );
    Duration::from_millis(ms.max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_from_the_first_wait_up_to_the_ceiling() {
        // (first, doublings, max, wait)
        let table = [
            (5_000, 0, 600_000, 5_000),
            (5_000, 1, 600_000, 10_000),
            (5_000, 6, 600_000, 320_000),
            (5_000, 7, 600_000, 600_000),
            (5_000, 63, 600_000, 600_000),
            (5_000, u32::MAX, 600_000, 600_000),
            (0, 5, 600_000, 0),
            (-1, 5, 600_000, 0),
        ];
        for (first, n, max, want) in table {
            assert_eq!(doubling_ms(first, n, max), want, "{first} ms doubled {n} times");
        }
        assert_eq!(doubling(Duration::from_millis(250), 3, Duration::from_secs(20)), Duration::from_secs(2));
        assert_eq!(doubling(Duration::from_millis(250), 30, Duration::from_secs(20)), Duration::from_secs(20));
    }
}
