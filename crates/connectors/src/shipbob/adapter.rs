//! Every request storedesk makes to ShipBob, through the one `Api` layer (token, rate budget learned
//! from `x-remaining-calls`, retries). URLs come from the pure builders in `urls`: each starts with the
//! pinned version (`version::API_VERSION`), and ids, reference ids and dates go through the URL
//! serializer, never through string formatting. An answer that says the version is retired becomes
//! `CallError::Retired`, which stops the work with "update storedesk" instead of retrying.

use reqwest::header::HeaderMap;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use storedesk_core::sync::ChannelError;

use super::{version, wire};
use crate::api::{header_u64, Api, CallError, Repeat, Tally};

/// The API's largest page of orders.
pub const ORDERS_PAGE: u64 = 250;

/// URLs of ShipBob's API, at the pinned version.
pub mod urls {
    use storedesk_core::time::rfc3339_utc;
    use url::Url;

    use super::ORDERS_PAGE;
    use crate::http::BaseUrl;
    use crate::shipbob::version::API_VERSION;

    /// `GET /2026-07/channel`: the token's channels (first page; later ones by the answer's `next`).
    pub fn channels(base: &BaseUrl) -> Url {
        base.join(&[API_VERSION, "channel"], &[])
    }

    /// `GET /2026-07/channel?Cursor=…`: a later page, when an answer names its cursor rather than a URL.
    pub fn channels_after(base: &BaseUrl, cursor: &str) -> Url {
        base.join(&[API_VERSION, "channel"], &[("Cursor", cursor)])
    }

    /// `POST /2026-07/order`.
    pub fn create_order(base: &BaseUrl) -> Url {
        base.join(&[API_VERSION, "order"], &[])
    }

    /// `GET /2026-07/order?LastUpdateStartDate=…&SortOrder=Oldest&Page=…&Limit=250`: orders changed since a
    /// time, oldest created first (new orders land on the last page, so the pages a pass has read stay
    /// put while it reads on).
    pub fn orders_changed(base: &BaseUrl, since_ms: i64, page: u64) -> Url {
        let (since, page, limit) = (rfc3339_utc(since_ms), page.max(1).to_string(), ORDERS_PAGE.to_string());
        let query = [
            ("LastUpdateStartDate", since.as_str()),
            ("SortOrder", "Oldest"),
            ("Page", page.as_str()),
            ("Limit", limit.as_str()),
        ];
        base.join(&[API_VERSION, "order"], &query)
    }

    /// `GET /2026-07/order?ReferenceIds=a,b`: the orders made for these store orders.
    pub fn orders_by_reference(base: &BaseUrl, references: &[&str]) -> Url {
        let limit = ORDERS_PAGE.to_string();
        base.join(
            &[API_VERSION, "order"],
            &[("ReferenceIds", references.join(",").as_str()), ("Limit", limit.as_str())],
        )
    }

    /// `GET /2026-07/order/{orderId}`.
    pub fn order(base: &BaseUrl, id: &str) -> Url {
        base.join(&[API_VERSION, "order", id], &[])
    }

    /// `POST /2026-07/order/{orderId}:cancel`: the action is a suffix of the id's segment (1.0 had
    /// `/cancel` after it). A colon is a plain path character, so the id is still one encoded segment.
    pub fn cancel_order(base: &BaseUrl, id: &str) -> Url {
        base.join(&[API_VERSION, "order", &format!("{id}:cancel")], &[])
    }

    #[cfg(test)]
    mod tests {
        use storedesk_core::time::parse_rfc3339;

        use super::*;
        use crate::http::tests::query_of;

        fn base() -> BaseUrl {
            BaseUrl::parse("http://127.0.0.1:9/").unwrap()
        }

        fn value(url: &Url, key: &str) -> Option<String> {
            query_of(url).into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
        }

        #[test]
        fn a_window_names_its_start_order_and_page() {
            let since = 1_795_183_872_123;
            let url = orders_changed(&base(), since, 3);
            assert_eq!(url.path(), "/2026-07/order");
            assert_eq!(value(&url, "LastUpdateStartDate").as_deref().and_then(parse_rfc3339), Some(since));
            assert_eq!(value(&url, "SortOrder").as_deref(), Some("Oldest"));
            assert_eq!(value(&url, "Page").as_deref(), Some("3"));
            assert_eq!(value(&url, "Limit").as_deref(), Some("250"));
            assert_eq!(value(&orders_changed(&base(), since, 0), "Page").as_deref(), Some("1"));
        }

        #[test]
        fn reference_ids_round_trip() {
            let refs = ["mercadolibre-1-2", "shop+1 &x=y"];
            let url = orders_by_reference(&base(), &refs);
            assert_eq!(value(&url, "ReferenceIds").as_deref(), Some("mercadolibre-1-2,shop+1 &x=y"));
            assert!(value(&url, "x").is_none(), "an ampersand in a reference stays inside its value: {url}");
        }

