//! MercadoLibre's JSON, exactly as the API sends it.

use serde::Deserialize;

/// `GET /users/me`.
#[derive(Debug, Clone, Deserialize)]
pub struct UserMe {
    pub id: u64,
    pub nickname: String,
    #[serde(default)]
    pub site_id: Option<String>,
}

/// The error body of the API (`{message, error, status, cause}`); every field optional, since real
/// answers vary.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApiErrorBody {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
}

/// `paging` of a search answer.
#[derive(Debug, Clone, Deserialize)]
pub struct Paging {
    pub total: u64,
    #[serde(default)]
    pub offset: u64,
}

/// `GET /users/{uid}/items/search`: ids only.
#[derive(Debug, Clone, Deserialize)]
pub struct ItemSearch {
    pub paging: Paging,
    pub results: Vec<String>,
    /// Present with `search_type=scan`.
    #[serde(default)]
    pub scroll_id: Option<String>,
}

/// One entry of `GET /items?ids=…`: the item, or an error body with its code.
#[derive(Debug, Clone, Deserialize)]
pub struct MultigetEntry {
    pub code: u16,
    #[serde(default)]
    pub body: serde_json::Value,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub price: serde_json::Number,
    pub currency_id: String,
    pub available_quantity: i64,
    #[serde(default)]
    pub sold_quantity: i64,
    pub status: String,
    #[serde(default)]
    pub seller_custom_field: Option<String>,
    #[serde(default)]
    pub permalink: Option<String>,
    #[serde(default)]
    pub date_created: Option<String>,
    pub last_updated: String,
    #[serde(default)]
    pub variations: Vec<Variation>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Variation {
    pub id: serde_json::Number,
    pub price: serde_json::Number,
    pub available_quantity: i64,
    #[serde(default)]
    pub attribute_combinations: Vec<AttributeCombination>,
    #[serde(default)]
    pub seller_custom_field: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AttributeCombination {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub value_name: Option<String>,
}

/// `GET /orders/search`: full orders, each read on its own so one bad order cannot sink the page.
#[derive(Debug, Clone, Deserialize)]
pub struct OrderSearch {
    pub paging: Paging,
    pub results: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Order {
    pub id: u64,
    pub status: String,
    /// An object (`{code, description}`) or null.
    #[serde(default)]
    pub status_detail: serde_json::Value,
    pub date_created: String,
    #[serde(default)]
    pub date_closed: Option<String>,
    pub last_updated: String,
    pub total_amount: serde_json::Number,
    #[serde(default)]
    pub paid_amount: Option<serde_json::Number>,
    pub currency_id: String,
    #[serde(default)]
    pub order_items: Vec<OrderLine>,
    pub buyer: OrderBuyer,
    #[serde(default)]
    pub shipping: Option<OrderShipping>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OrderLine {
    pub item: OrderLineItem,
    pub quantity: i64,
    pub unit_price: serde_json::Number,
    pub currency_id: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OrderLineItem {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub variation_id: Option<serde_json::Number>,
    #[serde(default)]
    pub seller_sku: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OrderBuyer {
    pub id: serde_json::Number,
    #[serde(default)]
    pub nickname: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OrderShipping {
    #[serde(default)]
    pub id: Option<serde_json::Number>,
}

/// `GET /shipments/{id}` with `x-format-new: true`.
#[derive(Debug, Clone, Deserialize)]
pub struct Shipment {
    pub id: serde_json::Number,
    pub status: String,
    #[serde(default)]
    pub substatus: Option<String>,
    #[serde(default)]
    pub date_created: Option<String>,
    pub last_updated: String,
    #[serde(default)]
    pub tracking_number: Option<String>,
    #[serde(default)]
    pub tracking_method: Option<String>,
    #[serde(default)]
    pub order_id: Option<serde_json::Number>,
    #[serde(default)]
    pub logistic: Option<Logistic>,
    #[serde(default)]
    pub destination: Option<Destination>,
}

/// Where a shipment goes (`x-format-new`).
#[derive(Debug, Clone, Deserialize)]
pub struct Destination {
    #[serde(default)]
    pub receiver_name: Option<String>,
    #[serde(default)]
    pub receiver_phone: Option<String>,
    #[serde(default)]
    pub shipping_address: Option<ShippingAddress>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ShippingAddress {
    #[serde(default)]
    pub address_line: Option<String>,
    #[serde(default)]
    pub zip_code: Option<String>,
    #[serde(default)]
    pub city: Option<Named>,
    #[serde(default)]
    pub state: Option<Named>,
    #[serde(default)]
    pub country: Option<Named>,
}

/// `{id, name}` places.
#[derive(Debug, Clone, Deserialize)]
pub struct Named {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Logistic {
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}
