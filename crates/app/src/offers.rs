//! Offers: adding an offers service, tracking products there, their history and charts, and repricing
//! rules (their decisions become ordinary outbox edits).

use storedesk_connectors::http::BaseUrl;
use storedesk_connectors::{offers, ConnectError};
use storedesk_core::auth::{store_new_pair, TokenAnswer};
use storedesk_core::model::{
    ChartRange, NewShop, OfferChart, OfferHistory, RepricePreviewRow, RepriceRule, Shop, ShopId, ShopKind, ShopStatus,
    SyncResource, TrackedProduct,
};
use storedesk_core::{reprice, ApiError, ErrorCode};

use crate::{App, Notice, Result};

/// Points per chart line: plenty for a window's width, few enough to draw at once.
pub const CHART_POINTS: usize = 600;

fn base(api_base: &str) -> Result<BaseUrl> {
    BaseUrl::parse(api_base).map_err(|e| ApiError::new(ErrorCode::BadEndpoint, e.to_string()))
}

impl App {
    /// Keeps the JWT a checked refresh token bought (sealed, with the token): the next call reuses it.
    async fn keep_offers_token(&self, shop_id: ShopId, base: &BaseUrl, answer: TokenAnswer) -> Result<()> {
        let pair = answer.into_pair().map_err(ConnectError::TokenLifetime)?;
        store_new_pair(&self.inner.store, &self.inner.shops.vault, shop_id, &pair).await.map_err(ConnectError::from)?;
        let host = base.as_url().host_str().unwrap_or("offers").to_owned();
        self.inner.store.set_shop_account(shop_id, None, Some(&host), ShopStatus::Connected).await?;
        self.inner.shops.forget(shop_id);
        self.notify(Notice::ShopsChanged);
        Ok(())
    }

    /// Adds an offers service; its refresh token is checked first (a refused one adds nothing).
    pub async fn add_offers_service(&self, name: &str, api_base: &str, refresh_token: &str) -> Result<Shop> {
        let base = base(api_base)?;
        if refresh_token.trim().is_empty() {
            return Err(ApiError::new(ErrorCode::InvalidInput, "paste the offers service's refresh token"));
        }
        // Checked with one auth call before anything is stored; the JWT it bought is kept.
        let answer = offers::probe(&self.inner.shops.http, &base, refresh_token).await?;
        let shop = NewShop {
            kind: ShopKind::Offers,
            name: name.to_owned(),
            site: None,
            api_base: Some(base.to_string()),
            auth_base: None,
        };
        let id = self.inner.store.add_shop(&shop).await?;
        if let Err(e) = self.keep_offers_token(id, &base, answer).await {
            let _ = self.inner.store.remove_shop(id).await;
            return Err(e);
        }
        self.inner.scheduler.wake();
        self.get_shop(id).await
    }

    /// A new refresh token for an offers service whose token was refused.
    pub async fn set_offers_token(&self, shop_id: ShopId, refresh_token: &str) -> Result<Shop> {
        let shop = self.get_shop(shop_id).await?;
        if shop.kind != ShopKind::Offers {
            return Err(ApiError::new(ErrorCode::InvalidInput, format!("{} is not an offers service", shop.name)));
        }
        let base = self.inner.shops.service_base(shop_id).await?;
        let answer = offers::probe(&self.inner.shops.http, &base, refresh_token).await?;
        self.keep_offers_token(shop_id, &base, answer).await?;
        self.inner.scheduler.wake();
        self.get_shop(shop_id).await
    }

    /// The offers service to use: the one named, or the only one there is.
    async fn offers_service(&self, named: Option<ShopId>) -> Result<ShopId> {
        if let Some(id) = named {
            return Ok(id);
        }
        let services: Vec<Shop> = self.list_shops().await?.into_iter().filter(|s| s.kind == ShopKind::Offers).collect();
        match services.as_slice() {
            [one] => Ok(one.id),
            [] => Err(ApiError::new(ErrorCode::InvalidInput, "add an offers service first")),
            _ => Err(ApiError::new(ErrorCode::InvalidInput, "there are several offers services: name one")),
        }
    }

    /// Tracks products at an offers service (None: the only one); they are registered and read on their
    /// first refresh, then refreshed on the interval.
    pub async fn track_products(&self, product_ids: &[i64], service: Option<ShopId>) -> Result<usize> {
        let service = self.offers_service(service).await?;
        let interval = self.inner.store.sync_settings().await?.interval_ms(SyncResource::Offers);
        let n = self.inner.store.track_products(product_ids, service, interval).await?;
        self.inner.scheduler.wake();
        Ok(n)
    }

    /// Stops refreshing products; their history stays.
    pub async fn untrack_products(&self, product_ids: &[i64]) -> Result<usize> {
        Ok(self.inner.store.untrack_products(product_ids).await?)
    }

    pub async fn tracked_products(&self, limit: i64) -> Result<Vec<TrackedProduct>> {
        Ok(self.inner.store.tracked_products(limit).await?)
    }

    /// Every offer of a product with every row of its history.
    pub async fn offer_history(&self, product_id: i64) -> Result<Vec<OfferHistory>> {
        Ok(self.inner.store.offer_history(product_id).await?)
    }

    /// A product's price chart over a range, each line downsampled for drawing.
    pub async fn offer_chart(&self, product_id: i64, range: ChartRange) -> Result<OfferChart> {
        Ok(self.inner.store.offer_chart(product_id, range, CHART_POINTS).await?)
    }

    /// Sets a product's repricing rule; it looks at the lowest offer at once (and after each refresh).
    pub async fn set_reprice_rule(&self, product_id: i64, rule: &RepriceRule) -> Result<RepriceRule> {
        let saved = self.inner.store.set_reprice_rule(product_id, rule).await?;
        reprice::apply(&self.inner.store, Some(&[product_id]), false).await?;
        self.inner.scheduler.wake();
        Ok(saved)
    }

    /// Turns a product's repricing off (its past edits stay in the outbox).
    pub async fn clear_reprice_rule(&self, product_id: i64) -> Result<bool> {
        Ok(self.inner.store.clear_reprice_rule(product_id).await?)
    }

    /// What every rule would do now, without doing it.
    pub async fn reprice_preview(&self) -> Result<Vec<RepricePreviewRow>> {
        Ok(reprice::apply(&self.inner.store, None, true).await?)
    }

    /// The local id of a shop's listing.
    pub async fn product_id_by_remote(&self, shop_id: ShopId, remote_id: &str) -> Result<i64> {
        Ok(self.inner.store.product_id(shop_id, remote_id.trim()).await?)
    }
}
