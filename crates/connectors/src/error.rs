//! Errors of connecting a shop and of talking to it.

use storedesk_core::auth::AuthError;
use storedesk_core::sync::ChannelError;
use storedesk_core::vault::VaultError;
use storedesk_core::{ApiError, ErrorCode, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("this shop has no app credentials (client id and secret); enter them in Settings")]
    MissingApp,
    #[error("the shop's {0} address is not a valid URL")]
    BadEndpoint(&'static str),
    #[error("the answer does not belong to this connection attempt (state mismatch); start again")]
    StateMismatch,
    #[error("the pasted text has no authorization code")]
    NoCode,
    #[error("access was not granted: {0}")]
    Denied(String),
    #[error("no answer from the browser within {0} minutes; start again")]
    Timeout(u64),
    #[error("the provider refused the authorization code: {0}")]
    Exchange(String),
    /// A pasted token (a warehouse's personal access token) was refused or cannot do what is needed.
    #[error("{0}")]
    TokenRefused(String),
    #[error("the provider's token cannot be used: {0}")]
    TokenLifetime(storedesk_core::auth::LifetimeError),
    #[error("the provider answered HTTP {status}: {message}")]
    Api { status: u16, message: String },
    /// The provider no longer serves the API version this storedesk speaks.
    #[error("{0}")]
    ApiRetired(String),
    #[error("cannot reach the provider: {0}")]
    Network(String),
    #[error("the provider's answer could not be read: {0}")]
    Decode(String),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error("the local listener for the browser's answer failed: {0}")]
    Listener(String),
    #[error("this shop is not connected; connect it first")]
    NotConnected,
    /// Talking to the shop failed (reading who the account is, say).
    #[error(transparent)]
    Channel(ChannelError),
}

impl ConnectError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ConnectError::MissingApp => ErrorCode::MissingApp,
            ConnectError::BadEndpoint(_) => ErrorCode::BadEndpoint,
            ConnectError::StateMismatch => ErrorCode::StateMismatch,
            ConnectError::NoCode => ErrorCode::NoCode,
            ConnectError::Denied(_) => ErrorCode::AccessDenied,
            ConnectError::Timeout(_) => ErrorCode::Timeout,
            ConnectError::Exchange(_) | ConnectError::TokenRefused(_) => ErrorCode::InvalidGrant,
            ConnectError::TokenLifetime(_) => ErrorCode::TokenLifetime,
            ConnectError::Api { .. } => ErrorCode::ProviderError,
            ConnectError::ApiRetired(_) => ErrorCode::ApiRetired,
            ConnectError::Network(_) => ErrorCode::Offline,
            ConnectError::Decode(_) => ErrorCode::BadAnswer,
            ConnectError::Auth(e) => e.code(),
            ConnectError::Store(e) => e.code(),
            ConnectError::Vault(_) => ErrorCode::Vault,
            ConnectError::Listener(_) => ErrorCode::Listener,
            ConnectError::NotConnected => ErrorCode::NotConnected,
            ConnectError::Channel(e) => e.code(),
        }
    }
}

impl From<reqwest::Error> for ConnectError {
    fn from(e: reqwest::Error) -> Self {
        if e.is_decode() {
            ConnectError::Decode(e.to_string())
        } else {
            ConnectError::Network(e.to_string())
        }
    }
}

impl From<ChannelError> for ConnectError {
    fn from(e: ChannelError) -> Self {
        match e {
            ChannelError::NeedsReconnect => ConnectError::Auth(AuthError::NeedsReconnect),
            ChannelError::Store(e) => ConnectError::Store(e),
            other => ConnectError::Channel(other),
        }
    }
}

impl From<ConnectError> for ApiError {
    fn from(e: ConnectError) -> Self {
        match e {
            ConnectError::Store(e) => e.into(),
            ConnectError::Channel(e) => e.into(),
            other => ApiError::new(other.code(), other.to_string()),
        }
    }
}

/// A connect error where a channel error is expected (building a shop's channel).
impl From<ConnectError> for ChannelError {
    fn from(e: ConnectError) -> Self {
        match e {
            ConnectError::Auth(AuthError::NeedsReconnect) => ChannelError::NeedsReconnect,
            ConnectError::Store(e) => ChannelError::Store(e),
            ConnectError::Channel(e) => e,
            other => ChannelError::setup(other.code(), other.to_string()),
        }
    }
}
