//! Editing listings: single edits, bulk changes with a preview, and the outbox (list, retry, discard,
//! resolve, push). Every front end's writes go through these methods.

use storedesk_connectors::registry;
use storedesk_core::edits::{bulk_value, shown_value};
use storedesk_core::model::{
    BulkChange, BulkEdit, BulkPreview, BulkPreviewRow, BulkResult, BulkTarget, EditField, EditRequest, EditValue,
    ListingState, OutboxCounts, OutboxPage, OutboxQuery, OutboxRow, ProductQuery, ProductRow, PushSummary, Resolution,
    ShopId, ShopKind, ShopStatus, SyncResource,
};
use storedesk_core::sync::scheduler::ChannelSource;
use storedesk_core::sync::{run_job, StopSignal};
use storedesk_core::{ApiError, ErrorCode, Money};

use crate::{App, Result};

/// Rows a preview lists (the counts cover every listing).
const PREVIEW_ROWS: usize = 500;
/// Listings read per query while walking a bulk change's target.
const TARGET_PAGE: i64 = 500;

/// A listing's new values, as a command line gives them (`products set`).
#[derive(Debug, Clone, Default)]
pub struct ListingChange {
    /// Decimal text in the listing's currency.
    pub price: Option<String>,
    pub stock: Option<i64>,
    /// The location whose stock `stock` sets, where the shop keeps stock per location.
    pub location_id: Option<String>,
    pub status: Option<ListingState>,
}

impl App {
    /// Queues one edit: the product shows it at once; it reaches the shop through the outbox. Answers the
    /// outbox row (None when the shop already has that value and nothing is waiting).
    pub async fn edit_product(&self, req: &EditRequest) -> Result<Option<OutboxRow>> {
        self.check_editable(std::slice::from_ref(req)).await?;
        let id = self.inner.store.queue_edit(req).await?;
        self.inner.scheduler.wake();
        match id {
            Some(id) => Ok(Some(self.inner.store.get_outbox_row(id).await?)),
            None => Ok(None),
        }
    }

    /// Queues new values for the listing with this remote id (or one of its variations), all or none.
    pub async fn change_listing(
        &self,
        shop_id: ShopId,
        remote_id: &str,
        variant_remote_id: Option<&str>,
        change: &ListingChange,
    ) -> Result<Vec<OutboxRow>> {
        let product_id = self.inner.store.product_id(shop_id, remote_id).await?;
        self.patch_product(product_id, variant_remote_id, change).await
    }

    /// Queues new values for a product (or one of its variations), all or none: the REST API's PATCH.
    /// Answers the outbox rows (none when the shop already has every value).
    pub async fn patch_product(
        &self,
        product_id: i64,
        variant_remote_id: Option<&str>,
        change: &ListingChange,
    ) -> Result<Vec<OutboxRow>> {
        let store = &self.inner.store;
        let detail = store.get_product(product_id).await?;
        let currency = &detail.product.price.currency;
        let mut values = Vec::new();
        if let Some(text) = &change.price {
            let money = Money::parse_decimal(text, currency)
                .map_err(|e| ApiError::new(ErrorCode::InvalidInput, format!("price: {e}")))?;
            values.push(EditValue::Price(money));
        }
        if let Some(stock) = change.stock {
            values.push(EditValue::Stock(stock));
        }
        if let Some(status) = change.status {
            values.push(EditValue::Status(status));
        }
        if values.is_empty() {
            return Err(ApiError::new(ErrorCode::InvalidInput, "nothing to change: give a price, a stock or a status"));
        }
        let reqs: Vec<EditRequest> = values
            .into_iter()
            .map(|value| EditRequest {
                product_id,
                variant_remote_id: variant_remote_id.map(str::to_owned),
                location_id: matches!(value, EditValue::Stock(_)).then(|| change.location_id.clone()).flatten(),
                value,
                reason: None,
            })
            .collect();
        self.check_editable(&reqs).await?;
        let ids = store.queue_edits(&reqs).await?;
        self.inner.scheduler.wake();
        let mut rows = Vec::new();
        for id in ids.into_iter().flatten() {
            rows.push(store.get_outbox_row(id).await?);
        }
        Ok(rows)
    }

    /// Refuses, before anything is queued, an edit of a field the listing's shop cannot edit (its connector's
    /// descriptor says which it can).
    async fn check_editable(&self, reqs: &[EditRequest]) -> Result<()> {
        let mut shops = EditableFields::default();
        for req in reqs {
            let shop_id = self.inner.store.shop_of_product(req.product_id).await?;
            if let Some(why) = shops.refusal(self, shop_id, req.value.field(), req.location_id.as_deref()).await? {
                return Err(ApiError::new(ErrorCode::Unsupported, why));
            }
        }
        Ok(())
    }

