//! The OAuth2 side: the authorization (consent) page and the token endpoint, as MercadoLibre documents them:
//! authorization code with optional PKCE (S256 or plain), single-use codes, single-use rotating refresh tokens.

// Handlers return an early `Response` as their error: that is the axum idiom, boxing it would only add noise.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::data;
use crate::server::{json_response, AppState};
use crate::state::{lock, random_hex, Access, AccessState, Code, Refresh};

const INVALID_GRANT: &str =
    "Error validating grant. Your authorization code or refresh token may be expired or it was already used";

/// Parses form/query pairs; a parameter given twice is refused (RFC 6749 §3.1, §3.2).
fn parse_pairs(raw: &[u8]) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    for (k, v) in form_urlencoded::parse(raw) {
        if out.insert(k.to_string(), v.to_string()).is_some() {
            return Err(format!("parameter {k} given more than once"));
        }
    }
    Ok(out)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn error_page(message: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>MercadoLibre - Error</title></head>\
         <body style=\"font-family:sans-serif;max-width:32rem;margin:3rem auto\"><h1>No pudimos continuar</h1>\
         <p id=\"error\">{}</p></body></html>",
        esc(message)
    );
    (StatusCode::BAD_REQUEST, Html(body)).into_response()
}

/// True when `uri` may receive the code for `client`: an exact registered URI, or (if the app allows it) a
/// loopback `http://127.0.0.1|localhost|[::1]:{port}/{path}` with any port (RFC 8252 §7.3).
pub fn redirect_allowed(client: &crate::ClientApp, uri: &str) -> bool {
    // A registered redirect must be HTTPS (marketplace-apis.md: "the registered one must be HTTPS"): an http one
    // never matches, whatever the app's settings say.
    if client.redirect_uris.iter().any(|r| r == uri && r.starts_with("https://")) {
        return true;
    }
    if !client.allow_loopback || uri.chars().any(|c| c.is_whitespace() || c.is_control() || c == '#') {
        return false;
    }
    let Some(rest) = uri.strip_prefix("http://") else { return false };
    let Some(after) = ["127.0.0.1:", "localhost:", "[::1]:"].iter().find_map(|h| rest.strip_prefix(h)) else {
        return false;
    };
    let port_end = after.find(['/', '?']).unwrap_or(after.len());
    let port = &after[..port_end];
    !port.is_empty()
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u16>().is_ok_and(|p| p > 0)
        && (port_end == after.len() || after[port_end..].starts_with('/'))
}

fn redirect(uri: &str, pairs: &[(&str, &str)]) -> Response {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        ser.append_pair(k, v);
    }
    let sep = if uri.contains('?') { '&' } else { '?' };
    let location = format!("{uri}{sep}{}", ser.finish());
    match HeaderValue::from_str(&location) {
        Ok(v) => (StatusCode::FOUND, [(header::LOCATION, v)]).into_response(),
        Err(_) => error_page("La URL de redirección no es válida."),
    }
}

struct AuthzRequest {
    client_id: String,
    redirect_uri: String,
    state: Option<String>,
    pkce: Option<(String, String)>,
}

fn error_redirect(uri: &str, error: &str, description: &str, state: Option<&str>) -> Response {
    let mut pairs = vec![("error", error), ("error_description", description)];
    if let Some(s) = state {
        pairs.push(("state", s));
    }
    redirect(uri, &pairs)
}