        #[test]
        fn ids_are_path_segments_under_the_pinned_version() {
            assert_eq!(order(&base(), "12/../x").path(), "/2026-07/order/12%2F..%2Fx");
            assert_eq!(cancel_order(&base(), "12").path(), "/2026-07/order/12:cancel");
            assert_eq!(cancel_order(&base(), "1/x").path(), "/2026-07/order/1%2Fx:cancel");
            assert_eq!(channels(&base()).path(), "/2026-07/channel");
            assert_eq!(value(&channels_after(&base(), "a+b/c="), "Cursor").as_deref(), Some("a+b/c="));
            assert_eq!(create_order(&base()).path(), "/2026-07/order");
            // A base with a path (a proxy) keeps it before the version.
            let proxied = BaseUrl::parse("http://127.0.0.1:9/shipbob/").unwrap();
            assert_eq!(create_order(&proxied).path(), "/shipbob/2026-07/order");
        }
    }
}

/// A page of ShipBob's order list: the orders (raw, each mapped or quarantined by the caller) and whether
/// another page follows.
pub struct OrderList {
    pub orders: Vec<Value>,
    pub more: bool,
    pub total_count: Option<u64>,
}

/// The authenticated ShipBob API of one warehouse (its requests carry the channel header).
#[derive(Clone)]
pub struct ShipbobAdapter {
    api: Api,
}

fn read<T: DeserializeOwned>(what: &str, v: Value) -> Result<T, ChannelError> {
    serde_json::from_value(v).map_err(|e| ChannelError::BadAnswer(format!("unexpected {what} answer: {e}")))
}

/// Whether page `page` of `limit` orders, holding `len`, has a page after it. 1.0 said so in `Total-Pages`;
/// no 2026-07 source says that header remains, so without it a full page means "read on" and a short one
/// ends the pass (a full last page costs one empty read).
pub fn more_pages(page: u64, len: usize, limit: u64, total_pages: Option<u64>) -> bool {
    match total_pages {
        Some(total) => page < total,
        None => len as u64 >= limit,
    }
}

fn list(page: u64, answer: (Value, HeaderMap)) -> Result<OrderList, ChannelError> {
    let (body, headers) = answer;
    let Value::Array(orders) = body else {
        return Err(ChannelError::BadAnswer("the order list is not a JSON array".into()));
    };
    Ok(OrderList {
        more: more_pages(page.max(1), orders.len(), ORDERS_PAGE, header_u64(&headers, "total-pages")),
        orders,
        total_count: header_u64(&headers, "total-count"),
    })
}

/// An error answer that says the pinned version is retired, as its own error (never retried).
fn versioned<T>(result: Result<T, CallError>) -> Result<T, CallError> {
    match result {
        Err(CallError::Remote { status, body, .. }) if version::is_retired(status, &body) => {
            Err(CallError::Retired(version::retired_message()))
        }
        other => other,
    }
}

impl ShipbobAdapter {
    pub fn new(api: Api) -> Self {
        ShipbobAdapter { api }
    }

    /// One page of the orders changed since a time.
    pub async fn orders_changed(&self, since_ms: i64, page: u64, tally: &Tally) -> Result<OrderList, ChannelError> {
        let url = urls::orders_changed(self.api.base(), since_ms, page);
        list(page, versioned(self.api.get_with_headers(url, tally).await)?)
    }

    /// The orders made for these reference ids (at most one each: ShipBob keeps them unique).
    pub async fn orders_by_reference(&self, references: &[&str], tally: &Tally) -> Result<Vec<wire::Order>, CallError> {
        let url = urls::orders_by_reference(self.api.base(), references);
        let (body, _) = versioned(self.api.get_with_headers(url, tally).await)?;
        serde_json::from_value(body.clone()).map_err(|e| CallError::Remote {
            status: 200,
            message: format!("unexpected order list: {e}"),
            body,
        })
    }

    /// Creates an order. Never sent twice from here: an answer that did not come is looked up by reference.
    pub async fn create_order(&self, body: &Value, tally: &Tally) -> Result<Value, CallError> {
        versioned(self.api.write(Method::POST, urls::create_order(self.api.base()), body, Repeat::Once, tally).await)
    }

    /// Cancels an order's shipments that were not picked yet (cancelling twice is harmless: safe to repeat).
    pub async fn cancel_order(&self, id: &str, tally: &Tally) -> Result<wire::CancelAnswer, CallError> {
        let url = urls::cancel_order(self.api.base(), id);
        let body = versioned(self.api.act(Method::POST, url, Repeat::Safe, tally).await)?;
        serde_json::from_value(body.clone()).map_err(|e| CallError::Remote {
            status: 200,
            message: format!("unexpected cancel answer: {e}"),
            body,
        })
    }

    /// One order.
    pub async fn order(&self, id: &str, tally: &Tally) -> Result<wire::Order, ChannelError> {
        read("order", versioned(self.api.get(urls::order(self.api.base(), id), tally).await)?)
    }
}
