//! Browsing: the read-only use cases over the local store (they work offline).

use storedesk_core::model::{
    Dashboard, OrderDetail, OrderPage, OrderQuery, ProductDetail, ProductPage, ProductQuery, ShipmentPage,
    ShipmentQuery, SyncRunPage, SyncRunQuery,
};

use crate::{App, Result};

impl App {
    pub async fn list_products(&self, query: &ProductQuery) -> Result<ProductPage> {
        Ok(self.inner.store.list_products(query).await?)
    }

    pub async fn count_products(&self, query: &ProductQuery) -> Result<i64> {
        Ok(self.inner.store.count_products(query).await?)
    }

    pub async fn get_product(&self, id: i64) -> Result<ProductDetail> {
        Ok(self.inner.store.get_product(id).await?)
    }

    pub async fn list_orders(&self, query: &OrderQuery) -> Result<OrderPage> {
        Ok(self.inner.store.list_orders(query).await?)
    }

    pub async fn count_orders(&self, query: &OrderQuery) -> Result<i64> {
        Ok(self.inner.store.count_orders(query).await?)
    }

    pub async fn get_order(&self, id: i64) -> Result<OrderDetail> {
        Ok(self.inner.store.get_order(id).await?)
    }

    pub async fn list_shipments(&self, query: &ShipmentQuery) -> Result<ShipmentPage> {
        Ok(self.inner.store.list_shipments(query).await?)
    }

    pub async fn count_shipments(&self, query: &ShipmentQuery) -> Result<i64> {
        Ok(self.inner.store.count_shipments(query).await?)
    }

    pub async fn list_sync_runs(&self, query: &SyncRunQuery) -> Result<SyncRunPage> {
        Ok(self.inner.store.list_sync_runs(query).await?)
    }

    /// The dashboard over the last `days` days; "low stock" is at most `low_stock_max` units.
    pub async fn dashboard(&self, low_stock_max: i64, days: i64) -> Result<Dashboard> {
        Ok(self.inner.store.dashboard(low_stock_max, days).await?)
    }
}
