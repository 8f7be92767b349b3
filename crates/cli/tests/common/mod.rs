//! Real storedesk-cli processes against a real simulator, as a person or a script runs them.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use storedesk_sim::{ClientApp, SimConfig, SimHandle};

pub const CLI: &str = env!("CARGO_BIN_EXE_storedesk-cli");
pub const REGISTERED: &str = "https://storedesk.example.test/oauth/callback";

pub fn cli(data: &Path) -> Command {
    let mut cmd = Command::new(CLI);
    cmd.arg("--data-dir").arg(data).env("STOREDESK_KEYRING", "off").env_remove("RUST_LOG");
    cmd
}

pub fn run(data: &Path, args: &[&str]) -> Output {
    cli(data).args(args).output().expect("run storedesk-cli")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

pub async fn sim() -> SimHandle {
    sim_with(SimConfig::default()).await
}

/// A simulator with the CLI's client app registered on top of `config`.
pub async fn sim_with(config: SimConfig) -> SimHandle {
    storedesk_sim::spawn(SimConfig {
        auto_approve: true,
        control: true,
        clients: vec![ClientApp {
            id: "cli-app".into(),
            secret: "cli-secret".into(),
            redirect_uris: vec![REGISTERED.into()],
            allow_loopback: true,
        }],
        ..config
    })
    .await
    .expect("sim")
}

pub fn add_shop(data: &Path, sim: &SimHandle) -> String {
    let base = sim.base_url();
    let out = run(
        data,
        &[
            "shop",
            "add",
            "mercadolibre",
            "--name",
            "Tienda CLI",
            "--site",
            "MLA",
            "--api-base",
            &base,
            "--auth-base",
            &base,
            "--client-id",
            "cli-app",
            "--client-secret",
            "cli-secret",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let id = stdout(&out);
    assert!(id.parse::<i64>().is_ok(), "prints the new shop id: {id}");
    id
}

/// Connects through the loopback: reads the printed URL and plays the browser (auto-approve).
pub async fn connect(data: &Path, shop: &str) {
    let mut child = cli(data)
        .args(["shop", "connect", shop, "--no-browser"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn connect");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout"));
    let mut url = String::new();
    lines.read_line(&mut url).expect("the URL line");
    assert!(url.contains("code_challenge="), "the authorization URL on a line of its own: {url}");
    // Following the redirects lands on the CLI's loopback listener.
    let landed = reqwest::get(url.trim()).await.expect("authorize");
    assert!(landed.status().is_success());
    let status = child.wait().expect("connect exits");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut lines, &mut rest).ok();
    assert!(status.success(), "connect failed");
    assert!(rest.contains("connected Tienda CLI as"), "{rest}");
}
