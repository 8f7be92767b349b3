//! Keyset paging: every row exactly once, across equal sort keys and while rows are being inserted.

mod common;

use std::collections::HashSet;

use common::{add_shop, fresh_store};
use storedesk_core::fixtures;
use storedesk_core::model::{ListingState, ProductQuery, ProductSort, SortDir};
use storedesk_core::{Money, Store};

async fn walk(store: &Store, base: &ProductQuery) -> Vec<(i64, i64, String)> {
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let q = ProductQuery { cursor: cursor.clone(), ..base.clone() };
        let page = store.list_products(&q).await.unwrap();
        assert!(page.rows.len() as i64 <= base.limit);
        seen.extend(page.rows.iter().map(|r| (r.id, r.price.minor, r.title.clone())));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    seen
}

#[tokio::test]
async fn pages_cover_every_row_once_across_equal_sort_keys() {
    let (_dir, store) = fresh_store().await;
    let shop = add_shop(&store, "A").await;
    // Only three distinct prices and two distinct titles over 250 rows: most keys are ties.
    let page: Vec<_> = (0..250)
        .map(|i| {
            let mut p = fixtures::product(i);
            p.price = Money::new([100, 200, 300][(i % 3) as usize], "ARS").unwrap();
            p.title = if i % 2 == 0 { "Same".into() } else { "Other".into() };
            p
        })
        .collect();
    store.upsert_products(shop, &page).await.unwrap();

    for (sort, dir) in [
        (ProductSort::Price, SortDir::Asc),
        (ProductSort::Price, SortDir::Desc),
        (ProductSort::Title, SortDir::Asc),
        (ProductSort::Title, SortDir::Desc),
        (ProductSort::Sku, SortDir::Asc),
        (ProductSort::Stock, SortDir::Desc),
        (ProductSort::Updated, SortDir::Desc),
    ] {
        let q = ProductQuery { sort, dir, limit: 7, ..Default::default() };
        let seen = walk(&store, &q).await;
        let ids: HashSet<i64> = seen.iter().map(|s| s.0).collect();
        assert_eq!(seen.len(), 250, "{sort:?} {dir:?}: every row");
        assert_eq!(ids.len(), 250, "{sort:?} {dir:?}: no row twice");
        // The walk is in order, ties broken by id.
        let whole = store.list_products(&ProductQuery { limit: 500, ..q.clone() }).await.unwrap();
        assert_eq!(seen.iter().map(|s| s.0).collect::<Vec<_>>(), whole.rows.iter().map(|r| r.id).collect::<Vec<_>>());
        if sort == ProductSort::Price && dir == SortDir::Asc {
            assert!(seen.windows(2).all(|w| (w[0].1, w[0].0) < (w[1].1, w[1].0)));
        }
    }
}

#[tokio::test]
async fn paging_under_concurrent_inserts_skips_nothing_and_repeats_nothing() {
    let (_dir, store) = fresh_store().await;
    let shop = add_shop(&store, "A").await;
    let originals: Vec<_> = (0..300)
        .map(|i| {
            let mut p = fixtures::product(i);
            p.price = Money::new(1_000 + (i as i64 % 10) * 100, "ARS").unwrap();
            p
        })
        .collect();
    store.upsert_products(shop, &originals).await.unwrap();

    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            // New rows land before and after every reader position, at tied prices too.
            for batch in 0..30u64 {
                let page: Vec<_> = (0..10)
                    .map(|k| {
                        let mut p = fixtures::product(10_000 + batch * 10 + k);
                        p.price = Money::new(1_000 + (k as i64) * 100, "ARS").unwrap();
                        p
                    })
                    .collect();
                store.upsert_products(shop, &page).await.unwrap();
                tokio::task::yield_now().await;
            }
        })
    };
    let q = ProductQuery { sort: ProductSort::Price, dir: SortDir::Asc, limit: 9, ..Default::default() };
    let seen = walk(&store, &q).await;
    writer.await.unwrap();

    let ids: Vec<i64> = seen.iter().map(|s| s.0).collect();
    let unique: HashSet<i64> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "a row was listed twice");
    let original_ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM products WHERE remote_id IN (SELECT remote_id FROM products ORDER BY id LIMIT 300)",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(original_ids.len(), 300);
    assert!(original_ids.iter().all(|id| unique.contains(id)), "a row present all along was skipped");
    assert!(seen.windows(2).all(|w| (w[0].1, w[0].0) < (w[1].1, w[1].0)), "order kept");
}

#[tokio::test]
async fn a_search_with_too_many_matches_to_sort_pages_newest_first() {
    let (_dir, store) = fresh_store().await;
    let shop = add_shop(&store, "A").await;
    let page: Vec<_> = (0..2_100)
        .map(|i| {
            let mut p = fixtures::product(i);
            p.title = if i % 700 == 0 { format!("Yerba especial {i}") } else { format!("Yerba común {i}") };
            p
        })
        .collect();
    store.upsert_products(shop, &page).await.unwrap();

    // Few matches: the asked order.
    let few = ProductQuery {
        search: Some("especial".into()),
        sort: ProductSort::Title,
        dir: SortDir::Asc,
        limit: 10,
        ..Default::default()
    };
    let answer = store.list_products(&few).await.unwrap();
    assert!(!answer.newest_first);
    let titles: Vec<_> = answer.rows.iter().map(|r| r.title.clone()).collect();
    assert_eq!(titles, vec!["Yerba especial 0", "Yerba especial 1400", "Yerba especial 700"]);

    // Every product matches "yerba": newest first, every match once across pages.
    let many = ProductQuery {
        search: Some("yerba".into()),
        sort: ProductSort::Title,
        dir: SortDir::Asc,
        limit: 250,
        ..Default::default()
    };
    let mut ids = Vec::new();
    let mut cursor = None;
    loop {
        let answer = store.list_products(&ProductQuery { cursor: cursor.clone(), ..many.clone() }).await.unwrap();
        assert!(answer.newest_first);
        ids.extend(answer.rows.iter().map(|r| r.id));
        match answer.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(ids.len(), 2_100);
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest (highest id) first, no repeats");
    assert_eq!(store.count_products(&many).await.unwrap(), 2_100);
    // Filters still apply in this mode.
    let active = ProductQuery { state: Some(ListingState::Active), ..many.clone() };
    let answer = store.list_products(&active).await.unwrap();
    assert!(answer.rows.iter().all(|r| r.status == "active"));
    assert!(!answer.rows.is_empty());
}
