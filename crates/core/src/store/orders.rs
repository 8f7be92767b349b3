//! Orders and their items.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::page::{count_skipped, json, newest_per_id, not_written, refused_is_an_error, PageUpsert};
use super::query::{Listing, SortKey};
use super::runs::decode_error;
use super::search::Searchable;
use super::shipments;
use super::Store;
use crate::error::StoreError;
use crate::model::{
    Buyer, FulfilmentStage, FulfilmentState, OrderDetail, OrderItem, OrderPage, OrderQuery, OrderRecord, OrderRow,
    OrderSort, OrderState, ShopId, UpsertOutcome, UpsertTally,
};
use crate::money::Money;

const COLUMNS: &str = "o.id, o.shop_id, s.name AS shop_name, o.remote_id, o.state, o.status, o.buyer_nickname, \
    o.total_minor, o.currency, o.item_count, o.remote_created_at, o.remote_updated_at, \
    (SELECT sh.state FROM shipments sh WHERE sh.shop_id = o.shop_id AND sh.remote_id = o.shipment_remote_id) \
    AS shipment_state, (SELECT f.stage FROM fulfilments f WHERE f.order_id = o.id) AS fulfilment_stage, \
    s.warehouse_shop_id";
const FROM: &str = "orders o JOIN shops s ON s.id = o.shop_id";

fn sort_key(sort: OrderSort) -> SortKey {
    match sort {
        OrderSort::Created => SortKey { name: "created", expr: "o.remote_created_at", is_text: false },
        OrderSort::Updated => SortKey { name: "updated", expr: "o.remote_updated_at", is_text: false },
        OrderSort::Total => SortKey { name: "total", expr: "o.total_minor", is_text: false },
        OrderSort::Status => SortKey { name: "state", expr: "o.state", is_text: true },
        OrderSort::Buyer => SortKey { name: "buyer", expr: "o.buyer_nickname", is_text: true },
    }
}

fn filter(listing: &mut Listing<'_>, q: &OrderQuery) {
    listing.eq_i64("o.shop_id", q.shop_id);
    listing.eq_text("o.state", q.state.map(OrderState::as_str));
    match q.fulfilment {
        None => {}
        Some(FulfilmentStage::NotRouted) => {
            listing
                .and()
                .push("NOT EXISTS (SELECT 1 FROM fulfilments f WHERE f.order_id = o.id AND f.stage != 'not_routed')");
        }
        Some(stage) => {
            listing
                .and()
                .push("EXISTS (SELECT 1 FROM fulfilments f WHERE f.order_id = o.id AND f.stage = ")
                .push_bind(stage.as_str())
                .push(")");
        }
    }
    if let Some(from) = q.from {
        listing.and().push("o.remote_created_at >= ").push_bind(from);
    }
    if let Some(to) = q.to {
        listing.and().push("o.remote_created_at < ").push_bind(to);
    }
}

const ORDERS: Searchable = Searchable {
    columns: COLUMNS,
    from: FROM,
    table: "orders o",
    id_column: "o.id",
    fts_table: "orders_fts",
    newest: SortKey { name: "match", expr: "orders_fts.rowid", is_text: false },
};

fn map_row(row: &SqliteRow) -> Result<OrderRow, sqlx::Error> {
    let state: String = row.try_get("state")?;
    let shipment_state: Option<String> = row.try_get("shipment_state")?;
    let shipment_state = match shipment_state {
        Some(word) => Some(FulfilmentState::parse(&word).ok_or_else(|| decode_error("shipment_state", &word))?),
        None => None,
    };
    Ok(OrderRow {
        id: row.try_get("id")?,
        shop_id: row.try_get("shop_id")?,
        shop_name: row.try_get("shop_name")?,
        remote_id: row.try_get("remote_id")?,
        state: OrderState::parse(&state).ok_or_else(|| decode_error("state", &state))?,
        status: row.try_get("status")?,
        buyer: row.try_get("buyer_nickname")?,
        total: Money { minor: row.try_get("total_minor")?, currency: row.try_get("currency")? },
        item_count: row.try_get("item_count")?,
        created_at: row.try_get("remote_created_at")?,
        updated_at: row.try_get("remote_updated_at")?,
        shipment_state,
        fulfilment_state: match row.try_get::<Option<String>, _>("fulfilment_stage")? {
            Some(word) => Some(FulfilmentStage::parse(&word).ok_or_else(|| decode_error("fulfilment_stage", &word))?),
            // A store that ships through a warehouse: an order without a fulfilment is not routed.
            None => row.try_get::<Option<i64>, _>("warehouse_shop_id")?.map(|_| FulfilmentStage::NotRouted),
        },
    })
}

