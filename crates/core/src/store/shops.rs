//! Shops: the accounts storedesk syncs from.

use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::Store;
use crate::error::StoreError;
use crate::model::{NewShop, Shop, ShopId, ShopKind, ShopStatus};

const SELECT: &str =
    "SELECT s.id, s.kind, s.name, s.account_name, s.site, s.status, s.created_at, s.warehouse_shop_id, \
    (SELECT c.access_expires_at FROM credentials c WHERE c.shop_id = s.id) AS token_expires_at, \
    (SELECT max(r.finished_at) FROM sync_runs r WHERE r.shop_id = s.id AND r.status = 'ok') AS last_sync_at \
    FROM shops s";

fn map_row(row: &SqliteRow) -> Result<Shop, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let decode = |column: &str, value: &str| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: format!("unknown value '{value}'").into(),
    };
    Ok(Shop {
        id: row.try_get("id")?,
        kind: ShopKind::parse(&kind).ok_or_else(|| decode("kind", &kind))?,
        name: row.try_get("name")?,
        account_name: row.try_get("account_name")?,
        site: row.try_get("site")?,
        status: ShopStatus::parse(&status).ok_or_else(|| decode("status", &status))?,
        token_expires_at: row.try_get("token_expires_at")?,
        last_sync_at: row.try_get("last_sync_at")?,
        created_at: row.try_get("created_at")?,
        warehouse_shop_id: row.try_get("warehouse_shop_id")?,
        api_version: None,
        capabilities: None,
    })
}

impl Store {
    /// Adds a shop (not yet connected).
    pub async fn add_shop(&self, shop: &NewShop) -> Result<ShopId, StoreError> {
        let name = shop.name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a shop needs a name".into()));
        }
        let id = sqlx::query_scalar(
            "INSERT INTO shops (kind, name, site, api_base, auth_base, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(shop.kind.as_str())
        .bind(name)
        .bind(&shop.site)
        .bind(&shop.api_base)
        .bind(&shop.auth_base)
        .bind(self.now())
        .fetch_one(&self.pool)
        .await?;
        Ok(id)
    }

    pub async fn list_shops(&self) -> Result<Vec<Shop>, StoreError> {
        let rows = sqlx::query(&format!("{SELECT} ORDER BY s.name, s.id")).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(map_row).collect::<Result<_, _>>()?)
    }

    pub async fn get_shop(&self, id: ShopId) -> Result<Shop, StoreError> {
        let row = sqlx::query(&format!("{SELECT} WHERE s.id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("shop {id}")))?;
        Ok(map_row(&row)?)
    }

    /// Records the account a shop is connected to and its status.
    pub async fn set_shop_account(
        &self,
        id: ShopId,
        account_id: Option<&str>,
        account_name: Option<&str>,
        status: ShopStatus,
    ) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE shops SET account_id = ?, account_name = ?, status = ? WHERE id = ?")
            .bind(account_id)
            .bind(account_name)
            .bind(status.as_str())
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("shop {id}")));
        }
        Ok(())
    }

    /// Removes a shop and, through the foreign keys, all of its data.
    pub async fn remove_shop(&self, id: ShopId) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        // Order search rows are not covered by foreign keys; the orders' delete trigger removes them.
        let done = sqlx::query("DELETE FROM shops WHERE id = ?").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("shop {id}")));
        }
        Ok(())
    }

    /// The provider's id of the account a shop is connected to (MercadoLibre's seller id).
    pub async fn shop_account_id(&self, id: ShopId) -> Result<Option<String>, StoreError> {
        let row: Option<Option<String>> =
            sqlx::query_scalar("SELECT account_id FROM shops WHERE id = ?").bind(id).fetch_optional(&self.pool).await?;
        row.ok_or_else(|| StoreError::NotFound(format!("shop {id}")))
    }
}
