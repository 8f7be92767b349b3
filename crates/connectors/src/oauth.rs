//! OAuth2 authorization code with PKCE (S256) and refresh, through the `oauth2` crate.

use std::future::Future;
use std::pin::Pin;

use oauth2::basic::{
    BasicErrorResponse, BasicErrorResponseType, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AccessToken, AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, Scope, StandardRevocableToken,
    TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use storedesk_core::auth::{RefreshError, Refresher, TokenAnswer, TokenPair};
use storedesk_core::time::now_ms;
use storedesk_core::vault::Secret;

use crate::error::ConnectError;
use crate::http::BaseUrl;

type Client = oauth2::Client<
    BasicErrorResponse,
    Answer,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// A token endpoint's answer, read as sent. `expires_in` is kept as the signed number it is, so a zero,
/// negative or missing lifetime reaches `TokenAnswer::into_pair` and gets its own error instead of
/// failing the whole parse (or, worse, being read as "expires now" forever).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Answer {
    access_token: AccessToken,
    #[serde(deserialize_with = "oauth2::helpers::deserialize_untagged_enum_case_insensitive")]
    token_type: BasicTokenType,
    #[serde(default)]
    expires_in: Option<i64>,
    #[serde(default)]
    refresh_token: Option<RefreshToken>,
}

impl TokenResponse for Answer {
    type TokenType = BasicTokenType;

    fn access_token(&self) -> &AccessToken {
        &self.access_token
    }

    fn token_type(&self) -> &BasicTokenType {
        &self.token_type
    }

    fn expires_in(&self) -> Option<std::time::Duration> {
        self.expires_in.and_then(|s| u64::try_from(s).ok()).map(std::time::Duration::from_secs)
    }

    fn refresh_token(&self) -> Option<&RefreshToken> {
        self.refresh_token.as_ref()
    }

    fn scopes(&self) -> Option<&Vec<Scope>> {
        None
    }
}

/// Where a provider's OAuth 2.0 pages are, and the API base its tokens are for (each OAuth connector
/// says, from what the shop stored).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthEndpoints {
    pub authorize_url: String,
    pub token_url: String,
    pub api_base: BaseUrl,
}

/// Who a shop's account is, as its provider says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub nickname: String,
}

/// An OAuth app registered with a provider, and the provider's endpoints.
#[derive(Clone, Debug)]
pub struct OAuthApp {
    pub client_id: String,
    pub client_secret: Secret,
    pub authorize_url: String,
    pub token_url: String,
}

/// A started authorization: the URL to open, and what must come back.
#[derive(Debug)]
pub struct Authorization {
    pub url: String,
    pub state: Secret,
    pub verifier: Secret,
    pub redirect_uri: String,
}

impl OAuthApp {
    fn client(&self) -> Result<Client, ConnectError> {
        Ok(oauth2::Client::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.client_secret.expose().to_owned()))
            .set_auth_uri(
                AuthUrl::new(self.authorize_url.clone()).map_err(|_| ConnectError::BadEndpoint("authorization"))?,
            )
            .set_token_uri(TokenUrl::new(self.token_url.clone()).map_err(|_| ConnectError::BadEndpoint("token"))?)
            // MercadoLibre reads client_id and client_secret from the form body.
            .set_auth_type(AuthType::RequestBody))
    }

    /// Builds the authorization URL with a fresh PKCE (S256) challenge and random state.
    pub fn authorize(&self, redirect_uri: &str) -> Result<Authorization, ConnectError> {
        let redirect = RedirectUrl::new(redirect_uri.to_owned()).map_err(|_| ConnectError::BadEndpoint("redirect"))?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state) = self
            .client()?
            .set_redirect_uri(redirect)
            .authorize_url(CsrfToken::new_random)
            .set_pkce_challenge(challenge)
            .url();
        Ok(Authorization {
            url: url.to_string(),
            state: Secret::new(state.secret().clone()),
            verifier: Secret::new(verifier.secret().clone()),
            redirect_uri: redirect_uri.to_owned(),
        })
    }

    /// Exchanges an authorization code (with its PKCE verifier) for a token pair.
    pub async fn exchange(
        &self,
        http: &reqwest::Client,
        authorization: &Authorization,
        code: &str,
    ) -> Result<TokenPair, ConnectError> {
        let redirect =
            RedirectUrl::new(authorization.redirect_uri.clone()).map_err(|_| ConnectError::BadEndpoint("redirect"))?;
        let answer = self
            .client()?
            .set_redirect_uri(redirect)
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(authorization.verifier.expose().to_owned()))
            .request_async(http)
            .await
            .map_err(|e| match e {
                RequestTokenError::ServerResponse(r) => ConnectError::Exchange(r.error().to_string()),
                RequestTokenError::Request(e) => ConnectError::Network(e.to_string()),
                other => ConnectError::Decode(other.to_string()),
            })?;
        let answer = token_answer(&answer, None)
            .ok_or_else(|| ConnectError::Decode("the answer has no refresh token".into()))?;
        answer.into_pair().map_err(ConnectError::TokenLifetime)
    }
}

