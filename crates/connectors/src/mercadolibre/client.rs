//! Authenticated requests to the MercadoLibre API: each holds a token lease, and a 401 refreshes once.

use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use storedesk_core::auth::TokenManager;

use super::wire::{ApiErrorBody, UserMe};
use crate::error::ConnectError;

#[derive(Clone)]
pub struct MeliClient {
    http: reqwest::Client,
    api_base: String,
    tokens: TokenManager,
}

impl MeliClient {
    pub fn new(http: reqwest::Client, api_base: &str, tokens: TokenManager) -> Self {
        MeliClient { http, api_base: api_base.trim_end_matches('/').to_owned(), tokens }
    }

    /// GETs `path` (with its query) and decodes the JSON answer.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, ConnectError> {
        let url = format!("{}{path}", self.api_base);
        let mut refreshed = false;
        loop {
            let lease = self.tokens.lease().await?;
            let response = self
                .http
                .get(&url)
                .bearer_auth(lease.access_token().expose())
                .header("x-format-new", "true")
                .send()
                .await?;
            let status = response.status();
            if status == StatusCode::UNAUTHORIZED && !refreshed {
                // The token was refused before its time (revoked, rotated elsewhere): refresh once.
                refreshed = true;
                self.tokens.rejected(lease).await?;
                continue;
            }
            if !status.is_success() {
                let body: ApiErrorBody = response.json().await.unwrap_or_default();
                let message = body.message.or(body.error).unwrap_or_else(|| status.to_string());
                return Err(ConnectError::Api { status: status.as_u16(), message });
            }
            // The lease is held until the whole body is read.
            let value = response.json::<T>().await?;
            drop(lease);
            return Ok(value);
        }
    }

    /// The seller account the token belongs to.
    pub async fn me(&self) -> Result<UserMe, ConnectError> {
        self.get_json("/users/me").await
    }
}
