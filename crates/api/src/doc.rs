//! The parts of the OpenAPI document no handler states: title, the key scheme, and the error answers
//! every keyed route may give (problem details), added to each operation so clients and contract tests
//! know them.

use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, HttpMethod, OpenApi, Ref, Response, ResponseBuilder};
use utoipa::{OpenApi as _, PartialSchema as _};

use storedesk_core::model::{
    CatalogueFilter, FulfilmentStage, FulfilmentState, ListingState, OrderSort, OrderState, OutboxStatus, ProductSort,
    ShipmentSort, SortDir, SyncResource, SyncRunStatus,
};

use crate::access::{access_of, Access};
use crate::problem::{Problem, PROBLEM_JSON};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "storedesk local API",
        description = "Everything storedesk holds, for the ERP next to the shops: shops, products (edits go through \
the outbox to the shop, exactly once), orders with their warehouse fulfilment, shipments, offers with their \
history, the outbox, sync runs, API keys and webhooks. Authenticate with `Authorization: Bearer sd_…`. \
Writes accept an `Idempotency-Key` header (replayed for 24 hours). Errors are RFC 9457 problem details.",
    ),
    // The enums query parameters name (request and answer bodies bring their own schemas along).
    components(schemas(
        Problem, ProductSort, OrderSort, ShipmentSort, SortDir, ListingState, OrderState, FulfilmentStage,
        FulfilmentState, OutboxStatus, SyncRunStatus, SyncResource, CatalogueFilter,
    )),
    tags(
        (name = "operations"), (name = "shops"), (name = "catalogue"), (name = "products"), (name = "offers"), (name = "orders"),
        (name = "outbox"), (name = "sync"), (name = "keys"), (name = "webhooks"), (name = "settings"),
    )
)]
struct Base;

pub fn base() -> OpenApi {
    let mut api = Base::openapi();
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "api_key",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("sd_…").build()),
    );
    api.security = Some(vec![SecurityRequirement::new("api_key", Vec::<String>::new())]);
    api
}

fn problem(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(PROBLEM_JSON, Content::new(Some(Ref::from_schema_name("Problem"))))
        .build()
}

/// Adds the answers a route's access rule and shape make possible, and the `/docs` page.
pub fn finish(api: &mut OpenApi) {
    for (path, item) in api.paths.paths.iter_mut() {
        for (method, op) in operations(item) {
            let Some(access) = access_of(&method, path) else { continue };
            let responses = &mut op.responses.responses;
            let mut add = |status: &str, why: &str| {
                responses.entry(status.to_owned()).or_insert_with(|| problem(why).into());
            };
            add("400", "the request is malformed (a parameter of the wrong type, bad JSON)");
            if access != Access::Public {
                add(
                    "422",
                    "the values cannot be used (said which): a list position no longer valid, an amount \
                            with too many decimals, an Idempotency-Key reused for another request",
                );
            }
            if path.contains('{') || method != axum::http::Method::GET {
                add("404", "nothing with this id (in the path or the body)");
            }
            if access != Access::Public {
                add("401", "no valid API key");
                add("403", "the key's role may not do this");
                add("429", "this key's rate limit is spent; see Retry-After");
                add("500", "storedesk failed (a bug, or the database is gone)");
                add("503", "the database is not available (moved aside, from a newer storedesk)");
            }
            if method != axum::http::Method::GET {
                add("409", "the request conflicts with the current state (an Idempotency-Key still in use)");
                add("415", "the body is not JSON");
                add("413", "the body is over the size limit");
                add("502", "the shop or service refused or could not be reached");
            }
        }
    }
    let docs = Operation::builder()
        .summary(Some("The interactive reference (Swagger UI, served from the binary)"))
        .tag("operations")
        .security(SecurityRequirement::default())
        .response(
            "200",
            ResponseBuilder::new()
                .description("HTML")
                .content("text/html", Content::new(Some(String::schema())))
                .build(),
        )
        .build();
    api.paths.paths.insert("/docs".into(), PathItem::new(HttpMethod::Get, docs));
}

fn operations(item: &mut PathItem) -> Vec<(axum::http::Method, &mut Operation)> {
    use axum::http::Method;
    let mut out = Vec::new();
    for (method, op) in [
        (Method::GET, item.get.as_mut()),
        (Method::POST, item.post.as_mut()),
        (Method::PUT, item.put.as_mut()),
        (Method::PATCH, item.patch.as_mut()),
        (Method::DELETE, item.delete.as_mut()),
    ] {
        if let Some(op) = op {
            out.push((method, op));
        }
    }
    out
}
