//! Each connector's descriptor against what its connector does: what "sync now" runs is what it declares,
//! every shop reaches the front ends with it, and a field it does not declare editable is refused before
//! anything is queued.

use storedesk_app::App;
use storedesk_connectors::registry;
use storedesk_core::model::{
    ChannelRole, EditField, EditRequest, EditValue, ListingState, OutboxQuery, ShopId, ShopKind,
};
use storedesk_core::sync::StopSignal;
use storedesk_core::ErrorCode;
use storedesk_sim::warehouse::WarehouseConfig;
use storedesk_sim::SimConfig;

use crate::*;

const TOKEN: &str = "pat-descriptor-test";

/// "Sync now" with nothing named runs exactly the resources the descriptor declares, in its order.
async fn on_demand_runs(app: &App, shop: ShopId) -> Vec<storedesk_core::model::SyncResource> {
    let summaries = app.sync_once(shop, &[], &StopSignal::never(), |_| {}).await.expect("synced");
    summaries.iter().map(|s| s.resource).collect()
}

#[tokio::test]
async fn each_descriptor_is_what_its_connector_does() {
    let mp = sim(SimConfig { items: 30, orders: 10, ..Default::default() }).await;
    let wh = storedesk_sim::warehouse::spawn(WarehouseConfig { tokens: vec![TOKEN.into()], ..Default::default() })
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), storedesk_app::Role::Guest).await;
    let store = add_shop(&app, &mp).await;
    connect(&app, store).await;
    let warehouse = app.add_warehouse("Bodega", Some(&wh.base_url()), TOKEN).await.unwrap().id;

    // Every shop reaches the front ends with its connector's descriptor.
    for shop in app.list_shops().await.unwrap() {
        assert_eq!(shop.capabilities, registry::capabilities(shop.kind), "{}", shop.name);
        assert!(shop.capabilities.is_some(), "{} has a connector", shop.name);
    }
    let meli = registry::capabilities(ShopKind::Mercadolibre).unwrap();
    assert_eq!(meli.roles, vec![ChannelRole::SalesChannel]);
    assert_eq!(on_demand_runs(&app, store).await, meli.on_demand);
    let shipbob = registry::capabilities(ShopKind::Warehouse).unwrap();
    assert_eq!(shipbob.roles, vec![ChannelRole::Warehouse]);
    assert_eq!(on_demand_runs(&app, warehouse).await, shipbob.on_demand);
    assert!(registry::capabilities(ShopKind::Offers).is_some_and(|c| c.roles == vec![ChannelRole::OffersSource]));

    // A MercadoLibre listing takes every edit its descriptor declares.
    let listing = app.list_products(&Default::default()).await.unwrap().rows[0].clone();
    for (field, value) in [
        (EditField::Price, EditValue::Price(storedesk_core::Money { minor: 1_234_500, currency: "ARS".into() })),
        (EditField::Stock, EditValue::Stock(3)),
        (EditField::Status, EditValue::Status(ListingState::Paused)),
    ] {
        assert!(meli.edits.contains(&field));
        let req =
            EditRequest { product_id: listing.id, variant_remote_id: None, value, reason: None, location_id: None };
        app.edit_product(&req).await.unwrap_or_else(|e| panic!("{field:?} refused: {e}"));
    }

    // A shop whose descriptor declares no status edits (the warehouse declares none at all) refuses one
    // with a clear error, before anything is queued. Its listing is stored here as a pull would store it.
    assert!(!shipbob.edits.contains(&EditField::Status));
    let record = storedesk_core::fixtures::product(7);
    app.store().upsert_products(warehouse, std::slice::from_ref(&record)).await.unwrap();
    let foreign = app.store().product_id(warehouse, &record.remote_id).await.unwrap();
    let queued_before = app.list_outbox(&OutboxQuery { limit: 100, ..Default::default() }).await.unwrap().rows.len();
    let req = EditRequest {
        product_id: foreign,
        variant_remote_id: None,
        value: EditValue::Status(ListingState::Paused),
        reason: None,
        location_id: None,
    };
    let refused = app.edit_product(&req).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::Unsupported);
    assert!(refused.message.contains("status"), "{}", refused.message);
    let queued_after = app.list_outbox(&OutboxQuery { limit: 100, ..Default::default() }).await.unwrap().rows.len();
    assert_eq!(queued_after, queued_before, "nothing queued");
    app.close().await;
}
