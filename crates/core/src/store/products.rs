//! Products and their variants and offers.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::page::{count_skipped, json, newest_per_id, not_written, refused_is_an_error, PageUpsert};
use super::query::{Listing, SortKey};
use super::search::Searchable;
use super::Store;
use crate::error::StoreError;
use crate::model::{
    ListingState, ProductDetail, ProductPage, ProductQuery, ProductRecord, ProductRow, ProductSort, ShopId, StockLevel,
    UpsertOutcome, UpsertTally, Variant,
};
use crate::money::Money;

/// One unit's stock levels as a JSON array, in a subquery over `stock_levels l`.
macro_rules! levels_json {
    () => {
        "json_group_array(json_object('location_id', l.location_id, 'location_name', l.location_name, \
         'available', l.available))"
    };
}
pub(super) use levels_json;

const COLUMNS: &str = concat!("p.id, p.shop_id, s.name AS shop_name, p.remote_id, p.title, p.sku, p.state, p.status, \
    p.price_minor, p.currency, p.available_quantity, p.sold_quantity, p.variant_count, p.remote_updated_at, \
    (SELECT count(*) FROM outbox e WHERE e.product_id = p.id AND e.status IN ('pending', 'sending')) AS pending_edits, \
    (SELECT count(*) FROM outbox e WHERE e.product_id = p.id AND e.status IN ('rejected', 'conflict')) AS edit_issues, \
    p.lowest_offer_minor, EXISTS (SELECT 1 FROM tracked_products t WHERE t.product_id = p.id AND t.tracking = 1) AS tracked, \
    (SELECT ", levels_json!(), " FROM stock_levels l WHERE l.product_id = p.id AND l.variant_remote_id = '') AS stock_levels");

/// Our price's distance above the lowest offer, in basis points of it (NULL without offers).
const OFFER_GAP: &str =
    "(CASE WHEN p.lowest_offer_minor > 0 THEN (p.price_minor - p.lowest_offer_minor) * 10000 / p.lowest_offer_minor END)";
const FROM: &str = "products p JOIN shops s ON s.id = p.shop_id";

fn sort_key(sort: ProductSort) -> SortKey {
    match sort {
        ProductSort::Title => SortKey { name: "title", expr: "p.title", is_text: true },
        ProductSort::Sku => SortKey { name: "sku", expr: "ifnull(p.sku, '')", is_text: true },
        ProductSort::Price => SortKey { name: "price", expr: "p.price_minor", is_text: false },
        ProductSort::Stock => SortKey { name: "stock", expr: "p.available_quantity", is_text: false },
        ProductSort::Updated => SortKey { name: "updated", expr: "p.remote_updated_at", is_text: false },
        // Products without offers sort after every gap, whichever the direction's start.
        ProductSort::OfferGap => SortKey {
            name: "offer_gap",
            expr: "ifnull((CASE WHEN p.lowest_offer_minor > 0 THEN (p.price_minor - p.lowest_offer_minor) * 10000 / p.lowest_offer_minor END), 4000000000000000000)",
            is_text: false,
        },
    }
}

fn filter(listing: &mut Listing<'_>, q: &ProductQuery) {
    listing.eq_i64("p.shop_id", q.shop_id);
    listing.eq_text("p.state", q.state.map(ListingState::as_str));
    if let Some(max) = q.low_stock_max {
        listing.and().push("p.available_quantity <= ").push_bind(max);
    }
    if let Some(bp) = q.above_lowest_bp {
        listing.and().push(OFFER_GAP).push(" > ").push_bind(bp);
    }
}

const PRODUCTS: Searchable = Searchable {
    columns: COLUMNS,
    from: FROM,
    table: "products p",
    id_column: "p.id",
    fts_table: "products_fts",
    newest: SortKey { name: "match", expr: "products_fts.rowid", is_text: false },
};

fn state_of(row: &SqliteRow) -> Result<ListingState, sqlx::Error> {
    let word: String = row.try_get("state")?;
    ListingState::parse(&word).ok_or_else(|| super::runs::decode_error("state", &word))
}

