//! Running the server: loopback by default; any other address only when asked and with TLS (rustls).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use storedesk_app::App;

use crate::RatePolicy;

/// A certificate chain and its private key, PEM files.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub listen: SocketAddr,
    /// Needed (with `allow_remote`) for any address that is not loopback.
    pub tls: Option<TlsFiles>,
    /// The person said they mean to expose the API beyond this machine.
    pub allow_remote: bool,
    pub rate: RatePolicy,
    /// `/metrics` without a key from loopback (for a local Prometheus).
    pub metrics_open_on_loopback: bool,
}

impl ServeOptions {
    pub fn loopback(port: u16) -> Self {
        ServeOptions {
            listen: SocketAddr::from(([127, 0, 0, 1], port)),
            tls: None,
            allow_remote: false,
            rate: RatePolicy::default(),
            metrics_open_on_loopback: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "{0} is not a loopback address: anyone who can reach it could try keys. Pass --allow-remote with \
         --tls-cert and --tls-key to serve it over TLS, or listen on 127.0.0.1"
    )]
    RemoteNeedsTls(SocketAddr),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("cannot read the TLS certificate or key: {0}")]
    Tls(std::io::Error),
}

/// A server running in the background; `stop` ends it (open requests get a moment to finish).
pub struct RunningApi {
    addr: SocketAddr,
    tls: bool,
    handle: axum_server::Handle,
    task: tokio::task::JoinHandle<()>,
}

impl RunningApi {
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (or https).
    pub fn base_url(&self) -> String {
        format!("{}://{}", if self.tls { "https" } else { "http" }, self.addr)
    }

    pub async fn stop(self) {
        self.handle.graceful_shutdown(Some(Duration::from_secs(5)));
        let _ = self.task.await;
    }
}

/// Starts serving `app`.
pub async fn serve(app: App, options: ServeOptions) -> Result<RunningApi, ServeError> {
    let remote = !options.listen.ip().is_loopback();
    if remote && !(options.allow_remote && options.tls.is_some()) {
        return Err(ServeError::RemoteNeedsTls(options.listen));
    }
    storedesk_app::metrics::recorder();
    let router = crate::router(app, options.rate, options.metrics_open_on_loopback);
    let make = router.into_make_service_with_connect_info::<SocketAddr>();
    let listener = std::net::TcpListener::bind(options.listen)
        .and_then(|l| l.set_nonblocking(true).map(|_| l))
        .map_err(|source| ServeError::Bind { addr: options.listen, source })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind { addr: options.listen, source })?;
    let handle = axum_server::Handle::new();
    let task = match &options.tls {
        Some(files) => {
            let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&files.cert, &files.key)
                .await
                .map_err(ServeError::Tls)?;
            let server = axum_server::from_tcp_rustls(listener, config).handle(handle.clone());
            tokio::spawn(async move {
                if let Err(e) = server.serve(make).await {
                    tracing::error!(error = %e, "the API server stopped");
                }
            })
        }
        None => {
            let server = axum_server::from_tcp(listener).handle(handle.clone());
            tokio::spawn(async move {
                if let Err(e) = server.serve(make).await {
                    tracing::error!(error = %e, "the API server stopped");
                }
            })
        }
    };
    tracing::info!(%addr, tls = options.tls.is_some(), "local API listening");
    Ok(RunningApi { addr, tls: options.tls.is_some(), handle, task })
}

/// Counts and times every request by route template and status.
pub async fn measure(request: Request, next: Next) -> Response {
    let route =
        request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned()).unwrap_or_else(|| "unmatched".into());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!("storedesk_api_request_seconds", "method" => method, "route" => route, "status" => status)
        .record(started.elapsed().as_secs_f64());
    response
}
