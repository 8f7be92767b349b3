//! One token manager per shop in a process, shared by every job of that shop.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use storedesk_core::auth::{Refresher, TokenManager, TokenPolicy};
use storedesk_core::model::{Capabilities, Shop, ShopId, ShopKind};
use storedesk_core::sync::scheduler::ChannelSource;
use storedesk_core::sync::{ChannelError, Connection};
use storedesk_core::vault::{Secret, Vault};
use storedesk_core::{ErrorCode, Store};

use crate::api::Api;
use crate::budget::RateBudget;
use crate::error::ConnectError;
use crate::http::BaseUrl;
use crate::mercadolibre::{self, MeliAdapter, MeliChannel};
use crate::oauth::{Account, OAuthApp, OAuthRefresher};
use crate::offers::{self, OffersAdapter, OffersChannel, OffersRefresher};
use crate::shipbob::{self, ShipbobAdapter, ShipbobChannel};

/// The dated API version a kind of shop is spoken to in, where its provider dates them (ShipBob).
pub fn api_version(kind: ShopKind) -> Option<storedesk_core::model::ApiVersion> {
    match kind {
        ShopKind::Warehouse => Some(shipbob::version::pinned()),
        _ => None,
    }
}

/// What a kind of shop is and can do, as its connector declares it (None: no connector yet).
pub fn capabilities(kind: ShopKind) -> Option<Capabilities> {
    match kind {
        ShopKind::Mercadolibre => Some(mercadolibre::descriptor()),
        ShopKind::Warehouse => Some(shipbob::descriptor()),
        ShopKind::Offers => Some(offers::descriptor()),
        ShopKind::Shopify | ShopKind::Woocommerce => None,
    }
}

/// A kind of shop storedesk does not connect with OAuth (yet).
fn no_oauth(kind: ShopKind) -> ConnectError {
    ConnectError::Channel(ChannelError::setup(
        ErrorCode::Unsupported,
        format!("{} shops are not connected with OAuth by this storedesk", kind.as_str()),
    ))
}

/// The vault context of a shop's client secret.
pub fn client_secret_context(shop_id: ShopId) -> String {
    format!("shop:{shop_id}/client_secret")
}

#[derive(Clone)]
pub struct Shops {
    pub store: Store,
    pub vault: Vault,
    pub http: reqwest::Client,
    policy: TokenPolicy,
    managers: Arc<Mutex<HashMap<ShopId, Registered>>>,
    /// One rate budget per seller account (API host + account id), shared by every job and every shop
    /// row of that account.
    budgets: Arc<Mutex<HashMap<String, Arc<RateBudget>>>>,
}

/// What a shop's calls need, built once per shop (the app's secret is opened once, not per client).
#[derive(Clone)]
struct Registered {
    tokens: TokenManager,
    api_base: BaseUrl,
}

impl Shops {
    pub fn new(store: Store, vault: Vault) -> Self {
        Shops::with_policy(store, vault, TokenPolicy::default())
    }

    pub fn with_policy(store: Store, vault: Vault, policy: TokenPolicy) -> Self {
        Shops { store, vault, http: crate::http::client(), policy, managers: Arc::default(), budgets: Arc::default() }
    }

    /// The OAuth app and API base a shop connects with.
    pub async fn app(&self, shop_id: ShopId) -> Result<(OAuthApp, BaseUrl), ConnectError> {
        let endpoints = self.store.shop_endpoints(shop_id).await?;
        let (Some(client_id), Some(sealed)) = (endpoints.client_id.clone(), endpoints.sealed_client_secret.as_ref())
        else {
            return Err(ConnectError::MissingApp);
        };
        let secret = self.vault.open_sealed(&client_secret_context(shop_id), sealed)?;
        let secret = String::from_utf8(secret).map_err(|_| ConnectError::MissingApp)?;
        let oauth = match self.store.get_shop(shop_id).await?.kind {
            ShopKind::Mercadolibre => mercadolibre::oauth_endpoints(&endpoints)?,
            other => return Err(no_oauth(other)),
        };
        let app = OAuthApp {
            client_id,
            client_secret: Secret::new(secret),
            authorize_url: oauth.authorize_url,
            token_url: oauth.token_url,
        };
        Ok((app, oauth.api_base))
    }

    /// Who an OAuth shop's account is, asked of its provider (through the token manager).
    pub async fn account(&self, shop_id: ShopId) -> Result<Account, ConnectError> {
        match self.store.get_shop(shop_id).await?.kind {
            ShopKind::Mercadolibre => mercadolibre::account(&self.meli(shop_id).await?).await,
            other => Err(no_oauth(other)),
        }
    }

    /// The shop's token manager (one per shop in this process).
    pub async fn tokens(&self, shop_id: ShopId) -> Result<TokenManager, ConnectError> {
        Ok(self.registered(shop_id).await?.tokens)
    }

    async fn registered(&self, shop_id: ShopId) -> Result<Registered, ConnectError> {
        if let Some(existing) = self.managers.lock().ok().and_then(|m| m.get(&shop_id).cloned()) {
            return Ok(existing);
        }
        let (refresher, api_base): (Arc<dyn Refresher>, BaseUrl) = match self.store.get_shop(shop_id).await?.kind {
            // A personal access token: nothing to refresh, a 401 asks a person for a new token.
            ShopKind::Warehouse => (Arc::new(shipbob::PatRefresher), self.warehouse_base(shop_id).await?),
            ShopKind::Offers => {
                let base = self.service_base(shop_id).await?;
                (Arc::new(OffersRefresher { http: self.http.clone(), base: base.clone() }), base)
            }
            _ => {
                let (app, api_base) = self.app(shop_id).await?;
                (Arc::new(OAuthRefresher { app, http: self.http.clone() }), api_base)
            }
        };
        let tokens = TokenManager::new(self.store.clone(), self.vault.clone(), shop_id, refresher, self.policy);
        let mut managers = self.managers.lock().map_err(|_| ConnectError::Listener("lock poisoned".into()))?;
        Ok(managers.entry(shop_id).or_insert(Registered { tokens, api_base }).clone())
    }

