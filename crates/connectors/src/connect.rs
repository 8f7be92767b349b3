//! Connecting a shop: the browser flow (authorization code + PKCE + state) through a loopback listener
//! or a pasted redirect URL, then the first tokens are sealed and stored and the account is read.

use std::time::Duration;

use storedesk_core::auth::store_new_pair;
use storedesk_core::model::{AddShopInput, NewShop, ProviderApp, ProviderAppInput, Shop, ShopId, ShopKind, ShopStatus};

use crate::error::ConnectError;
use crate::loopback::{Callback, Loopback};
use crate::oauth::{Authorization, OAuthApp};
use crate::registry::{client_secret_context, Shops};

/// How long the loopback listener waits for the browser.
pub const LOOPBACK_LIMIT: Duration = Duration::from_secs(5 * 60);

/// Where the provider sends the browser back.
#[derive(Debug, Clone)]
pub enum RedirectMode {
    /// A one-shot listener on 127.0.0.1 (providers that accept loopback redirects).
    Loopback,
    /// A registered HTTPS redirect; the person pastes the final URL or code into storedesk.
    Registered(String),
}

/// A started connection: open `authorize_url`, then finish with the loopback or a pasted answer.
pub struct Attempt {
    pub shop_id: ShopId,
    pub authorize_url: String,
    authorization: Authorization,
    app: OAuthApp,
    loopback: Option<Loopback>,
}

impl std::fmt::Debug for Attempt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attempt").field("shop_id", &self.shop_id).finish_non_exhaustive()
    }
}

impl Attempt {
    /// Whether the answer comes back through the loopback listener.
    pub fn is_loopback(&self) -> bool {
        self.loopback.is_some()
    }
}

/// Adds shops and connects them.
#[derive(Clone)]
pub struct Connector {
    pub shops: Shops,
}

/// What a new shop needs.
#[derive(Debug, Clone)]
pub struct ShopSetup {
    pub shop: NewShop,
    pub client_id: String,
    pub client_secret: String,
}

impl Connector {
    pub fn new(shops: Shops) -> Self {
        Connector { shops }
    }

    /// Adds a shop with its app credentials (the secret sealed by the vault).
    pub async fn add_shop(&self, setup: &ShopSetup) -> Result<ShopId, ConnectError> {
        for (what, value) in [("API", &setup.shop.api_base), ("authorization", &setup.shop.auth_base)] {
            if let Some(value) = value {
                let ok = url::Url::parse(value).map(|u| matches!(u.scheme(), "http" | "https")).unwrap_or(false);
                if !ok {
                    return Err(ConnectError::BadEndpoint(if what == "API" { "API" } else { "authorization" }));
                }
            }
        }
        if setup.client_id.trim().is_empty() || setup.client_secret.is_empty() {
            return Err(ConnectError::MissingApp);
        }
        let store = &self.shops.store;
        let id = store.add_shop(&setup.shop).await?;
        let sealed = self.shops.vault.seal(&client_secret_context(id), setup.client_secret.as_bytes())?;
        store.set_shop_client(id, setup.client_id.trim(), &sealed).await?;
        Ok(id)
    }

    /// Starts connecting: a fresh PKCE verifier and state, and (loopback mode) a listener.
    pub async fn begin(&self, shop_id: ShopId, mode: RedirectMode) -> Result<Attempt, ConnectError> {
        let (app, _) = self.shops.app(shop_id).await?;
        let (loopback, redirect_uri) = match mode {
            RedirectMode::Loopback => {
                let lb = Loopback::bind().await?;
                let uri = lb.redirect_uri.clone();
                (Some(lb), uri)
            }
            RedirectMode::Registered(uri) => (None, uri),
        };
        let authorization = app.authorize(&redirect_uri)?;
        Ok(Attempt { shop_id, authorize_url: authorization.url.clone(), authorization, app, loopback })
    }

    /// Waits for the browser to come back to the loopback listener, then finishes.
    pub async fn finish_via_loopback(&self, mut attempt: Attempt, limit: Duration) -> Result<Shop, ConnectError> {
        let loopback = attempt.loopback.take().ok_or(ConnectError::Listener("no listener for this attempt".into()))?;
        let callback = loopback.wait(limit).await?;
        self.finish(attempt, callback, true).await
    }

    /// Finishes with what the person pasted: the final URL (its state must match) or the bare code.
    pub async fn finish_pasted(&self, attempt: Attempt, pasted: &str) -> Result<Shop, ConnectError> {
        let callback = Callback::from_pasted(pasted)?;
        self.finish(attempt, callback, false).await
    }

