//! `storedesk-sim [--port P] [--items N] [--orders N] [--access-ttl SECONDS] [--auto-approve] [--control] [--rate R]`
//! Prints the base URL and the demo client's credentials, then serves until Ctrl-C.

use std::process::ExitCode;
use std::time::Duration;

use storedesk_sim::{RateLimit, SimConfig};

const USAGE: &str = "usage: storedesk-sim [--port P] [--items N] [--orders N] [--seed S] [--access-ttl SECONDS] \
                     [--auto-approve] [--control] [--rate REQUESTS_PER_SECOND]";

fn parse_args(args: impl Iterator<Item = String>) -> Result<SimConfig, String> {
    let mut c = SimConfig::default();
    let mut args = args.peekable();
    while let Some(a) = args.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) => (f.to_string(), Some(v.to_string())),
            None => (a.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{name} needs a value"))
        };
        let bad = |name: &str, v: &str| format!("invalid value for {name}: {v}");
        match flag.as_str() {
            "--port" => {
                let v = value("--port")?;
                c.port = v.parse().map_err(|_| bad("--port", &v))?;
            }
            "--items" => {
                let v = value("--items")?;
                c.items = v.parse().map_err(|_| bad("--items", &v))?;
            }
            "--orders" => {
                let v = value("--orders")?;
                c.orders = v.parse().map_err(|_| bad("--orders", &v))?;
            }
            "--seed" => {
                let v = value("--seed")?;
                c.seed = v.parse().map_err(|_| bad("--seed", &v))?;
            }
            "--access-ttl" => {
                let v = value("--access-ttl")?;
                c.access_ttl = Duration::from_secs(v.parse().map_err(|_| bad("--access-ttl", &v))?);
            }
            "--rate" => {
                let v = value("--rate")?;
                let r: f64 = v.parse().map_err(|_| bad("--rate", &v))?;
                if !(r.is_finite() && r > 0.0) {
                    return Err(bad("--rate", &v));
                }
                c.rate_limit = Some(RateLimit { per_second: r, burst: r.ceil().max(1.0) as u32 });
            }
            "--auto-approve" => c.auto_approve = true,
            "--control" => c.control = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(c)
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("{e}");
            }
            eprintln!("{USAGE}");
            return if e.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) };
        }
    };
    let client = config.clients.first().cloned();
    let sim = match storedesk_sim::spawn(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot start the simulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("base_url={}", sim.base_url());
    if let Some(c) = client {
        println!("client_id={}", c.id);
        println!("client_secret={}", c.secret);
    }
    println!("seller_id={}", sim.seller_id());
    let _ = tokio::signal::ctrl_c().await;
    sim.shutdown().await;
    ExitCode::SUCCESS
}
