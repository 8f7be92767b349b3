//! The offers simulator's own log, compared with what storedesk stored, offer by offer and row for row.

use std::collections::BTreeMap;

use storedesk_app::App;
use storedesk_sim::offers::OffersControl;

/// Each offer's rows (price in whole units, stock, active), keyed by (registration id, offer id).
pub type Rows = BTreeMap<(String, String), Vec<(i64, i64, bool)>>;

pub fn simulator_rows(control: &OffersControl) -> Rows {
    let mut rows = Rows::new();
    for r in control.log() {
        rows.entry((r.product_id, r.offer_id)).or_default().push((r.price, r.stock, r.active));
    }
    rows
}

/// What storedesk stored for every tracked product (prices back in whole units: the listings are in ARS).
pub async fn stored_rows(app: &App) -> Rows {
    let mut rows = Rows::new();
    for t in app.tracked_products(100_000).await.expect("tracked") {
        for offer in app.offer_history(t.product_id).await.expect("history") {
            let list = rows.entry((t.remote_id.clone(), offer.remote_id.clone())).or_default();
            for r in offer.rows {
                assert_eq!(r.price.minor % 100, 0, "whole units in, whole units stored");
                list.push((r.price.minor / 100, r.items_in_stock, r.active));
            }
        }
    }
    rows
}

/// The stored history is the simulator's log: same offers, same rows in the same order, nothing extra.
pub async fn assert_history_matches(app: &App, control: &OffersControl) {
    let (want, got) = (simulator_rows(control), stored_rows(app).await);
    assert_eq!(got.len(), want.len(), "the same offers");
    for (key, rows) in &want {
        assert_eq!(got.get(key), Some(rows), "offer {key:?}");
    }
}
