//! storedesk-connectors: one module per external system, and the shared HTTP layer.
//!
//! Every request to a shop holds a lease on the access token it sends (storedesk-core's token
//! manager); OAuth2 (authorization code with PKCE, refresh) goes through the `oauth2` crate.

pub mod api;
pub mod budget;
pub mod connect;
pub mod error;
pub mod http;
pub mod loopback;
pub mod mercadolibre;
pub mod numbers;
pub mod oauth;
pub mod offers;
pub mod registry;
pub mod shipbob;
pub mod window;

pub use connect::{Attempt, Connector, RedirectMode};
pub use error::ConnectError;
pub use registry::Shops;
