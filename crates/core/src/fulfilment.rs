//! Which store orders go to the warehouse, in one place (the UI shows the same rule): pure, with a
//! table test.
//!
//! A store order is routed when it is paid, not cancelled, and not already shipped, nor shipped by the
//! marketplace's own logistics. Its lines map to the warehouse's products by SKU: a line without one holds
//! the order with a reason (never sent half-done) until someone fixes it.

use crate::model::{FulfilmentState, OrderState};

/// The rule, in words, for the UI.
pub const ROUTING_RULE: &str =
    "paid, not cancelled, not shipped yet, and not shipped by the marketplace's own logistics";

/// What the store knows of an order's shipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShipmentFacts {
    pub state: FulfilmentState,
    pub by_marketplace: bool,
    pub has_address: bool,
}

/// What to do with a store order of a store that ships through a warehouse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Send it to the warehouse now.
    Send,
    /// Not yet: the order or its shipment may still change into something to send.
    Wait(String),
    /// For the warehouse, but a person must fix something first.
    Hold(String),
    /// Not for the warehouse.
    Skip(String),
}

/// The rule. `lines` are each line's SKU (if any) and title.
pub fn route(order: OrderState, shipment: Option<ShipmentFacts>, lines: &[(Option<String>, String)]) -> Route {
    match order {
        OrderState::Cancelled | OrderState::Refunded => return Route::Skip("the order was cancelled".into()),
        OrderState::PendingPayment => return Route::Wait("the order is not paid yet".into()),
        OrderState::Paid => {}
    }
    let Some(s) = shipment else { return Route::Wait("waiting for the order's shipment".into()) };
    if s.by_marketplace {
        return Route::Skip("the marketplace's own logistics ships it".into());
    }
    match s.state {
        FulfilmentState::Pending | FulfilmentState::Ready => {}
        FulfilmentState::Cancelled => return Route::Skip("its shipment was cancelled".into()),
        _ => return Route::Skip("it was shipped already".into()),
    }
    if !s.has_address {
        return Route::Hold("the order has no shipping address".into());
    }
    if lines.is_empty() {
        return Route::Hold("the order has no items".into());
    }
    if let Some((n, (_, title))) =
        lines.iter().enumerate().find(|(_, (sku, _))| sku.as_deref().is_none_or(|s| s.trim().is_empty()))
    {
        return Route::Hold(format!("line {} ({title}) has no SKU: the warehouse knows products by SKU", n + 1));
    }
    Route::Send
}

/// The warehouse order's reference id of a store order: the store's kind and account, and the order's id
/// there. The same on every retry, restart and reinstall on the same store account.
pub fn reference_id(store_kind: &str, account_id: &str, order_remote_id: &str) -> String {
    format!("{store_kind}-{account_id}-{order_remote_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ship(state: FulfilmentState, by_marketplace: bool, has_address: bool) -> Option<ShipmentFacts> {
        Some(ShipmentFacts { state, by_marketplace, has_address })
    }

    /// Each line's SKU (if any) and title.
    type Lines = Vec<(Option<String>, String)>;

    #[test]
    fn the_routing_rule() {
        use FulfilmentState as F;
        use OrderState as O;
        let sku = |s: &str| (Some(s.to_owned()), format!("{s} title"));
        let good = vec![sku("MATE-1"), sku("BOMB-2")];
        let no_sku = vec![sku("MATE-1"), (None, "Termo".to_owned())];
        let table: Vec<(O, Option<ShipmentFacts>, &Lines, Route)> = vec![
            (O::Paid, ship(F::Pending, false, true), &good, Route::Send),
            (O::Paid, ship(F::Ready, false, true), &good, Route::Send),
            (O::PendingPayment, ship(F::Pending, false, true), &good, Route::Wait("the order is not paid yet".into())),
            (O::Cancelled, ship(F::Pending, false, true), &good, Route::Skip("the order was cancelled".into())),
            (O::Refunded, None, &good, Route::Skip("the order was cancelled".into())),
            (O::Paid, None, &good, Route::Wait("waiting for the order's shipment".into())),
            (
                O::Paid,
                ship(F::Pending, true, true),
                &good,
                Route::Skip("the marketplace's own logistics ships it".into()),
            ),
            (O::Paid, ship(F::Shipped, false, true), &good, Route::Skip("it was shipped already".into())),
            (O::Paid, ship(F::Delivered, false, true), &good, Route::Skip("it was shipped already".into())),
            (O::Paid, ship(F::Cancelled, false, true), &good, Route::Skip("its shipment was cancelled".into())),
            (O::Paid, ship(F::Pending, false, false), &good, Route::Hold("the order has no shipping address".into())),
            (
                O::Paid,
                ship(F::Pending, false, true),
                &no_sku,
                Route::Hold("line 2 (Termo) has no SKU: the warehouse knows products by SKU".into()),
            ),
        ];
        for (order, shipment, lines, want) in table {
            assert_eq!(route(order, shipment, lines), want, "{order:?} {shipment:?}");
        }
        assert_eq!(reference_id("mercadolibre", "123", "2000001"), "mercadolibre-123-2000001");
    }
}
