//! The outbox: edits of listings waiting to reach the shop, written in the same transaction as the
//! local change they make (ARCHITECTURE "Push", invariant 7).
//!
//! A product's shown values are what the shop had at the last pull (`remote_*` columns) with the open
//! edits (pending, sending) laid over them, oldest first. So an edit shows at once, a pull never
//! overwrites it, and a rejected or discarded edit brings the shop's value back (`recompute_shown`).
//! Edits not yet sent coalesce: one pending row per listing (or variation), field and location (a stock
//! edit names one where the shop keeps stock per location), whose `base` stays
//! the value the first of them started from: the exporter compares it with the shop's value before
//! sending (a compare-and-swap on our side, since the API has none).

use serde::de::DeserializeOwned;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::query::{Listing, SortKey};
use super::runs::decode_error;
use super::shown::{apply_edit, recompute_shown, OPEN};
use super::{Store, StoreEvent};
use crate::error::StoreError;
use crate::model::{
    EditRequest, EditValue, ListingState, OutboxCounts, OutboxPage, OutboxQuery, OutboxRow, OutboxStatus,
    ProductRecord, Resolution, ShopId, SortDir, SyncResource,
};
use crate::money::Money;
use crate::sync::channel::EditOutcome;

const COLUMNS: &str = "o.id, o.shop_id, s.name AS shop_name, o.product_id, p.title, o.remote_id, \
    o.variant_remote_id, (SELECT v.attributes FROM product_variants v WHERE v.product_id = o.product_id \
    AND v.remote_id = o.variant_remote_id) AS variant_label, o.location_id, (SELECT l.location_name FROM stock_levels l \
    WHERE l.product_id = o.product_id AND l.variant_remote_id = ifnull(o.variant_remote_id, '') \
    AND l.location_id = o.location_id) AS location_name, o.value, o.base, o.remote_value, o.status, \
    o.attempts, o.next_attempt_at, o.last_error, o.reason, o.created_at, o.updated_at";
const FROM: &str = "outbox o JOIN shops s ON s.id = o.shop_id JOIN products p ON p.id = o.product_id";
const NEWEST_FIRST: SortKey = SortKey { name: "id", expr: "o.id", is_text: false };

/// How long a failed send waits before the next try: 5 s doubling with each attempt, up to 10 minutes.
pub fn retry_delay_ms(attempts: i64) -> i64 {
    crate::backoff::doubling_ms(5_000, (attempts.clamp(1, 64) - 1) as u32, 10 * 60_000)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Invalid(e.to_string()))
}

fn read_json<T: DeserializeOwned>(row: &SqliteRow, column: &str) -> Result<T, sqlx::Error> {
    let text: String = row.try_get(column)?;
    serde_json::from_str(&text).map_err(|e| sqlx::Error::ColumnDecode { index: column.into(), source: e.into() })
}

