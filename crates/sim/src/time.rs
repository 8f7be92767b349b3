//! Dates as MercadoLibre writes them: ISO 8601 with milliseconds and the -04:00 offset of its servers
//! (`2026-11-20T10:11:12.123-04:00`). Internally every instant is UTC milliseconds since the Unix epoch.

use std::time::{SystemTime, UNIX_EPOCH};

/// The offset MercadoLibre's API writes its dates in (-04:00), in milliseconds.
const OFFSET_MS: i64 = -4 * 3_600_000;

/// Wall-clock now in UTC milliseconds.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `2026-11-20T10:11:12.123-04:00`
pub fn format(ms: i64) -> String {
    let local = ms + OFFSET_MS;
    let days = local.div_euclid(86_400_000);
    let rem = local.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, milli) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}-04:00")
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff]` followed by `Z` or `±HH:MM` (an offset is required: a date without one is
/// ambiguous and refused). Returns UTC milliseconds.
pub fn parse(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.len() < 20 || !s.is_char_boundary(19) {
        return None;
    }
    let (main, rest) = s.split_at(19);
    let b = main.as_bytes();
    if b[4] != b'-' || b[7] != b'-' || (b[10] != b'T' && b[10] != b't') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (num(&main[0..4])?, num(&main[5..7])?, num(&main[8..10])?);
    let (h, mi, sec) = (num(&main[11..13])?, num(&main[14..16])?, num(&main[17..19])?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = rest;
    let mut millis = 0;
    if let Some(r) = rest.strip_prefix('.') {
        let digits = r.bytes().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        let frac = &r[..digits];
        let padded = format!("{frac:0<3}");
        millis = num(&padded[..3])?;
        rest = &r[digits..];
    }
    let offset_ms = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let body = &rest[1..];
            let (oh, om) = match body.len() {
                5 if body.as_bytes()[2] == b':' => (num(&body[0..2])?, num(&body[3..5])?),
                4 => (num(&body[0..2])?, num(&body[2..4])?),
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3_600_000 + om * 60_000)
        }
    };
    let local = days_from_civil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + millis;
    Some(local - offset_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let ms = parse("2026-11-20T10:11:12.123-04:00").unwrap();
        assert_eq!(format(ms), "2026-11-20T10:11:12.123-04:00");
        assert_eq!(parse("2026-11-20T14:11:12.123Z"), Some(ms));
        assert_eq!(parse("2026-11-20T14:11:12.123+00:00"), Some(ms));
        assert_eq!(format(0), "1969-12-31T20:00:00.000-04:00");
        assert_eq!(parse("2026-11-20T10:11:12"), None);
        assert_eq!(parse("2026-11-20 10:11:12.000-04:00"), None);
        assert_eq!(parse("2026-02-01T00:00:00.5Z").map(|v| v % 1000), Some(500));
    }
}
