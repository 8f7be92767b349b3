//! storedesk-cli: storedesk without a window, for a back-office machine and for scripts.
//! Errors are one line on stderr and a non-zero exit.

mod api;
mod backup;
mod catalogue;
mod edit;
mod list;
mod offers;
mod shop;
mod sync;
mod warehouse;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use storedesk_app::{App, Role};

/// What a command ends with: nothing, or an error printed on one line (exit 1).
pub type Outcome = Result<(), Box<dyn std::error::Error + Send + Sync>>;

#[derive(Parser)]
#[command(name = "storedesk-cli", version, about = "storedesk without a window")]
struct Cli {
    /// The data directory (default: the desktop app's, or $STOREDESK_DATA_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Add, list, connect and disconnect shops.
    #[command(subcommand)]
    Shop(shop::ShopCommand),
    /// Sync one shop now and print what it cost (requests, records new/changed/unchanged, seconds).
    Sync {
        shop: storedesk_core::model::ShopId,
        #[arg(long, value_enum, default_value = "all")]
        resource: sync::ResourceArg,
        #[arg(long)]
        json: bool,
    },
    /// Keep every connected shop in sync, as the desktop app does from the tray, until SIGTERM / Ctrl-C.
    Daemon {
        /// Serve the local API too (see `serve`).
        #[arg(long)]
        serve: bool,
        #[command(flatten)]
        api: api::ServeArgs,
    },
    /// The local API for an ERP (and the background sync, as `daemon`): OpenAPI at /openapi.json, a
    /// reference at /docs. Loopback only, unless --allow-remote with TLS.
    Serve(api::ServeArgs),
    /// API keys of the local API: create (shown once), list, revoke.
    #[command(subcommand)]
    Apikey(api::ApiKeyCommand),
    /// Webhooks out: subscribe a URL to events, list, remove, see deliveries, redeliver.
    #[command(subcommand)]
    Webhook(api::WebhookCommand),
    /// The business's items with each shop's listings side by side; link and unlink listings by hand.
    #[command(subcommand)]
    Catalogue(catalogue::CatalogueCommand),
    /// List the local copy of products, or edit a listing.
    #[command(subcommand)]
    Products(ProductsCommand),
    /// Edits waiting to reach the shops, sent, refused or in conflict.
    #[command(subcommand)]
    Outbox(edit::OutboxCommand),
    /// List the local copy of orders, or show one with its fulfilment.
    #[command(subcommand)]
    Orders(OrdersCommand),
    /// Track listings at the offers service, read their offers' history, set repricing rules.
    #[command(subcommand)]
    Offers(offers::OffersCommand),
    /// Route stores through a warehouse; orders that need a person.
    #[command(subcommand)]
    Warehouse(warehouse::WarehouseCommand),
    /// List the local copy of shipments.
    #[command(subcommand)]
    Shipments(ListCommand),
    /// Export a table.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Copies of the database: create, list, verify, restore.
    #[command(subcommand)]
    Backup(backup::BackupCommand),
    /// Run the simulated MercadoLibre (OAuth2 server and API) until Ctrl-C.
    Sim {
        #[arg(long, default_value_t = 0)]
        port: u16,
        #[arg(long, default_value_t = 200)]
        items: u64,
        #[arg(long, default_value_t = 200)]
        orders: u64,
        /// Access-token lifetime in seconds (MercadoLibre's is 21600).
        #[arg(long, default_value_t = 21_600)]
        access_ttl: u64,
        /// Approve authorizations without showing the consent page.
        #[arg(long)]
        auto_approve: bool,
        /// Enable the /_sim control API.
        #[arg(long)]
        control: bool,
    },
}