fn map_row(row: &SqliteRow) -> Result<OutboxRow, sqlx::Error> {
    let status: String = row.try_get("status")?;
    let remote_value: Option<String> = row.try_get("remote_value")?;
    Ok(OutboxRow {
        id: row.try_get("id")?,
        shop_id: row.try_get("shop_id")?,
        shop_name: row.try_get("shop_name")?,
        product_id: row.try_get("product_id")?,
        title: row.try_get("title")?,
        remote_id: row.try_get("remote_id")?,
        variant_remote_id: row.try_get("variant_remote_id")?,
        variant_label: row.try_get("variant_label")?,
        location_id: row.try_get("location_id")?,
        location_name: row.try_get("location_name")?,
        value: read_json(row, "value")?,
        base: read_json(row, "base")?,
        remote_value: match remote_value {
            Some(text) => Some(
                serde_json::from_str(&text)
                    .map_err(|e| sqlx::Error::ColumnDecode { index: "remote_value".into(), source: e.into() })?,
            ),
            None => None,
        },
        status: OutboxStatus::parse(&status).ok_or_else(|| decode_error("status", &status))?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: row.try_get("next_attempt_at")?,
        last_error: row.try_get("last_error")?,
        reason: row.try_get("reason")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// A listing as an edit needs it.
struct Target {
    shop_id: ShopId,
    remote_id: String,
    state: ListingState,
    price: Money,
    available_quantity: i64,
    variant_count: i64,
}

async fn target(conn: &mut SqliteConnection, product_id: i64) -> Result<Target, StoreError> {
    let row = sqlx::query(
        "SELECT shop_id, remote_id, state, price_minor, currency, available_quantity, variant_count \
         FROM products WHERE id = ?",
    )
    .bind(product_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("product {product_id}")))?;
    let state: String = row.try_get("state")?;
    Ok(Target {
        shop_id: row.try_get("shop_id")?,
        remote_id: row.try_get("remote_id")?,
        state: ListingState::parse(&state).ok_or_else(|| decode_error("state", &state))?,
        price: Money { minor: row.try_get("price_minor")?, currency: row.try_get("currency")? },
        available_quantity: row.try_get("available_quantity")?,
        variant_count: row.try_get("variant_count")?,
    })
}

/// The value shown now for the field an edit changes, after checking the edit makes sense.
async fn current_value(
    conn: &mut SqliteConnection,
    product_id: i64,
    t: &Target,
    variant: Option<&str>,
    location: Option<&str>,
    value: &EditValue,
) -> Result<EditValue, StoreError> {
    let invalid = |why: &str| Err(StoreError::Invalid(why.to_owned()));
    if t.state == ListingState::Deleted {
        return invalid("this listing is no longer on the shop");
    }
    if location.is_some() && !matches!(value, EditValue::Stock(_)) {
        return invalid("only a stock edit names a location");
    }
    if let EditValue::Price(m) = value {
        if m.currency != t.price.currency {
            return Err(StoreError::Invalid(format!(
                "this listing is priced in {}, not {}",
                t.price.currency, m.currency
            )));
        }
        if m.minor <= 0 {
            return invalid("a price must be more than zero");
        }
    }
    if matches!(value, EditValue::Stock(n) if *n < 0) {
        return invalid("stock cannot be negative");
    }
    // A listing with variations has no stock of its own (refused below); a variation's or a plain listing's
    // stock is one figure, or one per location.
    let stock_of_a_unit = variant.is_some() || t.variant_count == 0;
    if matches!(value, EditValue::Stock(_)) && stock_of_a_unit {
        if let Some(stock) = location_stock(conn, product_id, variant, location).await? {
            return Ok(EditValue::Stock(stock));
        }
    }
    let Some(variant) = variant else {
        return match value {
            EditValue::Price(_) => Ok(EditValue::Price(t.price.clone())),
            EditValue::Stock(_) if t.variant_count > 0 => {
                invalid("this listing has variations: set the stock of each variation")
            }
            EditValue::Stock(_) => Ok(EditValue::Stock(t.available_quantity)),
            EditValue::Status(ListingState::Deleted) => invalid("a listing cannot be set to deleted"),
            EditValue::Status(_) => Ok(EditValue::Status(t.state)),
        };
    };
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT price_minor, available_quantity FROM product_variants WHERE product_id = ? AND remote_id = ?",
    )
    .bind(product_id)
    .bind(variant)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((price, stock)) = row else {
        return Err(StoreError::NotFound(format!("variation {variant} of product {product_id}")));
    };
    match value {
        EditValue::Price(_) => Ok(EditValue::Price(Money { minor: price, currency: t.price.currency.clone() })),
        EditValue::Stock(_) => Ok(EditValue::Stock(stock)),
        EditValue::Status(_) => invalid("a status belongs to the listing, not to one of its variations"),
    }
}

/// The stock shown at the location a stock edit names, checking the name against the unit's locations. None:
/// the unit keeps one figure and the edit names no location (the caller reads that figure).
async fn location_stock(
    conn: &mut SqliteConnection,
    product_id: i64,
    variant: Option<&str>,
    location: Option<&str>,
) -> Result<Option<i64>, StoreError> {
    let levels: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT location_id, location_name, available FROM stock_levels \
         WHERE product_id = ? AND variant_remote_id = ? ORDER BY location_name",
    )
    .bind(product_id)
    .bind(variant.unwrap_or_default())
    .fetch_all(&mut *conn)
    .await?;
    let names = || levels.iter().map(|(id, name, _)| format!("{name} ({id})")).collect::<Vec<_>>().join(", ");
    match location {
        None if levels.is_empty() => Ok(None),
        None => Err(StoreError::Invalid(format!(
            "this listing keeps stock per location: name the location to set ({})",
            names()
        ))),
        Some(_) if levels.is_empty() => Err(StoreError::Invalid(
            "this listing keeps one stock figure, not one per location: name no location".into(),
        )),
        Some(wanted) => match levels.iter().find(|(id, ..)| id == wanted) {
            Some((.., available)) => Ok(Some(*available)),
            None => Err(StoreError::Invalid(format!(
                "this listing has no stock at location {wanted}; its locations are {}",
                names()
            ))),
        },
    }
}