impl Store {
    pub async fn list_orders(&self, q: &OrderQuery) -> Result<OrderPage, StoreError> {
        let sort = sort_key(q.sort);
        let filter = |listing: &mut Listing<'_>| filter(listing, q);
        let page = ORDERS
            .page(&self.pool, q.search.as_deref(), sort, q.dir, q.cursor.as_deref(), q.limit, filter, map_row)
            .await?;
        Ok(OrderPage { rows: page.rows, next_cursor: page.next_cursor, newest_first: page.newest_first })
    }

    pub async fn count_orders(&self, q: &OrderQuery) -> Result<i64, StoreError> {
        ORDERS.count(&self.pool, q.search.as_deref(), |listing| filter(listing, q)).await
    }

    /// An order with its buyer, items and shipment.
    /// The local id of a shop's order, by its id in the shop.
    pub async fn order_id_by_remote(&self, shop_id: ShopId, remote_id: &str) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT id FROM orders WHERE shop_id = ? AND remote_id = ?")
            .bind(shop_id)
            .bind(remote_id.trim())
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("order {remote_id} of shop {shop_id}")))
    }

    pub async fn get_order(&self, id: i64) -> Result<OrderDetail, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS}, o.buyer_remote_id, o.buyer_first_name, o.buyer_last_name, o.paid_minor, \
             o.remote_closed_at, o.shipment_remote_id FROM {FROM} WHERE o.id = ?"
        );
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("order {id}")))?;
        let order = map_row(&row)?;
        let items = sqlx::query(
            "SELECT line_no, item_remote_id, variation_remote_id, title, sku, quantity, unit_price_minor, currency \
             FROM order_items WHERE order_id = ? ORDER BY line_no",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|i| {
            Ok(OrderItem {
                line_no: i.try_get("line_no")?,
                item_remote_id: i.try_get("item_remote_id")?,
                variation_remote_id: i.try_get("variation_remote_id")?,
                title: i.try_get("title")?,
                sku: i.try_get("sku")?,
                quantity: i.try_get("quantity")?,
                unit_price: Money { minor: i.try_get("unit_price_minor")?, currency: i.try_get("currency")? },
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let shipment_remote_id: Option<String> = row.try_get("shipment_remote_id")?;
        let shipment = match shipment_remote_id {
            Some(remote_id) => shipments::find(&self.pool, order.shop_id, &remote_id).await?,
            None => None,
        };
        let fulfilment = self.get_fulfilment(id).await?;
        Ok(OrderDetail {
            fulfilment,
            buyer: Buyer {
                remote_id: row.try_get("buyer_remote_id")?,
                nickname: row.try_get("buyer_nickname")?,
                first_name: row.try_get("buyer_first_name")?,
                last_name: row.try_get("buyer_last_name")?,
            },
            paid: Money { minor: row.try_get("paid_minor")?, currency: order.total.currency.clone() },
            closed_at: row.try_get("remote_closed_at")?,
            order,
            items,
            shipment,
        })
    }

    /// Upserts a page of orders of one shop in one transaction; idempotent, staleness-guarded.
    pub async fn upsert_orders(&self, shop_id: ShopId, records: &[OrderRecord]) -> Result<UpsertTally, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let out = upsert_order_page(&mut tx, shop_id, records, self.now()).await?;
        refused_is_an_error(&out)?;
        tx.commit().await?;
        Ok(out.tally)
    }
}

/// An order row as the page statement reads it (`json_each` over the page).
#[derive(Serialize)]
struct OrderJson<'a> {
    remote_id: &'a str,
    state: &'static str,
    status: &'a str,
    status_detail: Option<&'a str>,
    buyer_remote_id: Option<&'a str>,
    buyer_nickname: &'a str,
    buyer_first_name: Option<&'a str>,
    buyer_last_name: Option<&'a str>,
    total_minor: i64,
    paid_minor: i64,
    currency: &'a str,
    item_count: i64,
    shipment_remote_id: Option<&'a str>,
    created_at: i64,
    closed_at: Option<i64>,
    updated_at: i64,
}

