//! The token manager: every request holds a lease on the access token it uses, and a refresh never
//! races one (ARCHITECTURE invariant 4).
//!
//! - A lease is a read guard on the shop's gate plus the token it was handed.
//! - A refresh is single-flight in the process (one mutex per shop) and across processes sharing the data
//!   directory (it runs inside `BEGIN IMMEDIATE`, and compares the credential row's generation with the
//!   one it started from: a loser reads the winner's pair instead of refreshing again).
//! - Before sending the single-use refresh token, the refresh takes the gate for writing, which waits
//!   (bounded) for leases on the old access token to end and holds back new ones.
//! - The new pair is committed to SQLite before anything uses it; then the gate opens.
//! - `invalid_grant` marks the shop "needs reconnect" and every later call fails fast, without a request.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{OwnedRwLockReadGuard, RwLock};

use crate::error::StoreError;
use crate::model::{ShopId, ShopStatus};
use crate::store::{load_credentials, write_credentials, Store};
use crate::time::now_ms;
use crate::vault::{Secret, Vault, VaultError};

/// An access token, its refresh token, and when the access token expires (unix ms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenPair {
    pub access_token: Secret,
    pub refresh_token: Secret,
    pub expires_at: i64,
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
}

/// The provider side of a refresh: sends a refresh token, returns the new pair.
pub trait Refresher: Send + Sync + 'static {
    fn refresh<'a>(
        &'a self,
        refresh_token: &'a Secret,
    ) -> Pin<Box<dyn Future<Output = Result<TokenPair, RefreshError>> + Send + 'a>>;
}

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

impl From<sqlx::Error> for AuthError {
    fn from(e: sqlx::Error) -> Self {
        AuthError::Store(StoreError::Database(e))
    }
}

/// Tuning of the token manager.
#[derive(Debug, Clone, Copy)]
pub struct TokenPolicy {
    /// Refresh this long before the access token expires.
    pub refresh_margin: Duration,
    /// How long a refresh waits for leases on the old token to end before it goes ahead anyway.
    pub drain_timeout: Duration,
    /// How long the provider may take to answer a refresh. The refresh holds SQLite's write lock (so
    /// that processes agree), so this stays below the store's busy timeout.
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
    Valid { access: Secret, expires_at: i64, generation: i64 },
    Dead,
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
    refresh_lock: tokio::sync::Mutex<()>,
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
                refresh_lock: tokio::sync::Mutex::new(()),
            }),
        }
    }

    pub fn shop_id(&self) -> ShopId {
        self.inner.shop_id
    }

    /// A lease on a valid access token, refreshing first when it is about to expire.
    pub async fn lease(&self) -> Result<Lease, AuthError> {
        loop {
            let current = self.current().await?;
            let Current::Valid { expires_at, generation, .. } = current else {
                return Err(AuthError::NeedsReconnect);
            };
            let margin = i64::try_from(self.inner.policy.refresh_margin.as_millis()).unwrap_or(i64::MAX);
            let now = now_ms();
            if expires_at.saturating_sub(margin) <= now {
                match self.refresh_from(generation).await {
                    Ok(()) => continue,
                    // The provider is unreachable but the token still works: use it while it lasts.
                    Err(AuthError::Refresh(RefreshError::Failed(reason))) if expires_at > now => {
                        tracing::warn!(shop = self.inner.shop_id, %reason, "early refresh failed; the token is still valid");
                    }
                    Err(err) => return Err(err),
                }
            }
            let gate = self.inner.gate.clone().read_owned().await;
            // The token may have changed while this waited behind a refresh: hand out the current one.
            match self.snapshot() {
                Current::Valid { access, expires_at: e, generation: g } if e == expires_at && g == generation => {
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
        Ok(Current::Valid { access: pair.access_token, expires_at: pair.expires_at, generation: row.generation })
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
        // BEGIN IMMEDIATE takes SQLite's write lock: another process refreshing the same shop waits here.
        let mut tx = inner.store.pool().begin_with("BEGIN IMMEDIATE").await?;
        let stored = self.read_row(&mut tx).await?;
        match &stored {
            Current::Valid { generation, .. } if *generation != seen => {
                tracing::info!(shop = inner.shop_id, "another process refreshed the token; using its pair");
                tx.commit().await?;
                self.set(stored);
                return Ok(());
            }
            Current::Dead => {
                tx.commit().await?;
                self.set(Current::Dead);
                return Err(AuthError::NeedsReconnect);
            }
            _ => {}
        }
        let row = load_credentials(&mut tx, inner.shop_id).await?.ok_or(AuthError::NotConnected)?;
        let old = open_pair(&inner.vault, inner.shop_id, &row.sealed)?;
        let answer = tokio::time::timeout(inner.policy.refresh_timeout, inner.refresher.refresh(&old.refresh_token))
            .await
            .unwrap_or_else(|_| Err(RefreshError::Failed("the provider did not answer in time".into())));
        match answer {
            Ok(pair) => {
                let sealed = seal_pair(&inner.vault, inner.shop_id, &pair)?;
                // Durable before anyone uses it: the single-use refresh token is never lost.
                let generation = write_credentials(&mut tx, inner.shop_id, &sealed, pair.expires_at).await?;
                tx.commit().await?;
                tracing::info!(shop = inner.shop_id, generation, "access token refreshed");
                self.set(Current::Valid { access: pair.access_token, expires_at: pair.expires_at, generation });
                Ok(())
            }
            Err(RefreshError::InvalidGrant(reason)) => {
                sqlx::query("UPDATE shops SET status = ? WHERE id = ?")
                    .bind(ShopStatus::NeedsReconnect.as_str())
                    .bind(inner.shop_id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                tracing::warn!(shop = inner.shop_id, %reason, "refresh refused: the shop needs reconnecting");
                self.set(Current::Dead);
                inner.store.notify_shop_status(inner.shop_id, ShopStatus::NeedsReconnect);
                Err(AuthError::NeedsReconnect)
            }
            Err(err) => {
                tx.rollback().await?;
                Err(err.into())
            }
        }
    }
}
