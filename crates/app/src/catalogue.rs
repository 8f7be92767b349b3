//! The catalogue: the business's items with each channel's listings bound to them, and staff's hand on the
//! bindings (link, unlink, merge). Bulk changes over items go through `apply_bulk_edit` (edits.rs).

use storedesk_core::model::{CatalogueCounts, CataloguePage, CatalogueQuery, CatalogueRow, ListingUnit};

use crate::{App, Result};

impl App {
    pub async fn list_catalogue(&self, query: &CatalogueQuery) -> Result<CataloguePage> {
        Ok(self.inner.store.list_catalogue(query).await?)
    }

    pub async fn catalogue_counts(&self) -> Result<CatalogueCounts> {
        Ok(self.inner.store.catalogue_counts().await?)
    }

    /// Binds a listing (or one of its variations) to the item with this SKU, made if new; no pull undoes it.
    pub async fn link_listing(&self, unit: &ListingUnit, sku: &str) -> Result<CatalogueRow> {
        Ok(self.inner.store.link_listing(unit, sku).await?)
    }

    /// Unbinds a listing (or one of its variations) by hand; it stays unbound until linked again.
    pub async fn unlink_listing(&self, unit: &ListingUnit) -> Result<()> {
        Ok(self.inner.store.unlink_listing(unit).await?)
    }

    /// Moves every listing of item `from` onto item `into`, and removes `from`.
    pub async fn merge_items(&self, from: i64, into: i64) -> Result<CatalogueRow> {
        Ok(self.inner.store.merge_items(from, into).await?)
    }

    /// The same, the items named by SKU (as the command line and the local API name them).
    pub async fn merge_items_by_sku(&self, from: &str, into: &str) -> Result<CatalogueRow> {
        let store = &self.inner.store;
        let (from, into) = (store.item_by_sku(from).await?, store.item_by_sku(into).await?);
        Ok(store.merge_items(from, into).await?)
    }
}