    /// Forgets a shop's manager (after reconnect or disconnect, the next call starts from the stored row).
    pub fn forget(&self, shop_id: ShopId) {
        if let Ok(mut m) = self.managers.lock() {
            m.remove(&shop_id);
        }
    }

    /// The rate budget of an account: one per process, resuming from the pace the store noted for it.
    pub async fn budget(&self, api_base: &BaseUrl, account: &str) -> Arc<RateBudget> {
        let key = format!("{api_base}|{account}");
        if let Some(budget) = self.budgets.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
            return budget.clone();
        }
        let fresh = Arc::new(RateBudget::remembered(&self.store, &key).await);
        // Another job may have made it meanwhile: the first one kept wins, so the account has one budget.
        let mut budgets = self.budgets.lock().unwrap_or_else(|p| p.into_inner());
        budgets.entry(key).or_insert(fresh).clone()
    }

    /// A warehouse's API base.
    pub async fn warehouse_base(&self, shop_id: ShopId) -> Result<BaseUrl, ConnectError> {
        let endpoints = self.store.shop_endpoints(shop_id).await?;
        let api_base = endpoints.api_base.as_deref().unwrap_or(shipbob::DEFAULT_API_BASE);
        BaseUrl::parse(api_base).map_err(|_| ConnectError::BadEndpoint("API"))
    }

    /// The API base of a warehouse or an offers service (added with one; no default for an offers service).
    pub async fn service_base(&self, shop_id: ShopId) -> Result<BaseUrl, ConnectError> {
        let endpoints = self.store.shop_endpoints(shop_id).await?;
        let api_base = endpoints.api_base.ok_or(ConnectError::BadEndpoint("API"))?;
        BaseUrl::parse(&api_base).map_err(|_| ConnectError::BadEndpoint("API"))
    }

    /// The channel of an offers service (its JWT in the `Bearer` header).
    pub async fn offers_channel(&self, shop: &Shop) -> Result<OffersChannel, ConnectError> {
        let registered = self.registered(shop.id).await?;
        let budget = self.budget(&registered.api_base, &format!("offers:{}", shop.id)).await;
        let api = Api::new(self.http.clone(), registered.api_base, registered.tokens, budget, &[])
            .for_provider("offers")
            .with_token_header(offers::TOKEN_HEADER);
        Ok(OffersChannel::new(OffersAdapter::new(api)))
    }

    /// The sync channel of a ShipBob warehouse: its requests name the channel found when it was added.
    pub async fn warehouse_channel(&self, shop: &Shop) -> Result<ShipbobChannel, ConnectError> {
        let registered = self.registered(shop.id).await?;
        let channel_id = self.store.shop_account_id(shop.id).await?.ok_or(ConnectError::NotConnected)?;
        let budget = self.budget(&registered.api_base, &channel_id).await;
        let api = Api::new(self.http.clone(), registered.api_base, registered.tokens, budget, &[])
            .for_provider("shipbob")
            .with_rate_headers(shipbob::RATE_HEADERS)
            .with_header(shipbob::CHANNEL_HEADER, channel_id.clone());
        // Orders storedesk makes are never older than the shop (an hour's margin for clocks).
        let floor = shop.created_at - 3_600_000;
        Ok(ShipbobChannel::new(ShipbobAdapter::new(api), channel_id, floor))
    }

    /// The sync channel of a MercadoLibre shop.
    pub async fn meli_channel(&self, shop: &Shop) -> Result<MeliChannel, ConnectError> {
        let registered = self.registered(shop.id).await?;
        let account = self.store.shop_account_id(shop.id).await?.ok_or(ConnectError::NotConnected)?;
        let budget = self.budget(&registered.api_base, &account).await;
        let api = Api::new(self.http.clone(), registered.api_base, registered.tokens, budget, mercadolibre::HEADERS)
            .for_provider("mercadolibre");
        Ok(MeliChannel::new(MeliAdapter::new(api), account))
    }

    /// The MercadoLibre API of a shop. Before the account is known (while connecting), its calls are
    /// paced by a budget of the shop's own.
    pub async fn meli(&self, shop_id: ShopId) -> Result<MeliAdapter, ConnectError> {
        let registered = self.registered(shop_id).await?;
        let account = self.store.shop_account_id(shop_id).await?.unwrap_or_else(|| format!("shop:{shop_id}"));
        let budget = self.budget(&registered.api_base, &account).await;
        let api = Api::new(self.http.clone(), registered.api_base, registered.tokens, budget, mercadolibre::HEADERS)
            .for_provider("mercadolibre");
        Ok(MeliAdapter::new(api))
    }
}

#[async_trait]
impl ChannelSource for Shops {
    fn capabilities(&self, kind: ShopKind) -> Option<Capabilities> {
        capabilities(kind)
    }

    async fn channel(&self, shop: &Shop) -> Result<Connection, ChannelError> {
        match shop.kind {
            ShopKind::Mercadolibre => Ok(Connection::Sales(Arc::new(self.meli_channel(shop).await?))),
            ShopKind::Warehouse => Ok(Connection::Warehouse(Arc::new(self.warehouse_channel(shop).await?))),
            ShopKind::Offers => Ok(Connection::Offers(Arc::new(self.offers_channel(shop).await?))),
            other => Err(ChannelError::setup(
                ErrorCode::Unsupported,
                format!("syncing {} shops is not available yet", other.as_str()),
            )),
        }
    }
}
