//! Webhooks out: subscriptions (a URL, events, a signing secret sealed in the vault), and the deliverer
//! that sends what the schema's triggers queued, signed as Standard Webhooks
//! (<https://www.standardwebhooks.com>): `webhook-id`, `webhook-timestamp`, and `webhook-signature:
//! v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`. The id stays the same across retries, so a
//! receiver that sees a delivery twice (the app was killed after sending, before noting it) drops the copy.

use std::time::Duration;

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use storedesk_core::model::{CreatedWebhook, Webhook, WebhookDelivery};
use storedesk_core::store::DeliveryAttempt;
use storedesk_core::{ApiError, ErrorCode, Store};
use url::Url;

use crate::api_keys::random_bytes;
use crate::{App, Result};

/// The vault context webhook secrets are sealed under.
const SECRET_CONTEXT: &str = "webhook/secret";
/// A receiver gets this long to answer.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);
/// Deliveries sent per look at the queue.
const BATCH: i64 = 50;
/// The longest the deliverer sleeps before looking again (new events are queued by triggers).
const IDLE: Duration = Duration::from_millis(500);
/// How often delivered history older than a week is pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(3_600);

/// The signature headers of one delivery (`secret` is the key bytes behind `whsec_`).
pub fn signature(secret: &[u8], id: &str, timestamp: i64, body: &str) -> String {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
}

/// The `webhook-id` of a delivery: stable across its retries.
pub fn message_id(delivery: &WebhookDelivery) -> String {
    format!("msg_{}", delivery.id)
}

