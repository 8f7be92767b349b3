//! The catalogue: the business's items and the bindings that tie each listing's unit (the listing, or each
//! of its variants) to at most one of them.
//!
//! Binding by SKU happens inside the transaction that stores a page of listings: the page's units are
//! upserted into `catalogue_bindings`, and every SKU key the page touched (the new keys and the ones the
//! units held before) is resolved again for its shop, a few set-wise statements per page. A key held by one
//! unit of a shop binds it to the key's item (made on first sight); a key held by two units of one shop binds
//! neither (a catalogue problem for staff). A binding made by hand (`manual`) is never changed by a pull.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::keyset::Cursor;
use super::page::json;
use super::products::levels_json;
use super::{page_limit, Store};
use crate::error::StoreError;
use crate::model::{
    BoundBy, CatalogueCounts, CatalogueFilter, CatalogueListing, CataloguePage, CatalogueQuery, CatalogueRow,
    ListingState, ListingUnit, ProductRecord, ShopId, Unbound,
};
use crate::money::Money;

/// The key two SKUs match by: trimmed, ASCII letters lower-cased (as the migration's SQL computes it).
pub fn sku_key(sku: &str) -> Option<String> {
    let key = sku.trim().to_ascii_lowercase();
    (!key.is_empty()).then_some(key)
}

/// A unit of a listing as the binding statements read it.
#[derive(Serialize)]
pub(super) struct Unit {
    product_id: i64,
    remote_id: String,
    /// '' for a listing without variants.
    variant_remote_id: String,
    sku_key: Option<String>,
}

impl Unit {
    fn new(product_id: i64, remote_id: &str, variant_remote_id: &str, sku: Option<&str>) -> Self {
        Unit {
            product_id,
            remote_id: remote_id.to_owned(),
            variant_remote_id: variant_remote_id.to_owned(),
            sku_key: sku.and_then(sku_key),
        }
    }
}

/// The units of freshly written listings: each variant when a listing has variants, the listing otherwise.
pub(super) fn units_of<'a>(written: impl IntoIterator<Item = (i64, &'a ProductRecord)>) -> Vec<Unit> {
    let mut units = Vec::new();
    for (product_id, r) in written {
        if r.variants.is_empty() {
            units.push(Unit::new(product_id, &r.remote_id, "", r.sku.as_deref()));
        }
        for v in &r.variants {
            units.push(Unit::new(product_id, &r.remote_id, &v.remote_id, v.sku.as_deref()));
        }
    }
    units
}

/// Binds the units of listings a page just wrote, in the page's transaction.
pub(super) async fn bind_units(
    conn: &mut SqliteConnection,
    shop_id: ShopId,
    units: &[Unit],
    now: i64,
) -> Result<(), StoreError> {
    if units.is_empty() {
        return Ok(());
    }
    let product_ids: BTreeSet<i64> = units.iter().map(|u| u.product_id).collect();
    let product_ids = json(&product_ids)?;
    let mut keys: BTreeSet<String> = sqlx::query_scalar(
        "SELECT DISTINCT sku_key FROM catalogue_bindings \
         WHERE product_id IN (SELECT value FROM json_each(?)) AND sku_key IS NOT NULL",
    )
    .bind(&product_ids)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    keys.extend(units.iter().filter_map(|u| u.sku_key.clone()));
    let rows = json(&units)?;
    // A variant that is gone takes its binding with it.
    sqlx::query(
        "DELETE FROM catalogue_bindings WHERE product_id IN (SELECT value FROM json_each(?1)) \
         AND NOT EXISTS (SELECT 1 FROM json_each(?2) u WHERE u.value ->> 'product_id' = catalogue_bindings.product_id \
                         AND u.value ->> 'variant_remote_id' = catalogue_bindings.variant_remote_id)",
    )
    .bind(&product_ids)
    .bind(&rows)
    .execute(&mut *conn)
    .await?;
    // A unit whose SKU went away is unbound at once (unless staff bound it); the others are resolved by key.
    sqlx::query(
        "INSERT INTO catalogue_bindings (shop_id, product_id, remote_id, variant_remote_id, sku_key, bound_at) \
         SELECT ?, u.value ->> 'product_id', u.value ->> 'remote_id', u.value ->> 'variant_remote_id', \
                u.value ->> 'sku_key', ? \
         FROM json_each(?) u WHERE true \
         ON CONFLICT (shop_id, remote_id, variant_remote_id) DO UPDATE SET \
            product_id = excluded.product_id, sku_key = excluded.sku_key, \
            item_id = CASE WHEN bound_by = 'sku' AND excluded.sku_key IS NULL THEN NULL ELSE item_id END \
         WHERE sku_key IS NOT excluded.sku_key OR product_id IS NOT excluded.product_id",
    )
    .bind(shop_id)
    .bind(now)
    .bind(&rows)
    .execute(&mut *conn)
    .await?;
    resolve_keys(conn, shop_id, &keys, now).await
}

