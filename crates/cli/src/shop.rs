//! `storedesk-cli shop …`: a few lines each over `App`.

use std::io::BufRead;

use clap::{Subcommand, ValueEnum};
use storedesk_app::{App, ConnectHow, NewShopWithApp};
use storedesk_core::model::{ShopId, ShopKind};

#[derive(Subcommand)]
pub enum ShopCommand {
    /// Add a shop; prints its id. A MercadoLibre store takes its app's client id and secret (then
    /// `shop connect`); a warehouse takes its personal access token, checked at once.
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
        #[arg(long, required_if_eq("kind", "mercadolibre"))]
        client_id: Option<String>,
        #[arg(long, required_if_eq("kind", "mercadolibre"))]
        client_secret: Option<String>,
        /// A warehouse's personal access token.
        #[arg(long, required_if_eq("kind", "warehouse"))]
        token: Option<String>,
        /// An offers service's refresh token.
        #[arg(long, required_if_eq("kind", "offers"))]
        refresh_token: Option<String>,
    },
    /// Give a warehouse a new personal access token (after the old one was revoked).
    Token {
        shop: ShopId,
        #[arg(long)]
        token: String,
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
    /// A ShipBob fulfilment warehouse.
    Warehouse,
    /// The partner offers service.
    Offers,
}

pub async fn run(app: &App, command: ShopCommand) -> crate::Outcome {
    match command {
        ShopCommand::Add {
            kind: Kind::Mercadolibre,
            name,
            site,
            api_base,
            auth_base,
            client_id,
            client_secret,
            ..
        } => {
            let new = NewShopWithApp {
                kind: ShopKind::Mercadolibre,
                name,
                site: Some(site),
                api_base,
                auth_base,
                client_id: client_id.unwrap_or_default(),
                client_secret: client_secret.unwrap_or_default(),
            };
            println!("{}", app.add_shop_with_app(new).await?.id);
        }
        ShopCommand::Add { kind: Kind::Warehouse, name, api_base, token, .. } => {
            let shop = app.add_warehouse(&name, api_base.as_deref(), token.as_deref().unwrap_or_default()).await?;
            println!("{}", shop.id);
        }
        ShopCommand::Add { kind: Kind::Offers, name, api_base, refresh_token, .. } => {
            let base = api_base.ok_or("an offers service needs --api-base")?;
            let shop = app.add_offers_service(&name, &base, refresh_token.as_deref().unwrap_or_default()).await?;
            println!("{}", shop.id);
        }
        ShopCommand::Token { shop, token } => {
            let shop = app.set_warehouse_token(shop, &token).await?;
            println!("connected {} through channel {}", shop.name, shop.account_name.unwrap_or_default());
        }
        ShopCommand::List { json } => {
            let list = app.list_shops().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?);
            }
            for s in list.iter().filter(|_| !json) {
                let account = s.account_name.as_deref().unwrap_or_default();
                println!("{}\t{}\t{}\t{}\t{account}", s.id, s.kind.as_str(), s.name, s.status.as_str());
            }
        }
        ShopCommand::Connect { shop, no_browser, paste } => {
            let how = paste.map_or(ConnectHow::Loopback, ConnectHow::Registered);
            let start = app.begin_connect(shop, how).await?;
            println!("{}", start.authorize_url);
            if !no_browser {
                open_browser(&start.authorize_url);
            }
            let connected = if start.paste {
                eprintln!("Authorize in the browser, then paste the final URL (or the code) here:");
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line).map_err(|e| e.to_string())?;
                app.finish_connect(start.attempt_id, &line).await?
            } else {
                app.wait_connect(start.attempt_id).await?
            };
            println!("connected {} as {}", connected.name, connected.account_name.unwrap_or_default());
        }
        ShopCommand::Disconnect { shop } => {
            app.disconnect_shop(shop).await?;
            println!("disconnected {shop}");
        }
        ShopCommand::Check { shop } => {
            let account = app.check_shop(shop).await?;
            println!("{}\t{}", account.account_id, account.nickname);
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
