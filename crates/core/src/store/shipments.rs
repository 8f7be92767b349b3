//! Shipments.

use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection, SqlitePool};

use super::products::skipped_outcome;
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
        let mut tally = UpsertTally::default();
        let synced_at = self.now();
        for record in records {
            tally.add(upsert_shipment(&mut tx, shop_id, record, synced_at).await?);
        }
        tx.commit().await?;
        Ok(tally)
    }
}

pub(super) async fn upsert_shipment(
    conn: &mut SqliteConnection,
    shop_id: ShopId,
    r: &ShipmentRecord,
    synced_at: i64,
) -> Result<UpsertOutcome, StoreError> {
    if r.remote_id.is_empty() {
        return Err(StoreError::Invalid("a shipment without a remote id".into()));
    }
    let address =
        r.address.as_ref().map(serde_json::to_string).transpose().map_err(|e| StoreError::Invalid(e.to_string()))?;
    let address_before: Option<Option<String>> =
        sqlx::query_scalar("SELECT address FROM shipments WHERE shop_id = ? AND remote_id = ?")
            .bind(shop_id)
            .bind(&r.remote_id)
            .fetch_optional(&mut *conn)
            .await?;
    let address_changed = address_before.is_some_and(|before| before.is_some() && before != address);
    let written: Option<i64> = sqlx::query_scalar(
        "INSERT INTO shipments (shop_id, remote_id, order_remote_id, state, status, substatus, tracking_number, \
            tracking_method, logistic_mode, remote_created_at, remote_updated_at, synced_at, address, by_marketplace) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (shop_id, remote_id) DO UPDATE SET \
            order_remote_id = excluded.order_remote_id, state = excluded.state, status = excluded.status, \
            address = excluded.address, by_marketplace = excluded.by_marketplace, \
            substatus = excluded.substatus, tracking_number = excluded.tracking_number, \
            tracking_method = excluded.tracking_method, logistic_mode = excluded.logistic_mode, \
            remote_created_at = excluded.remote_created_at, remote_updated_at = excluded.remote_updated_at, \
            synced_at = excluded.synced_at, revision = shipments.revision + 1 \
         WHERE excluded.remote_updated_at > shipments.remote_updated_at \
         RETURNING revision",
    )
    .bind(shop_id)
    .bind(&r.remote_id)
    .bind(&r.order_remote_id)
    .bind(r.state.as_str())
    .bind(&r.status)
    .bind(&r.substatus)
    .bind(&r.tracking_number)
    .bind(&r.tracking_method)
    .bind(&r.logistic_mode)
    .bind(r.created_at)
    .bind(r.updated_at)
    .bind(synced_at)
    .bind(&address)
    .bind(r.by_marketplace)
    .fetch_optional(&mut *conn)
    .await?;
    if written.is_some() {
        let order = r.order_remote_id.as_deref();
        super::fulfilment::on_shipment_stored(conn, shop_id, order, &r.remote_id, address_changed, synced_at).await?;
    }
    match written {
        Some(1) => Ok(UpsertOutcome::Inserted),
        Some(_) => Ok(UpsertOutcome::Updated),
        None => skipped_outcome(conn, "shipments", shop_id, &r.remote_id, r.updated_at).await,
    }
}
