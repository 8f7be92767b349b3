//! Turning what a person types into an FTS5 query.

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
