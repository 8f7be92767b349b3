//! One catalogue over two MercadoLibre shops (two simulated sellers) selling the same goods: listings are
//! bound by SKU, problems are shown and never merged, a manual binding survives a resync, and a bulk change
//! over items queues one edit per bound listing, each in its own shop.

use std::collections::{BTreeSet, HashMap};

use storedesk_app::{App, Role};
use storedesk_core::model::{
    BoundBy, BulkChange, BulkEdit, BulkTarget, CatalogueFilter, CatalogueQuery, CatalogueRow, ListingUnit, OutboxQuery,
    OutboxStatus, ShopId, SyncResource, Unbound,
};
use storedesk_core::sync::StopSignal;
use storedesk_core::ErrorCode;
use storedesk_sim::{SimConfig, SimHandle};

use crate::*;

const SHARED: usize = 50;

/// The first `n` items of a simulated seller without variations (their SKU is the listing's own).
fn plain_items(sim: &SimHandle, n: usize) -> Vec<String> {
    let (items, _) = sim.control().counts();
    (0..items)
        .filter_map(|i| sim.control().item_json(i))
        .filter(|item| item["variations"].as_array().is_none_or(Vec::is_empty))
        .filter_map(|item| item["id"].as_str().map(str::to_owned))
        .take(n)
        .collect()
}

async fn sync_products(app: &App, shop: ShopId) {
    app.sync_once(shop, &[SyncResource::Products], &StopSignal::never(), |_| {}).await.expect("products synced");
}

async fn all_rows(app: &App, filter: CatalogueFilter) -> Vec<CatalogueRow> {
    let mut rows = Vec::new();
    let mut q = CatalogueQuery { filter, limit: 40, ..Default::default() };
    loop {
        let page = app.list_catalogue(&q).await.expect("catalogue page");
        rows.extend(page.rows);
        match page.next_cursor {
            Some(c) => q.cursor = Some(c),
            None => return rows,
        }
    }
}

fn unit(shop_id: ShopId, remote_id: &str) -> ListingUnit {
    ListingUnit { shop_id, remote_id: remote_id.into(), variation_id: None }
}

