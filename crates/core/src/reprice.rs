//! Repricing: what a rule does with the lowest offer, in one pure function with a table test. A decision
//! to change becomes an ordinary outbox edit (visible, retried, refused like any other) carrying its reason.

use crate::model::{EditRequest, EditValue, RepricePreviewRow, RepriceRule};
use crate::money::{adjust_by_basis_points, Money};
use crate::store::Store;
use crate::StoreError;

/// What a rule says of a listing now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Set the price to `to` (minor units), for this reason.
    Change { to: i64, reason: String },
    /// Leave it, for this reason.
    Hold { reason: String },
}

/// The facts a decision is made from.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    /// Our listing's price now (minor units).
    pub current: i64,
    /// The lowest active offer (minor units), if any.
    pub lowest: Option<i64>,
    /// A person's price edit is waiting to be sent: a rule never overrides it.
    pub manual_edit_pending: bool,
    pub now: i64,
}

fn shown(minor: i64, currency: &str) -> String {
    format!("{} {currency}", Money { minor, currency: currency.to_owned() }.to_decimal_string())
}

/// The price the rule aims at: the lowest offer less the amount or the percent, within floor and ceiling.
pub fn target(rule: &RepriceRule, lowest: i64) -> i64 {
    let below = if rule.minus_bp > 0 {
        adjust_by_basis_points(lowest, -rule.minus_bp).unwrap_or(lowest)
    } else {
        lowest - rule.minus.minor
    };
    below.clamp(rule.floor.minor, rule.ceiling.minor)
}

pub fn decide(rule: &RepriceRule, facts: Facts) -> Decision {
    let currency = rule.floor.currency.as_str();
    let hold = |reason: &str| Decision::Hold { reason: reason.to_owned() };
    if facts.manual_edit_pending {
        return hold("a price edit made by a person is waiting to be sent");
    }
    let Some(lowest) = facts.lowest else { return hold("there is no offer to follow") };
    let to = target(rule, lowest);
    if (to - facts.current).abs() < rule.min_step.minor.max(1) {
        return hold("the price already follows the lowest offer");
    }
    if rule.last_change_at.is_some_and(|at| facts.now - at < rule.every_seconds.saturating_mul(1_000)) {
        return hold("the rule changed this price less than an interval ago");
    }
    let moved = if to < facts.current { "fell" } else { "rose" };
    let bound = match to {
        t if t == rule.floor.minor => " (the floor)",
        t if t == rule.ceiling.minor => " (the ceiling)",
        _ => "",
    };
    Decision::Change {
        to,
        reason: format!("lowest offer {moved} to {}: price {}{bound}", shown(lowest, currency), shown(to, currency)),
    }
}

/// Runs the rules of these products (None: every product with a rule) now. A dry run only says what each
/// would do; otherwise each change is queued as an outbox edit with its reason, and the rule remembers it.
pub async fn apply(store: &Store, only: Option<&[i64]>, dry_run: bool) -> Result<Vec<RepricePreviewRow>, StoreError> {
    if only.is_some_and(|ids| ids.is_empty()) {
        return Ok(vec![]);
    }
    let now = store.now();
    let mut rows = Vec::new();
    for c in store.reprice_candidates(only).await? {
        let facts =
            Facts { current: c.current.minor, lowest: c.lowest, manual_edit_pending: c.manual_edit_pending, now };
        let decision = decide(&c.rule, facts);
        let (proposed, reason) = match decision {
            Decision::Change { to, reason } => {
                (Some(Money { minor: to, currency: c.current.currency.clone() }), reason)
            }
            Decision::Hold { reason } => (None, reason),
        };
        if let (Some(price), false) = (&proposed, dry_run) {
            let edit = EditRequest {
                product_id: c.product_id,
                variant_remote_id: None,
                value: EditValue::Price(price.clone()),
                reason: Some(reason.clone()),
                location_id: None,
            };
            store.queue_edit(&edit).await?;
            store.note_repriced(c.product_id).await?;
        }
        rows.push(RepricePreviewRow {
            product_id: c.product_id,
            title: c.title,
            product_remote_id: c.remote_id,
            lowest_offer: c.lowest.map(|minor| Money { minor, currency: c.current.currency.clone() }),
            current: c.current,
            proposed,
            reason,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ars(minor: i64) -> Money {
        Money { minor, currency: "ARS".into() }
    }

    fn rule(minus: i64, minus_bp: i64) -> RepriceRule {
        RepriceRule {
            minus: ars(minus),
            minus_bp,
            floor: ars(1_500_000),
            ceiling: ars(3_000_000),
            min_step: ars(100),
            every_seconds: 60,
            last_change_at: None,
        }
    }

    fn facts(current: i64, lowest: Option<i64>) -> Facts {
        Facts { current, lowest, manual_edit_pending: false, now: 1_000_000 }
    }

    fn change(to: i64) -> Option<i64> {
        Some(to)
    }

    #[test]
    fn each_situation_has_one_decision() {
        let to = |d: Decision| match d {
            Decision::Change { to, .. } => Some(to),
            Decision::Hold { .. } => None,
        };
        // (rule, facts, the price it sets)
        let table = [
            // Follow the lowest minus 10.00.
            (rule(1_000, 0), facts(2_000_000, Some(1_899_000)), change(1_898_000)),
            // Never below the floor...
            (rule(1_000, 0), facts(2_000_000, Some(1_000_000)), change(1_500_000)),
            // ...nor above the ceiling.
            (rule(1_000, 0), facts(2_000_000, Some(9_000_000)), change(3_000_000)),
            // A percent below: 2.5% under 2,000,000 is 1,950,000.
            (rule(0, 250), facts(2_500_000, Some(2_000_000)), change(1_950_000)),
            // A change smaller than the step is not made.
            (rule(1_000, 0), facts(1_898_050, Some(1_899_000)), None),
            // Already there.
            (rule(0, 0), facts(1_899_000, Some(1_899_000)), None),
            // Nothing to follow.
            (rule(1_000, 0), facts(2_000_000, None), None),
            // At the floor already, the lowest below it: nothing to do.
            (rule(1_000, 0), facts(1_500_000, Some(900_000)), None),
        ];
        for (n, (r, f, expected)) in table.into_iter().enumerate() {
            assert_eq!(to(decide(&r, f)), expected, "row {n}");
        }
    }

    #[test]
    fn a_pending_manual_edit_and_a_recent_change_hold_the_rule() {
        let f = Facts { manual_edit_pending: true, ..facts(2_000_000, Some(1_000_000)) };
        assert!(matches!(decide(&rule(0, 0), f), Decision::Hold { reason } if reason.contains("person")));
        let recent = RepriceRule { last_change_at: Some(1_000_000 - 30_000), ..rule(0, 0) };
        assert!(matches!(decide(&recent, facts(2_000_000, Some(1_800_000))), Decision::Hold { .. }));
        let older = RepriceRule { last_change_at: Some(1_000_000 - 60_000), ..rule(0, 0) };
        assert_eq!(
            decide(&older, facts(2_000_000, Some(1_800_000))),
            Decision::Change { to: 1_800_000, reason: "lowest offer fell to 18000.00 ARS: price 18000.00 ARS".into() }
        );
    }
}