fn map_row(row: &SqliteRow) -> Result<ProductRow, sqlx::Error> {
    Ok(ProductRow {
        id: row.try_get("id")?,
        shop_id: row.try_get("shop_id")?,
        shop_name: row.try_get("shop_name")?,
        remote_id: row.try_get("remote_id")?,
        title: row.try_get("title")?,
        sku: row.try_get("sku")?,
        state: state_of(row)?,
        status: row.try_get("status")?,
        price: Money { minor: row.try_get("price_minor")?, currency: row.try_get("currency")? },
        available_quantity: row.try_get("available_quantity")?,
        sold_quantity: row.try_get("sold_quantity")?,
        variant_count: row.try_get("variant_count")?,
        updated_at: row.try_get("remote_updated_at")?,
        pending_edits: row.try_get("pending_edits")?,
        edit_issues: row.try_get("edit_issues")?,
        lowest_offer: row
            .try_get::<Option<i64>, _>("lowest_offer_minor")?
            .map(|minor| Money { minor, currency: row.try_get("currency").unwrap_or_default() }),
        offer_gap_bp: row.try_get::<Option<i64>, _>("lowest_offer_minor")?.filter(|l| *l > 0).map(|lowest| {
            let price: i64 = row.try_get("price_minor").unwrap_or_default();
            (price - lowest) * 10_000 / lowest
        }),
        tracked: row.try_get("tracked")?,
        stock_levels: levels(row)?,
    })
}

/// The `stock_levels` column: a JSON array of one unit's levels (built in SQL by `json_group_array`).
pub(super) fn levels(row: &SqliteRow) -> Result<Vec<StockLevel>, sqlx::Error> {
    let text: Option<String> = row.try_get("stock_levels")?;
    match text {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(&text).map_err(|e| sqlx::Error::Decode(Box::new(e))),
    }
}

impl Store {
    /// One page of products matching the query, in the asked order.
    pub async fn list_products(&self, q: &ProductQuery) -> Result<ProductPage, StoreError> {
        let sort = sort_key(q.sort);
        let filter = |listing: &mut Listing<'_>| filter(listing, q);
        let page = PRODUCTS
            .page(&self.pool, q.search.as_deref(), sort, q.dir, q.cursor.as_deref(), q.limit, filter, map_row)
            .await?;
        Ok(ProductPage { rows: page.rows, next_cursor: page.next_cursor, newest_first: page.newest_first })
    }

