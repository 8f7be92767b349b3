//! The token manager: every request holds a lease on the access token it uses, and a refresh never
//! races one (ARCHITECTURE invariant 4).
//!
//! - A lease is a read guard on the shop's gate plus the token it was handed.
//! - A refresh is single-flight in the process (one mutex per shop) and across processes sharing the data
//!   directory (an exclusive lock on a per-shop file under the data directory, and the credential row's
//!   generation compared with the one it started from: a loser reads the winner's pair instead of
//!   refreshing again). No SQLite transaction is held while the provider answers: the new pair is written
//!   in a short one after the answer came.
//! - Before sending the single-use refresh token, the refresh takes the gate for writing, which waits
//!   (bounded) for leases on the old access token to end and holds back new ones.
//! - The new pair is committed to SQLite before anything uses it; then the gate opens.
//! - `invalid_grant` marks the shop "needs reconnect" and every later call fails fast, without a request.
//! - Tokens of any lifetime work: the early-refresh margin scales with the lifetime the provider
//!   announced (`refresh_margin_ms`), so a token is refreshed about once per lifetime, and a lease never
//!   refreshes twice (issue #8: a 3-second token used to be refreshed on every request, or forever).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{OwnedRwLockReadGuard, RwLock};

use crate::error::StoreError;
use crate::model::{ShopId, ShopStatus};
use crate::store::{load_credentials, write_credentials, Store};
use crate::vault::{Secret, Vault, VaultError};

/// An access token, its refresh token, when the access token was received and when it expires (unix ms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenPair {
    pub access_token: Secret,
    pub refresh_token: Secret,
    pub expires_at: i64,
    /// With `expires_at`, the lifetime the provider announced. Pairs stored before this field existed
    /// read 0: a lifetime long enough for the policy's full margin.
    #[serde(default)]
    pub issued_at: i64,
}

/// A token endpoint's answer, before its lifetime is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenAnswer {
    pub access_token: Secret,
    pub refresh_token: Secret,
    /// `expires_in` as the provider sent it (seconds), if it sent one.
    pub expires_in: Option<i64>,
    /// The expiry the token itself names (a JWT's claim), in unix ms: used instead of `expires_in`.
    pub expires_at: Option<i64>,
    /// When the answer arrived (unix ms).
    pub received_at: i64,
}

/// The provider announced an access-token lifetime storedesk cannot keep fresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LifetimeError {
    #[error("the provider announced no lifetime for its access token (expires_in is missing)")]
    Missing,
    #[error("the provider announced an access-token lifetime of {0} s; a lifetime must be positive")]
    NotPositive(i64),
}

impl TokenAnswer {
    /// The pair, if the provider announced a usable lifetime.
    pub fn into_pair(self) -> Result<TokenPair, LifetimeError> {
        let expires_at = match (self.expires_at, self.expires_in) {
            (Some(at), _) if at <= self.received_at => {
                return Err(LifetimeError::NotPositive((at - self.received_at) / 1000))
            }
            (Some(at), _) => at,
            (None, None) => return Err(LifetimeError::Missing),
            (None, Some(s)) if s <= 0 => return Err(LifetimeError::NotPositive(s)),
            (None, Some(s)) => self.received_at.saturating_add(s.saturating_mul(1000)),
        };
        Ok(TokenPair {
            access_token: self.access_token,
            refresh_token: self.refresh_token,
            expires_at,
            issued_at: self.received_at,
        })
    }
}

/// How long before expiry a token is refreshed: the policy's margin, but never more than a fifth of the
/// token's lifetime, so a token is refreshed about once per lifetime whatever that lifetime is (with a
/// fixed 5-minute margin, a 3-second or a 5-minute token is always due). And at least the second a
/// provider's clock may have cut: `expires_in` counts whole seconds from an issue time the provider
/// rounded down (oidc-provider does), so the token may expire up to a second before `received + expires_in`
/// (measured against oidc-provider: with a fifth alone, 3% of the leases of 3 s tokens handed out a token
/// the server already held expired). Never more than half the lifetime.
pub fn refresh_margin_ms(lifetime_ms: i64, max_margin_ms: i64) -> i64 {
    const PROVIDER_CLOCK_MS: i64 = 1_000;
    max_margin_ms.min(lifetime_ms / 5).max(PROVIDER_CLOCK_MS.min(lifetime_ms / 2)).max(0)
}

