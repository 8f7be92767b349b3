//! The local API's records: keys (only their hashes), idempotent answers, webhook subscriptions and their
//! deliveries (written by the schema's triggers with each change, so none is lost).

use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::runs::decode_error;
use super::Store;
use crate::error::StoreError;
use crate::model::{ApiKey, ApiRole, DeliveryStatus, Webhook, WebhookDelivery, WEBHOOK_EVENTS};

/// How long an idempotent answer is replayed.
pub const IDEMPOTENCY_TTL_MS: i64 = 24 * 3_600_000;
/// How long a delivery is retried before it is given up.
pub const DELIVERY_TTL_MS: i64 = 24 * 3_600_000;
/// `last_used_at` is written at most this often per key (a busy key is not a write per request).
const LAST_USED_EVERY_MS: i64 = 30_000;
/// A claimed Idempotency-Key whose request has not answered in this long is taken as abandoned.
const STALE_CLAIM_MS: i64 = 60_000;
/// Delivered and given-up deliveries are kept this long for the deliveries list, then pruned.
pub const DELIVERIES_KEPT_MS: i64 = 7 * 24 * 3_600_000;

/// The stored form of a key: its SHA-256, hex.
pub fn key_hash(secret: &str) -> String {
    crate::digest::sha256_hex(&[secret.trim().as_bytes()])
}

fn key_row(r: &SqliteRow) -> Result<ApiKey, sqlx::Error> {
    let role: String = r.try_get("role")?;
    Ok(ApiKey {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        role: ApiRole::parse(&role).ok_or_else(|| decode_error("role", &role))?,
        prefix: r.try_get("prefix")?,
        created_at: r.try_get("created_at")?,
        last_used_at: r.try_get("last_used_at")?,
        revoked_at: r.try_get("revoked_at")?,
    })
}

fn webhook_row(r: &SqliteRow) -> Result<Webhook, sqlx::Error> {
    let events: String = r.try_get("events")?;
    Ok(Webhook {
        id: r.try_get("id")?,
        url: r.try_get("url")?,
        events: events.split(',').filter(|e| !e.is_empty()).map(str::to_owned).collect(),
        active: r.try_get("active")?,
        created_at: r.try_get("created_at")?,
    })
}

fn delivery_row(r: &SqliteRow) -> Result<WebhookDelivery, sqlx::Error> {
    let status: String = r.try_get("status")?;
    Ok(WebhookDelivery {
        id: r.try_get("id")?,
        webhook_id: r.try_get("subscription_id")?,
        event: r.try_get("event")?,
        entity: r.try_get("entity")?,
        payload: r.try_get("payload")?,
        status: DeliveryStatus::parse(&status).ok_or_else(|| decode_error("status", &status))?,
        attempts: r.try_get("attempts")?,
        next_attempt_at: r.try_get("next_attempt_at")?,
        last_status: r.try_get("last_status")?,
        last_response: r.try_get("last_response")?,
        created_at: r.try_get("created_at")?,
        delivered_at: r.try_get("delivered_at")?,
    })
}

/// What an Idempotency-Key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Idempotent {
    /// First use: go on, then `finish_idempotent`.
    Fresh,
    /// The same request was answered before: replay this.
    Replay { status: u16, body: String },
    /// The key was used for a different request.
    Mismatch,
    /// The first request with this key has not finished.
    InProgress,
}

/// What a delivery attempt ended with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAttempt {
    pub status: Option<u16>,
    pub response: String,
    pub delivered: bool,
}

/// Between deliveries of one event: 5 s, doubling, at most an hour.
pub fn delivery_backoff_ms(attempts: i64) -> i64 {
    crate::backoff::doubling_ms(5_000, attempts.clamp(0, 63) as u32, 3_600_000)
}

