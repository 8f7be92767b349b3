//! ShipBob as a `Warehouse`: its orders are pulled (`import`), its creates and cancels pushed (`export`).
//! A warehouse has no products, listings or shipments of its own to pull.

use async_trait::async_trait;
use storedesk_core::model::{FulfilmentJob, SyncResource};
use storedesk_core::sync::{ChannelError, FulfilmentReport, LocalView, Page, Pull, Warehouse};
use storedesk_core::ErrorCode;

use super::adapter::ShipbobAdapter;
use crate::api::Tally;

/// The ShipBob channel of one warehouse shop.
pub struct ShipbobChannel {
    pub(super) adapter: ShipbobAdapter,
    pub(super) channel_id: String,
    /// Where a warehouse never read starts: no order storedesk made can be older than the shop.
    pub(super) floor: i64,
}

impl ShipbobChannel {
    pub fn new(adapter: ShipbobAdapter, channel_id: String, floor: i64) -> Self {
        ShipbobChannel { adapter, channel_id, floor }
    }
}

fn not_pulled(resource: SyncResource) -> ChannelError {
    ChannelError::setup(ErrorCode::Unsupported, format!("a warehouse has no {} to sync", resource.as_str()))
}

#[async_trait]
impl Warehouse for ShipbobChannel {
    async fn push_fulfilments(&self, jobs: &[FulfilmentJob]) -> Result<FulfilmentReport, ChannelError> {
        self.push_jobs(jobs).await
    }
}

#[async_trait]
impl Pull for ShipbobChannel {
    async fn pull(
        &self,
        resource: SyncResource,
        cursor: Option<&str>,
        _: &dyn LocalView,
    ) -> Result<Page, ChannelError> {
        match resource {
            SyncResource::Orders => self.pull_orders(cursor, &Tally::default()).await,
            other => Err(not_pulled(other)),
        }
    }

    async fn fetch(&self, resource: SyncResource, _: &[String]) -> Result<Page, ChannelError> {
        Err(not_pulled(resource))
    }
}
