//! The partner offers service: a refresh token (sealed in the vault) buys a short-lived JWT with
//! `POST /api/v1/auth` and a header literally named `Bearer`; calls carry the JWT the same way. The JWT's
//! own `expires` claim says how long it lives, so the token manager refreshes it about once per lifetime
//! (never per request) and keeps it sealed, so a one-shot command reuses a valid one.

mod adapter;
mod channel;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;
use storedesk_core::auth::{RefreshError, Refresher, TokenAnswer};
use storedesk_core::time::now_ms;
use storedesk_core::vault::Secret;

use crate::error::ConnectError;
use crate::http::BaseUrl;
use storedesk_core::model::{AuthMethod, Capabilities, ChannelRole, RateModel, SyncResource};

pub use adapter::{urls, OffersAdapter};
pub use channel::OffersChannel;

/// What the offers service is and can do: it prices tracked products, refreshed each when due (not pulled
/// on an interval).
pub fn descriptor() -> Capabilities {
    Capabilities {
        roles: vec![ChannelRole::OffersSource],
        auth: AuthMethod::Token,
        pulls: vec![],
        on_demand: vec![SyncResource::Offers],
        edits: vec![],
        locations: false,
        sites: vec![],
        rate: RateModel::Learned { start_per_minute: crate::budget::START_PER_MINUTE },
    }
}

/// The header the service reads tokens from (its name, not a scheme of `Authorization`).
pub const TOKEN_HEADER: &str = "Bearer";

/// The `expires` claim of a JWT (unix seconds), read without checking its signature: storedesk only needs
/// to know when to get a new one; the service checks the rest.
pub fn jwt_expires(jwt: &str) -> Option<i64> {
    let claims = jwt.split('.').nth(1)?;
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims.trim_end_matches('=')).ok()?).ok()?;
    claims.get("expires").and_then(Value::as_i64).or_else(|| claims.get("exp").and_then(Value::as_i64))
}

/// What an auth call failed with.
enum AuthFailure {
    /// The refresh token was refused (400/401): only a person can give a new one.
    Refused(String),
    Failed(String),
}

/// `POST /api/v1/auth` with `Bearer: <refresh token>`: the JWT and when it expires.
async fn authenticate(http: &reqwest::Client, base: &BaseUrl, refresh: &str) -> Result<TokenAnswer, AuthFailure> {
    let answer = http
        .post(urls::auth(base))
        .header(TOKEN_HEADER, refresh)
        .send()
        .await
        .map_err(|e| AuthFailure::Failed(e.to_string()))?;
    let status = answer.status().as_u16();
    let body: Value = answer.json().await.unwrap_or(Value::Null);
    let detail = body.get("detail").and_then(Value::as_str).unwrap_or("no detail").to_owned();
    match status {
        200 | 201 => {}
        400 | 401 | 403 => {
            return Err(AuthFailure::Refused(format!("the offers service refused the refresh token: {detail}")))
        }
        _ => return Err(AuthFailure::Failed(format!("the offers service answered HTTP {status}: {detail}"))),
    }
    let jwt = body
        .get("access_token")
        .and_then(Value::as_str)
        .ok_or_else(|| AuthFailure::Failed("the auth answer has no access_token".into()))?;
    let expires =
        jwt_expires(jwt).ok_or_else(|| AuthFailure::Failed("the token carries no readable expires claim".into()))?;
    Ok(TokenAnswer {
        access_token: Secret::new(jwt),
        refresh_token: Secret::new(refresh),
        expires_in: None,
        expires_at: Some(expires.saturating_mul(1_000)),
        received_at: now_ms(),
    })
}

/// Gets a new JWT with the refresh token (which the service does not rotate).
pub struct OffersRefresher {
    pub http: reqwest::Client,
    pub base: BaseUrl,
}

impl Refresher for OffersRefresher {
    fn refresh<'a>(
        &'a self,
        refresh_token: &'a Secret,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<TokenAnswer, RefreshError>> + Send + 'a>> {
        Box::pin(async move {
            authenticate(&self.http, &self.base, refresh_token.expose()).await.map_err(|e| match e {
                AuthFailure::Refused(why) => RefreshError::InvalidGrant(why),
                AuthFailure::Failed(why) => RefreshError::Failed(why),
            })
        })
    }
}

/// Checks a refresh token with one auth call (before anything is stored); answers the first JWT.
pub async fn probe(http: &reqwest::Client, base: &BaseUrl, refresh: &str) -> Result<TokenAnswer, ConnectError> {
    authenticate(http, base, refresh.trim()).await.map_err(|e| match e {
        AuthFailure::Refused(why) => ConnectError::TokenRefused(why),
        AuthFailure::Failed(why) => ConnectError::Network(why),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expires_claim_is_read_from_the_jwt() {
        let claims = URL_SAFE_NO_PAD.encode(br#"{"sub":"x","expires":1795183872}"#);
        assert_eq!(jwt_expires(&format!("e30.{claims}.sig")), Some(1_795_183_872));
        let standard = URL_SAFE_NO_PAD.encode(br#"{"exp":17}"#);
        assert_eq!(jwt_expires(&format!("e30.{standard}.sig")), Some(17));
        assert_eq!(jwt_expires("not-a-jwt"), None);
        assert_eq!(jwt_expires("a.!!!.c"), None);
    }
}
