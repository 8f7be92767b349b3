//! Sync runs: the log the Activity view shows.

use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::query::{Listing, SortKey};
use super::Store;
use crate::error::StoreError;
use crate::model::{ShopId, SortDir, SyncRun, SyncRunPage, SyncRunQuery};
use crate::time::now_ms;

const COLUMNS: &str = "r.id, r.shop_id, s.name AS shop_name, r.resource, r.started_at, r.finished_at, r.status, \
    r.pages, r.requests, r.records_new, r.records_changed, r.records_unchanged, r.rate_limited, r.retries, r.error";
const FROM: &str = "sync_runs r JOIN shops s ON s.id = r.shop_id";
const NEWEST_FIRST: SortKey = SortKey { name: "started", expr: "r.started_at", is_text: false };

/// The figures a finished run reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunTotals {
    pub pages: i64,
    pub requests: i64,
    pub records_new: i64,
    pub records_changed: i64,
    pub records_unchanged: i64,
    pub rate_limited: i64,
    pub retries: i64,
}

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
        error: row.try_get("error")?,
    })
}

impl Store {
    /// Sync runs, newest first.
    pub async fn list_sync_runs(&self, q: &SyncRunQuery) -> Result<SyncRunPage, StoreError> {
        let mut listing = Listing::rows(COLUMNS, NEWEST_FIRST, FROM, "r.id");
        listing.eq_i64("r.shop_id", q.shop_id);
        listing.eq_text("r.status", q.status.as_deref());
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

    /// Closes a run as ok (no error) or failed (with the error a person reads).
    pub async fn finish_sync_run(
        &self,
        run_id: i64,
        totals: &RunTotals,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sync_runs SET finished_at = ?, status = ?, pages = ?, requests = ?, records_new = ?, \
             records_changed = ?, records_unchanged = ?, rate_limited = ?, retries = ?, error = ? WHERE id = ?",
        )
        .bind(now_ms())
        .bind(if error.is_some() { "failed" } else { "ok" })
        .bind(totals.pages)
        .bind(totals.requests)
        .bind(totals.records_new)
        .bind(totals.records_changed)
        .bind(totals.records_unchanged)
        .bind(totals.rate_limited)
        .bind(totals.retries)
        .bind(error)
        .bind(run_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
