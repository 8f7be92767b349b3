//! Offers: products tracked at an offers service, each refresh's observation written as history (a row only
//! when an offer appeared, changed or vanished, so observing twice writes nothing twice), charts of that
//! history downsampled for the range shown, and repricing rules.

use std::collections::{BTreeMap, HashMap};

use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::Store;
use crate::error::StoreError;
use crate::model::{
    ChartPoint, ChartRange, ChartSeries, Offer, OfferChart, OfferHistory, OfferPoint, OfferRefresh, RefreshOutcome,
    RepriceRule, ShopId, ShopKind, TrackedProduct,
};
use crate::money::{minor_digits, Money};

/// How long after a failed refresh a product is tried again, at most (its next slot comes sooner).
const RETRY_MS: i64 = 60_000;

/// The id a product is registered under at an offers service: a UUID derived from the store and the
/// listing, so tracking it again, restarting or reinstalling on the same data never registers it twice.
pub fn registration_id(store_kind: &str, account: &str, listing_remote_id: &str) -> String {
    let name = format!("storedesk:{store_kind}:{account}:{listing_remote_id}");
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes()).to_string()
}

/// Where in each interval a product is refreshed (refreshes spread over it instead of bursting).
pub fn phase_of(product_id: i64, interval_ms: i64) -> i64 {
    let mixed = (product_id as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 11;
    (mixed % interval_ms.max(1) as u64) as i64
}

/// The first moment after `now` at the product's phase of the interval.
pub fn next_slot(now: i64, phase: i64, interval_ms: i64) -> i64 {
    let interval = interval_ms.max(1);
    let base = now - (now - phase).rem_euclid(interval);
    if base > now {
        base
    } else {
        base + interval
    }
}

/// An offer as stored now.
struct Stored {
    id: i64,
    price_minor: i64,
    stock: i64,
    active: bool,
}

async fn history_row(
    conn: &mut SqliteConnection,
    offer_id: i64,
    at: i64,
    price_minor: i64,
    stock: i64,
    active: bool,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO offer_history (offer_id, observed_at, price_minor, items_in_stock, active) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(offer_id)
    .bind(at)
    .bind(price_minor)
    .bind(stock)
    .bind(active)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Writes one observation of a product's offers; answers whether anything changed.
async fn observe(
    conn: &mut SqliteConnection,
    product_id: i64,
    offers: &[crate::model::ObservedOffer],
    now: i64,
) -> Result<bool, StoreError> {
    let currency: String =
        sqlx::query_scalar("SELECT currency FROM products WHERE id = ?").bind(product_id).fetch_one(&mut *conn).await?;
    let scale = 10i64.pow(minor_digits(&currency));
    let rows =
        sqlx::query("SELECT id, remote_id, price_minor, items_in_stock, active FROM offers WHERE product_id = ?")
            .bind(product_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut stored: HashMap<String, Stored> = HashMap::new();
    for r in &rows {
        stored.insert(
            r.try_get("remote_id")?,
            Stored {
                id: r.try_get("id")?,
                price_minor: r.try_get("price_minor")?,
                stock: r.try_get("items_in_stock")?,
                active: r.try_get("active")?,
            },
        );
    }
    let mut changed = false;
    let mut lowest: Option<i64> = None;
    for o in offers {
        let price_minor =
            o.price.checked_mul(scale).ok_or_else(|| StoreError::Invalid(format!("offer price {}", o.price)))?;
        lowest = Some(lowest.map_or(price_minor, |l| l.min(price_minor)));
        match stored.remove(&o.remote_id) {
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO offers (product_id, remote_id, price_minor, currency, items_in_stock, active, \
                     first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
                )
                .bind(product_id)
                .bind(&o.remote_id)
                .bind(price_minor)
                .bind(&currency)
                .bind(o.items_in_stock)
                .bind(now)
                .bind(now)
                .fetch_one(&mut *conn)
                .await?;
                history_row(conn, id, now, price_minor, o.items_in_stock, true).await?;
                changed = true;
            }
            Some(s) if s.active && s.price_minor == price_minor && s.stock == o.items_in_stock => {
                sqlx::query("UPDATE offers SET last_seen_at = ? WHERE id = ?")
                    .bind(now)
                    .bind(s.id)
                    .execute(&mut *conn)
                    .await?;
            }
            Some(s) => {
                sqlx::query(
                    "UPDATE offers SET price_minor = ?, items_in_stock = ?, active = 1, vanished_at = NULL, \
                     last_seen_at = ? WHERE id = ?",
                )
                .bind(price_minor)
                .bind(o.items_in_stock)
                .bind(now)
                .bind(s.id)
                .execute(&mut *conn)
                .await?;
                history_row(conn, s.id, now, price_minor, o.items_in_stock, true).await?;
                changed = true;
            }
        }
    }
    // Offers not seen any more sold out: inactive from now, their last price and stock kept.
    for s in stored.into_values().filter(|s| s.active) {
        sqlx::query("UPDATE offers SET active = 0, vanished_at = ? WHERE id = ?")
            .bind(now)
            .bind(s.id)
            .execute(&mut *conn)
            .await?;
        history_row(conn, s.id, now, s.price_minor, s.stock, false).await?;
        changed = true;
    }
    sqlx::query("UPDATE products SET lowest_offer_minor = ? WHERE id = ?")
        .bind(lowest)
        .bind(product_id)
        .execute(&mut *conn)
        .await?;
    Ok(changed)
}

const TRACKED: &str = "SELECT t.*, p.shop_id, s.name AS shop_name, p.remote_id AS product_remote_id, p.title, \
    o.name AS offers_shop_name, p.price_minor, p.currency, p.lowest_offer_minor, \
    (SELECT count(*) FROM offers f WHERE f.product_id = p.id AND f.active = 1) AS active_offers, \
    EXISTS (SELECT 1 FROM reprice_rules r WHERE r.product_id = p.id) AS has_rule \
    FROM tracked_products t JOIN products p ON p.id = t.product_id JOIN shops s ON s.id = p.shop_id \
    JOIN shops o ON o.id = t.offers_shop_id";

fn tracked_row(r: &SqliteRow) -> Result<TrackedProduct, sqlx::Error> {
    let currency: String = r.try_get("currency")?;
    let tracking: bool = r.try_get("tracking")?;
    Ok(TrackedProduct {
        product_id: r.try_get("product_id")?,
        shop_id: r.try_get("shop_id")?,
        shop_name: r.try_get("shop_name")?,
        product_remote_id: r.try_get("product_remote_id")?,
        title: r.try_get("title")?,
        offers_shop_id: r.try_get("offers_shop_id")?,
        offers_shop_name: r.try_get("offers_shop_name")?,
        remote_id: r.try_get("remote_id")?,
        tracking,
        registered: r.try_get("registered")?,
        last_refresh_at: r.try_get("last_refresh_at")?,
        next_refresh_at: if tracking { Some(r.try_get("next_refresh_at")?) } else { None },
        last_error: r.try_get("last_error")?,
        active_offers: r.try_get("active_offers")?,
        lowest_offer: r
            .try_get::<Option<i64>, _>("lowest_offer_minor")?
            .map(|minor| Money { minor, currency: currency.clone() }),
        our_price: Money { minor: r.try_get("price_minor")?, currency },
        has_rule: r.try_get("has_rule")?,
    })
}

fn rule_row(r: &SqliteRow, currency: &str) -> Result<RepriceRule, sqlx::Error> {
    let money = |column: &str| -> Result<Money, sqlx::Error> {
        Ok(Money { minor: r.try_get(column)?, currency: currency.to_owned() })
    };
    let every_ms: i64 = r.try_get("every_ms")?;
    Ok(RepriceRule {
        minus: money("minus_minor")?,
        minus_bp: r.try_get("minus_bp")?,
        floor: money("floor_minor")?,
        ceiling: money("ceiling_minor")?,
        min_step: money("min_step_minor")?,
        every_seconds: every_ms / 1_000,
        last_change_at: r.try_get("last_change_at")?,
    })
}

/// At most `max` points of a step line: all when there are few; otherwise the first and last, and the
/// lowest and highest of each time bucket (so no spike disappears), in time order.
pub fn downsample(points: &[ChartPoint], max: usize) -> Vec<ChartPoint> {
    if points.len() <= max.max(4) {
        return points.to_vec();
    }
    let buckets = (max / 2).max(1);
    let (first, last) = (points[0].at, points[points.len() - 1].at);
    let span = (last - first).max(1) as f64;
    let mut out: Vec<ChartPoint> = Vec::with_capacity(max + 2);
    let mut chosen: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (i, p) in points.iter().enumerate() {
        let b = (((p.at - first) as f64 / span) * (buckets as f64 - 1.0)).round() as usize;
        let entry = chosen.entry(b).or_insert((i, i));
        if p.price_minor < points[entry.0].price_minor {
            entry.0 = i;
        }
        if p.price_minor > points[entry.1].price_minor {
            entry.1 = i;
        }
    }
    let mut keep: Vec<usize> = chosen.values().flat_map(|(lo, hi)| [*lo, *hi]).collect();
    keep.extend([0, points.len() - 1]);
    keep.sort_unstable();
    keep.dedup();
    out.extend(keep.into_iter().map(|i| points[i]));
    out
}

impl Store {
    /// Starts (or restarts) tracking products at an offers service; answers how many are tracked now.
    pub async fn track_products(
        &self,
        product_ids: &[i64],
        offers_shop: ShopId,
        interval_ms: i64,
    ) -> Result<usize, StoreError> {
        let service = self.get_shop(offers_shop).await?;
        if service.kind != ShopKind::Offers {
            return Err(StoreError::Invalid(format!("{} is not an offers service", service.name)));
        }
        let now = self.now();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        for id in product_ids {
            let row = sqlx::query(
                "SELECT p.remote_id, p.remote_price_minor, p.price_minor, p.remote_updated_at, s.kind, \
                 ifnull(s.account_id, 'shop' || s.id) AS account FROM products p JOIN shops s ON s.id = p.shop_id \
                 WHERE p.id = ?",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("product {id}")))?;
            let kind: String = row.try_get("kind")?;
            let account: String = row.try_get("account")?;
            let remote: String = row.try_get("remote_id")?;
            let phase = phase_of(*id, interval_ms);
            sqlx::query(
                "INSERT INTO tracked_products (product_id, offers_shop_id, remote_id, phase_ms, next_refresh_at, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (product_id) DO UPDATE SET tracking = 1, \
                 offers_shop_id = excluded.offers_shop_id, next_refresh_at = excluded.next_refresh_at",
            )
            .bind(id)
            .bind(offers_shop)
            .bind(registration_id(&kind, &account, &remote))
            .bind(phase)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            // The chart's own line starts at the price the listing has now.
            let price: i64 =
                row.try_get::<Option<i64>, _>("remote_price_minor")?.map_or(row.try_get("price_minor")?, |p| p);
            sqlx::query(
                "INSERT INTO listing_prices (product_id, at, price_minor) SELECT ?, ?, ? \
                 WHERE NOT EXISTS (SELECT 1 FROM listing_prices WHERE product_id = ?)",
            )
            .bind(id)
            .bind(now)
            .bind(price)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.notify(super::StoreEvent::OffersChanged);
        Ok(product_ids.len())
    }

    /// Stops refreshing products; their history stays.
    pub async fn untrack_products(&self, product_ids: &[i64]) -> Result<usize, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let mut n = 0;
        for id in product_ids {
            n += sqlx::query("UPDATE tracked_products SET tracking = 0 WHERE product_id = ? AND tracking = 1")
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected() as usize;
        }
        tx.commit().await?;
        self.notify(super::StoreEvent::OffersChanged);
        Ok(n)
    }

    /// When each offers service's next refresh is due.
    pub async fn offers_due_at(&self) -> Result<Vec<(ShopId, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT offers_shop_id, min(next_refresh_at) FROM tracked_products WHERE tracking = 1 GROUP BY offers_shop_id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The tracked products of a service due by `until`, soonest first.
    pub async fn due_offer_refreshes(
        &self,
        service: ShopId,
        until: i64,
        limit: i64,
    ) -> Result<Vec<OfferRefresh>, StoreError> {
        let rows = sqlx::query(
            "SELECT t.product_id, t.remote_id, t.registered, p.title, p.remote_id AS listing, s.name AS shop_name \
             FROM tracked_products t JOIN products p ON p.id = t.product_id JOIN shops s ON s.id = p.shop_id \
             WHERE t.offers_shop_id = ? AND t.tracking = 1 AND t.next_refresh_at <= ? \
             ORDER BY t.next_refresh_at, t.product_id LIMIT ?",
        )
        .bind(service)
        .bind(until)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let listing: String = r.try_get("listing")?;
                let shop: String = r.try_get("shop_name")?;
                Ok(OfferRefresh {
                    product_id: r.try_get("product_id")?,
                    remote_id: r.try_get("remote_id")?,
                    registered: r.try_get("registered")?,
                    name: r.try_get("title")?,
                    description: format!("Listing {listing} of {shop}"),
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Every tracked product of a service is due now (the command line's `sync OFFERS_SHOP`).
    pub async fn make_offers_due(&self, service: Option<ShopId>) -> Result<u64, StoreError> {
        let now = self.now();
        let sql =
            "UPDATE tracked_products SET next_refresh_at = ? WHERE tracking = 1 AND (? IS NULL OR offers_shop_id = ?)";
        Ok(sqlx::query(sql).bind(now).bind(service).bind(service).execute(&self.pool).await?.rows_affected())
    }

    /// Stores what a refresh saw, each product in the same transaction as its next due time; answers the
    /// products whose offers changed (their repricing rules look again).
    pub async fn record_offer_refreshes(
        &self,
        outcomes: &[(i64, RefreshOutcome)],
        interval_ms: i64,
    ) -> Result<Vec<i64>, StoreError> {
        let now = self.now();
        let mut changed = Vec::new();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        for (product_id, outcome) in outcomes {
            let slot: Option<(i64, i64)> =
                sqlx::query_as("SELECT phase_ms, next_refresh_at FROM tracked_products WHERE product_id = ?")
                    .bind(product_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some((phase, scheduled)) = slot else { continue };
            // After the slot it was due at, even when refreshed a little early (a pass takes what is due soon).
            let next = next_slot(now.max(scheduled), phase, interval_ms);
            match outcome {
                RefreshOutcome::Observed { offers, registered } => {
                    if observe(&mut tx, *product_id, offers, now).await? {
                        changed.push(*product_id);
                    }
                    sqlx::query(
                        "UPDATE tracked_products SET registered = ?, last_refresh_at = ?, last_error = NULL, \
                         next_refresh_at = ? WHERE product_id = ?",
                    )
                    .bind(registered)
                    .bind(now)
                    .bind(next)
                    .bind(product_id)
                    .execute(&mut *tx)
                    .await?;
                }
                RefreshOutcome::Failed { reason } => {
                    sqlx::query("UPDATE tracked_products SET last_error = ?, next_refresh_at = ? WHERE product_id = ?")
                        .bind(reason)
                        .bind(next.min(now + RETRY_MS))
                        .bind(product_id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        tx.commit().await?;
        if !outcomes.is_empty() {
            self.notify(super::StoreEvent::OffersChanged);
        }
        Ok(changed)
    }

    /// Tracked products (and untracked ones with history), most recently refreshed first.
    pub async fn tracked_products(&self, limit: i64) -> Result<Vec<TrackedProduct>, StoreError> {
        let sql = format!("{TRACKED} ORDER BY t.tracking DESC, t.last_refresh_at DESC, t.product_id LIMIT ?");
        let rows = sqlx::query(&sql).bind(limit.clamp(1, 10_000)).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(tracked_row).collect::<Result<_, _>>()?)
    }

    pub(super) async fn tracked_product(&self, product_id: i64) -> Result<Option<TrackedProduct>, StoreError> {
        let sql = format!("{TRACKED} WHERE t.product_id = ?");
        let row = sqlx::query(&sql).bind(product_id).fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(tracked_row).transpose()?)
    }

    /// A product's offers as last seen: active ones cheapest first, then those that vanished.
    pub(super) async fn offers_of(&self, product_id: i64) -> Result<Vec<Offer>, StoreError> {
        let rows = sqlx::query(
            "SELECT o.id, o.remote_id, o.price_minor, o.currency, o.items_in_stock, o.active, o.first_seen_at, \
             o.vanished_at, (SELECT max(h.observed_at) FROM offer_history h WHERE h.offer_id = o.id AND h.active = 1) \
             AS changed_at FROM offers o WHERE o.product_id = ? ORDER BY o.active DESC, o.price_minor, o.id",
        )
        .bind(product_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|o| {
                let first_seen_at: i64 = o.try_get("first_seen_at")?;
                Ok(Offer {
                    id: o.try_get("id")?,
                    remote_id: o.try_get("remote_id")?,
                    price: Money { minor: o.try_get("price_minor")?, currency: o.try_get("currency")? },
                    items_in_stock: o.try_get("items_in_stock")?,
                    active: o.try_get("active")?,
                    first_seen_at,
                    changed_at: o.try_get::<Option<i64>, _>("changed_at")?.unwrap_or(first_seen_at),
                    vanished_at: o.try_get("vanished_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Every offer of a product with every row of its history, oldest first.
    pub async fn offer_history(&self, product_id: i64) -> Result<Vec<OfferHistory>, StoreError> {
        let rows = sqlx::query(
            "SELECT o.id, o.remote_id, o.active AS offer_active, o.currency, h.observed_at, h.price_minor, \
             h.items_in_stock, h.active FROM offers o JOIN offer_history h ON h.offer_id = o.id \
             WHERE o.product_id = ? ORDER BY o.first_seen_at, o.id, h.observed_at, h.id",
        )
        .bind(product_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<OfferHistory> = Vec::new();
        let mut last_id = None;
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            if last_id != Some(id) {
                out.push(OfferHistory {
                    remote_id: r.try_get("remote_id")?,
                    active: r.try_get("offer_active")?,
                    rows: vec![],
                });
                last_id = Some(id);
            }
            if let Some(entry) = out.last_mut() {
                entry.rows.push(OfferPoint {
                    observed_at: r.try_get("observed_at")?,
                    price: Money { minor: r.try_get("price_minor")?, currency: r.try_get("currency")? },
                    items_in_stock: r.try_get("items_in_stock")?,
                    active: r.try_get("active")?,
                });
            }
        }
        Ok(out)
    }

    /// A product's price chart over a range ending now: each offer's line (with the point in force when the
    /// range starts), our own price, the lowest offer; each line at most `max_points` points.
    pub async fn offer_chart(
        &self,
        product_id: i64,
        range: ChartRange,
        max_points: usize,
    ) -> Result<OfferChart, StoreError> {
        let to = self.now();
        let currency: String = sqlx::query_scalar("SELECT currency FROM products WHERE id = ?")
            .bind(product_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("product {product_id}")))?;
        let from = match range.millis() {
            Some(span) => to - span,
            None => sqlx::query_scalar::<_, Option<i64>>(
                "SELECT min(h.observed_at) FROM offer_history h JOIN offers o ON o.id = h.offer_id WHERE o.product_id = ?",
            )
            .bind(product_id)
            .fetch_one(&self.pool)
            .await?
            .unwrap_or(to),
        };
        // Each offer's rows in the range, and the last row before it (the price in force at its start).
        let rows = sqlx::query(
            "SELECT o.id, o.remote_id, o.active AS offer_active, o.vanished_at, h.observed_at, h.price_minor, \
             h.items_in_stock, h.active FROM offers o JOIN offer_history h ON h.offer_id = o.id \
             WHERE o.product_id = ? AND (h.observed_at >= ? OR h.id = (SELECT h2.id FROM offer_history h2 \
             WHERE h2.offer_id = o.id AND h2.observed_at < ? ORDER BY h2.observed_at DESC, h2.id DESC LIMIT 1)) \
             ORDER BY o.id, h.observed_at, h.id",
        )
        .bind(product_id)
        .bind(from)
        .bind(from)
        .fetch_all(&self.pool)
        .await?;
        let mut series: Vec<(ChartSeries, Vec<PriceEvent>)> = Vec::new();
        let mut in_range = 0i64;
        let mut last_id = None;
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            if last_id != Some(id) {
                let vanished: Option<i64> = r.try_get("vanished_at")?;
                let active: bool = r.try_get("offer_active")?;
                let s = ChartSeries {
                    offer_remote_id: r.try_get("remote_id")?,
                    active,
                    points: vec![],
                    ends_at: if active { None } else { vanished },
                };
                series.push((s, vec![]));
                last_id = Some(id);
            }
            let at: i64 = r.try_get("observed_at")?;
            let price: i64 = r.try_get("price_minor")?;
            let active: bool = r.try_get("active")?;
            if at >= from {
                in_range += 1;
            }
            if let Some((s, events)) = series.last_mut() {
                events.push((at.max(from), active.then_some(price)));
                if active {
                    s.points.push(ChartPoint {
                        at: at.max(from),
                        price_minor: price,
                        items_in_stock: Some(r.try_get("items_in_stock")?),
                    });
                }
            }
        }
        // Offers whose line ended before the range are not in it.
        series.retain(|(s, _)| s.ends_at.is_none_or(|end| end >= from));
        let lowest = lowest_line(&series.iter().map(|(_, e)| e.as_slice()).collect::<Vec<_>>());
        let own_rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT at, price_minor FROM listing_prices WHERE product_id = ? AND (at >= ? OR id = (SELECT id FROM \
             listing_prices WHERE product_id = ? AND at < ? ORDER BY at DESC, id DESC LIMIT 1)) ORDER BY at, id",
        )
        .bind(product_id)
        .bind(from)
        .bind(product_id)
        .bind(from)
        .fetch_all(&self.pool)
        .await?;
        let own: Vec<ChartPoint> = own_rows
            .into_iter()
            .map(|(at, price_minor)| ChartPoint { at: at.max(from), price_minor, items_in_stock: None })
            .collect();
        Ok(OfferChart {
            from,
            to,
            currency,
            offers: series
                .into_iter()
                .map(|(mut s, _)| {
                    s.points = downsample(&s.points, max_points);
                    s
                })
                .collect(),
            own: downsample(&own, max_points),
            lowest: downsample(&lowest, max_points),
            points_in_range: in_range,
        })
    }

    /// A product's repricing rule, if it has one.
    pub(super) async fn reprice_rule(&self, product_id: i64) -> Result<Option<RepriceRule>, StoreError> {
        let row = sqlx::query(
            "SELECT r.*, p.currency FROM reprice_rules r JOIN products p ON p.id = r.product_id WHERE r.product_id = ?",
        )
        .bind(product_id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => {
                let currency: String = r.try_get("currency")?;
                Ok(Some(rule_row(&r, &currency)?))
            }
            None => Ok(None),
        }
    }

    /// Sets a product's repricing rule (its amounts in the listing's currency).
    pub async fn set_reprice_rule(&self, product_id: i64, rule: &RepriceRule) -> Result<RepriceRule, StoreError> {
        let currency: String = sqlx::query_scalar("SELECT currency FROM products WHERE id = ?")
            .bind(product_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("product {product_id}")))?;
        for m in [&rule.minus, &rule.floor, &rule.ceiling, &rule.min_step] {
            if m.currency != currency {
                return Err(StoreError::Invalid(format!(
                    "the rule's amounts must be in {currency}, the listing's currency"
                )));
            }
        }
        if rule.floor.minor <= 0 || rule.ceiling.minor < rule.floor.minor {
            return Err(StoreError::Invalid("the floor must be above zero and the ceiling at least the floor".into()));
        }
        if rule.minus.minor < 0 || !(0..10_000).contains(&rule.minus_bp) || rule.min_step.minor < 1 {
            return Err(StoreError::Invalid("the amount or percent below the lowest offer cannot be negative".into()));
        }
        let now = self.now();
        sqlx::query(
            "INSERT INTO reprice_rules (product_id, minus_minor, minus_bp, floor_minor, ceiling_minor, min_step_minor, \
             every_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (product_id) DO UPDATE SET \
             minus_minor = excluded.minus_minor, minus_bp = excluded.minus_bp, floor_minor = excluded.floor_minor, \
             ceiling_minor = excluded.ceiling_minor, min_step_minor = excluded.min_step_minor, every_ms = excluded.every_ms, \
             updated_at = excluded.updated_at",
        )
        .bind(product_id)
        .bind(rule.minus.minor)
        .bind(rule.minus_bp)
        .bind(rule.floor.minor)
        .bind(rule.ceiling.minor)
        .bind(rule.min_step.minor)
        .bind(rule.every_seconds.max(1).saturating_mul(1_000))
        .bind(now)
        .bind(now)
        .execute(&self.pool)
        .await?;
        self.notify(super::StoreEvent::OffersChanged);
        self.reprice_rule(product_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("rule of product {product_id}")))
    }

    pub async fn clear_reprice_rule(&self, product_id: i64) -> Result<bool, StoreError> {
        let done =
            sqlx::query("DELETE FROM reprice_rules WHERE product_id = ?").bind(product_id).execute(&self.pool).await?;
        self.notify(super::StoreEvent::OffersChanged);
        Ok(done.rows_affected() > 0)
    }

    /// What repricing decisions need, for the products with a rule (of `only`, when given).
    pub async fn reprice_candidates(&self, only: Option<&[i64]>) -> Result<Vec<RepriceCandidate>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.*, p.id AS pid, p.title, p.remote_id, p.price_minor, p.currency, p.lowest_offer_minor, \
             EXISTS (SELECT 1 FROM outbox e WHERE e.product_id = p.id AND e.field = 'price' AND e.reason IS NULL \
                     AND e.status IN ('pending', 'sending')) AS manual_pending \
             FROM reprice_rules r JOIN products p ON p.id = r.product_id ORDER BY p.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            let product_id: i64 = r.try_get("pid")?;
            if only.is_some_and(|ids| !ids.contains(&product_id)) {
                continue;
            }
            let currency: String = r.try_get("currency")?;
            out.push(RepriceCandidate {
                product_id,
                title: r.try_get("title")?,
                remote_id: r.try_get("remote_id")?,
                current: Money { minor: r.try_get("price_minor")?, currency: currency.clone() },
                lowest: r.try_get("lowest_offer_minor")?,
                manual_edit_pending: r.try_get("manual_pending")?,
                rule: rule_row(r, &currency)?,
            });
        }
        Ok(out)
    }

    /// A rule changed this product's price now.
    pub async fn note_repriced(&self, product_id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE reprice_rules SET last_change_at = ? WHERE product_id = ?")
            .bind(self.now())
            .bind(product_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// A product with a repricing rule, as a decision needs it.
#[derive(Debug, Clone)]
pub struct RepriceCandidate {
    pub product_id: i64,
    pub title: String,
    pub remote_id: String,
    pub current: Money,
    pub lowest: Option<i64>,
    pub manual_edit_pending: bool,
    pub rule: RepriceRule,
}

/// An offer's price from a time on (None: it vanished then).
type PriceEvent = (i64, Option<i64>);

/// The lowest active offer over time, from each offer's events.
fn lowest_line(events: &[&[PriceEvent]]) -> Vec<ChartPoint> {
    let mut all: Vec<(i64, usize, Option<i64>)> =
        events.iter().enumerate().flat_map(|(k, e)| e.iter().map(move |(at, p)| (*at, k, *p))).collect();
    all.sort_by_key(|(at, k, _)| (*at, *k));
    let mut current: HashMap<usize, i64> = HashMap::new();
    let mut prices: BTreeMap<i64, usize> = BTreeMap::new();
    let mut line: Vec<ChartPoint> = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let at = all[i].0;
        while i < all.len() && all[i].0 == at {
            let (_, k, price) = all[i];
            if let Some(old) = current.remove(&k) {
                if let Some(n) = prices.get_mut(&old) {
                    *n -= 1;
                    if *n == 0 {
                        prices.remove(&old);
                    }
                }
            }
            if let Some(p) = price {
                current.insert(k, p);
                *prices.entry(p).or_default() += 1;
            }
            i += 1;
        }
        if let Some((&low, _)) = prices.iter().next() {
            if line.last().is_none_or(|l| l.price_minor != low) {
                line.push(ChartPoint { at, price_minor: low, items_in_stock: None });
            }
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_product_keeps_its_slot_in_the_interval() {
        let interval = 60_000;
        let phase = 12_345;
        // (now, next slot)
        let table =
            [(0, 12_345), (12_344, 12_345), (12_345, 72_345), (50_000, 72_345), (72_345, 132_345), (-1, 12_345)];
        for (now, next) in table {
            assert_eq!(next_slot(now, phase, interval), next, "now {now}");
        }
        let phases: std::collections::BTreeSet<i64> = (1..=100).map(|id| phase_of(id, interval) / 6_000).collect();
        assert!(phases.len() >= 9, "a hundred products spread over the interval: {phases:?}");
    }

    #[test]
    fn a_registration_id_is_a_stable_uuid_per_listing() {
        let a = registration_id("mercadolibre", "77", "MLA1");
        assert_eq!(a, registration_id("mercadolibre", "77", "MLA1"));
        assert_ne!(a, registration_id("mercadolibre", "77", "MLA2"));
        assert_ne!(a, registration_id("mercadolibre", "78", "MLA1"));
        assert!(uuid::Uuid::parse_str(&a).is_ok());
    }

    #[test]
    fn downsampling_keeps_the_extremes_and_the_ends() {
        let points: Vec<ChartPoint> = (0..10_000)
            .map(|i| ChartPoint {
                at: i,
                price_minor: if i == 5_003 { 1 } else { 1_000 + i % 7 },
                items_in_stock: None,
            })
            .collect();
        let few = downsample(&points, 200);
        assert!(few.len() <= 204, "{}", few.len());
        assert_eq!(few.first().map(|p| p.at), Some(0));
        assert_eq!(few.last().map(|p| p.at), Some(9_999));
        assert!(few.iter().any(|p| p.price_minor == 1), "the dip survives");
        assert!(few.windows(2).all(|w| w[0].at <= w[1].at));
        assert_eq!(downsample(&points[..50], 200).len(), 50);
    }

    #[test]
    fn the_lowest_line_follows_appearances_changes_and_vanishing() {
        let a: &[(i64, Option<i64>)] = &[(0, Some(100)), (10, Some(80)), (30, None)];
        let b: &[(i64, Option<i64>)] = &[(5, Some(90)), (20, Some(95))];
        let line: Vec<(i64, i64)> = lowest_line(&[a, b]).into_iter().map(|p| (p.at, p.price_minor)).collect();
        assert_eq!(line, vec![(0, 100), (5, 90), (10, 80), (30, 95)]);
    }
}
