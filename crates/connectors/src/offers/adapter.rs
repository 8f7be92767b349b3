//! Every request storedesk makes to the offers service, through the one `Api` layer (the JWT in the
//! `Bearer` header, refreshed once on a 401, the rate budget, retries). URLs come from the pure builders
//! in `urls`: product ids go through the URL serializer.

use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use crate::api::{Api, CallError, Repeat, Tally};

pub mod urls {
    use url::Url;

    use crate::http::BaseUrl;

    pub fn auth(base: &BaseUrl) -> Url {
        base.join(&["api", "v1", "auth"], &[])
    }

    pub fn register(base: &BaseUrl) -> Url {
        base.join(&["api", "v1", "products", "register"], &[])
    }

    pub fn offers(base: &BaseUrl, product_id: &str) -> Url {
        base.join(&["api", "v1", "products", product_id, "offers"], &[])
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_product_id_is_one_path_segment() {
            let base = BaseUrl::parse("http://127.0.0.1:9/").unwrap();
            assert_eq!(offers(&base, "0f5d8c3e-2b1a").path(), "/api/v1/products/0f5d8c3e-2b1a/offers");
            assert_eq!(offers(&base, "a/../b").path(), "/api/v1/products/a%2F..%2Fb/offers");
            assert_eq!(auth(&base).path(), "/api/v1/auth");
            assert_eq!(register(&base).path(), "/api/v1/products/register");
        }
    }
}

/// One offer as the service sends it.
#[derive(Debug, Clone, Deserialize)]
pub struct WireOffer {
    pub id: String,
    pub price: i64,
    pub items_in_stock: i64,
}

/// What a register call ended with.
#[derive(Debug, PartialEq, Eq)]
pub enum Registered {
    Now,
    Already,
}

#[derive(Clone)]
pub struct OffersAdapter {
    api: Api,
}

impl OffersAdapter {
    pub fn new(api: Api) -> Self {
        OffersAdapter { api }
    }

    /// Registers a product (201), or finds it registered already (409): safe to send again.
    pub async fn register(
        &self,
        id: &str,
        name: &str,
        description: &str,
        tally: &Tally,
    ) -> Result<Registered, CallError> {
        let body = json!({ "id": id, "name": name, "description": description });
        match self.api.write(Method::POST, urls::register(self.api.base()), &body, Repeat::Safe, tally).await {
            Ok(_) => Ok(Registered::Now),
            Err(CallError::Remote { status: 409, .. }) => Ok(Registered::Already),
            Err(e) => Err(e),
        }
    }

    /// A product's offers; None when the service does not have it (404: register it again).
    pub async fn offers(&self, id: &str, tally: &Tally) -> Result<Option<Vec<WireOffer>>, CallError> {
        match self.api.get(urls::offers(self.api.base(), id), tally).await {
            Ok(body) => serde_json::from_value(body.clone()).map(Some).map_err(|e| CallError::Remote {
                status: 200,
                message: format!("unexpected offers answer: {e}"),
                body,
            }),
            Err(CallError::Remote { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
