//! Time: stored times are unix milliseconds, UTC. Calendar work goes through chrono.

use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// Now, in unix milliseconds, from the system clock. Core's decisions take `now` as an argument; the
/// store and the scheduler read it from their `Clock`, so tests can run them at a chosen time.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)).unwrap_or(0)
}

/// Where the store and the scheduler read the time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now_ms(&self) -> i64;
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        now_ms()
    }
}

/// A clock a test sets and moves by hand.
#[derive(Debug, Default)]
pub struct ManualClock(std::sync::atomic::AtomicI64);

impl ManualClock {
    pub fn at(ms: i64) -> Self {
        ManualClock(std::sync::atomic::AtomicI64::new(ms))
    }

    pub fn set(&self, ms: i64) {
        self.0.store(ms, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn advance(&self, ms: i64) {
        self.0.fetch_add(ms, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

fn utc(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// `YYYYMMDDTHHMMSSZ` for a unix-ms time: used in file names, so it sorts and has no colons.
pub fn compact_utc(ms: i64) -> String {
    utc(ms).format("%Y%m%dT%H%M%SZ").to_string()
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (UTC).
pub fn iso_day(days_since_epoch: i64) -> String {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    epoch
        .checked_add_signed(chrono::Duration::days(days_since_epoch))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` (RFC 3339, UTC) for a unix-ms time.
pub fn rfc3339_utc(ms: i64) -> String {
    utc(ms).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `YYYY-MM-DDTHH:MM:SS.mmm+00:00`: RFC 3339 with a numeric offset (`+00:00`) instead of `Z`, and
/// milliseconds (providers that want it say so in their module).
pub fn rfc3339_numeric_offset(ms: i64) -> String {
    utc(ms).to_rfc3339_opts(SecondsFormat::Millis, false)
}

/// Parses an RFC 3339 instant with an offset (`2026-11-20T10:11:12.123-04:00`, `...Z`) into unix ms UTC.
/// A time without an offset is ambiguous and refused (None), as is an impossible date.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(s.trim()).ok().map(|t| t.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(compact_utc(0), "19700101T000000Z");
        // 2026-11-20T14:11:12.123Z
        assert_eq!(compact_utc(1_795_183_872_123), "20261120T141112Z");
        assert_eq!(compact_utc(951_782_400_000), "20000229T000000Z");
        assert_eq!(iso_day(0), "1970-01-01");
        assert_eq!(iso_day(1_795_183_872_123 / 86_400_000), "2026-11-20");
        assert_eq!(iso_day(-1), "1969-12-31");
        assert_eq!(rfc3339_numeric_offset(1_795_183_872_123), "2026-11-20T14:11:12.123+00:00");
    }

    #[test]
    fn parses_offsets_and_refuses_ambiguity() {
        let utc = 1_795_183_872_123;
        assert_eq!(parse_rfc3339("2026-11-20T10:11:12.123-04:00"), Some(utc));
        assert_eq!(parse_rfc3339("2026-11-20T14:11:12.123Z"), Some(utc));
        assert_eq!(parse_rfc3339("2026-11-20T15:11:12.123456+01:00"), Some(utc));
        assert_eq!(parse_rfc3339(&rfc3339_utc(utc)), Some(utc));
        assert_eq!(parse_rfc3339(&rfc3339_numeric_offset(utc)), Some(utc));
        assert_eq!(rfc3339_utc(utc), "2026-11-20T14:11:12.123Z");
        assert_eq!(parse_rfc3339("2026-11-20T10:11:12"), None);
        assert_eq!(parse_rfc3339("2026-02-30T10:11:12Z"), None);
        assert_eq!(parse_rfc3339("2026-11-20T10:11:12.Z"), None);
        assert_eq!(parse_rfc3339("2026-11-20T10:11:12+0400"), None);
        assert_eq!(parse_rfc3339("2024-02-29T00:00:00Z").map(|v| v % 86_400_000), Some(0));
    }
}