/// Binds or unbinds, by SKU, every unit of a shop holding one of `keys`, and makes the items first seen.
async fn resolve_keys(
    conn: &mut SqliteConnection,
    shop_id: ShopId,
    keys: &BTreeSet<String>,
    now: i64,
) -> Result<(), StoreError> {
    if keys.is_empty() {
        return Ok(());
    }
    let keys = json(keys)?;
    // How many units of the shop hold a key, whoever bound them: two is a problem, even if staff linked one.
    const HOLDERS: &str =
        "(SELECT count(*) FROM catalogue_bindings o WHERE o.shop_id = b.shop_id AND o.sku_key = b.sku_key)";
    sqlx::query(&format!(
        "INSERT INTO catalogue_items (sku, sku_key, title, created_at) \
         SELECT trim(coalesce(v.sku, p.sku), ' ' || char(9) || char(10) || char(13)), b.sku_key, p.title, ?1 \
         FROM catalogue_bindings b \
         JOIN products p ON p.id = b.product_id \
         LEFT JOIN product_variants v ON v.product_id = b.product_id AND v.remote_id = b.variant_remote_id \
         WHERE b.shop_id = ?2 AND b.bound_by = 'sku' AND b.sku_key IN (SELECT value FROM json_each(?3)) \
           AND {HOLDERS} = 1 \
         ON CONFLICT (sku_key) DO NOTHING"
    ))
    .bind(now)
    .bind(shop_id)
    .bind(&keys)
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!(
        "UPDATE catalogue_bindings SET item_id = target.item_id, bound_at = ?1 \
         FROM (SELECT b.id, CASE WHEN {HOLDERS} = 1 THEN i.id END AS item_id \
               FROM catalogue_bindings b LEFT JOIN catalogue_items i ON i.sku_key = b.sku_key \
               WHERE b.shop_id = ?2 AND b.bound_by = 'sku' AND b.sku_key IN (SELECT value FROM json_each(?3))) AS target \
         WHERE catalogue_bindings.id = target.id AND catalogue_bindings.item_id IS NOT target.item_id"
    ))
    .bind(now)
    .bind(shop_id)
    .bind(&keys)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One unit with everything the catalogue shows of it.
const UNIT_COLUMNS: &str = concat!(
    "b.id AS binding_id, b.item_id, b.shop_id, s.name AS shop_name, b.product_id, b.remote_id, \
    b.variant_remote_id, b.bound_by, b.sku_key, p.title, coalesce(v.sku, p.sku) AS unit_sku, \
    coalesce(v.price_minor, p.price_minor) AS price_minor, coalesce(v.currency, p.currency) AS currency, \
    coalesce(v.available_quantity, p.available_quantity) AS stock, p.state, p.status, p.synced_at, \
    (SELECT ",
    levels_json!(),
    " FROM stock_levels l \
     WHERE l.product_id = b.product_id AND l.variant_remote_id = b.variant_remote_id) AS stock_levels, \
    (b.sku_key IS NOT NULL AND (SELECT count(*) FROM catalogue_bindings o \
        WHERE o.shop_id = b.shop_id AND o.sku_key = b.sku_key) > 1) AS shared"
);
const UNIT_FROM: &str = "catalogue_bindings b JOIN products p ON p.id = b.product_id JOIN shops s ON s.id = b.shop_id \
    LEFT JOIN product_variants v ON v.product_id = b.product_id AND v.remote_id = b.variant_remote_id";

