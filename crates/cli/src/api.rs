//! The local API from the command line: `serve` (the daemon with the API on), `apikey` and `webhook`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use storedesk_api::{serve, ServeOptions, TlsFiles};
use storedesk_app::App;
use storedesk_core::model::{ApiRole, WEBHOOK_EVENTS};

/// Where and how the API listens.
#[derive(Args, Clone)]
pub struct ServeArgs {
    /// The address to listen on (loopback unless --allow-remote with TLS).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// PEM certificate chain (needed with --allow-remote).
    #[arg(long, requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of the certificate.
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Serve on an address other machines can reach: anyone there may try keys; TLS is required.
    #[arg(long)]
    pub allow_remote: bool,
    /// Let a local Prometheus scrape /metrics from loopback without a key.
    #[arg(long)]
    pub metrics_open: bool,
}

impl ServeArgs {
    pub fn options(&self) -> ServeOptions {
        ServeOptions {
            listen: self.listen,
            tls: match (&self.tls_cert, &self.tls_key) {
                (Some(cert), Some(key)) => Some(TlsFiles { cert: cert.clone(), key: key.clone() }),
                _ => None,
            },
            allow_remote: self.allow_remote,
            metrics_open_on_loopback: self.metrics_open,
            ..ServeOptions::loopback(0)
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Viewer,
    Staff,
    Service,
    Admin,
}

impl From<RoleArg> for ApiRole {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Viewer => ApiRole::Viewer,
            RoleArg::Staff => ApiRole::Staff,
            RoleArg::Service => ApiRole::Service,
            RoleArg::Admin => ApiRole::Admin,
        }
    }
}

#[derive(Subcommand)]
pub enum ApiKeyCommand {
    /// Create a key; its secret is printed once (stdout), and only its hash is kept.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// Keys with their role and last use.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Revoke a key at once.
    Revoke { id: i64 },
}

#[derive(Subcommand)]
pub enum WebhookCommand {
    /// Subscribe a URL to events; the signing secret (whsec_…) is printed once.
    Add {
        #[arg(long)]
        url: String,
        /// Repeat for several: order.created, order.changed, fulfilment.changed, product.changed,
        /// product.low_stock, edit.rejected, sync.failed.
        #[arg(long = "event", required = true)]
        events: Vec<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Remove {
        id: i64,
    },
    /// Deliveries, newest first, with attempts and the receiver's last answer.
    Deliveries {
        #[arg(long)]
        webhook: Option<i64>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// Send a delivery again.
    Redeliver {
        id: i64,
    },
}

/// The daemon with the API on, until SIGTERM / Ctrl-C.
pub async fn run_server(app: &App, args: &ServeArgs) -> crate::Outcome {
    let server = serve(app.clone(), args.options()).await?;
    eprintln!(
        "storedesk-cli: the local API is at {0} (reference: {0}/docs); create a key with `storedesk-cli apikey create`",
        server.base_url()
    );
    crate::sync::daemon(app).await?;
    server.stop().await;
    Ok(())
}

fn date(ms: Option<i64>) -> String {
    ms.map(storedesk_core::time::rfc3339_utc).unwrap_or_else(|| "-".into())
}

pub async fn apikey(app: &App, command: ApiKeyCommand) -> crate::Outcome {
    match command {
        ApiKeyCommand::Create { name, role } => {
            let created = app.create_api_key(&name, role.into()).await?;
            eprintln!("key {} ({}) created; it is shown once, keep it now:", created.key.id, created.key.role.as_str());
            println!("{}", created.secret);
        }
        ApiKeyCommand::List { json } => {
            for k in app.list_api_keys().await? {
                if json {
                    println!("{}", serde_json::to_string(&k)?);
                } else {
                    let state = if k.revoked_at.is_some() { "revoked" } else { "live" };
                    println!(
                        "{:>4}  {:<8} {:<8} {:<12} {:<24} last used {}",
                        k.id,
                        k.role.as_str(),
                        state,
                        format!("{}…", k.prefix),
                        k.name,
                        date(k.last_used_at)
                    );
                }
            }
        }
        ApiKeyCommand::Revoke { id } => {
            let key = app.revoke_api_key(id).await?;
            println!("key {} ({}) revoked", key.id, key.name);
        }
    }
    Ok(())
}

pub async fn webhook(app: &App, command: WebhookCommand) -> crate::Outcome {
    match command {
        WebhookCommand::Add { url, events } => {
            let created = app
                .add_webhook(&url, &events)
                .await
                .map_err(|e| format!("{e} (events: {})", WEBHOOK_EVENTS.join(", ")))?;
            eprintln!("webhook {} added; its signing secret is shown once:", created.webhook.id);
            println!("{}", created.secret);
        }
        WebhookCommand::List { json } => {
            for w in app.list_webhooks().await? {
                if json {
                    println!("{}", serde_json::to_string(&w)?);
                } else {
                    println!("{:>4}  {}  {}", w.id, w.url, w.events.join(","));
                }
            }
        }
        WebhookCommand::Remove { id } => {
            app.remove_webhook(id).await?;
            println!("webhook {id} removed");
        }
        WebhookCommand::Deliveries { webhook, limit, json } => {
            for d in app.webhook_deliveries(webhook, limit).await? {
                if json {
                    println!("{}", serde_json::to_string(&d)?);
                } else {
                    println!(
                        "{:>6}  {:<18} {:<14} {:<9} {} attempts  last {}  {}",
                        d.id,
                        d.event,
                        d.entity,
                        format!("{:?}", d.status).to_lowercase(),
                        d.attempts,
                        d.last_status.map_or("-".into(), |s| s.to_string()),
                        date(d.delivered_at.or(Some(d.next_attempt_at)))
                    );
                }
            }
        }
        WebhookCommand::Redeliver { id } => {
            let d = app.redeliver(id).await?;
            println!("delivery {} queued again", d.id);
        }
    }
    Ok(())
}
