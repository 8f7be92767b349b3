//! Quarantined records, as Activity lists them.

use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::query::{Listing, SortKey};
use super::Store;
use crate::error::StoreError;
use crate::model::{QuarantinePage, QuarantineQuery, QuarantinedRecord, SortDir};

const COLUMNS: &str = "q.id, q.shop_id, s.name AS shop_name, q.resource, q.remote_id, q.run_id, q.error, q.payload, \
    q.created_at";
const FROM: &str = "quarantine q JOIN shops s ON s.id = q.shop_id";
const NEWEST_FIRST: SortKey = SortKey { name: "created", expr: "q.created_at", is_text: false };

fn map_row(row: &SqliteRow) -> Result<QuarantinedRecord, sqlx::Error> {
    Ok(QuarantinedRecord {
        id: row.try_get("id")?,
        shop_id: row.try_get("shop_id")?,
        shop_name: row.try_get("shop_name")?,
        resource: super::runs::resource_of(row)?,
        remote_id: row.try_get("remote_id")?,
        run_id: row.try_get("run_id")?,
        error: row.try_get("error")?,
        payload: row.try_get("payload")?,
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// Quarantined records, newest first.
    pub async fn list_quarantine(&self, q: &QuarantineQuery) -> Result<QuarantinePage, StoreError> {
        let mut listing = Listing::rows(COLUMNS, NEWEST_FIRST, FROM, "q.id");
        listing.eq_i64("q.shop_id", q.shop_id);
        let (rows, next_cursor) =
            listing.fetch_page(&self.pool, NEWEST_FIRST, SortDir::Desc, q.cursor.as_deref(), q.limit, map_row).await?;
        Ok(QuarantinePage { rows, next_cursor })
    }

    pub async fn get_quarantined(&self, id: i64) -> Result<QuarantinedRecord, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE q.id = ?");
        let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
        Ok(map_row(&row.ok_or_else(|| StoreError::NotFound(format!("quarantined record {id}")))?)?)
    }

    pub async fn count_quarantine(&self, shop_id: Option<i64>) -> Result<i64, StoreError> {
        let mut listing = Listing::count(FROM);
        listing.eq_i64("q.shop_id", shop_id);
        listing.fetch_count(&self.pool).await
    }
}
