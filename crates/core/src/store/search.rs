//! Turning what a person types into an FTS5 query.

use sqlx::sqlite::SqliteRow;
use sqlx::SqlitePool;

use super::query::{Listing, SortKey};
use crate::error::StoreError;
use crate::model::SortDir;

/// A listable table with a full-text index whose rowids are the table's ids.
pub(super) struct Searchable {
    pub columns: &'static str,
    /// The table (aliased) and its joins, for lists.
    pub from: &'static str,
    /// The table alone (aliased), for counts.
    pub table: &'static str,
    pub id_column: &'static str,
    pub fts_table: &'static str,
    /// The index's own rowid as a sort key: newest first for searches with too many matches.
    pub newest: SortKey,
}

/// One page of a list.
pub(super) struct Page<T> {
    pub rows: Vec<T>,
    pub next_cursor: Option<String>,
    /// The search had too many matches to sort: rows are newest first instead of in `sort` order.
    pub newest_first: bool,
}

impl Searchable {
    fn search_filter(&self, listing: &mut Listing<'_>, fts: &str) {
        let (id, table) = (self.id_column, self.fts_table);
        listing
            .and()
            .push(format_args!("{id} IN (SELECT rowid FROM {table} WHERE {table} MATCH "))
            .push_bind(fts.to_owned())
            .push(")");
    }

    /// A page of rows passing `filter` and matching `search`, in `sort` order when the matches are few
    /// enough to sort, else newest first.
    #[allow(clippy::too_many_arguments)]
    pub async fn page<T>(
        &self,
        pool: &SqlitePool,
        search: Option<&str>,
        sort: SortKey,
        dir: SortDir,
        cursor: Option<&str>,
        limit: i64,
        filter: impl Fn(&mut Listing<'_>),
        map: impl Fn(&SqliteRow) -> Result<T, sqlx::Error>,
    ) -> Result<Page<T>, StoreError> {
        let fts = search.and_then(fts_query);
        if let Some(fts) = &fts {
            if too_many_to_sort(pool, self.fts_table, fts).await? {
                let (table, id) = (self.fts_table, self.id_column);
                let from = format!("{table} JOIN {}", self.from);
                let mut listing = Listing::rows(self.columns, self.newest, &from, self.newest.expr);
                listing.and().push(format_args!("{id} = {table}.rowid AND {table} MATCH ")).push_bind(fts.clone());
                filter(&mut listing);
                let (rows, next_cursor) =
                    listing.fetch_page(pool, self.newest, SortDir::Desc, cursor, limit, map).await?;
                return Ok(Page { rows, next_cursor, newest_first: true });
            }
        }
        let mut listing = Listing::rows(self.columns, sort, self.from, self.id_column);
        filter(&mut listing);
        if let Some(fts) = &fts {
            self.search_filter(&mut listing, fts);
        }
        let (rows, next_cursor) = listing.fetch_page(pool, sort, dir, cursor, limit, map).await?;
        Ok(Page { rows, next_cursor, newest_first: false })
    }

    /// How many rows pass `filter` and match `search`.
    pub async fn count(
        &self,
        pool: &SqlitePool,
        search: Option<&str>,
        filter: impl Fn(&mut Listing<'_>),
    ) -> Result<i64, StoreError> {
        let mut listing = Listing::count(self.table);
        filter(&mut listing);
        if let Some(fts) = search.and_then(fts_query) {
            self.search_filter(&mut listing, &fts);
        }
        listing.fetch_count(pool).await
    }
}

/// Up to this many matches, search results follow the chosen sort (sorting them is cheap). Past it,
/// sorting every match would take hundreds of milliseconds on a large shop, so results come newest
/// first, in the full-text index's own order, and the page says so.
pub(super) const SORTABLE_MATCHES: i64 = 2_000;

/// Whether a search has more matches than can be sorted quickly. Reads at most one row past the limit.
async fn too_many_to_sort(pool: &SqlitePool, fts_table: &str, fts: &str) -> Result<bool, StoreError> {
    let sql = format!("SELECT count(*) FROM (SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH ? LIMIT ?)");
    let n: i64 = sqlx::query_scalar(&sql).bind(fts).bind(SORTABLE_MATCHES + 1).fetch_one(pool).await?;
    Ok(n > SORTABLE_MATCHES)
}

/// Builds an FTS5 MATCH expression from free text: every word must match as a prefix, so "mate cal"
/// finds "Mate de calabaza" and "AB-12" finds SKU "AB-1234". Returns None when nothing searchable is
/// left. Words are quoted, so FTS syntax in the input (quotes, `OR`, `*`, `:`) is taken literally.
fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(16)
        .map(|word| format!("\"{word}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl super::Store {
    /// A shop's products backfill begins: the products' search rows stop being kept row by row until
    /// `end_search_backfill` (migration 0011 says why). Idempotent.
    pub async fn begin_search_backfill(&self, shop_id: crate::model::ShopId) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO search_deferred (shop_id, since) VALUES (?, ?) ON CONFLICT (shop_id) DO NOTHING")
            .bind(shop_id)
            .bind(self.now())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A shop's products backfill ended (completed, stopped or failed alike): when no other backfill is
    /// running, the search index is rebuilt from the products, in the same transaction, so search is exact
    /// again when this returns. Nothing happens when the shop had no backfill. Returns whether it rebuilt.
    pub async fn end_search_backfill(&self, shop_id: crate::model::ShopId) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let ended =
            sqlx::query("DELETE FROM search_deferred WHERE shop_id = ?").bind(shop_id).execute(&mut *tx).await?;
        let others: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM search_deferred)").fetch_one(&mut *tx).await?;
        let rebuild = ended.rows_affected() > 0 && !others;
        if rebuild {
            sqlx::query("INSERT INTO products_fts (products_fts) VALUES ('rebuild')").execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(rebuild)
    }

    /// Every product stored, of every shop (what rebuilding the search index reads).
    pub async fn count_all_products(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM products").fetch_one(&self.pool).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn quotes_every_word_as_a_prefix() {
        assert_eq!(fts_query("Mate cal").as_deref(), Some("\"Mate\"* \"cal\"*"));
        assert_eq!(fts_query("AB-12").as_deref(), Some("\"AB\"* \"12\"*"));
        assert_eq!(fts_query("\"x\" OR y*").as_deref(), Some("\"x\"* \"OR\"* \"y\"*"));
        assert_eq!(fts_query("  -- ''  "), None);
        assert_eq!(fts_query("café").as_deref(), Some("\"café\"*"));
    }
}
