//! Every request storedesk makes to MercadoLibre, through the one `Api` layer (token lease, rate budget,
//! retries). The URLs come from the pure builders in `urls`: each variable value (ids, scroll ids,
//! dates, statuses) goes through the URL serializer, never through string formatting.

use serde::de::DeserializeOwned;
use serde_json::Value;
use storedesk_core::sync::ChannelError;

use super::wire;
use crate::api::{Api, CallError, Repeat, Tally};

/// The API's largest page of item ids.
pub const ITEMS_PAGE: u64 = 100;
/// The API's largest page of orders.
pub const ORDERS_PAGE: u64 = 51;

/// URLs of the seller API. Each variable value round-trips through the URL unchanged (tests below).
pub mod urls {
    // The date filters' form MercadoLibre documents: ISO 8601 with a numeric offset and milliseconds (the
    // `+` percent-encoded by the URL builder).
    use storedesk_core::time::rfc3339_numeric_offset as iso8601_utc_offset;
    use url::Url;

    use super::{ITEMS_PAGE, ORDERS_PAGE};
    use crate::http::BaseUrl;

    /// `GET /users/me`: the account the token belongs to.
    pub fn me(base: &BaseUrl) -> Url {
        base.join(&["users", "me"], &[])
    }

    /// `GET /users/{seller}/items/search?search_type=scan`: every item id, 100 a page, following the
    /// server-side scroll. Scroll ids are opaque base64 pieces joined by `:` (they carry `+ / =`).
    pub fn items_scan(base: &BaseUrl, seller: &str, scroll_id: Option<&str>) -> Url {
        let limit = ITEMS_PAGE.to_string();
        let mut query = vec![("search_type", "scan"), ("limit", limit.as_str())];
        if let Some(sid) = scroll_id {
            query.push(("scroll_id", sid));
        }
        base.join(&["users", seller, "items", "search"], &query)
    }

    /// `GET /users/{seller}/items/search?sort=last_updated_desc`: item ids, newest-updated first,
    /// optionally of one status (offset + limit may not pass 1000).
    pub fn items_listing(base: &BaseUrl, seller: &str, offset: u64, status: Option<&str>) -> Url {
        let (offset, limit) = (offset.to_string(), ITEMS_PAGE.to_string());
        let mut query = vec![("sort", "last_updated_desc"), ("offset", offset.as_str()), ("limit", limit.as_str())];
        if let Some(status) = status {
            query.push(("status", status));
        }
        base.join(&["users", seller, "items", "search"], &query)
    }

    /// `GET /items?ids=A,B,…` (at most 20 ids).
    pub fn items(base: &BaseUrl, ids: &[String]) -> Url {
        base.join(&["items"], &[("ids", ids.join(",").as_str())])
    }

    /// `GET|PUT /items/{id}`.
    pub fn item(base: &BaseUrl, id: &str) -> Url {
        base.join(&["items", id], &[])
    }

    /// `GET /orders/search`: the seller's orders last updated in [from, to] (no `to`: open-ended),
    /// oldest created first, `limit` of them (at most 51) from `offset`. Dates go out as documented: ISO 8601
    /// with milliseconds and a numeric offset (`+00:00`, its `+` percent-encoded).
    pub fn orders_search(
        base: &BaseUrl,
        seller: &str,
        from_ms: i64,
        to_ms: Option<i64>,
        offset: u64,
        limit: u64,
    ) -> Url {
        let (from, to) = (iso8601_utc_offset(from_ms), to_ms.map(iso8601_utc_offset));
        let (offset, limit) = (offset.to_string(), limit.min(ORDERS_PAGE).to_string());
        let mut query = vec![("seller", seller), ("order.date_last_updated.from", from.as_str())];
        if let Some(to) = &to {
            query.push(("order.date_last_updated.to", to.as_str()));
        }
        query.extend([("sort", "date_asc"), ("offset", offset.as_str()), ("limit", limit.as_str())]);
        base.join(&["orders", "search"], &query)
    }

    /// `GET /orders/{id}`.
    pub fn order(base: &BaseUrl, id: &str) -> Url {
        base.join(&["orders", id], &[])
    }

    /// `GET /shipments/{id}` (sent with `x-format-new: true`).
    pub fn shipment(base: &BaseUrl, id: &str) -> Url {
        base.join(&["shipments", id], &[])
    }

    #[cfg(test)]
    mod tests {
        use storedesk_core::time::parse_rfc3339;

        use super::*;
        use crate::http::tests::query_of;

        fn base() -> BaseUrl {
            BaseUrl::parse("http://127.0.0.1:9").unwrap()
        }

        fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
            list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
        }

        /// A scroll id as MercadoLibre hands them out: base64 pieces joined by `:`.
        const SCROLL: &str =
            "YXBpY29yZS1pdGVtcw==:ZHMtYXBpY29yZS1pdGVtcy0wMQ==:zE5OmiLz9l1WC4SjAuDwDPuMi8SshA84F9bT+WyI";

        #[test]
        fn a_scroll_id_round_trips_with_its_plus_slash_equals_and_colons() {
            let url = items_scan(&base(), "123456789", Some(SCROLL));
            assert_eq!(url.path(), "/users/123456789/items/search");
            assert_eq!(query_of(&url), pairs(&[("search_type", "scan"), ("limit", "100"), ("scroll_id", SCROLL)]));
            assert!(!url.as_str().contains("T+W"), "the plus is percent-encoded: {url}");
            assert_eq!(query_of(&items_scan(&base(), "1", None)), pairs(&[("search_type", "scan"), ("limit", "100")]));
        }

