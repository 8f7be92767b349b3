//! `storedesk-cli offers …`: tracking listings at the offers service, their history, repricing rules.

use clap::{Args, Subcommand};
use storedesk_app::App;
use storedesk_core::model::{RepriceRule, ShopId};
use storedesk_core::money::{parse_percent, Money};
use storedesk_core::time::rfc3339_utc;

#[derive(Subcommand)]
pub enum OffersCommand {
    /// Track a listing at the offers service (registered and read on its first refresh).
    Track {
        shop: ShopId,
        item_id: String,
        /// The offers service (needed when there are several).
        #[arg(long, value_name = "OFFERS_SHOP")]
        offers: Option<ShopId>,
    },
    /// Stop refreshing a listing's offers; its history stays.
    Untrack { shop: ShopId, item_id: String },
    /// Every offer of a listing with every history row (time, price in minor units and currency, stock, active).
    History {
        shop: ShopId,
        item_id: String,
        #[arg(long)]
        json: bool,
    },
    /// The tracked listings, with their last refresh and errors.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Set a listing's repricing rule (`--follow-lowest`), or turn it off (`--off`).
    Reprice(RepriceArgs),
    /// What every rule would change now, without changing anything.
    Preview {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct RepriceArgs {
    shop: ShopId,
    item_id: String,
    /// Follow the lowest offer (minus an amount or a percent), within the floor and the ceiling.
    #[arg(long, required_unless_present = "off", conflicts_with = "off")]
    follow_lowest: bool,
    /// An amount below the lowest offer, e.g. 10.50.
    #[arg(long, value_name = "DECIMAL", conflicts_with = "minus_percent")]
    minus: Option<String>,
    /// A percent below the lowest offer, e.g. 2.5.
    #[arg(long, value_name = "P")]
    minus_percent: Option<String>,
    #[arg(long, value_name = "DECIMAL", required_unless_present = "off")]
    floor: Option<String>,
    #[arg(long, value_name = "DECIMAL", required_unless_present = "off")]
    ceiling: Option<String>,
    /// The smallest change worth making (default: one minor unit).
    #[arg(long, value_name = "DECIMAL")]
    min_step: Option<String>,
    /// At most one change per this many seconds (default: the offers refresh interval).
    #[arg(long, value_name = "SECONDS")]
    every: Option<i64>,
    /// Turn the listing's rule off.
    #[arg(long)]
    off: bool,
}

fn money(text: &str, currency: &str, what: &str) -> Result<Money, String> {
    Money::parse_decimal(text.trim(), currency).map_err(|e| format!("--{what} {text}: {e}"))
}

async fn product(app: &App, shop: ShopId, item_id: &str) -> Result<i64, storedesk_core::ApiError> {
    app.product_id_by_remote(shop, item_id).await
}

pub async fn run(app: &App, command: OffersCommand) -> crate::Outcome {
    match command {
        OffersCommand::Track { shop, item_id, offers } => {
            let id = product(app, shop, &item_id).await?;
            app.track_products(&[id], offers).await?;
            println!("tracking {item_id}");
        }
        OffersCommand::Untrack { shop, item_id } => {
            let id = product(app, shop, &item_id).await?;
            app.untrack_products(&[id]).await?;
            println!("stopped tracking {item_id}");
        }
        OffersCommand::History { shop, item_id, json } => {
            let id = product(app, shop, &item_id).await?;
            let history = app.offer_history(id).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&history).map_err(|e| e.to_string())?);
                return Ok(());
            }
            for offer in &history {
                println!("offer {}{}", offer.remote_id, if offer.active { "" } else { " (gone)" });
                for r in &offer.rows {
                    let state = if r.active { "" } else { "\tvanished" };
                    println!(
                        "  {}\t{} {}\t{}{state}",
                        rfc3339_utc(r.observed_at),
                        r.price.to_decimal_string(),
                        r.price.currency,
                        r.items_in_stock
                    );
                }
            }
        }
        OffersCommand::List { json } => {
            let tracked = app.tracked_products(10_000).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&tracked).map_err(|e| e.to_string())?);
                return Ok(());
            }
            for t in &tracked {
                let lowest = t.lowest_offer.as_ref().map(|m| format!("{} {}", m.to_decimal_string(), m.currency));
                let state =
                    if t.tracking { t.last_error.clone().unwrap_or_else(|| "ok".into()) } else { "untracked".into() };
                println!("{}\t{}\t{}\t{}", t.product_remote_id, t.title, lowest.unwrap_or_else(|| "-".into()), state);
            }
        }
        OffersCommand::Reprice(args) => reprice(app, args).await?,
        OffersCommand::Preview { json } => {
            let rows = app.reprice_preview().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?);
                return Ok(());
            }
            for r in &rows {
                let to = r.proposed.as_ref().map(|m| m.to_decimal_string()).unwrap_or_else(|| "-".into());
                println!("{}\t{} -> {to}\t{}", r.product_remote_id, r.current.to_decimal_string(), r.reason);
            }
        }
    }
    Ok(())
}

async fn reprice(app: &App, a: RepriceArgs) -> crate::Outcome {
    let id = product(app, a.shop, &a.item_id).await?;
    if a.off {
        app.clear_reprice_rule(id).await?;
        println!("repricing of {} is off", a.item_id);
        return Ok(());
    }
    let currency = app.get_product(id).await?.product.price.currency;
    let minus_bp =
        a.minus_percent.as_deref().map(parse_percent).transpose().map_err(|e| format!("--minus-percent: {e}"))?;
    let rule = RepriceRule {
        minus: money(a.minus.as_deref().unwrap_or("0"), &currency, "minus")?,
        minus_bp: minus_bp.unwrap_or(0),
        floor: money(a.floor.as_deref().unwrap_or_default(), &currency, "floor")?,
        ceiling: money(a.ceiling.as_deref().unwrap_or_default(), &currency, "ceiling")?,
        min_step: match a.min_step.as_deref() {
            Some(step) => money(step, &currency, "min-step")?,
            None => Money { minor: 1, currency: currency.clone() },
        },
        every_seconds: match a.every {
            Some(s) => s,
            None => app.sync_settings().await?.offers_seconds,
        },
        last_change_at: None,
    };
    let saved = app.set_reprice_rule(id, &rule).await?;
    println!(
        "{} follows the lowest offer, between {} and {} {}",
        a.item_id,
        saved.floor.to_decimal_string(),
        saved.ceiling.to_decimal_string(),
        saved.floor.currency
    );
    Ok(())
}
