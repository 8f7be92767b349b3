//! storedesk-cli as a person or a script uses it: real processes, a real data directory, real HTTP to
//! storedesk-sim.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_connect_list_check_and_disconnect() {
    let sim = sim().await;
    let data = tempfile::tempdir().unwrap();
    let shop = add_shop(data.path(), &sim);
    connect(data.path(), &shop).await;

    let list = run(data.path(), &["shop", "list", "--json"]);
    assert!(list.status.success());
    let shops: serde_json::Value = serde_json::from_slice(&list.stdout).expect("JSON");
    assert_eq!(shops[0]["status"], "connected");
    assert_eq!(shops[0]["name"], "Tienda CLI");
    assert!(!String::from_utf8_lossy(&list.stdout).contains("cli-secret"), "no secret in the listing");

    let check = run(data.path(), &["shop", "check", &shop]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    assert!(stdout(&check).starts_with(&sim.seller_id().to_string()));

    let off = run(data.path(), &["shop", "disconnect", &shop]);
    assert!(off.status.success());
    let check = run(data.path(), &["shop", "check", &shop]);
    assert!(!check.status.success());
    let err = String::from_utf8_lossy(&check.stderr);
    assert_eq!(err.trim().lines().count(), 1, "one clear line: {err}");
    assert!(err.contains("not connected"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_paste_flow_reads_the_final_url_from_stdin() {
    let sim = sim().await;
    let data = tempfile::tempdir().unwrap();
    let shop = add_shop(data.path(), &sim);
    let mut child = cli(data.path())
        .args(["shop", "connect", &shop, "--no-browser", "--paste", REGISTERED])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut url = String::new();
    out.read_line(&mut url).unwrap();
    let browser = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let answer = browser.get(url.trim()).send().await.unwrap();
    let final_url = answer.headers()["location"].to_str().unwrap().to_owned();
    assert!(final_url.starts_with(REGISTERED));
    writeln!(child.stdin.take().unwrap(), "{final_url}").unwrap();
    assert!(child.wait().unwrap().success());
    let list = stdout(&run(data.path(), &["shop", "list"]));
    assert!(list.contains("connected"), "{list}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_hitting_an_expired_token_refresh_once() {
    let sim = sim().await;
    let data = tempfile::tempdir().unwrap();
    let shop = add_shop(data.path(), &sim);
    connect(data.path(), &shop).await;
    sim.control().expire_access_tokens();

    let both: Vec<_> = (0..2)
        .map(|_| {
            cli(data.path())
                .args(["shop", "check", &shop])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in both {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let stats = sim.stats();
    assert_eq!(stats.refreshes, 1, "the loser read the winner's pair: {stats:?}");
    assert_eq!(stats.invalid_grant, 0, "no single-use refresh token was sent twice");
}

#[test]
fn bad_input_is_one_clear_line_and_a_non_zero_exit() {
    let data = tempfile::tempdir().unwrap();
    let out = run(
        data.path(),
        &[
            "shop",
            "add",
            "mercadolibre",
            "--name",
            "X",
            "--api-base",
            "not a url",
            "--client-id",
            "a",
            "--client-secret",
            "b",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("storedesk-cli: ") && err.contains("API"), "{err}");
    let out = run(data.path(), &["shop", "connect", "999", "--no-browser"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("shop 999"), "names what is missing");
    let listed = stdout(&run(data.path(), &["shop", "list"]));
    assert!(listed.is_empty(), "the failed add stored nothing: {listed}");
}

/// `products set` queues edits and prints their outbox ids; bad values are one clear line, nothing queued;
/// `outbox list|push|retry|discard|resolve` do what they say.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn products_set_queues_edits_and_outbox_commands_handle_them() {
    let sim = sim().await;
    let data = tempfile::tempdir().unwrap();
    let shop = add_shop(data.path(), &sim);
    connect(data.path(), &shop).await;
    assert!(run(data.path(), &["sync", &shop, "--resource", "products"]).status.success());
    let listed = run(data.path(), &["products", "list", "--json", "--limit", "200"]);
    let rows: Vec<serde_json::Value> =
        stdout(&listed).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    let plain = rows.iter().find(|r| r["state"] == "active" && r["variant_count"] == 0).expect("a plain listing");
    let item = plain["remote_id"].as_str().unwrap();

    for bad in
        [vec!["--price", "abc"], vec!["--price", "12.345"], vec!["--stock", "-3"], vec!["--status", "deleted"], vec![]]
    {
        let mut args = vec!["products", "set", &shop, item];
        args.extend(bad.iter().copied());
        let out = run(data.path(), &args);
        assert!(!out.status.success(), "{bad:?} is refused");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.trim().is_empty(), "{bad:?}: says why");
    }
    assert!(stdout(&run(data.path(), &["outbox", "list"])).is_empty(), "nothing was queued");
    let missing = run(data.path(), &["products", "set", &shop, "MLA404", "--price", "10"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("not found"));

    let set = run(data.path(), &["products", "set", &shop, item, "--price", "1234.50", "--stock", "7"]);
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let ids: Vec<i64> = stdout(&set).lines().map(|l| l.parse().expect("an outbox id")).collect();
    assert_eq!(ids.len(), 2);
    let pending = run(data.path(), &["outbox", "list", "--status", "pending", "--json"]);
    assert_eq!(stdout(&pending).lines().count(), 2);
    let pushed = run(data.path(), &["outbox", "push", "--json"]);
    assert!(pushed.status.success(), "{}", String::from_utf8_lossy(&pushed.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&pushed.stdout).unwrap();
    assert_eq!((summary["sent"].as_i64(), summary["pending"].as_i64()), (Some(2), Some(0)));
    let on_shop = sim.control().item(item).unwrap();
    assert_eq!((on_shop["price"].as_f64(), on_shop["available_quantity"].as_i64()), (Some(1234.5), Some(7)));

    // A conflict, resolved from the command line.
    let set = run(data.path(), &["products", "set", &shop, item, "--price", "999"]);
    let id = stdout(&set);
    sim.control().change_item(item, Some(88_800), None);
    let pushed = run(data.path(), &["outbox", "push"]);
    assert!(stdout(&pushed).contains("1 conflict"), "{}", stdout(&pushed));
    let resolved = run(data.path(), &["outbox", "resolve", &id, "--keep-mine"]);
    assert!(resolved.status.success(), "{}", String::from_utf8_lossy(&resolved.stderr));
    assert!(run(data.path(), &["outbox", "push"]).status.success());
    assert_eq!(sim.control().item(item).unwrap()["price"].as_f64(), Some(999.0));
    // Discarding what is already sent is refused, in one line.
    let refused = run(data.path(), &["outbox", "discard", &id]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("already sent"));
}

/// A webhook receiver: answers 500 to the first `fail` calls and holds call `fail + 1` for `hold`; keeps
/// the `webhook-id` of every call it accepted.
async fn receiver(fail: usize, hold: Duration) -> (String, Arc<Mutex<Vec<String>>>, Arc<Mutex<usize>>) {
    use axum::http::{HeaderMap, StatusCode};
    let accepted: Arc<Mutex<Vec<String>>> = Arc::default();
    let calls: Arc<Mutex<usize>> = Arc::default();
    let (acc, seen) = (accepted.clone(), calls.clone());
    let handler = move |headers: HeaderMap| {
        let (acc, seen) = (acc.clone(), seen.clone());
        async move {
            let n = {
                let mut c = seen.lock().unwrap();
                *c += 1;
                *c
            };
            if n <= fail {
                return StatusCode::INTERNAL_SERVER_ERROR;
            }
            if n == fail + 1 {
                tokio::time::sleep(hold).await;
            }
            let id = headers.get("webhook-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
            acc.lock().unwrap().push(id);
            StatusCode::NO_CONTENT
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let router = axum::Router::new().route("/hook", axum::routing::post(handler));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, accepted, calls)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn serve(data: &std::path::Path, port: u16) -> std::process::Child {
    cli(data)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve")
}

/// The README's five minutes with the local API, as a newcomer types them: `serve`, a key, `/docs`,
/// orders with an HTTP client; a webhook whose receiver fails three times and whose server is killed
/// (SIGKILL) mid-delivery still gets every order once; a revoked key is refused; a public address needs TLS.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_local_api_tour_from_the_readme_and_webhooks_survive_a_kill() {
    let sim = sim_with(storedesk_sim::SimConfig { items: 30, orders: 40, ..Default::default() }).await;
    let data = tempfile::tempdir().unwrap();
    let shop = add_shop(data.path(), &sim);
    connect(data.path(), &shop).await;
    let (hook, accepted, calls) = receiver(3, Duration::from_secs(3)).await;
    let added = run(data.path(), &["webhook", "add", "--url", &hook, "--event", "order.created"]);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    assert!(stdout(&added).starts_with("whsec_"), "the signing secret, once");

    let port = free_port();
    let mut server = serve(data.path(), port);
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let started = std::time::Instant::now();
    while http.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "serve did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let created = run(data.path(), &["apikey", "create", "--name", "erp", "--role", "service"]);
    let key = stdout(&created);
    assert!(key.starts_with("sd_"), "{key}");
    assert!(run(data.path(), &["apikey", "list"]).status.success());
    let docs = http.get(format!("{base}/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), 200);
    let orders = loop {
        let page: serde_json::Value = http
            .get(format!("{base}/api/v1/orders?limit=100"))
            .bearer_auth(&key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let n = page["rows"].as_array().map_or(0, Vec::len);
        if n == 40 {
            break n;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the orders never synced: {page}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };

    // The receiver holds a delivery; the server is killed meanwhile, then started again.
    while *calls.lock().unwrap() < 4 {
        assert!(started.elapsed() < Duration::from_secs(90), "no delivery in flight");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let mut server = serve(data.path(), port);
    let deliveries = loop {
        let out = run(data.path(), &["webhook", "deliveries", "--json", "--limit", "1000"]);
        let rows: Vec<serde_json::Value> = stdout(&out).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
        if rows.len() == orders && rows.iter().all(|r| r["status"] == "delivered") {
            break rows;
        }
        assert!(started.elapsed() < Duration::from_secs(180), "deliveries still pending: {}", rows.len());
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    let got = accepted.lock().unwrap().clone();
    for d in &deliveries {
        let id = format!("msg_{}", d["id"]);
        assert!(got.contains(&id), "{id} reached the receiver");
    }
    let mut unique = got.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), orders, "one event per order, however often one was re-sent after the kill");

    // A revoked key is refused at once; a public address without TLS is refused with the reason.
    let id = run(data.path(), &["apikey", "list", "--json"]);
    let listed: serde_json::Value = serde_json::from_str(stdout(&id).lines().next().unwrap()).unwrap();
    assert!(run(data.path(), &["apikey", "revoke", &listed["id"].to_string()]).status.success());
    let refused = http.get(format!("{base}/api/v1/orders")).bearer_auth(&key).send().await.unwrap();
    assert_eq!(refused.status(), 401);
    let public = run(data.path(), &["serve", "--listen", "0.0.0.0:0"]);
    assert!(!public.status.success());
    assert!(String::from_utf8_lossy(&public.stderr).contains("TLS"));

    std::process::Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert!(server.wait().unwrap().success(), "SIGTERM stops serve cleanly");
}

/// `catalogue list|link|unlink|merge`: the JSON shape scripts read, a link by hand shown and kept, an
/// unlink listed as unbound, two items merged, and a listing storedesk does not have refused in one line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalogue_commands_list_link_unlink_and_merge() {
    let sim = sim().await;
    let data = tempfile::tempdir().unwrap();
    let shop = add_shop(data.path(), &sim);
    connect(data.path(), &shop).await;
    assert!(run(data.path(), &["sync", &shop, "--resource", "products"]).status.success());
    let lines = |args: &[&str]| -> Vec<serde_json::Value> {
        let out = run(data.path(), args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        stdout(&out).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
    };
    let items = lines(&["catalogue", "list", "--json"]);
    assert!(!items.is_empty());
    let first = &items[0];
    assert!(first["sku"].is_string() && first["title"].is_string(), "{first}");
    let listing = &first["listings"][0];
    for field in ["shop", "remote_id", "variation_id", "price", "stock", "status"] {
        assert!(listing.get(field).is_some(), "{field} in {listing}");
    }
    // A plain listing (no variations) bound to a SKU of staff's choosing.
    let plain = items
        .iter()
        .flat_map(|i| i["listings"].as_array().cloned().unwrap_or_default())
        .find(|l| l["variation_id"].is_null())
        .expect("a listing without variations");
    let remote = plain["remote_id"].as_str().unwrap().to_owned();
    let linked = run(data.path(), &["catalogue", "link", &shop, &remote, "--sku", "STAFF-1"]);
    assert!(linked.status.success(), "{}", String::from_utf8_lossy(&linked.stderr));
    let staff = lines(&["catalogue", "list", "--json"]);
    let item = staff.iter().find(|i| i["sku"] == "STAFF-1").expect("the item made by the link");
    assert_eq!(item["listings"][0]["remote_id"], remote.as_str());
    assert_eq!(item["listings"][0]["bound_by"], "manual");
    // Merged into another item: one item holds both listings.
    let other = staff.iter().find(|i| i["sku"] != "STAFF-1").unwrap();
    let other_sku = other["sku"].as_str().unwrap().to_owned();
    let merged = run(data.path(), &["catalogue", "merge", "STAFF-1", &other_sku]);
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    let after = lines(&["catalogue", "list", "--json"]);
    assert!(!after.iter().any(|i| i["sku"] == "STAFF-1"), "the merged item is gone");
    let into = after.iter().find(|i| i["sku"] == other_sku.as_str()).unwrap();
    assert!(into["listings"].as_array().unwrap().iter().any(|l| l["remote_id"] == remote.as_str()));
    // Unlinked: listed as unbound, and why.
    assert!(run(data.path(), &["catalogue", "unlink", &shop, &remote]).status.success());
    let unbound = lines(&["catalogue", "list", "--unbound", "--json"]);
    let row = unbound.iter().find(|r| r["listings"][0]["remote_id"] == remote.as_str()).expect("listed as unbound");
    assert_eq!(row["listings"][0]["unbound"], "unlinked");
    // Bad input: one clear line, a non-zero exit.
    let missing = run(data.path(), &["catalogue", "link", &shop, "MLA404", "--sku", "X"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("not found"));
}

/// A moment in `0..span`, different in every run (the seed is printed, to replay a failure).
fn moments(n: usize, span: Duration) -> Vec<Duration> {
    let mut x = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    eprintln!("kill moments seed: {x}");
    (0..n)
        .map(|_| {
            // xorshift64: enough to spread the kills; not for anything secret.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            span.mul_f64((x % 10_000) as f64 / 10_000.0)
        })
        .collect()
}

fn listed(data: &std::path::Path) -> Vec<serde_json::Value> {
    let out = run(data, &["backup", "list", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    stdout(&out).lines().map(|l| serde_json::from_str(l).expect("one JSON copy per line")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_survive_kills_at_any_moment_and_restore_waits_for_storedesk_to_quit() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    // A database big enough for a copy to take a while.
    {
        let store = storedesk_core::Store::open(data).await.unwrap();
        storedesk_core::fixtures::seed(&store, "Tienda", 10_000, 10_000).await.unwrap();
        store.close().await;
    }
    let started = std::time::Instant::now();
    let out = run(data, &["backup", "create", "--json"]);
    let took = started.elapsed();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let first: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(first["contents"]["products"], 10_000);

    // SIGKILL at ten moments of a copy's life: whatever is left, nothing incomplete is listed as good.
    let mut cut_short = std::collections::BTreeSet::new();
    for (i, at) in moments(10, took).into_iter().enumerate() {
        let mut child =
            cli(data).args(["backup", "create"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        if i % 2 == 1 {
            // Every other kill lands while the copy is being written for certain: once its file appears.
            let writing = || {
                std::fs::read_dir(data.join("backups")).into_iter().flatten().flatten().any(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.ends_with(".partial") && !cut_short.contains(&name)
                })
            };
            let deadline = std::time::Instant::now() + Duration::from_secs(20);
            while !writing() && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(2));
            }
            std::thread::sleep(at / 4);
        } else {
            std::thread::sleep(at);
        }
        let _ = child.kill();
        let _ = child.wait();
        let left = std::fs::read_dir(data.join("backups")).unwrap();
        let names = left.map(|e| e.unwrap().file_name().to_string_lossy().into_owned());
        cut_short.extend(names.filter(|n| n.ends_with(".partial")));
        for copy in listed(data) {
            assert!(copy["problem"].is_null(), "killed after {at:?}: {copy}");
            let path = copy["path"].as_str().unwrap();
            let verified = run(data, &["backup", "verify", path]);
            assert!(verified.status.success(), "killed after {at:?}, {path} is listed but does not verify");
        }
    }
    eprintln!("a copy takes {took:?}; {} kills left a half-written copy behind", cut_short.len());
    assert!(!cut_short.is_empty(), "some kill landed while a copy was being written");
    // The next copy works, and clears what killed writers left half-written.
    assert!(run(data, &["backup", "create"]).status.success());
    let names: Vec<String> = std::fs::read_dir(data.join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".partial")), "{names:?}");
    let copies = listed(data);
    assert!(copies.len() >= 2, "{copies:?}");
    let newest = copies[0]["path"].as_str().unwrap().to_owned();

    // Restoring under a running storedesk is refused, with the reason; once it quits, the copy goes in.
    let owner = storedesk_app::App::open(data, storedesk_app::Role::Owner).await.unwrap();
    let refused = run(data, &["backup", "restore", &newest]);
    assert!(!refused.status.success());
    let reason = String::from_utf8_lossy(&refused.stderr);
    assert!(reason.contains("storedesk is running on this data directory") && reason.contains("quit it"), "{reason}");
    owner.close().await;
    drop(owner);
    let restored = run(data, &["backup", "restore", &newest]);
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    assert!(
        stdout(&restored).contains("10000 products") && stdout(&restored).contains("kept as"),
        "{}",
        stdout(&restored)
    );
    let out = run(data, &["products", "list", "--limit", "1"]);
    assert!(out.status.success() && !stdout(&out).is_empty(), "the restored database opens");

    // A new machine: a copy restored into a data directory that does not exist yet.
    let elsewhere = tempfile::tempdir().unwrap();
    let fresh = elsewhere.path().join("new-machine");
    assert!(run(&fresh, &["backup", "restore", &newest]).status.success());
    let out = run(&fresh, &["products", "list", "--limit", "5", "--json"]);
    assert_eq!(stdout(&out).lines().count(), 5, "{}", String::from_utf8_lossy(&out.stderr));

    // Bad input: one clear line each, nothing replaced.
    let garbage = data.join("not-a-backup.db");
    std::fs::write(&garbage, b"yerba, mate, termo".repeat(300)).unwrap();
    for args in [["backup", "verify"], ["backup", "restore"]] {
        let out = run(data, &[args[0], args[1], garbage.to_str().unwrap()]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("is not a storedesk database") && err.lines().count() == 1, "{err}");
    }
    assert!(storedesk_core::backup::verify(&storedesk_core::paths::database_file(data)).await.is_ok());
}