    /// The id of the product with this remote id in this shop.
    pub async fn product_id(&self, shop_id: ShopId, remote_id: &str) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT id FROM products WHERE shop_id = ? AND remote_id = ?")
            .bind(shop_id)
            .bind(remote_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("listing {remote_id} in shop {shop_id}")))
    }

    /// The shop a product is listed in.
    pub async fn shop_of_product(&self, product_id: i64) -> Result<ShopId, StoreError> {
        sqlx::query_scalar("SELECT shop_id FROM products WHERE id = ?")
            .bind(product_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("product {product_id}")))
    }

    /// How many products match the query's filters.
    pub async fn count_products(&self, q: &ProductQuery) -> Result<i64, StoreError> {
        PRODUCTS.count(&self.pool, q.search.as_deref(), |listing| filter(listing, q)).await
    }

    /// A product with its variants, its offers (when tracked) and its repricing rule.
    pub async fn get_product(&self, id: i64) -> Result<ProductDetail, StoreError> {
        let sql = format!("SELECT {COLUMNS}, p.permalink, p.remote_created_at FROM {FROM} WHERE p.id = ?");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("product {id}")))?;
        let variants = sqlx::query(concat!(
            "SELECT v.id, v.remote_id, v.sku, v.attributes, v.price_minor, v.currency, v.available_quantity, \
             (SELECT ",
            levels_json!(),
            " FROM stock_levels l WHERE l.product_id = v.product_id AND l.variant_remote_id = v.remote_id) \
             AS stock_levels FROM product_variants v WHERE v.product_id = ? ORDER BY v.id",
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|v| {
            Ok(Variant {
                id: v.try_get("id")?,
                remote_id: v.try_get("remote_id")?,
                sku: v.try_get("sku")?,
                attributes: v.try_get("attributes")?,
                price: Money { minor: v.try_get("price_minor")?, currency: v.try_get("currency")? },
                available_quantity: v.try_get("available_quantity")?,
                stock_levels: levels(v)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(ProductDetail {
            product: map_row(&row)?,
            permalink: row.try_get("permalink")?,
            created_at: row.try_get("remote_created_at")?,
            variants,
            offers: self.offers_of(id).await?,
            tracking: self.tracked_product(id).await?,
            reprice_rule: self.reprice_rule(id).await?,
        })
    }

    /// Upserts a page of products of one shop in one transaction. Idempotent; a record older than the
    /// stored one is ignored (staleness rule).
    pub async fn upsert_products(&self, shop_id: ShopId, records: &[ProductRecord]) -> Result<UpsertTally, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let out = upsert_product_page(&mut tx, shop_id, records, self.now()).await?;
        refused_is_an_error(&out)?;
        tx.commit().await?;
        Ok(out.tally)
    }
}

/// What the page statement returns for each row it wrote: id, remote id, revision, pushed and pulled hashes.
type Written = (i64, String, i64, Option<String>, Option<String>);

/// A product row as the page statement reads it (`json_each` over the page).
#[derive(Serialize)]
struct ProductJson<'a> {
    remote_id: &'a str,
    title: &'a str,
    sku: Option<&'a str>,
    state: &'static str,
    status: &'a str,
    price_minor: i64,
    currency: &'a str,
    available_quantity: i64,
    sold_quantity: i64,
    variant_count: i64,
    permalink: Option<&'a str>,
    created_at: Option<i64>,
    updated_at: i64,
    hash: String,
}

#[derive(Serialize)]
struct VariantJson<'a> {
    product_id: i64,
    remote_id: &'a str,
    sku: Option<&'a str>,
    attributes: &'a str,
    price_minor: i64,
    currency: &'a str,
    available_quantity: i64,
}

