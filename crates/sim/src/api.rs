//! The seller API: users, items (search with the 1000 cap and scan, multiget, get, update), orders (search with
//! the deep-offset cap, get) and shipments. Every answer is shaped as the real API's, errors included:
//! `{message, error, status, cause:[]}`.

// Handlers return an early `Response` as their error: that is the axum idiom, boxing it would only add noise.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, RawQuery, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::data::{self, item_id, item_index, item_json, order_json, shipment_json};
use crate::server::{api_error, json_response, AppState};
use crate::state::{lock, random_hex, AccessState, ItemSort, OrderFilter, Scroll};

/// 401 comes in both shapes seen from the real API (marketplace-apis.md), alternating, so a client must key on
/// the status, not on a body field.
fn invalid_token() -> Response {
    static ANSWERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    if ANSWERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed).is_multiple_of(2) {
        api_error(StatusCode::UNAUTHORIZED, "invalid_token", "not_found")
    } else {
        json_response(StatusCode::UNAUTHORIZED, json!({"code": "unauthorized", "message": "invalid access token"}))
    }
}

fn bad_request(message: impl Into<String>) -> Response {
    api_error(StatusCode::BAD_REQUEST, message, "bad_request")
}

fn forbidden() -> Response {
    api_error(StatusCode::FORBIDDEN, "The caller is not authorized to access this resource", "forbidden")
}

/// A request carrying a live access token in `Authorization: Bearer`. A token in the query string is refused
/// (MercadoLibre stopped accepting `?access_token=` in 2021) even when a valid header is present as well.
pub struct Authed;

enum Denied {
    Plain,
    Retired,
    Expired,
}

impl FromRequestParts<AppState> for Authed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, shared: &AppState) -> Result<Self, Response> {
        if let Some(q) = parts.uri.query() {
            if form_urlencoded::parse(q.as_bytes()).any(|(k, _)| k == "access_token") {
                return Err(invalid_token());
            }
        }
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|h| h.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim().to_string());
        let Some(token) = token else { return Err(invalid_token()) };
        let outcome = {
            let st = lock(&shared.state);
            match st.access.get(&token) {
                None => Err(Denied::Plain),
                Some(a) => match a.state {
                    AccessState::Retired => Err(Denied::Retired),
                    AccessState::Revoked => Err(Denied::Plain),
                    AccessState::Live if st.grants.get(&a.grant).is_none_or(|g| g.revoked) => Err(Denied::Plain),
                    AccessState::Live if Instant::now() >= a.expires => Err(Denied::Expired),
                    AccessState::Live => Ok(Authed),
                },
            }
        };
        match outcome {
            Ok(a) => Ok(a),
            Err(d) => {
                let mut stats = lock(&shared.stats);
                match d {
                    Denied::Retired => stats.retired_token_requests += 1,
                    Denied::Expired => stats.expired_token_requests += 1,
                    Denied::Plain => {}
                }
                Err(invalid_token())
            }
        }
    }
}

