//! `storedesk-cli products|orders|shipments list` and `export csv`: the local copy, paged by keyset.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;
use storedesk_app::App;
use storedesk_core::model::{OrderQuery, ProductQuery, ShipmentQuery, ShopId};
use storedesk_core::money::Money;

/// Rows fetched per query while streaming a whole table.
const PAGE: i64 = 500;

#[derive(Clone, Copy, ValueEnum)]
pub enum Table {
    Products,
    Orders,
    Shipments,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Every row of a table (optionally one shop's), streamed to `emit` page by page.
async fn each_row(
    app: &App,
    table: Table,
    shop: Option<ShopId>,
    limit: Option<usize>,
    mut emit: impl FnMut(Vec<String>, serde_json::Value) -> Result<(), String>,
) -> crate::Outcome {
    let mut cursor = None;
    let mut left = limit.unwrap_or(usize::MAX);
    let money = |m: &Money| m.to_decimal_string();
    loop {
        let page = (left.min(PAGE as usize)) as i64;
        let next = match table {
            Table::Products => {
                let q = ProductQuery { shop_id: shop, cursor: cursor.clone(), limit: page, ..Default::default() };
                let p = app.list_products(&q).await.map_err(err)?;
                for r in &p.rows {
                    let fields = vec![
                        r.shop_name.clone(),
                        r.remote_id.clone(),
                        r.sku.clone().unwrap_or_default(),
                        r.title.clone(),
                        r.status.clone(),
                        money(&r.price),
                        r.price.currency.clone(),
                        r.available_quantity.to_string(),
                        storedesk_core::time::rfc3339_utc(r.updated_at),
                        r.state.as_str().to_owned(),
                    ];
                    emit(fields, serde_json::to_value(r).map_err(err)?)?;
                }
                left = left.saturating_sub(p.rows.len());
                p.next_cursor
            }
            Table::Orders => {
                let q = OrderQuery { shop_id: shop, cursor: cursor.clone(), limit: page, ..Default::default() };
                let p = app.list_orders(&q).await.map_err(err)?;
                for r in &p.rows {
                    let fields = vec![
                        r.shop_name.clone(),
                        r.remote_id.clone(),
                        r.status.clone(),
                        r.buyer.clone(),
                        money(&r.total),
                        r.total.currency.clone(),
                        r.item_count.to_string(),
                        storedesk_core::time::rfc3339_utc(r.created_at),
                        r.shipment_state.map(|s| s.as_str().to_owned()).unwrap_or_default(),
                        r.state.as_str().to_owned(),
                        r.fulfilment_state.map(|s| s.as_str().to_owned()).unwrap_or_default(),
                    ];
                    emit(fields, serde_json::to_value(r).map_err(err)?)?;
                }
                left = left.saturating_sub(p.rows.len());
                p.next_cursor
            }
            Table::Shipments => {
                let q = ShipmentQuery { shop_id: shop, cursor: cursor.clone(), limit: page, ..Default::default() };
                let p = app.list_shipments(&q).await.map_err(err)?;
                for r in &p.rows {
                    let fields = vec![
                        r.shop_name.clone(),
                        r.remote_id.clone(),
                        r.order_remote_id.clone().unwrap_or_default(),
                        r.status.clone(),
                        r.substatus.clone().unwrap_or_default(),
                        r.tracking_number.clone().unwrap_or_default(),
                        storedesk_core::time::rfc3339_utc(r.updated_at),
                        r.state.as_str().to_owned(),
                    ];
                    emit(fields, serde_json::to_value(r).map_err(err)?)?;
                }
                left = left.saturating_sub(p.rows.len());
                p.next_cursor
            }
        };
        match next {
            Some(c) if left > 0 => cursor = Some(c),
            _ => return Ok(()),
        }
    }
}

fn header(table: Table) -> &'static [&'static str] {
    match table {
        Table::Products => &["shop", "id", "sku", "title", "status", "price", "currency", "stock", "updated", "state"],
        Table::Orders => &[
            "shop",
            "id",
            "status",
            "buyer",
            "total",
            "currency",
            "items",
            "created",
            "shipment",
            "state",
            "fulfilment",
        ],
        Table::Shipments => &["shop", "id", "order", "status", "substatus", "tracking", "updated", "state"],
    }
}

/// `list`: a table for people, or JSON lines with `--json`.
pub async fn list(app: &App, table: Table, shop: Option<ShopId>, limit: usize, json: bool) -> crate::Outcome {
    let out = std::io::stdout();
    let mut out = out.lock();
    if !json {
        writeln!(out, "{}", header(table).join("\t")).map_err(err)?;
    }
    each_row(app, table, shop, Some(limit), |fields, value| {
        if json {
            writeln!(out, "{value}").map_err(err)
        } else {
            writeln!(out, "{}", fields.join("\t")).map_err(err)
        }
    })
    .await
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// `export csv TABLE [--output FILE]`: every row, RFC 4180, written to a temporary file renamed at the end
/// so a failed export never leaves half a file under the asked name.
pub async fn export_csv(app: &App, table: Table, shop: Option<ShopId>, output: Option<&Path>) -> crate::Outcome {
    let line = |fields: &[String]| fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",");
    let head: Vec<String> = header(table).iter().map(|s| s.to_string()).collect();
    match output {
        None => {
            let out = std::io::stdout();
            let mut out = out.lock();
            writeln!(out, "{}", line(&head)).map_err(err)?;
            each_row(app, table, shop, None, |fields, _| writeln!(out, "{}", line(&fields)).map_err(err)).await
        }
        Some(path) => {
            let partial = path.with_extension("csv.partial");
            let file =
                std::fs::File::create(&partial).map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
            let mut out = std::io::BufWriter::new(file);
            writeln!(out, "{}", line(&head)).map_err(err)?;
            each_row(app, table, shop, None, |fields, _| writeln!(out, "{}", line(&fields)).map_err(err)).await?;
            out.flush().map_err(err)?;
            drop(out);
            Ok(std::fs::rename(&partial, path).map_err(|e| format!("cannot write {}: {e}", path.display()))?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
