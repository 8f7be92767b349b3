//! Keyset paging: a page ends at a (sort value, id) pair, and the next page starts strictly after it.
//!
//! The cursor handed to the UI is opaque (base64url of JSON) and names the sort it belongs to, so a
//! cursor from one ordering is never applied to another.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::StoreError;
use crate::model::SortDir;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Cursor {
    /// The sort (and direction) this cursor belongs to, e.g. "title:asc".
    pub order: String,
    /// The last row's sort value: an integer or a string.
    pub value: Value,
    pub id: i64,
}

impl Cursor {
    pub fn encode(&self) -> String {
        // Serialising a struct of strings, numbers and a JSON value cannot fail.
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    /// Decodes a cursor and checks it belongs to `order`.
    pub fn decode(token: &str, order: &str) -> Result<Cursor, StoreError> {
        let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| StoreError::BadCursor)?;
        let cursor: Cursor = serde_json::from_slice(&bytes).map_err(|_| StoreError::BadCursor)?;
        if cursor.order != order || !(cursor.value.is_i64() || cursor.value.is_string()) {
            return Err(StoreError::BadCursor);
        }
        Ok(cursor)
    }
}

/// The order name a cursor carries.
pub(super) fn order_name(sort: &str, dir: SortDir) -> String {
    match dir {
        SortDir::Asc => format!("{sort}:asc"),
        SortDir::Desc => format!("{sort}:desc"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_foreign_cursors() {
        let c = Cursor { order: "title:asc".into(), value: Value::from("Mate"), id: 42 };
        let token = c.encode();
        assert_eq!(Cursor::decode(&token, "title:asc").unwrap(), c);
        assert!(matches!(Cursor::decode(&token, "title:desc"), Err(StoreError::BadCursor)));
        assert!(matches!(Cursor::decode("not base64!", "title:asc"), Err(StoreError::BadCursor)));
        let bad_value = Cursor { order: "price:asc".into(), value: Value::from(1.5), id: 1 }.encode();
        assert!(matches!(Cursor::decode(&bad_value, "price:asc"), Err(StoreError::BadCursor)));
    }
}
