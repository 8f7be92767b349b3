//! Turning what a person types into an FTS5 query.

use sqlx::SqlitePool;

use crate::error::StoreError;

/// Up to this many matches, search results follow the chosen sort (sorting them is cheap). Past it,
/// sorting every match would take hundreds of milliseconds on a large shop, so results come newest
/// first, in the full-text index's own order, and the page says so.
pub(super) const SORTABLE_MATCHES: i64 = 2_000;

/// Whether a search has more matches than can be sorted quickly. Reads at most one row past the limit.
pub(super) async fn too_many_to_sort(pool: &SqlitePool, fts_table: &str, fts: &str) -> Result<bool, StoreError> {
    let sql = format!("SELECT count(*) FROM (SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH ? LIMIT ?)");
    let n: i64 = sqlx::query_scalar(&sql).bind(fts).bind(SORTABLE_MATCHES + 1).fetch_one(pool).await?;
    Ok(n > SORTABLE_MATCHES)
}

/// Builds an FTS5 MATCH expression from free text: every word must match as a prefix, so "mate cal"
/// finds "Mate de calabaza" and "AB-12" finds SKU "AB-1234". Returns None when nothing searchable is
/// left. Words are quoted, so FTS syntax in the input (quotes, `OR`, `*`, `:`) is taken literally.
pub(super) fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(16)
        .map(|word| format!("\"{word}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
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
