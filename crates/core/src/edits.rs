//! What a bulk change does to one listing: pure, with a table test. Money stays integer minor units: a
//! percent change is `adjust_by_basis_points` (half-even), an amount is parsed in the listing's currency.

use crate::model::{BulkChange, EditValue, ListingState, ProductRow};
use crate::money::{adjust_by_basis_points, parse_percent, Money};

/// The value a bulk change gives a listing, or why the listing is left out.
pub fn bulk_value(change: &BulkChange, p: &ProductRow) -> Result<EditValue, String> {
    let price = |minor: i64| -> Result<EditValue, String> {
        if minor <= 0 {
            return Err("the price would not be more than zero".into());
        }
        Ok(EditValue::Price(Money { minor, currency: p.price.currency.clone() }))
    };
    if p.state == ListingState::Deleted {
        return Err("the listing is no longer on the shop".into());
    }
    match change {
        BulkChange::SetPrice { amount } => {
            let m = Money::parse_decimal(amount, &p.price.currency).map_err(|e| e.to_string())?;
            price(m.minor)
        }
        BulkChange::AdjustPercent { percent } => {
            let bp = parse_percent(percent).map_err(|e| e.to_string())?;
            let minor = adjust_by_basis_points(p.price.minor, bp).ok_or("the price would be too large")?;
            price(minor)
        }
        BulkChange::AdjustAmount { amount } => {
            let delta = Money::parse_decimal(amount, &p.price.currency).map_err(|e| e.to_string())?;
            let minor = p.price.minor.checked_add(delta.minor).ok_or("the price would be too large")?;
            price(minor)
        }
        BulkChange::SetStock { stock } if *stock < 0 => Err("stock cannot be negative".into()),
        BulkChange::SetStock { .. } if p.variant_count > 0 => {
            Err("this listing has variations: set the stock of each variation".into())
        }
        BulkChange::SetStock { stock } => Ok(EditValue::Stock(*stock)),
        BulkChange::Pause | BulkChange::Activate if p.state == ListingState::Closed => {
            Err("a closed listing cannot be paused or activated".into())
        }
        BulkChange::Pause => Ok(EditValue::Status(ListingState::Paused)),
        BulkChange::Activate => Ok(EditValue::Status(ListingState::Active)),
    }
}

/// The value a listing shows now for the field a change edits.
pub fn shown_value(change: &BulkChange, p: &ProductRow) -> EditValue {
    match change {
        BulkChange::SetPrice { .. } | BulkChange::AdjustPercent { .. } | BulkChange::AdjustAmount { .. } => {
            EditValue::Price(p.price.clone())
        }
        BulkChange::SetStock { .. } => EditValue::Stock(p.available_quantity),
        BulkChange::Pause | BulkChange::Activate => EditValue::Status(p.state),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(minor: i64, currency: &str, variants: i64, state: ListingState) -> ProductRow {
        ProductRow {
            id: 1,
            shop_id: 1,
            shop_name: "T".into(),
            remote_id: "MLA1".into(),
            title: "Mate".into(),
            sku: None,
            state,
            status: state.as_str().into(),
            price: Money { minor, currency: currency.into() },
            available_quantity: 4,
            sold_quantity: 0,
            variant_count: variants,
            updated_at: 0,
            pending_edits: 0,
            edit_issues: 0,
            lowest_offer: None,
            offer_gap_bp: None,
            tracked: false,
            stock_levels: Vec::new(),
        }
    }

    fn price(minor: i64, currency: &str) -> Result<EditValue, String> {
        Ok(EditValue::Price(Money { minor, currency: currency.into() }))
    }

    #[test]
    fn bulk_changes_per_listing() {
        use ListingState::*;
        let ars = row(10_000, "ARS", 0, Active);
        let clp = row(15_990, "CLP", 2, Paused);
        let closed = row(10_000, "ARS", 0, Closed);
        let odd = row(105, "ARS", 0, Active);
        let set = |a: &str| BulkChange::SetPrice { amount: a.into() };
        let pct = |p: &str| BulkChange::AdjustPercent { percent: p.into() };
        let amt = |a: &str| BulkChange::AdjustAmount { amount: a.into() };
        // (change, listing, result)
        let table: Vec<(BulkChange, &ProductRow, Result<EditValue, String>)> = vec![
            (set("129.90"), &ars, price(12_990, "ARS")),
            (set("15990"), &clp, price(15_990, "CLP")),
            (pct("5"), &ars, price(10_500, "ARS")),
            (pct("-12.5"), &ars, price(8_750, "ARS")),
            (pct("5"), &clp, price(16_790, "CLP")), // 16789.5 -> 16790 (even)
            (pct("10"), &odd, price(116, "ARS")),   // 115.5 -> 116
            (amt("-100"), &ars, Err("the price would not be more than zero".into())),
            (amt("2.5"), &ars, price(10_250, "ARS")),
            (BulkChange::SetStock { stock: 9 }, &ars, Ok(EditValue::Stock(9))),
            (
                BulkChange::SetStock { stock: 9 },
                &clp,
                Err("this listing has variations: set the stock of each variation".into()),
            ),
            (BulkChange::Pause, &ars, Ok(EditValue::Status(Paused))),
            (BulkChange::Activate, &clp, Ok(EditValue::Status(Active))),
            (BulkChange::Pause, &closed, Err("a closed listing cannot be paused or activated".into())),
        ];
        for (change, listing, want) in table {
            assert_eq!(bulk_value(&change, listing), want, "{change:?} on {}", listing.price.currency);
        }
        assert!(bulk_value(&set("12.345"), &ars).is_err(), "ARS has two decimals");
        assert!(bulk_value(&pct("abc"), &ars).is_err());
    }
}
