//! The one HTTP client configuration every connector uses, and the one way URLs are built.
//!
//! Every URL goes through the URL serializer: each path segment and each query value is
//! percent-encoded, never pasted into a string. Provider values are not fixed words: MercadoLibre's
//! scroll ids carry `+ / = :`, dates carry `+hh:mm` offsets, and a raw `+` arrives as a space
//! (issue #8; `marketplace-apis.md`, "Listings"). ARCHITECTURE invariant 6.

use std::time::Duration;

use url::Url;

/// A client with rustls, bounded timeouts and no redirects (an OAuth token endpoint must never be
/// followed elsewhere; API answers are never redirects).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(concat!("storedesk/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        // Building fails only when the TLS backend cannot initialise, which is a broken install.
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// An API's base URL: http(s), able to take path segments. Checked once, so building a URL on it
/// cannot fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(Url);

/// The text is not an http(s) URL that paths can be added to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an http:// or https:// address")]
pub struct BadBaseUrl(pub String);

impl BaseUrl {
    pub fn parse(text: &str) -> Result<BaseUrl, BadBaseUrl> {
        match Url::parse(text.trim()) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && !url.cannot_be_a_base() => Ok(BaseUrl(url)),
            _ => Err(BadBaseUrl(text.to_owned())),
        }
    }

    pub fn as_url(&self) -> &Url {
        &self.0
    }

    /// `base/seg/seg?k=v&k=v`: each segment and value percent-encoded. A base with a path keeps it.
    pub fn join(&self, segments: &[&str], query: &[(&str, &str)]) -> Url {
        let mut url = self.0.clone();
        url.set_query(None);
        url.set_fragment(None);
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }
}

impl std::fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_str().trim_end_matches('/'))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The query of `url` decoded back into pairs, as a server reads it.
    pub fn query_of(url: &Url) -> Vec<(String, String)> {
        url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
    }

    #[test]
    fn every_value_round_trips_through_the_url() {
        let base = BaseUrl::parse("http://127.0.0.1:9/api/").unwrap();
        let awkward = "YXBp+Y29y/ZS1p==:ZHMt YXB&p=1?#%";
        let url = base.join(&["users", "a/b c", "items"], &[("scroll_id", awkward), ("limit", "100")]);
        assert_eq!(query_of(&url), vec![("scroll_id".into(), awkward.into()), ("limit".into(), "100".into())]);
        // A slash or space inside a segment stays inside it.
        assert_eq!(url.path(), "/api/users/a%2Fb%20c/items");
        // Reparsing the text (what goes over the wire) gives the same values.
        let reparsed = Url::parse(url.as_str()).unwrap();
        assert_eq!(query_of(&reparsed), query_of(&url));
        assert!(url.as_str().contains("YXBp%2BY29y%2FZS1p%3D%3D%3AZHMt+YXB%26p%3D1%3F%23%25"), "{url}");
    }

    #[test]
    fn only_http_bases_with_a_path_are_accepted() {
        assert!(BaseUrl::parse("https://api.mercadolibre.com").is_ok());
        assert!(BaseUrl::parse("ftp://x").is_err());
        assert!(BaseUrl::parse("mailto:a@b").is_err());
        assert!(BaseUrl::parse("not a url").is_err());
        let base = BaseUrl::parse("https://api.mercadolibre.com/").unwrap();
        assert_eq!(base.join(&["users", "me"], &[]).as_str(), "https://api.mercadolibre.com/users/me");
        assert_eq!(base.to_string(), "https://api.mercadolibre.com");
    }
}
