//! The one place storedesk's ShipBob API version is pinned, with ShipBob's support window for it and the
//! reading of an answer that says a version is retired.
//!
//! ShipBob dates its versions (`YYYY-MM`, a new one every January and July) and supports each for 24 months
//! (developer.shipbob.com/versioning; older copies of that page said 12). Legacy 1.0 and 2.0 ended on
//! Jul 31, 2026, with a growing share of requests blocked per account before that. What a retired version
//! answers is not documented, so both plausible forms are read as retired (table test below).

use serde_json::Value;
use storedesk_core::model::ApiVersion;
use storedesk_core::time::parse_rfc3339;

/// Every request's path starts with it: `https://api.shipbob.com/2026-07/order`.
pub const API_VERSION: &str = "2026-07";

/// The last day ShipBob supports `API_VERSION` (24 months from its release, per the versioning policy).
pub const SUPPORTED_UNTIL: &str = "2028-07-31T23:59:59Z";

/// Staff are warned this long before the end, so an update reaches them in time.
pub const WARN_BEFORE_MS: i64 = 183 * 86_400_000;

/// `API_VERSION` with its support window, as the Shops row shows it.
pub fn pinned() -> ApiVersion {
    let supported_until = parse_rfc3339(SUPPORTED_UNTIL).unwrap_or(i64::MAX / 4);
    ApiVersion { version: API_VERSION.to_owned(), supported_until, warn_from: supported_until - WARN_BEFORE_MS }
}

/// What staff read when ShipBob answers that the pinned version is retired.
pub fn retired_message() -> String {
    format!(
        "ShipBob no longer serves API version {API_VERSION}, the one this storedesk speaks: update storedesk \
         (nothing is sent to the warehouse until then)"
    )
}

/// Whether an error answer says the API version is no longer served: a 410 Gone, or a 400/403/404/426 whose
/// body says so in words (the form is undocumented, so the words are read rather than one shape).
pub fn is_retired(status: u16, body: &Value) -> bool {
    if status == 410 {
        return true;
    }
    if !matches!(status, 400 | 403 | 404 | 426) {
        return false;
    }
    let text = body.to_string().to_ascii_lowercase();
    let says = ["no longer supported", "no longer available", "retired", "deprecated", "not supported", "unsupported"];
    text.contains("version") && says.iter().any(|w| text.contains(w))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn retired_answers_are_told_from_ordinary_errors() {
        let words = json!({"message": "API version 1.0 is no longer supported. Use a supported version."});
        // (status, body, retired)
        let table = [
            (410, Value::Null, true),
            (410, json!({"title": "API version retired"}), true),
            (404, words.clone(), true),
            (400, json!({"": ["API version 1.0 has been retired"]}), true),
            (426, json!({"detail": "This API version is deprecated and unsupported"}), true),
            // An order that is not there, a field that is wrong: not a version matter.
            (404, Value::Null, false),
            (404, json!({"title": "Not Found", "detail": "Order 12 was not found"}), false),
            (400, json!({"Recipient.Address.Country": ["The Country is not supported."]}), false),
            (422, words.clone(), false),
            (500, words, false),
        ];
        for (status, body, retired) in table {
            assert_eq!(is_retired(status, &body), retired, "HTTP {status} {body}");
        }
    }

    #[test]
    fn the_warning_starts_half_a_year_before_the_end() {
        let v = pinned();
        assert_eq!(v.version, "2026-07");
        assert_eq!(Some(v.supported_until), parse_rfc3339("2028-07-31T23:59:59Z"));
        assert!(v.warn_from < v.supported_until);
        assert_eq!(storedesk_core::time::rfc3339_utc(v.warn_from)[..10], *"2028-01-30");
    }
}