/// Upserts a page of products of one shop inside the caller's transaction, in a few statements whatever
/// the page's size. A record older than the stored one is ignored (staleness rule); records without a
/// remote id are refused, before anything is written.
pub(super) async fn upsert_product_page(
    conn: &mut SqliteConnection,
    shop_id: ShopId,
    records: &[ProductRecord],
    synced_at: i64,
) -> Result<PageUpsert, StoreError> {
    let mut out = PageUpsert::default();
    let refusal = |r: &ProductRecord| r.remote_id.is_empty().then(|| "a product without a remote id".to_owned());
    let valid = out.valid(records, |r| &r.remote_id, refusal);
    let page = newest_per_id(valid, |r| &r.remote_id, |r| r.updated_at, &mut out.tally);
    if page.is_empty() {
        return Ok(out);
    }
    let rows: Vec<ProductJson> = page
        .iter()
        .map(|r| ProductJson {
            remote_id: &r.remote_id,
            title: &r.title,
            sku: r.sku.as_deref(),
            state: r.state.as_str(),
            status: &r.status,
            price_minor: r.price.minor,
            currency: &r.price.currency,
            available_quantity: r.available_quantity,
            sold_quantity: r.sold_quantity,
            variant_count: r.variants.len() as i64,
            permalink: r.permalink.as_deref(),
            created_at: r.created_at,
            updated_at: r.updated_at,
            hash: record_hash(r),
        })
        .collect();
    // One statement inserts, or updates only when the remote version is newer; `revision` tells which.
    // The shop's values go to both the shown and the `remote_*` columns; open edits are laid over the
    // shown ones below.
    let written: Vec<Written> = sqlx::query_as(
        "INSERT INTO products (shop_id, remote_id, title, sku, state, status, price_minor, currency, \
            available_quantity, sold_quantity, variant_count, permalink, remote_created_at, \
            remote_updated_at, synced_at, remote_price_minor, remote_available_quantity, remote_state, pulled_hash) \
         SELECT ?, r.value ->> 'remote_id', r.value ->> 'title', r.value ->> 'sku', r.value ->> 'state', \
            r.value ->> 'status', r.value ->> 'price_minor', r.value ->> 'currency', \
            r.value ->> 'available_quantity', r.value ->> 'sold_quantity', r.value ->> 'variant_count', \
            r.value ->> 'permalink', r.value ->> 'created_at', r.value ->> 'updated_at', ?, \
            r.value ->> 'price_minor', r.value ->> 'available_quantity', r.value ->> 'state', r.value ->> 'hash' \
         FROM json_each(?) r WHERE true \
         ON CONFLICT (shop_id, remote_id) DO UPDATE SET \
            title = excluded.title, sku = excluded.sku, state = excluded.state, status = excluded.status, \
            price_minor = excluded.price_minor, currency = excluded.currency, \
            available_quantity = excluded.available_quantity, sold_quantity = excluded.sold_quantity, \
            variant_count = excluded.variant_count, permalink = excluded.permalink, \
            remote_created_at = excluded.remote_created_at, remote_updated_at = excluded.remote_updated_at, \
            synced_at = excluded.synced_at, remote_price_minor = excluded.remote_price_minor, \
            remote_available_quantity = excluded.remote_available_quantity, remote_state = excluded.remote_state, \
            pulled_hash = excluded.pulled_hash, revision = products.revision + 1 \
         WHERE excluded.remote_updated_at > products.remote_updated_at \
         RETURNING id, remote_id, revision, pushed_hash, pulled_hash",
    )
    .bind(shop_id)
    .bind(synced_at)
    .bind(json(&rows)?)
    .fetch_all(&mut *conn)
    .await?;

    let by_id: HashMap<&str, &ProductRecord> = page.iter().map(|r| (r.remote_id.as_str(), *r)).collect();
    let mut replaced = Vec::new();
    let mut echoes = Vec::new();
    let mut variants = Vec::new();
    for (product_id, remote_id, revision, pushed_hash, pulled_hash) in &written {
        if *revision == 1 {
            out.tally.add(UpsertOutcome::Inserted);
        } else {
            replaced.push(*product_id);
            // The shop telling back a change storedesk itself pushed is not a change made on the shop.
            if pushed_hash.is_some() && pushed_hash == pulled_hash {
                echoes.push(*product_id);
                out.tally.add(UpsertOutcome::Unchanged);
            } else {
                out.tally.add(UpsertOutcome::Updated);
            }
        }
        let Some(record) = by_id.get(remote_id.as_str()) else { continue };
        variants.extend(record.variants.iter().map(|v| VariantJson {
            product_id: *product_id,
            remote_id: &v.remote_id,
            sku: v.sku.as_deref(),
            attributes: &v.attributes,
            price_minor: v.price.minor,
            currency: &v.price.currency,
            available_quantity: v.available_quantity,
        }));
    }
    let written_ids: HashSet<&str> = written.iter().map(|w| w.1.as_str()).collect();
    let skipped = not_written(&page, &written_ids, |r| r.remote_id.as_str(), |r| r.updated_at);
    count_skipped(conn, "products", shop_id, &skipped, &mut out.tally).await?;
    if written.is_empty() {
        return Ok(out);
    }
    if !replaced.is_empty() {
        sqlx::query("DELETE FROM product_variants WHERE product_id IN (SELECT value FROM json_each(?))")
            .bind(json(&replaced)?)
            .execute(&mut *conn)
            .await?;
    }
    if !variants.is_empty() {
        sqlx::query(
            "INSERT INTO product_variants (product_id, remote_id, sku, attributes, price_minor, currency, \
             available_quantity, remote_price_minor, remote_available_quantity) \
             SELECT v.value ->> 'product_id', v.value ->> 'remote_id', v.value ->> 'sku', v.value ->> 'attributes', \
                v.value ->> 'price_minor', v.value ->> 'currency', v.value ->> 'available_quantity', \
                v.value ->> 'price_minor', v.value ->> 'available_quantity' \
             FROM json_each(?) v",
        )
        .bind(json(&variants)?)
        .execute(&mut *conn)
        .await?;
    }
    // Edits not yet sent stay shown over what the shop had (a pull never overwrites a pending edit).
    let product_ids: Vec<i64> = written.iter().map(|w| w.0).collect();
    let open: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT product_id FROM outbox WHERE status IN ('pending', 'sending') \
         AND product_id IN (SELECT value FROM json_each(?))",
    )
    .bind(json(&product_ids)?)
    .fetch_all(&mut *conn)
    .await?;
    // The levels first: an open edit of one location's stock is laid over them.
    write_stock_levels(conn, &written, &by_id).await?;
    for product_id in open {
        super::shown::recompute_shown(conn, product_id).await?;
    }
    let units =
        super::catalogue::units_of(written.iter().filter_map(|w| by_id.get(w.1.as_str()).map(|record| (w.0, *record))));
    super::catalogue::bind_units(conn, shop_id, &units, synced_at).await?;
    if !echoes.is_empty() {
        sqlx::query("UPDATE products SET pushed_hash = NULL WHERE id IN (SELECT value FROM json_each(?))")
            .bind(json(&echoes)?)
            .execute(&mut *conn)
            .await?;
    }
    Ok(out)
}