impl Store {
    /// Stores a new key (its hash and prefix only).
    pub async fn add_api_key(&self, name: &str, role: ApiRole, secret: &str) -> Result<ApiKey, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a key needs a name".into()));
        }
        let prefix: String = secret.chars().take(10).collect();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_keys (name, role, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(&prefix)
        .bind(key_hash(secret))
        .bind(self.now())
        .fetch_one(&self.pool)
        .await?;
        self.api_key(id).await
    }

    pub async fn api_key(&self, id: i64) -> Result<ApiKey, StoreError> {
        let row = sqlx::query("SELECT * FROM api_keys WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("API key {id}")))?;
        Ok(key_row(&row)?)
    }

    pub async fn list_api_keys(&self) -> Result<Vec<ApiKey>, StoreError> {
        let rows =
            sqlx::query("SELECT * FROM api_keys ORDER BY revoked_at IS NOT NULL, id").fetch_all(&self.pool).await?;
        Ok(rows.iter().map(key_row).collect::<Result<_, _>>()?)
    }

    pub async fn revoke_api_key(&self, id: i64) -> Result<ApiKey, StoreError> {
        sqlx::query("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
            .bind(self.now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        self.api_key(id).await
    }

    /// The key a secret belongs to, if it is a key and not revoked; notes its use.
    pub async fn verify_api_key(&self, secret: &str) -> Result<Option<ApiKey>, StoreError> {
        let row = sqlx::query("SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL")
            .bind(key_hash(secret))
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let key = key_row(&row)?;
        let now = self.now();
        if key.last_used_at.is_none_or(|at| now - at >= LAST_USED_EVERY_MS) {
            // Best effort: a request is not refused because its key's last use could not be noted (the
            // database busy with a long sync write).
            let noted = sqlx::query("UPDATE api_keys SET last_used_at = ? WHERE id = ?")
                .bind(now)
                .bind(key.id)
                .execute(&self.pool)
                .await;
            if let Err(e) = noted {
                tracing::debug!(error = %e, key = key.id, "last use not noted");
            }
        }
        Ok(Some(key))
    }

    /// Claims an Idempotency-Key for a request (by the key and a hash of the request).
    pub async fn begin_idempotent(
        &self,
        key_id: i64,
        idem_key: &str,
        request_hash: &str,
    ) -> Result<Idempotent, StoreError> {
        let now = self.now();
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("DELETE FROM idempotent_answers WHERE created_at < ?")
            .bind(now - IDEMPOTENCY_TTL_MS)
            .execute(&mut *tx)
            .await?;
        let found: Option<(String, Option<i64>, Option<String>, i64)> = sqlx::query_as(
            "SELECT request_hash, status, body, created_at FROM idempotent_answers WHERE key_id = ? AND idem_key = ?",
        )
        .bind(key_id)
        .bind(idem_key)
        .fetch_optional(&mut *tx)
        .await?;
        // A claim that never answered (its process was killed) is given up after a minute.
        let found = found.filter(|(_, status, _, at)| status.is_some() || now - at < STALE_CLAIM_MS);
        if found.is_none() {
            sqlx::query("DELETE FROM idempotent_answers WHERE key_id = ? AND idem_key = ?")
                .bind(key_id)
                .bind(idem_key)
                .execute(&mut *tx)
                .await?;
        }
        let answer = match found {
            Some((hash, _, _, _)) if hash != request_hash => Idempotent::Mismatch,
            Some((_, Some(status), body, _)) => {
                Idempotent::Replay { status: status as u16, body: body.unwrap_or_default() }
            }
            Some((_, None, _, _)) => Idempotent::InProgress,
            None => {
                sqlx::query(
                    "INSERT INTO idempotent_answers (key_id, idem_key, request_hash, created_at) VALUES (?, ?, ?, ?)",
                )
                .bind(key_id)
                .bind(idem_key)
                .bind(request_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                Idempotent::Fresh
            }
        };
        tx.commit().await?;
        Ok(answer)
    }

    /// Keeps a request's answer under its Idempotency-Key (a 5xx is not kept: the request may be tried again).
    pub async fn finish_idempotent(
        &self,
        key_id: i64,
        idem_key: &str,
        status: u16,
        body: &str,
    ) -> Result<(), StoreError> {
        if status >= 500 {
            sqlx::query("DELETE FROM idempotent_answers WHERE key_id = ? AND idem_key = ?")
                .bind(key_id)
                .bind(idem_key)
                .execute(&self.pool)
                .await?;
            return Ok(());
        }
        sqlx::query("UPDATE idempotent_answers SET status = ?, body = ? WHERE key_id = ? AND idem_key = ?")
            .bind(i64::from(status))
            .bind(body)
            .bind(key_id)
            .bind(idem_key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Gives up a claim whose request ended without an answer (nothing is kept; a retry runs).
    pub async fn abandon_idempotent(&self, key_id: i64, idem_key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM idempotent_answers WHERE key_id = ? AND idem_key = ? AND status IS NULL")
            .bind(key_id)
            .bind(idem_key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Prunes delivered and given-up deliveries older than `DELIVERIES_KEPT_MS`; answers how many.
    pub async fn prune_deliveries(&self) -> Result<u64, StoreError> {
        let before = crate::time::now_ms() - DELIVERIES_KEPT_MS;
        Ok(sqlx::query("DELETE FROM webhook_deliveries WHERE status != 'pending' AND created_at < ?")
            .bind(before)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// Adds a webhook subscription (its secret sealed by the caller).
    pub async fn add_webhook(&self, url: &str, events: &[String], sealed_secret: &[u8]) -> Result<Webhook, StoreError> {
        if let Some(bad) = events.iter().find(|e| !WEBHOOK_EVENTS.contains(&e.as_str())) {
            return Err(StoreError::Invalid(format!("unknown event '{bad}' (known: {})", WEBHOOK_EVENTS.join(", "))));
        }
        if events.is_empty() {
            return Err(StoreError::Invalid("a webhook needs at least one event".into()));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO webhook_subscriptions (url, events, secret, created_at) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(url)
        .bind(events.join(","))
        .bind(sealed_secret)
        .bind(self.now())
        .fetch_one(&self.pool)
        .await?;
        self.webhook(id).await
    }

    pub async fn webhook(&self, id: i64) -> Result<Webhook, StoreError> {
        let row = sqlx::query("SELECT * FROM webhook_subscriptions WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("webhook {id}")))?;
        Ok(webhook_row(&row)?)
    }

    /// A webhook's sealed signing secret.
    pub async fn webhook_secret(&self, id: i64) -> Result<Vec<u8>, StoreError> {
        sqlx::query_scalar("SELECT secret FROM webhook_subscriptions WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("webhook {id}")))
    }

    pub async fn list_webhooks(&self) -> Result<Vec<Webhook>, StoreError> {
        let rows = sqlx::query("SELECT * FROM webhook_subscriptions ORDER BY id").fetch_all(&self.pool).await?;
        Ok(rows.iter().map(webhook_row).collect::<Result<_, _>>()?)
    }

    /// Removes a subscription and its deliveries.
    pub async fn remove_webhook(&self, id: i64) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM webhook_subscriptions WHERE id = ?").bind(id).execute(&self.pool).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("webhook {id}")));
        }
        Ok(())
    }

    /// Deliveries, newest first (of one webhook, when given).
    pub async fn list_deliveries(&self, webhook: Option<i64>, limit: i64) -> Result<Vec<WebhookDelivery>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM webhook_deliveries WHERE (? IS NULL OR subscription_id = ?) ORDER BY id DESC LIMIT ?",
        )
        .bind(webhook)
        .bind(webhook)
        .bind(limit.clamp(1, 1_000))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(delivery_row).collect::<Result<_, _>>()?)
    }

    /// Deliveries due now, each the first pending one of its entity for its webhook (order per entity).
    pub async fn due_deliveries(&self, limit: i64) -> Result<Vec<WebhookDelivery>, StoreError> {
        let rows = sqlx::query(
            "SELECT d.* FROM webhook_deliveries d WHERE d.status = 'pending' AND d.next_attempt_at <= ? \
             AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.subscription_id = d.subscription_id \
                             AND e.entity = d.entity AND e.status = 'pending' AND e.id < d.id) \
             ORDER BY d.id LIMIT ?",
        )
        .bind(crate::time::now_ms())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(delivery_row).collect::<Result<_, _>>()?)
    }

    /// When the next pending delivery is due (None: nothing pending).
    pub async fn next_delivery_at(&self) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT min(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending'")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Stores an attempt: delivered, or pending again after a backoff, or given up after 24 hours.
    pub async fn record_delivery(&self, id: i64, attempt: &DeliveryAttempt) -> Result<(), StoreError> {
        let now = crate::time::now_ms();
        let response: String = attempt.response.chars().take(500).collect();
        if attempt.delivered {
            sqlx::query(
                "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = ?, \
                 last_response = ?, delivered_at = ? WHERE id = ?",
            )
            .bind(attempt.status.map(i64::from))
            .bind(&response)
            .bind(now)
            .bind(id)
            .execute(&self.pool)
            .await?;
            return Ok(());
        }
        let attempts: i64 = sqlx::query_scalar("SELECT attempts FROM webhook_deliveries WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("delivery {id}")))?;
        sqlx::query(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, last_response = ?, \
             next_attempt_at = ?, status = CASE WHEN ? - created_at >= ? THEN 'failed' ELSE 'pending' END WHERE id = ?",
        )
        .bind(attempt.status.map(i64::from))
        .bind(&response)
        .bind(now + delivery_backoff_ms(attempts))
        .bind(now)
        .bind(DELIVERY_TTL_MS)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Sends a delivery again (one given up, or one delivered that the receiver lost).
    pub async fn redeliver(&self, id: i64) -> Result<WebhookDelivery, StoreError> {
        let now = crate::time::now_ms();
        let done = sqlx::query(
            "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, created_at = ?, \
             delivered_at = NULL WHERE id = ?",
        )
        .bind(now)
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("delivery {id}")));
        }
        let row = sqlx::query("SELECT * FROM webhook_deliveries WHERE id = ?").bind(id).fetch_one(&self.pool).await?;
        Ok(delivery_row(&row)?)
    }

    /// Edits waiting (pending or being sent) and the age of the oldest, for the metrics.
    pub async fn outbox_depth(&self) -> Result<(i64, Option<i64>), StoreError> {
        Ok(sqlx::query_as("SELECT count(*), min(created_at) FROM outbox WHERE status IN ('pending', 'sending')")
            .fetch_one(&self.pool)
            .await?)
    }

    /// The schema version the database is at (for readiness).
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT ifnull(max(version), 0) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(&self.pool)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_kept_as_its_hash_and_the_backoff_grows_to_an_hour() {
        assert_eq!(key_hash("sd_abc"), key_hash(" sd_abc "));
        assert_ne!(key_hash("sd_abc"), key_hash("sd_abd"));
        assert_eq!(key_hash("x").len(), 64);
        assert_eq!(delivery_backoff_ms(0), 5_000);
        assert_eq!(delivery_backoff_ms(1), 10_000);
        assert_eq!(delivery_backoff_ms(20), 3_600_000);
    }
}
