//! Dates as MercadoLibre writes and reads them: ISO 8601 with milliseconds and a numeric offset
//! (`2026-11-20T10:11:12.123-04:00`). Internally every instant is UTC milliseconds since the Unix epoch.
//!
//! Strict on both sides, as marketplace-apis.md allows ("Dates are ISO 8601 with offset and milliseconds"):
//! answers carry different offsets from record to record (so a client must honour the offset, not assume one),
//! and a filter value must be exactly that form: no `Z`, no missing milliseconds, no offset without a colon, no
//! surrounding spaces (an unencoded `+` arrives as a space and is refused).

use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, FixedOffset, NaiveDate};

/// The offsets answers are written in, chosen per record: MercadoLibre's servers (-04:00), Argentina
/// (-03:00) and UTC (+00:00).
const OFFSETS_SECS: [i32; 3] = [-4 * 3600, -3 * 3600, 0];

/// Wall-clock now in UTC milliseconds.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// Unix ms of midnight UTC of a calendar date.
pub fn utc_midnight_ms(y: i32, m: u32, d: u32) -> i64 {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or(0)
}

/// `2026-11-20T10:11:12.123-04:00`: in the offset MercadoLibre's servers use.
pub fn format(ms: i64) -> String {
    format_in(ms, 0)
}

/// The date written in one of the offsets answers use, picked by `record` (the same record always gets the
/// same offset).
pub fn format_in(ms: i64, record: u64) -> String {
    let offset = FixedOffset::east_opt(OFFSETS_SECS[(record % OFFSETS_SECS.len() as u64) as usize]);
    match (DateTime::from_timestamp_millis(ms), offset) {
        (Some(t), Some(o)) => t.with_timezone(&o).format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string(),
        _ => String::new(),
    }
}

/// Parses exactly `YYYY-MM-DDTHH:MM:SS.sss±HH:MM` (an impossible date is refused). Returns UTC milliseconds.
pub fn parse(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    // chrono's `%.3f` also takes other digit counts and `%:z` nothing but the offset: check the shape first.
    let shaped = b.len() == 29 && b[10] == b'T' && b[19] == b'.' && matches!(b[23], b'+' | b'-') && b[26] == b':';
    if !shaped {
        return None;
    }
    DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.3f%:z").ok().map(|t| t.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let ms = parse("2026-11-20T10:11:12.123-04:00").unwrap();
        assert_eq!(format(ms), "2026-11-20T10:11:12.123-04:00");
        assert_eq!(format_in(ms, 1), "2026-11-20T11:11:12.123-03:00");
        assert_eq!(format_in(ms, 2), "2026-11-20T14:11:12.123+00:00");
        for record in 0..3 {
            assert_eq!(parse(&format_in(ms, record)), Some(ms));
        }
        assert_eq!(parse("2026-11-20T14:11:12.123+00:00"), Some(ms));
        assert_eq!(format(0), "1969-12-31T20:00:00.000-04:00");
        assert_eq!(utc_midnight_ms(1970, 1, 2), 86_400_000);
    }

    #[test]
    fn only_the_documented_form_is_read() {
        for bad in [
            "2026-11-20T10:11:12",
            "2026-11-20 10:11:12.000-04:00",
            "2026-11-20T14:11:12.123Z",
            "2026-11-20T10:11:12-04:00",
            "2026-11-20T10:11:12.5-04:00",
            "2026-11-20T10:11:12.123-0400",
            "2026-11-20T10:11:12.123 04:00",
            " 2026-11-20T10:11:12.123-04:00",
            "2026-02-31T10:11:12.123-04:00",
            "2026-11-20t10:11:12.123-04:00",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
