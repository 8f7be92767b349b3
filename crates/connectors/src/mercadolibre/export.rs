//! Export: the outbox's edits to MercadoLibre. Every edit of one listing goes out in one
//! `PUT /items/{id}`; a request that names variations names every variation of the item by id (the real
//! API deletes the ones left out), changing only the fields that were edited.
//!
//! Before sending, the listings are read (multiget, 20 a request) and each edited field is compared with
//! the value its edit started from: the API has no compare-and-swap, so this is ours. The same read settles
//! edits a crash left `sending`: a field that already has the edit's value was applied, one that still has
//! the base is sent again (a PUT of absolute values is idempotent), any other value is a conflict.

use std::collections::HashMap;

use futures_util::future::join_all;
use serde_json::{json, Map, Value};
use storedesk_core::model::{EditValue, ListingState, OutboxRow, ProductRecord};
use storedesk_core::sync::{ChannelError, EditOutcome, PushReport};

use super::channel::MeliChannel;
use super::import::MULTIGET_MAX;
use super::map;
use crate::api::{CallError, Tally};
use crate::numbers::exact_number;

/// What to do with one edit, given the shop's value of its field now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Decision {
    /// The shop already has the edit's value.
    AlreadyApplied,
    /// The shop still has the value the edit started from: send it.
    Send,
    /// The shop has another value: a person decides.
    Conflict(EditValue),
}

pub(crate) fn decide(value: &EditValue, base: &EditValue, current: &EditValue) -> Decision {
    if current == value {
        Decision::AlreadyApplied
    } else if current == base {
        Decision::Send
    } else {
        Decision::Conflict(current.clone())
    }
}

/// The shop's value of the field an edit changes, in a listing as read now (None: the variation is gone).
pub(crate) fn current_value(record: &ProductRecord, edit: &OutboxRow) -> Option<EditValue> {
    match &edit.variant_remote_id {
        None => Some(match edit.value {
            EditValue::Price(_) => EditValue::Price(record.price.clone()),
            EditValue::Stock(_) => EditValue::Stock(record.available_quantity),
            EditValue::Status(_) => EditValue::Status(record.state),
        }),
        Some(v) => {
            let variant = record.variants.iter().find(|x| &x.remote_id == v)?;
            match edit.value {
                EditValue::Price(_) => Some(EditValue::Price(variant.price.clone())),
                EditValue::Stock(_) => Some(EditValue::Stock(variant.available_quantity)),
                EditValue::Status(_) => None,
            }
        }
    }
}

/// MercadoLibre's word for a listing state a person can set.
fn status_word(state: ListingState) -> Result<&'static str, String> {
    match state {
        ListingState::Active => Ok("active"),
        ListingState::Paused => Ok("paused"),
        ListingState::Closed => Ok("closed"),
        ListingState::Deleted => Err("a listing cannot be set to deleted".into()),
    }
}

/// One `PUT /items/{id}`: its body, the edits it carries, and the edits that cannot go (with why).
pub(crate) struct PutBody<'a> {
    pub json: Map<String, Value>,
    pub sent: Vec<&'a OutboxRow>,
    pub refused: Vec<(&'a OutboxRow, String)>,
}