    /// Every listing a bulk change targets, in the list's order.
    async fn bulk_targets(&self, target: &BulkTarget) -> Result<Vec<ProductRow>> {
        let store = &self.inner.store;
        let by_ids = |ids: Vec<i64>| async move {
            let mut rows = Vec::with_capacity(ids.len());
            for id in ids {
                rows.push(store.get_product(id).await?.product);
            }
            Ok::<_, crate::ApiError>(rows)
        };
        match target {
            BulkTarget::Ids { ids } => by_ids(ids.clone()).await,
            BulkTarget::Items { item_ids } => by_ids(store.bound_listings(item_ids).await?).await,
            BulkTarget::Matching { query } => {
                let mut rows = Vec::new();
                let mut q = ProductQuery { cursor: None, limit: TARGET_PAGE, ..query.clone() };
                loop {
                    let page = store.list_products(&q).await?;
                    rows.extend(page.rows);
                    match page.next_cursor {
                        Some(c) => q.cursor = Some(c),
                        None => return Ok(rows),
                    }
                }
            }
        }
    }

    /// What a bulk change would do: each listing's value now and after (or why it is left out).
    pub async fn preview_bulk_edit(&self, bulk: &BulkEdit) -> Result<BulkPreview> {
        let targets = self.bulk_targets(&bulk.target).await?;
        let mut preview = BulkPreview { rows: Vec::new(), changes: 0, skipped: 0 };
        let mut shops = EditableFields::default();
        for p in &targets {
            // A bulk change names no location: one figure for every location would be a guess.
            let new = match shops.refusal(self, p.shop_id, bulk_field(&bulk.change), None).await? {
                Some(why) => Err(why),
                None => bulk_value(&bulk.change, p),
            };
            match &new {
                Ok(_) => preview.changes += 1,
                Err(_) => preview.skipped += 1,
            }
            if preview.rows.len() < PREVIEW_ROWS {
                preview.rows.push(BulkPreviewRow {
                    product_id: p.id,
                    title: p.title.clone(),
                    remote_id: p.remote_id.clone(),
                    old: shown_value(&bulk.change, p),
                    skipped: new.as_ref().err().cloned(),
                    new: new.ok(),
                });
            }
        }
        Ok(preview)
    }

    /// Applies a bulk change: one edit per listing it fits, queued in one transaction.
    pub async fn apply_bulk_edit(&self, bulk: &BulkEdit) -> Result<BulkResult> {
        let targets = self.bulk_targets(&bulk.target).await?;
        let mut reqs = Vec::new();
        let mut skipped = 0;
        let mut shops = EditableFields::default();
        for p in &targets {
            if shops.refusal(self, p.shop_id, bulk_field(&bulk.change), None).await?.is_some() {
                skipped += 1;
                continue;
            }
            match bulk_value(&bulk.change, p) {
                Ok(value) => reqs.push(EditRequest {
                    product_id: p.id,
                    variant_remote_id: None,
                    value,
                    reason: None,
                    location_id: None,
                }),
                Err(_) => skipped += 1,
            }
        }
        let ids = self.inner.store.queue_edits(&reqs).await?;
        self.inner.scheduler.wake();
        Ok(BulkResult { queued: ids.iter().flatten().count() as i64, skipped })
    }

    pub async fn list_outbox(&self, query: &OutboxQuery) -> Result<OutboxPage> {
        Ok(self.inner.store.list_outbox(query).await?)
    }

    pub async fn outbox_counts(&self) -> Result<OutboxCounts> {
        Ok(self.inner.store.outbox_counts().await?)
    }

    /// Sends a rejected edit again (with a new value, when given).
    pub async fn retry_edit(&self, id: i64, value: Option<EditValue>) -> Result<OutboxRow> {
        let row = self.inner.store.retry_edit(id, value).await?;
        self.inner.scheduler.wake();
        Ok(row)
    }

    /// Undoes an edit not sent yet, or gives up a rejected or conflicting one: the shop's value shows again.
    pub async fn discard_edit(&self, id: i64) -> Result<OutboxRow> {
        Ok(self.inner.store.discard_edit(id).await?)
    }

    pub async fn resolve_conflict(&self, id: i64, resolution: Resolution) -> Result<OutboxRow> {
        let row = self.inner.store.resolve_conflict(id, resolution).await?;
        self.inner.scheduler.wake();
        Ok(row)
    }

