//! The one-shot loopback listener that receives the browser's redirect (RFC 8252 §7.3): 127.0.0.1 on
//! a random port, one path, closed after the first matching answer or a time limit.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::Query;
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::error::ConnectError;

/// What the provider sent back to the redirect URI.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

impl Callback {
    fn from_pairs(mut q: HashMap<String, String>) -> Callback {
        Callback {
            code: q.remove("code"),
            state: q.remove("state"),
            error: q.remove("error"),
            error_description: q.remove("error_description"),
        }
    }

    /// Reads what a person pasted: the final URL of the browser (code and state checked), or the bare
    /// code (PKCE still binds it to this attempt).
    pub fn from_pasted(text: &str) -> Result<Callback, ConnectError> {
        let text = text.trim();
        if let Ok(url) = url::Url::parse(text) {
            let pairs: HashMap<String, String> = url.query_pairs().into_owned().collect();
            let callback = Callback::from_pairs(pairs);
            if callback.code.is_none() && callback.error.is_none() {
                return Err(ConnectError::NoCode);
            }
            return Ok(callback);
        }
        let bare = !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c));
        if bare {
            Ok(Callback { code: Some(text.to_owned()), ..Default::default() })
        } else {
            Err(ConnectError::NoCode)
        }
    }
}

/// A bound listener waiting for one redirect.
pub struct Loopback {
    pub redirect_uri: String,
    answer: oneshot::Receiver<Callback>,
    server: tokio::task::JoinHandle<()>,
}

const PATH: &str = "/oauth/callback";
const DONE_PAGE: &str = "<!doctype html><meta charset=utf-8><title>storedesk</title>\
    <body style=\"font-family:sans-serif;margin:4em auto;max-width:32em\"><h1>storedesk</h1>\
    <p>Done. You can close this tab and go back to storedesk.</p></body>";

impl Loopback {
    pub async fn bind() -> Result<Loopback, ConnectError> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.map_err(|e| ConnectError::Listener(e.to_string()))?;
        let port = listener.local_addr().map_err(|e| ConnectError::Listener(e.to_string()))?.port();
        let (tx, answer) = oneshot::channel::<Callback>();
        let tx = Arc::new(Mutex::new(Some(tx)));
        let app = Router::new().route(
            PATH,
            get(move |Query(q): Query<HashMap<String, String>>| {
                let tx = tx.clone();
                async move {
                    if let Some(tx) = tx.lock().ok().and_then(|mut t| t.take()) {
                        let _ = tx.send(Callback::from_pairs(q));
                    }
                    Html(DONE_PAGE)
                }
            }),
        );
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Loopback { redirect_uri: format!("http://127.0.0.1:{port}{PATH}"), answer, server })
    }

    /// Waits for the redirect, at most `limit`; the listener closes either way.
    pub async fn wait(mut self, limit: Duration) -> Result<Callback, ConnectError> {
        let result = tokio::time::timeout(limit, &mut self.answer).await;
        // Dropping self stops the listener.
        drop(self);
        match result {
            Ok(Ok(callback)) => Ok(callback),
            Ok(Err(_)) => Err(ConnectError::Listener("the listener stopped".into())),
            Err(_) => Err(ConnectError::Timeout(limit.as_secs().div_ceil(60))),
        }
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.server.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pasted_urls_and_codes() {
        let c = Callback::from_pasted("https://example.com/cb?code=TG-abc&state=xyz").unwrap();
        assert_eq!((c.code.as_deref(), c.state.as_deref()), (Some("TG-abc"), Some("xyz")));
        let c = Callback::from_pasted("  TG-6543-abc  ").unwrap();
        assert_eq!(c.code.as_deref(), Some("TG-6543-abc"));
        assert!(c.state.is_none());
        let denied = Callback::from_pasted("https://example.com/cb?error=access_denied&state=s").unwrap();
        assert_eq!(denied.error.as_deref(), Some("access_denied"));
        assert!(matches!(Callback::from_pasted("https://example.com/cb?foo=1"), Err(ConnectError::NoCode)));
        assert!(matches!(Callback::from_pasted("not a code!"), Err(ConnectError::NoCode)));
        assert!(matches!(Callback::from_pasted(""), Err(ConnectError::NoCode)));
    }

    #[tokio::test]
    async fn the_listener_takes_one_answer_then_closes() {
        let lb = Loopback::bind().await.unwrap();
        let url = format!("{}?code=C1&state=S1", lb.redirect_uri);
        let port = url::Url::parse(&lb.redirect_uri).unwrap().port().unwrap();
        let fetch = tokio::spawn(async move { reqwest::get(url).await.unwrap().text().await.unwrap() });
        let callback = lb.wait(Duration::from_secs(5)).await.unwrap();
        assert_eq!(callback.code.as_deref(), Some("C1"));
        assert!(fetch.await.unwrap().contains("close this tab"));
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err(), "closed after the answer");
    }

    #[tokio::test]
    async fn the_listener_gives_up_after_its_time_limit() {
        let lb = Loopback::bind().await.unwrap();
        let err = lb.wait(Duration::from_millis(100)).await.unwrap_err();
        assert!(matches!(err, ConnectError::Timeout(_)));
    }
}
