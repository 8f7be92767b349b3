//! Money as the JSON numbers providers take.

use serde_json::Number;
use storedesk_core::money::Money;

/// A price as a JSON number ("1234.50" -> 1234.5), refused if it would not read back as exactly the same
/// amount.
pub fn exact_number(m: &Money) -> Result<Number, String> {
    let text = m.to_decimal_string();
    let number: Number = text.parse().map_err(|_| format!("the price {text} cannot be sent"))?;
    match Money::parse_decimal(&number.to_string(), &m.currency) {
        Ok(back) if back == *m => Ok(number),
        _ => Err(format!("the price {text} {} cannot be sent exactly", m.currency)),
    }
}
