//! ShipBob's answers to storedesk's records, and storedesk's orders to ShipBob's `CreateOrder`: pure, with
//! table tests.

use serde_json::{json, Value};
use storedesk_core::model::{FulfilmentRequest, FulfilmentStage, WarehouseRecord};
use storedesk_core::sync::Quarantined;
use storedesk_core::time::parse_rfc3339;

use super::wire::{Order, Shipment};
use crate::numbers::exact_number;

/// The shipping method storedesk asks for; the merchant maps it to a ship option in ShipBob.
pub const SHIPPING_METHOD: &str = "Standard";

/// Where an order stands, from its status and its shipments' (Completed means it left the warehouse; a
/// delivery date means it arrived).
pub fn stage(order: &Order) -> FulfilmentStage {
    let live: Vec<&Shipment> = order.shipments.iter().filter(|s| s.status != "Cancelled").collect();
    if order.status.as_deref() == Some("Cancelled") || (!order.shipments.is_empty() && live.is_empty()) {
        return FulfilmentStage::Cancelled;
    }
    if order.status.as_deref().is_some_and(|s| s == "Exception" || s == "ImportReview")
        || live.iter().any(|s| matches!(s.status.as_str(), "Exception" | "OnHold" | "ImportReview"))
    {
        return FulfilmentStage::Exception;
    }
    if !live.is_empty() && live.iter().all(|s| s.status == "Completed") {
        if live.iter().all(|s| s.delivery_date.is_some()) {
            return FulfilmentStage::Delivered;
        }
        return FulfilmentStage::Shipped;
    }
    FulfilmentStage::AtWarehouse
}

/// Why the warehouse stopped: the status details of its shipments in exception or on hold.
fn reason(order: &Order) -> Option<String> {
    let words: Vec<String> = order
        .shipments
        .iter()
        .filter(|s| matches!(s.status.as_str(), "Exception" | "OnHold" | "ImportReview"))
        .flat_map(|s| {
            let details = s.status_details.clone().unwrap_or_default();
            let mut words: Vec<String> =
                details.into_iter().filter_map(|d| d.description.or(d.name)).filter(|w| !w.trim().is_empty()).collect();
            if words.is_empty() {
                words.push(s.status.clone());
            }
            words
        })
        .collect();
    (!words.is_empty()).then(|| words.join("; "))
}

/// A date ShipBob wrote; a missing one is None, an unreadable one an error (the record is quarantined).
fn date(field: &str, value: &Option<String>) -> Result<Option<i64>, String> {
    match value.as_deref() {
        None | Some("") => Ok(None),
        Some(text) => parse_rfc3339(text).map(Some).ok_or_else(|| format!("{field} is not a date: '{text}'")),
    }
}

/// A ShipBob order as storedesk keeps it.
pub fn record(order: &Order) -> Result<WarehouseRecord, String> {
    let mut updated_at = date("created_date", &order.created_date)?.unwrap_or(0);
    let (mut shipped_at, mut delivered_at) = (None, None);
    for s in &order.shipments {
        if let Some(t) = date("last_update_at", &s.last_update_at)? {
            updated_at = updated_at.max(t);
        }
        let shipped = date("actual_fulfillment_date", &s.actual_fulfillment_date)?;
        let shipped = match shipped {
            Some(t) => Some(t),
            None => date("tracking.shipping_date", &s.tracking.as_ref().and_then(|t| t.shipping_date.clone()))?,
        };
        shipped_at = shipped_at.max(shipped);
        delivered_at = delivered_at.max(date("delivery_date", &s.delivery_date)?);
    }
    let tracked = order.shipments.iter().filter_map(|s| s.tracking.as_ref()).find(|t| t.tracking_number.is_some());
    let shipment_words: Vec<&str> = order.shipments.iter().map(|s| s.status.as_str()).collect();
    let status = match (&order.status, shipment_words.is_empty()) {
        (Some(o), false) => format!("{o} / {}", shipment_words.join(", ")),
        (Some(o), true) => o.clone(),
        (None, _) => shipment_words.join(", "),
    };
    let stage = stage(order);
    Ok(WarehouseRecord {
        reference_id: order.reference_id.clone(),
        warehouse_order_id: order.id.to_string(),
        stage,
        status,
        reason: if stage == FulfilmentStage::Exception { reason(order) } else { None },
        tracking_number: tracked.and_then(|t| t.tracking_number.clone()),
        carrier: tracked.and_then(|t| t.carrier.clone()),
        tracking_url: tracked.and_then(|t| t.tracking_url.clone()),
        shipped_at,
        delivered_at,
        updated_at,
    })
}

