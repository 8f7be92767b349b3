//! Deterministic seeded data. Item `i`, order `i` and shipment `i` are pure functions of `(seed, i)`, so a shop
//! of a million items and a million orders costs nothing until a record is read; only records the simulation
//! changes are materialised (see `state.rs`).

use serde_json::{json, Map, Value};

use crate::time;

/// Seeded history ends here (2026-11-01T00:00:00.000-04:00), a fixed instant so that two simulators with the
/// same seed serve byte-identical data whatever day they run. Changes made while the simulator runs (PUT,
/// control operations, new orders) carry the real clock, so they are always newer than any seeded record.
pub fn anchor_ms() -> i64 {
    time::utc_midnight_ms(2026, 11, 1) + 4 * 3_600_000
}

/// The anchor a simulator dates its seeded records before: the fixed one (`anchor_ms`), or the moment it
/// started (`SimConfig::anchor_now`, the demo: orders of the last days, whatever day it is).
pub fn anchor_for(now_anchored: bool) -> i64 {
    if now_anchored {
        time::now_ms()
    } else {
        anchor_ms()
    }
}

const DAY_MS: i64 = 86_400_000;

pub const ITEM_BASE: u64 = 1_300_000_000;
pub const ORDER_BASE: u64 = 2_000_000_000_000;
/// Order ids in [FOREIGN_ORDER_BASE, +1e12) belong to another seller: the API answers 403 for them.
pub const FOREIGN_ORDER_BASE: u64 = 2_100_000_000_000;
pub const SHIPMENT_BASE: u64 = 44_000_000_000;
/// Shipment ids in [FOREIGN_SHIPMENT_BASE, +1e9) belong to another seller: the API answers 403 for them.
pub const FOREIGN_SHIPMENT_BASE: u64 = 45_000_000_000;
const VARIATION_BASE: u64 = 170_000_000_000;
const PACK_BASE: u64 = 2_000_005_000_000_000;
const PAYMENT_BASE: u64 = 90_000_000_000;

/// splitmix64 finaliser.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A hash of (seed, record kind, record index, field): the source of every seeded value.
pub fn h(seed: u64, kind: u64, i: u64, field: u64) -> u64 {
    mix(mix(mix(seed ^ kind.wrapping_mul(0xA24B_AED4_963E_E407)) ^ i) ^ field.wrapping_mul(0x9FB2_1C65_1E98_DF25))
}

/// Uniform in [0, 1).
pub fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

fn pick<'a>(list: &[&'a str], x: u64) -> &'a str {
    list[(x % list.len() as u64) as usize]
}

const K_ITEM: u64 = 1;
const K_ORDER: u64 = 2;
const K_SELLER: u64 = 3;

