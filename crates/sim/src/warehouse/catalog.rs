//! ShipBob's products and inventory levels (API 2026-07), as the stock-across-channels work reads them:
//! `GET /product` (SKU -> variant -> inventory id) and `GET /inventory-level` (on hand, committed,
//! fulfillable per inventory item), both cursor-paged objects `{items, first, last, next, prev}` whose
//! links are URLs, null where there is no such page. Errors here are RFC 7807 ProblemDetails, not the
//! orders' field maps.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::api::{params, AppState};
use super::state::{date, lock, Product, State as Warehouse};
use super::API_VERSION;
use crate::server::json_response;

/// The page size when none is asked for, and the largest (the spec says "1-250").
const DEFAULT_PAGE: usize = 50;
const MAX_PAGE: usize = 250;

/// Cursors are opaque to clients: a position, disguised so nobody builds one by hand.
const CURSOR_MASK: u64 = 0x5bd1_e995;

/// The offset a `Cursor` stands for (none: the start); None when it is not one of ours.
pub(super) fn offset_of(cursor: Option<&String>) -> Option<usize> {
    match cursor {
        None => Some(0),
        Some(c) => u64::from_str_radix(c.strip_prefix('c')?, 16).ok().map(|n| (n ^ CURSOR_MASK) as usize),
    }
}

/// The URL of the page at `offset` of `resource`, with the filters that made the first page.
pub(super) fn page_url(headers: &HeaderMap, resource: &str, filters: &[(&str, String)], offset: usize) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in filters {
        query.append_pair(k, v);
    }
    query.append_pair("Cursor", &format!("c{:x}", offset as u64 ^ CURSOR_MASK));
    format!("http://{host}/{API_VERSION}/{resource}?{}", query.finish())
}

fn problem(status: StatusCode, title: &str, detail: String) -> Response {
    json_response(
        status,
        json!({"type": "https://tools.ietf.org/html/rfc9110#section-15.5", "title": title,
               "status": status.as_u16(), "detail": detail, "instance": Value::Null}),
    )
}

/// One page of `all` (already filtered and sorted) as ShipBob's paged object.
fn paged(
    headers: &HeaderMap,
    resource: &str,
    filters: Vec<(&str, String)>,
    query: &std::collections::HashMap<String, String>,
    all: Vec<Value>,
) -> Response {
    let size = match query.get("PageSize").map(|v| v.parse::<usize>()) {
        None => DEFAULT_PAGE,
        Some(Ok(n)) if (1..=MAX_PAGE).contains(&n) => n,
        Some(_) => {
            return problem(StatusCode::BAD_REQUEST, "Invalid PageSize", format!("PageSize must be 1 to {MAX_PAGE}."))
        }
    };
    let Some(from) = offset_of(query.get("Cursor")) else {
        return problem(StatusCode::BAD_REQUEST, "Invalid cursor", "The cursor is not valid.".into());
    };
    let mut filters = filters;
    filters.push(("PageSize", size.to_string()));
    let last_start = all.len().saturating_sub(1) / size * size;
    let link = |at: usize| page_url(headers, resource, &filters, at);
    let body = json!({
        "items": all.iter().skip(from).take(size).collect::<Vec<_>>(),
        "first": link(0),
        "last": link(last_start),
        "next": (from + size < all.len()).then(|| link(from + size)),
        "prev": (from > 0).then(|| link(from.saturating_sub(size))),
    });
    json_response(StatusCode::OK, body)
}

fn sorted_products(st: &Warehouse) -> Vec<&Product> {
    let mut all: Vec<&Product> = st.products.values().collect();
    all.sort_by_key(|p| p.id);
    all
}

fn product_json(p: &Product, on_hand: i64) -> Value {
    json!({
        "id": p.id, "name": p.name, "type": "Regular",
        "created_on": date(p.created), "updated_on": date(p.updated),
        "variants": [{
            "id": p.variant_id, "name": p.name, "sku": p.sku, "status": "Active", "is_digital": false,
            "inventory": {"inventory_id": p.inventory_id, "on_hand_qty": on_hand},
        }],
    })
}