/// An order that does not read, kept aside with its payload.
pub fn quarantined(raw: &Value, why: String) -> Quarantined {
    let id = raw.get("reference_id").and_then(Value::as_str).map(str::to_owned);
    let id = id.or_else(|| raw.get("id").map(Value::to_string)).unwrap_or_default();
    Quarantined { remote_id: id, error: why, payload: raw.to_string() }
}

/// A store order as ShipBob's `CreateOrder`. Lines go by SKU (`reference_id`) with their name, so the
/// warehouse creates a product it does not know yet. Refused when a price cannot be sent exactly.
pub fn create_body(r: &FulfilmentRequest) -> Result<Value, String> {
    let a = &r.recipient;
    let mut products = Vec::new();
    for l in &r.lines {
        products.push(json!({
            "reference_id": l.sku,
            "name": l.title,
            "quantity": l.quantity,
            "unit_price": exact_number(&l.unit_price)?,
            "external_line_id": l.line_no,
        }));
    }
    Ok(json!({
        "reference_id": r.reference_id,
        "order_number": r.order_remote_id,
        "type": "DTC",
        "shipping_method": SHIPPING_METHOD,
        "purchase_date": storedesk_core::time::rfc3339_utc(r.purchased_at),
        "recipient": {
            "name": a.name,
            "address": {
                "address1": a.address1,
                "address2": a.address2,
                "city": a.city,
                "state": a.state,
                "country": a.country,
                "zip_code": a.zip,
            },
            "email": a.email,
            "phone_number": a.phone,
        },
        "products": products,
        "tags": [{"name": "storedesk", "value": r.reference_id}],
    }))
}

/// ShipBob's validation answer (`{"Field": ["message", …]}`) in one line a person can act on.
pub fn validation_message(body: &Value) -> String {
    match body.as_object() {
        Some(fields) if !fields.is_empty() => fields
            .iter()
            .flat_map(|(field, messages)| {
                let list: Vec<String> = match messages {
                    Value::Array(items) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
                    Value::String(s) => vec![s.clone()],
                    other => vec![other.to_string()],
                };
                list.into_iter().map(move |m| if field.is_empty() { m } else { format!("{field}: {m}") })
            })
            .collect::<Vec<_>>()
            .join("; "),
        _ => "the warehouse refused the order".to_owned(),
    }
}

