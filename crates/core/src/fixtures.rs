//! Deterministic sample data: the same index always yields the same record. Used by tests, benchmarks
//! and end-to-end fixtures; nothing here touches the network.

use crate::error::StoreError;
use crate::model::{
    Buyer, FulfilmentState, ListingState, NewShop, OrderItem, OrderRecord, OrderState, ProductRecord, ShipmentRecord,
    ShopId, ShopKind, VariantRecord,
};
use crate::money::Money;
use crate::store::Store;

const NOUNS: [&str; 12] = [
    "Mate",
    "Termo",
    "Bombilla",
    "Yerba",
    "Mochila",
    "Zapatilla",
    "Campera",
    "Lámpara",
    "Auricular",
    "Cuaderno",
    "Taza",
    "Parlante",
];
const ADJECTIVES: [&str; 10] = [
    "de calabaza",
    "acero inoxidable",
    "azul",
    "edición limitada",
    "premium",
    "clásico",
    "compacto",
    "rojo",
    "XL",
    "ecológico",
];
const PRODUCT_STATUSES: [&str; 4] = ["active", "active", "paused", "closed"];
const ORDER_STATUSES: [&str; 6] = ["paid", "paid", "paid", "payment_in_process", "cancelled", "payment_required"];
const SHIPMENT_STATUSES: [&str; 7] =
    ["pending", "handling", "ready_to_ship", "shipped", "delivered", "not_delivered", "cancelled"];
const BUYERS: [(&str, &str, &str); 8] = [
    ("COMPRADOR_ANA", "Ana", "García"),
    ("JUANPE77", "Juan", "Pérez"),
    ("LUCIA.M", "Lucía", "Martínez"),
    ("TIENDA_SUR", "Martín", "López"),
    ("CAROLA_22", "Carolina", "Díaz"),
    ("PEDRO_BSAS", "Pedro", "Fernández"),
    ("SOFI_ROSARIO", "Sofía", "Romero"),
    ("MATEO.CBA", "Mateo", "Sánchez"),
];

/// 2026-11-01T00:00:00Z: fixtures are dated relative to this, so they are the same on every run.
pub const EPOCH_MS: i64 = 1_793_491_200_000;

/// A fast, well-mixed hash of an index (SplitMix64).
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn pick<T: Copy>(list: &[T], seed: u64) -> T {
    list[(seed % list.len() as u64) as usize]
}

fn ars(minor: i64) -> Money {
    Money { minor, currency: "ARS".to_owned() }
}

/// The SKU of product `i`.
pub fn sku(i: u64) -> String {
    format!("SKU-{i:07}")
}

/// Product `i`: every fourth has three variants.
pub fn product(i: u64) -> ProductRecord {
    let h = mix(i);
    let price = 1_000 + (h % 5_000_000) as i64;
    let variants = if i.is_multiple_of(4) {
        ["S", "M", "L"]
            .iter()
            .enumerate()
            .map(|(n, size)| VariantRecord {
                remote_id: format!("{}{n}", 180_000_000_000 + i),
                sku: Some(format!("{}-{size}", sku(i))),
                attributes: format!("Talle: {size}"),
                price: ars(price),
                available_quantity: ((h >> (8 * n)) % 20) as i64,
                stock_levels: Vec::new(),
            })
            .collect()
    } else {
        Vec::new()
    };
    ProductRecord {
        remote_id: format!("MLA{}", 1_000_000_000 + i),
        title: format!("{} {} {}", pick(&NOUNS, h), pick(&ADJECTIVES, h >> 8), i),
        sku: Some(sku(i)),
        state: ListingState::parse(pick(&PRODUCT_STATUSES, h >> 16)).unwrap_or(ListingState::Paused),
        status: pick(&PRODUCT_STATUSES, h >> 16).to_owned(),
        price: ars(price),
        available_quantity: ((h >> 24) % 60) as i64,
        sold_quantity: ((h >> 32) % 500) as i64,
        permalink: Some(format!("https://articulo.example.test/MLA-{}", 1_000_000_000 + i)),
        created_at: Some(EPOCH_MS - ((h >> 40) % 400) as i64 * 86_400_000),
        updated_at: EPOCH_MS + (i as i64) * 1_000,
        variants,
        stock_levels: Vec::new(),
    }
}

