//! MercadoLibre's JSON -> storedesk's records. Every function here takes a raw JSON value, so a record
//! that does not read or map is quarantined with its payload and the reason, and its page goes on.

use serde::de::DeserializeOwned;
use serde_json::{Number, Value};
use storedesk_core::model::{
    Address, Buyer, FulfilmentState, ListingState, OrderItem, OrderRecord, OrderState, ProductRecord, ShipmentRecord,
    VariantRecord,
};
use storedesk_core::sync::Quarantined;
use storedesk_core::time::parse_rfc3339;
use storedesk_core::Money;

use super::wire;

/// Why a record could not be mapped.
type MapResult<T> = Result<T, String>;

/// Reads a record, naming the field that did not fit (`price: invalid type: string ...`).
fn read<T: DeserializeOwned>(raw: &Value) -> MapResult<T> {
    serde_path_to_error::deserialize(raw).map_err(|e| format!("{}: {}", e.path(), e.inner()))
}

fn money(amount: &Number, currency: &str, field: &str) -> MapResult<Money> {
    Money::parse_decimal(&amount.to_string(), currency).map_err(|e| format!("{field}: {e}"))
}

fn instant(text: &str, field: &str) -> MapResult<i64> {
    parse_rfc3339(text).ok_or_else(|| format!("{field}: '{text}' is not an ISO 8601 time with an offset"))
}

fn opt_instant(text: Option<&str>, field: &str) -> MapResult<Option<i64>> {
    text.map(|t| instant(t, field)).transpose()
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|v| !v.trim().is_empty())
}

/// An item's status in channel-neutral words: only `active` sells; `closed` is final; every other status
/// (paused, under_review, inactive, payment_required, not_yet_active...) is paused for now.
pub fn listing_state(status: &str) -> ListingState {
    match status {
        "active" => ListingState::Active,
        "closed" => ListingState::Closed,
        _ => ListingState::Paused,
    }
}

/// An order's status in channel-neutral words. `invalid` (voided by MercadoLibre) counts as cancelled;
/// a status not known here (confirmed, partially_paid, payment_in_process, a new one) is not paid yet.
pub fn order_state(status: &str) -> OrderState {
    match status {
        "paid" => OrderState::Paid,
        "cancelled" | "invalid" => OrderState::Cancelled,
        "refunded" => OrderState::Refunded,
        _ => OrderState::PendingPayment,
    }
}

/// A shipment's status in channel-neutral words (`handling`: the seller is preparing it).
pub fn fulfilment_state(status: &str) -> FulfilmentState {
    match status {
        "ready_to_ship" => FulfilmentState::Ready,
        "shipped" => FulfilmentState::Shipped,
        "delivered" => FulfilmentState::Delivered,
        "not_delivered" => FulfilmentState::Failed,
        "cancelled" => FulfilmentState::Cancelled,
        _ => FulfilmentState::Pending,
    }
}

/// The id a raw record names, for the quarantine row (even when the rest does not read).
pub fn raw_id(raw: &Value) -> String {
    match raw.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A record that failed, with its raw payload.
pub fn quarantined(raw: &Value, fallback_id: &str, error: String) -> Quarantined {
    let id = raw_id(raw);
    Quarantined { remote_id: if id.is_empty() { fallback_id.to_owned() } else { id }, error, payload: raw.to_string() }
}

pub fn product(raw: &Value) -> MapResult<ProductRecord> {
    let it: wire::Item = read(raw)?;
    if it.id.trim().is_empty() {
        return Err("the item has no id".into());
    }
    let price = money(&it.price, &it.currency_id, "price")?;
    let variants = it
        .variations
        .iter()
        .map(|v| {
            let attributes = v
                .attribute_combinations
                .iter()
                .map(|a| match (&a.name, &a.value_name) {
                    (Some(n), Some(v)) => format!("{n}: {v}"),
                    (None, Some(v)) => v.clone(),
                    (Some(n), None) => n.clone(),
                    (None, None) => String::new(),
                })
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" / ");
            Ok(VariantRecord {
                remote_id: v.id.to_string(),
                sku: non_empty(v.seller_custom_field.clone()),
                attributes,
                price: money(&v.price, &it.currency_id, "variation price")?,
                available_quantity: v.available_quantity,
                // MercadoLibre keeps one figure per listing (or variation): no locations.
                stock_levels: Vec::new(),
            })
        })
        .collect::<MapResult<Vec<_>>>()?;
    Ok(ProductRecord {
        remote_id: it.id,
        title: it.title,
        sku: non_empty(it.seller_custom_field),
        state: listing_state(&it.status),
        status: it.status,
        price,
        available_quantity: it.available_quantity,
        sold_quantity: it.sold_quantity,
        permalink: it.permalink,
        created_at: opt_instant(it.date_created.as_deref(), "date_created")?,
        updated_at: instant(&it.last_updated, "last_updated")?,
        variants,
        stock_levels: Vec::new(),
    })
}

