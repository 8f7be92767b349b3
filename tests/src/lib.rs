//! This crate holds only end-to-end tests: see tests/e2e/.
