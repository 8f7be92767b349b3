//! Shops: provider apps, adding, disconnecting, removing, checking.

use storedesk_connectors::connect::ShopSetup;
use storedesk_connectors::registry;
use storedesk_core::model::{
    AddShopInput, KindCapabilities, NewShop, ProviderApp, ProviderAppInput, Shop, ShopId, ShopKind, ShopStatus,
};

use crate::{App, Notice, Result};

/// A shop added with its own app credentials (the command line's `shop add`).
#[derive(Debug, Clone)]
pub struct NewShopWithApp {
    pub kind: ShopKind,
    pub name: String,
    pub site: Option<String>,
    pub api_base: Option<String>,
    pub auth_base: Option<String>,
    pub client_id: String,
    pub client_secret: String,
}

/// Who a shop's account is, as the provider says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopAccount {
    pub account_id: String,
    pub nickname: String,
}

/// A shop as the front ends show it: the store's row with its connector's descriptor and pinned API version.
fn described(mut shop: Shop) -> Shop {
    shop.api_version = registry::api_version(shop.kind);
    shop.capabilities = registry::capabilities(shop.kind);
    shop
}

impl App {
    /// Every kind of shop with what its connector declares (the Add shop dialog and Settings read this).
    pub fn list_connectors(&self) -> Vec<KindCapabilities> {
        ShopKind::ALL
            .into_iter()
            .map(|kind| KindCapabilities { kind, capabilities: registry::capabilities(kind) })
            .collect()
    }

    pub async fn list_shops(&self) -> Result<Vec<Shop>> {
        Ok(self.inner.store.list_shops().await?.into_iter().map(described).collect())
    }

    pub async fn get_shop(&self, shop_id: ShopId) -> Result<Shop> {
        Ok(described(self.inner.store.get_shop(shop_id).await?))
    }

    /// The provider app as Settings shows it (never the secret).
    pub async fn provider_app(&self, kind: ShopKind) -> Result<Option<ProviderApp>> {
        Ok(self.inner.connector.provider_app(kind).await?)
    }

    /// Saves a provider app from Settings; its secret is sealed, a null one keeps the stored secret.
    pub async fn set_provider_app(&self, input: &ProviderAppInput) -> Result<ProviderApp> {
        Ok(self.inner.connector.set_provider_app(input).await?)
    }

    /// Adds a shop that connects through the provider app from Settings.
    pub async fn add_shop(&self, input: &AddShopInput) -> Result<Shop> {
        let id = self.inner.connector.add_shop_with_provider_app(input).await?;
        self.notify(Notice::ShopsChanged);
        self.get_shop(id).await
    }

    /// Adds a shop with app credentials of its own.
    pub async fn add_shop_with_app(&self, new: NewShopWithApp) -> Result<Shop> {
        let setup = ShopSetup {
            shop: NewShop {
                kind: new.kind,
                name: new.name,
                site: new.site,
                api_base: new.api_base,
                auth_base: new.auth_base,
            },
            client_id: new.client_id,
            client_secret: new.client_secret,
        };
        let id = self.inner.connector.add_shop(&setup).await?;
        self.notify(Notice::ShopsChanged);
        self.get_shop(id).await
    }

    /// Disconnects a shop: its tokens are deleted, its data stays.
    pub async fn disconnect_shop(&self, shop_id: ShopId) -> Result<()> {
        self.inner.connector.disconnect(shop_id).await?;
        self.notify(Notice::ShopsChanged);
        Ok(())
    }

    /// Removes a shop and all its data.
    pub async fn remove_shop(&self, shop_id: ShopId) -> Result<()> {
        self.inner.shops.forget(shop_id);
        self.inner.store.remove_shop(shop_id).await?;
        self.notify(Notice::ShopsChanged);
        Ok(())
    }

    /// Asks the provider who the shop's account is (through the token manager: refreshing if due).
    pub async fn check_shop(&self, shop_id: ShopId) -> Result<ShopAccount> {
        let account = self.inner.shops.account(shop_id).await?;
        Ok(ShopAccount { account_id: account.id, nickname: account.nickname })
    }

    /// Shops a person must reconnect (the tray's badge).
    pub async fn shops_needing_reconnect(&self) -> Result<usize> {
        let shops = self.inner.store.list_shops().await?;
        Ok(shops.iter().filter(|s| s.status == ShopStatus::NeedsReconnect).count())
    }
}
