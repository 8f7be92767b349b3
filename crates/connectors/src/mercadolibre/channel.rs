//! MercadoLibre as a `Channel`: products (scan + multiget, then newest-first increments), orders (by
//! date_last_updated windows), shipments (one GET each), and the reconciliation pass.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use async_trait::async_trait;
use futures_util::future::try_join_all;
use storedesk_core::model::{ProductRecord, SyncResource};
use storedesk_core::sync::{Channel, ChannelError, LocalView, Next, Page, Quarantined, Records};

use super::adapter::MeliAdapter;
use super::map;
use crate::api::Tally;

/// `GET /items?ids=` takes at most 20 ids.
pub(super) const MULTIGET_MAX: usize = 20;

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

    /// Fetches items by id, 20 per request, the requests in parallel (the budget paces them). Items
    /// the API no longer has are left out; items that do not read are quarantined.
    pub(super) async fn multiget(&self, ids: &[String], tally: &Tally) -> Result<Fetched, ChannelError> {
        let calls = ids.chunks(MULTIGET_MAX).map(|chunk| async move {
            let entries = self.adapter.items(chunk, tally).await?;
            Ok::<_, ChannelError>((chunk, entries))
        });
        let mut fetched = Fetched::default();
        for (chunk, entries) in try_join_all(calls).await? {
            for (n, entry) in entries.into_iter().enumerate() {
                let asked = chunk.get(n).map(String::as_str).unwrap_or_default();
                match entry.code {
                    200 => match map::product(&entry.body) {
                        Ok(p) => fetched.products.push(p),
                        Err(why) => fetched.quarantined.push(map::quarantined(&entry.body, asked, why)),
                    },
                    // Deleted between the listing and now: the reconciliation marks it.
                    404 => {}
                    code if code >= 500 || code == 429 => {
                        return Err(ChannelError::Exhausted(format!("item {asked}: HTTP {code} inside a multiget")))
                    }
                    code => fetched.quarantined.push(Quarantined {
                        remote_id: asked.to_owned(),
                        error: format!("HTTP {code}"),
                        payload: entry.body.to_string(),
                    }),
                }
            }
        }
        Ok(fetched)
    }

    async fn shipments(&self, ids: &[String], tally: &Tally) -> Result<Page, ChannelError> {
        let calls = ids.iter().map(|id| async move {
            match self.adapter.shipment(id, tally).await {
                Ok(v) => Ok((id, Ok(v))),
                // Gone or not ours: record it, so the order stops asking and a person can see it.
                Err(e @ ChannelError::Remote { status: 403 | 404, .. }) => Ok((id, Err(e.to_string()))),
                Err(e) => Err(e),
            }
        });
        let mut records = Vec::new();
        let mut quarantined = Vec::new();
        for (id, answer) in try_join_all(calls).await? {
            match answer {
                Ok(raw) => match map::shipment(&raw) {
                    Ok(s) => records.push(s),
                    Err(why) => quarantined.push(map::quarantined(&raw, id, why)),
                },
                Err(why) => quarantined.push(Quarantined { remote_id: id.clone(), error: why, payload: "null".into() }),
            }
        }
        Ok(Page {
            records: Records::Shipments(records),
            quarantined,
            next: Next::Done(String::new()),
            total: None,
            present: vec![],
            tally: tally.snapshot(),
        })
    }

    async fn orders_by_id(&self, ids: &[String], tally: &Tally) -> Result<Page, ChannelError> {
        let mut records = Vec::new();
        let mut quarantined = Vec::new();
        for id in ids {
            let raw = self.adapter.order(id, tally).await?;
            match map::order(&raw) {
                Ok(o) => records.push(o),
                Err(why) => quarantined.push(map::quarantined(&raw, id, why)),
            }
        }
        Ok(Page {
            records: Records::Orders(records),
            quarantined,
            next: Next::Done(String::new()),
            total: None,
            present: vec![],
            tally: tally.snapshot(),
        })
    }
}

/// Items read by a multiget.
#[derive(Default)]
pub(super) struct Fetched {
    pub products: Vec<ProductRecord>,
    pub quarantined: Vec<Quarantined>,
}

#[async_trait]
impl Channel for MeliChannel {
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
            SyncResource::Shipments => Err(ChannelError::Setup("shipments are fetched by id, not pulled".into())),
        }
    }

    async fn fetch(&self, resource: SyncResource, remote_ids: &[String]) -> Result<Page, ChannelError> {
        let tally = Tally::default();
        match resource {
            SyncResource::Shipments => self.shipments(remote_ids, &tally).await,
            SyncResource::Orders => self.orders_by_id(remote_ids, &tally).await,
            SyncResource::Products | SyncResource::Reconcile => {
                let fetched = self.multiget(remote_ids, &tally).await?;
                Ok(Page {
                    records: Records::Products(fetched.products),
                    quarantined: fetched.quarantined,
                    next: Next::Done(String::new()),
                    total: None,
                    present: vec![],
                    tally: tally.snapshot(),
                })
            }
        }
    }
}