/// Whether a token received at `issued_at` and expiring at `expires_at` is due for refresh at `now`.
pub fn refresh_due(now: i64, issued_at: i64, expires_at: i64, max_margin_ms: i64) -> bool {
    now >= expires_at.saturating_sub(refresh_margin_ms(expires_at.saturating_sub(issued_at), max_margin_ms))
}

/// How a refresh failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefreshError {
    /// The grant is gone (refresh token used, expired or revoked): only a person can reconnect.
    #[error("the provider refused the refresh token: {0}")]
    InvalidGrant(String),
    /// Anything else (network, 5xx, rate limit): the old pair is still the current one.
    #[error("the token refresh failed: {0}")]
    Failed(String),
    /// The provider answered with a token storedesk cannot use. Its refresh token was kept (it is single
    /// use); calls fail fast with this error for a while instead of refreshing on every request.
    #[error("the provider's new token cannot be used: {0}")]
    BadLifetime(LifetimeError),
}

/// The provider side of a refresh: sends a refresh token, returns the answer.
pub trait Refresher: Send + Sync + 'static {
    fn refresh<'a>(
        &'a self,
        refresh_token: &'a Secret,
    ) -> Pin<Box<dyn Future<Output = Result<TokenAnswer, RefreshError>> + Send + 'a>>;
}

/// After a refresh answered with an unusable lifetime, calls fail fast this long before trying again.
const BAD_LIFETIME_PAUSE_MS: i64 = 60_000;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("this shop needs to be reconnected: its authorization was revoked or expired")]
    NeedsReconnect,
    #[error("this shop is not connected")]
    NotConnected,
    #[error(transparent)]
    Refresh(#[from] RefreshError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl AuthError {
    pub fn code(&self) -> crate::error::ErrorCode {
        use crate::error::ErrorCode;
        match self {
            AuthError::NeedsReconnect | AuthError::Refresh(RefreshError::InvalidGrant(_)) => ErrorCode::NeedsReconnect,
            AuthError::NotConnected => ErrorCode::NotConnected,
            AuthError::Refresh(RefreshError::BadLifetime(_)) => ErrorCode::TokenLifetime,
            AuthError::Refresh(RefreshError::Failed(_)) => ErrorCode::Offline,
            AuthError::Store(e) => e.code(),
            AuthError::Vault(_) => ErrorCode::Vault,
        }
    }
}

impl From<AuthError> for crate::error::ApiError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::Store(e) => e.into(),
            other => crate::error::ApiError::new(other.code(), other.to_string()),
        }
    }
}

impl From<sqlx::Error> for AuthError {
    fn from(e: sqlx::Error) -> Self {
        AuthError::Store(StoreError::Database(e))
    }
}

/// Tuning of the token manager.
#[derive(Debug, Clone, Copy)]
pub struct TokenPolicy {
    /// Refresh at most this long before the access token expires (less for short-lived tokens: see
    /// `refresh_margin_ms`).
    pub refresh_margin: Duration,
    /// How long a refresh waits for leases on the old token to end before it goes ahead anyway.
    pub drain_timeout: Duration,
    /// How long the provider may take to answer a refresh. Another process refreshing the same shop waits
    /// this long (and the drain) for the refresh lock before it gives up.
    pub refresh_timeout: Duration,
}

impl Default for TokenPolicy {
    fn default() -> Self {
        TokenPolicy {
            refresh_margin: Duration::from_secs(300),
            drain_timeout: Duration::from_secs(10),
            refresh_timeout: Duration::from_secs(8),
        }
    }
}

/// The right to use one access token for one request. Dropping it ends the lease.
#[derive(Debug)]
pub struct Lease {
    token: Secret,
    generation: i64,
    _gate: OwnedRwLockReadGuard<()>,
}

impl Lease {
    /// The access token, for the Authorization header.
    pub fn access_token(&self) -> &Secret {
        &self.token
    }

    pub fn generation(&self) -> i64 {
        self.generation
    }
}

