//! `storedesk-cli products set` and `storedesk-cli outbox …`: a few lines each over `App`.

use clap::{Subcommand, ValueEnum};
use storedesk_app::{App, ListingChange};
use storedesk_core::model::{ListingState, OutboxQuery, OutboxRow, OutboxStatus, Resolution, ShopId};

#[derive(Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Active,
    Paused,
    Closed,
}

impl From<StatusArg> for ListingState {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Active => ListingState::Active,
            StatusArg::Paused => ListingState::Paused,
            StatusArg::Closed => ListingState::Closed,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OutboxStatusArg {
    Pending,
    Sending,
    Sent,
    Rejected,
    Conflict,
    Discarded,
}

impl From<OutboxStatusArg> for OutboxStatus {
    fn from(s: OutboxStatusArg) -> Self {
        match s {
            OutboxStatusArg::Pending => OutboxStatus::Pending,
            OutboxStatusArg::Sending => OutboxStatus::Sending,
            OutboxStatusArg::Sent => OutboxStatus::Sent,
            OutboxStatusArg::Rejected => OutboxStatus::Rejected,
            OutboxStatusArg::Conflict => OutboxStatus::Conflict,
            OutboxStatusArg::Discarded => OutboxStatus::Discarded,
        }
    }
}

/// `products set`: the listing's new values.
#[derive(clap::Args)]
pub struct SetArgs {
    pub shop: ShopId,
    /// The listing's id on the shop (MLA…).
    pub item_id: String,
    /// Edit one variation of the listing.
    #[arg(long, value_name = "VARIATION_ID")]
    pub variation: Option<String>,
    /// A price in the listing's currency, as a decimal ("12990.50").
    #[arg(long, value_name = "DECIMAL")]
    pub price: Option<String>,
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub stock: Option<i64>,
    /// The location whose stock `--stock` sets, where the shop keeps stock per location.
    #[arg(long, value_name = "LOCATION_ID", requires = "stock")]
    pub location: Option<String>,
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
}

#[derive(Subcommand)]
pub enum OutboxCommand {
    /// Edits, newest first: id, shop, listing, field and values, status, attempts, last error.
    List {
        #[arg(long)]
        shop: Option<ShopId>,
        #[arg(long, value_enum)]
        status: Option<OutboxStatusArg>,
        #[arg(long, default_value_t = 100)]
        limit: i64,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Send what is due now; print how many were sent, rejected, in conflict and still pending.
    Push {
        #[arg(long)]
        shop: Option<ShopId>,
        #[arg(long)]
        json: bool,
    },
    /// Send a rejected edit again.
    Retry { id: i64 },
    /// Give up an edit (pending, rejected or in conflict): the shop's value stays.
    Discard { id: i64 },
    /// End a conflict.
    Resolve {
        id: i64,
        /// Send my value anyway.
        #[arg(long, conflicts_with = "take_theirs", required_unless_present = "take_theirs")]
        keep_mine: bool,
        /// Discard my edit; keep the shop's value.
        #[arg(long)]
        take_theirs: bool,
    },
}

pub async fn set(app: &App, args: SetArgs) -> crate::Outcome {
    let change = ListingChange {
        price: args.price,
        stock: args.stock,
        location_id: args.location,
        status: args.status.map(Into::into),
    };
    let rows = app.change_listing(args.shop, &args.item_id, args.variation.as_deref(), &change).await?;
    if rows.is_empty() {
        eprintln!("nothing queued: the listing already has these values");
    }
    for row in rows {
        println!("{}", row.id);
    }
    Ok(())
}

fn describe(row: &OutboxRow) -> String {
    let value = serde_json::to_value(&row.value).unwrap_or_default();
    let mut target = match &row.variant_remote_id {
        Some(v) => format!("{}/{v}", row.remote_id),
        None => row.remote_id.clone(),
    };
    // A location's stock: the same column, so the line keeps its fields.
    if let Some(location) = &row.location_id {
        target.push_str(&format!("@{location}"));
    }
    format!(
        "{}\t{}\t{target}\t{}\t{}\t{}\t{}\t{}",
        row.id,
        row.shop_id,
        value["field"].as_str().unwrap_or_default(),
        value["value"],
        row.status.as_str(),
        row.attempts,
        row.last_error.as_deref().unwrap_or_default()
    )
}

pub async fn outbox(app: &App, command: OutboxCommand) -> crate::Outcome {
    match command {
        OutboxCommand::List { shop, status, limit, json } => {
            let q = OutboxQuery { shop_id: shop, status: status.map(Into::into), limit, ..Default::default() };
            for row in app.list_outbox(&q).await?.rows {
                if json {
                    println!("{}", serde_json::to_string(&row)?);
                } else {
                    println!("{}", describe(&row));
                }
            }
        }
        OutboxCommand::Push { shop, json } => {
            let s = app.push_now(shop).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                println!("{} sent, {} rejected, {} conflict, {} pending", s.sent, s.rejected, s.conflict, s.pending);
            }
            if s.pending > 0 {
                return Err(
                    format!("{} edits are still pending: the shop failed or could not be reached", s.pending).into()
                );
            }
        }
        OutboxCommand::Retry { id } => println!("{}", describe(&app.retry_edit(id, None).await?)),
        OutboxCommand::Discard { id } => println!("{}", describe(&app.discard_edit(id).await?)),
        OutboxCommand::Resolve { id, keep_mine, .. } => {
            let resolution = if keep_mine { Resolution::KeepMine } else { Resolution::TakeTheirs };
            println!("{}", describe(&app.resolve_conflict(id, resolution).await?));
        }
    }
    Ok(())
}
