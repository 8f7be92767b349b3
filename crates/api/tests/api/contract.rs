//! The contract: the OpenAPI document lists exactly the routes the server answers, it is 3.1 and its
//! references resolve, `/docs` is served from the binary, and a property-based run over the document
//! (schemathesis) finds no server error and no answer that contradicts it.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use storedesk_api::{RatePolicy, ROUTES};
use storedesk_core::model::ApiRole;

use crate::World;

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                ops.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

/// Every `$ref` in the document names a schema it holds.
fn refs_resolve(doc: &Value, at: &Value) {
    match at {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let name = target.strip_prefix("#/components/schemas/").expect("a local schema ref");
                assert!(doc["components"]["schemas"].get(name).is_some(), "{target} is not in the document");
            }
            map.values().for_each(|v| refs_resolve(doc, v));
        }
        Value::Array(items) => items.iter().for_each(|v| refs_resolve(doc, v)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_lists_every_route_and_the_server_answers_every_documented_one() {
    let w = World::start(10, RatePolicy::default()).await;
    let admin = w.key(ApiRole::Admin).await;
    let (status, _, doc) = w.call(Method::GET, "/openapi.json", None, None, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc, serde_json::to_value(storedesk_api::openapi()).unwrap(), "served as generated");
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    refs_resolve(&doc, &doc);

    // The router's table and the document name the same operations (the reference page is the one route
    // the table does not guard: it is a page, documented as such).
    let in_doc = documented(&doc);
    let mut in_router: BTreeSet<(String, String)> =
        ROUTES.iter().map(|r| (r.method.to_owned(), r.path.to_owned())).collect();
    in_router.insert(("GET".into(), "/docs".into()));
    assert_eq!(in_doc, in_router, "document vs router");

    // And the server routes each of them (a missing route is the router's bare 404 or a 405, never a
    // problem document from a handler).
    for (method, path) in &in_doc {
        let concrete = path.replace("{id}", "1");
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let body = (method != Method::GET && method != Method::DELETE).then(|| serde_json::json!({}));
        let response = w
            .http
            .request(method.clone(), w.url(&concrete))
            .bearer_auth(&admin)
            .json(&body)
            .send()
            .await
            .expect("answer");
        let status = response.status();
        let problem = response.headers().get("content-type").is_some_and(|c| c == storedesk_api::PROBLEM_JSON);
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(status != StatusCode::NOT_FOUND || problem, "{method} {path} is routed");
    }
    let unknown = w.call(Method::GET, "/api/v1/nothing-here", Some(&admin), None, &[]).await;
    assert_eq!(unknown.0, StatusCode::NOT_FOUND);

    let page = w.http.get(w.url("/docs/")).send().await.expect("docs");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger") && !html.contains("cdn"), "served from the binary");
}

/// Where schemathesis is: `STOREDESK_SCHEMATHESIS`, or the copy `make test` installs in tools/.
fn schemathesis() -> std::path::PathBuf {
    if let Ok(path) = std::env::var("STOREDESK_SCHEMATHESIS") {
        return path.into();
    }
    let local = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/st/bin/schemathesis");
    assert!(local.exists(), "schemathesis is not installed: run `make api-tools` (make test does)");
    local
}

#[tokio::test]
async fn schemathesis_finds_no_server_error_and_no_answer_against_the_document() {
    let w = World::start(40, RatePolicy::default()).await;
    let staff = w.key(ApiRole::Staff).await;
    // Its cache and reports go to a folder of the test's own, not into the source tree.
    let scratch = tempfile::tempdir().expect("temp dir");
    let out = tokio::process::Command::new(schemathesis())
        .current_dir(scratch.path())
        .args(["run", &w.url("/openapi.json")])
        .args(["--header", &format!("Authorization: Bearer {staff}")])
        .args([
            "--checks",
            "not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance",
        ])
        .args(["--max-examples", "25", "--no-color", "--seed", "1"])
        .env("SCHEMATHESIS_HOOKS", "")
        .output()
        .await
        .expect("schemathesis runs");
    let text = format!("{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "schemathesis found problems:\n{text}");
}
