//! Shipments.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection, SqlitePool};

use super::page::{count_skipped, json, newest_per_id, not_written, refused_is_an_error, PageUpsert};
use super::query::{Listing, SortKey};
use super::Store;
use crate::error::StoreError;
use crate::model::{
    FulfilmentState, ShipmentPage, ShipmentQuery, ShipmentRecord, ShipmentRow, ShipmentSort, ShopId, UpsertOutcome,
    UpsertTally,
};

const COLUMNS: &str = "sh.id, sh.shop_id, s.name AS shop_name, sh.remote_id, \
    (SELECT o.id FROM orders o WHERE o.shop_id = sh.shop_id AND o.remote_id = sh.order_remote_id) AS order_id, \
    sh.order_remote_id, sh.state, sh.status, sh.substatus, sh.tracking_number, sh.logistic_mode, sh.remote_created_at, \
    sh.remote_updated_at";
const FROM: &str = "shipments sh JOIN shops s ON s.id = sh.shop_id";

fn sort_key(sort: ShipmentSort) -> SortKey {
    match sort {
        ShipmentSort::Updated => SortKey { name: "updated", expr: "sh.remote_updated_at", is_text: false },
        ShipmentSort::Created => SortKey { name: "created", expr: "ifnull(sh.remote_created_at, 0)", is_text: false },
        ShipmentSort::Status => SortKey { name: "state", expr: "sh.state", is_text: true },
    }
}

fn filter(listing: &mut Listing<'_>, q: &ShipmentQuery) {
    listing.eq_i64("sh.shop_id", q.shop_id);
    listing.eq_text("sh.state", q.state.map(FulfilmentState::as_str));
    let search = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if let Some(text) = search {
        // Exact shipment or order id, or a tracking number prefix (GLOB walks the index; its wildcards
        // are removed from the input so they are not interpreted).
        let prefix: String = text.chars().filter(|c| !matches!(c, '*' | '?' | '[' | ']')).collect();
        listing
            .and()
            .push("(sh.remote_id = ")
            .push_bind(text.to_owned())
            .push(" OR sh.order_remote_id = ")
            .push_bind(text.to_owned())
            .push(" OR sh.tracking_number GLOB ")
            .push_bind(format!("{prefix}*"))
            .push(")");
    }
}

fn map_row(row: &SqliteRow) -> Result<ShipmentRow, sqlx::Error> {
    Ok(ShipmentRow {
        id: row.try_get("id")?,
        shop_id: row.try_get("shop_id")?,
        shop_name: row.try_get("shop_name")?,
        remote_id: row.try_get("remote_id")?,
        order_id: row.try_get("order_id")?,
        order_remote_id: row.try_get("order_remote_id")?,
        state: {
            let word: String = row.try_get("state")?;
            FulfilmentState::parse(&word).ok_or_else(|| super::runs::decode_error("state", &word))?
        },
        status: row.try_get("status")?,
        substatus: row.try_get("substatus")?,
        tracking_number: row.try_get("tracking_number")?,
        logistic_mode: row.try_get("logistic_mode")?,
        created_at: row.try_get("remote_created_at")?,
        updated_at: row.try_get("remote_updated_at")?,
    })
}

/// The shipment with this remote id in this shop, if stored.
pub(super) async fn find(
    pool: &SqlitePool,
    shop_id: ShopId,
    remote_id: &str,
) -> Result<Option<ShipmentRow>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE sh.shop_id = ? AND sh.remote_id = ?");
    let row = sqlx::query(&sql).bind(shop_id).bind(remote_id).fetch_optional(pool).await?;
    Ok(row.as_ref().map(map_row).transpose()?)
}

impl Store {
    pub async fn list_shipments(&self, q: &ShipmentQuery) -> Result<ShipmentPage, StoreError> {
        let sort = sort_key(q.sort);
        let mut listing = Listing::rows(COLUMNS, sort, FROM, "sh.id");
        filter(&mut listing, q);
        let (rows, next_cursor) =
            listing.fetch_page(&self.pool, sort, q.dir, q.cursor.as_deref(), q.limit, map_row).await?;
        Ok(ShipmentPage { rows, next_cursor })
    }

    pub async fn count_shipments(&self, q: &ShipmentQuery) -> Result<i64, StoreError> {
        let mut listing = Listing::count("shipments sh");
        filter(&mut listing, q);
        listing.fetch_count(&self.pool).await
    }

    /// Upserts a page of shipments of one shop in one transaction; idempotent, staleness-guarded.
    pub async fn upsert_shipments(
        &self,
        shop_id: ShopId,
        records: &[ShipmentRecord],
    ) -> Result<UpsertTally, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let out = upsert_shipment_page(&mut tx, shop_id, records, self.now()).await?;
        refused_is_an_error(&out)?;
        tx.commit().await?;
        Ok(out.tally)
    }
}

/// A shipment row as the page statement reads it (`json_each` over the page).
#[derive(Serialize)]
struct ShipmentJson<'a> {
    remote_id: &'a str,
    order_remote_id: Option<&'a str>,
    state: &'static str,
    status: &'a str,
    substatus: Option<&'a str>,
    tracking_number: Option<&'a str>,
    tracking_method: Option<&'a str>,
    logistic_mode: Option<&'a str>,
    created_at: Option<i64>,
    updated_at: i64,
    address: Option<String>,
    by_marketplace: bool,
}