/// The body of one `PUT /items/{id}` carrying `edits` of the listing `record`. Every variation is named
/// when any is edited; the others go with their id alone, which leaves them as they are.
pub(crate) fn put_body<'a>(record: &ProductRecord, edits: &[&'a OutboxRow]) -> PutBody<'a> {
    let mut body = Map::new();
    let mut sent = Vec::new();
    let mut refused = Vec::new();
    let item_price = edits.iter().any(|e| e.variant_remote_id.is_none() && matches!(e.value, EditValue::Price(_)));
    let mut variations: HashMap<&str, Map<String, Value>> = HashMap::new();
    for edit in edits {
        let outcome: Result<(), String> = match (&edit.variant_remote_id, &edit.value) {
            (None, EditValue::Price(m)) => exact_number(m).map(|n| {
                body.insert("price".into(), Value::Number(n));
            }),
            (None, EditValue::Stock(n)) if record.variants.is_empty() => {
                body.insert("available_quantity".into(), json!(n));
                Ok(())
            }
            (None, EditValue::Stock(_)) => Err("this listing has variations: set the stock of each variation".into()),
            (None, EditValue::Status(s)) => status_word(*s).map(|w| {
                body.insert("status".into(), json!(w));
            }),
            (Some(_), EditValue::Price(_)) if item_price => {
                Err("the listing's price was set at the same time, and it applies to every variation".into())
            }
            (Some(v), EditValue::Price(m)) => exact_number(m).map(|n| {
                variations.entry(v.as_str()).or_default().insert("price".into(), Value::Number(n));
            }),
            (Some(v), EditValue::Stock(n)) => {
                variations.entry(v.as_str()).or_default().insert("available_quantity".into(), json!(n));
                Ok(())
            }
            (Some(_), EditValue::Status(_)) => Err("a status belongs to the listing, not to a variation".into()),
        };
        match outcome {
            Ok(()) => sent.push(*edit),
            Err(why) => refused.push((*edit, why)),
        }
    }
    if !variations.is_empty() {
        let all: Vec<Value> = record
            .variants
            .iter()
            .map(|v| {
                let mut entry = Map::new();
                // Variation ids are numbers in MercadoLibre's JSON.
                let id = v.remote_id.parse::<u64>().map(Value::from).unwrap_or_else(|_| json!(v.remote_id));
                entry.insert("id".into(), id);
                if let Some(fields) = variations.get(v.remote_id.as_str()) {
                    entry.extend(fields.clone());
                }
                Value::Object(entry)
            })
            .collect();
        body.insert("variations".into(), Value::Array(all));
    }
    PutBody { json: body, sent, refused }
}

/// What a rejection says, in words a person can act on: MercadoLibre's `cause[].message` list, else its
/// `message`.
pub(crate) fn rejection_reason(body: &Value, fallback: &str) -> String {
    let causes: Vec<&str> = body
        .get("cause")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(|c| c.get("message").and_then(Value::as_str)).collect())
        .unwrap_or_default();
    if causes.is_empty() {
        body.get("message").and_then(Value::as_str).unwrap_or(fallback).to_owned()
    } else {
        causes.join("; ")
    }
}

/// A listing as read before sending (boxed: a listing is much larger than the other answers).
enum Read {
    Found(Box<ProductRecord>),
    Gone,
    Unreadable(String),
}

impl MeliChannel {
    /// The listings as the shop has them now, 20 per request, the requests in parallel.
    async fn read_listings(&self, ids: &[String], tally: &Tally) -> Result<HashMap<String, Read>, ChannelError> {
        let calls = ids.chunks(MULTIGET_MAX).map(|chunk| async move {
            let entries = self.adapter.items(chunk, tally).await?;
            Ok::<_, ChannelError>((chunk, entries))
        });
        let mut out = HashMap::new();
        for answer in join_all(calls).await {
            let (chunk, entries) = answer?;
            for (n, entry) in entries.into_iter().enumerate() {
                let Some(id) = chunk.get(n) else { continue };
                let read = match entry.code {
                    200 => match map::product(&entry.body) {
                        Ok(record) => Read::Found(Box::new(record)),
                        Err(why) => Read::Unreadable(format!("the listing could not be read: {why}")),
                    },
                    404 => Read::Gone,
                    code => Read::Unreadable(format!("HTTP {code} reading the listing")),
                };
                out.insert(id.clone(), read);
            }
        }
        Ok(out)
    }

