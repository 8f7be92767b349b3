//! Creating and cancelling warehouse orders, exactly once.
//!
//! ShipBob has no idempotency key; its `reference_id` is unique per account and storedesk derives it from
//! the store order. So a create is sent once per attempt and never repeated blindly: when its answer does
//! not come (a dropped connection, a 5xx after the order may exist) the order is looked up by reference;
//! a 422 that says the reference id exists (an earlier attempt did land) binds to the order found the
//! same way. Any other 422 is looked up once too, since ShipBob's 2026-07 wording of the duplicate is not
//! documented: an order found is bound, none found means the refusal was about the order itself.

use futures_util::future::join_all;
use serde_json::Value;
use storedesk_core::model::{FulfilmentJob, FulfilmentRequest, WarehouseRecord};
use storedesk_core::sync::{ChannelError, FulfilmentOutcome, FulfilmentReport};

use super::channel::ShipbobChannel;
use super::{map, wire};
use crate::api::{CallError, Tally};

/// What a failed call means for the job: the whole push stops (the token is gone), or this job waits.
fn retry_or_stop(e: CallError) -> Result<FulfilmentOutcome, ChannelError> {
    match ChannelError::from(e) {
        ChannelError::NeedsReconnect => Err(ChannelError::NeedsReconnect),
        ChannelError::Setup { code, message } => Err(ChannelError::Setup { code, message }),
        other => Ok(FulfilmentOutcome::Retry { reason: other.to_string() }),
    }
}

fn mapped(order: &wire::Order) -> Result<WarehouseRecord, ChannelError> {
    map::record(order).map_err(|why| ChannelError::BadAnswer(format!("warehouse order {}: {why}", order.id)))
}

impl ShipbobChannel {
    pub(super) async fn push_jobs(&self, jobs: &[FulfilmentJob]) -> Result<FulfilmentReport, ChannelError> {
        let tally = Tally::default();
        // In parallel: the rate budget paces them, and each job touches its own order only.
        let outcomes = join_all(jobs.iter().map(|job| async {
            let outcome = match job {
                FulfilmentJob::Create(request) => self.create(request, &tally).await,
                FulfilmentJob::Cancel { reference_id, warehouse_order_id, .. } => {
                    self.cancel(reference_id, warehouse_order_id.as_deref(), &tally).await
                }
            };
            outcome.map(|o| (job.clone(), o))
        }))
        .await;
        let outcomes = outcomes.into_iter().collect::<Result<Vec<_>, ChannelError>>()?;
        Ok(FulfilmentReport { outcomes, tally: tally.snapshot() })
    }

    /// The warehouse order made for a reference, if there is one.
    async fn find(&self, reference: &str, tally: &Tally) -> Result<Option<WarehouseRecord>, CallError> {
        let found = self.adapter.orders_by_reference(&[reference], tally).await?;
        match found.iter().find(|o| o.reference_id == reference) {
            Some(order) => Ok(Some(map::record(order).map_err(|why| CallError::Remote {
                status: 200,
                message: why,
                body: Value::Null,
            })?)),
            None => Ok(None),
        }
    }

    /// The order an earlier attempt may have made, bound if found; otherwise the create goes again later.
    async fn bind_existing(
        &self,
        reference: &str,
        why: &str,
        tally: &Tally,
    ) -> Result<FulfilmentOutcome, ChannelError> {
        match self.find(reference, tally).await {
            Ok(Some(record)) => Ok(FulfilmentOutcome::Created(record)),
            Ok(None) => {
                Ok(FulfilmentOutcome::Retry { reason: format!("{why}; the warehouse has no order for it yet") })
            }
            Err(e) => retry_or_stop(e),
        }
    }

    async fn create(&self, request: &FulfilmentRequest, tally: &Tally) -> Result<FulfilmentOutcome, ChannelError> {
        let body = match map::create_body(request) {
            Ok(body) => body,
            Err(reason) => return Ok(FulfilmentOutcome::Rejected { reason }),
        };
        let reference = request.reference_id.as_str();
        match self.adapter.create_order(&body, tally).await {
            Ok(answer) => match serde_json::from_value::<wire::Order>(answer) {
                Ok(order) => Ok(FulfilmentOutcome::Created(mapped(&order)?)),
                // Created, but the answer does not read: the list read tells what it is.
                Err(e) => self.bind_existing(reference, &format!("unreadable create answer: {e}"), tally).await,
            },
            Err(CallError::Unknown(why)) => self.bind_existing(reference, &why, tally).await,
            Err(CallError::Remote { status: 422, body, .. }) if map::is_duplicate_reference(&body) => {
                self.bind_existing(reference, "the reference id exists already", tally).await
            }
            Err(CallError::Remote { status: 422, body, .. }) => match self.find(reference, tally).await {
                Ok(Some(record)) => Ok(FulfilmentOutcome::Created(record)),
                Ok(None) => Ok(FulfilmentOutcome::Rejected { reason: map::validation_message(&body) }),
                Err(e) => retry_or_stop(e),
            },
            Err(CallError::Remote { status: 400, body, .. }) => {
                Ok(FulfilmentOutcome::Rejected { reason: map::validation_message(&body) })
            }
            Err(CallError::Remote { status: 403, .. }) => Ok(FulfilmentOutcome::Rejected {
                reason: format!("the token may not create orders through channel {}", self.channel_id),
            }),
            Err(e) => retry_or_stop(e),
        }
    }

    async fn cancel(
        &self,
        reference: &str,
        warehouse_order_id: Option<&str>,
        tally: &Tally,
    ) -> Result<FulfilmentOutcome, ChannelError> {
        let id = match warehouse_order_id {
            Some(id) => id.to_owned(),
            // The create's answer never came: find what it made, if anything.
            None => match self.find(reference, tally).await {
                Ok(Some(record)) => record.warehouse_order_id,
                Ok(None) => return Ok(FulfilmentOutcome::NeverArrived),
                Err(e) => return retry_or_stop(e),
            },
        };
        let answer = match self.adapter.cancel_order(&id, tally).await {
            Ok(answer) => answer,
            Err(CallError::Remote { status: 404, .. }) => return Ok(FulfilmentOutcome::NeverArrived),
            // Not in a cancellable state (shipped, say): ShipBob's words go to the person, not a retry.
            Err(CallError::Remote { status: 422, body, .. }) => {
                let reason = map::validation_message(&body);
                return Ok(FulfilmentOutcome::CancelRefused { reason, record: None });
            }
            Err(e) => return retry_or_stop(e),
        };
        let record = answer.order.as_ref().map(mapped).transpose()?;
        if answer.status == "Success" {
            return match record {
                Some(record) => Ok(FulfilmentOutcome::Cancelled(record)),
                None => match self.adapter.order(&id, tally).await {
                    Ok(order) => Ok(FulfilmentOutcome::Cancelled(mapped(&order)?)),
                    Err(e) => Ok(FulfilmentOutcome::Retry { reason: e.to_string() }),
                },
            };
        }
        let reasons: Vec<String> = answer
            .canceled_shipment_results
            .iter()
            .filter(|r| !r.is_success)
            .map(|r| r.reason.clone().unwrap_or_else(|| "not cancelled".into()))
            .collect();
        let reason =
            if reasons.is_empty() { format!("the warehouse answered {}", answer.status) } else { reasons.join("; ") };
        Ok(FulfilmentOutcome::CancelRefused { reason, record })
    }
}