/// Query parameters (last value wins, as most web stacks do).
fn params(q: Option<String>) -> HashMap<String, String> {
    form_urlencoded::parse(q.unwrap_or_default().as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn num_param(p: &HashMap<String, String>, key: &str, default: u64) -> Result<u64, Response> {
    match p.get(key) {
        None => Ok(default),
        Some(v) => v.parse::<u64>().map_err(|_| bad_request(format!("Invalid value for {key}: {v}"))),
    }
}

pub async fn me(_: Authed, State(shared): State<AppState>) -> Response {
    let s = &shared.seller;
    json_response(
        StatusCode::OK,
        json!({
            "id": s.id,
            "nickname": s.nickname,
            "site_id": "MLA",
            "first_name": s.first_name,
            "last_name": s.last_name,
            "email": s.email,
            "country_id": "AR",
            "user_type": "normal",
            "permalink": format!("http://perfil.mercadolibre.com.ar/{}", s.nickname),
        }),
    )
}

// ---------------------------------------------------------------------------------------------------------------
// Items

fn parse_item_status(p: &HashMap<String, String>) -> Result<Option<&'static str>, Response> {
    match p.get("status") {
        None => Ok(None),
        // Only these are documented as filters (marketplace-apis.md); an item can be under_review, but a listing
        // by that status is refused here.
        Some(s) => match ["active", "paused", "closed"].into_iter().find(|x| *x == s) {
            Some(x) => Ok(Some(x)),
            None => Err(bad_request(format!("Invalid status: {s}"))),
        },
    }
}

/// `GET /users/{uid}/items/search`
pub async fn items_search(
    _: Authed,
    State(shared): State<AppState>,
    Path(uid): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let p = params(q);
    match uid.parse::<u64>() {
        Ok(id) if id == shared.seller.id => {}
        Ok(_) => return forbidden(),
        Err(_) => return bad_request(format!("Invalid user id: {uid}")),
    }
    let limit = match num_param(&p, "limit", 50) {
        Ok(l) if (1..=100).contains(&l) => l as usize,
        Ok(l) => return bad_request(format!("Invalid limit {l}: the maximum is 100")),
        Err(r) => return r,
    };
    let offset = match num_param(&p, "offset", 0) {
        Ok(o) => o.min(usize::MAX as u64) as usize,
        Err(r) => return r,
    };
    let status = match parse_item_status(&p) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let sort = match p.get("sort").map(String::as_str) {
        None => ItemSort::Id,
        Some("last_updated_desc") => ItemSort::UpdatedDesc,
        Some("last_updated_asc") => ItemSort::UpdatedAsc,
        Some(s) => return bad_request(format!("Invalid sort: {s}. Valid sorts: last_updated_desc, last_updated_asc")),
    };
    let scan = match p.get("search_type").map(String::as_str) {
        None => false,
        Some("scan") => true,
        Some(s) => return bad_request(format!("Invalid search_type: {s}")),
    };
    let seller_id = shared.seller.id;
    let ids = |view: &[u32]| -> Vec<Value> { view.iter().map(|i| json!(item_id(*i as u64))).collect() };
    let mut st = lock(&shared.state);
    if !scan {
        if p.contains_key("scroll_id") {
            return bad_request("scroll_id is only valid with search_type=scan");
        }
        // MercadoLibre refuses offset+limit past 1000: deeper listings must be read with search_type=scan.
        if offset.saturating_add(limit) > 1000 {
            return bad_request(
                "The sum of offset and limit cannot exceed 1000. Use search_type=scan to retrieve more than 1000 results",
            );
        }
        let view = st.item_view(status, sort);
        let page = &view[offset.min(view.len())..(offset + limit).min(view.len())];
        return json_response(
            StatusCode::OK,
            json!({
                "seller_id": seller_id.to_string(),
                "paging": {"total": view.len(), "offset": offset, "limit": limit},
                "results": ids(page),
                "orders": [],
                "available_orders": [],
            }),
        );
    }
    st.sweep_scrolls();
    // Scan: like MercadoLibre's (an Elasticsearch scroll) the cursor is server-side state behind an opaque id. The
    // order is unspecified (here: id order of a snapshot taken when the scan began). Each call advances it and answers
    // a NEW id for the next call ("repeat with the returned scroll_id", marketplace-apis.md): a client that keeps
    // sending the first id gets a 400. The id just replaced answers once more (a retry after a lost answer), and
    // advances the same scroll, as the real one does.
    let (scroll_id, view, from) = match p.get("scroll_id") {
        Some(sid) => {
            let current = st.scroll_successors.remove(sid).unwrap_or_else(|| sid.clone());
            // An id sent without percent-encoding arrives with its `+` turned into spaces: unknown, like an expired one.
            let Some(mut s) = st.scrolls.remove(&current) else {
                return bad_request("Invalid or expired scroll_id");
            };
            let from = s.pos;
            s.pos = (s.pos + limit).min(s.view.len());
            s.touched = Instant::now();
            let view = s.view.clone();
            let next = base64_id();
            st.scrolls.insert(next.clone(), s);
            st.scroll_successors.retain(|_, succ| *succ != current);
            st.scroll_successors.insert(current, next.clone());
            (next, view, from)
        }
        None => {
            let view = st.item_view(status, ItemSort::Id);
            let sid = base64_id();
            st.scrolls.insert(
                sid.clone(),
                Scroll { view: view.clone(), pos: limit.min(view.len()), touched: Instant::now() },
            );
            (sid, view, 0)
        }
    };
    let page = &view[from..(from + limit).min(view.len())];
    json_response(
        StatusCode::OK,
        json!({
            "seller_id": seller_id.to_string(),
            "scroll_id": scroll_id,
            "paging": {"total": view.len(), "offset": from, "limit": limit},
            "results": ids(page),
            "orders": [],
            "available_orders": [],
        }),
    )
}

/// A scroll id as MercadoLibre hands them out: opaque base64 pieces joined by `:`, carrying `+ / =`
/// (marketplace-apis.md, "Listings": "Scroll ids of search_type=scan are opaque (base64 pieces joined by `:`,
/// containing `+ / =`): percent-encode them"). Every id made here contains all four, so a client that sends one
/// unencoded has its `+` read as a space and gets the real API's 400, as it would in a real shop.
fn base64_id() -> String {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    // 0xfb 0xef 0xbe encode as "++++" and 0xff 0xff 0xff as "////": the pieces are random after that.
    let mut tail = vec![0xfb, 0xef, 0xbe, 0xff, 0xff, 0xff];
    tail.extend(random_hex(15).into_bytes());
    format!("{}:{}:{}", STANDARD.encode("apicore-items"), STANDARD.encode("ds-apicore-items-01"), STANDARD.encode(tail))
}

/// Keeps only the requested top-level fields (`attributes=id,price,...`).
fn trim(v: Value, attributes: Option<&Vec<String>>) -> Value {
    match (v, attributes) {
        (Value::Object(m), Some(keep)) => {
            Value::Object(m.into_iter().filter(|(k, _)| keep.iter().any(|a| a == k)).collect::<Map<_, _>>())
        }
        (v, _) => v,
    }
}

fn attributes(p: &HashMap<String, String>) -> Option<Vec<String>> {
    p.get("attributes").map(|a| a.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
}

/// `GET /items?ids=A,B,...` (at most 20 ids; one `{code, body}` per id, in request order).
pub async fn items_multiget(_: Authed, State(shared): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let p = params(q);
    let Some(raw) = p.get("ids") else { return bad_request("Missing required param: ids") };
    let ids: Vec<&str> = raw.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if ids.is_empty() {
        return bad_request("Missing required param: ids");
    }
    if ids.len() > 20 {
        return bad_request(format!("Too many ids: {} requested, the maximum is 20", ids.len()));
    }
    let attrs = attributes(&p);
    let st = lock(&shared.state);
    let out: Vec<Value> = ids
        .iter()
        .map(|id| match item_index(id).and_then(|i| st.item(i)) {
            Some(it) => json!({"code": 200, "body": trim(st.item_body(&it, shared.seller.id), attrs.as_ref())}),
            None => json!({
                "code": 404,
                "body": {"message": "Item not found", "error": "not_found", "status": 404, "cause": []},
            }),
        })
        .collect();
    json_response(StatusCode::OK, Value::Array(out))
}

fn item_not_found(id: &str) -> Response {
    api_error(StatusCode::NOT_FOUND, format!("Item with id {id} not found"), "not_found")
}

/// `GET /items/{id}`
pub async fn item_get(
    _: Authed,
    State(shared): State<AppState>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let p = params(q);
    let st = lock(&shared.state);
    match item_index(&id).and_then(|i| st.item(i)) {
        Some(it) => json_response(StatusCode::OK, trim(st.item_body(&it, shared.seller.id), attributes(&p).as_ref())),
        None => item_not_found(&id),
    }
}

fn cause(code: &str, field: &str, message: impl Into<String>) -> Value {
    json!({"type": "error", "code": code, "references": [field], "message": message.into()})
}

fn validation_error(causes: Vec<Value>) -> Response {
    json_response(
        StatusCode::BAD_REQUEST,
        json!({"message": "Validation error", "error": "validation_error", "status": 400, "cause": causes}),
    )
}

/// A price: a JSON number > 0 with at most two decimals, in cents.
fn parse_price(v: &Value) -> Option<i64> {
    let f = v.as_f64()?;
    if !f.is_finite() || f <= 0.0 || f > 1e11 {
        return None;
    }
    let cents = (f * 100.0).round();
    ((f * 100.0 - cents).abs() < 1e-6).then_some(cents as i64)
}

/// A stock figure: a JSON integer >= 0.
fn parse_quantity(v: &Value) -> Option<i64> {
    v.as_u64().filter(|q| *q <= 10_000_000).map(|q| q as i64)
}

/// `PUT /items/{id}` with `{price?, available_quantity?, status?, variations?:[{id, price?, available_quantity?}]}`.
/// A status goes between active and paused, or to closed (final); an item under review keeps its status.
pub async fn item_put(
    _: Authed,
    State(shared): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("application/json"));
    let mut st = lock(&shared.state);
    let Some(mut it) = item_index(&id).and_then(|i| st.item(i)) else { return item_not_found(&id) };
    if !is_json {
        return bad_request("The body must be JSON (Content-Type: application/json)");
    }
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&body) else {
        return bad_request("The body is not a valid JSON object");
    };
    if it.status == "closed" {
        return json_response(
            StatusCode::BAD_REQUEST,
            json!({
                "message": format!("Item {id} is closed and cannot be modified"),
                "error": "validation_error",
                "status": 400,
                "cause": [cause("item.closed", "item.status", format!("Cannot update item {id} [status:closed]"))],
            }),
        );
    }
    let mut causes = Vec::new();
    for k in body.keys() {
        if !matches!(k.as_str(), "price" | "available_quantity" | "variations" | "status") {
            causes.push(cause("body.invalid_field", k, format!("Field {k} is unknown or cannot be updated")));
        }
    }
    let price = match body.get("price") {
        None => None,
        Some(v) => match parse_price(v) {
            Some(c) => Some(c),
            None => {
                causes.push(cause(
                    "item.price.invalid",
                    "item.price",
                    "price must be a number greater than 0 with at most 2 decimals",
                ));
                None
            }
        },
    };
    let quantity = match body.get("available_quantity") {
        None => None,
        Some(v) => match parse_quantity(v) {
            Some(q) if it.variations.is_empty() => Some(q),
            Some(_) => {
                causes.push(cause(
                    "item.available_quantity.invalid",
                    "item.available_quantity",
                    "The item has variations: update available_quantity through variations",
                ));
                None
            }
            None => {
                causes.push(cause(
                    "item.available_quantity.invalid",
                    "item.available_quantity",
                    "available_quantity must be an integer >= 0",
                ));
                None
            }
        },
    };
    let status = match body.get("status") {
        None => None,
        Some(Value::String(s)) if matches!(s.as_str(), "active" | "paused" | "closed") => {
            if it.status == "under_review" {
                causes.push(cause(
                    "item.status.invalid",
                    "item.status",
                    format!("Item {id} is under review: its status cannot be changed"),
                ));
                None
            } else {
                Some(match s.as_str() {
                    "active" => "active",
                    "paused" => "paused",
                    _ => "closed",
                })
            }
        }
        Some(other) => {
            causes.push(cause(
                "item.status.invalid",
                "item.status",
                format!("Invalid status {other}: use active, paused or closed"),
            ));
            None
        }
    };
    // (variation index, price, quantity)
    let mut var_updates: Vec<(usize, Option<i64>, Option<i64>)> = Vec::new();
    match body.get("variations") {
        None => {}
        Some(Value::Array(list)) => {
            for (n, v) in list.iter().enumerate() {
                let field = format!("item.variations[{n}]");
                let Value::Object(v) = v else {
                    causes.push(cause("item.variations.invalid", &field, "each variation must be an object"));
                    continue;
                };
                for k in v.keys() {
                    if !matches!(k.as_str(), "id" | "price" | "available_quantity") {
                        causes.push(cause(
                            "body.invalid_field",
                            &format!("{field}.{k}"),
                            format!("Field {k} is unknown"),
                        ));
                    }
                }
                let pos =
                    v.get("id").and_then(Value::as_u64).and_then(|vid| it.variations.iter().position(|x| x.id == vid));
                let Some(pos) = pos else {
                    causes.push(cause("item.variations.id.invalid", &format!("{field}.id"), "Unknown variation id"));
                    continue;
                };
                if var_updates.iter().any(|(p, _, _)| *p == pos) {
                    causes.push(cause(
                        "item.variations.id.duplicated",
                        &format!("{field}.id"),
                        "Variation listed twice",
                    ));
                    continue;
                }
                let vp = match v.get("price") {
                    None => None,
                    Some(x) => {
                        let c = parse_price(x);
                        if c.is_none() {
                            causes.push(cause(
                                "item.price.invalid",
                                &format!("{field}.price"),
                                "price must be a number greater than 0 with at most 2 decimals",
                            ));
                        }
                        c
                    }
                };
                let vq = match v.get("available_quantity") {
                    None => None,
                    Some(x) => {
                        let q = parse_quantity(x);
                        if q.is_none() {
                            causes.push(cause(
                                "item.available_quantity.invalid",
                                &format!("{field}.available_quantity"),
                                "available_quantity must be an integer >= 0",
                            ));
                        }
                        q
                    }
                };
                var_updates.push((pos, vp, vq));
            }
            // The real API deletes the variations a PUT leaves out of the array. Rather than let a client silently
            // destroy listings, the simulator refuses such a request: a client that passes here sends them all.
            if var_updates.len() < it.variations.len() && causes.is_empty() {
                causes.push(cause(
                    "item.variations.missing",
                    "item.variations",
                    "Every existing variation must be listed: variations left out of the array are deleted",
                ));
            }
        }
        Some(_) => causes.push(cause("item.variations.invalid", "item.variations", "variations must be an array")),
    }
    // An item-level price is copied to every variation; a body that also prices variations asks for two things.
    if price.is_some() && var_updates.iter().any(|(_, vp, _)| vp.is_some()) {
        causes.push(cause(
            "item.price.conflict",
            "item.price",
            "price is set for the item and for its variations: send one or the other",
        ));
    }
    if !causes.is_empty() {
        return validation_error(causes);
    }
    if let Some(c) = price {
        // An item-level price applies to every variation (MercadoLibre keeps variation prices together).
        it.price = c;
        for v in it.variations.iter_mut() {
            v.price = c;
        }
    }
    if let Some(q) = quantity {
        it.available_quantity = q;
    }
    if let Some(s) = status {
        it.status = s;
    }
    for (pos, vp, vq) in var_updates {
        if let Some(v) = it.variations.get_mut(pos) {
            if let Some(c) = vp {
                v.price = c;
            }
            if let Some(q) = vq {
                v.available_quantity = q;
            }
        }
    }
    if !it.variations.is_empty() {
        it.available_quantity = it.variations.iter().map(|v| v.available_quantity).sum();
        it.price = it.variations.iter().map(|v| v.price).min().unwrap_or(it.price);
    }
    it.last_updated = st.stamp();
    let out = item_json(&it, shared.seller.id);
    st.put_item(it);
    json_response(StatusCode::OK, out)
}

