//! Settings shared by the desktop app and the headless daemon (the UI's own look-and-feel settings
//! live in the shell's settings.json).

use serde::{Deserialize, Serialize};

use super::Store;
use crate::error::StoreError;
use crate::model::{ApiServerSettings, SyncSettings};

const SYNC_SETTINGS: &str = "sync";
const API_SERVER: &str = "api_server";
/// Followed by the account's key (API base and account id).
const RATE_PACE: &str = "rate_pace:";

/// The request pace a provider account was last sent at, and the limit learned from its 429s: a new
/// process (a CLI sync, the app after a restart) resumes near it instead of learning it again.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LearnedPace {
    /// Requests per second.
    pub rate: f64,
    /// The rate a 429 came at, if one came.
    pub ceiling: Option<f64>,
    /// When it was noted (unix ms).
    pub at: i64,
}

impl Store {
    /// A setting stored as JSON under `key`; None until someone saves it, or when this version cannot
    /// read what was saved (written by a newer one, say): the caller's default then applies.
    pub async fn setting<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let raw: Option<String> = sqlx::query_scalar("SELECT value FROM app_settings WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(raw.and_then(|r| serde_json::from_str(&r).ok()))
    }

    /// Saves a setting as JSON under `key`.
    pub async fn put_setting<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        let raw = serde_json::to_string(value).map_err(|e| StoreError::Invalid(e.to_string()))?;
        sqlx::query(
            "INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(raw)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The sync settings; defaults until someone saves them. A value this version cannot read falls back
    /// to the defaults rather than stopping sync.
    pub async fn sync_settings(&self) -> Result<SyncSettings, StoreError> {
        Ok(self.setting::<SyncSettings>(SYNC_SETTINGS).await?.unwrap_or_default().clamped())
    }

    /// Saves the sync settings (clamped to sane bounds) and returns what was saved.
    pub async fn set_sync_settings(&self, settings: SyncSettings) -> Result<SyncSettings, StoreError> {
        let settings = settings.clamped();
        self.put_setting(SYNC_SETTINGS, &settings).await?;
        Ok(settings)
    }

    /// The desktop's local API switch; off until someone turns it on.
    pub async fn api_server_settings(&self) -> Result<ApiServerSettings, StoreError> {
        Ok(self.setting(API_SERVER).await?.unwrap_or_default())
    }

    pub async fn set_api_server_settings(&self, settings: &ApiServerSettings) -> Result<(), StoreError> {
        if settings.port < 1024 {
            return Err(StoreError::Invalid(format!("port {} is reserved; use 1024 to 65535", settings.port)));
        }
        self.put_setting(API_SERVER, settings).await
    }

    /// The pace last noted for an account (None: never, or unreadable).
    pub async fn learned_pace(&self, account: &str) -> Result<Option<LearnedPace>, StoreError> {
        self.setting(&format!("{RATE_PACE}{account}")).await
    }

    /// Notes an account's pace.
    pub async fn remember_pace(&self, account: &str, pace: &LearnedPace) -> Result<(), StoreError> {
        self.put_setting(&format!("{RATE_PACE}{account}"), pace).await
    }
}
