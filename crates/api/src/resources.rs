//! `/api/v1`: shops, products (PATCH into the outbox), orders, shipments, offers, the outbox and sync
//! runs. Each handler turns the request into one `App` call and its answer into JSON.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use storedesk_app::ListingChange;
use storedesk_core::model::{
    FulfilmentStage, FulfilmentState, ListingState, OfferHistory, OrderDetail, OrderPage, OrderQuery, OrderSort,
    OrderState, OutboxPage, OutboxQuery, OutboxRow, OutboxStatus, ProductDetail, ProductPage, ProductQuery,
    ProductSort, Resolution, ShipmentPage, ShipmentQuery, ShipmentSort, Shop, ShopId, SortDir, SyncResource,
    SyncRunPage, SyncRunQuery, SyncRunStatus,
};
use utoipa::{IntoParams, ToSchema};

use crate::problem::{Answer, Json, Path, Problem, Query};
use crate::ApiState;

/// Rows a page holds when the request does not say.
const DEFAULT_LIMIT: i64 = 100;
/// The most rows a page may hold.
const MAX_LIMIT: i64 = 1_000;

pub(crate) fn limit(asked: Option<i64>) -> Result<i64, Problem> {
    match asked {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(n) => Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "invalid_input",
            format!("limit must be between 1 and {MAX_LIMIT}, not {n}"),
        )),
    }
}

type St = State<Arc<ApiState>>;

/// Every shop, warehouse and offers service, with its connection status.
#[utoipa::path(get, path = "/api/v1/shops", tag = "shops", responses((status = 200, body = Vec<Shop>)))]
pub async fn list_shops(State(s): St) -> Answer<Vec<Shop>> {
    Ok(Json(s.app.list_shops().await?))
}

#[utoipa::path(get, path = "/api/v1/shops/{id}", tag = "shops", params(("id" = i64, Path)),
    responses((status = 200, body = Shop)))]
pub async fn get_shop(State(s): St, Path(id): Path<ShopId>) -> Answer<Shop> {
    Ok(Json(s.app.get_shop(id).await?))
}

/// The product list's filters, sorts, search and keyset cursor (the same as the desktop's table).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductParams {
    pub shop_id: Option<ShopId>,
    pub state: Option<ListingState>,
    /// Title or SKU words (prefix match).
    pub search: Option<String>,
    /// Only products with at most this many units.
    pub low_stock_max: Option<i64>,
    /// Only products priced above their lowest offer by more than this many basis points (500: 5%).
    pub above_lowest_bp: Option<i64>,
    pub sort: Option<ProductSort>,
    pub dir: Option<SortDir>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1 to 1000 (default 100).
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/products", tag = "products", params(ProductParams),
    responses((status = 200, body = ProductPage)))]
pub async fn list_products(State(s): St, Query(p): Query<ProductParams>) -> Answer<ProductPage> {
    let query = ProductQuery {
        shop_id: p.shop_id,
        state: p.state,
        search: p.search,
        low_stock_max: p.low_stock_max,
        above_lowest_bp: p.above_lowest_bp,
        sort: p.sort.unwrap_or_default(),
        dir: p.dir.unwrap_or_default(),
        cursor: p.cursor,
        limit: limit(p.limit)?,
    };
    Ok(Json(s.app.list_products(&query).await?))
}

#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "products", params(("id" = i64, Path)),
    responses((status = 200, body = ProductDetail)))]
pub async fn get_product(State(s): St, Path(id): Path<i64>) -> Answer<ProductDetail> {
    Ok(Json(s.app.get_product(id).await?))
}

/// New values for a listing (or one variation); each goes through the outbox to the shop.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    /// Decimal text in the listing's currency ("12990.50"), exact.
    pub price: Option<String>,
    pub stock: Option<i64>,
    /// The location whose stock `stock` sets: required where the shop keeps stock per location (the
    /// product's `stock_levels` name them), refused elsewhere.
    pub location_id: Option<String>,
    pub status: Option<ListingState>,
    /// The variation to change (stock and price of one variation); none: the listing.
    pub variant_remote_id: Option<String>,
}

