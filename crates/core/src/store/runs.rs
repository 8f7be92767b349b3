//! Sync runs: the log the Activity view shows.

use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::query::{Listing, SortKey};
use super::Store;
use crate::error::StoreError;
use crate::model::{ShopId, SortDir, SyncRun, SyncRunPage, SyncRunQuery};
use crate::time::now_ms;

const COLUMNS: &str = "r.id, r.shop_id, s.name AS shop_name, r.resource, r.started_at, r.finished_at, r.status, \
    r.pages, r.requests, r.records_new, r.records_changed, r.records_unchanged, r.rate_limited, r.retries, r.quarantined, r.records_total, r.error";
const FROM: &str = "sync_runs r JOIN shops s ON s.id = r.shop_id";
const NEWEST_FIRST: SortKey = SortKey { name: "started", expr: "r.started_at", is_text: false };

fn map_row(row: &SqliteRow) -> Result<SyncRun, sqlx::Error> {
    Ok(SyncRun {
        id: row.try_get("id")?,
        shop_id: row.try_get("shop_id")?,
        shop_name: row.try_get("shop_name")?,
        resource: row.try_get("resource")?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
        status: row.try_get("status")?,
        pages: row.try_get("pages")?,
        requests: row.try_get("requests")?,
        records_new: row.try_get("records_new")?,
        records_changed: row.try_get("records_changed")?,
        records_unchanged: row.try_get("records_unchanged")?,
        rate_limited: row.try_get("rate_limited")?,
        retries: row.try_get("retries")?,
        quarantined: row.try_get("quarantined")?,
        records_total: row.try_get("records_total")?,
        error: row.try_get("error")?,
    })
}

impl Store {
    /// Sync runs, newest first.
    pub async fn list_sync_runs(&self, q: &SyncRunQuery) -> Result<SyncRunPage, StoreError> {
        let mut listing = Listing::rows(COLUMNS, NEWEST_FIRST, FROM, "r.id");
        listing.eq_i64("r.shop_id", q.shop_id);
        listing.eq_text("r.status", q.status.as_deref());
        listing.eq_text("r.resource", q.resource.as_deref());
        let (rows, next_cursor) =
            listing.fetch_page(&self.pool, NEWEST_FIRST, SortDir::Desc, q.cursor.as_deref(), q.limit, map_row).await?;
        Ok(SyncRunPage { rows, next_cursor })
    }

    /// Starts a run record; returns its id.
    pub async fn start_sync_run(&self, shop_id: ShopId, resource: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO sync_runs (shop_id, resource, started_at, status) VALUES (?, ?, ?, 'running') RETURNING id",
        )
        .bind(shop_id)
        .bind(resource)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await?)
    }

    /// One run by id.
    pub async fn get_sync_run(&self, run_id: i64) -> Result<SyncRun, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE r.id = ?");
        let row = sqlx::query(&sql).bind(run_id).fetch_optional(&self.pool).await?;
        let row = row.ok_or_else(|| StoreError::NotFound(format!("sync run {run_id}")))?;
        Ok(map_row(&row)?)
    }

    /// Closes a run: ok without an error, failed with the error a person reads. Its figures were
    /// counted page by page, in the transactions that stored the pages.
    pub async fn finish_sync_run(&self, run_id: i64, error: Option<&str>) -> Result<(), StoreError> {
        sqlx::query("UPDATE sync_runs SET finished_at = ?, status = ?, error = ? WHERE id = ?")
            .bind(now_ms())
            .bind(if error.is_some() { "failed" } else { "ok" })
            .bind(error)
            .bind(run_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Closes a run that was asked to stop between two pages; its cursor is stored, the next run resumes.
    pub async fn mark_run_stopped(&self, run_id: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sync_runs SET finished_at = ?, status = 'interrupted', \
             error = 'stopped before the end; the next run resumes from its last stored page' WHERE id = ?",
        )
        .bind(now_ms())
        .bind(run_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Runs left "running" by a process that died are marked interrupted; their cursors were stored
    /// page by page, so the next run resumes where they stopped. Returns how many there were.
    pub async fn mark_interrupted_runs(&self) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "UPDATE sync_runs SET status = 'interrupted', finished_at = ?, \
             error = 'storedesk stopped during this run; the next run resumes from its last stored page' \
             WHERE status = 'running'",
        )
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// When each resource of a shop last finished without error.
    pub async fn last_ok_runs(&self, shop_id: ShopId) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT resource, max(finished_at) FROM sync_runs WHERE shop_id = ? AND status = 'ok' \
             GROUP BY resource ORDER BY resource",
        )
        .bind(shop_id)
        .fetch_all(&self.pool)
        .await?)
    }
}
