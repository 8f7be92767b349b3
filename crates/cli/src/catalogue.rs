//! `storedesk-cli catalogue …`: the business's items with each shop's listings, and linking by hand.
//! Scripts rely on the JSON shape: one item per line, `{sku, title, listings: [{shop, remote_id,
//! variation_id, price, stock, status}]}` (plus a few more fields).

use clap::Subcommand;
use serde_json::json;
use storedesk_app::App;
use storedesk_core::model::{
    CatalogueFilter, CatalogueListing, CatalogueQuery, CatalogueRow, ListingUnit, ShopId, Unbound,
};

/// Rows fetched per query while streaming the catalogue.
const PAGE: i64 = 500;

#[derive(Subcommand)]
pub enum CatalogueCommand {
    /// Items by SKU, each with its listings in every shop.
    List {
        /// Only items whose listings differ in price or stock.
        #[arg(long, conflicts_with = "unbound")]
        differs: bool,
        /// The listings bound to no item instead (no SKU, a SKU twice in one shop, unlinked by hand).
        #[arg(long)]
        unbound: bool,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Bind a listing (or one of its variations) to the item with this SKU, by hand: no sync undoes it.
    Link {
        shop: ShopId,
        remote_id: String,
        #[arg(long, value_name = "VARIATION_ID")]
        variation: Option<String>,
        #[arg(long)]
        sku: String,
    },
    /// Move every listing of the item with SKU FROM onto the item with SKU INTO, by hand, and remove FROM.
    Merge {
        #[arg(value_name = "FROM_SKU")]
        from: String,
        #[arg(value_name = "INTO_SKU")]
        into: String,
    },
    /// Unbind a listing (or one of its variations) by hand: it stays unbound until linked again.
    Unlink {
        shop: ShopId,
        remote_id: String,
        #[arg(long, value_name = "VARIATION_ID")]
        variation: Option<String>,
    },
}

pub async fn run(app: &App, command: CatalogueCommand) -> crate::Outcome {
    match command {
        CatalogueCommand::List { differs, unbound, json } => {
            let filter = match (differs, unbound) {
                (_, true) => CatalogueFilter::Unbound,
                (true, false) => CatalogueFilter::Differs,
                (false, false) => CatalogueFilter::Items,
            };
            list(app, filter, json).await
        }
        CatalogueCommand::Link { shop, remote_id, variation, sku } => {
            let row =
                app.link_listing(&ListingUnit { shop_id: shop, remote_id, variation_id: variation }, &sku).await?;
            println!("linked to {} ({} listings)", row.sku.unwrap_or_default(), row.listings.len());
            Ok(())
        }
        CatalogueCommand::Merge { from, into } => {
            let merged = app.merge_items_by_sku(&from, &into).await?;
            println!("merged into {} ({} listings)", merged.sku.unwrap_or_default(), merged.listings.len());
            Ok(())
        }
        CatalogueCommand::Unlink { shop, remote_id, variation } => {
            app.unlink_listing(&ListingUnit { shop_id: shop, remote_id: remote_id.clone(), variation_id: variation })
                .await?;
            println!("unlinked {remote_id}");
            Ok(())
        }
    }
}

async fn list(app: &App, filter: CatalogueFilter, as_json: bool) -> crate::Outcome {
    let mut q = CatalogueQuery { filter, limit: PAGE, ..Default::default() };
    loop {
        let page = app.list_catalogue(&q).await?;
        for row in &page.rows {
            if as_json {
                println!("{}", row_json(row));
            } else {
                print_row(row);
            }
        }
        match page.next_cursor {
            Some(cursor) => q.cursor = Some(cursor),
            None => return Ok(()),
        }
    }
}

fn listing_json(l: &CatalogueListing) -> serde_json::Value {
    json!({
        "shop": l.shop_id,
        "shop_name": l.shop_name,
        "remote_id": l.remote_id,
        "variation_id": l.variation_id,
        "price": l.price.to_decimal_string(),
        "currency": l.price.currency,
        "stock": l.stock,
        "status": l.status,
        "state": l.state,
        "bound_by": l.bound_by,
        "unbound": l.unbound,
    })
}

fn row_json(row: &CatalogueRow) -> serde_json::Value {
    json!({
        "item_id": row.item_id,
        "sku": row.sku,
        "title": row.title,
        "differs": row.differs,
        "listings": row.listings.iter().map(listing_json).collect::<Vec<_>>(),
    })
}

/// An item on one line, then one indented line per listing.
fn print_row(row: &CatalogueRow) {
    let mark = if row.differs { "  (differs)" } else { "" };
    println!("{}\t{}{mark}", row.sku.as_deref().unwrap_or("-"), row.title);
    for l in &row.listings {
        let unit = match &l.variation_id {
            Some(v) => format!("{} / {v}", l.remote_id),
            None => l.remote_id.clone(),
        };
        let why = match l.unbound {
            Some(Unbound::NoSku) => "\tunbound: no SKU",
            Some(Unbound::SharedSkuInShop) => "\tunbound: its SKU is on another listing of this shop",
            Some(Unbound::Unlinked) => "\tunbound: unlinked by hand",
            None => "",
        };
        println!(
            "  {}\t{unit}\t{} {}\tstock {}\t{}{why}",
            l.shop_name,
            l.price.to_decimal_string(),
            l.price.currency,
            l.stock,
            l.status
        );
    }
}
