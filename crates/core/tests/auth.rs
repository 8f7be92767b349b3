//! The token manager's own rules, with a provider whose answers the test chooses (the full flows run
//! over real HTTP against storedesk-sim in storedesk-connectors' tests).

mod common;

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use common::{add_shop, fresh_store};
use storedesk_core::auth::{
    store_new_pair, AuthError, RefreshError, Refresher, TokenAnswer, TokenManager, TokenPair, TokenPolicy,
};
use storedesk_core::model::ShopStatus;
use storedesk_core::time::now_ms;
use storedesk_core::vault::{KeySource, Secret, Vault};

/// A provider that always answers the same way, counting the refreshes it was sent.
struct Provider {
    answer: Result<(), RefreshError>,
    calls: AtomicU32,
}

impl Refresher for Provider {
    fn refresh<'a>(
        &'a self,
        _: &'a Secret,
    ) -> Pin<Box<dyn Future<Output = Result<TokenAnswer, RefreshError>> + Send + 'a>> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            self.answer.clone().map(|()| TokenAnswer {
                expires_at: None,
                access_token: Secret::new(format!("new-{n}")),
                refresh_token: Secret::new(format!("r-new-{n}")),
                expires_in: Some(3_600),
                received_at: now_ms(),
            })
        })
    }
}

fn pair(access: &str, expires_at: i64) -> TokenPair {
    TokenPair {
        access_token: Secret::new(access),
        refresh_token: Secret::new(format!("r-{access}")),
        expires_at,
        issued_at: expires_at - 3_600_000,
    }
}

async fn manager(
    expires_in_ms: i64,
    answer: Result<(), RefreshError>,
) -> (tempfile::TempDir, TokenManager, Arc<Provider>) {
    let (dir, store) = fresh_store().await;
    let vault = Vault::open(dir.path(), KeySource::FileOnly).unwrap();
    let shop = add_shop(&store, "A").await;
    store_new_pair(&store, &vault, shop, &pair("old", now_ms() + expires_in_ms)).await.unwrap();
    let provider = Arc::new(Provider { answer, calls: AtomicU32::new(0) });
    let policy = TokenPolicy { refresh_margin: std::time::Duration::from_secs(300), ..TokenPolicy::default() };
    (dir, TokenManager::new(store, vault, shop, provider.clone(), policy), provider)
}

#[tokio::test]
async fn a_failed_early_refresh_keeps_using_the_still_valid_token() {
    let (_dir, tokens, provider) = manager(60_000, Err(RefreshError::Failed("offline".into()))).await;
    let lease = tokens.lease().await.expect("the old token still works");
    assert_eq!(lease.access_token().expose(), "old");
    assert_eq!(provider.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_expired_token_with_a_failed_refresh_is_an_error_not_a_stale_token() {
    let (_dir, tokens, _) = manager(-1_000, Err(RefreshError::Failed("offline".into()))).await;
    assert!(matches!(tokens.lease().await, Err(AuthError::Refresh(RefreshError::Failed(_)))));
}

#[tokio::test]
async fn a_due_token_is_refreshed_once_and_the_new_pair_is_stored_first() {
    let (_dir, tokens, provider) = manager(60_000, Ok(())).await;
    let leases: Vec<_> = futures_join(&tokens, 20).await;
    assert!(leases.iter().all(|t| t == "new-1"), "{leases:?}");
    assert_eq!(provider.calls.load(Ordering::SeqCst), 1, "single flight");
}

async fn futures_join(tokens: &TokenManager, n: usize) -> Vec<String> {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let tokens = tokens.clone();
            tokio::spawn(async move { tokens.lease().await.map(|l| l.access_token().expose().to_owned()) })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap().unwrap());
    }
    out
}

#[tokio::test]
async fn invalid_grant_marks_the_shop_and_never_asks_again() {
    let (_dir, tokens, provider) = manager(-1_000, Err(RefreshError::InvalidGrant("used".into()))).await;
    for _ in 0..3 {
        assert!(matches!(tokens.lease().await, Err(AuthError::NeedsReconnect)));
    }
    assert_eq!(provider.calls.load(Ordering::SeqCst), 1, "no retry loop");
}

#[tokio::test]
async fn a_needs_reconnect_shop_makes_no_refresh_at_all() {
    let (dir, store) = fresh_store().await;
    let vault = Vault::open(dir.path(), KeySource::FileOnly).unwrap();
    let shop = add_shop(&store, "A").await;
    store_new_pair(&store, &vault, shop, &pair("old", now_ms() - 1)).await.unwrap();
    store.set_shop_account(shop, None, None, ShopStatus::NeedsReconnect).await.unwrap();
    let provider = Arc::new(Provider { answer: Ok(()), calls: AtomicU32::new(0) });
    let tokens = TokenManager::new(store, vault, shop, provider.clone(), TokenPolicy::default());
    assert!(matches!(tokens.lease().await, Err(AuthError::NeedsReconnect)));
    assert_eq!(provider.calls.load(Ordering::SeqCst), 0);
}

/// A provider whose new tokens arrive already due (clock skew, a slow answer): a lease must use the new
/// token rather than refresh again, and again (issue #8's storm).
struct Skewed {
    calls: AtomicU32,
}

impl Refresher for Skewed {
    fn refresh<'a>(
        &'a self,
        _: &'a Secret,
    ) -> Pin<Box<dyn Future<Output = Result<TokenAnswer, RefreshError>> + Send + 'a>> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            Ok(TokenAnswer {
                expires_at: None,
                access_token: Secret::new(format!("new-{n}")),
                refresh_token: Secret::new(format!("r-new-{n}")),
                // Lives 10 s, but "arrived" 9.5 s ago: inside the last fifth of its life at once.
                expires_in: Some(10),
                received_at: now_ms() - 9_500,
            })
        })
    }
}

