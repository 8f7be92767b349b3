//! What a connector declares it is and can do (its descriptor), as every front end reads it: the UI, the
//! CLI and the App branch on these, never on a shop's kind (as GitButler's `ForgeCapabilities`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{EditField, ShopKind, SyncResource};

/// A role an external system plays for the business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChannelRole {
    /// Sells the business's items: listings and orders.
    SalesChannel,
    /// Ships the business's orders.
    Warehouse,
    /// Prices the business's products against other sellers'.
    OffersSource,
}

/// How a shop of this kind is connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AuthMethod {
    /// OAuth 2.0 authorization code with PKCE, in the system browser.
    Oauth2Pkce,
    /// OAuth 2.0 whose callback the provider signs (an HMAC over the query).
    Oauth2SignedCallback,
    /// Keys pasted from the provider's admin.
    PastedKeys,
    /// One access token pasted from the provider's admin.
    Token,
}

/// How the provider limits requests.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum RateModel {
    /// No budget is told: storedesk learns the pace from the provider's 429s, starting here.
    Learned { start_per_minute: u32 },
    /// The provider tells the budget left on every answer; this is its documented allowance.
    Reported { per_minute: u32 },
}

/// A connector's descriptor: one constant per connector, read instead of its kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Capabilities {
    pub roles: Vec<ChannelRole>,
    pub auth: AuthMethod,
    /// What the scheduler pulls on its interval.
    pub pulls: Vec<SyncResource>,
    /// What "sync now" runs, in order.
    pub on_demand: Vec<SyncResource>,
    /// The listing fields storedesk can edit (empty: not a sales channel).
    pub edits: Vec<EditField>,
    /// Stock is kept per location (a figure per location, not one per listing).
    pub locations: bool,
    pub rate: RateModel,
    /// The sites (countries) a shop of this kind is on, one named when the shop is added (empty: none).
    pub sites: Vec<String>,
}

/// A kind of shop and what its connector declares (None: storedesk has no connector for it yet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, utoipa::ToSchema)]
#[ts(export)]
pub struct KindCapabilities {
    pub kind: ShopKind,
    pub capabilities: Option<Capabilities>,
}