impl App {
    /// Subscribes `url` to `events`; the signing secret (`whsec_…`) is in the answer and sealed in the vault.
    pub async fn add_webhook(&self, url: &str, events: &[String]) -> Result<CreatedWebhook> {
        let parsed = Url::parse(url.trim())
            .map_err(|e| ApiError::new(ErrorCode::InvalidInput, format!("not a URL ({e}): {url}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(ApiError::new(ErrorCode::InvalidInput, format!("a webhook needs an http(s) URL: {url}")));
        }
        let key = random_bytes::<24>()?;
        let sealed = self
            .inner
            .shops
            .vault
            .seal(SECRET_CONTEXT, &key)
            .map_err(|e| ApiError::new(ErrorCode::Vault, e.to_string()))?;
        let webhook = self.inner.store.add_webhook(parsed.as_str(), events, &sealed).await?;
        let secret = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(key));
        Ok(CreatedWebhook { webhook, secret })
    }

    pub async fn list_webhooks(&self) -> Result<Vec<Webhook>> {
        Ok(self.inner.store.list_webhooks().await?)
    }

    pub async fn remove_webhook(&self, id: i64) -> Result<()> {
        Ok(self.inner.store.remove_webhook(id).await?)
    }

    /// Deliveries, newest first (of one webhook, when given), with their attempts and last answers.
    pub async fn webhook_deliveries(&self, webhook: Option<i64>, limit: i64) -> Result<Vec<WebhookDelivery>> {
        Ok(self.inner.store.list_deliveries(webhook, limit).await?)
    }

    /// Sends a delivery again (given up, or lost by the receiver).
    pub async fn redeliver(&self, delivery: i64) -> Result<WebhookDelivery> {
        Ok(self.inner.store.redeliver(delivery).await?)
    }

    /// Sends what is due until `stop` turns true; owner processes run it with the background work.
    pub(crate) async fn deliver_webhooks(&self, mut stop: tokio::sync::watch::Receiver<bool>) {
        let http = match reqwest::Client::builder().timeout(DELIVERY_TIMEOUT).build() {
            Ok(h) => h,
            Err(e) => {
                tracing::error!(error = %e, "webhooks: no HTTP client");
                return;
            }
        };
        let mut pruned_at = tokio::time::Instant::now() - PRUNE_EVERY;
        while !*stop.borrow() {
            if pruned_at.elapsed() >= PRUNE_EVERY {
                pruned_at = tokio::time::Instant::now();
                match self.inner.store.prune_deliveries().await {
                    Ok(n) if n > 0 => tracing::info!(pruned = n, "webhooks: old deliveries pruned"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "webhooks: old deliveries not pruned"),
                }
            }
            let sent = match self.deliver_due(&http).await {
                Ok(n) => n,
                Err(e) => {
                    tracing::warn!(error = %e, "webhooks: could not read the queue");
                    0
                }
            };
            if sent > 0 {
                continue;
            }
            tokio::select! {
                _ = tokio::time::sleep(IDLE) => {}
                _ = stop.changed() => {}
            }
        }
    }

    /// One pass over the due deliveries: each subscription's in order, different subscriptions at once
    /// (a receiver that hangs delays only its own); a failed delivery ends its subscription's pass, so the
    /// rest wait for its backoff instead of failing one by one. Answers how many were attempted.
    async fn deliver_due(&self, http: &reqwest::Client) -> Result<usize> {
        let due = self.inner.store.due_deliveries(BATCH).await?;
        let mut by_webhook: std::collections::BTreeMap<i64, Vec<WebhookDelivery>> = Default::default();
        for delivery in due {
            by_webhook.entry(delivery.webhook_id).or_default().push(delivery);
        }
        let mut passes = tokio::task::JoinSet::new();
        for (webhook, deliveries) in by_webhook {
            let (app, http) = (self.clone(), http.clone());
            passes.spawn(async move { app.deliver_to(webhook, &deliveries, &http).await });
        }
        let mut attempted = 0;
        while let Some(done) = passes.join_next().await {
            match done {
                Ok(Ok(n)) => attempted += n,
                Ok(Err(e)) => tracing::warn!(error = %e, "webhooks: a delivery was not recorded"),
                Err(e) => tracing::warn!(error = %e, "webhooks: a delivery pass ended early"),
            }
        }
        Ok(attempted)
    }

    /// Sends one subscription's due deliveries in order, stopping at its first failure.
    async fn deliver_to(&self, webhook: i64, deliveries: &[WebhookDelivery], http: &reqwest::Client) -> Result<usize> {
        let store = &self.inner.store;
        let target = self.webhook_key(store, webhook).await;
        let mut attempted = 0;
        for delivery in deliveries {
            let attempt = match &target {
                Ok((url, key)) => send(http, url, key, delivery).await,
                Err(e) => DeliveryAttempt { status: None, response: e.to_string(), delivered: false },
            };
            metrics::counter!("storedesk_webhook_attempts_total", "delivered" => attempt.delivered.to_string())
                .increment(1);
            store.record_delivery(delivery.id, &attempt).await?;
            attempted += 1;
            if !attempt.delivered {
                break;
            }
        }
        Ok(attempted)
    }

    async fn webhook_key(&self, store: &Store, webhook: i64) -> Result<(String, Vec<u8>)> {
        let url = store.webhook(webhook).await?.url;
        let sealed = store.webhook_secret(webhook).await?;
        let key = self
            .inner
            .shops
            .vault
            .open_sealed(SECRET_CONTEXT, &sealed)
            .map_err(|e| ApiError::new(ErrorCode::Vault, e.to_string()))?;
        Ok((url, key))
    }
}

/// POSTs one delivery; a 2xx is delivered, anything else (or no answer) is tried again later.
async fn send(http: &reqwest::Client, url: &str, key: &[u8], delivery: &WebhookDelivery) -> DeliveryAttempt {
    let id = message_id(delivery);
    let timestamp = storedesk_core::time::now_ms() / 1000;
    let body = envelope(delivery, timestamp);
    let answer = http
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature(key, &id, timestamp, &body))
        .body(body)
        .send()
        .await;
    match answer {
        Ok(r) => {
            let status = r.status().as_u16();
            let text = r.text().await.unwrap_or_default();
            DeliveryAttempt { status: Some(status), response: text, delivered: (200..300).contains(&status) }
        }
        Err(e) => DeliveryAttempt { status: None, response: e.to_string(), delivered: false },
    }
}

/// The body sent: Standard Webhooks' `{type, timestamp, data}` around the queued payload.
fn envelope(delivery: &WebhookDelivery, timestamp: i64) -> String {
    let data: serde_json::Value = serde_json::from_str(&delivery.payload).unwrap_or(serde_json::Value::Null);
    let at = chrono::DateTime::from_timestamp(timestamp, 0).map(|t| t.to_rfc3339()).unwrap_or_default();
    serde_json::json!({ "type": delivery.event, "timestamp": at, "entity": delivery.entity, "data": data }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification, signed the way receivers check it.
    #[test]
    fn signs_as_the_standard_webhooks_reference() {
        let key = base64::engine::general_purpose::STANDARD.decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let sig = signature(&key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, r#"{"test": 2432232314}"#);
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
