//! `storedesk-cli warehouse …` and `orders show`: routing stores through a warehouse, and what came of
//! their orders.

use clap::Subcommand;
use storedesk_app::App;
use storedesk_core::model::ShopId;
use storedesk_core::time::rfc3339_utc;

#[derive(Subcommand)]
pub enum WarehouseCommand {
    /// Which warehouse ships a store's orders: `--to WAREHOUSE_SHOP`, or `--none` (the store ships them).
    Route {
        store: ShopId,
        #[arg(long, conflicts_with = "none", required_unless_present = "none")]
        to: Option<ShopId>,
        #[arg(long)]
        none: bool,
    },
    /// Orders that need a person: held (a line without SKU, no address), in exception, or flagged.
    Issues {
        #[arg(long, default_value_t = 100)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(app: &App, command: WarehouseCommand) -> crate::Outcome {
    match command {
        WarehouseCommand::Route { store, to, .. } => {
            let shop = app.route_store(store, to).await?;
            match to {
                Some(w) => println!("{} ships through warehouse {w}", shop.name),
                None => println!("{} ships its own orders", shop.name),
            }
        }
        WarehouseCommand::Issues { limit, json } => {
            let issues = app.fulfilment_issues(limit).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&issues).map_err(|e| e.to_string())?);
            }
            for i in issues.iter().filter(|_| !json) {
                let why = i.flag.as_deref().or(i.reason.as_deref()).unwrap_or_default();
                println!("{}\t{}\t{}\t{why}", i.shop_name, i.order_remote_id, i.state.as_str());
            }
        }
    }
    Ok(())
}

/// `orders show SHOP ORDER_ID [--json]`.
pub async fn show_order(app: &App, shop: ShopId, order_id: &str, json: bool) -> crate::Outcome {
    let detail = app.order_by_remote_id(shop, order_id).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&detail).map_err(|e| e.to_string())?);
        return Ok(());
    }
    let o = &detail.order;
    println!("order {} of {} ({}): {}", o.remote_id, o.shop_name, o.state.as_str(), o.status);
    println!("total {} {}, {} items", o.total.to_decimal_string(), o.total.currency, o.item_count);
    for item in &detail.items {
        println!("  {} x {} [{}]", item.quantity, item.title, item.sku.as_deref().unwrap_or("no SKU"));
    }
    let Some(f) = &detail.fulfilment else {
        println!("fulfilment: not routed to a warehouse");
        return Ok(());
    };
    println!("fulfilment: {} at {} (reference {})", f.state.as_str(), f.warehouse_name, f.reference_id);
    let fields = [
        ("warehouse order", f.warehouse_order_id.clone()),
        ("tracking", f.tracking_number.clone().map(|t| format!("{} {t}", f.carrier.as_deref().unwrap_or_default()))),
        ("shipped", f.shipped_at.map(rfc3339_utc)),
        ("delivered", f.delivered_at.map(rfc3339_utc)),
        ("reason", f.reason.clone()),
        ("needs a person", f.flag.clone()),
    ];
    for (label, value) in fields {
        if let Some(v) = value {
            println!("  {label}: {v}");
        }
    }
    for e in &f.events {
        println!("  {} {} {}", rfc3339_utc(e.at), e.direction, e.what);
    }
    Ok(())
}