/// An edit handed to the shop, as `record_push` reads it back to settle it.
#[derive(sqlx::FromRow)]
struct SentEdit {
    product_id: i64,
    status: String,
    attempts: i64,
    variant_remote_id: Option<String>,
    location_id: Option<String>,
    field: String,
    base: String,
}

/// The pending (not yet sent) edit of one unit's field at one location, which a newer edit coalesces with.
async fn pending_edit(
    conn: &mut SqliteConnection,
    product_id: i64,
    variant: Option<&str>,
    field: &str,
    location: Option<&str>,
) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM outbox WHERE product_id = ? AND ifnull(variant_remote_id, '') = ? AND field = ? \
         AND ifnull(location_id, '') = ? AND status = 'pending'",
    )
    .bind(product_id)
    .bind(variant.unwrap_or_default())
    .bind(field)
    .bind(location.unwrap_or_default())
    .fetch_optional(&mut *conn)
    .await?)
}

fn new_key() -> String {
    let mut bytes = [0u8; 12];
    // A failed random source still gives a unique key with the time below.
    let _ = getrandom::fill(&mut bytes);
    bytes.iter().fold(String::from("edit-"), |mut s, b| {
        s.push_str(&format!("{b:02x}"));
        s
    })
}

/// Queues one edit inside a transaction; returns its outbox row id (None: the value is already shown and
/// nothing is open for the field, so there is nothing to send).
async fn queue_in(conn: &mut SqliteConnection, req: &EditRequest, now: i64) -> Result<Option<i64>, StoreError> {
    let t = target(conn, req.product_id).await?;
    let variant = req.variant_remote_id.as_deref();
    let location = req.location_id.as_deref();
    let current = current_value(conn, req.product_id, &t, variant, location, &req.value).await?;
    let field = req.value.field();
    let pending = pending_edit(conn, req.product_id, variant, field.as_str(), location).await?;
    let id =
        match pending {
            // Coalesce: the pending edit takes the new value and keeps the base it started from.
            Some(id) => {
                sqlx::query(
                    "UPDATE outbox SET value = ?, reason = ?, next_attempt_at = ?, updated_at = ?, last_error = NULL \
                 WHERE id = ?",
                )
                .bind(json(&req.value)?)
                .bind(&req.reason)
                .bind(now)
                .bind(now)
                .bind(id)
                .execute(&mut *conn)
                .await?;
                id
            }
            None if current == req.value => return Ok(None),
            None => sqlx::query_scalar(
                "INSERT INTO outbox (shop_id, product_id, remote_id, variant_remote_id, location_id, field, value, \
                 base, idempotency_key, status, next_attempt_at, reason, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?) RETURNING id",
            )
            .bind(t.shop_id)
            .bind(req.product_id)
            .bind(&t.remote_id)
            .bind(variant)
            .bind(location)
            .bind(field.as_str())
            .bind(json(&req.value)?)
            .bind(json(&current)?)
            .bind(new_key())
            .bind(now)
            .bind(&req.reason)
            .bind(now)
            .bind(now)
            .fetch_one(&mut *conn)
            .await?,
        };
    apply_edit(conn, req.product_id, variant, location, &req.value).await?;
    Ok(Some(id))
}

impl Store {
    fn edits_changed(&self) {
        let _ = self.events.send(StoreEvent::OutboxChanged);
    }

    /// Queues an edit: the product shows it at once, and an outbox row (coalesced with an unsent edit of
    /// the same field) carries it to the shop. Bad values are refused and nothing is queued. Returns the
    /// row's id, or None when the value is already what the shop has and nothing is waiting.
    pub async fn queue_edit(&self, req: &EditRequest) -> Result<Option<i64>, StoreError> {
        let ids = self.queue_edits(std::slice::from_ref(req)).await?;
        Ok(ids.into_iter().next().flatten())
    }

