//! Connecting a shop through the provider's page: the attempts in flight (a loopback listener waiting for
//! the browser, or an attempt waiting for the pasted answer), each with an id the front end refers to.

use std::sync::atomic::Ordering;

use storedesk_connectors::connect::LOOPBACK_LIMIT;
use storedesk_connectors::{Attempt, RedirectMode};
use storedesk_core::model::{ConnectOutcome, ConnectStart, Shop, ShopId};
use storedesk_core::{ApiError, ErrorCode};
use tokio::sync::watch;

use crate::{App, Notice, Result};

/// An attempt in flight.
pub(crate) enum Pending {
    /// Waits for the person to paste the browser's final URL (a registered HTTPS redirect).
    Paste(Box<Attempt>),
    /// The loopback listener waits for the browser; the outcome arrives on `outcome`.
    Loopback { task: tokio::task::JoinHandle<()>, outcome: watch::Receiver<Option<ConnectOutcome>> },
}

/// How the browser comes back to storedesk.
#[derive(Debug, Clone, Default)]
pub enum ConnectHow {
    /// As the shop's provider app says: its registered HTTPS redirect (paste), or loopback.
    #[default]
    AsConfigured,
    /// A one-shot listener on 127.0.0.1.
    Loopback,
    /// This registered HTTPS redirect; the person pastes the final URL.
    Registered(String),
}

fn no_attempt() -> ApiError {
    ApiError::new(ErrorCode::NoAttempt, "This connection attempt is over; start connecting again.")
}

impl App {
    /// Starts connecting a shop: answers the page to open (the front end opens the browser on it). A
    /// loopback attempt then waits in the background and ends with `Notice::ConnectFinished`; a paste
    /// attempt waits for `finish_connect`.
    pub async fn begin_connect(&self, shop_id: ShopId, how: ConnectHow) -> Result<ConnectStart> {
        let connector = &self.inner.connector;
        let attempt = match how {
            ConnectHow::AsConfigured => connector.begin_for_shop(shop_id).await?,
            ConnectHow::Loopback => connector.begin(shop_id, RedirectMode::Loopback).await?,
            ConnectHow::Registered(uri) => connector.begin(shop_id, RedirectMode::Registered(uri)).await?,
        };
        let attempt_id = self.inner.next_attempt.fetch_add(1, Ordering::Relaxed);
        let authorize_url = attempt.authorize_url.clone();
        let paste = !attempt.is_loopback();
        let pending = if paste {
            Pending::Paste(Box::new(attempt))
        } else {
            let (tx, rx) = watch::channel(None);
            let app = self.clone();
            let task = tokio::spawn(async move {
                let result = app.inner.connector.finish_via_loopback(attempt, LOOPBACK_LIMIT).await;
                let outcome = match result {
                    Ok(shop) => ConnectOutcome { attempt_id, shop_id, shop: Some(shop), error: None },
                    Err(err) => {
                        tracing::warn!(shop = shop_id, error = %err, "connecting failed");
                        ConnectOutcome { attempt_id, shop_id, shop: None, error: Some(err.into()) }
                    }
                };
                let _ = tx.send(Some(outcome.clone()));
                app.notify(Notice::ConnectFinished(Box::new(outcome)));
                app.notify(Notice::ShopsChanged);
            });
            Pending::Loopback { task, outcome: rx }
        };
        if let Ok(mut attempts) = self.inner.attempts.lock() {
            attempts.insert(attempt_id, pending);
        }
        Ok(ConnectStart { attempt_id, shop_id, authorize_url, paste, browser_opened: false })
    }

    /// Finishes a paste attempt with what the person pasted: the final URL (its state must match) or
    /// the bare code.
    pub async fn finish_connect(&self, attempt_id: i64, pasted: &str) -> Result<Shop> {
        let pending = self.inner.attempts.lock().ok().and_then(|mut a| a.remove(&attempt_id));
        let Some(Pending::Paste(attempt)) = pending else { return Err(no_attempt()) };
        let shop = self.inner.connector.finish_pasted(*attempt, pasted).await?;
        self.notify(Notice::ShopsChanged);
        Ok(shop)
    }

    /// Waits for a loopback attempt to end (the command line's way; the desktop gets the notice).
    pub async fn wait_connect(&self, attempt_id: i64) -> Result<Shop> {
        let outcome = match self.inner.attempts.lock().ok().and_then(|a| match a.get(&attempt_id) {
            Some(Pending::Loopback { outcome, .. }) => Some(outcome.clone()),
            _ => None,
        }) {
            Some(rx) => rx,
            None => return Err(no_attempt()),
        };
        let mut rx = outcome;
        let done = rx.wait_for(Option::is_some).await.map_err(|_| no_attempt())?.clone();
        if let Ok(mut attempts) = self.inner.attempts.lock() {
            attempts.remove(&attempt_id);
        }
        match done {
            Some(ConnectOutcome { shop: Some(shop), .. }) => Ok(shop),
            Some(ConnectOutcome { error: Some(error), .. }) => Err(error),
            _ => Err(no_attempt()),
        }
    }

    /// Gives up an attempt: a loopback listener closes its port.
    pub fn cancel_connect(&self, attempt_id: i64) {
        if let Some(Pending::Loopback { task, .. }) =
            self.inner.attempts.lock().ok().and_then(|mut a| a.remove(&attempt_id))
        {
            task.abort();
        }
    }
}
