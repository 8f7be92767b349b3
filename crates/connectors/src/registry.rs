//! One token manager per shop in a process, shared by every job of that shop.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use storedesk_core::auth::{TokenManager, TokenPolicy};
use storedesk_core::model::ShopId;
use storedesk_core::vault::{Secret, Vault};
use storedesk_core::Store;

use crate::error::ConnectError;
use crate::mercadolibre::{self, MeliClient};
use crate::oauth::{OAuthApp, OAuthRefresher};

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
}

/// What a shop's calls need, built once per shop (the app's secret is opened once, not per client).
#[derive(Clone)]
struct Registered {
    tokens: TokenManager,
    api_base: String,
}

impl Shops {
    pub fn new(store: Store, vault: Vault) -> Self {
        Shops::with_policy(store, vault, TokenPolicy::default())
    }

    pub fn with_policy(store: Store, vault: Vault, policy: TokenPolicy) -> Self {
        Shops { store, vault, http: crate::http::client(), policy, managers: Arc::default() }
    }

    /// The OAuth app and API base a shop connects with.
    pub async fn app(&self, shop_id: ShopId) -> Result<(OAuthApp, String), ConnectError> {
        let endpoints = self.store.shop_endpoints(shop_id).await?;
        let (Some(client_id), Some(sealed)) = (endpoints.client_id, endpoints.sealed_client_secret) else {
            return Err(ConnectError::MissingApp);
        };
        let secret = self.vault.open_sealed(&client_secret_context(shop_id), &sealed)?;
        let secret = String::from_utf8(secret).map_err(|_| ConnectError::MissingApp)?;
        let api_base = endpoints.api_base.unwrap_or_else(|| mercadolibre::DEFAULT_API_BASE.to_owned());
        let auth_base = endpoints
            .auth_base
            .unwrap_or_else(|| mercadolibre::default_auth_base(endpoints.site.as_deref().unwrap_or("MLA")).to_owned());
        let app = OAuthApp {
            client_id,
            client_secret: Secret::new(secret),
            authorize_url: mercadolibre::authorize_url(&auth_base),
            token_url: mercadolibre::token_url(&api_base),
        };
        Ok((app, api_base))
    }

    /// The shop's token manager (one per shop in this process).
    pub async fn tokens(&self, shop_id: ShopId) -> Result<TokenManager, ConnectError> {
        Ok(self.registered(shop_id).await?.tokens)
    }

    async fn registered(&self, shop_id: ShopId) -> Result<Registered, ConnectError> {
        if let Some(existing) = self.managers.lock().ok().and_then(|m| m.get(&shop_id).cloned()) {
            return Ok(existing);
        }
        let (app, api_base) = self.app(shop_id).await?;
        let refresher = Arc::new(OAuthRefresher { app, http: self.http.clone() });
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

    /// A MercadoLibre client for a shop.
    pub async fn meli(&self, shop_id: ShopId) -> Result<MeliClient, ConnectError> {
        let registered = self.registered(shop_id).await?;
        Ok(MeliClient::new(self.http.clone(), &registered.api_base, registered.tokens))
    }
}
