//! Listening and serving: our own accept loop with hyper per connection, so a handler can close
//! its connection without answering (fault injection) and shutdown is graceful.
//!
//! Connection hygiene (a silent or slow client must not lock others out): request headers
//! must arrive within `ConnectionLimits::header_read_timeout`, which is also the idle
//! keep-alive timeout; open connections are bounded, the longest-idle one making room for a
//! newcomer (`conns`); and the open-file soft limit is raised at start (`fd_limit`).

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use memoryrelay_engine::Engine;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

use crate::account::account_for_key;
use crate::config::{generate_key, ConnectionLimits, DbLocation, ServerConfig};
use crate::conns::{Registry, Slot};
use crate::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    #[error("database error: {0}")]
    Engine(#[from] memoryrelay_engine::Error),
    #[error("invalid configuration: {0}")]
    Config(String),
}

pub struct RunningServer {
    url: String,
    bound: SocketAddr,
    keys: Vec<String>,
    shutdown: watch::Sender<bool>,
    task: JoinHandle<()>,
    /// Holds the temporary database directory (DbLocation::Temp) until shutdown.
    temp: Option<tempfile::TempDir>,
}

impl RunningServer {
    /// `http://127.0.0.1:PORT`: no trailing slash, no /v1.
    pub fn url(&self) -> &str {
        &self.url
    }
    pub fn api_key(&self) -> &str {
        &self.keys[0]
    }
    pub fn api_keys(&self) -> &[String] {
        &self.keys
    }
    pub fn local_addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }
    /// The address the listener is bound to, as given (`0.0.0.0` stays `0.0.0.0`).
    pub fn bound_addr(&self) -> SocketAddr {
        self.bound
    }

    /// Stops accepting, lets in-flight requests finish (up to 5 s), then closes the database.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        let task = std::mem::replace(&mut self.task, tokio::spawn(async {}));
        let _ = task.await;
        drop(self.temp.take());
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        // Dropped without shutdown(): still stop serving, in the background.
        let _ = self.shutdown.send(true);
    }
}

/// Starts the server on the current tokio runtime.
pub async fn spawn(config: ServerConfig) -> Result<RunningServer, ServerError> {
    if config.api_keys.iter().any(|k| k.is_empty()) {
        return Err(ServerError::Config("empty API key".into()));
    }
    let (path, temp, postgres) = match &config.db {
        DbLocation::Memory => (None, None, None),
        DbLocation::Temp => {
            let dir = tempfile::tempdir()?;
            (Some(dir.path().join("memoryrelay.db")), Some(dir), None)
        }
        DbLocation::File(p) => (Some(p.clone()), None, None),
        DbLocation::Postgres(url) => (None, None, Some(url.clone())),
    };
    let kind = config.embedder;
    // Building MiniLM expands its weights, connecting and migrating talk to the database, and
    // a changed embedder re-embeds it: all blocking work.
    let engine = tokio::task::spawn_blocking(move || {
        let embedder = kind.build().map_err(ServerError::Config)?;
        Ok::<_, ServerError>(match postgres {
            Some(url) => {
                Engine::open_postgres(&url, crate::config::POSTGRES_POOL_SIZE, embedder)
                    .map_err(|e| ServerError::Config(format!("database {}: {e}", redact(&url))))?
            }
            None => Engine::with_embedder(path.as_deref(), embedder)?,
        })
    })
    .await
    .map_err(|e| ServerError::Config(format!("engine start failed: {e}")))??;
    let keys = if config.api_keys.is_empty() {
        vec![generated_key(&engine)?]
    } else {
        config.api_keys.clone()
    };
    let key_map: HashMap<String, _> = keys
        .iter()
        .map(|k| (k.clone(), account_for_key(k)))
        .collect();
    let engine = Arc::new(engine);
    let shared_db = engine.backend() == memoryrelay_engine::storage::db::Backend::Postgres;
    let state = Arc::new(AppState {
        engine: engine.clone(),
        keys: key_map,
        rate_limit: config.rate_limit_per_minute.map(|n| {
            Arc::new(if shared_db {
                crate::rate_limit::RateLimiter::shared(n, engine.clone())
            } else {
                crate::rate_limit::RateLimiter::new(n)
            })
        }),
        idempotency: Default::default(),
        #[cfg(feature = "fault-injection")]
        faults: config
            .fault_injection
            .then(|| Arc::new(crate::faults::Faults::default())),
    });
    let app = crate::app::build(state);
    let listener = TcpListener::bind(config.bind).await?;
    let bound = listener.local_addr()?;
    // A URL to reach the server from this machine.
    let mut addr = bound;
    if addr.ip().is_unspecified() {
        addr = SocketAddr::from(([127, 0, 0, 1], addr.port()));
    }
    // Room for every allowed connection plus the database and the process's own files.
    let fd_soft = crate::fd_limit::raise(config.limits.max_connections as u64 + 256);
    let mut limits = config.limits;
    if let Some(soft) = fd_soft {
        limits.max_connections = limits
            .max_connections
            .min((soft as usize).saturating_sub(64).max(1));
    }
    let (tx, rx) = watch::channel(false);
    tokio::spawn(retry_pending_embeddings(engine.clone(), rx.clone()));
    let task = tokio::spawn(accept_loop(listener, app, rx, limits));
    Ok(RunningServer {
        url: format!("http://{addr}"),
        bound,
        keys,
        shutdown: tx,
        task,
        temp,
    })
}