/// Items whose bound units do not all show one price, or one stock figure.
const DIFFERS: &str =
    "(SELECT count(DISTINCT coalesce(v.price_minor, p.price_minor) || coalesce(v.currency, p.currency)) > 1 \
        OR count(DISTINCT coalesce(v.available_quantity, p.available_quantity)) > 1 \
     FROM catalogue_bindings b JOIN products p ON p.id = b.product_id \
     LEFT JOIN product_variants v ON v.product_id = b.product_id AND v.remote_id = b.variant_remote_id \
     WHERE b.item_id = i.id)";

/// A unit sharing its key with another unit of its shop.
const SHARED: &str = "b.sku_key IS NOT NULL AND (SELECT count(*) FROM catalogue_bindings o \
    WHERE o.shop_id = b.shop_id AND o.sku_key = b.sku_key) > 1";

fn map_unit(row: &SqliteRow) -> Result<CatalogueListing, sqlx::Error> {
    let bound_by: String = row.try_get("bound_by")?;
    let bound_by = BoundBy::parse(&bound_by).ok_or_else(|| super::runs::decode_error("bound_by", &bound_by))?;
    let state: String = row.try_get("state")?;
    let state = ListingState::parse(&state).ok_or_else(|| super::runs::decode_error("state", &state))?;
    let variant: String = row.try_get("variant_remote_id")?;
    let item_id: Option<i64> = row.try_get("item_id")?;
    let sku_key: Option<String> = row.try_get("sku_key")?;
    let unbound = match (item_id, bound_by) {
        (Some(_), _) => None,
        (None, BoundBy::Manual) => Some(Unbound::Unlinked),
        (None, BoundBy::Sku) if sku_key.is_none() => Some(Unbound::NoSku),
        (None, BoundBy::Sku) => Some(Unbound::SharedSkuInShop),
    };
    Ok(CatalogueListing {
        shop_id: row.try_get("shop_id")?,
        shop_name: row.try_get("shop_name")?,
        product_id: row.try_get("product_id")?,
        remote_id: row.try_get("remote_id")?,
        variation_id: (!variant.is_empty()).then_some(variant),
        title: row.try_get("title")?,
        sku: row.try_get("unit_sku")?,
        price: Money { minor: row.try_get("price_minor")?, currency: row.try_get("currency")? },
        stock: row.try_get("stock")?,
        stock_levels: super::products::levels(row)?,
        state,
        status: row.try_get("status")?,
        synced_at: row.try_get("synced_at")?,
        bound_by,
        unbound,
    })
}

/// Whether the listings do not all show one price, or one stock figure.
fn listings_differ(listings: &[CatalogueListing]) -> bool {
    let Some(first) = listings.first() else { return false };
    listings.iter().any(|l| l.price != first.price || l.stock != first.stock)
}

/// `%text%` for LIKE, with LIKE's own characters taken literally.
fn like_pattern(search: Option<&str>) -> Option<String> {
    let text = search.map(str::trim).filter(|s| !s.is_empty())?;
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    Some(format!("%{escaped}%"))
}

impl Store {
    /// One page of the catalogue: items with their listings (ordered by SKU), or unbound listings.
    pub async fn list_catalogue(&self, q: &CatalogueQuery) -> Result<CataloguePage, StoreError> {
        match q.filter {
            CatalogueFilter::Items | CatalogueFilter::Differs => self.list_items(q).await,
            CatalogueFilter::Unbound | CatalogueFilter::Problems => self.list_unbound(q).await,
        }
    }