#[derive(Serialize)]
struct ItemJson<'a> {
    order_id: i64,
    line_no: i64,
    item_remote_id: &'a str,
    variation_remote_id: Option<&'a str>,
    title: &'a str,
    sku: Option<&'a str>,
    quantity: i64,
    unit_price_minor: i64,
    currency: &'a str,
}

/// An order's search row: its id, the buyer's names, and its items' titles and SKUs.
#[derive(Serialize)]
struct SearchJson<'a> {
    rowid: i64,
    remote_id: &'a str,
    buyer: String,
    items: String,
}

fn refusal(r: &OrderRecord) -> Option<String> {
    if r.remote_id.is_empty() {
        return Some("an order without a remote id".into());
    }
    (r.paid.currency != r.total.currency)
        .then(|| format!("order {}: paid in {} but totalled in {}", r.remote_id, r.paid.currency, r.total.currency))
}

/// Upserts a page of orders of one shop inside the caller's transaction, in a few statements whatever the
/// page's size: orders (staleness-guarded), their items and search rows, and the fulfilment each one's
/// change concerns.
pub(super) async fn upsert_order_page(
    conn: &mut SqliteConnection,
    shop_id: ShopId,
    records: &[OrderRecord],
    synced_at: i64,
) -> Result<PageUpsert, StoreError> {
    let mut out = PageUpsert::default();
    let valid = out.valid(records, |r| &r.remote_id, refusal);
    let page = newest_per_id(valid, |r| &r.remote_id, |r| r.updated_at, &mut out.tally);
    if page.is_empty() {
        return Ok(out);
    }
    let rows: Vec<OrderJson> = page
        .iter()
        .map(|r| OrderJson {
            remote_id: &r.remote_id,
            state: r.state.as_str(),
            status: &r.status,
            status_detail: r.status_detail.as_deref(),
            buyer_remote_id: r.buyer.remote_id.as_deref(),
            buyer_nickname: &r.buyer.nickname,
            buyer_first_name: r.buyer.first_name.as_deref(),
            buyer_last_name: r.buyer.last_name.as_deref(),
            total_minor: r.total.minor,
            paid_minor: r.paid.minor,
            currency: &r.total.currency,
            item_count: r.items.iter().map(|i| i.quantity).sum(),
            shipment_remote_id: r.shipment_remote_id.as_deref(),
            created_at: r.created_at,
            closed_at: r.closed_at,
            updated_at: r.updated_at,
        })
        .collect();
    // A new or changed order may come with a changed shipment: `shipment_due` has the shipments job fetch it.
    let written: Vec<(i64, String, i64)> = sqlx::query_as(
        "INSERT INTO orders (shop_id, remote_id, state, status, status_detail, buyer_remote_id, buyer_nickname, \
            buyer_first_name, buyer_last_name, total_minor, paid_minor, currency, item_count, \
            shipment_remote_id, remote_created_at, remote_closed_at, remote_updated_at, synced_at, shipment_due) \
         SELECT ?, o.value ->> 'remote_id', o.value ->> 'state', o.value ->> 'status', o.value ->> 'status_detail', \
            o.value ->> 'buyer_remote_id', o.value ->> 'buyer_nickname', o.value ->> 'buyer_first_name', \
            o.value ->> 'buyer_last_name', o.value ->> 'total_minor', o.value ->> 'paid_minor', \
            o.value ->> 'currency', o.value ->> 'item_count', o.value ->> 'shipment_remote_id', \
            o.value ->> 'created_at', o.value ->> 'closed_at', o.value ->> 'updated_at', ?, \
            o.value ->> 'shipment_remote_id' IS NOT NULL \
         FROM json_each(?) o WHERE true \
         ON CONFLICT (shop_id, remote_id) DO UPDATE SET \
            state = excluded.state, status = excluded.status, status_detail = excluded.status_detail, \
            buyer_remote_id = excluded.buyer_remote_id, buyer_nickname = excluded.buyer_nickname, \
            buyer_first_name = excluded.buyer_first_name, buyer_last_name = excluded.buyer_last_name, \
            total_minor = excluded.total_minor, paid_minor = excluded.paid_minor, currency = excluded.currency, \
            item_count = excluded.item_count, shipment_remote_id = excluded.shipment_remote_id, \
            remote_created_at = excluded.remote_created_at, remote_closed_at = excluded.remote_closed_at, \
            remote_updated_at = excluded.remote_updated_at, synced_at = excluded.synced_at, \
            shipment_due = excluded.shipment_due, revision = orders.revision + 1 \
         WHERE excluded.remote_updated_at > orders.remote_updated_at \
         RETURNING id, remote_id, revision",
    )
    .bind(shop_id)
    .bind(synced_at)
    .bind(json(&rows)?)
    .fetch_all(&mut *conn)
    .await?;

    let written_ids: HashSet<&str> = written.iter().map(|w| w.1.as_str()).collect();
    let skipped = not_written(&page, &written_ids, |r| r.remote_id.as_str(), |r| r.updated_at);
    count_skipped(conn, "orders", shop_id, &skipped, &mut out.tally).await?;
    if written.is_empty() {
        return Ok(out);
    }
    let by_id: HashMap<&str, &OrderRecord> = page.iter().map(|r| (r.remote_id.as_str(), *r)).collect();
    super::fulfilment::on_orders_stored(
        conn,
        shop_id,
        written.iter().filter_map(|(id, remote_id, _)| by_id.get(remote_id.as_str()).map(|r| (*id, r.state))),
        synced_at,
    )
    .await?;
    let replaced: Vec<i64> = written.iter().filter(|w| w.2 > 1).map(|w| w.0).collect();
    if !replaced.is_empty() {
        let replaced = json(&replaced)?;
        sqlx::query("DELETE FROM order_items WHERE order_id IN (SELECT value FROM json_each(?))")
            .bind(&replaced)
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM orders_fts WHERE rowid IN (SELECT value FROM json_each(?))")
            .bind(&replaced)
            .execute(&mut *conn)
            .await?;
    }
    let mut items = Vec::new();
    let mut search = Vec::with_capacity(written.len());
    for (order_id, remote_id, revision) in &written {
        out.tally.add(if *revision == 1 { UpsertOutcome::Inserted } else { UpsertOutcome::Updated });
        let Some(r) = by_id.get(remote_id.as_str()) else { continue };
        let mut searchable_items = String::new();
        for item in &r.items {
            items.push(ItemJson {
                order_id: *order_id,
                line_no: item.line_no,
                item_remote_id: &item.item_remote_id,
                variation_remote_id: item.variation_remote_id.as_deref(),
                title: &item.title,
                sku: item.sku.as_deref(),
                quantity: item.quantity,
                unit_price_minor: item.unit_price.minor,
                currency: &item.unit_price.currency,
            });
            searchable_items.push_str(&item.title);
            searchable_items.push(' ');
            if let Some(sku) = &item.sku {
                searchable_items.push_str(sku);
                searchable_items.push(' ');
            }
        }
        let buyer = [Some(&r.buyer.nickname), r.buyer.first_name.as_ref(), r.buyer.last_name.as_ref()]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        search.push(SearchJson { rowid: *order_id, remote_id: &r.remote_id, buyer, items: searchable_items });
    }
    if !items.is_empty() {
        sqlx::query(
            "INSERT INTO order_items (order_id, line_no, item_remote_id, variation_remote_id, title, sku, \
             quantity, unit_price_minor, currency) \
             SELECT i.value ->> 'order_id', i.value ->> 'line_no', i.value ->> 'item_remote_id', \
                i.value ->> 'variation_remote_id', i.value ->> 'title', i.value ->> 'sku', i.value ->> 'quantity', \
                i.value ->> 'unit_price_minor', i.value ->> 'currency' \
             FROM json_each(?) i",
        )
        .bind(json(&items)?)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "INSERT INTO orders_fts (rowid, remote_id, buyer, items) \
         SELECT f.value ->> 'rowid', f.value ->> 'remote_id', f.value ->> 'buyer', f.value ->> 'items' \
         FROM json_each(?) f",
    )
    .bind(json(&search)?)
    .execute(&mut *conn)
    .await?;
    Ok(out)
}
