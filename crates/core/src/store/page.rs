//! What every page upsert shares. A page is written in a handful of statements, each over the whole page
//! passed as one JSON array (`json_each`), not one statement per record: every statement is a trip to
//! sqlx's SQLite worker thread, and those trips, not SQLite, were most of a sync's CPU (issue 13).

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use sqlx::SqliteConnection;

use crate::error::StoreError;
use crate::model::{ShopId, UpsertOutcome, UpsertTally};
use crate::sync::channel::Quarantined;

/// What upserting a page did.
#[derive(Debug, Default)]
pub(super) struct PageUpsert {
    pub tally: UpsertTally,
    /// Records the store refused before writing anything (they go to quarantine).
    pub refused: Vec<Quarantined>,
}

impl PageUpsert {
    /// The records the store can write; each other one is refused with the reason `refusal` gives.
    pub fn valid<'a, R: Serialize>(
        &mut self,
        records: &'a [R],
        id: impl Fn(&R) -> &str,
        refusal: impl Fn(&R) -> Option<String>,
    ) -> Vec<&'a R> {
        let mut valid = Vec::with_capacity(records.len());
        for r in records {
            match refusal(r) {
                Some(why) => self.refuse(id(r), why, r),
                None => valid.push(r),
            }
        }
        valid
    }

    pub fn refuse(&mut self, remote_id: &str, why: String, record: &impl Serialize) {
        self.refused.push(Quarantined {
            remote_id: remote_id.to_owned(),
            error: why,
            payload: serde_json::to_string(record).unwrap_or_default(),
        });
    }
}

/// A value as JSON text, for a statement that reads it with `json_each`.
pub(super) fn json(value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Invalid(format!("cannot encode a page: {e}")))
}

/// Keeps one record per remote id: the newest (the last of equals), as storing them one after another
/// would leave it. The copies left out are counted stale: a newer copy in the same page superseded them.
pub(super) fn newest_per_id<'a, R>(
    records: impl IntoIterator<Item = &'a R>,
    id: impl Fn(&R) -> &str,
    updated_at: impl Fn(&R) -> i64,
    tally: &mut UpsertTally,
) -> Vec<&'a R>
where
    R: 'a,
{
    let mut kept: Vec<&R> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for r in records {
        match at.get(id(r)) {
            Some(&i) => {
                tally.add(UpsertOutcome::Stale);
                if updated_at(r) >= updated_at(kept[i]) {
                    kept[i] = r;
                }
            }
            None => {
                at.insert(id(r), kept.len());
                kept.push(r);
            }
        }
    }
    kept
}

/// Why the upsert wrote nothing for these records: the stored version is the same one (unchanged) or
/// newer (stale). `skipped` holds each record's remote id and version. `table` is one of ours.
pub(super) async fn count_skipped(
    conn: &mut SqliteConnection,
    table: &'static str,
    shop_id: ShopId,
    skipped: &[(&str, i64)],
    tally: &mut UpsertTally,
) -> Result<(), StoreError> {
    if skipped.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = skipped.iter().map(|(id, _)| *id).collect();
    let sql = format!(
        "SELECT remote_id, remote_updated_at FROM {table} \
         WHERE shop_id = ? AND remote_id IN (SELECT value FROM json_each(?))"
    );
    let stored: HashMap<String, i64> =
        sqlx::query_as(&sql).bind(shop_id).bind(json(&ids)?).fetch_all(&mut *conn).await?.into_iter().collect();
    for (id, updated_at) in skipped {
        let same = stored.get(*id) == Some(updated_at);
        tally.add(if same { UpsertOutcome::Unchanged } else { UpsertOutcome::Stale });
    }
    Ok(())
}

/// The records the upsert did not write: `written` holds the remote ids it returned.
pub(super) fn not_written<'a, R>(
    records: &[&'a R],
    written: &HashSet<&str>,
    id: impl Fn(&'a R) -> &'a str,
    updated_at: impl Fn(&R) -> i64,
) -> Vec<(&'a str, i64)> {
    records.iter().filter(|r| !written.contains(id(r))).map(|r| (id(r), updated_at(r))).collect()
}

/// For callers outside a sync, where there is no quarantine: a refused record is an error.
pub(super) fn refused_is_an_error(out: &PageUpsert) -> Result<(), StoreError> {
    match out.refused.first() {
        Some(q) => Err(StoreError::Invalid(q.error.clone())),
        None => Ok(()),
    }
}