fn row(r: &ShipmentRecord) -> Result<ShipmentJson<'_>, String> {
    if r.remote_id.is_empty() {
        return Err("a shipment without a remote id".into());
    }
    Ok(ShipmentJson {
        remote_id: &r.remote_id,
        order_remote_id: r.order_remote_id.as_deref(),
        state: r.state.as_str(),
        status: &r.status,
        substatus: r.substatus.as_deref(),
        tracking_number: r.tracking_number.as_deref(),
        tracking_method: r.tracking_method.as_deref(),
        logistic_mode: r.logistic_mode.as_deref(),
        created_at: r.created_at,
        updated_at: r.updated_at,
        address: r.address.as_ref().map(serde_json::to_string).transpose().map_err(|e| e.to_string())?,
        by_marketplace: r.by_marketplace,
    })
}

/// Upserts a page of shipments of one shop inside the caller's transaction, in a few statements whatever
/// the page's size (staleness-guarded); a stored shipment whose order went to a warehouse tells its
/// fulfilment (and a changed address flags it).
pub(super) async fn upsert_shipment_page(
    conn: &mut SqliteConnection,
    shop_id: ShopId,
    records: &[ShipmentRecord],
    synced_at: i64,
) -> Result<PageUpsert, StoreError> {
    let mut out = PageUpsert::default();
    let mut valid = Vec::with_capacity(records.len());
    for r in records {
        match row(r) {
            Ok(row) => valid.push(row),
            Err(why) => out.refuse(&r.remote_id, why, r),
        }
    }
    let rows = newest_per_id(&valid, |r| r.remote_id, |r| r.updated_at, &mut out.tally);
    if rows.is_empty() {
        return Ok(out);
    }
    let rows_json = json(&rows)?;
    // Shipments of orders that went to a warehouse (few): their addresses before, to tell a change. Two
    // EXISTS, not one with OR: each walks its own index (an OR made SQLite scan the shop's orders).
    let watched: HashMap<String, Option<String>> = sqlx::query_as(
        "SELECT s.value ->> 'remote_id', (SELECT sh.address FROM shipments sh \
            WHERE sh.shop_id = ? AND sh.remote_id = s.value ->> 'remote_id') \
         FROM json_each(?) s \
         WHERE EXISTS (SELECT 1 FROM orders o WHERE o.shop_id = ? AND o.shipment_remote_id = s.value ->> 'remote_id' \
                AND EXISTS (SELECT 1 FROM fulfilments f WHERE f.order_id = o.id)) \
            OR EXISTS (SELECT 1 FROM orders o WHERE o.shop_id = ? AND o.remote_id = s.value ->> 'order_remote_id' \
                AND EXISTS (SELECT 1 FROM fulfilments f WHERE f.order_id = o.id))",
    )
    .bind(shop_id)
    .bind(&rows_json)
    .bind(shop_id)
    .bind(shop_id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let written: Vec<(String, i64)> = sqlx::query_as(
        "INSERT INTO shipments (shop_id, remote_id, order_remote_id, state, status, substatus, tracking_number, \
            tracking_method, logistic_mode, remote_created_at, remote_updated_at, synced_at, address, by_marketplace) \
         SELECT ?, s.value ->> 'remote_id', s.value ->> 'order_remote_id', s.value ->> 'state', \
            s.value ->> 'status', s.value ->> 'substatus', s.value ->> 'tracking_number', \
            s.value ->> 'tracking_method', s.value ->> 'logistic_mode', s.value ->> 'created_at', \
            s.value ->> 'updated_at', ?, s.value ->> 'address', s.value ->> 'by_marketplace' \
         FROM json_each(?) s WHERE true \
         ON CONFLICT (shop_id, remote_id) DO UPDATE SET \
            order_remote_id = excluded.order_remote_id, state = excluded.state, status = excluded.status, \
            address = excluded.address, by_marketplace = excluded.by_marketplace, \
            substatus = excluded.substatus, tracking_number = excluded.tracking_number, \
            tracking_method = excluded.tracking_method, logistic_mode = excluded.logistic_mode, \
            remote_created_at = excluded.remote_created_at, remote_updated_at = excluded.remote_updated_at, \
            synced_at = excluded.synced_at, revision = shipments.revision + 1 \
         WHERE excluded.remote_updated_at > shipments.remote_updated_at \
         RETURNING remote_id, revision",
    )
    .bind(shop_id)
    .bind(synced_at)
    .bind(&rows_json)
    .fetch_all(&mut *conn)
    .await?;
    let by_id: HashMap<&str, &ShipmentJson> = rows.iter().map(|r| (r.remote_id, *r)).collect();
    for (remote_id, revision) in &written {
        out.tally.add(if *revision == 1 { UpsertOutcome::Inserted } else { UpsertOutcome::Updated });
        let (Some(before), Some(r)) = (watched.get(remote_id), by_id.get(remote_id.as_str())) else { continue };
        let address_changed = before.is_some() && *before != r.address;
        let order = r.order_remote_id;
        super::fulfilment::on_shipment_stored(conn, shop_id, order, remote_id, address_changed, synced_at).await?;
    }
    let written_ids: HashSet<&str> = written.iter().map(|w| w.0.as_str()).collect();
    let skipped = not_written(&rows, &written_ids, |r| r.remote_id, |r| r.updated_at);
    count_skipped(conn, "shipments", shop_id, &skipped, &mut out.tally).await?;
    Ok(out)
}