pub fn order(raw: &Value) -> MapResult<OrderRecord> {
    let o: wire::Order = read(raw)?;
    let total = money(&o.total_amount, &o.currency_id, "total_amount")?;
    let paid = match &o.paid_amount {
        Some(p) => money(p, &o.currency_id, "paid_amount")?,
        None => Money { minor: 0, currency: total.currency.clone() },
    };
    let items = o
        .order_items
        .iter()
        .enumerate()
        .map(|(n, line)| {
            Ok(OrderItem {
                line_no: n as i64 + 1,
                item_remote_id: line.item.id.clone(),
                variation_remote_id: line.item.variation_id.as_ref().map(Number::to_string),
                title: line.item.title.clone(),
                sku: non_empty(line.item.seller_sku.clone()),
                quantity: line.quantity,
                unit_price: money(&line.unit_price, &line.currency_id, "unit_price")?,
            })
        })
        .collect::<MapResult<Vec<_>>>()?;
    let status_detail = match &o.status_detail {
        Value::Object(m) => m.get("code").and_then(Value::as_str).map(str::to_owned),
        Value::String(s) => Some(s.clone()),
        _ => None,
    };
    Ok(OrderRecord {
        remote_id: o.id.to_string(),
        state: order_state(&o.status),
        status: o.status,
        status_detail,
        buyer: Buyer {
            remote_id: Some(o.buyer.id.to_string()),
            nickname: o.buyer.nickname.unwrap_or_default(),
            first_name: o.buyer.first_name,
            last_name: o.buyer.last_name,
        },
        total,
        paid,
        shipment_remote_id: o.shipping.and_then(|s| s.id).map(|id| id.to_string()),
        created_at: instant(&o.date_created, "date_created")?,
        closed_at: opt_instant(o.date_closed.as_deref(), "date_closed")?,
        updated_at: instant(&o.last_updated, "last_updated")?,
        items,
    })
}

/// A shipment's destination as a postal address (None when MercadoLibre does not give a usable one).
fn address(d: &wire::Destination) -> Option<Address> {
    let a = d.shipping_address.as_ref()?;
    let address1 = non_empty(a.address_line.clone())?;
    let city = non_empty(a.city.as_ref().and_then(|c| c.name.clone()))?;
    let country = non_empty(a.country.as_ref().and_then(|c| c.id.clone()))?;
    Some(Address {
        name: non_empty(d.receiver_name.clone()).unwrap_or_default(),
        address1,
        address2: None,
        city,
        state: a.state.as_ref().and_then(|s| s.name.clone()),
        country,
        zip: a.zip_code.clone().unwrap_or_default(),
        phone: non_empty(d.receiver_phone.clone()),
        email: None,
    })
}

