//! The warehouse: adding one with its personal access token, routing stores through it, and the orders
//! that need a person.

use storedesk_connectors::http::BaseUrl;
use storedesk_connectors::shipbob::{self, WriteChannel};
use storedesk_connectors::ConnectError;
use storedesk_core::auth::{store_new_pair, TokenPair};
use storedesk_core::model::{FulfilmentIssue, NewShop, OrderDetail, Shop, ShopId, ShopKind, ShopStatus};
use storedesk_core::vault::Secret;
use storedesk_core::{ApiError, ErrorCode};

use crate::{App, Notice, Result};

pub use storedesk_core::fulfilment::ROUTING_RULE;

fn base(api_base: Option<&str>) -> Result<BaseUrl> {
    let text = api_base.map(str::trim).filter(|s| !s.is_empty()).unwrap_or(shipbob::DEFAULT_API_BASE);
    BaseUrl::parse(text).map_err(|e| ApiError::new(ErrorCode::BadEndpoint, e.to_string()))
}

impl App {
    /// Checks a warehouse token with one request (nothing is stored when it is refused) and the channel it
    /// may create orders through.
    async fn probe_warehouse(&self, base: &BaseUrl, token: &str) -> Result<WriteChannel> {
        let token = token.trim();
        if token.is_empty() {
            return Err(ApiError::new(ErrorCode::InvalidInput, "paste the warehouse's personal access token"));
        }
        Ok(shipbob::probe(&self.inner.shops.http, base, token).await?)
    }

    /// Stores a checked token (sealed, like every secret) and the channel it writes through.
    async fn keep_warehouse_token(&self, shop_id: ShopId, token: &str, channel: &WriteChannel) -> Result<()> {
        let store = &self.inner.store;
        let pair = TokenPair {
            access_token: Secret::new(token.trim()),
            refresh_token: Secret::new(""),
            expires_at: shipbob::PAT_EXPIRES_AT,
            issued_at: store.now(),
        };
        store_new_pair(store, &self.inner.shops.vault, shop_id, &pair).await.map_err(ConnectError::from)?;
        let id = channel.id.to_string();
        store.set_shop_account(shop_id, Some(&id), Some(&channel.name), ShopStatus::Connected).await?;
        self.inner.shops.forget(shop_id);
        self.notify(Notice::ShopsChanged);
        Ok(())
    }

    /// Adds a ShipBob warehouse (`api_base` None: ShipBob's production API). The token is checked first:
    /// a refused one adds nothing.
    pub async fn add_warehouse(&self, name: &str, api_base: Option<&str>, token: &str) -> Result<Shop> {
        let base = base(api_base)?;
        let channel = self.probe_warehouse(&base, token).await?;
        let shop = NewShop {
            kind: ShopKind::Warehouse,
            name: name.to_owned(),
            site: None,
            api_base: Some(base.to_string()),
            auth_base: None,
        };
        let id = self.inner.store.add_shop(&shop).await?;
        if let Err(e) = self.keep_warehouse_token(id, token, &channel).await {
            let _ = self.inner.store.remove_shop(id).await;
            return Err(e);
        }
        self.inner.scheduler.wake();
        self.get_shop(id).await
    }

    /// A new token for a warehouse whose token was revoked (it needs reconnecting).
    pub async fn set_warehouse_token(&self, shop_id: ShopId, token: &str) -> Result<Shop> {
        let shop = self.get_shop(shop_id).await?;
        if shop.kind != ShopKind::Warehouse {
            return Err(ApiError::new(ErrorCode::InvalidInput, format!("{} is not a warehouse", shop.name)));
        }
        let base = self.inner.shops.warehouse_base(shop_id).await?;
        let channel = self.probe_warehouse(&base, token).await?;
        self.keep_warehouse_token(shop_id, token, &channel).await?;
        self.inner.scheduler.wake();
        self.get_shop(shop_id).await
    }

    /// Which warehouse ships a store's orders (None: the store ships them itself). Its paid orders that have
    /// not shipped are routed at once; the push sends them.
    pub async fn route_store(&self, store: ShopId, warehouse: Option<ShopId>) -> Result<Shop> {
        self.inner.store.set_warehouse_route(store, warehouse).await?;
        self.inner.scheduler.wake();
        self.notify(Notice::ShopsChanged);
        self.get_shop(store).await
    }

    /// Orders needing a person: held, in exception at the warehouse, or flagged.
    pub async fn fulfilment_issues(&self, limit: i64) -> Result<Vec<FulfilmentIssue>> {
        Ok(self.inner.store.fulfilment_issues(limit).await?)
    }

    /// A store order by its id in the shop (the command line's `orders show SHOP ORDER_ID`).
    pub async fn order_by_remote_id(&self, shop_id: ShopId, remote_id: &str) -> Result<OrderDetail> {
        let id = self.inner.store.order_id_by_remote(shop_id, remote_id).await?;
        Ok(self.inner.store.get_order(id).await?)
    }
}
