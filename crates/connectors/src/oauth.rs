//! OAuth2 authorization code with PKCE (S256) and refresh, through the `oauth2` crate.

use std::future::Future;
use std::pin::Pin;

use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, TokenResponse, TokenUrl,
};
use storedesk_core::auth::{RefreshError, Refresher, TokenPair};
use storedesk_core::time::now_ms;
use storedesk_core::vault::Secret;

use crate::error::ConnectError;

type Client = BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

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
        Ok(BasicClient::new(ClientId::new(self.client_id.clone()))
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
        pair_from(&answer, None).ok_or_else(|| ConnectError::Decode("the answer has no refresh token".into()))
    }
}

fn pair_from(answer: &oauth2::basic::BasicTokenResponse, old_refresh: Option<&Secret>) -> Option<TokenPair> {
    let refresh = answer.refresh_token().map(|r| Secret::new(r.secret().clone())).or_else(|| old_refresh.cloned())?;
    // Without expires_in, assume the documented six hours.
    let lifetime = answer.expires_in().unwrap_or(std::time::Duration::from_secs(6 * 3600));
    Some(TokenPair {
        access_token: Secret::new(answer.access_token().secret().clone()),
        refresh_token: refresh,
        expires_at: now_ms().saturating_add(i64::try_from(lifetime.as_millis()).unwrap_or(i64::MAX)),
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
    ) -> Pin<Box<dyn Future<Output = Result<TokenPair, RefreshError>> + Send + 'a>> {
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
            pair_from(&answer, Some(refresh_token)).ok_or_else(|| RefreshError::Failed("no refresh token".into()))
        })
    }
}
