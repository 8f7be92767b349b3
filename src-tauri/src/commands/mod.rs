//! The commands the UI invokes. Each is a thin call into storedesk-app; errors reach the UI as
//! `ApiError {code, message}`. Argument and answer types are generated into
//! ui/src/bindings (see docs/ipc.md).

mod api;
mod autostart;
mod backups;
mod browse;
mod catalogue;
mod edits;
mod offers;
mod shops;
pub mod startup;
mod sync;
mod warehouse;

use storedesk_core::ApiError;

type Answer<T> = Result<T, ApiError>;

pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        browse::startup_state,
        browse::reset_database,
        browse::settings_path,
        browse::list_shops,
        shops::list_connectors,
        browse::list_products,
        catalogue::list_catalogue,
        catalogue::catalogue_counts,
        catalogue::link_listing,
        catalogue::unlink_listing,
        catalogue::merge_items,
        browse::count_products,
        browse::get_product,
        browse::list_orders,
        browse::count_orders,
        browse::get_order,
        browse::list_shipments,
        browse::count_shipments,
        browse::list_sync_runs,
        browse::dashboard,
        shops::get_provider_app,
        shops::set_provider_app,
        shops::add_shop,
        shops::connect_shop,
        shops::finish_connect,
        shops::cancel_connect,
        shops::disconnect_shop,
        shops::remove_shop,
        shops::start_demo,
        shops::open_url,
        sync::sync_overview,
        sync::sync_now,
        sync::set_sync_paused,
        sync::retry_sync_run,
        sync::list_quarantine,
        sync::retry_quarantined,
        sync::get_sync_settings,
        sync::set_sync_settings,
        autostart::get_autostart,
        autostart::set_autostart,
        backups::list_backups,
        backups::back_up_now,
        backups::get_backup_settings,
        backups::set_backup_settings,
        backups::restore_backup,
        edits::edit_product,
        edits::preview_bulk_edit,
        edits::apply_bulk_edit,
        edits::list_outbox,
        edits::outbox_counts,
        edits::retry_edit,
        edits::discard_edit,
        edits::resolve_conflict,
        warehouse::add_warehouse,
        warehouse::set_warehouse_token,
        warehouse::route_store,
        warehouse::fulfilment_issues,
        warehouse::routing_rule,
        offers::add_offers_service,
        offers::set_offers_token,
        offers::track_products,
        offers::untrack_products,
        offers::tracked_products,
        offers::offer_history,
        offers::offer_chart,
        offers::set_reprice_rule,
        offers::clear_reprice_rule,
        offers::reprice_preview,
        api::api_server_status,
        api::set_api_server,
        api::list_api_keys,
        api::create_api_key,
        api::revoke_api_key,
        api::list_webhooks,
        api::add_webhook,
        api::remove_webhook,
        api::webhook_deliveries,
        api::redeliver_webhook,
        api::metrics_history,
        startup::startup_painted,
    ]
}