/// One stock level as the page statement reads it.
#[derive(Serialize)]
struct LevelJson<'a> {
    product_id: i64,
    variant_remote_id: &'a str,
    location_id: &'a str,
    location_name: &'a str,
    available: i64,
}

/// Replaces the stock levels of the listings a page wrote with what their records say.
async fn write_stock_levels(
    conn: &mut SqliteConnection,
    written: &[Written],
    by_id: &HashMap<&str, &ProductRecord>,
) -> Result<(), StoreError> {
    let ids: Vec<i64> = written.iter().map(|w| w.0).collect();
    sqlx::query("DELETE FROM stock_levels WHERE product_id IN (SELECT value FROM json_each(?))")
        .bind(json(&ids)?)
        .execute(&mut *conn)
        .await?;
    let mut levels = Vec::new();
    for (product_id, remote_id, ..) in written {
        let Some(record) = by_id.get(remote_id.as_str()) else { continue };
        let units = std::iter::once(("", &record.stock_levels))
            .chain(record.variants.iter().map(|v| (v.remote_id.as_str(), &v.stock_levels)));
        for (variant_remote_id, unit_levels) in units {
            levels.extend(unit_levels.iter().map(|l| LevelJson {
                product_id: *product_id,
                variant_remote_id,
                location_id: &l.location_id,
                location_name: &l.location_name,
                available: l.available,
            }));
        }
    }
    if levels.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO stock_levels (product_id, variant_remote_id, location_id, location_name, available, \
            remote_available) \
         SELECT l.value ->> 'product_id', l.value ->> 'variant_remote_id', l.value ->> 'location_id', \
            l.value ->> 'location_name', l.value ->> 'available', l.value ->> 'available' FROM json_each(?) l WHERE true \
         ON CONFLICT DO UPDATE SET location_name = excluded.location_name, available = excluded.available, \
            remote_available = excluded.remote_available",
    )
    .bind(json(&levels)?)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A digest of a record's editable fields (price, stock and its levels, state, and each variation's price and
/// stock): the binding's pulled and pushed hashes.
pub(super) fn record_hash(r: &ProductRecord) -> String {
    let mut text = format!("{}|{}|{}|{}", r.price.minor, r.price.currency, r.available_quantity, r.state.as_str());
    // Levels only where the channel has locations, so a listing without them keeps the hash it had.
    let levels = |text: &mut String, levels: &[StockLevel]| {
        for l in levels {
            text.push_str(&format!("@{}:{}", l.location_id, l.available));
        }
    };
    levels(&mut text, &r.stock_levels);
    for v in &r.variants {
        text.push_str(&format!("|{}:{}:{}", v.remote_id, v.price.minor, v.available_quantity));
        levels(&mut text, &v.stock_levels);
    }
    crate::digest::short_hex(&text)
}
