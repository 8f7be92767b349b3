//! Orders and their items.

use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::products::skipped_outcome;
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
        let mut tally = UpsertTally::default();
        let synced_at = self.now();
        for record in records {
            tally.add(upsert_order(&mut tx, shop_id, record, synced_at).await?);
        }
        tx.commit().await?;
        Ok(tally)
    }
}

pub(super) async fn upsert_order(
    conn: &mut SqliteConnection,
    shop_id: ShopId,
    r: &OrderRecord,
    synced_at: i64,
) -> Result<UpsertOutcome, StoreError> {
    if r.remote_id.is_empty() {
        return Err(StoreError::Invalid("an order without a remote id".into()));
    }
    if r.paid.currency != r.total.currency {
        return Err(StoreError::Invalid(format!(
            "order {}: paid in {} but totalled in {}",
            r.remote_id, r.paid.currency, r.total.currency
        )));
    }
    let written: Option<(i64, i64)> = sqlx::query_as(
        "INSERT INTO orders (shop_id, remote_id, state, status, status_detail, buyer_remote_id, buyer_nickname, \
            buyer_first_name, buyer_last_name, total_minor, paid_minor, currency, item_count, \
            shipment_remote_id, remote_created_at, remote_closed_at, remote_updated_at, synced_at, shipment_due) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
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
         RETURNING id, revision",
    )
    .bind(shop_id)
    .bind(&r.remote_id)
    .bind(r.state.as_str())
    .bind(&r.status)
    .bind(&r.status_detail)
    .bind(&r.buyer.remote_id)
    .bind(&r.buyer.nickname)
    .bind(&r.buyer.first_name)
    .bind(&r.buyer.last_name)
    .bind(r.total.minor)
    .bind(r.paid.minor)
    .bind(&r.total.currency)
    .bind(r.items.iter().map(|i| i.quantity).sum::<i64>())
    .bind(&r.shipment_remote_id)
    .bind(r.created_at)
    .bind(r.closed_at)
    .bind(r.updated_at)
    .bind(synced_at)
    // A new or changed order may come with a changed shipment: the shipments job fetches it.
    .bind(r.shipment_remote_id.is_some())
    .fetch_optional(&mut *conn)
    .await?;

    let Some((order_id, revision)) = written else {
        return skipped_outcome(conn, "orders", shop_id, &r.remote_id, r.updated_at).await;
    };
    super::fulfilment::on_order_stored(conn, shop_id, order_id, r.state, synced_at).await?;
    if revision > 1 {
        sqlx::query("DELETE FROM order_items WHERE order_id = ?").bind(order_id).execute(&mut *conn).await?;
        sqlx::query("DELETE FROM orders_fts WHERE rowid = ?").bind(order_id).execute(&mut *conn).await?;
    }
    let mut searchable_items = String::new();
    for item in &r.items {
        sqlx::query(
            "INSERT INTO order_items (order_id, line_no, item_remote_id, variation_remote_id, title, sku, \
             quantity, unit_price_minor, currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(order_id)
        .bind(item.line_no)
        .bind(&item.item_remote_id)
        .bind(&item.variation_remote_id)
        .bind(&item.title)
        .bind(&item.sku)
        .bind(item.quantity)
        .bind(item.unit_price.minor)
        .bind(&item.unit_price.currency)
        .execute(&mut *conn)
        .await?;
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
    sqlx::query("INSERT INTO orders_fts (rowid, remote_id, buyer, items) VALUES (?, ?, ?, ?)")
        .bind(order_id)
        .bind(&r.remote_id)
        .bind(buyer)
        .bind(searchable_items)
        .execute(&mut *conn)
        .await?;
    Ok(if revision == 1 { UpsertOutcome::Inserted } else { UpsertOutcome::Updated })
}
