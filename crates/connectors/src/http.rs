//! The one HTTP client configuration every connector uses.

use std::time::Duration;

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