    /// Queues many edits in one transaction: all are queued, or (one is refused) none.
    pub async fn queue_edits(&self, reqs: &[EditRequest]) -> Result<Vec<Option<i64>>, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let now = self.now();
        let mut ids = Vec::with_capacity(reqs.len());
        let mut shops = std::collections::BTreeSet::new();
        for req in reqs {
            let id = queue_in(&mut tx, req, now).await?;
            if id.is_some() {
                shops.insert(
                    sqlx::query_scalar::<_, i64>("SELECT shop_id FROM products WHERE id = ?")
                        .bind(req.product_id)
                        .fetch_one(&mut *tx)
                        .await?,
                );
            }
            ids.push(id);
        }
        tx.commit().await?;
        for shop_id in shops {
            let _ = self.events.send(StoreEvent::DataChanged {
                shop_id,
                resource: SyncResource::Products,
                inserted: 0,
                updated: reqs.len() as u64,
            });
        }
        self.edits_changed();
        Ok(ids)
    }

    pub async fn get_outbox_row(&self, id: i64) -> Result<OutboxRow, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE o.id = ?");
        let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
        Ok(map_row(&row.ok_or_else(|| StoreError::NotFound(format!("outbox row {id}")))?)?)
    }

    /// Outbox rows, newest first.
    pub async fn list_outbox(&self, q: &OutboxQuery) -> Result<OutboxPage, StoreError> {
        let mut listing = Listing::rows(COLUMNS, NEWEST_FIRST, FROM, "o.id");
        listing.eq_i64("o.shop_id", q.shop_id);
        listing.eq_i64("o.product_id", q.product_id);
        listing.eq_text("o.status", q.status.map(OutboxStatus::as_str));
        let (rows, next_cursor) =
            listing.fetch_page(&self.pool, NEWEST_FIRST, SortDir::Desc, q.cursor.as_deref(), q.limit, map_row).await?;
        Ok(OutboxPage { rows, next_cursor })
    }

    /// What is waiting, and what waits for a person.
    pub async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let (waiting, rejected, conflict): (i64, i64, i64) = sqlx::query_as(&format!(
            "SELECT coalesce(sum(status IN {OPEN}), 0), coalesce(sum(status = 'rejected'), 0), \
             coalesce(sum(status = 'conflict'), 0) FROM outbox WHERE status IN ('pending', 'sending', 'rejected', 'conflict')"
        ))
        .fetch_one(&self.pool)
        .await?;
        Ok(OutboxCounts { waiting, rejected, conflict })
    }

    /// When each shop's next edit is due (shops with open edits only).
    pub async fn edits_due_at(&self) -> Result<Vec<(ShopId, i64)>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT shop_id, min(CASE status WHEN 'sending' THEN 0 ELSE next_attempt_at END) FROM outbox \
             WHERE status IN {OPEN} GROUP BY shop_id"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// The edits of a shop to send now, oldest first: pending ones that are due, and ones left `sending`
    /// by a process that stopped before it stored the answer (the exporter reads the shop to settle them).
    pub async fn due_edits(&self, shop_id: ShopId, limit: i64) -> Result<Vec<OutboxRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE o.shop_id = ? AND (o.status = 'sending' OR \
             (o.status = 'pending' AND o.next_attempt_at <= ?)) ORDER BY o.id LIMIT ?"
        );
        let rows = sqlx::query(&sql).bind(shop_id).bind(self.now()).bind(limit).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(map_row).collect::<Result<_, _>>()?)
    }

    /// Marks edits as handed to the shop, before the request goes out: a crash from here on leaves them
    /// `sending`, and the next push reads the shop before deciding anything.
    pub async fn mark_sending(&self, ids: &[i64]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let now = self.now();
        for id in ids {
            sqlx::query(
                "UPDATE outbox SET status = 'sending', attempts = attempts + 1, updated_at = ? \
                 WHERE id = ? AND status IN ('pending', 'sending')",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stores what a push did, in one transaction: each edit's outcome, the listings as the shop has them
    /// now (`fresh`, read before sending; `pushed`, the shop's answers after), and the shown values of every
    /// product touched. Returns how many edits ended sent, rejected, in conflict, and still pending.
    pub async fn record_push(
        &self,
        shop_id: ShopId,
        outcomes: &[(i64, EditOutcome)],
        fresh: &[ProductRecord],
        pushed: &[ProductRecord],
    ) -> Result<crate::model::PushSummary, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let now = self.now();
        let mut summary = crate::model::PushSummary::default();
        let mut touched = std::collections::BTreeSet::new();
        for (id, outcome) in outcomes {
            let row: Option<SentEdit> = sqlx::query_as(
                "SELECT product_id, status, attempts, variant_remote_id, location_id, field, base FROM outbox \
                 WHERE id = ?",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(SentEdit {
                product_id,
                status,
                attempts,
                variant_remote_id: variant,
                location_id: location,
                field,
                base,
            }) = row
            else {
                continue;
            };
            if OutboxStatus::parse(&status) != Some(OutboxStatus::Sending) {
                continue; // settled meanwhile (discarded by a person, say)
            }
            touched.insert(product_id);
            match outcome {
                EditOutcome::Applied => {
                    summary.sent += 1;
                    set_status(&mut tx, *id, OutboxStatus::Sent, None, None, now).await?;
                }
                EditOutcome::Conflict { remote } => {
                    summary.conflict += 1;
                    set_status(
                        &mut tx,
                        *id,
                        OutboxStatus::Conflict,
                        Some("the shop's value changed after this edit was made"),
                        Some(remote),
                        now,
                    )
                    .await?;
                }
                EditOutcome::Rejected { reason } => {
                    summary.rejected += 1;
                    set_status(&mut tx, *id, OutboxStatus::Rejected, Some(reason), None, now).await?;
                }
                EditOutcome::Retry { reason } => {
                    summary.pending += 1;
                    // A newer edit of the same field may be pending already: it supersedes this one, and
                    // starts from where this one started (the shop never got this one).
                    let newer =
                        pending_edit(&mut tx, product_id, variant.as_deref(), &field, location.as_deref()).await?;
                    match newer {
                        Some(newer) => {
                            sqlx::query("UPDATE outbox SET base = ? WHERE id = ?")
                                .bind(&base)
                                .bind(newer)
                                .execute(&mut *tx)
                                .await?;
                            set_status(
                                &mut tx,
                                *id,
                                OutboxStatus::Discarded,
                                Some("superseded by a newer edit"),
                                None,
                                now,
                            )
                            .await?;
                        }
                        None => {
                            sqlx::query(
                                "UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, updated_at = ? \
                                 WHERE id = ?",
                            )
                            .bind(now + retry_delay_ms(attempts))
                            .bind(reason)
                            .bind(now)
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                        }
                    }
                }
            }
        }
        let stored_at = now;
        let fresh_page = super::products::upsert_product_page(&mut tx, shop_id, fresh, stored_at).await?;
        super::page::refused_is_an_error(&fresh_page)?;
        let pushed_page = super::products::upsert_product_page(&mut tx, shop_id, pushed, stored_at).await?;
        super::page::refused_is_an_error(&pushed_page)?;
        for record in pushed {
            // The shop's echo of this very change must not count as a change made on the shop.
            sqlx::query("UPDATE products SET pushed_hash = ? WHERE shop_id = ? AND remote_id = ?")
                .bind(super::products::record_hash(record))
                .bind(shop_id)
                .bind(&record.remote_id)
                .execute(&mut *tx)
                .await?;
        }
        for record in fresh.iter().chain(pushed) {
            let id: Option<i64> = sqlx::query_scalar("SELECT id FROM products WHERE shop_id = ? AND remote_id = ?")
                .bind(shop_id)
                .bind(&record.remote_id)
                .fetch_optional(&mut *tx)
                .await?;
            touched.extend(id);
        }
        for product_id in &touched {
            recompute_shown(&mut tx, *product_id).await?;
        }
        tx.commit().await?;
        if !touched.is_empty() {
            let _ = self.events.send(StoreEvent::DataChanged {
                shop_id,
                resource: SyncResource::Products,
                inserted: 0,
                updated: touched.len() as u64,
            });
        }
        self.edits_changed();
        Ok(summary)
    }

    /// Edits handed to the shop when the push could not go on (the shop unreachable): pending again, due
    /// after a backoff.
    pub async fn requeue_sending(&self, ids: &[i64], reason: &str) -> Result<(), StoreError> {
        let outcomes: Vec<(i64, EditOutcome)> =
            ids.iter().map(|id| (*id, EditOutcome::Retry { reason: reason.to_owned() })).collect();
        let shop_id: Option<ShopId> = match ids.first() {
            Some(id) => {
                sqlx::query_scalar("SELECT shop_id FROM outbox WHERE id = ?")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?
            }
            None => None,
        };
        if let Some(shop_id) = shop_id {
            self.record_push(shop_id, &outcomes, &[], &[]).await?;
        }
        Ok(())
    }

    /// Sends a rejected edit again, with a new value if one is given (same field).
    pub async fn retry_edit(&self, id: i64, value: Option<EditValue>) -> Result<OutboxRow, StoreError> {
        let row = self.get_outbox_row(id).await?;
        if row.status != OutboxStatus::Rejected {
            return Err(StoreError::Invalid(format!(
                "only a rejected edit can be retried (this one is {})",
                row.status.as_str()
            )));
        }
        let value = value.unwrap_or_else(|| row.value.clone());
        if value.field() != row.value.field() {
            return Err(StoreError::Invalid("a retry changes the same field".into()));
        }
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let now = self.now();
        // Discard it and queue its value as a person's new edit would be (coalescing with a newer one).
        set_status(&mut tx, id, OutboxStatus::Discarded, Some("retried"), None, now).await?;
        recompute_shown(&mut tx, row.product_id).await?;
        let req = EditRequest {
            product_id: row.product_id,
            variant_remote_id: row.variant_remote_id.clone(),
            value,
            reason: row.reason.clone(),
            location_id: row.location_id.clone(),
        };
        let queued = queue_in(&mut tx, &req, now).await?;
        tx.commit().await?;
        self.edits_changed();
        match queued {
            Some(new_id) => self.get_outbox_row(new_id).await,
            None => Err(StoreError::Invalid("the shop already has this value".into())),
        }
    }

    /// Gives up an edit not being sent right now (undo, discard); the product shows the shop's value again.
    pub async fn discard_edit(&self, id: i64) -> Result<OutboxRow, StoreError> {
        let row = self.get_outbox_row(id).await?;
        match row.status {
            OutboxStatus::Pending | OutboxStatus::Rejected | OutboxStatus::Conflict => {}
            OutboxStatus::Sending => {
                return Err(StoreError::Invalid("this edit is being sent now; wait for the shop's answer".into()))
            }
            other => return Err(StoreError::Invalid(format!("this edit is already {}", other.as_str()))),
        }
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        set_status(&mut tx, id, OutboxStatus::Discarded, None, None, self.now()).await?;
        recompute_shown(&mut tx, row.product_id).await?;
        tx.commit().await?;
        self.after_change(row.shop_id);
        self.get_outbox_row(id).await
    }

    /// Ends a conflict: keep mine (send it, now starting from the shop's value) or take the shop's.
    pub async fn resolve_conflict(&self, id: i64, resolution: Resolution) -> Result<OutboxRow, StoreError> {
        let row = self.get_outbox_row(id).await?;
        if row.status != OutboxStatus::Conflict {
            return Err(StoreError::Invalid(format!("this edit is not in conflict (it is {})", row.status.as_str())));
        }
        if resolution == Resolution::TakeTheirs {
            return self.discard_edit(id).await;
        }
        let remote =
            row.remote_value.clone().ok_or_else(|| StoreError::Invalid("the shop's value is unknown".into()))?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let now = self.now();
        let newer = pending_edit(
            &mut tx,
            row.product_id,
            row.variant_remote_id.as_deref(),
            row.value.field().as_str(),
            row.location_id.as_deref(),
        )
        .await?;
        if newer.is_some() {
            return Err(StoreError::Invalid("a newer edit of this field is waiting; discard one of the two".into()));
        }
        sqlx::query(
            "UPDATE outbox SET status = 'pending', base = ?, remote_value = NULL, last_error = NULL, \
             next_attempt_at = ?, updated_at = ? WHERE id = ?",
        )
        .bind(json(&remote)?)
        .bind(now)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        recompute_shown(&mut tx, row.product_id).await?;
        tx.commit().await?;
        self.after_change(row.shop_id);
        self.get_outbox_row(id).await
    }

    fn after_change(&self, shop_id: ShopId) {
        let _ = self.events.send(StoreEvent::DataChanged {
            shop_id,
            resource: SyncResource::Products,
            inserted: 0,
            updated: 1,
        });
        self.edits_changed();
    }
}

async fn set_status(
    conn: &mut SqliteConnection,
    id: i64,
    status: OutboxStatus,
    error: Option<&str>,
    remote: Option<&EditValue>,
    now: i64,
) -> Result<(), StoreError> {
    let remote = remote.map(json).transpose()?;
    sqlx::query("UPDATE outbox SET status = ?, last_error = ?, remote_value = ?, updated_at = ? WHERE id = ?")
        .bind(status.as_str())
        .bind(error)
        .bind(remote)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::retry_delay_ms;

    #[test]
    fn failed_sends_back_off_up_to_ten_minutes() {
        let table = [(0, 5_000), (1, 5_000), (2, 10_000), (3, 20_000), (8, 600_000), (40, 600_000)];
        for (attempts, delay) in table {
            assert_eq!(retry_delay_ms(attempts), delay, "after {attempts} attempts");
        }
    }
}