/// Order `i`, with one to three items from the first `catalogue` products, created over the 30 days
/// before `EPOCH_MS` + `i` seconds.
pub fn order(i: u64, catalogue: u64) -> OrderRecord {
    let h = mix(i ^ 0x5EED);
    let (nickname, first, last) = pick(&BUYERS, h);
    let items: Vec<OrderItem> = (0..1 + h % 3)
        .map(|line| {
            let p = product(mix(h + line) % catalogue.max(1));
            OrderItem {
                line_no: line as i64 + 1,
                item_remote_id: p.remote_id,
                variation_remote_id: p.variants.first().map(|v| v.remote_id.clone()),
                title: p.title,
                sku: p.sku,
                quantity: 1 + ((h >> (4 + line)) % 3) as i64,
                unit_price: p.price,
            }
        })
        .collect();
    let total: i64 = items.iter().map(|it| it.quantity * it.unit_price.minor).sum();
    let status = pick(&ORDER_STATUSES, h >> 12);
    let created_at = EPOCH_MS - ((h >> 20) % 30) as i64 * 86_400_000 + (i as i64 % 86_400) * 1_000;
    OrderRecord {
        remote_id: format!("{}", 2_000_000_000_000 + i),
        state: match status {
            "paid" => OrderState::Paid,
            "cancelled" => OrderState::Cancelled,
            _ => OrderState::PendingPayment,
        },
        status: status.to_owned(),
        status_detail: None,
        buyer: Buyer {
            remote_id: Some(format!("{}", 100_000 + h % 8)),
            nickname: nickname.to_owned(),
            first_name: Some(first.to_owned()),
            last_name: Some(last.to_owned()),
        },
        paid: ars(if status == "paid" { total } else { 0 }),
        total: ars(total),
        shipment_remote_id: Some(format!("{}", 40_000_000_000 + i)),
        created_at,
        closed_at: (status == "paid").then_some(created_at + 60_000),
        updated_at: created_at + 120_000,
        items,
    }
}

/// The shipment of order `i`.
pub fn shipment(i: u64) -> ShipmentRecord {
    let h = mix(i ^ 0x5417);
    let order = order(i, 1);
    ShipmentRecord {
        remote_id: format!("{}", 40_000_000_000 + i),
        order_remote_id: Some(order.remote_id),
        address: None,
        by_marketplace: false,
        state: match pick(&SHIPMENT_STATUSES, h) {
            "ready_to_ship" => FulfilmentState::Ready,
            "shipped" => FulfilmentState::Shipped,
            "delivered" => FulfilmentState::Delivered,
            "not_delivered" => FulfilmentState::Failed,
            "cancelled" => FulfilmentState::Cancelled,
            _ => FulfilmentState::Pending,
        },
        status: pick(&SHIPMENT_STATUSES, h).to_owned(),
        substatus: None,
        tracking_number: Some(format!("TRK{:010}", h % 10_000_000_000)),
        tracking_method: Some("Correo".to_owned()),
        logistic_mode: Some(pick(&["me2", "me1", "custom"], h >> 8).to_owned()),
        created_at: Some(order.created_at + 300_000),
        updated_at: order.updated_at + 600_000,
    }
}

/// Adds a shop and fills it with `products` products and `orders` orders (each with its shipment), in
/// pages as a sync would. Returns the shop id.
pub async fn seed(store: &Store, name: &str, products: u64, orders: u64) -> Result<ShopId, StoreError> {
    let shop = store
        .add_shop(&NewShop {
            kind: ShopKind::Mercadolibre,
            name: name.to_owned(),
            site: Some("MLA".to_owned()),
            api_base: None,
            auth_base: None,
        })
        .await?;
    const PAGE: u64 = 500;
    for start in (0..products).step_by(PAGE as usize) {
        let page: Vec<_> = (start..(start + PAGE).min(products)).map(product).collect();
        store.upsert_products(shop, &page).await?;
    }
    for start in (0..orders).step_by(PAGE as usize) {
        let range = start..(start + PAGE).min(orders);
        let page: Vec<_> = range.clone().map(|i| order(i, products)).collect();
        store.upsert_orders(shop, &page).await?;
        let ships: Vec<_> = range.map(shipment).collect();
        store.upsert_shipments(shop, &ships).await?;
    }
    Ok(shop)
}
