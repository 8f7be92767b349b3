//! Keys, webhooks and settings: what an admin key manages (staff may see which keys exist).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use storedesk_core::model::{ApiKey, ApiRole, CreatedApiKey, CreatedWebhook, SyncSettings, Webhook, WebhookDelivery};
use utoipa::{IntoParams, ToSchema};

use crate::problem::{Answer, Json, Path, Problem, Query};
use crate::ApiState;

type St = State<Arc<ApiState>>;

/// Keys, live ones first, with their last use (never their secrets).
#[utoipa::path(get, path = "/api/v1/keys", tag = "keys", responses((status = 200, body = Vec<ApiKey>)))]
pub async fn list_keys(State(s): St) -> Answer<Vec<ApiKey>> {
    Ok(Json(s.app.list_api_keys().await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKey {
    pub name: String,
    pub role: ApiRole,
}

/// A new key; its secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/keys", tag = "keys", request_body = NewKey,
    responses((status = 201, body = CreatedApiKey)))]
pub async fn create_key(State(s): St, Json(k): Json<NewKey>) -> Result<(StatusCode, Json<CreatedApiKey>), Problem> {
    Ok((StatusCode::CREATED, Json(s.app.create_api_key(&k.name, k.role).await?)))
}

/// Revokes a key at once.
#[utoipa::path(delete, path = "/api/v1/keys/{id}", tag = "keys", params(("id" = i64, Path)),
    responses((status = 200, body = ApiKey)))]
pub async fn revoke_key(State(s): St, Path(id): Path<i64>) -> Answer<ApiKey> {
    Ok(Json(s.app.revoke_api_key(id).await?))
}

#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks", responses((status = 200, body = Vec<Webhook>)))]
pub async fn list_webhooks(State(s): St) -> Answer<Vec<Webhook>> {
    Ok(Json(s.app.list_webhooks().await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// Where deliveries are POSTed.
    pub url: String,
    /// Any of order.created, order.changed, fulfilment.changed, product.changed, product.low_stock,
    /// edit.rejected, sync.failed.
    pub events: Vec<String>,
}

/// A new subscription; its signing secret (`whsec_…`) is in this answer only.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", request_body = NewWebhook,
    responses((status = 201, body = CreatedWebhook)))]
pub async fn add_webhook(
    State(s): St,
    Json(w): Json<NewWebhook>,
) -> Result<(StatusCode, Json<CreatedWebhook>), Problem> {
    Ok((StatusCode::CREATED, Json(s.app.add_webhook(&w.url, &w.events).await?)))
}

/// Removes a subscription and its deliveries.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path)),
    responses((status = 204, description = "removed")))]
pub async fn remove_webhook(State(s): St, Path(id): Path<i64>) -> Result<StatusCode, Problem> {
    s.app.remove_webhook(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryParams {
    /// 1 to 1000 (default 100).
    pub limit: Option<i64>,
}

/// A subscription's deliveries, newest first, with attempts and the receiver's last answer.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks",
    params(("id" = i64, Path), DeliveryParams), responses((status = 200, body = Vec<WebhookDelivery>)))]
pub async fn list_deliveries(
    State(s): St,
    Path(id): Path<i64>,
    Query(p): Query<DeliveryParams>,
) -> Answer<Vec<WebhookDelivery>> {
    s.app
        .list_webhooks()
        .await?
        .iter()
        .find(|w| w.id == id)
        .ok_or_else(|| Problem::new(StatusCode::NOT_FOUND, "not_found", format!("webhook {id} not found")))?;
    let limit = p.limit.unwrap_or(100);
    if !(1..=1_000).contains(&limit) {
        return Err(Problem::new(StatusCode::BAD_REQUEST, "invalid_input", "limit must be between 1 and 1000"));
    }
    Ok(Json(s.app.webhook_deliveries(Some(id), limit).await?))
}

/// Sends a delivery again.
#[utoipa::path(post, path = "/api/v1/webhook-deliveries/{id}/redeliver", tag = "webhooks",
    params(("id" = i64, Path)), responses((status = 200, body = WebhookDelivery)))]
pub async fn redeliver(State(s): St, Path(id): Path<i64>) -> Answer<WebhookDelivery> {
    Ok(Json(s.app.redeliver(id).await?))
}

/// Sync intervals and notification choices.
#[utoipa::path(get, path = "/api/v1/settings/sync", tag = "settings", responses((status = 200, body = SyncSettings)))]
pub async fn get_sync_settings(State(s): St) -> Answer<SyncSettings> {
    Ok(Json(s.app.sync_settings().await?))
}

#[utoipa::path(put, path = "/api/v1/settings/sync", tag = "settings", request_body = SyncSettings,
    responses((status = 200, body = SyncSettings)))]
pub async fn put_sync_settings(State(s): St, Json(settings): Json<SyncSettings>) -> Answer<SyncSettings> {
    Ok(Json(s.app.set_sync_settings(settings).await?))
}