/// A 422 that says the reference id is taken (ShipBob does not say by which order). Its words are not
/// documented for 2026-07 (1.0 said "Cannot insert order with existing ReferenceId"; the errors table
/// says "Duplicate reference ID"), so any mention of the reference id with "exist", "duplicate" or
/// "already" counts.
pub fn is_duplicate_reference(body: &Value) -> bool {
    let text = validation_message(body).to_ascii_lowercase().replace(['_', ' '], "");
    text.contains("referenceid") && ["exist", "duplicate", "already"].iter().any(|w| text.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shipbob::wire::{StatusDetail, Tracking};

    fn shipment(status: &str, delivered: bool) -> Shipment {
        Shipment {
            id: 1,
            status: status.to_owned(),
            status_details: Some(vec![StatusDetail { name: Some("OutOfStock".into()), description: None }]),
            last_update_at: Some("2026-11-20T10:00:00.000Z".into()),
            tracking: Some(Tracking {
                carrier: Some("USPS".into()),
                tracking_number: Some("9400".into()),
                tracking_url: None,
                shipping_date: None,
            }),
            actual_fulfillment_date: None,
            delivery_date: delivered.then(|| "2026-11-22T10:00:00Z".to_owned()),
        }
    }

    fn order(status: &str, shipments: Vec<Shipment>) -> Order {
        Order {
            id: 7,
            reference_id: "mercadolibre-1-2".into(),
            status: Some(status.into()),
            created_date: Some("2026-11-19T10:00:00Z".into()),
            shipments,
        }
    }

    #[test]
    fn each_warehouse_status_has_one_stage() {
        use FulfilmentStage as S;
        let table = [
            (order("Processing", vec![shipment("Processing", false)]), S::AtWarehouse),
            (order("Processing", vec![shipment("Pending", false)]), S::AtWarehouse),
            (order("Processing", vec![shipment("LabeledCreated", false)]), S::AtWarehouse),
            (order("Processing", vec![]), S::AtWarehouse),
            (order("Fulfilled", vec![shipment("Completed", false)]), S::Shipped),
            (order("Fulfilled", vec![shipment("Completed", true)]), S::Delivered),
            (
                order("PartiallyFulfilled", vec![shipment("Completed", true), shipment("Processing", false)]),
                S::AtWarehouse,
            ),
            (order("Fulfilled", vec![shipment("Completed", true), shipment("Completed", false)]), S::Shipped),
            (order("Exception", vec![shipment("Exception", false)]), S::Exception),
            (order("Processing", vec![shipment("OnHold", false)]), S::Exception),
            (order("ImportReview", vec![]), S::Exception),
            (order("Cancelled", vec![shipment("Cancelled", false)]), S::Cancelled),
            (order("Processing", vec![shipment("Cancelled", false)]), S::Cancelled),
            (order("Fulfilled", vec![shipment("Cancelled", false), shipment("Completed", false)]), S::Shipped),
        ];
        for (n, (o, expected)) in table.iter().enumerate() {
            assert_eq!(stage(o), *expected, "row {n}: {:?}", o.shipments.iter().map(|s| &s.status).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_record_carries_tracking_dates_and_the_reason() {
        let r = record(&order("Fulfilled", vec![shipment("Completed", true)])).unwrap();
        assert_eq!((r.tracking_number.as_deref(), r.carrier.as_deref()), (Some("9400"), Some("USPS")));
        assert_eq!(r.delivered_at, parse_rfc3339("2026-11-22T10:00:00Z"));
        assert_eq!(r.updated_at, parse_rfc3339("2026-11-20T10:00:00Z").unwrap());
        assert_eq!(r.reason, None);
        assert_eq!(r.status, "Fulfilled / Completed");
        let held = record(&order("Exception", vec![shipment("Exception", false)])).unwrap();
        assert_eq!(held.reason.as_deref(), Some("OutOfStock"));
        let mut bad = order("Processing", vec![shipment("Processing", false)]);
        bad.shipments[0].last_update_at = Some("yesterday".into());
        assert!(record(&bad).unwrap_err().contains("last_update_at"));
    }

    #[test]
    fn validation_answers_read_as_one_line() {
        let body = json!({"Recipient.Address.Country": ["The Country must be an ISO 3166-1 alpha-2 code."],
                          "Products[0].Quantity": ["Quantity must be at least 1."]});
        let text = validation_message(&body);
        assert!(text.contains("Recipient.Address.Country: The Country must be"), "{text}");
        assert!(text.contains("Products[0].Quantity: Quantity must be at least 1."), "{text}");
        assert!(is_duplicate_reference(&json!({"": ["Cannot insert order with existing ReferenceId"]})));
        assert!(is_duplicate_reference(&json!({"ReferenceId": ["Duplicate reference ID"]})));
        assert!(is_duplicate_reference(
            &json!({"reference_id": ["You have already created an order with the same reference_id"]})
        ));
        assert!(!is_duplicate_reference(&json!({"ReferenceId": ["The ReferenceId field is required."]})));
        assert!(!is_duplicate_reference(&body));
        assert_eq!(validation_message(&Value::Null), "the warehouse refused the order");
    }
}