#[tokio::test]
async fn two_shops_one_catalogue() {
    let north = sim(SimConfig { items: 70, orders: 0, seed: 11, ..Default::default() }).await;
    let south = sim(SimConfig { items: 70, orders: 0, seed: 12, ..Default::default() }).await;
    assert_ne!(north.seller_id(), south.seller_id(), "two sellers");
    // Every listing gets a SKU of its own shop's; 50 plain listings in each share theirs with the other shop.
    let north_plain = plain_items(&north, SHARED + 2);
    let south_plain = plain_items(&south, SHARED + 4);
    assert!(north_plain.len() == SHARED + 2 && south_plain.len() == SHARED + 4, "enough plain listings");
    for (sim, prefix) in [(&north, "N"), (&south, "S")] {
        for i in 0..sim.control().counts().0 {
            let id = sim.control().item_json(i).and_then(|v| v["id"].as_str().map(str::to_owned)).unwrap();
            sim.control().set_sku(&id, Some(&format!("{prefix}-{i:03}"))).unwrap();
        }
    }
    for k in 0..SHARED {
        // Spelled differently in each shop: matched trimmed and case-insensitive.
        north.control().set_sku(&north_plain[k], Some(&format!("CAT-{k:03}"))).unwrap();
        south.control().set_sku(&south_plain[k], Some(&format!("  cat-{k:03} "))).unwrap();
    }
    let unbound = &south_plain[SHARED];
    south.control().set_sku(unbound, None).unwrap();
    let (twin_a, twin_b) = (&south_plain[SHARED + 1], &south_plain[SHARED + 2]);
    south.control().set_sku(twin_a, Some("TWIN")).unwrap();
    south.control().set_sku(twin_b, Some("twin")).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Role::Guest).await;
    let n = add_shop(&app, &north).await;
    connect(&app, n).await;
    let s = add_shop(&app, &south).await;
    connect(&app, s).await;
    sync_products(&app, n).await;
    sync_products(&app, s).await;

    // 50 items with two listings each, one per shop, whatever the SKU's spelling.
    let items = all_rows(&app, CatalogueFilter::Items).await;
    let shared: Vec<&CatalogueRow> = items.iter().filter(|r| r.listings.len() == 2).collect();
    assert_eq!(shared.len(), SHARED, "items sold in both shops");
    for row in &shared {
        let shops: BTreeSet<ShopId> = row.listings.iter().map(|l| l.shop_id).collect();
        assert_eq!(shops, BTreeSet::from([n, s]), "{:?}: one listing per shop", row.sku);
        assert!(row.sku.as_deref().is_some_and(|sku| sku.to_ascii_lowercase().starts_with("cat-")));
    }
    assert!(items.iter().all(|r| r.listings.len() <= 2), "no item holds two listings of one shop");
    let counts = app.catalogue_counts().await.unwrap();
    assert_eq!(counts.items, items.len() as i64);

    // The listing without SKU and the two sharing one in the same shop are unbound, and say why.
    let unbound_rows = all_rows(&app, CatalogueFilter::Unbound).await;
    let why: HashMap<&str, Option<Unbound>> =
        unbound_rows.iter().map(|r| (r.listings[0].remote_id.as_str(), r.listings[0].unbound)).collect();
    assert_eq!(why.get(unbound.as_str()), Some(&Some(Unbound::NoSku)));
    assert_eq!(why.get(twin_a.as_str()), Some(&Some(Unbound::SharedSkuInShop)));
    assert_eq!(why.get(twin_b.as_str()), Some(&Some(Unbound::SharedSkuInShop)));
    assert_eq!(unbound_rows.len(), 3, "nothing else is unbound: {why:?}");
    let problems = all_rows(&app, CatalogueFilter::Problems).await;
    let twins: BTreeSet<&str> = problems.iter().map(|r| r.listings[0].remote_id.as_str()).collect();
    assert_eq!(twins, BTreeSet::from([twin_a.as_str(), twin_b.as_str()]), "the same-shop collision");
    assert!(!items.iter().any(|r| r.sku.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("twin"))), "never merged");

    // Staff link the unbound listing by hand, and unlink one of a pair; a resync after the shop changed
    // both SKUs undoes neither.
    let linked = app.link_listing(&unit(s, unbound), "N-LINKED").await.unwrap();
    assert_eq!(linked.listings.len(), 1);
    assert_eq!(linked.listings[0].bound_by, BoundBy::Manual);
    let pair = shared[0];
    let north_of_pair = pair.listings.iter().find(|l| l.shop_id == n).unwrap().remote_id.clone();
    app.unlink_listing(&unit(n, &north_of_pair)).await.unwrap();
    south.control().set_sku(unbound, Some("CAT-999")).unwrap();
    north.control().set_sku(&north_of_pair, Some(pair.sku.as_deref().unwrap())).unwrap();
    sync_products(&app, n).await;
    sync_products(&app, s).await;
    let search = CatalogueQuery { search: Some("N-LINKED".into()), ..Default::default() };
    let relinked = app.list_catalogue(&search).await.unwrap();
    assert_eq!(relinked.rows.len(), 1);
    assert_eq!(relinked.rows[0].listings.len(), 1, "still bound by hand: {:?}", relinked.rows[0]);
    assert_eq!(relinked.rows[0].listings[0].remote_id, *unbound);
    let still_unlinked = all_rows(&app, CatalogueFilter::Unbound).await;
    let unlinked = still_unlinked.iter().find(|r| r.listings[0].remote_id == north_of_pair).expect("still unbound");
    assert_eq!(unlinked.listings[0].unbound, Some(Unbound::Unlinked));

    // Linking needs a SKU, and a listing storedesk does not have is a clear error.
    let blank = app.link_listing(&unit(s, twin_a), "  ").await.unwrap_err();
    assert_eq!(blank.code, ErrorCode::InvalidInput);
    let unknown = app.link_listing(&unit(s, "MLA0"), "X").await.unwrap_err();
    assert_eq!(unknown.code, ErrorCode::NotFound);

    // A bulk price change over 10 items: one outbox row per bound listing, each in its listing's shop.
    let ten: Vec<&CatalogueRow> = shared.iter().skip(1).take(10).copied().collect();
    let bulk = BulkEdit {
        target: BulkTarget::Items { item_ids: ten.iter().filter_map(|r| r.item_id).collect() },
        change: BulkChange::AdjustPercent { percent: "5".into() },
    };
    let preview = app.preview_bulk_edit(&bulk).await.unwrap();
    assert_eq!((preview.changes, preview.skipped), (20, 0), "two listings per item");
    let queued = app.apply_bulk_edit(&bulk).await.unwrap();
    assert_eq!(queued.queued, 20);
    let pending = OutboxQuery { status: Some(OutboxStatus::Pending), limit: 100, ..Default::default() };
    let outbox = app.list_outbox(&pending).await.unwrap();
    let mut want: Vec<(ShopId, i64)> =
        ten.iter().flat_map(|r| r.listings.iter().map(|l| (l.shop_id, l.product_id))).collect();
    let mut got: Vec<(ShopId, i64)> = outbox.rows.iter().map(|r| (r.shop_id, r.product_id)).collect();
    want.sort();
    got.sort();
    assert_eq!(got, want, "one edit per bound listing, in its own shop");
    app.close().await;
}
