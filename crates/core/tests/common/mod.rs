//! Helpers shared by the store's integration tests.
#![allow(dead_code)]

use storedesk_core::model::{NewShop, ShopId, ShopKind};
use storedesk_core::Store;

pub async fn fresh_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).await.expect("open a fresh store");
    (dir, store)
}

pub async fn add_shop(store: &Store, name: &str) -> ShopId {
    store
        .add_shop(&NewShop {
            kind: ShopKind::Mercadolibre,
            name: name.into(),
            site: None,
            api_base: None,
            auth_base: None,
        })
        .await
        .expect("add shop")
}
