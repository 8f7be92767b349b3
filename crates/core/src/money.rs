//! Money: integer minor units plus an ISO 4217 currency code. Never a float (ARCHITECTURE invariant 1).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Money {
    /// Amount in the currency's minor unit (cents for USD, whole pesos for CLP).
    pub minor: i64,
    /// ISO 4217 code, upper case.
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("'{0}' is not an ISO 4217 currency code")]
    Currency(String),
    #[error("'{0}' is not an amount")]
    Amount(String),
    #[error("'{amount}' has more decimals than {currency} allows ({digits})")]
    Precision { amount: String, currency: String, digits: u32 },
    #[error("'{0}' is too large")]
    Overflow(String),
}

impl Money {
    pub fn new(minor: i64, currency: &str) -> Result<Self, MoneyError> {
        Ok(Money { minor, currency: normalise_currency(currency)? })
    }

    /// Parses a decimal amount as remote APIs send it ("1234.5", 1234.50 as JSON text, "-3") into minor
    /// units, exactly: the digits are read as text, never through a float.
    pub fn parse_decimal(amount: &str, currency: &str) -> Result<Self, MoneyError> {
        let currency = normalise_currency(currency)?;
        let digits = minor_digits(&currency);
        let text = amount.trim();
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && fraction.is_empty() || !is_digits(whole) || !is_digits(fraction) {
            return Err(MoneyError::Amount(amount.to_owned()));
        }
        let significant = fraction.trim_end_matches('0');
        if significant.len() > digits as usize {
            return Err(MoneyError::Precision { amount: amount.to_owned(), currency, digits });
        }
        let overflow = || MoneyError::Overflow(amount.to_owned());
        let mut minor: i64 = 0;
        let padded = format!("{significant:0<width$}", width = digits as usize);
        for b in whole.bytes().chain(padded.bytes()) {
            minor = minor.checked_mul(10).and_then(|m| m.checked_add(i64::from(b - b'0'))).ok_or_else(overflow)?;
        }
        Ok(Money { minor: if negative { -minor } else { minor }, currency })
    }

    /// The amount as a plain decimal string with the currency's number of decimals ("1234.50").
    pub fn to_decimal_string(&self) -> String {
        let digits = minor_digits(&self.currency) as usize;
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs().to_string();
        if digits == 0 {
            return format!("{sign}{abs}");
        }
        let padded = format!("{abs:0>width$}", width = digits + 1);
        let (whole, fraction) = padded.split_at(padded.len() - digits);
        format!("{sign}{whole}.{fraction}")
    }
}

/// A percent as decimal text ("5", "-12.5", "+0.25"; at most two decimals), in basis points (1% = 100).
pub fn parse_percent(text: &str) -> Result<i64, MoneyError> {
    // Two decimals of a percent are exactly the minor units of a two-decimal currency.
    Money::parse_decimal(text, "XXX").map(|m| m.minor)
}

/// `minor` changed by `basis_points` (+500 = +5%), in integers, rounded half-even to the minor unit:
/// `minor * (10000 + bp) / 10000`, where an exact half goes to the even neighbour (so a long run of
/// changes does not drift up or down). None on overflow.
pub fn adjust_by_basis_points(minor: i64, basis_points: i64) -> Option<i64> {
    let numerator = i128::from(minor).checked_mul(10_000 + i128::from(basis_points))?;
    let quotient = numerator.div_euclid(10_000);
    let twice_remainder = 2 * numerator.rem_euclid(10_000);
    let rounded = match twice_remainder.cmp(&10_000) {
        std::cmp::Ordering::Less => quotient,
        std::cmp::Ordering::Greater => quotient + 1,
        std::cmp::Ordering::Equal => quotient + (quotient & 1),
    };
    i64::try_from(rounded).ok()
}

fn normalise_currency(code: &str) -> Result<String, MoneyError> {
    let upper = code.trim().to_ascii_uppercase();
    if upper.len() == 3 && upper.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(upper)
    } else {
        Err(MoneyError::Currency(code.to_owned()))
    }
}

