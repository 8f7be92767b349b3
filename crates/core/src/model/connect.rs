//! Connecting shops.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::*;

/// An OAuth app registered with a provider, as Settings shows it (the secret never leaves Rust).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ProviderApp {
    pub kind: ShopKind,
    pub client_id: String,
    pub has_secret: bool,
    /// A registered HTTPS redirect URI; when set, the person pastes the final URL into storedesk
    /// instead of the app listening on 127.0.0.1.
    pub redirect_uri: Option<String>,
}

/// What Settings saves for a provider's app. A null secret keeps the stored one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ProviderAppInput {
    pub kind: ShopKind,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub redirect_uri: Option<String>,
}

/// The Add shop form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct AddShopInput {
    pub kind: ShopKind,
    pub name: String,
    /// MercadoLibre site (country): MLA, MLB, MLM, MLC, MCO, MLU, MPE.
    pub site: String,
    pub api_base: Option<String>,
    pub auth_base: Option<String>,
}

/// A started connection: the page to authorize on, and whether the answer must be pasted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ConnectStart {
    pub attempt_id: i64,
    pub shop_id: ShopId,
    pub authorize_url: String,
    /// True: paste the browser's final URL (or code) with `finish_connect`. False: storedesk listens on
    /// 127.0.0.1 and sends a `connect-finished` event.
    pub paste: bool,
    /// Whether a browser could be opened; if not, show the URL to open by hand.
    pub browser_opened: bool,
}

/// The `connect-finished` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct ConnectOutcome {
    pub attempt_id: i64,
    pub shop_id: ShopId,
    pub shop: Option<Shop>,
    pub error: Option<crate::error::ApiError>,
}