#[derive(Debug, Clone)]
enum Current {
    Unknown,
    Valid { access: Secret, issued_at: i64, expires_at: i64, generation: i64 },
    Dead,
}

/// When early refreshes may be tried again, and calls that must wait out an unusable token.
#[derive(Debug, Default, Clone, Copy)]
struct Backoff {
    /// A failed early refresh is not tried again before this (the current token still works).
    early_refresh_after: i64,
    /// Until then, leases fail with this error without a request.
    unusable: Option<(i64, LifetimeError)>,
}

/// The token manager of one shop. Cheap to clone; clones share the gate and the refresh lock.
#[derive(Clone)]
pub struct TokenManager {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    vault: Vault,
    shop_id: ShopId,
    refresher: Arc<dyn Refresher>,
    policy: TokenPolicy,
    gate: Arc<RwLock<()>>,
    current: Mutex<Current>,
    backoff: Mutex<Backoff>,
    refresh_lock: tokio::sync::Mutex<()>,
}

/// One shop's refresh lock across the processes sharing a data directory: an exclusive lock on
/// `locks/refresh-{shop}.lock`, released when dropped (or when the process ends, however it ends).
struct RefreshLock {
    _file: std::fs::File,
}

impl RefreshLock {
    /// Takes the lock, waiting at most `wait` for another process to release it.
    async fn take(store: &Store, shop_id: ShopId, wait: Duration) -> Result<RefreshLock, AuthError> {
        let dir = store.data_dir().join("locks");
        let path = dir.join(format!("refresh-{shop_id}.lock"));
        let io = |e: std::io::Error| AuthError::Refresh(RefreshError::Failed(format!("the refresh lock: {e}")));
        std::fs::create_dir_all(&dir).map_err(io)?;
        let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(io)?;
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(RefreshLock { _file: file }),
                Err(std::fs::TryLockError::WouldBlock) if tokio::time::Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(25)).await;
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(AuthError::Refresh(RefreshError::Failed(
                        "another storedesk process is still refreshing this shop's token".into(),
                    )))
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
            }
        }
    }
}

/// The vault context a shop's token pair is sealed under.
pub fn tokens_context(shop_id: ShopId) -> String {
    format!("shop:{shop_id}/tokens")
}

/// Seals and stores a freshly obtained pair (connect, reconnect); returns its generation.
pub async fn store_new_pair(store: &Store, vault: &Vault, shop_id: ShopId, pair: &TokenPair) -> Result<i64, AuthError> {
    let sealed = seal_pair(vault, shop_id, pair)?;
    Ok(store.save_credentials(shop_id, &sealed, pair.expires_at).await?)
}

fn seal_pair(vault: &Vault, shop_id: ShopId, pair: &TokenPair) -> Result<Vec<u8>, AuthError> {
    let plain = serde_json::to_vec(pair).map_err(|_| VaultError::Seal)?;
    Ok(vault.seal(&tokens_context(shop_id), &plain)?)
}

fn open_pair(vault: &Vault, shop_id: ShopId, sealed: &[u8]) -> Result<TokenPair, AuthError> {
    let plain = vault.open_sealed(&tokens_context(shop_id), sealed)?;
    serde_json::from_slice(&plain).map_err(|_| AuthError::Vault(VaultError::Open))
}

impl TokenManager {
    pub fn new(
        store: Store,
        vault: Vault,
        shop_id: ShopId,
        refresher: Arc<dyn Refresher>,
        policy: TokenPolicy,
    ) -> Self {
        TokenManager {
            inner: Arc::new(Inner {
                store,
                vault,
                shop_id,
                refresher,
                policy,
                gate: Arc::new(RwLock::new(())),
                current: Mutex::new(Current::Unknown),
                backoff: Mutex::new(Backoff::default()),
                refresh_lock: tokio::sync::Mutex::new(()),
            }),
        }
    }

    pub fn shop_id(&self) -> ShopId {
        self.inner.shop_id
    }

