//! ShipBob, the fulfilment warehouse: its Orders API 1.0 (personal access token, a channel id on every
//! write, 150 requests a minute told in `x-remaining-calls`).

mod adapter;
mod channel;
mod export;
mod import;
mod map;
pub mod wire;

use std::time::Duration;

use storedesk_core::auth::{RefreshError, Refresher, TokenAnswer};
use storedesk_core::vault::Secret;

use crate::api::RateHeaders;
use crate::error::ConnectError;
use crate::http::BaseUrl;

pub use adapter::{urls, ShipbobAdapter};
pub use channel::ShipbobChannel;
pub use import::{Cursor, DEEP_EVERY_MS, DEEP_OVERLAP_MS};

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

/// The channel a token may write orders through, as `GET /1.0/channel` lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteChannel {
    pub id: u64,
    pub name: String,
}

/// Checks a personal access token with one request (before anything is stored) and picks the channel
/// whose scopes include `orders_write`.
pub async fn probe(http: &reqwest::Client, base: &BaseUrl, token: &str) -> Result<WriteChannel, ConnectError> {
    let answer = http.get(urls::channels(base)).bearer_auth(token).send().await?;
    let status = answer.status().as_u16();
    match status {
        200 => {}
        401 => return Err(ConnectError::TokenRefused("the warehouse refused this personal access token".into())),
        403 => return Err(ConnectError::TokenRefused("this token may not read the warehouse's channels".into())),
        _ => {
            let message = answer.text().await.unwrap_or_default();
            return Err(ConnectError::Api { status, message: message.chars().take(200).collect() });
        }
    }
    let channels: Vec<wire::Channel> = answer.json().await.map_err(|e| ConnectError::Decode(e.to_string()))?;
    channels
        .into_iter()
        .find(|c| c.scopes.iter().any(|s| s == "orders_write"))
        .map(|c| WriteChannel { id: c.id, name: c.name })
        .ok_or_else(|| {
            ConnectError::TokenRefused("this token has no channel that may create orders (orders_write)".into())
        })
}