    pub(in crate::mercadolibre) async fn push_edits(&self, edits: &[OutboxRow]) -> Result<PushReport, ChannelError> {
        let tally = Tally::default();
        let mut ids: Vec<String> = Vec::new();
        for e in edits {
            if !ids.contains(&e.remote_id) {
                ids.push(e.remote_id.clone());
            }
        }
        let listings = self.read_listings(&ids, &tally).await?;
        let mut report = PushReport::default();
        let mut puts = Vec::new();
        for id in &ids {
            let mine: Vec<&OutboxRow> = edits.iter().filter(|e| &e.remote_id == id).collect();
            let record = match listings.get(id) {
                Some(Read::Found(record)) => record.as_ref(),
                Some(Read::Unreadable(why)) => {
                    report.outcomes.extend(mine.iter().map(|e| (e.id, EditOutcome::Retry { reason: why.clone() })));
                    continue;
                }
                Some(Read::Gone) | None => {
                    let reason = "the listing is no longer on MercadoLibre".to_owned();
                    report
                        .outcomes
                        .extend(mine.iter().map(|e| (e.id, EditOutcome::Rejected { reason: reason.clone() })));
                    continue;
                }
            };
            report.fresh.push(record.clone());
            let mut to_send = Vec::new();
            for edit in mine {
                match current_value(record, edit).map(|now| decide(&edit.value, &edit.base, &now)) {
                    None => report.outcomes.push((
                        edit.id,
                        EditOutcome::Rejected { reason: "the variation is no longer on this listing".into() },
                    )),
                    Some(Decision::AlreadyApplied) => report.outcomes.push((edit.id, EditOutcome::Applied)),
                    Some(Decision::Conflict(remote)) => {
                        report.outcomes.push((edit.id, EditOutcome::Conflict { remote }))
                    }
                    Some(Decision::Send) => to_send.push(edit),
                }
            }
            if to_send.is_empty() {
                continue;
            }
            let PutBody { json: body, sent, refused } = put_body(record, &to_send);
            report.outcomes.extend(refused.into_iter().map(|(e, reason)| (e.id, EditOutcome::Rejected { reason })));
            if !sent.is_empty() {
                puts.push((id.clone(), Value::Object(body), sent.iter().map(|e| e.id).collect::<Vec<_>>()));
            }
        }
        let tally_ref = &tally;
        let answers = join_all(puts.into_iter().map(|(id, body, edit_ids)| async move {
            let answer = self.adapter.put_item(&id, &body, tally_ref).await;
            (edit_ids, answer)
        }))
        .await;
        for (edit_ids, answer) in answers {
            let outcome = match answer {
                Ok(item) => {
                    // The shop's answer is the listing as it is now: stored, so its next pull is no news.
                    if let Ok(record) = map::product(&item) {
                        report.pushed.push(record);
                    }
                    EditOutcome::Applied
                }
                Err(CallError::Remote { status, message, body }) if (400..500).contains(&status) => {
                    EditOutcome::Rejected { reason: rejection_reason(&body, &message) }
                }
                Err(other) => EditOutcome::Retry { reason: other.to_string() },
            };
            report.outcomes.extend(edit_ids.into_iter().map(|id| (id, outcome.clone())));
        }
        report.tally = tally.snapshot();
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use storedesk_core::model::{OutboxStatus, VariantRecord};
    use storedesk_core::Money;

    use super::*;

    fn ars(minor: i64) -> Money {
        Money { minor, currency: "ARS".into() }
    }

    fn listing(variants: &[(&str, i64, i64)]) -> ProductRecord {
        ProductRecord {
            remote_id: "MLA1".into(),
            title: "Mate".into(),
            sku: None,
            state: ListingState::Active,
            status: "active".into(),
            price: ars(10_000),
            available_quantity: variants.iter().map(|v| v.2).sum::<i64>().max(if variants.is_empty() { 7 } else { 0 }),
            sold_quantity: 0,
            permalink: None,
            created_at: None,
            updated_at: 1,
            variants: variants
                .iter()
                .map(|(id, price, qty)| VariantRecord {
                    remote_id: id.to_string(),
                    sku: None,
                    attributes: String::new(),
                    price: ars(*price),
                    available_quantity: *qty,
                    stock_levels: Vec::new(),
                })
                .collect(),
            stock_levels: Vec::new(),
        }
    }

    fn edit(id: i64, variant: Option<&str>, value: EditValue, base: EditValue) -> OutboxRow {
        OutboxRow {
            id,
            shop_id: 1,
            shop_name: "T".into(),
            product_id: 1,
            title: "Mate".into(),
            remote_id: "MLA1".into(),
            variant_remote_id: variant.map(str::to_owned),
            variant_label: None,
            location_id: None,
            location_name: None,
            value,
            base,
            remote_value: None,
            status: OutboxStatus::Sending,
            attempts: 1,
            next_attempt_at: 0,
            last_error: None,
            reason: None,
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn each_edit_is_sent_applied_or_in_conflict_by_the_shops_value_now() {
        let (base, mine, theirs) = (EditValue::Stock(5), EditValue::Stock(9), EditValue::Stock(7));
        assert_eq!(decide(&mine, &base, &base), Decision::Send);
        assert_eq!(decide(&mine, &base, &mine), Decision::AlreadyApplied);
        assert_eq!(decide(&mine, &base, &theirs), Decision::Conflict(theirs.clone()));
        // An edit back to the base value: nothing to send once the shop has it.
        assert_eq!(decide(&base, &base, &base), Decision::AlreadyApplied);
    }

    #[test]
    fn a_variation_edit_names_every_variation_and_changes_only_what_was_edited() {
        let record = listing(&[("101", 10_000, 3), ("102", 10_000, 4), ("103", 10_000, 5)]);
        let stock = edit(1, Some("102"), EditValue::Stock(9), EditValue::Stock(4));
        let price = edit(2, Some("103"), EditValue::Price(ars(12_345)), EditValue::Price(ars(10_000)));
        let PutBody { json: body, sent, refused } = put_body(&record, &[&stock, &price]);
        assert!(refused.is_empty());
        assert_eq!(sent.len(), 2);
        assert_eq!(
            Value::Object(body),
            json!({"variations": [{"id": 101}, {"id": 102, "available_quantity": 9}, {"id": 103, "price": 123.45}]})
        );
    }

    #[test]
    fn item_fields_and_refusals() {
        let plain = listing(&[]);
        let price = edit(1, None, EditValue::Price(ars(99_990)), EditValue::Price(ars(10_000)));
        let stock = edit(2, None, EditValue::Stock(0), EditValue::Stock(7));
        let status = edit(3, None, EditValue::Status(ListingState::Paused), EditValue::Status(ListingState::Active));
        let PutBody { json: body, sent, .. } = put_body(&plain, &[&price, &stock, &status]);
        assert_eq!(sent.len(), 3);
        assert_eq!(Value::Object(body), json!({"price": 999.9, "available_quantity": 0, "status": "paused"}));

        let varied = listing(&[("101", 10_000, 3)]);
        let item_stock = edit(4, None, EditValue::Stock(3), EditValue::Stock(3));
        let var_price = edit(5, Some("101"), EditValue::Price(ars(1)), EditValue::Price(ars(10_000)));
        let PutBody { json: body, sent, refused } = put_body(&varied, &[&price, &item_stock, &var_price]);
        assert_eq!(sent.iter().map(|e| e.id).collect::<Vec<_>>(), vec![1]);
        assert_eq!(refused.iter().map(|(e, _)| e.id).collect::<Vec<_>>(), vec![4, 5]);
        assert_eq!(Value::Object(body), json!({"price": 999.9}));
    }

    #[test]
    fn prices_go_out_exactly_in_each_currency() {
        assert_eq!(exact_number(&ars(123_450)).unwrap().to_string(), "1234.5");
        assert_eq!(exact_number(&Money { minor: 15_990, currency: "CLP".into() }).unwrap().to_string(), "15990");
        assert_eq!(exact_number(&ars(99_999_999_999)).unwrap().to_string(), "999999999.99");
        for minor in [1, 7, 10, 99, 101, 12_345_678, 4_503_599_627] {
            let back = Money::parse_decimal(&exact_number(&ars(minor)).unwrap().to_string(), "ARS").unwrap();
            assert_eq!(back.minor, minor);
        }
    }

    #[test]
    fn a_rejection_says_the_providers_reasons() {
        let body = json!({"message": "Validation error", "cause": [
            {"code": "item.closed", "message": "Cannot update item MLA1 [status:closed]"},
            {"code": "x", "message": "price must be a number"}
        ]});
        assert_eq!(
            rejection_reason(&body, "HTTP 400"),
            "Cannot update item MLA1 [status:closed]; price must be a number"
        );
        assert_eq!(rejection_reason(&json!({"message": "Bad"}), "HTTP 400"), "Bad");
        assert_eq!(rejection_reason(&Value::Null, "HTTP 400"), "HTTP 400");
    }
}
