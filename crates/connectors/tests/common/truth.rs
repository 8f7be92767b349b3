//! What the simulator holds, read from its own JSON and compared with the store field by field. The
//! expected values are worked out here from the raw JSON, not with the connector's mapping, so a
//! mapping bug cannot hide behind itself.

use serde_json::Value;
use sqlx::Row;
use storedesk_core::time::parse_rfc3339;
use storedesk_core::Store;
use storedesk_sim::Control;

/// A JSON number with up to two decimals, in cents, read as text.
fn cents(v: &Value) -> i64 {
    let text = v.to_string();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = format!("{frac:0<2}");
    whole.parse::<i64>().expect("whole") * 100 + frac[..2].parse::<i64>().expect("fraction")
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn time(v: &Value) -> Option<i64> {
    v.as_str().map(|s| parse_rfc3339(s).expect("simulator time"))
}

type ProductRow = (String, String, Option<String>, String, i64, String, i64, i64, Option<String>, Option<i64>, i64);
type VariantRow = (String, String, Option<String>, String, i64, i64);

fn expected_product(item: &Value) -> (ProductRow, Vec<VariantRow>) {
    let id = item["id"].as_str().expect("id").to_owned();
    let row = (
        id.clone(),
        item["title"].as_str().expect("title").to_owned(),
        text(&item["seller_custom_field"]),
        item["status"].as_str().expect("status").to_owned(),
        cents(&item["price"]),
        item["currency_id"].as_str().expect("currency").to_owned(),
        item["available_quantity"].as_i64().expect("qty"),
        item["sold_quantity"].as_i64().expect("sold"),
        text(&item["permalink"]),
        time(&item["date_created"]),
        time(&item["last_updated"]).expect("last_updated"),
    );
    let variants = item["variations"]
        .as_array()
        .map(|vs| {
            vs.iter()
                .map(|v| {
                    let a = &v["attribute_combinations"][0];
                    (
                        id.clone(),
                        v["id"].to_string(),
                        text(&v["seller_custom_field"]),
                        format!("{}: {}", a["name"].as_str().unwrap_or(""), a["value_name"].as_str().unwrap_or("")),
                        cents(&v["price"]),
                        v["available_quantity"].as_i64().expect("variation qty"),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (row, variants)
}

/// Every product and variant in the store equals the simulator's, and there are no others.
pub async fn assert_products_match(store: &Store, sim: &Control) {
    let (items, _) = sim.counts();
    let mut want_rows = Vec::new();
    let mut want_variants = Vec::new();
    for i in 0..items {
        let (row, variants) = expected_product(&sim.item_json(i).expect("item"));
        want_rows.push(row);
        want_variants.extend(variants);
    }
    let mut got_rows: Vec<ProductRow> = sqlx::query_as(
        "SELECT remote_id, title, sku, status, price_minor, currency, available_quantity, sold_quantity, permalink, \
         remote_created_at, remote_updated_at FROM products",
    )
    .fetch_all(store.pool())
    .await
    .expect("products");
    let mut got_variants: Vec<VariantRow> = sqlx::query(
        "SELECT p.remote_id AS item, v.remote_id, v.sku, v.attributes, v.price_minor, v.available_quantity \
         FROM product_variants v JOIN products p ON p.id = v.product_id",
    )
    .fetch_all(store.pool())
    .await
    .expect("variants")
    .iter()
    .map(|r| {
        (
            r.get("item"),
            r.get("remote_id"),
            r.get("sku"),
            r.get("attributes"),
            r.get("price_minor"),
            r.get("available_quantity"),
        )
    })
    .collect();
    want_rows.sort();
    got_rows.sort();
    want_variants.sort();
    got_variants.sort();
    assert_eq!(got_rows.len(), want_rows.len(), "product count");
    for (got, want) in got_rows.iter().zip(&want_rows) {
        assert_eq!(got, want);
    }
    assert_eq!(got_variants, want_variants);
}

type OrderRow = (
    (String, String, Option<String>),
    (Option<String>, String, Option<String>, Option<String>),
    (i64, i64, String, Option<String>),
    (i64, Option<i64>, i64),
);
type LineRow = (String, i64, String, Option<String>, String, Option<String>, i64, i64);

/// Every order and order line in the store equals the simulator's, and there are no others.
pub async fn assert_orders_match(store: &Store, sim: &Control) {
    let (_, orders) = sim.counts();
    let mut want = Vec::new();
    let mut want_lines = Vec::new();
    for i in 0..orders {
        let o = sim.order_json(i).expect("order");
        let id = o["id"].to_string();
        want.push((
            (
                id.clone(),
                o["status"].as_str().expect("status").to_owned(),
                o["status_detail"].get("code").and_then(Value::as_str).map(str::to_owned),
            ),
            (
                text(&o["buyer"]["id"]),
                o["buyer"]["nickname"].as_str().unwrap_or("").to_owned(),
                text(&o["buyer"]["first_name"]),
                text(&o["buyer"]["last_name"]),
            ),
            (
                cents(&o["total_amount"]),
                cents(&o["paid_amount"]),
                o["currency_id"].as_str().expect("currency").to_owned(),
                text(&o["shipping"]["id"]),
            ),
            (
                time(&o["date_created"]).expect("created"),
                time(&o["date_closed"]),
                time(&o["last_updated"]).expect("updated"),
            ),
        ));
        for (n, line) in o["order_items"].as_array().expect("lines").iter().enumerate() {
            want_lines.push((
                id.clone(),
                n as i64 + 1,
                line["item"]["id"].as_str().expect("item id").to_owned(),
                text(&line["item"]["variation_id"]),
                line["item"]["title"].as_str().expect("title").to_owned(),
                text(&line["item"]["seller_sku"]),
                line["quantity"].as_i64().expect("quantity"),
                cents(&line["unit_price"]),
            ));
        }
    }
    let mut got: Vec<OrderRow> = sqlx::query(
        "SELECT remote_id, status, status_detail, buyer_remote_id, buyer_nickname, buyer_first_name, buyer_last_name, \
         total_minor, paid_minor, currency, shipment_remote_id, remote_created_at, remote_closed_at, remote_updated_at \
         FROM orders",
    )
    .fetch_all(store.pool())
    .await
    .expect("orders")
    .iter()
    .map(|r| {
        (
            (r.get(0), r.get(1), r.get(2)),
            (r.get(3), r.get(4), r.get(5), r.get(6)),
            (r.get(7), r.get(8), r.get(9), r.get(10)),
            (r.get(11), r.get(12), r.get(13)),
        )
    })
    .collect();
    let mut got_lines: Vec<LineRow> = sqlx::query(
        "SELECT o.remote_id, i.line_no, i.item_remote_id, i.variation_remote_id, i.title, i.sku, i.quantity, \
         i.unit_price_minor FROM order_items i JOIN orders o ON o.id = i.order_id",
    )
    .fetch_all(store.pool())
    .await
    .expect("lines")
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6), r.get(7)))
    .collect();
    want.sort();
    got.sort();
    want_lines.sort();
    got_lines.sort();
    assert_eq!(got.len(), want.len(), "order count");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }
    assert_eq!(got_lines, want_lines);
}

type ShipmentRow =
    (String, Option<String>, String, Option<String>, Option<String>, Option<String>, Option<String>, Option<i64>, i64);

/// Every shipment in the store equals the simulator's (one per order), and there are no others.
pub async fn assert_shipments_match(store: &Store, sim: &Control) {
    let (_, orders) = sim.counts();
    let mut want: Vec<ShipmentRow> = (0..orders)
        .map(|i| {
            let s = sim.shipment_json(i).expect("shipment");
            (
                s["id"].to_string(),
                text(&s["order_id"]),
                s["status"].as_str().expect("status").to_owned(),
                text(&s["substatus"]),
                text(&s["tracking_number"]),
                text(&s["tracking_method"]),
                text(&s["logistic"]["type"]),
                time(&s["date_created"]),
                time(&s["last_updated"]).expect("updated"),
            )
        })
        .collect();
    let mut got: Vec<ShipmentRow> = sqlx::query_as(
        "SELECT remote_id, order_remote_id, status, substatus, tracking_number, tracking_method, logistic_mode, \
         remote_created_at, remote_updated_at FROM shipments",
    )
    .fetch_all(store.pool())
    .await
    .expect("shipments");
    want.sort();
    got.sort();
    assert_eq!(got.len(), want.len(), "shipment count");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }
}
