//! Sync runs: the log the Activity view shows. Each run belongs to the process that started it
//! (`owner`, see `instance.rs`): a process closes its own runs, and an owner process (the desktop app or
//! the daemon) closes the runs of processes that are gone, never those of live ones.

use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::query::{Listing, SortKey};
use super::Store;
use crate::error::StoreError;
use crate::model::{ShopId, SortDir, SyncResource, SyncRun, SyncRunPage, SyncRunQuery, SyncRunStatus};

const COLUMNS: &str = "r.id, r.shop_id, s.name AS shop_name, r.resource, r.started_at, r.finished_at, r.status, \
    r.pages, r.requests, r.records_new, r.records_changed, r.records_unchanged, r.rate_limited, r.retries, r.quarantined, r.records_total, r.error";
const FROM: &str = "sync_runs r JOIN shops s ON s.id = r.shop_id";
const NEWEST_FIRST: SortKey = SortKey { name: "started", expr: "r.started_at", is_text: false };

/// Why a run was stopped before its end, as the run log says it.
const STOPPED: &str = "stopped before the end; the next run resumes from its last stored page";
const PROCESS_ENDED: &str = "storedesk stopped during this run; the next run resumes from its last stored page";

pub(super) fn decode_error(column: &str, value: &str) -> sqlx::Error {
    sqlx::Error::ColumnDecode { index: column.to_owned(), source: format!("unknown value '{value}'").into() }
}

pub(super) fn resource_of(row: &SqliteRow) -> Result<SyncResource, sqlx::Error> {
    let word: String = row.try_get("resource")?;
    SyncResource::parse(&word).ok_or_else(|| decode_error("resource", &word))
}

fn map_row(row: &SqliteRow) -> Result<SyncRun, sqlx::Error> {
    let status: String = row.try_get("status")?;
    Ok(SyncRun {
        id: row.try_get("id")?,
        shop_id: row.try_get("shop_id")?,
        shop_name: row.try_get("shop_name")?,
        resource: resource_of(row)?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
        status: SyncRunStatus::parse(&status).ok_or_else(|| decode_error("status", &status))?,
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
        listing.eq_text("r.status", q.status.map(SyncRunStatus::as_str));
        listing.eq_text("r.resource", q.resource.map(SyncResource::as_str));
        let (rows, next_cursor) =
            listing.fetch_page(&self.pool, NEWEST_FIRST, SortDir::Desc, q.cursor.as_deref(), q.limit, map_row).await?;
        Ok(SyncRunPage { rows, next_cursor })
    }

    /// Starts a run record owned by this process; returns its id.
    pub async fn start_sync_run(&self, shop_id: ShopId, resource: SyncResource) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO sync_runs (shop_id, resource, started_at, status, owner) VALUES (?, ?, ?, 'running', ?) \
             RETURNING id",
        )
        .bind(shop_id)
        .bind(resource.as_str())
        .bind(self.now())
        .bind(self.instance_id())
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
        let status = if error.is_some() { SyncRunStatus::Failed } else { SyncRunStatus::Ok };
        sqlx::query("UPDATE sync_runs SET finished_at = ?, status = ?, error = ? WHERE id = ?")
            .bind(self.now())
            .bind(status.as_str())
            .bind(error)
            .bind(run_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Closes a run that was asked to stop between two pages; its cursor is stored, the next run resumes.
    pub async fn mark_run_stopped(&self, run_id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE sync_runs SET finished_at = ?, status = 'interrupted', error = ? WHERE id = ?")
            .bind(self.now())
            .bind(STOPPED)
            .bind(run_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// This process's runs still open (a shutdown that could not wait for them): marked interrupted.
    pub async fn close_own_runs(&self) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "UPDATE sync_runs SET status = 'interrupted', finished_at = ?, error = ? \
             WHERE status = 'running' AND owner = ?",
        )
        .bind(self.now())
        .bind(STOPPED)
        .bind(self.instance_id())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Runs left "running" by processes that have ended (killed, crashed) are marked interrupted; their
    /// cursors were stored page by page, so the next run resumes where they stopped. Runs of live
    /// processes are left alone. For owner processes only (the desktop app, the daemon). Returns how many.
    pub async fn recover_orphaned_runs(&self) -> Result<u64, StoreError> {
        let owners: Vec<Option<String>> =
            sqlx::query_scalar("SELECT DISTINCT owner FROM sync_runs WHERE status = 'running'")
                .fetch_all(&self.pool)
                .await?;
        let mut recovered = 0;
        for owner in owners {
            let alive = match owner.as_deref() {
                Some(id) if id == self.instance_id() => true,
                Some(id) => crate::instance::is_alive(&self.data_dir, id),
                // A run from before owners were recorded: its process is long gone.
                None => false,
            };
            if alive {
                continue;
            }
            let done = sqlx::query(
                "UPDATE sync_runs SET status = 'interrupted', finished_at = ?, error = ? \
                 WHERE status = 'running' AND owner IS ?",
            )
            .bind(self.now())
            .bind(PROCESS_ENDED)
            .bind(owner)
            .execute(&self.pool)
            .await?;
            recovered += done.rows_affected();
        }
        Ok(recovered)
    }

    /// When each resource of a shop last finished without error.
    pub async fn last_ok_runs(&self, shop_id: ShopId) -> Result<Vec<(SyncResource, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT resource, max(finished_at) AS at FROM sync_runs WHERE shop_id = ? AND status = 'ok' \
             GROUP BY resource ORDER BY resource",
        )
        .bind(shop_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push((resource_of(row)?, row.try_get("at")?));
        }
        Ok(out)
    }
}