/// The key a server without configured keys answers to: generated once per database and kept
/// in it, so restarting on the same file keeps the same key (and so the same account's data).
fn generated_key(engine: &Engine) -> Result<String, ServerError> {
    const SETTING: &str = "generated_api_key";
    if let Some(k) = engine.setting(SETTING)? {
        return Ok(k);
    }
    let k = generate_key();
    engine.set_setting(SETTING, &k)?;
    Ok(k)
}

async fn accept_loop(
    listener: TcpListener,
    app: Router,
    mut shutdown: watch::Receiver<bool>,
    limits: ConnectionLimits,
) {
    let registry = Registry::new(limits.max_connections);
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                match accepted {
                    Ok((stream, _)) => {
                        let _ = stream.set_nodelay(true);
                        match registry.admit() {
                            Some(slot) => {
                                conns.spawn(serve_connection(
                                    stream,
                                    app.clone(),
                                    shutdown.clone(),
                                    slot,
                                    limits.header_read_timeout,
                                ));
                            }
                            None => {
                                conns.spawn(refuse(stream));
                            }
                        }
                    }
                    // E.g. out of file descriptors: back off instead of spinning.
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                }
            }
            _ = shutdown.changed() => break,
        }
        while conns.try_join_next().is_some() {}
    }
    drop(listener);
    drop(app);
    let drained = tokio::time::timeout(Duration::from_secs(5), async {
        while conns.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        conns.shutdown().await;
    }
}

/// Every connection has a request in flight: answer 503 (contract body) and close.
async fn refuse(mut stream: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    let id = crate::request_scope::generate();
    let body = crate::errors::ApiError::new(503, "Too many connections; retry shortly")
        .body_json(&id)
        .to_string();
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\n\
         x-request-id: {id}\r\nconnection: close\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    let write = async {
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body.as_bytes()).await?;
        stream.shutdown().await
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), write).await;
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    app: Router,
    mut shutdown: watch::Receiver<bool>,
    slot: Slot,
    header_read_timeout: Duration,
) {
    let kill = slot.state.kill.clone();
    let handle = kill.clone();
    let slot = Arc::new(slot);
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(handle.clone());
        let busy = slot.request();
        let mut app = app.clone();
        async move {
            let resp = tower::Service::call(&mut app, req)
                .await
                .unwrap_or_else(|e| match e {});
            drop(busy);
            Ok::<_, Infallible>(resp)
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        // Above request_id::MAX_HEADERS, so a few more get a contract 431, not a bare one.
        .max_headers(4 * crate::request_id::MAX_HEADERS)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = kill.fired() => return, // dropping `conn` closes the socket, no response sent
        _ = shutdown.changed() => conn.as_mut().graceful_shutdown(),
    }
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = kill.fired() => {}
    }
}

