//! ShipBob, the fulfilment warehouse: its dated API, pinned in `version` (2026-07: personal access token, a
//! channel id on every write, 150 requests a minute told in `x-remaining-calls`).

mod adapter;
mod channel;
mod export;
mod import;
mod map;
pub mod version;
pub mod wire;

use std::time::Duration;

use storedesk_core::auth::{RefreshError, Refresher, TokenAnswer};
use storedesk_core::vault::Secret;

use crate::api::RateHeaders;
use crate::error::ConnectError;
use crate::http::BaseUrl;
use storedesk_core::model::{AuthMethod, Capabilities, ChannelRole, RateModel, SyncResource};

pub use adapter::{urls, ShipbobAdapter};
pub use channel::ShipbobChannel;
pub use import::{Cursor, DEEP_EVERY_MS, DEEP_OVERLAP_MS};
pub use version::API_VERSION;

/// What a ShipBob warehouse is and can do: it ships the stores' orders; its orders are pulled back.
pub fn descriptor() -> Capabilities {
    Capabilities {
        roles: vec![ChannelRole::Warehouse],
        auth: AuthMethod::Token,
        pulls: vec![SyncResource::Orders],
        on_demand: vec![SyncResource::Orders],
        edits: vec![],
        locations: false,
        sites: vec![],
        rate: RateModel::Reported { per_minute: 150 },
    }
}

/// The API host unless a warehouse overrides it (the sandbox is `https://sandbox-api.shipbob.com`).
pub const DEFAULT_API_BASE: &str = "https://api.shipbob.com";

/// The header every write names its channel in.
pub const CHANNEL_HEADER: &str = "shipbob_channel_id";

/// ShipBob's rate headers: calls left in a sliding minute, and seconds to wait after a 429.
pub const RATE_HEADERS: RateHeaders = RateHeaders {
    remaining: "x-remaining-calls",
    reset: None,
    retry_after: "x-retry-after",
    window: Some(Duration::from_secs(60)),
};

/// A personal access token never expires; it is stored as a token pair that lasts (practically) forever.
pub const PAT_EXPIRES_AT: i64 = i64::MAX / 4;

/// A personal access token cannot be refreshed: a 401 means it was revoked, and only a person can paste a
/// new one (the shop is marked needs-reconnect).
pub struct PatRefresher;

impl Refresher for PatRefresher {
    fn refresh<'a>(
        &'a self,
        _: &'a Secret,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<TokenAnswer, RefreshError>> + Send + 'a>> {
        Box::pin(async {
            Err(RefreshError::InvalidGrant("the warehouse refused its personal access token (revoked?)".into()))
        })
    }
}

/// The channel a token may write orders through, as `GET /channel` lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteChannel {
    pub id: u64,
    pub name: String,
}

/// Channel pages read at most while looking for the writable one (a token has a handful of channels).
const MAX_CHANNEL_PAGES: usize = 20;

/// Checks a personal access token (before anything is stored) and picks the channel whose scopes include
/// `orders_write`, reading the channel pages until it is found.
pub async fn probe(http: &reqwest::Client, base: &BaseUrl, token: &str) -> Result<WriteChannel, ConnectError> {
    let mut url = urls::channels(base);
    for _ in 0..MAX_CHANNEL_PAGES {
        let (channels, next) = channel_page(http, url, token).await?;
        if let Some(c) = channels.into_iter().find(|c| c.scopes.iter().any(|s| s == "orders_write")) {
            return Ok(WriteChannel { id: c.id, name: c.name });
        }
        match next.and_then(|n| next_page(base, &n)) {
            Some(next) => url = next,
            None => break,
        }
    }
    Err(ConnectError::TokenRefused("this token has no channel that may create orders (orders_write)".into()))
}

async fn channel_page(
    http: &reqwest::Client,
    url: url::Url,
    token: &str,
) -> Result<(Vec<wire::Channel>, Option<String>), ConnectError> {
    let answer = http.get(url).bearer_auth(token).send().await?;
    let status = answer.status().as_u16();
    match status {
        200 => {}
        401 => return Err(ConnectError::TokenRefused("the warehouse refused this personal access token".into())),
        403 => return Err(ConnectError::TokenRefused("this token may not read the warehouse's channels".into())),
        _ => {
            let text = answer.text().await.unwrap_or_default();
            let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
            if version::is_retired(status, &body) {
                return Err(ConnectError::ApiRetired(version::retired_message()));
            }
            return Err(ConnectError::Api { status, message: text.chars().take(200).collect() });
        }
    }
    let page: wire::ChannelPage = answer.json().await.map_err(|e| ConnectError::Decode(e.to_string()))?;
    Ok(page.into_parts())
}

/// Where a channel page's `next` leads: a URL on the warehouse's own host (never elsewhere: the token goes
/// with it), or a bare cursor. The docs show URLs for other resources and do not say which this is.
fn next_page(base: &BaseUrl, next: &str) -> Option<url::Url> {
    let origin = urls::channels(base);
    let is_url = ["http://", "https://", "/"].iter().any(|p| next.starts_with(p));
    if !is_url {
        return Some(urls::channels_after(base, next));
    }
    let url = origin.join(next).ok()?;
    (url.origin() == origin.origin() && url.path() == origin.path()).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_next_page_stays_on_the_warehouse() {
        let base = BaseUrl::parse("http://127.0.0.1:9/").unwrap();
        let page = |n: &str| next_page(&base, n).map(|u| u.to_string());
        assert_eq!(
            page("http://127.0.0.1:9/2026-07/channel?Cursor=abc").as_deref(),
            Some("http://127.0.0.1:9/2026-07/channel?Cursor=abc")
        );
        assert_eq!(
            page("/2026-07/channel?Cursor=abc").as_deref(),
            Some("http://127.0.0.1:9/2026-07/channel?Cursor=abc")
        );
        assert_eq!(page("abc+/=").as_deref(), Some("http://127.0.0.1:9/2026-07/channel?Cursor=abc%2B%2F%3D"));
        assert_eq!(page("https://elsewhere.test/2026-07/channel?Cursor=abc"), None);
        assert_eq!(page("http://127.0.0.1:9/2026-07/order?Cursor=abc"), None);
    }
}