    async fn finish(&self, attempt: Attempt, callback: Callback, state_required: bool) -> Result<Shop, ConnectError> {
        if let Some(error) = callback.error {
            return Err(ConnectError::Denied(callback.error_description.unwrap_or(error)));
        }
        match callback.state.as_deref() {
            Some(state) if state == attempt.authorization.state.expose() => {}
            None if !state_required => {}
            _ => return Err(ConnectError::StateMismatch),
        }
        let code = callback.code.ok_or(ConnectError::NoCode)?;
        let pair = attempt.app.exchange(&self.shops.http, &attempt.authorization, &code).await?;
        let shops = &self.shops;
        store_new_pair(&shops.store, &shops.vault, attempt.shop_id, &pair).await?;
        shops.forget(attempt.shop_id);
        let account = shops.account(attempt.shop_id).await?;
        shops
            .store
            .set_shop_account(attempt.shop_id, Some(&account.id), Some(&account.nickname), ShopStatus::Connected)
            .await?;
        tracing::info!(shop = attempt.shop_id, account = %account.nickname, "shop connected");
        Ok(shops.store.get_shop(attempt.shop_id).await?)
    }

    /// Disconnects: tokens deleted, data kept.
    pub async fn disconnect(&self, shop_id: ShopId) -> Result<(), ConnectError> {
        self.shops.store.disconnect_shop(shop_id).await?;
        self.shops.forget(shop_id);
        Ok(())
    }
}

/// The vault context of a provider app's client secret.
fn provider_secret_context(kind: ShopKind) -> String {
    format!("provider:{}/client_secret", kind.as_str())
}

impl Connector {
    /// The provider app as Settings shows it (never the secret).
    pub async fn provider_app(&self, kind: ShopKind) -> Result<Option<ProviderApp>, ConnectError> {
        Ok(self.shops.store.provider_app(kind).await?.map(|app| ProviderApp {
            kind,
            client_id: app.client_id,
            has_secret: app.sealed_secret.is_some(),
            redirect_uri: app.redirect_uri,
        }))
    }

    /// Saves a provider app from Settings; the secret is sealed, a null one keeps the stored secret.
    pub async fn set_provider_app(&self, input: &ProviderAppInput) -> Result<ProviderApp, ConnectError> {
        if let Some(uri) = input.redirect_uri.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            if !url::Url::parse(uri).map(|u| u.scheme() == "https").unwrap_or(false) {
                return Err(ConnectError::BadEndpoint("redirect (it must be an https:// address)"));
            }
        }
        let sealed = match input.client_secret.as_deref().filter(|s| !s.is_empty()) {
            Some(secret) => Some(self.shops.vault.seal(&provider_secret_context(input.kind), secret.as_bytes())?),
            None => None,
        };
        let store = &self.shops.store;
        store.set_provider_app(input.kind, &input.client_id, sealed.as_deref(), input.redirect_uri.as_deref()).await?;
        self.provider_app(input.kind).await?.ok_or(ConnectError::MissingApp)
    }

    /// Adds a shop with the provider app from Settings.
    pub async fn add_shop_with_provider_app(&self, input: &AddShopInput) -> Result<ShopId, ConnectError> {
        let app = self.shops.store.provider_app(input.kind).await?.ok_or(ConnectError::MissingApp)?;
        let sealed = app.sealed_secret.ok_or(ConnectError::MissingApp)?;
        let secret = self.shops.vault.open_sealed(&provider_secret_context(input.kind), &sealed)?;
        let setup = ShopSetup {
            shop: NewShop {
                kind: input.kind,
                name: input.name.clone(),
                // A kind whose descriptor has no sites sends none (an empty site).
                site: Some(input.site.trim().to_owned()).filter(|s| !s.is_empty()),
                api_base: input.api_base.clone().filter(|s| !s.trim().is_empty()),
                auth_base: input.auth_base.clone().filter(|s| !s.trim().is_empty()),
            },
            client_id: app.client_id,
            client_secret: String::from_utf8(secret).map_err(|_| ConnectError::MissingApp)?,
        };
        let id = self.add_shop(&setup).await?;
        self.shops.store.set_shop_redirect(id, app.redirect_uri.as_deref()).await?;
        Ok(id)
    }

    /// Starts connecting a shop the way its provider app allows: loopback, or a registered redirect.
    pub async fn begin_for_shop(&self, shop_id: ShopId) -> Result<Attempt, ConnectError> {
        let endpoints = self.shops.store.shop_endpoints(shop_id).await?;
        let mode = match endpoints.redirect_uri {
            Some(uri) => RedirectMode::Registered(uri),
            None => RedirectMode::Loopback,
        };
        self.begin(shop_id, mode).await
    }
}