fn level_json(st: &Warehouse, p: &Product) -> Value {
    let committed = st.committed(&p.sku);
    let fulfillable = (p.on_hand - committed).max(0);
    json!({
        "inventory_id": p.inventory_id, "name": p.name, "sku": p.sku,
        "total_on_hand_quantity": p.on_hand,
        "total_committed_quantity": committed,
        "total_fulfillable_quantity": fulfillable,
        "total_sellable_quantity": fulfillable,
        "total_awaiting_quantity": 0,
        "total_backordered_quantity": (committed - p.on_hand).max(0),
        "total_exception_quantity": 0,
        "total_internal_transfer_quantity": 0,
    })
}

/// `GET /product?SKU=…`: products by id; `SKU` matches a variant's SKU exactly (the stricter reading: the
/// docs do not say exact or partial), `Search` matches name or SKU in part.
pub(super) async fn list_products(
    State(shared): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let p = params(q);
    let st = lock(&shared.state);
    let sku = p.get("SKU").cloned();
    let search = p.get("Search").map(|s| s.to_lowercase());
    let all: Vec<Value> = sorted_products(&st)
        .into_iter()
        .filter(|x| sku.as_ref().is_none_or(|s| &x.sku == s))
        .filter(|x| {
            search.as_ref().is_none_or(|s| x.sku.to_lowercase().contains(s) || x.name.to_lowercase().contains(s))
        })
        .map(|x| product_json(x, x.on_hand))
        .collect();
    let filters: Vec<(&str, String)> =
        [("SKU", sku), ("Search", p.get("Search").cloned())].into_iter().filter_map(|(k, v)| Some((k, v?))).collect();
    paged(&headers, "product", filters, &p, all)
}

/// `GET /inventory-level?InventoryIds=1,2` or `?SearchBy=…` (an inventory id exactly, or a name or SKU in
/// part, case-insensitive).
pub(super) async fn list_inventory_levels(
    State(shared): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let p = params(q);
    let ids: Option<Vec<u64>> = match p.get("InventoryIds") {
        None => None,
        Some(v) => match v.split(',').map(|s| s.trim().parse::<u64>()).collect::<Result<Vec<_>, _>>() {
            Ok(ids) => Some(ids),
            Err(_) => {
                return problem(
                    StatusCode::BAD_REQUEST,
                    "Invalid InventoryIds",
                    format!("'{v}' is not a comma-separated list of inventory ids."),
                )
            }
        },
    };
    let search = p.get("SearchBy").map(|s| s.to_lowercase());
    let st = lock(&shared.state);
    let all: Vec<Value> = sorted_products(&st)
        .into_iter()
        .filter(|x| ids.as_ref().is_none_or(|ids| ids.contains(&x.inventory_id)))
        .filter(|x| {
            search.as_ref().is_none_or(|s| {
                x.inventory_id.to_string() == *s
                    || x.sku.to_lowercase().contains(s)
                    || x.name.to_lowercase().contains(s)
            })
        })
        .map(|x| level_json(&st, x))
        .collect();
    let filters: Vec<(&str, String)> =
        [("InventoryIds", p.get("InventoryIds").cloned()), ("SearchBy", p.get("SearchBy").cloned())]
            .into_iter()
            .filter_map(|(k, v)| Some((k, v?)))
            .collect();
    paged(&headers, "inventory-level", filters, &p, all)
}

/// `GET /inventory-level/{inventoryId}`.
pub(super) async fn inventory_level(State(shared): State<AppState>, Path(id): Path<String>) -> Response {
    let st = lock(&shared.state);
    match id.parse::<u64>().ok().and_then(|id| st.products.values().find(|p| p.inventory_id == id)) {
        Some(p) => json_response(StatusCode::OK, level_json(&st, p)),
        None => problem(StatusCode::NOT_FOUND, "Not Found", format!("Inventory {id} was not found.")),
    }
}
