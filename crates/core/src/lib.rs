//! storedesk-core: the domain types and the local SQLite store of storedesk.
//!
//! No Tauri, no HTTP: the desktop shell, the CLI and the connectors build on this crate, and its tests
//! run without compiling a webview.

pub mod auth;
pub mod backoff;
pub mod backup;
pub mod digest;
pub mod edits;
pub mod error;
pub mod fixtures;
pub mod fulfilment;
pub mod instance;
pub mod model;
pub mod money;
pub mod paths;
pub mod reprice;
pub mod store;
pub mod sync;
pub mod time;

pub use error::{ApiError, DbErrorKind, ErrorCode, OpenError, StartupState, StoreError};
pub use money::Money;
pub use store::Store;
pub mod vault;
