//! MercadoLibre's JSON, exactly as the API sends it.

use serde::Deserialize;

/// `GET /users/me`.
#[derive(Debug, Clone, Deserialize)]
pub struct UserMe {
    pub id: u64,
    pub nickname: String,
    #[serde(default)]
    pub site_id: Option<String>,
}

/// The error body of the API (`{message, error, status, cause}`); every field optional, since real
/// answers vary.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ApiErrorBody {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
}