        #[test]
        fn a_listing_carries_its_offset_and_status() {
            let url = items_listing(&base(), "9", 900, Some("under_review"));
            assert_eq!(
                query_of(&url),
                pairs(&[
                    ("sort", "last_updated_desc"),
                    ("offset", "900"),
                    ("limit", "100"),
                    ("status", "under_review")
                ])
            );
            assert_eq!(query_of(&items_listing(&base(), "9", 0, None)).len(), 3);
        }

        #[test]
        fn a_multiget_lists_its_ids() {
            let ids: Vec<String> = ["MLA1", "MLA 2", "MLA+3"].iter().map(|s| s.to_string()).collect();
            let url = items(&base(), &ids);
            assert_eq!(query_of(&url), pairs(&[("ids", "MLA1,MLA 2,MLA+3")]));
        }

        #[test]
        fn ids_are_path_segments_not_paths() {
            assert_eq!(item(&base(), "MLA1/../x").path(), "/items/MLA1%2F..%2Fx");
            assert_eq!(order(&base(), "2000001").path(), "/orders/2000001");
            assert_eq!(shipment(&base(), "4 1").path(), "/shipments/4%201");
            assert_eq!(me(&base()).path(), "/users/me");
        }

        #[test]
        fn order_dates_round_trip_to_the_same_instant() {
            let (from, to) = (1_795_183_872_123, 1_795_190_000_000);
            let url = orders_search(&base(), "77", from, Some(to), 51, 51);
            let q = query_of(&url);
            let value = |k: &str| q.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap();
            assert_eq!(parse_rfc3339(&value("order.date_last_updated.from")), Some(from));
            assert_eq!(parse_rfc3339(&value("order.date_last_updated.to")), Some(to));
            assert_eq!(value("seller"), "77");
            assert_eq!(value("offset"), "51");
            assert!(value("order.date_last_updated.from").ends_with("+00:00"));
            assert!(url.as_str().contains("%2B00%3A00"), "the offset's plus is encoded: {url}");
            let open = orders_search(&base(), "77", from, None, 0, 200);
            assert_eq!(query_of(&open).iter().find(|(k, _)| k == "limit").map(|(_, v)| v.as_str()), Some("51"));
            assert!(query_of(&open).iter().all(|(k, _)| k != "order.date_last_updated.to"));
        }
    }
}

/// The authenticated MercadoLibre API of one shop.
#[derive(Clone)]
pub struct MeliAdapter {
    api: Api,
}

/// Reads a JSON answer into its wire shape; a mismatch is the provider changing something.
pub(super) fn read<T: DeserializeOwned>(what: &str, v: Value) -> Result<T, ChannelError> {
    serde_json::from_value(v)
        .map_err(|e| ChannelError::Remote { status: 200, message: format!("unexpected {what} answer: {e}") })
}

impl MeliAdapter {
    pub fn new(api: Api) -> Self {
        MeliAdapter { api }
    }

    /// The seller account the token belongs to.
    pub async fn me(&self, tally: &Tally) -> Result<wire::UserMe, ChannelError> {
        read("users/me", self.api.get(urls::me(self.api.base()), tally).await?)
    }

    /// One page of a scan (the first when `scroll_id` is None).
    pub async fn items_scan(
        &self,
        seller: &str,
        scroll_id: Option<&str>,
        tally: &Tally,
    ) -> Result<wire::ItemSearch, ChannelError> {
        read("items search", self.api.get(urls::items_scan(self.api.base(), seller, scroll_id), tally).await?)
    }

    /// One page of the newest-updated-first listing, with the server's clock.
    pub async fn items_listing(
        &self,
        seller: &str,
        offset: u64,
        status: Option<&str>,
        tally: &Tally,
    ) -> Result<(wire::ItemSearch, Option<i64>), ChannelError> {
        let url = urls::items_listing(self.api.base(), seller, offset, status);
        let (answer, server_time) = self.api.get_dated(url, tally).await?;
        Ok((read("items search", answer)?, server_time))
    }

    /// Up to 20 items by id: one entry per id, in the order asked.
    pub async fn items(&self, ids: &[String], tally: &Tally) -> Result<Vec<wire::MultigetEntry>, ChannelError> {
        read("multiget", self.api.get(urls::items(self.api.base(), ids), tally).await?)
    }

    /// One page of orders updated in a window.
    pub async fn orders_search(
        &self,
        seller: &str,
        from_ms: i64,
        to_ms: Option<i64>,
        offset: u64,
        limit: u64,
        tally: &Tally,
    ) -> Result<wire::OrderSearch, ChannelError> {
        let url = urls::orders_search(self.api.base(), seller, from_ms, to_ms, offset, limit);
        read("orders search", self.api.get(url, tally).await?)
    }

    /// An order as raw JSON (mapped, or quarantined, by the caller).
    pub async fn order(&self, id: &str, tally: &Tally) -> Result<Value, ChannelError> {
        Ok(self.api.get(urls::order(self.api.base(), id), tally).await?)
    }

    /// Updates a listing (`PUT /items/{id}`, absolute values: safe to send again); answers the listing as
    /// the shop has it after the change. Errors keep the provider's body (its `cause` list says why).
    pub async fn put_item(&self, id: &str, body: &Value, tally: &Tally) -> Result<Value, CallError> {
        let url = urls::item(self.api.base(), id);
        self.api.write(reqwest::Method::PUT, url, body, Repeat::Safe, tally).await
    }

    /// A shipment as raw JSON.
    pub async fn shipment(&self, id: &str, tally: &Tally) -> Result<Value, ChannelError> {
        Ok(self.api.get(urls::shipment(self.api.base(), id), tally).await?)
    }
}