fn is_unreserved(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// Checks an authorization request. Errors before the redirect URI is verified are shown as a page and never
/// redirected; later errors go back to the client per RFC 6749 §4.1.2.1.
fn validate(shared: &AppState, p: &HashMap<String, String>) -> Result<AuthzRequest, Response> {
    let Some(client_id) = p.get("client_id").filter(|c| !c.is_empty()) else {
        return Err(error_page("Falta el parámetro client_id."));
    };
    let Some(client) = shared.client(client_id) else {
        return Err(error_page("La aplicación no existe (client_id desconocido)."));
    };
    let Some(redirect_uri) = p.get("redirect_uri").filter(|c| !c.is_empty()) else {
        return Err(error_page("Falta el parámetro redirect_uri."));
    };
    if !redirect_allowed(client, redirect_uri) {
        return Err(error_page("La redirect_uri no coincide con la registrada para la aplicación."));
    }
    let state = p.get("state").cloned();
    let back = |error: &str, description: &str| error_redirect(redirect_uri, error, description, state.as_deref());
    match p.get("response_type").map(String::as_str) {
        Some("code") => {}
        None => return Err(back("invalid_request", "response_type is required")),
        Some(_) => return Err(back("unsupported_response_type", "only response_type=code is supported")),
    }
    let pkce = match (p.get("code_challenge"), p.get("code_challenge_method")) {
        (None, None) => None,
        (None, Some(_)) => return Err(back("invalid_request", "code_challenge_method without code_challenge")),
        (Some(ch), m) => {
            let method = m.map(String::as_str).unwrap_or("plain");
            let ok = match method {
                "S256" => ch.len() == 43 && is_unreserved(ch),
                "plain" => (43..=128).contains(&ch.len()) && is_unreserved(ch),
                _ => return Err(back("invalid_request", "code_challenge_method must be S256 or plain")),
            };
            if !ok {
                return Err(back("invalid_request", "malformed code_challenge"));
            }
            Some((ch.clone(), method.to_string()))
        }
    };
    Ok(AuthzRequest { client_id: client_id.clone(), redirect_uri: redirect_uri.clone(), state, pkce })
}

fn approve(shared: &AppState, req: AuthzRequest) -> Response {
    let code = format!("TG-{}-{}", random_hex(12), shared.seller.id);
    lock(&shared.state).codes.insert(
        code.clone(),
        Code {
            client_id: req.client_id,
            redirect_uri: req.redirect_uri.clone(),
            pkce: req.pkce,
            expires: Instant::now() + shared.code_ttl,
            used: false,
        },
    );
    let mut pairs = vec![("code", code.as_str())];
    if let Some(s) = req.state.as_deref() {
        pairs.push(("state", s));
    }
    redirect(&req.redirect_uri, &pairs)
}

/// `GET /authorization`: the consent page (or, with auto_approve, the redirect with a code at once).
pub async fn authorize(State(shared): State<AppState>, RawQuery(q): RawQuery) -> Response {
    let p = match parse_pairs(q.unwrap_or_default().as_bytes()) {
        Ok(p) => p,
        Err(e) => return error_page(&e),
    };
    let req = match validate(&shared, &p) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    if shared.auto_approve {
        return approve(&shared, req);
    }
    let mut hidden = String::new();
    for key in ["response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method"] {
        if let Some(v) = p.get(key) {
            hidden.push_str(&format!("<input type=\"hidden\" name=\"{key}\" value=\"{}\">", esc(v)));
        }
    }
    let s = &shared.seller;
    let page = format!(
        "<!doctype html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>MercadoLibre - Autorizar aplicación</title></head>\
         <body style=\"font-family:sans-serif;max-width:32rem;margin:3rem auto\">\
         <h1 id=\"title\">{app} wants to access your MercadoLibre account</h1>\
         <p>Hola <strong id=\"nickname\">{nick}</strong> ({first} {last}). {app} podrá ver y modificar tus publicaciones, \
         ventas y envíos, y acceder a ellos sin conexión (offline_access).</p>\
         <form method=\"post\" action=\"/authorization/decision\">{hidden}\
         <button id=\"allow\" type=\"submit\" name=\"decision\" value=\"allow\">Permitir</button> \
         <button id=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Cancelar</button>\
         </form></body></html>",
        app = esc(&req.client_id),
        nick = esc(&s.nickname),
        first = esc(&s.first_name),
        last = esc(&s.last_name),
    );
    Html(page).into_response()
}

/// `POST /authorization/decision`: the consent form. The carried request is validated again (never trusted).
pub async fn decision(State(shared): State<AppState>, body: Bytes) -> Response {
    let p = match parse_pairs(&body) {
        Ok(p) => p,
        Err(e) => return error_page(&e),
    };
    let req = match validate(&shared, &p) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    match p.get("decision").map(String::as_str) {
        Some("allow") => approve(&shared, req),
        Some("deny") => error_redirect(
            &req.redirect_uri,
            "access_denied",
            "The user denied the authorization request",
            req.state.as_deref(),
        ),
        _ => error_page("Decisión inválida."),
    }
}

/// Token errors as documented; like some real answers, every other one carries its text under `message`
/// instead of `error_description` (marketplace-apis.md), so a client must key on `error`, not on the text.
fn token_error(status: StatusCode, error: &str, description: &str) -> Response {
    static ANSWERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let text_key = if ANSWERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed).is_multiple_of(2) {
        "error_description"
    } else {
        "message"
    };
    let mut r =
        json_response(status, json!({text_key: description, "error": error, "status": status.as_u16(), "cause": []}));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn invalid_grant(shared: &AppState) -> Response {
    lock(&shared.stats).invalid_grant += 1;
    token_error(StatusCode::BAD_REQUEST, "invalid_grant", INVALID_GRANT)
}

fn pkce_ok(challenge: &str, method: &str, verifier: &str) -> bool {
    if !(43..=128).contains(&verifier.len()) || !is_unreserved(verifier) {
        return false;
    }
    match method {
        "S256" => {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == challenge
        }
        _ => verifier == challenge,
    }
}

/// Issues an access/refresh pair on `grant` (state lock held by the caller).
fn issue(shared: &AppState, st: &mut crate::state::State, grant: u64, client_id: &str) -> serde_json::Value {
    let app_number = 1_000_000_000_000_000
        + data::mix(client_id.bytes().fold(7u64, |a, b| a.wrapping_mul(31).wrapping_add(b as u64)))
            % 9_000_000_000_000_000;
    let day = crate::time::format(crate::time::now_ms());
    let mmddhh = format!("{}{}{}", &day[5..7], &day[8..10], &day[11..13]);
    let access = format!("APP_USR-{app_number}-{mmddhh}-{}-{}", random_hex(16), shared.seller.id);
    let refresh = format!("TG-{}-{}", random_hex(12), shared.seller.id);
    st.access.insert(
        access.clone(),
        Access { grant, expires: Instant::now() + shared.access_ttl, state: AccessState::Live },
    );
    st.refresh.insert(refresh.clone(), Refresh { grant, client_id: client_id.to_string(), used: false });
    json!({
        "access_token": access,
        "token_type": "bearer",
        "expires_in": shared.access_ttl.as_secs(),
        "scope": "offline_access read write",
        "user_id": shared.seller.id,
        "refresh_token": refresh,
    })
}

fn token_ok(body: serde_json::Value) -> Response {
    let mut r = json_response(StatusCode::OK, body);
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r.headers_mut().insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    r
}

/// `POST /oauth/token` (application/x-www-form-urlencoded, as documented).
pub async fn token(State(shared): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    if !form {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the request body must be application/x-www-form-urlencoded",
        );
    }
    let p = match parse_pairs(&body) {
        Ok(p) => p,
        Err(e) => return token_error(StatusCode::BAD_REQUEST, "invalid_request", &e),
    };
    let get = |k: &str| p.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let grant_type = match get("grant_type") {
        None => return token_error(StatusCode::BAD_REQUEST, "invalid_request", "grant_type is required"),
        Some(g @ ("authorization_code" | "refresh_token")) => g,
        Some(_) => return token_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", "unsupported grant_type"),
    };
    let (Some(client_id), Some(secret)) = (get("client_id"), get("client_secret")) else {
        return token_error(StatusCode::BAD_REQUEST, "invalid_request", "client_id and client_secret are required");
    };
    match shared.client(client_id) {
        Some(c) if c.secret == secret => {}
        _ => return token_error(StatusCode::UNAUTHORIZED, "invalid_client", "invalid client_id or client_secret"),
    }
    if grant_type == "authorization_code" {
        let (Some(code), Some(redirect_uri)) = (get("code"), get("redirect_uri")) else {
            return token_error(StatusCode::BAD_REQUEST, "invalid_request", "code and redirect_uri are required");
        };
        let mut st = lock(&shared.state);
        let Some(c) = st.codes.get_mut(code) else {
            drop(st);
            return invalid_grant(&shared);
        };
        // Any redemption attempt consumes the code, successful or not: it can never be tried twice.
        let first_use = !std::mem::replace(&mut c.used, true);
        let valid = first_use
            && c.client_id == client_id
            && Instant::now() < c.expires
            && c.redirect_uri == redirect_uri
            && match &c.pkce {
                None => true,
                Some((challenge, method)) => get("code_verifier").is_some_and(|v| pkce_ok(challenge, method, v)),
            };
        if !valid {
            drop(st);
            return invalid_grant(&shared);
        }
        let grant = st.new_grant(client_id);
        let body = issue(&shared, &mut st, grant, client_id);
        drop(st);
        lock(&shared.stats).token_grants += 1;
        token_ok(body)
    } else {
        let Some(refresh) = get("refresh_token") else {
            return token_error(StatusCode::BAD_REQUEST, "invalid_request", "refresh_token is required");
        };
        let mut st = lock(&shared.state);
        let grant = match st.refresh.get(refresh) {
            Some(r) if !r.used && r.client_id == client_id => r.grant,
            _ => {
                drop(st);
                return invalid_grant(&shared);
            }
        };
        if st.grants.get(&grant).is_none_or(|g| g.revoked) {
            drop(st);
            return invalid_grant(&shared);
        }
        // Single use: the presented refresh token dies, and the access tokens it covered are retired.
        if let Some(r) = st.refresh.get_mut(refresh) {
            r.used = true;
        }
        for a in st.access.values_mut().filter(|a| a.grant == grant && a.state == AccessState::Live) {
            a.state = AccessState::Retired;
        }
        let body = issue(&shared, &mut st, grant, client_id);
        drop(st);
        lock(&shared.stats).refreshes += 1;
        token_ok(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirects() {
        let c = crate::ClientApp {
            id: "x".into(),
            secret: "y".into(),
            redirect_uris: vec!["https://app.example.com/cb".into()],
            allow_loopback: true,
        };
        assert!(redirect_allowed(&c, "https://app.example.com/cb"));
        assert!(!redirect_allowed(&c, "https://app.example.com/cb2"));
        assert!(redirect_allowed(&c, "http://127.0.0.1:53123/callback"));
        assert!(redirect_allowed(&c, "http://localhost:8080/"));
        assert!(redirect_allowed(&c, "http://[::1]:8080/cb"));
        assert!(!redirect_allowed(&c, "http://127.0.0.1:80@evil.com/"));
        assert!(!redirect_allowed(&c, "http://127.0.0.1/cb"));
        assert!(!redirect_allowed(&c, "http://127.0.0.1:0/cb"));
        assert!(!redirect_allowed(&c, "https://127.0.0.1:80/cb"));
        assert!(!redirect_allowed(&c, "http://127.0.0.1.evil.com:80/cb"));
        assert!(!redirect_allowed(&c, "http://127.0.0.1:8080/cb#frag"));
        let strict = crate::ClientApp { allow_loopback: false, ..c };
        assert!(!redirect_allowed(&strict, "http://127.0.0.1:53123/callback"));
    }
}
