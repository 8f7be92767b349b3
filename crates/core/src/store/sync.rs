//! What the sync engine writes: a page with its cursor and its run's figures in one transaction
//! (ARCHITECTURE invariant 3), quarantined records, due shipments, vanished products.

use std::collections::HashSet;

use sqlx::SqliteConnection;

use super::page::{json, PageUpsert};
use super::{fulfilment, orders, products, shipments, Store, StoreEvent};
use crate::error::StoreError;
use crate::model::{ShopId, SyncResource, UpsertTally};
use crate::sync::channel::{Page, Quarantined, Records};

/// A raw payload kept in quarantine is cut here: enough to read what went wrong.
const MAX_PAYLOAD: usize = 64 * 1024;

/// A page to store.
pub struct PageWrite<'a> {
    pub shop_id: ShopId,
    pub resource: SyncResource,
    pub run_id: i64,
    pub page: &'a Page,
    /// The cursor that follows this page; None leaves the stored cursor alone (fetches by id).
    pub cursor: Option<&'a str>,
    /// When the page's requests started: a due shipment is only cleared if its order did not change
    /// after that.
    pub fetched_at: i64,
}

/// What storing a page did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageOutcome {
    pub tally: UpsertTally,
    pub quarantined: u64,
}

impl Store {
    /// Stores a page: upserts (staleness-guarded), quarantine rows, the cursor and the run's figures,
    /// all or nothing. A record the store refuses (e.g. no remote id) is quarantined, not fatal.
    pub async fn apply_page(&self, w: PageWrite<'_>) -> Result<PageOutcome, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let now = self.now();
        let mut out = PageOutcome::default();
        let mut exceptions = Vec::new();
        let stored = store_records(&mut tx, w.shop_id, &w.page.records, now, &mut exceptions).await?;
        out.tally = stored.tally;
        // What rode along with the page's own records, in the same transaction.
        let mut riders = Vec::new();
        for records in &w.page.also {
            let rider = store_records(&mut tx, w.shop_id, records, now, &mut exceptions).await?;
            if let Records::Shipments(_) = records {
                // Fetched with their orders: those orders no longer wait for them.
                answer_shipments(&mut tx, w.shop_id, &record_ids(records), now).await?;
            }
            out.tally.merge(rider.tally);
            for q in &rider.refused {
                quarantine(&mut tx, w.shop_id, record_resource(records), w.run_id, q, now).await?;
                out.quarantined += 1;
            }
            riders.push((record_resource(records), rider.tally));
        }
        // The store checks a page before writing anything, so the records it refuses leave the
        // transaction clean for the rest of the page.
        let refused = stored.refused;
        let refused_ids: HashSet<&str> = refused.iter().map(|q| q.remote_id.as_str()).collect();
        let stored_ids: Vec<&str> =
            record_ids(&w.page.records).into_iter().filter(|id| !refused_ids.contains(id)).collect();
        // Quarantine rows are filed under the resource the record is (a reconciliation pulls products).
        let resource = record_resource(&w.page.records);
        for q in w.page.quarantined.iter().chain(&refused) {
            quarantine(&mut tx, w.shop_id, resource, w.run_id, q, now).await?;
            out.quarantined += 1;
        }
        // A record stored fine is no longer quarantined.
        sqlx::query(
            "DELETE FROM quarantine WHERE shop_id = ? AND resource = ? \
             AND remote_id IN (SELECT value FROM json_each(?))",
        )
        .bind(w.shop_id)
        .bind(resource.as_str())
        .bind(json(&stored_ids)?)
        .execute(&mut *tx)
        .await?;
        if let Records::Shipments(_) = &w.page.records {
            // Every shipment asked for was answered one way or another: its order stops asking, unless it
            // changed again after the page's requests started.
            let answered: Vec<&str> = record_ids(&w.page.records)
                .into_iter()
                .chain(w.page.quarantined.iter().map(|q| q.remote_id.as_str()))
                .collect();
            answer_shipments(&mut tx, w.shop_id, &answered, w.fetched_at).await?;
        }
        if let Some(cursor) = w.cursor {
            sqlx::query(
                "INSERT INTO sync_cursors (shop_id, resource, cursor, updated_at) VALUES (?, ?, ?, ?) \
                 ON CONFLICT (shop_id, resource) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
            )
            .bind(w.shop_id)
            .bind(w.resource.as_str())
            .bind(cursor)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let t = &w.page.tally;
        sqlx::query(
            "UPDATE sync_runs SET pages = pages + 1, requests = requests + ?, retries = retries + ?, \
             rate_limited = rate_limited + ?, records_new = records_new + ?, records_changed = records_changed + ?, \
             records_unchanged = records_unchanged + ?, quarantined = quarantined + ?, \
             records_total = coalesce(?, records_total) WHERE id = ?",
        )
        .bind(t.requests as i64)
        .bind(t.retries as i64)
        .bind(t.rate_limited as i64)
        .bind(out.tally.inserted as i64)
        .bind(out.tally.updated as i64)
        .bind((out.tally.unchanged + out.tally.stale) as i64)
        .bind(out.quarantined as i64)
        .bind(w.page.total.map(|t| t as i64))
        .bind(w.run_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        for order_id in exceptions {
            let _ = self.events.send(StoreEvent::FulfilmentIssue { order_id });
        }
        let own = stored.tally;
        for (resource, t) in std::iter::once((resource, own)).chain(riders) {
            if t.inserted + t.updated > 0 {
                let _ = self.events.send(StoreEvent::DataChanged {
                    shop_id: w.shop_id,
                    resource,
                    inserted: t.inserted,
                    updated: t.updated,
                });
            }
        }
        Ok(out)
    }

    /// Adds a push round's figures to its run: requests, and edits sent (new), rejected or in conflict
    /// (changed: they need a person), still waiting (unchanged).
    pub async fn count_push(
        &self,
        run_id: i64,
        tally: &crate::sync::RequestTally,
        summary: &crate::model::PushSummary,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sync_runs SET pages = pages + 1, requests = requests + ?, retries = retries + ?, \
             rate_limited = rate_limited + ?, records_new = records_new + ?, records_changed = records_changed + ?, \
             records_unchanged = records_unchanged + ? WHERE id = ?",
        )
        .bind(tally.requests as i64)
        .bind(tally.retries as i64)
        .bind(tally.rate_limited as i64)
        .bind(summary.sent)
        .bind(summary.rejected + summary.conflict)
        .bind(summary.pending)
        .bind(run_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Adds a pass's request figures to its run (a page that stored nothing still cost requests).
    pub async fn count_requests(&self, run_id: i64, page: &Page) -> Result<(), StoreError> {
        let t = &page.tally;
        sqlx::query(
            "UPDATE sync_runs SET requests = requests + ?, retries = retries + ?, rate_limited = rate_limited + ? \
             WHERE id = ?",
        )
        .bind(t.requests as i64)
        .bind(t.retries as i64)
        .bind(t.rate_limited as i64)
        .bind(run_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The stored cursor of a shop's resource.
    pub async fn sync_cursor(&self, shop_id: ShopId, resource: SyncResource) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT cursor FROM sync_cursors WHERE shop_id = ? AND resource = ?")
            .bind(shop_id)
            .bind(resource.as_str())
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Of `remote_ids`, those stored for the shop.
    pub async fn held_ids(
        &self,
        shop_id: ShopId,
        resource: SyncResource,
        remote_ids: &[String],
    ) -> Result<HashSet<String>, StoreError> {
        let table = match resource {
            SyncResource::Products | SyncResource::Reconcile | SyncResource::Push | SyncResource::Offers => "products",
            SyncResource::Orders => "orders",
            SyncResource::Shipments => "shipments",
        };
        let mut held = HashSet::new();
        for chunk in remote_ids.chunks(500) {
            let mut q = sqlx::QueryBuilder::new(format!("SELECT remote_id FROM {table} WHERE shop_id = "));
            q.push_bind(shop_id).push(" AND remote_id IN (");
            let mut list = q.separated(", ");
            for id in chunk {
                list.push_bind(id);
            }
            q.push(")");
            let rows: Vec<String> = q.build_query_scalar().fetch_all(&self.pool).await?;
            held.extend(rows);
        }
        Ok(held)
    }

    /// Shipment ids whose order is new or changed since the shipment was last fetched, in order of the
    /// orders' ids after `after_order` (a pass walks forward, so each page is one index range), with the
    /// order id of the last one.
    pub async fn due_shipments(
        &self,
        shop_id: ShopId,
        after_order: i64,
        limit: i64,
    ) -> Result<(Vec<String>, Option<i64>), StoreError> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, shipment_remote_id FROM orders WHERE shop_id = ? AND shipment_due = 1 AND id > ? \
             ORDER BY id LIMIT ?",
        )
        .bind(shop_id)
        .bind(after_order)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let last = rows.last().map(|(id, _)| *id);
        Ok((rows.into_iter().map(|(_, shipment)| shipment).collect(), last))
    }

    /// How many shipments are due for a shop.
    pub async fn count_due_shipments(&self, shop_id: ShopId) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM orders WHERE shop_id = ? AND shipment_due = 1")
            .bind(shop_id)
            .fetch_one(&self.pool)
            .await?)
    }

    /// After a reconciliation pass: products of the shop the provider no longer lists, and not stored
    /// since the pass began, are marked `deleted` (kept, so orders still name them). Returns how many.
    pub async fn mark_vanished_products(
        &self,
        shop_id: ShopId,
        present: &HashSet<String>,
        pass_started_at: i64,
    ) -> Result<u64, StoreError> {
        let local: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, remote_id FROM products WHERE shop_id = ? AND state != 'deleted' AND synced_at < ?",
        )
        .bind(shop_id)
        .bind(pass_started_at)
        .fetch_all(&self.pool)
        .await?;
        let gone: Vec<i64> = local.into_iter().filter(|(_, r)| !present.contains(r)).map(|(id, _)| id).collect();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        for id in &gone {
            sqlx::query("UPDATE products SET state = 'deleted', synced_at = ?, revision = revision + 1 WHERE id = ?")
                .bind(self.now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        if !gone.is_empty() {
            let _ = self.events.send(StoreEvent::DataChanged {
                shop_id,
                resource: SyncResource::Products,
                inserted: 0,
                updated: gone.len() as u64,
            });
        }
        Ok(gone.len() as u64)
    }
}

/// Upserts records of one kind inside the page's transaction.
async fn store_records(
    tx: &mut SqliteConnection,
    shop_id: ShopId,
    records: &Records,
    now: i64,
    exceptions: &mut Vec<i64>,
) -> Result<PageUpsert, StoreError> {
    Ok(match records {
        Records::Products(rs) => products::upsert_product_page(tx, shop_id, rs, now).await?,
        Records::Orders(rs) => orders::upsert_order_page(tx, shop_id, rs, now).await?,
        Records::Shipments(rs) => shipments::upsert_shipment_page(tx, shop_id, rs, now).await?,
        Records::Warehouse(rs) => {
            let mut stored = PageUpsert::default();
            for r in rs {
                let (outcome, exception) = fulfilment::apply_warehouse_record(tx, shop_id, r, now).await?;
                stored.tally.add(outcome);
                exceptions.extend(exception);
            }
            stored
        }
    })
}

/// Shipments answered (stored, or quarantined): their orders stop asking for them, unless an order
/// changed again after `since` (when the answering requests started).
async fn answer_shipments(
    tx: &mut SqliteConnection,
    shop_id: ShopId,
    shipment_ids: &[&str],
    since: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE orders SET shipment_due = 0 WHERE shop_id = ? AND shipment_due = 1 AND synced_at <= ? \
         AND shipment_remote_id IN (SELECT value FROM json_each(?))",
    )
    .bind(shop_id)
    .bind(since)
    .bind(json(&shipment_ids)?)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The remote ids of a page's records, in order.
fn record_ids(records: &Records) -> Vec<&str> {
    match records {
        Records::Products(rs) => rs.iter().map(|r| r.remote_id.as_str()).collect(),
        Records::Orders(rs) => rs.iter().map(|r| r.remote_id.as_str()).collect(),
        Records::Shipments(rs) => rs.iter().map(|r| r.remote_id.as_str()).collect(),
        // Warehouse records are never quarantined under their own ids.
        Records::Warehouse(_) => Vec::new(),
    }
}

fn record_resource(records: &Records) -> SyncResource {
    match records {
        Records::Products(_) => SyncResource::Products,
        Records::Orders(_) => SyncResource::Orders,
        Records::Shipments(_) => SyncResource::Shipments,
        Records::Warehouse(_) => SyncResource::Orders,
    }
}

async fn quarantine(
    conn: &mut SqliteConnection,
    shop_id: ShopId,
    resource: SyncResource,
    run_id: i64,
    q: &Quarantined,
    now: i64,
) -> Result<(), StoreError> {
    let mut payload = q.payload.as_str();
    if payload.len() > MAX_PAYLOAD {
        let mut end = MAX_PAYLOAD;
        while !payload.is_char_boundary(end) {
            end -= 1;
        }
        payload = &payload[..end];
    }
    sqlx::query(
        "INSERT INTO quarantine (shop_id, resource, remote_id, run_id, error, payload, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id, resource, remote_id) DO UPDATE SET \
         run_id = excluded.run_id, error = excluded.error, payload = excluded.payload, created_at = excluded.created_at",
    )
    .bind(shop_id)
    .bind(resource.as_str())
    .bind(&q.remote_id)
    .bind(run_id)
    .bind(&q.error)
    .bind(payload)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