    /// Sends what is due now, in this process (the command line's `outbox push`): every connected shop,
    /// or one. Edits that failed for a transient reason stay pending (counted in `pending`).
    pub async fn push_now(&self, shop_id: Option<ShopId>) -> Result<PushSummary> {
        let store = &self.inner.store;
        let shops = match shop_id {
            Some(id) => vec![store.get_shop(id).await?],
            // Stores send edits, warehouses their orders' creates and cancels.
            None => store
                .list_shops()
                .await?
                .into_iter()
                .filter(|s| s.status == ShopStatus::Connected && (s.kind.is_store() || s.kind == ShopKind::Warehouse))
                .collect(),
        };
        let before = store.outbox_counts().await?;
        let mut summary = PushSummary::default();
        for shop in shops {
            let channel = self.inner.shops.channel(&shop).await?;
            let run = run_job(store, &channel, shop.id, SyncResource::Push, &StopSignal::never()).await;
            match run {
                Ok(s) => {
                    summary.sent += s.records_new;
                    summary.requests += s.requests;
                }
                // Unreachable: its edits stay pending; the counts below say so.
                Err(e) => tracing::warn!(shop = shop.id, error = %e, "push failed"),
            }
        }
        let after = store.outbox_counts().await?;
        summary.rejected = (after.rejected - before.rejected).max(0);
        summary.conflict = (after.conflict - before.conflict).max(0);
        summary.pending = after.waiting;
        Ok(summary)
    }
}

/// The field a bulk change edits.
fn bulk_field(change: &BulkChange) -> EditField {
    match change {
        BulkChange::SetPrice { .. } | BulkChange::AdjustPercent { .. } | BulkChange::AdjustAmount { .. } => {
            EditField::Price
        }
        BulkChange::SetStock { .. } => EditField::Stock,
        BulkChange::Pause | BulkChange::Activate => EditField::Status,
    }
}

/// The fields each shop can edit, read once per shop while a batch of edits is checked.
#[derive(Default)]
struct EditableFields {
    by_shop: std::collections::HashMap<ShopId, ShopEdits>,
}

/// What a shop's descriptor says about editing its listings.
struct ShopEdits {
    name: String,
    fields: Vec<EditField>,
    /// Stock kept per location: one figure cannot be written for all of them.
    locations: bool,
}

impl EditableFields {
    /// Why this shop's listings cannot take an edit of `field` at `location` (None: they can).
    async fn refusal(
        &mut self,
        app: &App,
        shop_id: ShopId,
        field: EditField,
        location: Option<&str>,
    ) -> Result<Option<String>> {
        if let std::collections::hash_map::Entry::Vacant(unread) = self.by_shop.entry(shop_id) {
            let shop = app.inner.store.get_shop(shop_id).await?;
            let declared = registry::capabilities(shop.kind);
            let (fields, locations) = declared.map(|c| (c.edits, c.locations)).unwrap_or_default();
            unread.insert(ShopEdits { name: shop.name, fields, locations });
        }
        let Some(shop) = self.by_shop.get(&shop_id) else { return Ok(None) };
        Ok(edit_refusal(shop, field, location))
    }
}

/// Why a shop's listings cannot take an edit of `field` at `location` (None: they can). Whether the location
/// is one of the listing's is the store's check, against the levels the shop gave.
fn edit_refusal(shop: &ShopEdits, field: EditField, location: Option<&str>) -> Option<String> {
    let name = &shop.name;
    if !shop.fields.contains(&field) {
        return Some(format!("{name} does not let storedesk edit a listing's {}", field.as_str()));
    }
    match (field, shop.locations, location) {
        (EditField::Stock, false, Some(_)) => {
            Some(format!("{name} keeps one stock figure per listing, not one per location: name no location"))
        }
        // One figure for a listing kept at several locations would be written where? Refused, never guessed.
        (EditField::Stock, true, None) => {
            Some(format!("{name} keeps stock per location: name the location whose stock to set"))
        }
        (EditField::Stock, ..) | (_, _, None) => None,
        (_, _, Some(_)) => Some("only a stock edit names a location".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_the_descriptor_lacks_and_a_location_where_it_does_not_belong_are_refused() {
        let shop =
            |fields: &[EditField], locations| ShopEdits { name: "Tienda".into(), fields: fields.to_vec(), locations };
        let all = [EditField::Price, EditField::Stock, EditField::Status];
        let here = Some("loc-1");
        // (fields, shop has locations, edited field, location named, refused)
        let table = [
            (&all[..], false, EditField::Stock, None, false),
            (&all[..], false, EditField::Status, None, false),
            (&all[..2], false, EditField::Status, None, true),
            (&[][..], false, EditField::Price, None, true),
            (&all[..], false, EditField::Stock, here, true),
            (&all[..], true, EditField::Stock, None, true),
            (&all[..], true, EditField::Stock, here, false),
            (&all[..], true, EditField::Price, None, false),
            (&all[..], true, EditField::Price, here, true),
            (&all[..1], true, EditField::Stock, here, true),
        ];
        for (fields, locations, field, location, refused) in table {
            let why = edit_refusal(&shop(fields, locations), field, location);
            assert_eq!(why.is_some(), refused, "{fields:?} locations={locations} {field:?} at {location:?}: {why:?}");
        }
        let why = edit_refusal(&shop(&all, true), EditField::Stock, None).unwrap_or_default();
        assert!(why.contains("name the location"), "{why}");
    }
}