/// A money amount in cents written as a JSON number with up to two decimals (1234.5, 999.99, 1500).
pub fn money(cents: i64) -> Value {
    if cents % 100 == 0 {
        json!(cents / 100)
    } else {
        serde_json::Number::from_f64(cents as f64 / 100.0).map(Value::Number).unwrap_or(Value::Null)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Seller and buyers

#[derive(Clone, Debug)]
pub struct Seller {
    pub id: u64,
    pub nickname: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

const SHOP_NAMES: &[&str] =
    &["TIENDA_PALERMO", "ELECTRO_BELGRANO", "CASA_RIVADAVIA", "DEPORTES_NUNEZ", "MODA_RECOLETA", "HOGAR_CABALLITO"];

pub fn seller(seed: u64) -> Seller {
    let id = 100_000_000 + h(seed, K_SELLER, 0, 0) % 900_000_000;
    let nickname = format!("{}{}", pick(SHOP_NAMES, h(seed, K_SELLER, 0, 1)), h(seed, K_SELLER, 0, 2) % 100);
    let (first, last) = (pick(FIRST_NAMES, h(seed, K_SELLER, 0, 3)), pick(LAST_NAMES, h(seed, K_SELLER, 0, 4)));
    Seller {
        id,
        email: format!("{}.{}@example.com.ar", first.to_lowercase(), last.to_lowercase()),
        nickname,
        first_name: first.into(),
        last_name: last.into(),
    }
}

const FIRST_NAMES: &[&str] = &[
    "Juan",
    "María",
    "Lucía",
    "Martín",
    "Sofía",
    "Mateo",
    "Valentina",
    "Santiago",
    "Camila",
    "Facundo",
    "Agustina",
    "Nicolás",
    "Florencia",
    "Tomás",
    "Julieta",
    "Gonzalo",
];
const LAST_NAMES: &[&str] = &[
    "González",
    "Rodríguez",
    "Gómez",
    "Fernández",
    "López",
    "Díaz",
    "Martínez",
    "Pérez",
    "Romero",
    "Sánchez",
    "Álvarez",
    "Torres",
    "Ruiz",
    "Ramírez",
    "Acosta",
    "Benítez",
];

pub struct Buyer {
    pub id: u64,
    pub nickname: &'static str,
    pub first_name: &'static str,
    pub last_name: &'static str,
}

pub const BUYERS: &[Buyer] = &[
    Buyer { id: 182_334_901, nickname: "JUANPEREZ_AR", first_name: "Juan", last_name: "Pérez" },
    Buyer { id: 201_445_120, nickname: "MARUGONZALEZ", first_name: "María", last_name: "González" },
    Buyer { id: 233_019_877, nickname: "LUCIAF.1990", first_name: "Lucía", last_name: "Fernández" },
    Buyer { id: 251_778_302, nickname: "TINCHO_RODRI", first_name: "Martín", last_name: "Rodríguez" },
    Buyer { id: 267_001_455, nickname: "SOFILOPEZ22", first_name: "Sofía", last_name: "López" },
    Buyer { id: 290_553_610, nickname: "MATEDIAZ", first_name: "Mateo", last_name: "Díaz" },
    Buyer { id: 302_118_944, nickname: "VALEMARTINEZ", first_name: "Valentina", last_name: "Martínez" },
    Buyer { id: 318_664_203, nickname: "SANTIROMERO", first_name: "Santiago", last_name: "Romero" },
    Buyer { id: 334_902_517, nickname: "CAMISANCHEZ.BA", first_name: "Camila", last_name: "Sánchez" },
    Buyer { id: 351_240_088, nickname: "FACUALVAREZ", first_name: "Facundo", last_name: "Álvarez" },
    Buyer { id: 377_815_390, nickname: "AGUSTORRES", first_name: "Agustina", last_name: "Torres" },
    Buyer { id: 389_007_612, nickname: "NICORUIZ_CBA", first_name: "Nicolás", last_name: "Ruiz" },
];

const CITIES: &[(&str, &str, &str, &str)] = &[
    ("Capital Federal", "AR-C", "Capital Federal", "1414"),
    ("Córdoba", "AR-X", "Córdoba", "5000"),
    ("Rosario", "AR-S", "Santa Fe", "2000"),
    ("La Plata", "AR-B", "Buenos Aires", "1900"),
    ("Mendoza", "AR-M", "Mendoza", "5500"),
    ("San Miguel de Tucumán", "AR-T", "Tucumán", "4000"),
    ("Mar del Plata", "AR-B", "Buenos Aires", "7600"),
    ("Neuquén", "AR-Q", "Neuquén", "8300"),
];

const STREETS: &[&str] =
    &["Av. Corrientes", "Av. Santa Fe", "San Martín", "Belgrano", "Mitre", "Sarmiento", "Rivadavia"];

// ---------------------------------------------------------------------------------------------------------------
// Items

#[derive(Clone, Debug, PartialEq)]
pub struct Variation {
    pub id: u64,
    pub price: i64,
    pub available_quantity: i64,
    pub sold_quantity: i64,
    pub attr: (&'static str, &'static str, String),
    pub seller_custom_field: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub index: u64,
    pub title: String,
    pub price: i64,
    pub available_quantity: i64,
    pub sold_quantity: i64,
    pub status: &'static str,
    pub seller_custom_field: Option<String>,
    pub date_created: i64,
    pub last_updated: i64,
    pub category_id: &'static str,
    pub variations: Vec<Variation>,
}

const PRODUCTS: &[(&str, &str, i64)] = &[
    ("Zapatillas Running", "MLA109027", 8_500_000),
    ("Remera Algodón", "MLA109282", 1_200_000),
    ("Campera Impermeable", "MLA109283", 4_500_000),
    ("Auriculares Bluetooth", "MLA3697", 3_500_000),
    ("Parlante Portátil", "MLA3835", 5_000_000),
    ("Smartwatch Deportivo", "MLA417704", 9_000_000),
    ("Cafetera Espresso", "MLA30849", 12_000_000),
    ("Licuadora 600w", "MLA30850", 4_200_000),
    ("Mochila Urbana", "MLA26538", 2_800_000),
    ("Termo Acero Inoxidable 1l", "MLA1902", 2_300_000),
    ("Mate De Calabaza Con Bombilla", "MLA1903", 900_000),
    ("Lámpara De Escritorio Led", "MLA30851", 1_900_000),
    ("Silla Gamer Ergonómica", "MLA436380", 25_000_000),
    ("Teclado Mecánico", "MLA418448", 6_500_000),
    ("Mouse Inalámbrico", "MLA1714", 1_500_000),
    ("Juego De Sábanas 2 Plazas", "MLA1618", 3_100_000),
    ("Pelota De Fútbol N5", "MLA1292", 2_100_000),
    ("Bicicleta Rodado 29", "MLA1292", 45_000_000),
    ("Set De Ollas Antiadherentes", "MLA1584", 7_800_000),
    ("Perfume Importado 100ml", "MLA1246", 11_000_000),
];
const BRANDS: &[&str] = &[
    "Topper",
    "Gadnic",
    "Philips",
    "Atma",
    "Stanley",
    "Noblex",
    "Samsung",
    "Xiaomi",
    "Logitech",
    "Redragon",
    "Tramontina",
    "Adidas",
    "Puma",
    "Hudson",
    "Liliana",
    "Philco",
];
const QUALIFIERS: &[&str] = &[
    "Original",
    "Nuevo Modelo",
    "Edición 2026",
    "Pro",
    "Premium",
    "Envío Gratis",
    "Oferta",
    "Garantía Oficial",
    "Importado",
    "Clásico",
];
const SIZES: &[&str] = &["S", "M", "L", "XL"];
const COLORS: &[&str] = &["Negro", "Blanco", "Azul", "Rojo"];

fn item_status(seed: u64, i: u64) -> &'static str {
    match h(seed, K_ITEM, i, 1) % 100 {
        0..=79 => "active",
        80..=91 => "paused",
        92..=97 => "closed",
        _ => "under_review",
    }
}

fn item_dates(seed: u64, anchor: i64, i: u64) -> (i64, i64) {
    let created = anchor - DAY_MS - (h(seed, K_ITEM, i, 2) % (720 * DAY_MS as u64)) as i64;
    let span = (anchor - created) as u64;
    let updated = created + (h(seed, K_ITEM, i, 3) % span.max(1)) as i64;
    (created, updated)
}

/// Status and last_updated of a seeded item, without building it (search views scan millions of these).
pub fn item_key(seed: u64, anchor: i64, i: u64) -> (&'static str, i64) {
    (item_status(seed, i), item_dates(seed, anchor, i).1)
}

pub fn item_price(seed: u64, i: u64) -> i64 {
    let (_, _, base) = PRODUCTS[(h(seed, K_ITEM, i, 4) % PRODUCTS.len() as u64) as usize];
    let factor = 0.6 + unit(h(seed, K_ITEM, i, 5)) * 0.9;
    let cents = (base as f64 * factor) as i64;
    // Most sellers price in whole pesos; some use cents (1234.5, 999.99).
    match h(seed, K_ITEM, i, 6) % 4 {
        0 => cents / 100 * 100 - 1,
        1 => cents / 10 * 10,
        _ => cents / 10_000 * 10_000 + 9_900,
    }
    .max(100)
}

pub fn item(seed: u64, anchor: i64, i: u64) -> Item {
    let (title_base, category_id, _) = PRODUCTS[(h(seed, K_ITEM, i, 4) % PRODUCTS.len() as u64) as usize];
    let title =
        format!("{} {} {}", title_base, pick(BRANDS, h(seed, K_ITEM, i, 7)), pick(QUALIFIERS, h(seed, K_ITEM, i, 8)));
    let status = item_status(seed, i);
    let (date_created, last_updated) = item_dates(seed, anchor, i);
    let price = item_price(seed, i);
    let sku = if h(seed, K_ITEM, i, 9).is_multiple_of(10) {
        None
    } else {
        Some(format!("SKU-{:05}-{}", i, &pick(BRANDS, h(seed, K_ITEM, i, 7))[..3].to_uppercase()))
    };
    let sold_quantity = (h(seed, K_ITEM, i, 10) % 400) as i64;
    let mut variations = Vec::new();
    // About a quarter of the items have 2-4 variations.
    if h(seed, K_ITEM, i, 11).is_multiple_of(4) {
        let n = 2 + h(seed, K_ITEM, i, 12) % 3;
        let by_size = h(seed, K_ITEM, i, 13).is_multiple_of(2);
        for k in 0..n {
            let (attr_id, attr_name, value) =
                if by_size { ("SIZE", "Talle", SIZES[k as usize]) } else { ("COLOR", "Color", COLORS[k as usize]) };
            variations.push(Variation {
                id: VARIATION_BASE + i * 10 + k,
                price,
                available_quantity: (h(seed, K_ITEM, i, 20 + k) % 30) as i64,
                sold_quantity: (h(seed, K_ITEM, i, 30 + k) % 100) as i64,
                attr: (attr_id, attr_name, value.to_string()),
                seller_custom_field: sku.as_ref().map(|s| format!("{s}-{}", value.to_uppercase())),
            });
        }
    }
    let available_quantity = if variations.is_empty() {
        if status == "closed" {
            0
        } else {
            (h(seed, K_ITEM, i, 14) % 120) as i64
        }
    } else {
        variations.iter().map(|v| v.available_quantity).sum()
    };
    Item {
        index: i,
        title,
        price,
        available_quantity,
        sold_quantity,
        status,
        seller_custom_field: sku,
        date_created,
        last_updated,
        category_id,
        variations,
    }
}

pub fn item_id(i: u64) -> String {
    format!("MLA{}", ITEM_BASE + i)
}

/// The index of an item id of ours (`MLA` + digits), whether or not it exists.
pub fn item_index(id: &str) -> Option<u64> {
    let digits = id.strip_prefix("MLA")?;
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok()?.checked_sub(ITEM_BASE)
}

fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        let c = match c {
            'á' | 'Á' => 'a',
            'é' | 'É' => 'e',
            'í' | 'Í' => 'i',
            'ó' | 'Ó' => 'o',
            'ú' | 'Ú' => 'u',
            'ñ' | 'Ñ' => 'n',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

pub fn item_json(it: &Item, seller_id: u64) -> Value {
    let id = item_id(it.index);
    let variations: Vec<Value> = it
        .variations
        .iter()
        .map(|v| {
            json!({
                "id": v.id,
                "price": money(v.price),
                "available_quantity": v.available_quantity,
                "sold_quantity": v.sold_quantity,
                "attribute_combinations": [{"id": v.attr.0, "name": v.attr.1, "value_id": null, "value_name": v.attr.2}],
                "seller_custom_field": v.seller_custom_field,
                "picture_ids": [],
            })
        })
        .collect();
    json!({
        "id": id,
        "site_id": "MLA",
        "title": it.title,
        "seller_id": seller_id,
        "category_id": it.category_id,
        "price": money(it.price),
        "base_price": money(it.price),
        "currency_id": "ARS",
        "available_quantity": it.available_quantity,
        "sold_quantity": it.sold_quantity,
        "buying_mode": "buy_it_now",
        "listing_type_id": "gold_special",
        "condition": "new",
        "status": it.status,
        "seller_custom_field": it.seller_custom_field,
        "permalink": format!("https://articulo.mercadolibre.com.ar/MLA-{}-{}-_JM", ITEM_BASE + it.index, slug(&it.title)),
        "date_created": time::format_in(it.date_created, it.index),
        "last_updated": time::format_in(it.last_updated, it.index),
        "variations": variations,
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Orders and shipments

pub const ORDER_STATUSES: &[&str] =
    &["paid", "payment_required", "payment_in_process", "partially_paid", "cancelled", "invalid"];
#[cfg(test)]
pub const SHIPMENT_STATUSES: &[&str] =
    &["pending", "handling", "ready_to_ship", "shipped", "delivered", "not_delivered", "cancelled"];

#[derive(Clone, Debug, PartialEq)]
pub struct OrderItem {
    pub item_index: u64,
    pub title: String,
    pub variation_id: Option<u64>,
    pub seller_sku: Option<String>,
    pub quantity: i64,
    pub unit_price: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Order {
    pub index: u64,
    pub status: &'static str,
    pub date_created: i64,
    pub date_closed: Option<i64>,
    pub last_updated: i64,
    pub pack_id: Option<u64>,
    pub items: Vec<OrderItem>,
    pub buyer: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Shipment {
    pub index: u64,
    pub status: &'static str,
    pub substatus: Option<&'static str>,
    pub date_created: i64,
    pub last_updated: i64,
    pub logistic_type: &'static str,
    pub city: usize,
}

/// Seeded orders are spread over the 180 days before the anchor, in index order: order `i` is created after
/// order `i - 1`, so date_created order is index order.
pub fn order_created(seed: u64, anchor: i64, i: u64, seeded: u64) -> i64 {
    let span = 180 * DAY_MS;
    let step = (span / seeded.max(1) as i64).max(1);
    anchor - span + i as i64 * step + (h(seed, K_ORDER, i, 1) % step as u64) as i64
}

pub fn order_status(seed: u64, i: u64) -> &'static str {
    match h(seed, K_ORDER, i, 2) % 100 {
        0..=74 => "paid",
        75..=80 => "payment_required",
        81..=85 => "payment_in_process",
        86..=88 => "partially_paid",
        89..=97 => "cancelled",
        _ => "invalid",
    }
}

/// Status and last_updated of a seeded order, without building it.
pub fn order_key(seed: u64, anchor: i64, i: u64, seeded: u64) -> (&'static str, i64) {
    let created = order_created(seed, anchor, i, seeded);
    let updated = (created + (h(seed, K_ORDER, i, 3) % (20 * DAY_MS as u64)) as i64).min(anchor);
    (order_status(seed, i), updated.max(created))
}

pub fn order(seed: u64, anchor: i64, i: u64, seeded: u64, items: u64) -> Order {
    let (status, last_updated) = order_key(seed, anchor, i, seeded);
    let date_created = order_created(seed, anchor, i, seeded);
    let n = 1 + h(seed, K_ORDER, i, 4) % 10 / 7; // mostly one line, sometimes two
    let mut lines = Vec::new();
    for k in 0..n {
        if items == 0 {
            break;
        }
        let j = h(seed, K_ORDER, i, 10 + k) % items;
        let it = item(seed, anchor, j);
        let var = if it.variations.is_empty() {
            None
        } else {
            Some(&it.variations[(h(seed, K_ORDER, i, 20 + k) % it.variations.len() as u64) as usize])
        };
        lines.push(OrderItem {
            item_index: j,
            title: it.title.clone(),
            variation_id: var.map(|v| v.id),
            seller_sku: var.and_then(|v| v.seller_custom_field.clone()).or(it.seller_custom_field.clone()),
            quantity: 1 + (h(seed, K_ORDER, i, 30 + k) % 10 / 7) as i64,
            unit_price: it.price,
        });
    }
    let date_closed = match status {
        "paid" | "partially_paid" | "cancelled" => {
            Some(date_created + 1000 + (h(seed, K_ORDER, i, 5) % 600_000) as i64)
        }
        _ => None,
    };
    Order {
        index: i,
        status,
        date_created,
        date_closed: date_closed.map(|d| d.min(last_updated)),
        last_updated,
        pack_id: h(seed, K_ORDER, i, 6).is_multiple_of(5).then(|| PACK_BASE + i),
        items: lines,
        buyer: (h(seed, K_ORDER, i, 7) % BUYERS.len() as u64) as usize,
    }
}

pub fn shipment(seed: u64, o: &Order) -> Shipment {
    let i = o.index;
    let status = match o.status {
        "cancelled" | "invalid" => "cancelled",
        "paid" => match h(seed, K_ORDER, i, 40) % 100 {
            0..=9 => "handling",
            10..=24 => "ready_to_ship",
            25..=44 => "shipped",
            45..=94 => "delivered",
            _ => "not_delivered",
        },
        _ => "pending",
    };
    Shipment {
        index: i,
        status,
        substatus: default_substatus(status),
        date_created: o.date_created + 500,
        last_updated: o.last_updated,
        logistic_type: pick(&["drop_off", "cross_docking", "fulfillment", "self_service"], h(seed, K_ORDER, i, 41)),
        city: (h(seed, K_ORDER, i, 42) % CITIES.len() as u64) as usize,
    }
}

pub fn default_substatus(status: &str) -> Option<&'static str> {
    match status {
        "pending" => Some("buffered"),
        "ready_to_ship" => Some("ready_to_print"),
        "shipped" => Some("out_for_delivery"),
        "not_delivered" => Some("returning_to_sender"),
        _ => None,
    }
}

/// The next status of a shipment moving forward, or None when it is final.
pub fn next_shipment_status(status: &str) -> Option<&'static str> {
    match status {
        "pending" => Some("handling"),
        "handling" => Some("ready_to_ship"),
        "ready_to_ship" => Some("shipped"),
        "shipped" => Some("delivered"),
        _ => None,
    }
}

pub fn order_total(o: &Order) -> i64 {
    o.items.iter().map(|l| l.unit_price * l.quantity).sum()
}

pub fn order_json(o: &Order, seller_id: u64) -> Value {
    let total = order_total(o);
    let paid = match o.status {
        "paid" => total,
        "partially_paid" => total / 2,
        _ => 0,
    };
    let b = &BUYERS[o.buyer % BUYERS.len()];
    let id = ORDER_BASE + o.index;
    let payments: Vec<Value> = match o.status {
        "payment_required" | "invalid" => vec![],
        s => {
            let pstatus = match s {
                "paid" | "partially_paid" => "approved",
                "payment_in_process" => "in_process",
                _ => "refunded",
            };
            vec![json!({
                "id": PAYMENT_BASE + o.index,
                "order_id": id,
                "payer_id": b.id,
                "status": pstatus,
                "status_detail": if pstatus == "approved" { "accredited" } else { pstatus },
                "transaction_amount": money(if s == "partially_paid" { paid } else { total }),
                "total_paid_amount": money(paid),
                "currency_id": "ARS",
                "date_created": time::format_in(o.date_created + 200, o.index),
                "date_approved": if pstatus == "approved" { Value::String(time::format_in(o.date_created + 900, o.index)) } else { Value::Null },
                "date_last_modified": time::format_in(o.date_closed.unwrap_or(o.date_created + 900), o.index),
            })]
        }
    };
    let mut tags = vec![];
    if o.status == "paid" {
        tags.push("paid");
    }
    if o.pack_id.is_some() {
        tags.push("pack_order");
    }
    let items: Vec<Value> = o
        .items
        .iter()
        .map(|l| {
            json!({
                "item": {
                    "id": item_id(l.item_index),
                    "title": l.title,
                    "variation_id": l.variation_id,
                    "seller_sku": l.seller_sku,
                },
                "quantity": l.quantity,
                "unit_price": money(l.unit_price),
                "full_unit_price": money(l.unit_price),
                "currency_id": "ARS",
            })
        })
        .collect();
    json!({
        "id": id,
        "status": o.status,
        "status_detail": if o.status == "cancelled" { json!({"code": "buyer_cancel", "description": null}) } else { Value::Null },
        "date_created": time::format_in(o.date_created, o.index),
        "date_closed": o.date_closed.map(|t| time::format_in(t, o.index)),
        "last_updated": time::format_in(o.last_updated, o.index),
        "pack_id": o.pack_id,
        "total_amount": money(total),
        "paid_amount": money(paid),
        "currency_id": "ARS",
        "order_items": items,
        "buyer": {"id": b.id, "nickname": b.nickname, "first_name": b.first_name, "last_name": b.last_name},
        "seller": {"id": seller_id},
        "payments": payments,
        "shipping": {"id": SHIPMENT_BASE + o.index},
        "tags": tags,
    })
}

fn tracking(s: &Shipment) -> Option<String> {
    matches!(s.status, "ready_to_ship" | "shipped" | "delivered" | "not_delivered")
        .then(|| format!("4{:011}", mix(s.index ^ 0x5151) % 100_000_000_000))
}

/// `new_format`: the client sent `x-format-new: true`. Without it the real API answers the legacy shape
/// (no `logistic`/`origin`/`destination`), so a client that forgets the header fails here as it would there.
pub fn shipment_json(s: &Shipment, o: &Order, seller: &Seller, new_format: bool) -> Value {
    let b = &BUYERS[o.buyer % BUYERS.len()];
    let (city, state_id, state, zip) = CITIES[s.city % CITIES.len()];
    let street = STREETS[(s.index % STREETS.len() as u64) as usize];
    let number = 100 + s.index % 4000;
    let address = json!({
        "address_line": format!("{street} {number}"),
        "street_name": street,
        "street_number": number.to_string(),
        "zip_code": zip,
        "city": {"id": null, "name": city},
        "state": {"id": state_id, "name": state},
        "country": {"id": "AR", "name": "Argentina"},
    });
    let origin_addr = json!({
        "address_line": "Av. Corrientes 1234",
        "zip_code": "1043",
        "city": {"id": null, "name": "Capital Federal"},
        "state": {"id": "AR-C", "name": "Capital Federal"},
        "country": {"id": "AR", "name": "Argentina"},
    });
    let id = SHIPMENT_BASE + s.index;
    let tracking_number = tracking(s);
    let method = tracking_number.as_ref().map(|_| "MEL Distribution");
    let mut v = Map::new();
    v.insert("id".into(), json!(id));
    v.insert("status".into(), json!(s.status));
    v.insert("substatus".into(), json!(s.substatus));
    v.insert("date_created".into(), json!(time::format_in(s.date_created, s.index)));
    v.insert("last_updated".into(), json!(time::format_in(s.last_updated, s.index)));
    v.insert("tracking_number".into(), json!(tracking_number));
    v.insert("tracking_method".into(), json!(method));
    v.insert("order_id".into(), json!(ORDER_BASE + o.index));
    if new_format {
        v.insert("logistic".into(), json!({"mode": "me2", "type": s.logistic_type, "direction": "forward"}));
        v.insert(
            "origin".into(),
            json!({"type": "selling_address", "sender_id": seller.id, "shipping_address": origin_addr}),
        );
        v.insert(
            "destination".into(),
            json!({
                "type": "buyer_address",
                "receiver_id": b.id,
                "receiver_name": format!("{} {}", b.first_name, b.last_name),
                "shipping_address": address,
            }),
        );
    } else {
        v.insert("mode".into(), json!("me2"));
        v.insert("logistic_type".into(), json!(s.logistic_type));
        v.insert("sender_id".into(), json!(seller.id));
        v.insert("receiver_id".into(), json!(b.id));
        v.insert("sender_address".into(), origin_addr);
        v.insert("receiver_address".into(), address);
    }
    Value::Object(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        assert_eq!(item_index(&item_id(17)), Some(17));
        assert_eq!(item_index("MLA12"), None);
        assert_eq!(item_index("MLB1300000001"), None);
        assert_eq!(item_index("MLA"), None);
    }

    #[test]
    fn every_status_appears() {
        let orders: Vec<Order> = (0..2000).map(|i| order(7, anchor_ms(), i, 2000, 100)).collect();
        for s in SHIPMENT_STATUSES {
            assert!(orders.iter().any(|o| shipment(7, o).status == *s), "{s}");
        }
        for s in ORDER_STATUSES {
            assert!(orders.iter().any(|o| o.status == *s), "{s}");
        }
        assert!(orders.windows(2).all(|w| w[0].date_created < w[1].date_created));
    }
}