    /// A lease on a valid access token, refreshing first when it is about to expire. A lease refreshes
    /// at most once: after a refresh it uses the new token while that token is valid.
    pub async fn lease(&self) -> Result<Lease, AuthError> {
        let max_margin = i64::try_from(self.inner.policy.refresh_margin.as_millis()).unwrap_or(i64::MAX);
        let mut refreshed = false;
        loop {
            let current = self.current().await?;
            let Current::Valid { issued_at, expires_at, generation, .. } = current else {
                return Err(AuthError::NeedsReconnect);
            };
            let now = self.inner.store.now();
            let backoff = self.backoff();
            if let Some((until, why)) = backoff.unusable {
                if now < until {
                    return Err(RefreshError::BadLifetime(why).into());
                }
            }
            let expired = expires_at <= now;
            let due = refresh_due(now, issued_at, expires_at, max_margin);
            if !refreshed && (expired || (due && now >= backoff.early_refresh_after)) {
                match self.refresh_from(generation).await {
                    Ok(()) => {
                        refreshed = true;
                        continue;
                    }
                    // The provider is unreachable but the token still works: use it while it lasts, and
                    // try again after a quarter of the margin rather than on every request.
                    Err(AuthError::Refresh(RefreshError::Failed(reason))) if !expired => {
                        tracing::warn!(shop = self.inner.shop_id, %reason, "early refresh failed; the token is still valid");
                        let pause = refresh_margin_ms(expires_at - issued_at, max_margin) / 4;
                        self.update_backoff(|b| b.early_refresh_after = now + pause);
                    }
                    Err(err) => return Err(err),
                }
            } else if expired {
                // Refreshed in this very call and already expired: a lifetime shorter than a round trip.
                return Err(RefreshError::Failed("the new access token expired before it could be used".into()).into());
            }
            let gate = self.inner.gate.clone().read_owned().await;
            // The token may have changed while this waited behind a refresh: hand out the current one.
            match self.snapshot() {
                Current::Valid { access, expires_at: e, generation: g, .. } if e == expires_at && g == generation => {
                    return Ok(Lease { token: access, generation, _gate: gate });
                }
                _ => continue,
            }
        }
    }

    /// The provider answered 401 to a request made with `lease`: refresh once (unless someone already
    /// did since that lease was taken). The lease is consumed so the refresh does not wait on it.
    pub async fn rejected(&self, lease: Lease) -> Result<(), AuthError> {
        let generation = lease.generation;
        drop(lease);
        self.refresh_from(generation).await
    }

    fn snapshot(&self) -> Current {
        self.inner.current.lock().map(|c| c.clone()).unwrap_or(Current::Unknown)
    }

    fn set(&self, value: Current) {
        if let Ok(mut c) = self.inner.current.lock() {
            *c = value;
        }
    }

    fn backoff(&self) -> Backoff {
        self.inner.backoff.lock().map(|b| *b).unwrap_or_default()
    }

    fn update_backoff(&self, change: impl FnOnce(&mut Backoff)) {
        if let Ok(mut b) = self.inner.backoff.lock() {
            change(&mut b);
        }
    }

    async fn current(&self) -> Result<Current, AuthError> {
        let snapshot = self.snapshot();
        if !matches!(snapshot, Current::Unknown) {
            return Ok(snapshot);
        }
        let mut conn = self.inner.store.pool().acquire().await?;
        let loaded = self.read_row(&mut conn).await?;
        self.set(loaded.clone());
        Ok(loaded)
    }

    /// The shop's credentials as stored now.
    async fn read_row(&self, conn: &mut sqlx::SqliteConnection) -> Result<Current, AuthError> {
        let shop = self.inner.shop_id;
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM shops WHERE id = ?").bind(shop).fetch_optional(&mut *conn).await?;
        match status.as_deref() {
            None => return Err(AuthError::Store(StoreError::NotFound(format!("shop {shop}")))),
            Some("needs_reconnect") => return Ok(Current::Dead),
            Some(_) => {}
        }
        let Some(row) = load_credentials(&mut *conn, shop).await? else {
            return Err(AuthError::NotConnected);
        };
        let pair = open_pair(&self.inner.vault, shop, &row.sealed)?;
        Ok(Current::Valid {
            access: pair.access_token,
            issued_at: pair.issued_at,
            expires_at: pair.expires_at,
            generation: row.generation,
        })
    }

