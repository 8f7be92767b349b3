//! Shipments (and orders, on Retry) fetched by id: one GET each, in parallel, paced by the budget.

use futures_util::future::try_join_all;
use storedesk_core::model::OrderRecord;
use storedesk_core::sync::{ChannelError, Next, Page, Quarantined, Records};

use crate::api::Tally;
use crate::mercadolibre::channel::MeliChannel;
use crate::mercadolibre::map;

impl MeliChannel {
    pub(in crate::mercadolibre) async fn shipments(&self, ids: &[String], tally: &Tally) -> Result<Page, ChannelError> {
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
        Ok(by_id(Records::Shipments(records), quarantined, tally))
    }

    pub(in crate::mercadolibre) async fn orders_by_id(
        &self,
        ids: &[String],
        tally: &Tally,
    ) -> Result<Page, ChannelError> {
        let mut records: Vec<OrderRecord> = Vec::new();
        let mut quarantined = Vec::new();
        for id in ids {
            let raw = self.adapter.order(id, tally).await?;
            match map::order(&raw) {
                Ok(o) => records.push(o),
                Err(why) => quarantined.push(map::quarantined(&raw, id, why)),
            }
        }
        Ok(by_id(Records::Orders(records), quarantined, tally))
    }
}

fn by_id(records: Records, quarantined: Vec<Quarantined>, tally: &Tally) -> Page {
    Page {
        also: vec![],
        records,
        quarantined,
        next: Next::Done(String::new()),
        total: None,
        present: vec![],
        tally: tally.snapshot(),
    }
}
