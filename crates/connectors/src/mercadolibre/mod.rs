//! MercadoLibre: endpoints per site, the authenticated client, and the wire shapes.

mod adapter;
mod channel;
mod export;
mod import;
mod map;
pub mod wire;

use storedesk_core::store::ShopEndpoints;

use crate::error::ConnectError;
use crate::http::BaseUrl;
use crate::oauth::{Account, OAuthEndpoints};
use storedesk_core::model::{AuthMethod, Capabilities, ChannelRole, EditField, RateModel, SyncResource};

pub use adapter::{urls, MeliAdapter};
pub use channel::MeliChannel;

/// What a MercadoLibre shop is and can do.
pub fn descriptor() -> Capabilities {
    Capabilities {
        roles: vec![ChannelRole::SalesChannel],
        auth: AuthMethod::Oauth2Pkce,
        pulls: SyncResource::PULLS.to_vec(),
        // Orders before shipments: new orders make their shipments due.
        on_demand: vec![SyncResource::Products, SyncResource::Orders, SyncResource::Shipments],
        edits: vec![EditField::Price, EditField::Stock, EditField::Status],
        locations: false,
        // No budget headers; `local_rate_limited` answers teach the pace.
        rate: RateModel::Learned { start_per_minute: crate::budget::START_PER_MINUTE },
        sites: SITES.iter().map(|s| (*s).to_owned()).collect(),
    }
}

/// The sites (countries) storedesk knows MercadoLibre's sign-in page of; Argentina's is the default.
pub const SITES: &[&str] = &["MLA", "MLB", "MLM", "MLC", "MCO", "MLU", "MPE"];

/// Headers every MercadoLibre API request carries (`x-format-new` asks for the current shipment shape).
pub const HEADERS: &[(&str, &str)] = &[("x-format-new", "true")];

/// The API host (token endpoint included) unless a shop overrides it.
pub const DEFAULT_API_BASE: &str = "https://api.mercadolibre.com";

/// The authorization host of a site (country): the page a seller signs in on.
pub fn default_auth_base(site: &str) -> &'static str {
    match site {
        "MLB" => "https://auth.mercadolivre.com.br",
        "MLM" => "https://auth.mercadolibre.com.mx",
        "MLC" => "https://auth.mercadolibre.cl",
        "MCO" => "https://auth.mercadolibre.com.co",
        "MLU" => "https://auth.mercadolibre.com.uy",
        "MPE" => "https://auth.mercadolibre.com.pe",
        _ => "https://auth.mercadolibre.com.ar",
    }
}

/// The authorization page under an auth base.
pub fn authorize_url(auth_base: &BaseUrl) -> String {
    auth_base.join(&["authorization"], &[]).into()
}

/// The token endpoint under an API base.
pub fn token_url(api_base: &BaseUrl) -> String {
    api_base.join(&["oauth", "token"], &[]).into()
}

/// A MercadoLibre shop's OAuth pages: its site's sign-in host (or the one the shop names) and the API
/// host's token endpoint.
pub fn oauth_endpoints(stored: &ShopEndpoints) -> Result<OAuthEndpoints, ConnectError> {
    let api_base = stored.api_base.as_deref().unwrap_or(DEFAULT_API_BASE);
    let api_base = BaseUrl::parse(api_base).map_err(|_| ConnectError::BadEndpoint("API"))?;
    let auth_base = match stored.auth_base.as_deref() {
        Some(base) => base,
        None => default_auth_base(stored.site.as_deref().unwrap_or("MLA")),
    };
    let auth_base = BaseUrl::parse(auth_base).map_err(|_| ConnectError::BadEndpoint("authorization"))?;
    Ok(OAuthEndpoints { authorize_url: authorize_url(&auth_base), token_url: token_url(&api_base), api_base })
}

/// Who the seller is (`/users/me`).
pub async fn account(api: &MeliAdapter) -> Result<Account, ConnectError> {
    let me = api.me(&crate::api::Tally::default()).await.map_err(ConnectError::Channel)?;
    Ok(Account { id: me.id.to_string(), nickname: me.nickname })
}