/// A server on its own runtime thread, for callers without a runtime. Dropping it shuts the
/// server down and waits for the database to close.
pub struct BackgroundServer {
    url: String,
    keys: Vec<String>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl BackgroundServer {
    pub fn url(&self) -> &str {
        &self.url
    }
    pub fn api_key(&self) -> &str {
        &self.keys[0]
    }
    pub fn api_keys(&self) -> &[String] {
        &self.keys
    }
}

impl Drop for BackgroundServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

pub fn spawn_background(config: ServerConfig) -> Result<BackgroundServer, ServerError> {
    let (ready_tx, ready_rx) =
        std::sync::mpsc::channel::<Result<(String, Vec<String>), ServerError>>();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("memoryrelay-server".into())
        .spawn(move || {
            let rt = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = ready_tx.send(Err(e.into()));
                    return;
                }
            };
            rt.block_on(async move {
                match spawn(config).await {
                    Ok(server) => {
                        let _ = ready_tx.send(Ok((server.url.clone(), server.keys.clone())));
                        let _ = stop_rx.await;
                        server.shutdown().await;
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                    }
                }
            });
        })?;
    match ready_rx.recv() {
        Ok(Ok((url, keys))) => Ok(BackgroundServer {
            url,
            keys,
            stop: Some(stop_tx),
            thread: Some(thread),
        }),
        Ok(Err(e)) => {
            let _ = thread.join();
            Err(e)
        }
        Err(_) => {
            let _ = thread.join();
            Err(ServerError::Config(
                "server thread exited during start".into(),
            ))
        }
    }
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Async creates whose embedding failed for now (an unreachable embedder) stay pending; this
/// retries them every few seconds until the server stops. Cheap when nothing waits.
async fn retry_pending_embeddings(engine: Arc<Engine>, mut shutdown: watch::Receiver<bool>) {
    const EVERY: std::time::Duration = std::time::Duration::from_secs(5);
    loop {
        tokio::select! {
            _ = tokio::time::sleep(EVERY) => {}
            _ = shutdown.changed() => return,
        }
        let e = engine.clone();
        let _ = tokio::task::spawn_blocking(move || {
            if e.has_pending_memories().unwrap_or(false) {
                let _ = e.process_pending_memories();
            }
        })
        .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// Minimal HTTP/1.1 exchange over std, so these tests need no HTTP client crate.
    fn request(url: &str, method: &str, path: &str, key: &str, body: &str) -> String {
        let addr = url.trim_start_matches("http://");
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn background_server_serves_and_generates_a_key() {
        let server = spawn_background(ServerConfig {
            db: DbLocation::Temp,
            ..Default::default()
        })
        .unwrap();
        assert!(server.api_key().starts_with("mem_") && server.api_key().len() == 36);
        let resp = request(server.url(), "GET", "/v1/health", "", "");
        assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
        assert!(
            resp.to_ascii_lowercase().contains("x-request-id: req_"),
            "{resp}"
        );
        let resp = request(
            server.url(),
            "POST",
            "/v1/agents",
            server.api_key(),
            r#"{"name":"bg"}"#,
        );
        assert!(resp.starts_with("HTTP/1.1 201"), "{resp}");
    }

    #[test]
    fn file_database_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let config = ServerConfig {
            db: DbLocation::File(dir.path().join("mr.db")),
            api_keys: vec!["mem_test".into()],
            ..Default::default()
        };
        let first = spawn_background(config.clone()).unwrap();
        let resp = request(
            first.url(),
            "POST",
            "/v1/memories",
            "mem_test",
            r#"{"agent_id":"p","content":"kept across restarts"}"#,
        );
        assert!(resp.starts_with("HTTP/1.1 201"), "{resp}");
        drop(first);
        let second = spawn_background(config).unwrap();
        let resp = request(
            second.url(),
            "GET",
            "/v1/memories?agent_id=p",
            "mem_test",
            "",
        );
        assert!(resp.contains("kept across restarts"), "{resp}");
    }

    #[test]
    fn a_generated_key_is_kept_in_the_database_file() {
        let dir = tempfile::tempdir().unwrap();
        let config = ServerConfig {
            db: DbLocation::File(dir.path().join("mr.db")),
            ..Default::default()
        };
        let key = spawn_background(config.clone())
            .unwrap()
            .api_key()
            .to_string();
        let again = spawn_background(config).unwrap();
        assert_eq!(again.api_key(), key);
        let fresh = spawn_background(ServerConfig::default()).unwrap();
        assert_ne!(fresh.api_key(), key);
    }
}