#[derive(Subcommand)]
enum ProductsCommand {
    /// Newest first.
    List {
        #[arg(long)]
        shop: Option<storedesk_core::model::ShopId>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Queue new values for a listing (or one of its variations); prints the outbox row ids.
    Set(edit::SetArgs),
}

#[derive(Subcommand)]
enum ListCommand {
    /// Newest first.
    List {
        #[arg(long)]
        shop: Option<storedesk_core::model::ShopId>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum OrdersCommand {
    /// Newest first.
    List {
        #[arg(long)]
        shop: Option<storedesk_core::model::ShopId>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// One order by its id in the shop, with its items, shipment and fulfilment.
    Show {
        shop: storedesk_core::model::ShopId,
        order_id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Every row of a table as CSV (RFC 4180), to a file or stdout.
    Csv {
        #[arg(value_enum)]
        table: list::Table,
        #[arg(long)]
        shop: Option<storedesk_core::model::ShopId>,
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[tokio::main]
async fn main() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
    let cli = Cli::parse();
    let data_dir = cli.data_dir.unwrap_or_else(storedesk_core::paths::data_dir);
    if let Err(message) = run(data_dir, cli.command).await {
        eprintln!("storedesk-cli: {message}");
        std::process::exit(1);
    }
}

async fn run(data_dir: PathBuf, command: Command) -> crate::Outcome {
    if let Command::Sim { port, items, orders, access_ttl, auto_approve, control } = command {
        return sim(port, items, orders, access_ttl, auto_approve, control).await;
    }
    // Backups work on files (restoring one must not open the database it replaces).
    if let Command::Backup(command) = command {
        return backup::run(&data_dir, command).await;
    }
    // The daemon owns background work; every other command is a guest that touches only what it starts.
    let role = if matches!(command, Command::Daemon { .. } | Command::Serve(_)) { Role::Owner } else { Role::Guest };
    let app = App::open(data_dir, role).await?;
    let result = match command {
        Command::Shop(command) => shop::run(&app, command).await,
        Command::Sync { shop, resource, json } => sync::sync(&app, shop, resource, json).await,
        Command::Daemon { serve: false, .. } => sync::daemon(&app).await,
        Command::Daemon { serve: true, api } | Command::Serve(api) => api::run_server(&app, &api).await,
        Command::Apikey(command) => api::apikey(&app, command).await,
        Command::Webhook(command) => api::webhook(&app, command).await,
        Command::Catalogue(command) => catalogue::run(&app, command).await,
        Command::Products(ProductsCommand::List { shop, limit, json }) => {
            list::list(&app, list::Table::Products, shop, limit, json).await
        }
        Command::Products(ProductsCommand::Set(args)) => edit::set(&app, args).await,
        Command::Outbox(command) => edit::outbox(&app, command).await,
        Command::Orders(OrdersCommand::List { shop, limit, json }) => {
            list::list(&app, list::Table::Orders, shop, limit, json).await
        }
        Command::Orders(OrdersCommand::Show { shop, order_id, json }) => {
            warehouse::show_order(&app, shop, &order_id, json).await
        }
        Command::Warehouse(command) => warehouse::run(&app, command).await,
        Command::Offers(command) => offers::run(&app, command).await,
        Command::Shipments(ListCommand::List { shop, limit, json }) => {
            list::list(&app, list::Table::Shipments, shop, limit, json).await
        }
        Command::Export(ExportCommand::Csv { table, shop, output }) => {
            list::export_csv(&app, table, shop, output.as_deref()).await
        }
        Command::Sim { .. } | Command::Backup(_) => Ok(()),
    };
    app.close().await;
    result
}

async fn sim(port: u16, items: u64, orders: u64, access_ttl: u64, auto_approve: bool, control: bool) -> crate::Outcome {
    let config = storedesk_sim::SimConfig {
        port,
        items,
        orders,
        access_ttl: std::time::Duration::from_secs(access_ttl),
        auto_approve,
        control,
        ..Default::default()
    };
    let sim = storedesk_sim::spawn(config).await.map_err(|e| format!("cannot start the simulator: {e}"))?;
    println!("{}", sim.base_url());
    tokio::signal::ctrl_c().await.map_err(|e| e.to_string())?;
    sim.shutdown().await;
    Ok(())
}
