//! MercadoLibre: endpoints per site, the authenticated client, and the wire shapes.

mod adapter;
mod channel;
mod export;
mod import;
mod map;
pub mod wire;

use crate::http::BaseUrl;
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
    }
}

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