// ---------------------------------------------------------------------------------------------------------------
// Orders and shipments

/// Deep offsets are capped: a client must split its query by date window instead of paging past 10000.
const ORDER_OFFSET_CAP: u64 = 10_000;

/// `GET /orders/search`
pub async fn orders_search(_: Authed, State(shared): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let p = params(q);
    match p.get("seller").map(|s| s.parse::<u64>()) {
        None => return bad_request("Missing required param: seller"),
        Some(Ok(id)) if id == shared.seller.id => {}
        Some(Ok(_)) => return forbidden(),
        Some(Err(_)) => return bad_request("Invalid value for seller"),
    }
    // MercadoLibre's default and maximum page size is 51.
    let limit = match num_param(&p, "limit", 51) {
        Ok(l) if (1..=51).contains(&l) => l as usize,
        Ok(l) => return bad_request(format!("Invalid limit {l}: the maximum is 51")),
        Err(r) => return r,
    };
    // Deep offsets are capped; the strict reading: a page may not reach past the cap (offset + limit <= 10000).
    let offset = match num_param(&p, "offset", 0) {
        Ok(o) if o + limit as u64 > ORDER_OFFSET_CAP => {
            return bad_request(format!(
                "Invalid offset {o} with limit {limit}: offset + limit cannot pass {ORDER_OFFSET_CAP}. Narrow the search with order.date_last_updated.from/to"
            ))
        }
        Ok(o) => o as usize,
        Err(r) => return r,
    };
    let status = match p.get("order.status") {
        None => None,
        Some(s) => match data::ORDER_STATUSES.iter().find(|x| **x == s) {
            Some(x) => Some(*x),
            None => return bad_request(format!("Invalid order.status: {s}")),
        },
    };
    // A `+hh:mm` offset sent unencoded arrives as a space (`...12.000 03:00`): not a date, a 400, as the real API
    // answers (marketplace-apis.md: dates are ISO 8601 with an offset; every query value is percent-encoded).
    let mut dates = [None, None];
    for (n, key) in ["order.date_last_updated.from", "order.date_last_updated.to"].iter().enumerate() {
        if let Some(v) = p.get(*key) {
            match crate::time::parse(v) {
                Some(ms) => dates[n] = Some(ms),
                None => {
                    return bad_request(format!(
                        "Invalid date for {key}: {v}. Use ISO 8601 with offset, e.g. 2026-11-20T10:11:12.123-04:00"
                    ))
                }
            }
        }
    }
    // Sorted by date_created, as MercadoLibre's date_asc/date_desc are (not by last_updated); date_asc by default.
    let (sort_id, sort_name, desc) = match p.get("sort").map(String::as_str) {
        None | Some("date_asc") => ("date_asc", "Date ascending", false),
        Some("date_desc") => ("date_desc", "Date descending", true),
        Some(s) => return bad_request(format!("Invalid sort: {s}. Valid sorts: date_asc, date_desc")),
    };
    let mut st = lock(&shared.state);
    let view = st.order_view(OrderFilter { status, from: dates[0], to: dates[1] });
    let total = view.len();
    let end = (offset + limit).min(total);
    let start = offset.min(total);
    let results: Vec<Value> = (start..end)
        .filter_map(|k| {
            let pos = if desc { total - 1 - k } else { k };
            st.order(view[pos] as u64)
        })
        .map(|o| order_json(&o, shared.seller.id))
        .collect();
    json_response(
        StatusCode::OK,
        json!({
            "query": null,
            "results": results,
            "sort": {"id": sort_id, "name": sort_name},
            "available_sorts": [
                {"id": "date_asc", "name": "Date ascending"},
                {"id": "date_desc", "name": "Date descending"},
            ],
            "filters": [],
            "paging": {"total": total, "offset": offset, "limit": limit},
        }),
    )
}