/// The edits queued: what the outbox will send, each with its state.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Queued {
    pub edits: Vec<OutboxRow>,
}

/// Queues new values; the answer is 202 with the outbox rows (none when the shop already has them).
#[utoipa::path(patch, path = "/api/v1/products/{id}", tag = "products", params(("id" = i64, Path)),
    request_body = ProductPatch, responses((status = 202, body = Queued)))]
pub async fn patch_product(
    State(s): St,
    Path(id): Path<i64>,
    Json(patch): Json<ProductPatch>,
) -> Result<(StatusCode, Json<Queued>), Problem> {
    let change =
        ListingChange { price: patch.price, stock: patch.stock, location_id: patch.location_id, status: patch.status };
    let edits = s.app.patch_product(id, patch.variant_remote_id.as_deref(), &change).await?;
    Ok((StatusCode::ACCEPTED, Json(Queued { edits })))
}

/// Every offer of a product with its whole price history.
#[utoipa::path(get, path = "/api/v1/products/{id}/offers", tag = "offers", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<OfferHistory>)))]
pub async fn product_offers(State(s): St, Path(id): Path<i64>) -> Answer<Vec<OfferHistory>> {
    s.app.get_product(id).await?;
    Ok(Json(s.app.offer_history(id).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderParams {
    pub shop_id: Option<ShopId>,
    pub state: Option<OrderState>,
    /// Only orders at this stage with the warehouse.
    pub fulfilment: Option<FulfilmentStage>,
    /// Order id, buyer or item words.
    pub search: Option<String>,
    /// Created at or after (unix ms).
    pub from: Option<i64>,
    /// Created before (unix ms).
    pub to: Option<i64>,
    pub sort: Option<OrderSort>,
    pub dir: Option<SortDir>,
    pub cursor: Option<String>,
    /// 1 to 1000 (default 100).
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/orders", tag = "orders", params(OrderParams),
    responses((status = 200, body = OrderPage)))]
pub async fn list_orders(State(s): St, Query(p): Query<OrderParams>) -> Answer<OrderPage> {
    let query = OrderQuery {
        shop_id: p.shop_id,
        state: p.state,
        fulfilment: p.fulfilment,
        search: p.search,
        from: p.from,
        to: p.to,
        sort: p.sort.unwrap_or_default(),
        dir: p.dir.unwrap_or_default(),
        cursor: p.cursor,
        limit: limit(p.limit)?,
    };
    Ok(Json(s.app.list_orders(&query).await?))
}

/// An order with its items, buyer, shipment and warehouse fulfilment.
#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "orders", params(("id" = i64, Path)),
    responses((status = 200, body = OrderDetail)))]
