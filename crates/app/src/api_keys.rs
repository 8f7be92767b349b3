//! API keys for the local REST API: created with a role, shown once, kept only as a hash, revoked.

use base64::Engine;
use storedesk_core::model::{ApiKey, ApiRole, ApiServerSettings, CreatedApiKey};
use storedesk_core::{ApiError, ErrorCode};

use crate::{App, Result};

/// Every key starts with this, so a leaked one is recognisable (secret scanners, logs).
pub const KEY_PREFIX: &str = "sd_";

/// `n` random bytes from the OS.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("no randomness from the system: {e}")))?;
    Ok(bytes)
}

impl App {
    /// A new key with `role`; its secret is in the answer and nowhere else.
    pub async fn create_api_key(&self, name: &str, role: ApiRole) -> Result<CreatedApiKey> {
        let secret =
            format!("{KEY_PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>()?));
        let key = self.inner.store.add_api_key(name, role, &secret).await?;
        Ok(CreatedApiKey { key, secret })
    }

    pub async fn list_api_keys(&self) -> Result<Vec<ApiKey>> {
        Ok(self.inner.store.list_api_keys().await?)
    }

    /// Revokes a key at once: its next request is a 401.
    pub async fn revoke_api_key(&self, id: i64) -> Result<ApiKey> {
        Ok(self.inner.store.revoke_api_key(id).await?)
    }

    /// The live key a secret belongs to (None: not a key, or revoked).
    pub async fn verify_api_key(&self, secret: &str) -> Result<Option<ApiKey>> {
        if !secret.starts_with(KEY_PREFIX) {
            return Ok(None);
        }
        Ok(self.inner.store.verify_api_key(secret).await?)
    }

    /// The desktop's local API switch.
    pub async fn api_server_settings(&self) -> Result<ApiServerSettings> {
        Ok(self.inner.store.api_server_settings().await?)
    }

    pub async fn set_api_server_settings(&self, settings: &ApiServerSettings) -> Result<()> {
        Ok(self.inner.store.set_api_server_settings(settings).await?)
    }
}
