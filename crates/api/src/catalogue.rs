//! `/api/v1/catalogue`: the business's items with each shop's listings, linking by hand, and bulk changes
//! over items (each bound listing edited through its own shop's outbox). One `App` call per handler.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use storedesk_core::model::{
    BulkChange, BulkEdit, BulkPreview, BulkResult, BulkTarget, CatalogueFilter, CataloguePage, CatalogueQuery,
    CatalogueRow, ListingUnit,
};
use utoipa::{IntoParams, ToSchema};

use crate::problem::{Answer, Json, Problem, Query};
use crate::resources::limit;
use crate::ApiState;

type St = State<Arc<ApiState>>;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogueParams {
    /// items (default), differs (price or stock differ across channels), unbound, problems (a SKU twice in one shop).
    pub filter: Option<CatalogueFilter>,
    /// A substring of the SKU or the title.
    pub search: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1 to 1000 (default 100).
    pub limit: Option<i64>,
}

/// Items by SKU with their listings side by side, or the unbound listings.
#[utoipa::path(get, path = "/api/v1/catalogue", tag = "catalogue", params(CatalogueParams),
    responses((status = 200, body = CataloguePage)))]
pub async fn list_catalogue(State(s): St, Query(p): Query<CatalogueParams>) -> Answer<CataloguePage> {
    let query = CatalogueQuery {
        filter: p.filter.unwrap_or_default(),
        search: p.search,
        cursor: p.cursor,
        limit: limit(p.limit)?,
    };
    Ok(Json(s.app.list_catalogue(&query).await?))
}

/// A listing (or a variation) bound by hand to the item with this SKU (made if new).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub unit: ListingUnit,
    pub sku: String,
}

/// Binds by hand; no later sync undoes it. Answers the item with its listings.
#[utoipa::path(post, path = "/api/v1/catalogue/links", tag = "catalogue", request_body = Link,
    responses((status = 200, body = CatalogueRow)))]
pub async fn link(State(s): St, Json(link): Json<Link>) -> Answer<CatalogueRow> {
    Ok(Json(s.app.link_listing(&link.unit, &link.sku).await?))
}

/// Unbinds by hand: the listing stays unbound until linked again, whatever its SKU says.
#[utoipa::path(post, path = "/api/v1/catalogue/unlinks", tag = "catalogue", request_body = ListingUnit,
    responses((status = 204)))]
pub async fn unlink(State(s): St, Json(unit): Json<ListingUnit>) -> Result<StatusCode, Problem> {
    s.app.unlink_listing(&unit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Two items that are one: every listing of `from` moves onto `into` (by hand), and `from` is removed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Merge {
    /// The SKU of the item that goes away.
    pub from_sku: String,
    /// The SKU of the item that stays.
    pub into_sku: String,
}

/// Merges two items; answers the one that stays, with every listing.
#[utoipa::path(post, path = "/api/v1/catalogue/merges", tag = "catalogue", request_body = Merge,
    responses((status = 200, body = CatalogueRow)))]
pub async fn merge(State(s): St, Json(m): Json<Merge>) -> Answer<CatalogueRow> {
    Ok(Json(s.app.merge_items_by_sku(&m.from_sku, &m.into_sku).await?))
}

/// A change over catalogue items: every bound listing, each through its own shop's outbox.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemsChange {
    pub item_ids: Vec<i64>,
    pub change: BulkChange,
    /// Only say what it would do.
    #[serde(default)]
    pub preview: bool,
}

#[derive(Debug, serde::Serialize, ToSchema)]
#[serde(untagged)]
pub enum ItemsChangeAnswer {
    Preview(BulkPreview),
    Queued(BulkResult),
}

#[utoipa::path(post, path = "/api/v1/catalogue/bulk-edits", tag = "catalogue", request_body = ItemsChange,
    responses((status = 200, body = ItemsChangeAnswer)))]
pub async fn bulk_edit(State(s): St, Json(c): Json<ItemsChange>) -> Answer<ItemsChangeAnswer> {
    let bulk = BulkEdit { target: BulkTarget::Items { item_ids: c.item_ids }, change: c.change };
    Ok(Json(if c.preview {
        ItemsChangeAnswer::Preview(s.app.preview_bulk_edit(&bulk).await?)
    } else {
        ItemsChangeAnswer::Queued(s.app.apply_bulk_edit(&bulk).await?)
    }))
}