/// `GET /orders/{id}`
pub async fn order_get(_: Authed, State(shared): State<AppState>, Path(id): Path<String>) -> Response {
    let not_found = || api_error(StatusCode::NOT_FOUND, format!("Order {id} not found"), "not_found");
    let Ok(n) = id.parse::<u64>() else { return not_found() };
    if (data::FOREIGN_ORDER_BASE..data::FOREIGN_ORDER_BASE + 1_000_000_000_000).contains(&n) {
        return forbidden();
    }
    let st = lock(&shared.state);
    match n.checked_sub(data::ORDER_BASE).and_then(|i| st.order(i)) {
        Some(o) => json_response(StatusCode::OK, order_json(&o, shared.seller.id)),
        None => not_found(),
    }
}

/// `GET /shipments/{id}` (new format with `x-format-new: true`).
pub async fn shipment_get(
    _: Authed,
    State(shared): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let not_found = || api_error(StatusCode::NOT_FOUND, format!("Shipment {id} not found"), "not_found");
    let Ok(n) = id.parse::<u64>() else { return not_found() };
    if (data::FOREIGN_SHIPMENT_BASE..data::FOREIGN_SHIPMENT_BASE + 1_000_000_000).contains(&n) {
        return forbidden();
    }
    let new_format =
        headers.get("x-format-new").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let st = lock(&shared.state);
    match n.checked_sub(data::SHIPMENT_BASE).filter(|i| *i < 1_000_000_000).and_then(|i| st.order(i)) {
        Some(o) => {
            let s = st.shipment(&o);
            json_response(StatusCode::OK, shipment_json(&s, &o, &shared.seller, new_format))
        }
        None => not_found(),
    }
}