    async fn list_items(&self, q: &CatalogueQuery) -> Result<CataloguePage, StoreError> {
        let order = format!("catalogue-{}:asc", if q.filter == CatalogueFilter::Differs { "differs" } else { "items" });
        let after = q.cursor.as_deref().map(|c| Cursor::decode(c, &order)).transpose()?;
        let limit = page_limit(q.limit);
        let mut qb =
            sqlx::QueryBuilder::new("SELECT i.id, i.sku, i.sku_key, i.title FROM catalogue_items i WHERE true");
        if let Some(after) = &after {
            let key = after.value.as_str().unwrap_or_default().to_owned();
            qb.push(" AND (i.sku_key, i.id) > (").push_bind(key).push(", ").push_bind(after.id).push(")");
        }
        if let Some(pattern) = like_pattern(q.search.as_deref()) {
            qb.push(" AND (i.sku_key LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR i.title LIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '\\')");
        }
        if q.filter == CatalogueFilter::Differs {
            qb.push(" AND ").push(DIFFERS);
        }
        qb.push(" ORDER BY i.sku_key, i.id LIMIT ").push_bind(limit + 1);
        let mut items: Vec<(i64, String, String, String)> = qb.build_query_as().fetch_all(&self.pool).await?;
        let next_cursor = (items.len() as i64 > limit).then(|| {
            items.truncate(limit as usize);
            let last = &items[items.len() - 1];
            Cursor { order: order.clone(), value: Value::from(last.2.clone()), id: last.0 }.encode()
        });
        let ids: Vec<i64> = items.iter().map(|i| i.0).collect();
        let units = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} FROM {UNIT_FROM} WHERE b.item_id IN (SELECT value FROM json_each(?)) \
             ORDER BY s.name, b.shop_id, b.remote_id, b.variant_remote_id"
        ))
        .bind(json(&ids)?)
        .fetch_all(&self.pool)
        .await?;
        let mut rows: Vec<CatalogueRow> = items
            .into_iter()
            .map(|(id, sku, _, title)| CatalogueRow {
                item_id: Some(id),
                sku: Some(sku),
                title,
                listings: Vec::new(),
                differs: false,
            })
            .collect();
        for unit in &units {
            let item_id: Option<i64> = unit.try_get("item_id")?;
            if let Some(row) = rows.iter_mut().find(|r| r.item_id == item_id) {
                row.listings.push(map_unit(unit)?);
            }
        }
        for row in &mut rows {
            row.differs = listings_differ(&row.listings);
        }
        Ok(CataloguePage { rows, next_cursor })
    }

    async fn list_unbound(&self, q: &CatalogueQuery) -> Result<CataloguePage, StoreError> {
        let order =
            format!("catalogue-{}:asc", if q.filter == CatalogueFilter::Problems { "problems" } else { "unbound" });
        let after = q.cursor.as_deref().map(|c| Cursor::decode(c, &order)).transpose()?;
        let limit = page_limit(q.limit);
        let mut qb = sqlx::QueryBuilder::new(format!("SELECT {UNIT_COLUMNS} FROM {UNIT_FROM} WHERE "));
        qb.push(if q.filter == CatalogueFilter::Problems { SHARED } else { "b.item_id IS NULL" });
        if let Some(after) = &after {
            qb.push(" AND b.id > ").push_bind(after.id);
        }
        if let Some(pattern) = like_pattern(q.search.as_deref()) {
            qb.push(" AND (coalesce(v.sku, p.sku) LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR p.title LIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '\\')");
        }
        qb.push(" ORDER BY b.id LIMIT ").push_bind(limit + 1);
        let mut units = qb.build().fetch_all(&self.pool).await?;
        let next_cursor = (units.len() as i64 > limit).then(|| {
            units.truncate(limit as usize);
            let last: i64 = units[units.len() - 1].try_get("binding_id").unwrap_or_default();
            Cursor { order: order.clone(), value: Value::from(0), id: last }.encode()
        });
        let rows = units
            .iter()
            .map(|unit| {
                let listing = map_unit(unit)?;
                Ok(CatalogueRow {
                    item_id: None,
                    sku: listing.sku.clone(),
                    title: listing.title.clone(),
                    listings: vec![listing],
                    differs: false,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(CataloguePage { rows, next_cursor })
    }

    /// How many rows each catalogue filter holds.
    pub async fn catalogue_counts(&self) -> Result<CatalogueCounts, StoreError> {
        let (items, differs, unbound, problems): (i64, i64, i64, i64) = sqlx::query_as(&format!(
            "SELECT (SELECT count(*) FROM catalogue_items), \
                    (SELECT count(*) FROM catalogue_items i WHERE {DIFFERS}), \
                    (SELECT count(*) FROM catalogue_bindings WHERE item_id IS NULL), \
                    (SELECT count(*) FROM catalogue_bindings b WHERE {SHARED})"
        ))
        .fetch_one(&self.pool)
        .await?;
        Ok(CatalogueCounts { items, differs, unbound, problems })
    }

    /// Binds a listing's unit to the item with this SKU (made if the catalogue has none), by hand: no pull
    /// changes it afterwards.
    pub async fn link_listing(&self, unit: &ListingUnit, sku: &str) -> Result<CatalogueRow, StoreError> {
        let key = sku_key(sku).ok_or_else(|| StoreError::Invalid("a SKU to link to is required".into()))?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let (binding_id, old_key, title) = find_unit(&mut tx, unit).await?;
        let now = self.now();
        let item_id: i64 = sqlx::query_scalar(
            "INSERT INTO catalogue_items (sku, sku_key, title, created_at) VALUES (?, ?, ?, ?) \
             ON CONFLICT (sku_key) DO UPDATE SET sku_key = excluded.sku_key RETURNING id",
        )
        .bind(sku.trim())
        .bind(&key)
        .bind(&title)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        bind_by_hand(&mut tx, unit.shop_id, binding_id, Some(item_id), old_key, now).await?;
        tx.commit().await?;
        self.bindings_changed(unit.shop_id);
        self.item_row(item_id).await
    }

    /// Unbinds a listing's unit by hand: it stays unbound whatever its SKU says, until linked again.
    pub async fn unlink_listing(&self, unit: &ListingUnit) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let (binding_id, old_key, _) = find_unit(&mut tx, unit).await?;
        bind_by_hand(&mut tx, unit.shop_id, binding_id, None, old_key, self.now()).await?;
        tx.commit().await?;
        self.bindings_changed(unit.shop_id);
        Ok(())
    }

    /// Moves every listing of item `from` onto item `into` (by hand) and removes `from`.
    pub async fn merge_items(&self, from: i64, into: i64) -> Result<CatalogueRow, StoreError> {
        if from == into {
            return Err(StoreError::Invalid("an item cannot be merged into itself".into()));
        }
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        for id in [from, into] {
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM catalogue_items WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            found.ok_or_else(|| StoreError::NotFound(format!("catalogue item {id}")))?;
        }
        sqlx::query("UPDATE catalogue_bindings SET item_id = ?, bound_by = 'manual', bound_at = ? WHERE item_id = ?")
            .bind(into)
            .bind(self.now())
            .bind(from)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM catalogue_items WHERE id = ?").bind(from).execute(&mut *tx).await?;
        tx.commit().await?;
        let merged = self.item_row(into).await?;
        for shop_id in merged.listings.iter().map(|l| l.shop_id).collect::<BTreeSet<_>>() {
            self.bindings_changed(shop_id);
        }
        Ok(merged)
    }

    /// The listings (product ids, each once) bound to any of these items: what a bulk change over items edits.
    pub async fn bound_listings(&self, item_ids: &[i64]) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT b.product_id FROM catalogue_bindings b \
             WHERE b.item_id IN (SELECT value FROM json_each(?)) ORDER BY b.product_id",
        )
        .bind(json(&item_ids)?)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The id of the item with this SKU (trimmed, case-insensitive).
    pub async fn item_by_sku(&self, sku: &str) -> Result<i64, StoreError> {
        let key = sku_key(sku).ok_or_else(|| StoreError::Invalid("a SKU is required".into()))?;
        sqlx::query_scalar("SELECT id FROM catalogue_items WHERE sku_key = ?")
            .bind(&key)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("catalogue item {}", sku.trim())))
    }

    /// One item with its listings.
    pub async fn item_row(&self, item_id: i64) -> Result<CatalogueRow, StoreError> {
        let (sku, title): (String, String) = sqlx::query_as("SELECT sku, title FROM catalogue_items WHERE id = ?")
            .bind(item_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("catalogue item {item_id}")))?;
        let listings = sqlx::query(&format!(
            "SELECT {UNIT_COLUMNS} FROM {UNIT_FROM} WHERE b.item_id = ? ORDER BY s.name, b.remote_id, b.variant_remote_id"
        ))
        .bind(item_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(map_unit)
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let differs = listings_differ(&listings);
        Ok(CatalogueRow { item_id: Some(item_id), sku: Some(sku), title, listings, differs })
    }

    /// Tells the front ends a shop's listings changed (their catalogue rows did).
    fn bindings_changed(&self, shop_id: ShopId) {
        let resource = crate::model::SyncResource::Products;
        let _ = self.events.send(super::StoreEvent::DataChanged { shop_id, resource, inserted: 0, updated: 1 });
    }
}

