//! Errors of connecting a shop and of talking to it.

use storedesk_core::auth::AuthError;
use storedesk_core::sync::ChannelError;
use storedesk_core::vault::VaultError;
use storedesk_core::{ApiError, StoreError};

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
    #[error("the provider's token cannot be used: {0}")]
    TokenLifetime(storedesk_core::auth::LifetimeError),
    #[error("the provider answered HTTP {status}: {message}")]
    Api { status: u16, message: String },
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
}

impl ConnectError {
    pub fn code(&self) -> &'static str {
        match self {
            ConnectError::MissingApp => "missing_app",
            ConnectError::BadEndpoint(_) => "bad_endpoint",
            ConnectError::StateMismatch => "state_mismatch",
            ConnectError::NoCode => "no_code",
            ConnectError::Denied(_) => "access_denied",
            ConnectError::Timeout(_) => "timeout",
            ConnectError::Exchange(_) => "invalid_grant",
            ConnectError::TokenLifetime(_) => "token_lifetime",
            ConnectError::Api { .. } => "api_error",
            ConnectError::Network(_) => "offline",
            ConnectError::Decode(_) => "bad_answer",
            ConnectError::Auth(AuthError::NeedsReconnect) => "needs_reconnect",
            ConnectError::Auth(_) => "auth",
            ConnectError::Store(e) => e.code(),
            ConnectError::Vault(_) => "vault",
            ConnectError::Listener(_) => "listener",
            ConnectError::NotConnected => "not_connected",
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
            ChannelError::Offline(why) => ConnectError::Network(why),
            ChannelError::NeedsReconnect => ConnectError::Auth(AuthError::NeedsReconnect),
            ChannelError::Remote { status, message } => ConnectError::Api { status, message },
            ChannelError::Exhausted(why) => ConnectError::Network(why),
            ChannelError::Setup(why) => ConnectError::Decode(why),
            ChannelError::Store(e) => ConnectError::Store(e),
        }
    }
}

impl From<ConnectError> for ApiError {
    fn from(e: ConnectError) -> Self {
        ApiError { code: e.code().to_owned(), message: e.to_string() }
    }
}