pub async fn get_order(State(s): St, Path(id): Path<i64>) -> Answer<OrderDetail> {
    Ok(Json(s.app.get_order(id).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShipmentParams {
    pub shop_id: Option<ShopId>,
    pub state: Option<FulfilmentState>,
    /// A tracking number or shipment id (prefix).
    pub search: Option<String>,
    pub sort: Option<ShipmentSort>,
    pub dir: Option<SortDir>,
    pub cursor: Option<String>,
    /// 1 to 1000 (default 100).
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/shipments", tag = "orders", params(ShipmentParams),
    responses((status = 200, body = ShipmentPage)))]
pub async fn list_shipments(State(s): St, Query(p): Query<ShipmentParams>) -> Answer<ShipmentPage> {
    let query = ShipmentQuery {
        shop_id: p.shop_id,
        state: p.state,
        search: p.search,
        sort: p.sort.unwrap_or_default(),
        dir: p.dir.unwrap_or_default(),
        cursor: p.cursor,
        limit: limit(p.limit)?,
    };
    Ok(Json(s.app.list_shipments(&query).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxParams {
    pub shop_id: Option<ShopId>,
    pub status: Option<OutboxStatus>,
    pub product_id: Option<i64>,
    pub cursor: Option<String>,
    /// 1 to 1000 (default 100).
    pub limit: Option<i64>,
}

/// Edits on their way to the shops, and those that need a person (rejected, conflict).
#[utoipa::path(get, path = "/api/v1/outbox", tag = "outbox", params(OutboxParams),
    responses((status = 200, body = OutboxPage)))]
pub async fn list_outbox(State(s): St, Query(p): Query<OutboxParams>) -> Answer<OutboxPage> {
    let query = OutboxQuery {
        shop_id: p.shop_id,
        status: p.status,
        product_id: p.product_id,
        cursor: p.cursor,
        limit: limit(p.limit)?,
    };
    Ok(Json(s.app.list_outbox(&query).await?))
}

/// Sends a rejected or failed edit again.
#[utoipa::path(post, path = "/api/v1/outbox/{id}/retry", tag = "outbox", params(("id" = i64, Path)),
    responses((status = 200, body = OutboxRow)))]
pub async fn retry_edit(State(s): St, Path(id): Path<i64>) -> Answer<OutboxRow> {
    Ok(Json(s.app.retry_edit(id, None).await?))
}

/// Drops an edit that has not reached the shop (the shop's value shows again).
#[utoipa::path(post, path = "/api/v1/outbox/{id}/discard", tag = "outbox", params(("id" = i64, Path)),
    responses((status = 200, body = OutboxRow)))]
pub async fn discard_edit(State(s): St, Path(id): Path<i64>) -> Answer<OutboxRow> {
    Ok(Json(s.app.discard_edit(id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Resolve {
    pub resolution: Resolution,
}

/// Ends a conflict: keep mine (send it anyway) or take theirs (drop the edit).
#[utoipa::path(post, path = "/api/v1/outbox/{id}/resolve", tag = "outbox", params(("id" = i64, Path)),
    request_body = Resolve, responses((status = 200, body = OutboxRow)))]
pub async fn resolve_edit(State(s): St, Path(id): Path<i64>, Json(r): Json<Resolve>) -> Answer<OutboxRow> {
    Ok(Json(s.app.resolve_conflict(id, r.resolution).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SyncRunParams {
    pub shop_id: Option<ShopId>,
    pub status: Option<SyncRunStatus>,
    pub resource: Option<SyncResource>,
    pub cursor: Option<String>,
    /// 1 to 1000 (default 100).
    pub limit: Option<i64>,
}

/// Sync runs, newest first.
#[utoipa::path(get, path = "/api/v1/sync-runs", tag = "sync", params(SyncRunParams),
    responses((status = 200, body = SyncRunPage)))]
pub async fn list_sync_runs(State(s): St, Query(p): Query<SyncRunParams>) -> Answer<SyncRunPage> {
    let query = SyncRunQuery {
        shop_id: p.shop_id,
        status: p.status,
        resource: p.resource,
        cursor: p.cursor,
        limit: limit(p.limit)?,
    };
    Ok(Json(s.app.list_sync_runs(&query).await?))
}

/// What to sync now.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncNow {
    /// None: every shop.
    pub shop_id: Option<ShopId>,
    /// None: what each shop's kind syncs.
    pub resource: Option<SyncResource>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Accepted {
    pub accepted: bool,
}

/// Asks the background sync to run now (the desktop app or `storedesk-cli daemon` runs it); 202.
#[utoipa::path(post, path = "/api/v1/sync-runs", tag = "sync", request_body = SyncNow,
    responses((status = 202, body = Accepted)))]
pub async fn sync_now(State(s): St, Json(r): Json<SyncNow>) -> Result<(StatusCode, Json<Accepted>), Problem> {
    if let Some(shop) = r.shop_id {
        s.app.get_shop(shop).await?;
    }
    s.app.sync_now(r.shop_id, r.resource).await?;
    Ok((StatusCode::ACCEPTED, Json(Accepted { accepted: true })))
}