/// Sets a unit's item by hand, then resolves its SKU key again: the other units of the shop holding it
/// may now hold it alone, or no longer.
async fn bind_by_hand(
    conn: &mut SqliteConnection,
    shop_id: ShopId,
    binding_id: i64,
    item_id: Option<i64>,
    key: Option<String>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE catalogue_bindings SET item_id = ?, bound_by = 'manual', bound_at = ? WHERE id = ?")
        .bind(item_id)
        .bind(now)
        .bind(binding_id)
        .execute(&mut *conn)
        .await?;
    resolve_keys(conn, shop_id, &key.into_iter().collect(), now).await
}

/// A unit's binding id, its SKU key and its listing's title; a clear error when the listing is unknown or
/// has variants and none was named.
async fn find_unit(
    conn: &mut SqliteConnection,
    unit: &ListingUnit,
) -> Result<(i64, Option<String>, String), StoreError> {
    let variant = unit.variation_id.as_deref().map(str::trim).unwrap_or_default();
    let found: Option<(i64, Option<String>, String)> = sqlx::query_as(
        "SELECT b.id, b.sku_key, p.title FROM catalogue_bindings b JOIN products p ON p.id = b.product_id \
         WHERE b.shop_id = ? AND b.remote_id = ? AND b.variant_remote_id = ?",
    )
    .bind(unit.shop_id)
    .bind(unit.remote_id.trim())
    .bind(variant)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(found) = found {
        return Ok(found);
    }
    let variants: Vec<String> = sqlx::query_scalar(
        "SELECT variant_remote_id FROM catalogue_bindings WHERE shop_id = ? AND remote_id = ? ORDER BY variant_remote_id",
    )
    .bind(unit.shop_id)
    .bind(unit.remote_id.trim())
    .fetch_all(&mut *conn)
    .await?;
    Err(match (variant.is_empty(), variants.is_empty()) {
        (_, true) => StoreError::NotFound(format!("listing {} in shop {}", unit.remote_id, unit.shop_id)),
        (true, false) => StoreError::Invalid(format!(
            "listing {} has variations ({}); name the one to link",
            unit.remote_id,
            variants.join(", ")
        )),
        (false, false) => StoreError::NotFound(format!("variation {variant} of listing {}", unit.remote_id)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sku_keys_match_trimmed_and_case_insensitive() {
        assert_eq!(sku_key("  Sku-001 \t"), Some("sku-001".into()));
        assert_eq!(sku_key("SKU-001"), sku_key("sku-001"));
        assert_eq!(sku_key("   "), None);
        assert_eq!(sku_key(""), None);
        assert_ne!(sku_key("SKU-001"), sku_key("SKU-0010"));
    }

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(like_pattern(Some(" 50%_off ")), Some("%50\\%\\_off%".into()));
        assert_eq!(like_pattern(Some("  ")), None);
        assert_eq!(like_pattern(None), None);
    }
}