/// Decimals of a currency's minor unit (ISO 4217). The zero- and three-decimal currencies are listed;
/// every other code has two.
pub fn minor_digits(currency: &str) -> u32 {
    match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX" | "UYI" | "VND"
        | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_changes_round_half_even_in_integers() {
        // (minor, basis points, result)
        let table = [
            (10_000, 500, 10_500),  // +5%
            (10_000, -500, 9_500),  // -5%
            (1_999, 1_000, 2_199),  // 2198.9 -> 2199
            (105, 1_000, 116),      // 115.5 -> 116 (even)
            (125, 1_000, 138),      // 137.5 -> 138 (even)
            (135, 1_000, 148),      // 148.5 -> 148 (even)
            (1, 5_000, 2),          // 1.5 -> 2
            (3, -5_000, 2),         // 1.5 -> 2
            (5, -5_000, 2),         // 2.5 -> 2
            (99_990, 250, 102_490), // 102489.75 -> 102490
            (7, -10_000, 0),        // -100%
            (i64::MAX, 10_000, -1), // overflow: checked below
        ];
        for (minor, bp, want) in table {
            if want < 0 {
                assert_eq!(adjust_by_basis_points(minor, bp), None, "{minor} {bp}");
            } else {
                assert_eq!(adjust_by_basis_points(minor, bp), Some(want), "{minor} {bp}");
            }
        }
    }

    #[test]
    fn percents_are_read_exactly() {
        assert_eq!(parse_percent("5"), Ok(500));
        assert_eq!(parse_percent("-12.5"), Ok(-1_250));
        assert_eq!(parse_percent("+0.25"), Ok(25));
        assert!(parse_percent("1.125").is_err());
        assert!(parse_percent("five").is_err());
    }

    #[test]
    fn parses_decimals_exactly() {
        // 0.1 + 0.2 style amounts that a float would get wrong.
        assert_eq!(Money::parse_decimal("0.30", "usd").unwrap(), Money::new(30, "USD").unwrap());
        assert_eq!(Money::parse_decimal("1234.5", "ARS").unwrap().minor, 123_450);
        assert_eq!(Money::parse_decimal("-3", "ARS").unwrap().minor, -300);
        assert_eq!(Money::parse_decimal("19999999.99", "BRL").unwrap().minor, 1_999_999_999);
        assert_eq!(Money::parse_decimal("1500", "CLP").unwrap().minor, 1500);
        assert_eq!(Money::parse_decimal("1.250", "KWD").unwrap().minor, 1250);
        assert_eq!(
            Money::parse_decimal("2.10", "CLP").unwrap_err(),
            MoneyError::Precision { amount: "2.10".into(), currency: "CLP".into(), digits: 0 }
        );
        // Trailing zeros beyond the minor unit are exact, so accepted.
        assert_eq!(Money::parse_decimal("7.000", "USD").unwrap().minor, 700);
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        for bad in ["", ".", "1e5", "12,50", "abc", "1.2.3", "--1", " - 1"] {
            assert!(matches!(Money::parse_decimal(bad, "USD"), Err(MoneyError::Amount(_))), "{bad}");
        }
        assert!(matches!(Money::parse_decimal("99999999999999999999", "USD"), Err(MoneyError::Overflow(_))));
        assert!(matches!(Money::new(1, "dollars"), Err(MoneyError::Currency(_))));
        assert!(matches!(Money::new(1, "U$D"), Err(MoneyError::Currency(_))));
    }

    #[test]
    fn formats_back_to_decimal_text() {
        assert_eq!(Money::new(5, "USD").unwrap().to_decimal_string(), "0.05");
        assert_eq!(Money::new(-123_456, "ARS").unwrap().to_decimal_string(), "-1234.56");
        assert_eq!(Money::new(1500, "CLP").unwrap().to_decimal_string(), "1500");
        assert_eq!(Money::new(i64::MIN, "USD").unwrap().to_decimal_string(), "-92233720368547758.08");
        for minor in [0, 1, 99, 100, 101, 123_456_789] {
            let m = Money::new(minor, "MXN").unwrap();
            assert_eq!(Money::parse_decimal(&m.to_decimal_string(), "MXN").unwrap(), m);
        }
    }
}
