//! MercadoLibre as a sales channel (`Pull` + `SalesChannel`): products (scan + multiget, then newest-first increments), orders (by
//! date_last_updated windows), shipments (one GET each), and the reconciliation pass. Each resource has
//! its importer in `import/`; this file only holds the channel's state and dispatches.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use async_trait::async_trait;
use storedesk_core::model::{OutboxRow, SyncResource};
use storedesk_core::sync::{ChannelError, LocalView, Next, Page, Pull, PushReport, SalesChannel};
use storedesk_core::ErrorCode;

use super::adapter::MeliAdapter;
use super::import::{products_page, Fetched};
use crate::api::Tally;

/// The MercadoLibre channel of one shop.
pub struct MeliChannel {
    pub(super) adapter: MeliAdapter,
    pub(super) seller_id: String,
    /// Scans this process is walking: scroll id -> ids handed out so far. A stored cursor whose scroll
    /// is not here (another process, or the server moved past an unstored page) starts the scan again.
    pub(super) scrolls: Mutex<HashMap<String, u64>>,
    /// Items fetched in the current incremental pass (keyed by the pass's start), so a fallback listing
    /// does not fetch them twice.
    pub(super) pass_fetched: Mutex<(i64, HashSet<String>)>,
}

impl MeliChannel {
    pub fn new(adapter: MeliAdapter, seller_id: String) -> Self {
        MeliChannel { adapter, seller_id, scrolls: Mutex::default(), pass_fetched: Mutex::default() }
    }
}

#[async_trait]
impl SalesChannel for MeliChannel {
    async fn push(&self, edits: &[OutboxRow]) -> Result<PushReport, ChannelError> {
        self.push_edits(edits).await
    }
}

#[async_trait]
impl Pull for MeliChannel {
    async fn pull(
        &self,
        resource: SyncResource,
        cursor: Option<&str>,
        local: &dyn LocalView,
    ) -> Result<Page, ChannelError> {
        let tally = Tally::default();
        match resource {
            SyncResource::Products => self.pull_products(cursor, local, &tally).await,
            SyncResource::Orders => self.pull_orders(cursor, &tally).await,
            SyncResource::Reconcile => self.reconcile(cursor, local, &tally).await,
            SyncResource::Shipments | SyncResource::Push | SyncResource::Offers => {
                Err(ChannelError::setup(ErrorCode::Internal, "shipments, edits and offers are not pulled from a store"))
            }
        }
    }

    async fn fetch(&self, resource: SyncResource, remote_ids: &[String]) -> Result<Page, ChannelError> {
        let tally = Tally::default();
        match resource {
            SyncResource::Shipments => self.shipments(remote_ids, &tally).await,
            SyncResource::Orders => self.orders_by_id(remote_ids, &tally).await,
            SyncResource::Products | SyncResource::Reconcile | SyncResource::Push | SyncResource::Offers => {
                let fetched: Fetched = self.multiget(remote_ids, &tally).await?;
                Ok(products_page(fetched, Next::Done(String::new()), None, &tally))
            }
        }
    }
}