/// The answer with its arrival time; a refresh answer without a refresh token keeps the old one.
fn token_answer(answer: &Answer, old_refresh: Option<&Secret>) -> Option<TokenAnswer> {
    let refresh =
        answer.refresh_token.as_ref().map(|r| Secret::new(r.secret().clone())).or_else(|| old_refresh.cloned())?;
    Some(TokenAnswer {
        expires_at: None,
        access_token: Secret::new(answer.access_token.secret().clone()),
        refresh_token: refresh,
        expires_in: answer.expires_in,
        received_at: now_ms(),
    })
}

/// Refreshes a shop's pair at the provider's token endpoint.
pub struct OAuthRefresher {
    pub app: OAuthApp,
    pub http: reqwest::Client,
}

impl Refresher for OAuthRefresher {
    fn refresh<'a>(
        &'a self,
        refresh_token: &'a Secret,
    ) -> Pin<Box<dyn Future<Output = Result<TokenAnswer, RefreshError>> + Send + 'a>> {
        Box::pin(async move {
            let client = self.app.client().map_err(|e| RefreshError::Failed(e.to_string()))?;
            let answer = client
                .exchange_refresh_token(&RefreshToken::new(refresh_token.expose().to_owned()))
                .request_async(&self.http)
                .await
                .map_err(|e| match e {
                    RequestTokenError::ServerResponse(r) if *r.error() == BasicErrorResponseType::InvalidGrant => {
                        RefreshError::InvalidGrant(
                            r.error_description().cloned().unwrap_or_else(|| "invalid_grant".into()),
                        )
                    }
                    RequestTokenError::ServerResponse(r) => RefreshError::Failed(r.error().to_string()),
                    other => RefreshError::Failed(other.to_string()),
                })?;
            token_answer(&answer, Some(refresh_token)).ok_or_else(|| RefreshError::Failed("no refresh token".into()))
        })
    }
}

#[cfg(test)]
mod tests {
    use storedesk_core::auth::LifetimeError;

    use super::*;

    fn lifetime_of(body: &str) -> Result<i64, LifetimeError> {
        let answer: Answer = serde_json::from_str(body).expect("an answer reads even with an odd lifetime");
        let pair = token_answer(&answer, None).expect("refresh token").into_pair()?;
        Ok(pair.expires_at - pair.issued_at)
    }

    #[test]
    fn the_announced_lifetime_is_checked_not_assumed() {
        let body = |expires: &str| {
            format!(
                r#"{{"access_token":"APP_USR-1","token_type":"bearer",{expires}"refresh_token":"TG-1","user_id":7}}"#
            )
        };
        assert_eq!(lifetime_of(&body(r#""expires_in":21600,"#)), Ok(21_600_000));
        assert_eq!(lifetime_of(&body(r#""expires_in":1,"#)), Ok(1_000));
        assert_eq!(lifetime_of(&body("")), Err(LifetimeError::Missing));
        assert_eq!(lifetime_of(&body(r#""expires_in":0,"#)), Err(LifetimeError::NotPositive(0)));
        assert_eq!(lifetime_of(&body(r#""expires_in":-60,"#)), Err(LifetimeError::NotPositive(-60)));
        // Token types are case-insensitive, as RFC 6749 says.
        let upper = r#"{"access_token":"a","token_type":"Bearer","expires_in":5,"refresh_token":"r"}"#;
        assert_eq!(lifetime_of(upper), Ok(5_000));
    }
}