pub fn shipment(raw: &Value) -> MapResult<ShipmentRecord> {
    let s: wire::Shipment = read(raw)?;
    // "fulfillment" is Mercado Envíos Full: MercadoLibre ships it from its own warehouse.
    let by_marketplace = s.logistic.as_ref().and_then(|l| l.kind.as_deref()) == Some("fulfillment");
    Ok(ShipmentRecord {
        remote_id: s.id.to_string(),
        order_remote_id: s.order_id.map(|id| id.to_string()),
        address: s.destination.as_ref().and_then(address),
        by_marketplace,
        state: fulfilment_state(&s.status),
        status: s.status,
        substatus: s.substatus,
        tracking_number: non_empty(s.tracking_number),
        tracking_method: s.tracking_method,
        logistic_mode: s.logistic.and_then(|l| l.kind.or(l.mode)),
        created_at: opt_instant(s.date_created.as_deref(), "date_created")?,
        updated_at: instant(&s.last_updated, "last_updated")?,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn item() -> Value {
        json!({
            "id": "MLA1300000007", "title": "Termo Stanley", "price": 1234.5, "currency_id": "ARS",
            "available_quantity": 7, "sold_quantity": 3, "status": "active", "seller_custom_field": "SKU-7",
            "permalink": "https://x", "date_created": "2026-01-02T03:04:05.000-03:00",
            "last_updated": "2026-11-20T10:11:12.123-04:00",
            "variations": [{"id": 170000000070u64, "price": 1234.5, "available_quantity": 4,
                "attribute_combinations": [{"id": "SIZE", "name": "Talle", "value_name": "M"}],
                "seller_custom_field": "SKU-7-M"}]
        })
    }

    #[test]
    fn an_item_maps_exactly() {
        let p = product(&item()).unwrap();
        assert_eq!(p.price, Money { minor: 123_450, currency: "ARS".into() });
        assert_eq!(p.updated_at, 1_795_183_872_123);
        assert_eq!(p.variants[0].attributes, "Talle: M");
        assert_eq!(p.variants[0].remote_id, "170000000070");
        assert_eq!(p.sku.as_deref(), Some("SKU-7"));
    }

    #[test]
    fn provider_words_map_to_neutral_states() {
        let listings = [
            ("active", ListingState::Active),
            ("paused", ListingState::Paused),
            ("under_review", ListingState::Paused),
            ("inactive", ListingState::Paused),
            ("closed", ListingState::Closed),
        ];
        for (word, state) in listings {
            assert_eq!(listing_state(word), state, "{word}");
        }
        let orders = [
            ("paid", OrderState::Paid),
            ("payment_required", OrderState::PendingPayment),
            ("payment_in_process", OrderState::PendingPayment),
            ("partially_paid", OrderState::PendingPayment),
            ("confirmed", OrderState::PendingPayment),
            ("cancelled", OrderState::Cancelled),
            ("invalid", OrderState::Cancelled),
        ];
        for (word, state) in orders {
            assert_eq!(order_state(word), state, "{word}");
        }
        let shipments = [
            ("pending", FulfilmentState::Pending),
            ("handling", FulfilmentState::Pending),
            ("ready_to_ship", FulfilmentState::Ready),
            ("shipped", FulfilmentState::Shipped),
            ("delivered", FulfilmentState::Delivered),
            ("not_delivered", FulfilmentState::Failed),
            ("cancelled", FulfilmentState::Cancelled),
        ];
        for (word, state) in shipments {
            assert_eq!(fulfilment_state(word), state, "{word}");
        }
    }

    #[test]
    fn a_bad_item_says_why_and_keeps_its_id() {
        let mut bad = item();
        bad["price"] = json!("lots");
        let err = product(&bad).unwrap_err();
        assert!(err.contains("price"), "{err}");
        let q = quarantined(&bad, "?", err);
        assert_eq!(q.remote_id, "MLA1300000007");
        assert!(q.payload.contains("lots"));
        let mut no_offset = item();
        no_offset["last_updated"] = json!("2026-11-20T10:11:12");
        assert!(product(&no_offset).unwrap_err().contains("last_updated"));
        let mut bad_currency = item();
        bad_currency["currency_id"] = json!("pesos");
        assert!(product(&bad_currency).is_err());
    }
}
