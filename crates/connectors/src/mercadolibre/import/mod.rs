//! The importers: one per resource, each turning the adapter's answers into pages of domain records.
//! Their decisions (where a pass goes next) are pure functions with table tests beside them.

pub(super) mod orders;
pub(super) mod products;
pub(super) mod shipments;

use futures_util::future::try_join_all;
use storedesk_core::model::ProductRecord;
use storedesk_core::sync::{ChannelError, Next, Page, Quarantined, Records};

use super::channel::MeliChannel;
use super::map;
use crate::api::Tally;

/// `GET /items?ids=` takes at most 20 ids.
pub(super) const MULTIGET_MAX: usize = 20;

/// Items read by a multiget.
#[derive(Default)]
pub(super) struct Fetched {
    pub products: Vec<ProductRecord>,
    pub quarantined: Vec<Quarantined>,
}

/// A page of products.
pub(super) fn products_page(fetched: Fetched, next: Next, total: Option<u64>, tally: &Tally) -> Page {
    Page {
        records: Records::Products(fetched.products),
        also: vec![],
        quarantined: fetched.quarantined,
        next,
        total,
        present: vec![],
        tally: tally.snapshot(),
    }
}

impl MeliChannel {
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
}
