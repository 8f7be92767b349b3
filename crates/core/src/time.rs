//! Wall-clock helpers. Stored times are unix milliseconds, UTC.

use std::time::{SystemTime, UNIX_EPOCH};

/// Now, in unix milliseconds.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)).unwrap_or(0)
}

/// `YYYYMMDDTHHMMSSZ` for a unix-ms time: used in file names, so it sorts and has no colons.
pub fn compact_utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (UTC).
pub fn iso_day(days_since_epoch: i64) -> String {
    let (y, m, d) = civil_from_days(days_since_epoch);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` (RFC 3339, UTC) for a unix-ms time: what APIs are sent.
pub fn rfc3339_utc(ms: i64) -> String {
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, milli) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

/// Parses an RFC 3339 / ISO 8601 instant with an offset (`2026-11-20T10:11:12.123-04:00`, `...Z`) into
/// unix ms UTC. A time without an offset is ambiguous and refused (None), as is an impossible date.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.trim().as_bytes();
    let digits = |from: usize, len: usize| -> Option<i64> {
        let part = b.get(from..from + len)?;
        part.iter().all(u8::is_ascii_digit).then(|| part.iter().fold(0i64, |n, c| n * 10 + i64::from(c - b'0')))
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (h, mi, sec) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut at = 19;
    let mut millis = 0;
    if b[at] == b'.' {
        let start = at + 1;
        let mut end = start;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
        if end == start || end - start > 9 {
            return None;
        }
        for (k, c) in b[start..end].iter().take(3).enumerate() {
            millis += i64::from(c - b'0') * 10i64.pow(2 - k as u32);
        }
        at = end;
    }
    let offset = match &b[at..] {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), ..] if b.len() == at + 6 && b[at + 3] == b':' => {
            let (oh, om) = (digits(at + 1, 2)?, digits(at + 4, 2)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let v = oh * 3_600_000 + om * 60_000;
            if *sign == b'+' {
                v
            } else {
                -v
            }
        }
        _ => return None,
    };
    let local = days_from_civil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + millis;
    Some(local - offset)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
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
    }

    #[test]
    fn parses_offsets_and_refuses_ambiguity() {
        let utc = 1_795_183_872_123;
        assert_eq!(parse_rfc3339("2026-11-20T10:11:12.123-04:00"), Some(utc));
        assert_eq!(parse_rfc3339("2026-11-20T14:11:12.123Z"), Some(utc));
        assert_eq!(parse_rfc3339("2026-11-20T15:11:12.123456+01:00"), Some(utc));
        assert_eq!(parse_rfc3339(&rfc3339_utc(utc)), Some(utc));
        assert_eq!(rfc3339_utc(utc), "2026-11-20T14:11:12.123Z");
        assert_eq!(parse_rfc3339("2026-11-20T10:11:12"), None);
        assert_eq!(parse_rfc3339("2026-02-30T10:11:12Z"), None);
        assert_eq!(parse_rfc3339("2026-11-20T10:11:12.Z"), None);
        assert_eq!(parse_rfc3339("2026-11-20T10:11:12+0400"), None);
        assert_eq!(parse_rfc3339("2024-02-29T00:00:00Z").map(|v| v % 86_400_000), Some(0));
    }
}
