//! storedesk-api: the local REST API for an ERP, over `storedesk_app::App` like every other front end.
//! Off by default; `storedesk-cli serve` or the desktop's Settings turn it on. It binds loopback unless
//! told otherwise, and then only with TLS.
//!
//! Layers on every matched route, outermost first: request metrics, then the key, role and rate check
//! (`access`), then `Idempotency-Key` replays on writes (`idempotency`), then the handler: one `App` call.
//! The OpenAPI 3.1 document is generated from the handlers' annotations and the core types (utoipa) and
//! served at `/openapi.json`, with an interactive reference at `/docs` (Swagger UI, from the binary).

mod access;
mod admin;
mod catalogue;
mod doc;
mod idempotency;
mod ops;
mod problem;
mod resources;
mod server;
mod switch;

use std::sync::Arc;

use axum::Router;
use storedesk_app::App;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use access::{Access, RatePolicy, Route, ROUTES};
pub use problem::{Problem, PROBLEM_JSON};
pub use server::{serve, RunningApi, ServeError, ServeOptions, TlsFiles};
pub use switch::ApiSwitch;

/// What every handler shares.
pub struct ApiState {
    pub(crate) app: App,
    pub(crate) limiter: access::Limiter,
    /// `/metrics` without a key from loopback (a local Prometheus).
    pub(crate) metrics_open_on_loopback: bool,
    pub(crate) openapi_json: String,
}

/// The routes with their documentation, before state and layers.
fn documented() -> OpenApiRouter<Arc<ApiState>> {
    OpenApiRouter::with_openapi(doc::base())
        .routes(routes!(ops::healthz))
        .routes(routes!(ops::readyz))
        .routes(routes!(ops::metrics))
        .routes(routes!(ops::openapi))
        .routes(routes!(resources::list_shops))
        .routes(routes!(resources::get_shop))
        .routes(routes!(resources::list_products))
        .routes(routes!(resources::get_product, resources::patch_product))
        .routes(routes!(resources::product_offers))
        .routes(routes!(catalogue::list_catalogue))
        .routes(routes!(catalogue::link))
        .routes(routes!(catalogue::unlink))
        .routes(routes!(catalogue::merge))
        .routes(routes!(catalogue::bulk_edit))
        .routes(routes!(resources::list_orders))
        .routes(routes!(resources::get_order))
        .routes(routes!(resources::list_shipments))
        .routes(routes!(resources::list_outbox))
        .routes(routes!(resources::retry_edit))
        .routes(routes!(resources::discard_edit))
        .routes(routes!(resources::resolve_edit))
        .routes(routes!(resources::list_sync_runs, resources::sync_now))
        .routes(routes!(admin::list_keys, admin::create_key))
        .routes(routes!(admin::revoke_key))
        .routes(routes!(admin::list_webhooks, admin::add_webhook))
        .routes(routes!(admin::remove_webhook))
        .routes(routes!(admin::list_deliveries))
        .routes(routes!(admin::redeliver))
        .routes(routes!(admin::get_sync_settings, admin::put_sync_settings))
}

/// The OpenAPI document of every route.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut api) = documented().split_for_parts();
    doc::finish(&mut api);
    api
}

/// The whole server: routes, layers, the reference at `/docs`.
pub fn router(app: App, rate: RatePolicy, metrics_open_on_loopback: bool) -> Router {
    let (routes, mut api) = documented().split_for_parts();
    doc::finish(&mut api);
    let openapi_json = api.to_json().unwrap_or_else(|_| "{}".into());
    let state = Arc::new(ApiState { app, limiter: access::Limiter::new(rate), metrics_open_on_loopback, openapi_json });
    let guarded = routes
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), idempotency::replay_or_record))
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), access::guard))
        .route_layer(axum::middleware::from_fn(server::measure))
        .with_state(state);
    // The reference reads the document the server already serves.
    let docs = utoipa_swagger_ui::SwaggerUi::new("/docs").config(utoipa_swagger_ui::Config::new(["/openapi.json"]));
    guarded
        .merge(docs)
        .fallback(|| async { Problem::new(axum::http::StatusCode::NOT_FOUND, "not_found", "no such route") })
}
