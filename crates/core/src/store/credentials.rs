//! Sealed credentials: the database only ever sees vault-sealed blobs.

use sqlx::SqliteConnection;

use super::Store;
use crate::error::StoreError;
use crate::model::{ShopId, ShopStatus};

/// A credentials row: the sealed token pair and its generation (bumped on every change, so processes
/// sharing the file can tell whether someone else refreshed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedCredentials {
    pub generation: i64,
    pub sealed: Vec<u8>,
    pub access_expires_at: Option<i64>,
}

impl Store {
    /// Stores a new sealed pair for a shop (connect or reconnect) and marks it connected; returns the
    /// new generation.
    pub async fn save_credentials(
        &self,
        shop_id: ShopId,
        sealed: &[u8],
        access_expires_at: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let generation = write_credentials(&mut tx, shop_id, sealed, access_expires_at).await?;
        sqlx::query("UPDATE shops SET status = 'connected' WHERE id = ?").bind(shop_id).execute(&mut *tx).await?;
        tx.commit().await?;
        self.notify_shop_status(shop_id, ShopStatus::Connected);
        Ok(generation)
    }

    pub async fn load_credentials(&self, shop_id: ShopId) -> Result<Option<SealedCredentials>, StoreError> {
        load_credentials(&mut *self.pool.acquire().await?, shop_id).await
    }

    /// Deletes a shop's tokens and marks it disconnected; its data stays for offline viewing.
    pub async fn disconnect_shop(&self, shop_id: ShopId) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("DELETE FROM credentials WHERE shop_id = ?").bind(shop_id).execute(&mut *tx).await?;
        let done = sqlx::query("UPDATE shops SET status = 'disconnected' WHERE id = ?")
            .bind(shop_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("shop {shop_id}")));
        }
        self.notify_shop_status(shop_id, ShopStatus::Disconnected);
        Ok(())
    }

    /// The app credentials a shop connects with: client id and the sealed client secret.
    pub async fn set_shop_client(
        &self,
        shop_id: ShopId,
        client_id: &str,
        sealed_secret: &[u8],
    ) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE shops SET client_id = ?, client_secret = ? WHERE id = ?")
            .bind(client_id)
            .bind(sealed_secret)
            .bind(shop_id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("shop {shop_id}")));
        }
        Ok(())
    }

    /// The shop's OAuth endpoints and app credentials (secret still sealed).
    pub async fn shop_endpoints(&self, shop_id: ShopId) -> Result<ShopEndpoints, StoreError> {
        type Row = (Option<String>, Option<String>, Option<String>, Option<Vec<u8>>, Option<String>, Option<String>);
        let row: Option<Row> = sqlx::query_as(
            "SELECT api_base, auth_base, client_id, client_secret, site, redirect_uri FROM shops WHERE id = ?",
        )
        .bind(shop_id)
        .fetch_optional(&self.pool)
        .await?;
        let (api_base, auth_base, client_id, sealed_client_secret, site, redirect_uri) =
            row.ok_or_else(|| StoreError::NotFound(format!("shop {shop_id}")))?;
        Ok(ShopEndpoints { api_base, auth_base, client_id, sealed_client_secret, site, redirect_uri })
    }
}

/// Where and as whom a shop connects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopEndpoints {
    pub api_base: Option<String>,
    pub auth_base: Option<String>,
    pub client_id: Option<String>,
    pub sealed_client_secret: Option<Vec<u8>>,
    pub site: Option<String>,
    pub redirect_uri: Option<String>,
}

pub(crate) async fn load_credentials(
    conn: &mut SqliteConnection,
    shop_id: ShopId,
) -> Result<Option<SealedCredentials>, StoreError> {
    let row: Option<(i64, Vec<u8>, Option<i64>)> =
        sqlx::query_as("SELECT generation, sealed, access_expires_at FROM credentials WHERE shop_id = ?")
            .bind(shop_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(generation, sealed, access_expires_at)| SealedCredentials { generation, sealed, access_expires_at }))
}

pub(crate) async fn write_credentials(
    conn: &mut SqliteConnection,
    shop_id: ShopId,
    sealed: &[u8],
    access_expires_at: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO credentials (shop_id, generation, sealed, access_expires_at, updated_at) VALUES (?, 1, ?, ?, ?) \
         ON CONFLICT (shop_id) DO UPDATE SET generation = credentials.generation + 1, sealed = excluded.sealed, \
         access_expires_at = excluded.access_expires_at, updated_at = excluded.updated_at RETURNING generation",
    )
    .bind(shop_id)
    .bind(sealed)
    .bind(access_expires_at)
    .bind(crate::time::now_ms())
    .fetch_one(&mut *conn)
    .await?)
}