    /// How long a refresh waits for another process's refresh of the same shop: its drain and its answer.
    fn lock_wait(&self) -> Duration {
        self.inner.policy.drain_timeout + self.inner.policy.refresh_timeout + Duration::from_secs(1)
    }

    /// Refreshes the pair of generation `seen`, unless it was already replaced.
    async fn refresh_from(&self, seen: i64) -> Result<(), AuthError> {
        let inner = &self.inner;
        let _single_flight = inner.refresh_lock.lock().await;
        match self.snapshot() {
            Current::Valid { generation, .. } if generation != seen => return Ok(()),
            Current::Dead => return Err(AuthError::NeedsReconnect),
            _ => {}
        }
        // Close the gate: wait for leases on the old token to end (bounded) and hold back new ones.
        let drained = tokio::time::timeout(inner.policy.drain_timeout, inner.gate.clone().write_owned()).await.ok();
        if drained.is_none() {
            tracing::warn!(shop = inner.shop_id, "leases did not drain in time; refreshing anyway");
        }
        // Another process refreshing the same shop holds this file's lock until its new pair is stored; no
        // SQLite transaction is held while the provider answers (invariant 12).
        let _across_processes = RefreshLock::take(&inner.store, inner.shop_id, self.lock_wait()).await?;
        let mut conn = inner.store.pool().acquire().await?;
        let stored = self.read_row(&mut conn).await?;
        match &stored {
            Current::Valid { generation, .. } if *generation != seen => {
                tracing::info!(shop = inner.shop_id, "another process refreshed the token; using its pair");
                self.set(stored);
                return Ok(());
            }
            Current::Dead => {
                self.set(Current::Dead);
                return Err(AuthError::NeedsReconnect);
            }
            _ => {}
        }
        let row = load_credentials(&mut conn, inner.shop_id).await?.ok_or(AuthError::NotConnected)?;
        drop(conn);
        let old = open_pair(&inner.vault, inner.shop_id, &row.sealed)?;
        let answer = tokio::time::timeout(inner.policy.refresh_timeout, inner.refresher.refresh(&old.refresh_token))
            .await
            .unwrap_or_else(|_| Err(RefreshError::Failed("the provider did not answer in time".into())));
        let outcome = if answer.is_ok() { "ok" } else { "failed" };
        metrics::counter!("storedesk_token_refreshes_total", "outcome" => outcome).increment(1);
        match answer {
            Ok(answer) => {
                let received_at = answer.received_at;
                let (pair, unusable) = match answer.clone().into_pair() {
                    Ok(pair) => (pair, None),
                    // Keep the new refresh token (the old one is spent) with an access token taken as
                    // already expired, and say why instead of refreshing again on every request.
                    Err(why) => (
                        TokenPair {
                            access_token: answer.access_token,
                            refresh_token: answer.refresh_token,
                            expires_at: received_at,
                            issued_at: received_at,
                        },
                        Some(why),
                    ),
                };
                let sealed = seal_pair(&inner.vault, inner.shop_id, &pair)?;
                // Durable before anyone uses it: the single-use refresh token is never lost. A short
                // transaction, taken after the answer came.
                let mut tx = inner.store.pool().begin_with("BEGIN IMMEDIATE").await?;
                if let Current::Valid { generation, .. } = self.read_row(&mut tx).await? {
                    if generation != seen {
                        // The shop was connected again while the provider answered: that grant wins.
                        tx.commit().await?;
                        self.set(Current::Unknown);
                        return Ok(());
                    }
                }
                let generation = write_credentials(&mut tx, inner.shop_id, &sealed, pair.expires_at).await?;
                tx.commit().await?;
                self.set(Current::Valid {
                    access: pair.access_token,
                    issued_at: pair.issued_at,
                    expires_at: pair.expires_at,
                    generation,
                });
                if let Some(why) = unusable {
                    tracing::warn!(shop = inner.shop_id, %why, "the refreshed token cannot be used");
                    self.update_backoff(|b| b.unusable = Some((received_at + BAD_LIFETIME_PAUSE_MS, why)));
                    return Err(RefreshError::BadLifetime(why).into());
                }
                tracing::info!(shop = inner.shop_id, generation, "access token refreshed");
                self.update_backoff(|b| *b = Backoff::default());
                Ok(())
            }
            Err(RefreshError::InvalidGrant(reason)) => {
                // Only the grant this refresh was sent for is dead: a reconnect made meanwhile stays.
                sqlx::query(
                    "UPDATE shops SET status = ? WHERE id = ? \
                     AND EXISTS (SELECT 1 FROM credentials c WHERE c.shop_id = shops.id AND c.generation = ?)",
                )
                .bind(ShopStatus::NeedsReconnect.as_str())
                .bind(inner.shop_id)
                .bind(seen)
                .execute(inner.store.pool())
                .await?;
                tracing::warn!(shop = inner.shop_id, %reason, "refresh refused: the shop needs reconnecting");
                self.set(Current::Dead);
                inner.store.notify_shop_status(inner.shop_id, ShopStatus::NeedsReconnect);
                Err(AuthError::NeedsReconnect)
            }
            Err(err) => Err(err.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    #[test]
    fn the_margin_is_a_fifth_of_the_lifetime_up_to_the_policy_margin() {
        // (lifetime ms, policy margin ms, margin ms)
        let table = [
            (6 * 60 * MIN, 5 * MIN, 5 * MIN), // MercadoLibre's 6 hours: the full margin
            (60 * MIN, 5 * MIN, 5 * MIN),     // Shopify's hour
            (5 * MIN, 5 * MIN, MIN),          // the offers service's JWT: a fifth
            (3_000, 5 * MIN, 1_000),          // a second of the provider's clock, more than a fifth
            (1_000, 5 * MIN, 500),            // never more than half
            (8_000, 5 * MIN, 1_600),
            (4, 5 * MIN, 2),
            (0, 5 * MIN, 0),
            (-5, 5 * MIN, 0),
        ];
        for (lifetime, policy, want) in table {
            assert_eq!(refresh_margin_ms(lifetime, policy), want, "lifetime {lifetime} ms");
        }
    }

    #[test]
    fn a_fresh_short_token_is_not_due_and_an_old_one_is() {
        let issued = 1_000_000;
        // (now, expires_at, due)
        let table = [
            (issued, issued + 3_000, false), // just received: never due at once, whatever the lifetime
            (issued + 1_999, issued + 3_000, false),
            (issued + 2_000, issued + 3_000, true), // the last second (more than the last fifth)
            (issued + 3_000, issued + 3_000, true),
            (issued, issued + 6 * 60 * MIN, false),
            (issued + 6 * 60 * MIN - 5 * MIN, issued + 6 * 60 * MIN, true),
        ];
        for (now, expires_at, due) in table {
            assert_eq!(refresh_due(now, issued, expires_at, 5 * MIN), due, "now {now}, expires {expires_at}");
        }
        // A pair stored before `issued_at` existed (0) gets the policy's margin.
        assert!(!refresh_due(issued, 0, issued + 10 * MIN, 5 * MIN));
        assert!(refresh_due(issued + 5 * MIN, 0, issued + 10 * MIN, 5 * MIN));
    }

    #[test]
    fn a_missing_zero_or_negative_lifetime_is_refused() {
        let answer = |expires_in| TokenAnswer {
            expires_at: None,
            access_token: Secret::new("a"),
            refresh_token: Secret::new("r"),
            expires_in,
            received_at: 1_000,
        };
        assert_eq!(answer(None).into_pair(), Err(LifetimeError::Missing));
        assert_eq!(answer(Some(0)).into_pair(), Err(LifetimeError::NotPositive(0)));
        assert_eq!(answer(Some(-30)).into_pair(), Err(LifetimeError::NotPositive(-30)));
        let pair = answer(Some(3)).into_pair().unwrap();
        assert_eq!((pair.issued_at, pair.expires_at), (1_000, 4_000));
        // A JWT's own claim wins over expires_in, to the millisecond; one already past is refused.
        let jwt = |at| TokenAnswer { expires_at: Some(at), ..answer(None) };
        assert_eq!(jwt(2_500).into_pair().map(|p| p.expires_at), Ok(2_500));
        assert_eq!(jwt(1_000).into_pair(), Err(LifetimeError::NotPositive(0)));
    }
}
