//! `storedesk-cli shop …`

use std::io::BufRead;
use std::path::Path;

use clap::{Subcommand, ValueEnum};
use storedesk_connectors::connect::{ShopSetup, LOOPBACK_LIMIT};
use storedesk_connectors::{Connector, RedirectMode, Shops};
use storedesk_core::model::{NewShop, ShopId, ShopKind};
use storedesk_core::vault::{KeySource, Vault};
use storedesk_core::Store;

#[derive(Subcommand)]
pub enum ShopCommand {
    /// Add a shop; prints its id.
    Add {
        kind: Kind,
        #[arg(long)]
        name: String,
        /// The site (country), e.g. MLA, MLB, MLM.
        #[arg(long, default_value = "MLA")]
        site: String,
        #[arg(long, value_name = "URL")]
        api_base: Option<String>,
        #[arg(long, value_name = "URL")]
        auth_base: Option<String>,
        #[arg(long)]
        client_id: String,
        #[arg(long)]
        client_secret: String,
    },
    /// List shops.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Connect a shop through the provider's authorization page.
    Connect {
        shop: ShopId,
        /// Print the authorization URL without opening a browser.
        #[arg(long)]
        no_browser: bool,
        /// A registered HTTPS redirect URI: after authorizing, paste the browser's final URL (or the code)
        /// on standard input. Without it, a one-shot listener on 127.0.0.1 receives the redirect.
        #[arg(long, value_name = "URI")]
        paste: Option<String>,
    },
    /// Delete a shop's tokens; its data stays.
    Disconnect { shop: ShopId },
    /// Ask the provider who the shop's account is (checks the connection, refreshing if due).
    Check { shop: ShopId },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Mercadolibre,
}

fn key_source() -> KeySource {
    match std::env::var("STOREDESK_KEYRING").as_deref() {
        Ok("off") => KeySource::FileOnly,
        _ => KeySource::KeyringOrFile,
    }
}

pub async fn open(data_dir: &Path) -> Result<Shops, String> {
    let store = Store::open(data_dir).await.map_err(|e| e.to_string())?;
    let vault = Vault::open(data_dir, key_source()).map_err(|e| e.to_string())?;
    Ok(Shops::new(store, vault))
}

pub async fn run(data_dir: &Path, command: ShopCommand) -> Result<(), String> {
    let shops = open(data_dir).await?;
    let connector = Connector::new(shops.clone());
    match command {
        ShopCommand::Add { kind: Kind::Mercadolibre, name, site, api_base, auth_base, client_id, client_secret } => {
            let setup = ShopSetup {
                shop: NewShop { kind: ShopKind::Mercadolibre, name, site: Some(site), api_base, auth_base },
                client_id,
                client_secret,
            };
            let id = connector.add_shop(&setup).await.map_err(|e| e.to_string())?;
            println!("{id}");
        }
        ShopCommand::List { json } => {
            let list = shops.store.list_shops().await.map_err(|e| e.to_string())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?);
            } else {
                for s in list {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        s.id,
                        s.kind.as_str(),
                        s.name,
                        s.status.as_str(),
                        s.account_name.unwrap_or_default()
                    );
                }
            }
        }
        ShopCommand::Connect { shop, no_browser, paste } => {
            let mode = match &paste {
                Some(uri) => RedirectMode::Registered(uri.clone()),
                None => RedirectMode::Loopback,
            };
            let attempt = connector.begin(shop, mode).await.map_err(|e| e.to_string())?;
            println!("{}", attempt.authorize_url);
            if !no_browser {
                open_browser(&attempt.authorize_url);
            }
            let connected = if paste.is_some() {
                eprintln!("Authorize in the browser, then paste the final URL (or the code) here:");
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
                connector.finish_pasted(attempt, &line).await
            } else {
                connector.finish_via_loopback(attempt, LOOPBACK_LIMIT).await
            }
            .map_err(|e| e.to_string())?;
            println!("connected {} as {}", connected.name, connected.account_name.unwrap_or_default());
        }
        ShopCommand::Disconnect { shop } => {
            connector.disconnect(shop).await.map_err(|e| e.to_string())?;
            println!("disconnected {shop}");
        }
        ShopCommand::Check { shop } => {
            let meli = shops.meli(shop).await.map_err(|e| e.to_string())?;
            let me = meli.me(&storedesk_connectors::api::Tally::default()).await.map_err(|e| e.to_string())?;
            println!("{}\t{}", me.id, me.nickname);
        }
    }
    Ok(())
}

/// Opens the system browser; when there is none, the printed URL is the way.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("(no browser could be opened: open the URL above yourself)");
    }
}
