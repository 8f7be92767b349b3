//! Provider apps (client id, sealed client secret, redirect) as entered in Settings.

use super::Store;
use crate::error::StoreError;
use crate::model::ShopKind;

/// A provider app row; the secret stays sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredApp {
    pub client_id: String,
    pub sealed_secret: Option<Vec<u8>>,
    pub redirect_uri: Option<String>,
}

impl Store {
    pub async fn provider_app(&self, kind: ShopKind) -> Result<Option<StoredApp>, StoreError> {
        let row: Option<(String, Option<Vec<u8>>, Option<String>)> =
            sqlx::query_as("SELECT client_id, client_secret, redirect_uri FROM provider_apps WHERE kind = ?")
                .bind(kind.as_str())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(client_id, sealed_secret, redirect_uri)| StoredApp { client_id, sealed_secret, redirect_uri }))
    }

    /// Saves a provider app; `sealed_secret: None` keeps the stored secret.
    pub async fn set_provider_app(
        &self,
        kind: ShopKind,
        client_id: &str,
        sealed_secret: Option<&[u8]>,
        redirect_uri: Option<&str>,
    ) -> Result<(), StoreError> {
        if client_id.trim().is_empty() {
            return Err(StoreError::Invalid("the client id is empty".into()));
        }
        sqlx::query(
            "INSERT INTO provider_apps (kind, client_id, client_secret, redirect_uri, updated_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (kind) DO UPDATE SET client_id = excluded.client_id, \
             client_secret = coalesce(excluded.client_secret, provider_apps.client_secret), \
             redirect_uri = excluded.redirect_uri, updated_at = excluded.updated_at",
        )
        .bind(kind.as_str())
        .bind(client_id.trim())
        .bind(sealed_secret)
        .bind(redirect_uri.map(str::trim).filter(|u| !u.is_empty()))
        .bind(self.now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Sets a shop's registered redirect URI (None: loopback).
    pub async fn set_shop_redirect(
        &self,
        shop_id: crate::model::ShopId,
        redirect_uri: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE shops SET redirect_uri = ? WHERE id = ?")
            .bind(redirect_uri)
            .bind(shop_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Reads a shop's settings JSON (an object; `{}` when unset or unreadable).
    pub async fn shop_settings(&self, shop_id: crate::model::ShopId) -> Result<serde_json::Value, StoreError> {
        let raw: Option<String> = sqlx::query_scalar("SELECT settings FROM shops WHERE id = ?")
            .bind(shop_id)
            .fetch_optional(&self.pool)
            .await?;
        let raw = raw.ok_or_else(|| StoreError::NotFound(format!("shop {shop_id}")))?;
        Ok(serde_json::from_str(&raw).unwrap_or_else(|_| serde_json::json!({})))
    }

    pub async fn set_shop_settings(
        &self,
        shop_id: crate::model::ShopId,
        settings: &serde_json::Value,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE shops SET settings = ? WHERE id = ?")
            .bind(settings.to_string())
            .bind(shop_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

impl Store {
    /// Points a shop at other API and authorization hosts (the demo's simulator gets a new port each run).
    pub async fn set_shop_endpoints(
        &self,
        shop_id: crate::model::ShopId,
        api_base: &str,
        auth_base: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE shops SET api_base = ?, auth_base = ? WHERE id = ?")
            .bind(api_base)
            .bind(auth_base)
            .bind(shop_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
