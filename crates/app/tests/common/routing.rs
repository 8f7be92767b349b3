//! Which store orders should reach the warehouse, worked out from the marketplace simulator's own JSON
//! (not with storedesk's routing code, so a routing bug cannot hide behind itself): paid, the shipment
//! not handed to a carrier, not shipped by MercadoLibre's own logistics; held when a line has no SKU.

use std::collections::{BTreeMap, BTreeSet};

use storedesk_sim::SimHandle;

pub struct Expected {
    /// Reference id -> the marketplace's order id.
    pub routed: BTreeMap<String, String>,
    /// Marketplace order ids held for a line without SKU.
    pub held: BTreeSet<String>,
}

pub fn expected(mp: &SimHandle) -> Expected {
    let control = mp.control();
    let (_, orders) = control.counts();
    let mut out = Expected { routed: BTreeMap::new(), held: BTreeSet::new() };
    for i in 0..orders {
        let (Some(o), Some(s)) = (control.order_json(i), control.shipment_json(i)) else { continue };
        let unshipped = matches!(s["status"].as_str(), Some("pending" | "handling" | "ready_to_ship"));
        if o["status"] != "paid" || !unshipped || s["logistic"]["type"] == "fulfillment" {
            continue;
        }
        let id = o["id"].to_string();
        let lines = o["order_items"].as_array().cloned().unwrap_or_default();
        let skus = lines.iter().all(|l| l["item"]["seller_sku"].as_str().is_some_and(|s| !s.trim().is_empty()));
        if skus && !lines.is_empty() {
            out.routed.insert(format!("mercadolibre-{}-{id}", mp.seller_id()), id);
        } else {
            out.held.insert(id);
        }
    }
    out
}

/// The warehouse simulator holds exactly one order per routed sale, and none for anything else.
pub fn assert_one_per_routed_sale(orders: &[storedesk_sim::warehouse::WarehouseOrderView], want: &Expected) {
    let mut by_reference: BTreeMap<&str, usize> = BTreeMap::new();
    for o in orders {
        *by_reference.entry(o.reference_id.as_str()).or_default() += 1;
    }
    let twice: Vec<_> = by_reference.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "more than one warehouse order for {twice:?}");
    let got: BTreeSet<&str> = by_reference.keys().copied().collect();
    let wanted: BTreeSet<&str> = want.routed.keys().map(String::as_str).collect();
    assert_eq!(got, wanted, "the warehouse holds the routed sales, nothing else");
}
