//! The offers service as an `OffersSource`: refreshes tracked products (registering those it does not have yet,
//! and again those it forgot), all in parallel under the rate budget.

use async_trait::async_trait;
use futures_util::future::join_all;
use storedesk_core::model::{ObservedOffer, OfferRefresh, RefreshOutcome};
use storedesk_core::sync::{ChannelError, OffersReport, OffersSource};

use super::adapter::OffersAdapter;
use crate::api::{CallError, Tally};

pub struct OffersChannel {
    adapter: OffersAdapter,
}

impl OffersChannel {
    pub fn new(adapter: OffersAdapter) -> Self {
        OffersChannel { adapter }
    }

    /// One product: register when needed, read; a 404 registers again and reads once more.
    async fn refresh_one(&self, t: &OfferRefresh, tally: &Tally) -> Result<RefreshOutcome, CallError> {
        if !t.registered {
            self.adapter.register(&t.remote_id, &t.name, &t.description, tally).await?;
        }
        let offers = match self.adapter.offers(&t.remote_id, tally).await? {
            Some(offers) => offers,
            None => {
                // The service forgot it (or never had it): register again, then read in the same refresh.
                let again = self.adapter.register(&t.remote_id, &t.name, &t.description, tally).await?;
                tracing::info!(product = t.product_id, registered = ?again, "registered a forgotten product again");
                match self.adapter.offers(&t.remote_id, tally).await? {
                    Some(offers) => offers,
                    None => {
                        return Ok(RefreshOutcome::Failed {
                            reason: "the offers service does not keep this product".into(),
                        })
                    }
                }
            }
        };
        let offers = offers
            .into_iter()
            .map(|o| ObservedOffer { remote_id: o.id, price: o.price, items_in_stock: o.items_in_stock })
            .collect();
        Ok(RefreshOutcome::Observed { offers, registered: true })
    }
}

#[async_trait]
impl OffersSource for OffersChannel {
    async fn refresh_offers(&self, due: &[OfferRefresh]) -> Result<OffersReport, ChannelError> {
        let tally = Tally::default();
        let answers = join_all(due.iter().map(|t| async { (t.product_id, self.refresh_one(t, &tally).await) })).await;
        let mut outcomes = Vec::with_capacity(answers.len());
        for (product_id, answer) in answers {
            match answer {
                Ok(outcome) => outcomes.push((product_id, outcome)),
                Err(e) => match ChannelError::from(e) {
                    // The refresh token is gone, or the service cannot be reached: the pass stops, all stay due.
                    e @ (ChannelError::NeedsReconnect | ChannelError::Offline(_) | ChannelError::Setup { .. }) => {
                        return Err(e)
                    }
                    other => outcomes.push((product_id, RefreshOutcome::Failed { reason: other.to_string() })),
                },
            }
        }
        Ok(OffersReport { outcomes, tally: tally.snapshot() })
    }
}