#[tokio::test]
async fn a_lease_refreshes_at_most_once_and_uses_the_new_token() {
    let (dir, store) = fresh_store().await;
    let vault = Vault::open(dir.path(), KeySource::FileOnly).unwrap();
    let shop = add_shop(&store, "A").await;
    store_new_pair(&store, &vault, shop, &pair("old", now_ms() - 1)).await.unwrap();
    let provider = Arc::new(Skewed { calls: AtomicU32::new(0) });
    let tokens = TokenManager::new(store, vault, shop, provider.clone(), TokenPolicy::default());
    let lease = tokio::time::timeout(std::time::Duration::from_secs(5), tokens.lease()).await.expect("no loop");
    assert_eq!(lease.unwrap().access_token().expose(), "new-1");
    assert_eq!(provider.calls.load(Ordering::SeqCst), 1);
}

/// A provider announcing a zero lifetime: a typed error, its single-use refresh token kept, and no refresh
/// on every later call.
struct Zero {
    calls: AtomicU32,
}

impl Refresher for Zero {
    fn refresh<'a>(
        &'a self,
        _: &'a Secret,
    ) -> Pin<Box<dyn Future<Output = Result<TokenAnswer, RefreshError>> + Send + 'a>> {
        Box::pin(async move {
            self.calls.fetch_add(1, Ordering::SeqCst);
            Ok(TokenAnswer {
                expires_at: None,
                access_token: Secret::new("zero"),
                refresh_token: Secret::new("r-zero"),
                expires_in: Some(0),
                received_at: now_ms(),
            })
        })
    }
}

#[tokio::test]
async fn a_zero_lifetime_is_a_typed_error_without_a_refresh_per_call() {
    use storedesk_core::auth::LifetimeError;
    let (dir, store) = fresh_store().await;
    let vault = Vault::open(dir.path(), KeySource::FileOnly).unwrap();
    let shop = add_shop(&store, "A").await;
    store_new_pair(&store, &vault, shop, &pair("old", now_ms() - 1)).await.unwrap();
    let provider = Arc::new(Zero { calls: AtomicU32::new(0) });
    let tokens = TokenManager::new(store.clone(), vault, shop, provider.clone(), TokenPolicy::default());
    for _ in 0..5 {
        let err = tokens.lease().await.unwrap_err();
        assert!(matches!(err, AuthError::Refresh(RefreshError::BadLifetime(LifetimeError::NotPositive(0)))), "{err}");
    }
    assert_eq!(provider.calls.load(Ordering::SeqCst), 1, "one refresh, then calls fail fast");
    // The new (single-use) refresh token was stored: generation 2.
    assert_eq!(store.load_credentials(shop).await.unwrap().unwrap().generation, 2);
}

/// A provider whose token endpoint takes `delay` to answer.
struct Slow {
    delay: std::time::Duration,
    calls: AtomicU32,
}

impl Refresher for Slow {
    fn refresh<'a>(
        &'a self,
        _: &'a Secret,
    ) -> Pin<Box<dyn Future<Output = Result<TokenAnswer, RefreshError>> + Send + 'a>> {
        Box::pin(async move {
            self.calls.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(self.delay).await;
            Ok(TokenAnswer {
                expires_at: None,
                access_token: Secret::new("slow-new"),
                refresh_token: Secret::new("r-slow-new"),
                expires_in: Some(3_600),
                received_at: now_ms(),
            })
        })
    }
}

/// While one shop's token endpoint takes 5 s to answer, another shop's pages keep committing: the refresh
/// holds no SQLite transaction across the call (invariant 12).
#[tokio::test]
async fn a_slow_token_endpoint_does_not_stall_another_shops_writes() {
    let (dir, store) = fresh_store().await;
    let vault = Vault::open(dir.path(), KeySource::FileOnly).unwrap();
    let slow_shop = add_shop(&store, "Slow").await;
    let busy_shop = add_shop(&store, "Busy").await;
    store_new_pair(&store, &vault, slow_shop, &pair("old", now_ms() - 1_000)).await.unwrap();
    let provider = Arc::new(Slow { delay: std::time::Duration::from_secs(5), calls: AtomicU32::new(0) });
    let tokens = TokenManager::new(store.clone(), vault, slow_shop, provider.clone(), TokenPolicy::default());
    let refresh = tokio::spawn(async move { tokens.lease().await.map(|l| l.access_token().expose().to_owned()) });

    let started = std::time::Instant::now();
    let mut last = started;
    let mut longest = std::time::Duration::ZERO;
    let mut pages = 0u64;
    while !refresh.is_finished() || started.elapsed() < std::time::Duration::from_secs(5) {
        let page: Vec<_> = (pages * 20..pages * 20 + 20).map(storedesk_core::fixtures::product).collect();
        store.upsert_products(busy_shop, &page).await.expect("the other shop's page commits");
        let now = std::time::Instant::now();
        longest = longest.max(now - last);
        last = now;
        pages += 1;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let token = refresh.await.unwrap().expect("the slow refresh succeeds");
    println!(
        "refresh-stall: {pages} pages of another shop committed during a {} ms refresh; longest gap between commits {} ms",
        started.elapsed().as_millis(),
        longest.as_millis()
    );
    assert_eq!(token, "slow-new");
    assert_eq!(provider.calls.load(Ordering::SeqCst), 1);
    assert!(
        longest < std::time::Duration::from_millis(2_500),
        "a commit waited {} ms: the refresh held the write lock across the call",
        longest.as_millis()
    );
}
