//! Fulfilments: store orders routed to a warehouse, in one row each, which is both the link to the
//! warehouse order and its outbox (create, cancel). Written in the same transaction as the store order or
//! shipment that changes them, so a routed paid order always has its row, and a cancel always follows.

use std::collections::HashSet;

use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::runs::decode_error;
use super::{Store, StoreEvent};
use crate::error::StoreError;
use crate::fulfilment::{reference_id, route, Route, ShipmentFacts};
use crate::model::{
    Address, Fulfilment, FulfilmentEvent, FulfilmentIssue, FulfilmentJob, FulfilmentLine, FulfilmentRequest,
    FulfilmentStage, FulfilmentState, OrderState, ShopId, ShopKind, SyncResource, UpsertOutcome, WarehouseRecord,
};
use crate::money::Money;
use crate::sync::channel::FulfilmentOutcome;

/// A held or waiting order is looked at again this long after (or sooner, when it changes).
const WAIT_MS: i64 = 60_000;

fn stage_of(row: &SqliteRow, column: &str) -> Result<FulfilmentStage, sqlx::Error> {
    let word: String = row.try_get(column)?;
    FulfilmentStage::parse(&word).ok_or_else(|| decode_error(column, &word))
}

async fn event(
    conn: &mut SqliteConnection,
    order_id: i64,
    at: i64,
    direction: &str,
    what: &str,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO fulfilment_events (order_id, at, direction, what) VALUES (?, ?, ?, ?)")
        .bind(order_id)
        .bind(at)
        .bind(direction)
        .bind(what)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A page of store orders was stored: `on_order_stored` for each order it can concern, which is an
/// order with a fulfilment already, or a paid one of a store that ships through a warehouse. Two
/// questions for the page instead of two per order, since most stores have no warehouse.
pub(super) async fn on_orders_stored(
    conn: &mut SqliteConnection,
    shop_id: ShopId,
    orders: impl Iterator<Item = (i64, OrderState)>,
    now: i64,
) -> Result<(), StoreError> {
    let orders: Vec<(i64, OrderState)> = orders.collect();
    let warehouse: Option<i64> = sqlx::query_scalar("SELECT warehouse_shop_id FROM shops WHERE id = ?")
        .bind(shop_id)
        .fetch_optional(&mut *conn)
        .await?
        .flatten();
    let ids: Vec<i64> = orders.iter().map(|(id, _)| *id).collect();
    let fulfilled: std::collections::HashSet<i64> =
        sqlx::query_scalar("SELECT order_id FROM fulfilments WHERE order_id IN (SELECT value FROM json_each(?))")
            .bind(super::page::json(&ids)?)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
    for (order_id, state) in orders {
        if fulfilled.contains(&order_id) || (warehouse.is_some() && state == OrderState::Paid) {
            on_order_stored(conn, shop_id, order_id, state, now).await?;
        }
    }
    Ok(())
}

/// A store order was stored (new or changed): route it when it is paid and its store ships through a
/// warehouse; cancel its warehouse order when it was cancelled. Same transaction as the order.
pub(super) async fn on_order_stored(
    conn: &mut SqliteConnection,
    shop_id: ShopId,
    order_id: i64,
    state: OrderState,
    now: i64,
) -> Result<(), StoreError> {
    let shop: Option<(Option<i64>, String, Option<String>, String)> = sqlx::query_as(
        "SELECT s.warehouse_shop_id, s.kind, s.account_id, o.remote_id FROM shops s JOIN orders o ON o.shop_id = s.id \
         WHERE s.id = ? AND o.id = ?",
    )
    .bind(shop_id)
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((warehouse, kind, account, order_remote_id)) = shop else { return Ok(()) };
    let existing: Option<(CreateStatus, CancelStatus)> =
        sqlx::query_as("SELECT create_status, cancel_status FROM fulfilments WHERE order_id = ?")
            .bind(order_id)
            .fetch_optional(&mut *conn)
            .await?;
    let cancelled = matches!(state, OrderState::Cancelled | OrderState::Refunded);
    match existing {
        None => {
            let Some(warehouse) = warehouse.filter(|_| state == OrderState::Paid) else { return Ok(()) };
            let reference = reference_id(&kind, account.as_deref().unwrap_or(&shop_id.to_string()), &order_remote_id);
            sqlx::query(
                "INSERT INTO fulfilments (order_id, warehouse_shop_id, reference_id, stage, create_status, \
                 next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, 'waiting', 'pending', ?, ?, ?)",
            )
            .bind(order_id)
            .bind(warehouse)
            .bind(&reference)
            .bind(now)
            .bind(now)
            .bind(now)
            .execute(&mut *conn)
            .await?;
            event(conn, order_id, now, "note", "paid: routed to the warehouse").await?;
        }
        Some((create, cancel)) if cancelled && cancel == CancelStatus::None => match create {
            // Nothing reached the warehouse yet: it never will.
            CreateStatus::Pending => {
                sqlx::query(
                    "UPDATE fulfilments SET create_status = 'off', stage = 'cancelled', reason = ?, updated_at = ? \
                     WHERE order_id = ?",
                )
                .bind("the store order was cancelled before it was sent")
                .bind(now)
                .bind(order_id)
                .execute(&mut *conn)
                .await?;
                event(conn, order_id, now, "note", "cancelled in the store before it was sent").await?;
            }
            CreateStatus::Off => {}
            // Sent (or being sent): the warehouse must cancel it.
            CreateStatus::Sending | CreateStatus::Done => {
                sqlx::query(
                    "UPDATE fulfilments SET cancel_status = 'pending', next_attempt_at = ?, updated_at = ? \
                     WHERE order_id = ?",
                )
                .bind(now)
                .bind(now)
                .bind(order_id)
                .execute(&mut *conn)
                .await?;
                event(conn, order_id, now, "note", "cancelled in the store: cancelling at the warehouse").await?;
            }
        },
        // Changed otherwise: a held or waiting order is looked at again now.
        Some(_) => poke(conn, order_id, now).await?,
    }
    Ok(())
}

async fn poke(conn: &mut SqliteConnection, order_id: i64, now: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE fulfilments SET next_attempt_at = ? WHERE order_id = ? AND create_status = 'pending'")
        .bind(now)
        .bind(order_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What staff are told when the store changes where an order goes after the warehouse has it: ShipBob's
/// API (2026-07) has no call that changes an order's address, so a person changes it in the warehouse.
const ADDRESS_CHANGED: &str = "the shipping address changed in the store after the order went to the warehouse: \
     change it in the warehouse too";

/// A store shipment was stored: its order's fulfilment (waiting for it) is looked at again now. When its
/// address changed and the warehouse has the order already, the fulfilment is flagged for a person.
pub(super) async fn on_shipment_stored(
    conn: &mut SqliteConnection,
    shop_id: ShopId,
    order_remote_id: Option<&str>,
    shipment_remote_id: &str,
    address_changed: bool,
    now: i64,
) -> Result<(), StoreError> {
    // A UNION, not an OR: each half walks its own index (with OR, SQLite scanned the shop's orders).
    let orders: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM orders WHERE shop_id = ? AND shipment_remote_id = ? \
         UNION SELECT id FROM orders WHERE shop_id = ? AND remote_id = ?",
    )
    .bind(shop_id)
    .bind(shipment_remote_id)
    .bind(shop_id)
    .bind(order_remote_id.unwrap_or_default())
    .fetch_all(&mut *conn)
    .await?;
    for order_id in orders {
        poke(conn, order_id, now).await?;
        if address_changed {
            let flagged = sqlx::query(
                "UPDATE fulfilments SET flag = ?, updated_at = ? WHERE order_id = ? \
                 AND create_status IN ('sending', 'done') AND stage NOT IN ('shipped', 'delivered', 'cancelled')",
            )
            .bind(ADDRESS_CHANGED)
            .bind(now)
            .bind(order_id)
            .execute(&mut *conn)
            .await?;
            if flagged.rows_affected() > 0 {
                event(conn, order_id, now, "note", ADDRESS_CHANGED).await?;
            }
        }
    }
    Ok(())
}

/// A digest of what a warehouse record says (a change pulled twice is applied once).
fn record_hash(r: &WarehouseRecord) -> String {
    let text = serde_json::to_string(&(
        &r.warehouse_order_id,
        r.stage.as_str(),
        &r.status,
        &r.reason,
        &r.tracking_number,
        &r.carrier,
        r.shipped_at,
        r.delivered_at,
    ))
    .unwrap_or_default();
    crate::digest::short_hex(&text)
}

/// Stores a warehouse record onto its fulfilment (by reference id). Orders the warehouse has that storedesk
/// did not send are not ours to follow: skipped, counted unchanged.
pub(super) async fn apply_warehouse_record(
    conn: &mut SqliteConnection,
    warehouse: ShopId,
    r: &WarehouseRecord,
    now: i64,
) -> Result<(UpsertOutcome, Option<i64>), StoreError> {
    let row = sqlx::query(
        "SELECT order_id, last_pulled_hash, last_pushed_hash, stage FROM fulfilments \
         WHERE warehouse_shop_id = ? AND reference_id = ?",
    )
    .bind(warehouse)
    .bind(&r.reference_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok((UpsertOutcome::Unchanged, None)) };
    let order_id: i64 = row.try_get("order_id")?;
    let pulled: Option<String> = row.try_get("last_pulled_hash")?;
    let pushed: Option<String> = row.try_get("last_pushed_hash")?;
    let stage: String = row.try_get("stage")?;
    let hash = record_hash(r);
    // Already known: pulled before, or the echo of what storedesk itself just sent.
    if pulled.as_deref() == Some(hash.as_str()) || pushed.as_deref() == Some(hash.as_str()) {
        sqlx::query("UPDATE fulfilments SET last_pulled_hash = ? WHERE order_id = ?")
            .bind(&hash)
            .bind(order_id)
            .execute(&mut *conn)
            .await?;
        return Ok((UpsertOutcome::Unchanged, None));
    }
    write_record(conn, order_id, r, &hash, now).await?;
    // The warehouse has it: a create whose answer was lost is settled by this read, not sent again.
    sqlx::query(
        "UPDATE fulfilments SET create_status = 'done', last_error = NULL WHERE order_id = ? \
         AND create_status IN ('pending', 'sending')",
    )
    .bind(order_id)
    .execute(&mut *conn)
    .await?;
    let exception = (r.stage == FulfilmentStage::Exception && stage != "exception").then_some(order_id);
    let what = describe(r);
    event(conn, order_id, now, "received", &what).await?;
    Ok((UpsertOutcome::Updated, exception))
}

fn describe(r: &WarehouseRecord) -> String {
    match (r.stage, &r.tracking_number, &r.reason) {
        (FulfilmentStage::Shipped | FulfilmentStage::Delivered, Some(t), _) => {
            format!("{}: {} {t}", r.stage.as_str(), r.carrier.as_deref().unwrap_or(""))
        }
        (_, _, Some(reason)) => format!("{}: {reason}", r.stage.as_str()),
        _ => format!("{} ({})", r.stage.as_str(), r.status),
    }
}

async fn write_record(
    conn: &mut SqliteConnection,
    order_id: i64,
    r: &WarehouseRecord,
    hash: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE fulfilments SET warehouse_order_id = ?, stage = ?, warehouse_status = ?, \
         reason = CASE WHEN ? IS NULL AND stage IN ('held', 'not_routed') THEN reason ELSE ? END, \
         tracking_number = ?, carrier = ?, tracking_url = ?, shipped_at = ?, delivered_at = ?, \
         last_pulled_hash = ?, remote_updated_at = ?, updated_at = ? WHERE order_id = ?",
    )
    .bind(&r.warehouse_order_id)
    .bind(r.stage.as_str())
    .bind(&r.status)
    .bind(&r.reason)
    .bind(&r.reason)
    .bind(&r.tracking_number)
    .bind(&r.carrier)
    .bind(&r.tracking_url)
    .bind(r.shipped_at)
    .bind(r.delivered_at)
    .bind(hash)
    .bind(r.updated_at)
    .bind(now)
    .bind(order_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Where a fulfilment's create stands (its `create_status` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum CreateStatus {
    /// Waiting for its push (or for the routing rule).
    Pending,
    /// Handed to the warehouse; its answer is not stored yet (a crash here is resolved by reference id).
    Sending,
    Done,
    /// Not to be sent (cancelled before it went, or routed elsewhere).
    Off,
}

/// Where a fulfilment's cancel stands (its `cancel_status` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum CancelStatus {
    None,
    Pending,
    Sending,
    Done,
    /// The warehouse would not cancel (already picked or shipped).
    Refused,
}

/// A fulfilment the warehouse's push must look at.
#[derive(Debug, Clone)]
pub struct DueFulfilment {
    pub order_id: i64,
    pub reference_id: String,
    pub warehouse_order_id: Option<String>,
    pub create_status: CreateStatus,
    pub cancel_status: CancelStatus,
}

impl Store {
    /// Routes a store's orders through a warehouse (None: the store ships them itself). Its paid orders that
    /// have not shipped yet are routed now (the rule decides each one at its push); creates not sent yet
    /// follow the new choice. What the warehouse already has stays there (cancel it in the store).
    pub async fn set_warehouse_route(&self, store: ShopId, warehouse: Option<ShopId>) -> Result<(), StoreError> {
        let s = self.get_shop(store).await?;
        if !s.kind.is_store() {
            return Err(StoreError::Invalid(format!("{} is not a store", s.name)));
        }
        if let Some(w) = warehouse {
            let w = self.get_shop(w).await?;
            if w.kind != ShopKind::Warehouse {
                return Err(StoreError::Invalid(format!("{} is not a warehouse", w.name)));
            }
        }
        let now = self.now();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("UPDATE shops SET warehouse_shop_id = ? WHERE id = ?")
            .bind(warehouse)
            .bind(store)
            .execute(&mut *tx)
            .await?;
        let unsent = "order_id IN (SELECT id FROM orders WHERE shop_id = ?) AND create_status IN ('pending', 'off') \
                      AND warehouse_order_id IS NULL AND stage IN ('waiting', 'held', 'not_routed')";
        match warehouse {
            Some(w) => {
                sqlx::query(&format!(
                    "UPDATE fulfilments SET warehouse_shop_id = ?, create_status = 'pending', stage = 'waiting', \
                     reason = NULL, next_attempt_at = ?, updated_at = ? WHERE {unsent}"
                ))
                .bind(w)
                .bind(now)
                .bind(now)
                .bind(store)
                .execute(&mut *tx)
                .await?;
                let open: Vec<(i64,)> = sqlx::query_as(
                    "SELECT o.id FROM orders o WHERE o.shop_id = ? AND o.state = 'paid' \
                     AND NOT EXISTS (SELECT 1 FROM fulfilments f WHERE f.order_id = o.id) \
                     AND NOT EXISTS (SELECT 1 FROM shipments sh WHERE sh.shop_id = o.shop_id \
                                     AND sh.remote_id = o.shipment_remote_id AND sh.state NOT IN ('pending', 'ready'))",
                )
                .bind(store)
                .fetch_all(&mut *tx)
                .await?;
                for (order_id,) in open {
                    on_order_stored(&mut tx, store, order_id, OrderState::Paid, now).await?;
                }
            }
            None => {
                sqlx::query(&format!(
                    "UPDATE fulfilments SET create_status = 'off', stage = 'not_routed', reason = ?, updated_at = ? \
                     WHERE {unsent}"
                ))
                .bind("the store no longer ships through a warehouse")
                .bind(now)
                .bind(store)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        self.notify_shop_status(store, s.status);
        let _ = self.events.send(StoreEvent::DataChanged {
            shop_id: store,
            resource: SyncResource::Orders,
            inserted: 0,
            updated: 0,
        });
        Ok(())
    }

    /// When each warehouse's next job is due.
    pub async fn fulfilments_due_at(&self) -> Result<Vec<(ShopId, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT warehouse_shop_id, min(CASE WHEN create_status = 'sending' OR cancel_status IN ('pending', 'sending') \
             THEN 0 ELSE next_attempt_at END) FROM fulfilments \
             WHERE create_status IN ('pending', 'sending') OR cancel_status IN ('pending', 'sending') \
             GROUP BY warehouse_shop_id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// A warehouse's jobs due now, oldest orders first.
    pub async fn due_fulfilments(&self, warehouse: ShopId, limit: i64) -> Result<Vec<DueFulfilment>, StoreError> {
        let rows = sqlx::query(
            "SELECT order_id, reference_id, warehouse_order_id, create_status, cancel_status FROM fulfilments \
             WHERE warehouse_shop_id = ? AND (create_status = 'sending' OR cancel_status IN ('pending', 'sending') \
             OR (create_status = 'pending' AND next_attempt_at <= ?)) ORDER BY order_id LIMIT ?",
        )
        .bind(warehouse)
        .bind(self.now())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DueFulfilment {
                    order_id: r.try_get("order_id")?,
                    reference_id: r.try_get("reference_id")?,
                    warehouse_order_id: r.try_get("warehouse_order_id")?,
                    create_status: r.try_get("create_status")?,
                    cancel_status: r.try_get("cancel_status")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// What the routing rule says of an order now, and (to send) what the warehouse needs of it.
    pub async fn fulfilment_plan(&self, order_id: i64) -> Result<(Route, Option<FulfilmentRequest>), StoreError> {
        let order = sqlx::query(
            "SELECT o.remote_id, o.state, o.remote_created_at, o.shipment_remote_id, o.shop_id, o.buyer_nickname, \
             f.reference_id FROM orders o JOIN fulfilments f ON f.order_id = o.id WHERE o.id = ?",
        )
        .bind(order_id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("order {order_id}")))?;
        let state: String = order.try_get("state")?;
        let state = OrderState::parse(&state).ok_or_else(|| decode_error("state", &state))?;
        let shipment_id: Option<String> = order.try_get("shipment_remote_id")?;
        let shop_id: i64 = order.try_get("shop_id")?;
        let shipment: Option<(String, i64, Option<String>)> = match &shipment_id {
            Some(id) => {
                sqlx::query_as(
                    "SELECT state, by_marketplace, address FROM shipments WHERE shop_id = ? AND remote_id = ?",
                )
                .bind(shop_id)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
            }
            None => None,
        };
        let address: Option<Address> =
            shipment.as_ref().and_then(|s| s.2.as_deref()).and_then(|a| serde_json::from_str(a).ok());
        let facts = match &shipment {
            Some((st, by_marketplace, _)) => Some(ShipmentFacts {
                state: FulfilmentState::parse(st).ok_or_else(|| decode_error("state", st))?,
                by_marketplace: *by_marketplace != 0,
                has_address: address.is_some(),
            }),
            None => None,
        };
        let items: Vec<(i64, Option<String>, String, i64, i64, String)> = sqlx::query_as(
            "SELECT line_no, sku, title, quantity, unit_price_minor, currency FROM order_items WHERE order_id = ? ORDER BY line_no",
        )
        .bind(order_id)
        .fetch_all(&self.pool)
        .await?;
        let lines: Vec<(Option<String>, String)> = items.iter().map(|i| (i.1.clone(), i.2.clone())).collect();
        let decision = route(state, facts, &lines);
        let request = match (&decision, address) {
            (Route::Send, Some(recipient)) => Some(FulfilmentRequest {
                order_id,
                reference_id: order.try_get("reference_id")?,
                order_remote_id: order.try_get("remote_id")?,
                purchased_at: order.try_get("remote_created_at")?,
                recipient,
                lines: items
                    .into_iter()
                    .map(|(line_no, sku, title, quantity, minor, currency)| FulfilmentLine {
                        line_no,
                        sku: sku.unwrap_or_default(),
                        title,
                        quantity,
                        unit_price: Money { minor, currency },
                    })
                    .collect(),
            }),
            _ => None,
        };
        Ok((decision, request))
    }

    /// Stores what the rule said of a create that is not sent: later (wait), held for a person, or not for
    /// the warehouse at all.
    pub async fn settle_route(&self, order_id: i64, decision: &Route) -> Result<(), StoreError> {
        let now = self.now();
        let (stage, create, next, reason) = match decision {
            Route::Send => return Ok(()),
            Route::Wait(why) => ("waiting", "pending", now + WAIT_MS, why),
            // Looked at again when the order changes (a person fixed it in the store).
            Route::Hold(why) => ("held", "pending", i64::MAX, why),
            Route::Skip(why) => ("not_routed", "off", i64::MAX, why),
        };
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let before: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT stage, reason FROM fulfilments WHERE order_id = ?")
                .bind(order_id)
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query(
            "UPDATE fulfilments SET stage = ?, create_status = ?, next_attempt_at = ?, reason = ?, updated_at = ? \
             WHERE order_id = ? AND create_status = 'pending'",
        )
        .bind(stage)
        .bind(create)
        .bind(next)
        .bind(reason)
        .bind(now)
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
        if before.as_ref().map(|(s, r)| (s.as_str(), r.as_deref())) != Some((stage, Some(reason.as_str()))) {
            event(&mut tx, order_id, now, "note", &format!("{stage}: {reason}")).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Marks jobs as handed to the warehouse, before anything goes out: a crash from here on leaves them
    /// `sending`, and the next push finds out what the first one did (by reference id).
    pub async fn mark_fulfilments_sending(&self, jobs: &[FulfilmentJob]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let now = self.now();
        for job in jobs {
            let (sql, what) = match job {
                FulfilmentJob::Create(r) => (
                    "UPDATE fulfilments SET create_status = 'sending', attempts = attempts + 1, updated_at = ? WHERE order_id = ?",
                    format!("create sent ({} lines)", r.lines.len()),
                ),
                FulfilmentJob::Cancel { .. } => (
                    "UPDATE fulfilments SET cancel_status = 'sending', attempts = attempts + 1, updated_at = ? WHERE order_id = ?",
                    "cancel sent".to_owned(),
                ),
            };
            sqlx::query(sql).bind(now).bind(job.order_id()).execute(&mut *tx).await?;
            event(&mut tx, job.order_id(), now, "sent", &what).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stores what a warehouse push did, in one transaction. Returns (done, refused or held, still pending).
    pub async fn record_fulfilments(
        &self,
        outcomes: &[(i64, FulfilmentJob, FulfilmentOutcome)],
    ) -> Result<(i64, i64, i64), StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let now = self.now();
        let (mut done, mut refused, mut pending) = (0, 0, 0);
        let mut exceptions = Vec::new();
        for (order_id, job, outcome) in outcomes {
            let is_create = matches!(job, FulfilmentJob::Create(_));
            match outcome {
                FulfilmentOutcome::Created(record) | FulfilmentOutcome::Cancelled(record) => {
                    done += 1;
                    let hash = record_hash(record);
                    write_record(&mut tx, *order_id, record, &hash, now).await?;
                    let column = if is_create { "create_status" } else { "cancel_status" };
                    sqlx::query(&format!(
                        "UPDATE fulfilments SET {column} = 'done', last_pushed_hash = ?, last_error = NULL WHERE order_id = ?"
                    ))
                    .bind(&hash)
                    .bind(order_id)
                    .execute(&mut *tx)
                    .await?;
                    let what = if is_create {
                        format!("the warehouse has it: order {}", record.warehouse_order_id)
                    } else {
                        "cancelled at the warehouse".to_owned()
                    };
                    event(&mut tx, *order_id, now, "received", &what).await?;
                    // The store may have cancelled the order while its create was on the way.
                    if is_create {
                        let cancelled: bool =
                            sqlx::query_scalar("SELECT state IN ('cancelled', 'refunded') FROM orders WHERE id = ?")
                                .bind(order_id)
                                .fetch_one(&mut *tx)
                                .await?;
                        if cancelled {
                            sqlx::query("UPDATE fulfilments SET cancel_status = 'pending', next_attempt_at = ? WHERE order_id = ? AND cancel_status = 'none'")
                                .bind(now)
                                .bind(order_id)
                                .execute(&mut *tx)
                                .await?;
                        }
                    }
                }
                FulfilmentOutcome::NeverArrived => {
                    done += 1;
                    sqlx::query(
                        "UPDATE fulfilments SET create_status = 'off', cancel_status = 'done', stage = 'cancelled', \
                         reason = ?, last_error = NULL, updated_at = ? WHERE order_id = ?",
                    )
                    .bind("cancelled in the store before the warehouse had it")
                    .bind(now)
                    .bind(order_id)
                    .execute(&mut *tx)
                    .await?;
                    event(&mut tx, *order_id, now, "received", "the warehouse never had it: nothing to cancel").await?;
                }
                FulfilmentOutcome::CancelRefused { reason, record } => {
                    refused += 1;
                    if let Some(record) = record {
                        write_record(&mut tx, *order_id, record, &record_hash(record), now).await?;
                    }
                    let flag = format!("cancelled in the store, but the warehouse refused: {reason}");
                    sqlx::query(
                        "UPDATE fulfilments SET cancel_status = 'refused', flag = ?, updated_at = ? WHERE order_id = ?",
                    )
                    .bind(&flag)
                    .bind(now)
                    .bind(order_id)
                    .execute(&mut *tx)
                    .await?;
                    event(&mut tx, *order_id, now, "received", &format!("cancel refused: {reason}")).await?;
                    exceptions.push(*order_id);
                }
                FulfilmentOutcome::Rejected { reason } => {
                    refused += 1;
                    // The warehouse refused what was sent (a field it needs): held for a person.
                    let column = if is_create { "create_status" } else { "cancel_status" };
                    let status = if is_create { "pending" } else { "refused" };
                    sqlx::query(&format!(
                        "UPDATE fulfilments SET {column} = ?, stage = CASE WHEN ? THEN 'held' ELSE stage END, \
                         reason = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE order_id = ?"
                    ))
                    .bind(status)
                    .bind(is_create)
                    .bind(reason)
                    .bind(i64::MAX)
                    .bind(reason)
                    .bind(now)
                    .bind(order_id)
                    .execute(&mut *tx)
                    .await?;
                    event(&mut tx, *order_id, now, "received", &format!("refused: {reason}")).await?;
                }
                FulfilmentOutcome::Retry { reason } => {
                    pending += 1;
                    let attempts: i64 = sqlx::query_scalar("SELECT attempts FROM fulfilments WHERE order_id = ?")
                        .bind(order_id)
                        .fetch_one(&mut *tx)
                        .await?;
                    let column = if is_create { "create_status" } else { "cancel_status" };
                    sqlx::query(&format!(
                        "UPDATE fulfilments SET {column} = 'pending', next_attempt_at = ?, last_error = ?, updated_at = ? \
                         WHERE order_id = ?"
                    ))
                    .bind(now + super::retry_delay_ms(attempts))
                    .bind(reason)
                    .bind(now)
                    .bind(order_id)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        tx.commit().await?;
        let _ = self.events.send(StoreEvent::DataChanged {
            shop_id: 0,
            resource: SyncResource::Orders,
            inserted: 0,
            updated: outcomes.len() as u64,
        });
        for order_id in exceptions {
            let _ = self.events.send(StoreEvent::FulfilmentIssue { order_id });
        }
        Ok((done, refused, pending))
    }

    /// Jobs handed to the warehouse when the push could not go on: pending again, after a backoff.
    pub async fn requeue_fulfilments(&self, jobs: &[FulfilmentJob], reason: &str) -> Result<(), StoreError> {
        let outcomes: Vec<(i64, FulfilmentJob, FulfilmentOutcome)> = jobs
            .iter()
            .map(|j| (j.order_id(), j.clone(), FulfilmentOutcome::Retry { reason: reason.to_owned() }))
            .collect();
        self.record_fulfilments(&outcomes).await.map(|_| ())
    }

    /// An order's fulfilment with its timeline (None: not routed).
    pub async fn get_fulfilment(&self, order_id: i64) -> Result<Option<Fulfilment>, StoreError> {
        let row = sqlx::query(
            "SELECT f.*, s.name AS warehouse_name FROM fulfilments f JOIN shops s ON s.id = f.warehouse_shop_id \
             WHERE f.order_id = ?",
        )
        .bind(order_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let events: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT at, direction, what FROM fulfilment_events WHERE order_id = ? ORDER BY id")
                .bind(order_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(Some(Fulfilment {
            warehouse_shop_id: row.try_get("warehouse_shop_id")?,
            warehouse_name: row.try_get("warehouse_name")?,
            reference_id: row.try_get("reference_id")?,
            warehouse_order_id: row.try_get("warehouse_order_id")?,
            state: stage_of(&row, "stage")?,
            warehouse_status: row.try_get("warehouse_status")?,
            reason: row.try_get("reason")?,
            tracking_number: row.try_get("tracking_number")?,
            carrier: row.try_get("carrier")?,
            tracking_url: row.try_get("tracking_url")?,
            shipped_at: row.try_get("shipped_at")?,
            delivered_at: row.try_get("delivered_at")?,
            flag: row.try_get("flag")?,
            last_error: row.try_get("last_error")?,
            events: events.into_iter().map(|(at, direction, what)| FulfilmentEvent { at, direction, what }).collect(),
        }))
    }

    /// Orders needing a person: held, in exception, or flagged (a refused cancel), newest first.
    pub async fn fulfilment_issues(&self, limit: i64) -> Result<Vec<FulfilmentIssue>, StoreError> {
        self.issues(None, limit).await
    }

    /// One order's issue, if it has one (for its notification).
    pub async fn fulfilment_issue(&self, order_id: i64) -> Result<Option<FulfilmentIssue>, StoreError> {
        Ok(self.issues(Some(order_id), 1).await?.pop())
    }

    async fn issues(&self, order_id: Option<i64>, limit: i64) -> Result<Vec<FulfilmentIssue>, StoreError> {
        let rows = sqlx::query(
            "SELECT f.order_id, o.shop_id, s.name AS shop_name, o.remote_id, f.stage, f.reason, f.flag, f.updated_at \
             FROM fulfilments f JOIN orders o ON o.id = f.order_id JOIN shops s ON s.id = o.shop_id \
             WHERE (f.stage IN ('held', 'exception') OR f.flag IS NOT NULL) AND (? IS NULL OR f.order_id = ?) \
             ORDER BY f.updated_at DESC, f.order_id DESC LIMIT ?",
        )
        .bind(order_id)
        .bind(order_id)
        .bind(limit.clamp(1, 500))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(FulfilmentIssue {
                    order_id: r.try_get("order_id")?,
                    shop_id: r.try_get("shop_id")?,
                    shop_name: r.try_get("shop_name")?,
                    order_remote_id: r.try_get("remote_id")?,
                    state: stage_of(r, "stage")?,
                    reason: r.try_get("reason")?,
                    flag: r.try_get("flag")?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Reference ids of the fulfilments a warehouse holds (tests compare them with the warehouse's list).
    pub async fn fulfilment_references(&self, warehouse: ShopId) -> Result<HashSet<String>, StoreError> {
        let refs: Vec<String> = sqlx::query_scalar(
            "SELECT reference_id FROM fulfilments WHERE warehouse_shop_id = ? AND warehouse_order_id IS NOT NULL",
        )
        .bind(warehouse)
        .fetch_all(&self.pool)
        .await?;
        Ok(refs.into_iter().collect())
    }
}
