//! Helpers shared by the integration tests: a real local server on an ephemeral port with
//! fault injection, a client pointed at it, and the admin routes of docs/interfaces.md §3.
#![allow(dead_code)] // each test binary uses a different subset

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use memoryrelay::methods::METHODS;
use memoryrelay::{Client, ClientConfig};
use memoryrelay_server::{RunningServer, ServerConfig};
use rustls_platform_verifier::BuilderVerifierExt;
use serde_json::{json, Value};

/// A fresh in-memory server with `/__faults` enabled.
pub async fn start() -> RunningServer {
    memoryrelay_server::spawn(ServerConfig {
        fault_injection: true,
        ..ServerConfig::default()
    })
    .await
    .expect("local server starts")
}

pub fn config(server: &RunningServer) -> ClientConfig {
    ClientConfig {
        api_key: Some(server.api_key().to_string()),
        base_url: Some(server.url().to_string()),
        ..ClientConfig::default()
    }
}

pub fn client(server: &RunningServer) -> Client {
    Client::new(config(server)).expect("client builds")
}

/// A plain reqwest client for the admin routes (not the SDK under test).
pub fn raw_http() -> reqwest::Client {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_platform_verifier()
        .unwrap()
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .build()
        .unwrap()
}

/// Adds one fault rule.
pub async fn add_fault(server: &RunningServer, rule: Value) {
    let resp = raw_http()
        .post(format!("{}/__faults", server.url()))
        .bearer_auth(server.api_key())
        .header("content-type", "application/json")
        .body(rule.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 201, "fault rule accepted: {rule}");
}

/// Request counts by `METHOD path` since start or the last reset.
pub async fn hits(server: &RunningServer) -> BTreeMap<String, u64> {
    let v = raw_http()
        .get(format!("{}/__faults", server.url()))
        .bearer_auth(server.api_key())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let v: Value = serde_json::from_slice(&v).unwrap();
    serde_json::from_value(v["hits"].clone()).unwrap()
}

pub async fn hits_for(server: &RunningServer, key: &str) -> u64 {
    hits(server).await.get(key).copied().unwrap_or(0)
}

pub async fn reset_faults(server: &RunningServer) {
    raw_http()
        .delete(format!("{}/__faults", server.url()))
        .bearer_auth(server.api_key())
        .send()
        .await
        .unwrap();
}

/// The method-table entries the server saw requests for, found by matching each hit's
/// `METHOD path` against the templates (a literal segment beats a `{param}` one, so
/// `/v1/decisions/check` is `decisions.check`, not `decisions.get`).
pub fn methods_hit(hits: &BTreeMap<String, u64>) -> HashSet<&'static str> {
    let mut out = HashSet::new();
    for key in hits.keys() {
        let Some((method, path)) = key.split_once(' ') else {
            continue;
        };
        let segs: Vec<&str> = path.split('/').collect();
        let best = METHODS
            .iter()
            .filter(|m| m.http_method == method)
            .filter_map(|m| {
                let tpl: Vec<&str> = m.path.split('/').collect();
                if tpl.len() != segs.len() {
                    return None;
                }
                let mut literal = 0;
                for (t, s) in tpl.iter().zip(&segs) {
                    if t.starts_with('{') {
                        continue;
                    }
                    if t != s {
                        return None;
                    }
                    literal += 1;
                }
                Some((literal, m.name))
            })
            .max_by_key(|(literal, _)| *literal);
        if let Some((_, name)) = best {
            out.insert(name);
        }
    }
    out
}

/// Asserts every method of `resource` (e.g. "memories") reached the server.
pub async fn assert_resource_covered(server: &RunningServer, resource: &str) {
    let seen = methods_hit(&hits(server).await);
    let missing: Vec<&str> = METHODS
        .iter()
        .map(|m| m.name)
        .filter(|n| n.split('.').next() == Some(resource) && !seen.contains(n))
        .collect();
    assert!(missing.is_empty(), "never called: {missing:?}");
}

/// A URL where nothing listens: a port bound and released at once.
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// A one-shot HTTP stub answering every request with `response` verbatim, for bodies the real
/// server cannot produce (non-JSON). Returns its base URL.
pub async fn raw_stub(response: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let mut seen = Vec::new();
                // Read until the end of the headers (our requests under test have no body
                // or a small one that arrives with them).
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tokio::time::timeout(Duration::from_secs(5), sock.read(&mut buf)).await {
                        Ok(Ok(n)) if n > 0 => seen.extend_from_slice(&buf[..n]),
                        _ => return,
                    }
                }
                let _ = sock.write_all(response.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    url
}

/// Test data: a unique name per call, so tests sharing nothing never collide.
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    )
}

pub const QUICKSTART_MEMORY: &str =
    "The project uses PostgreSQL 16 with pgvector for semantic search.";

pub fn quickstart_metadata() -> Value {
    json!({"source": "architecture-review", "confidence": 0.95})
}

/// An HTTP stub that records every raw request (head and body) and answers with the given
/// responses in turn (the last one repeats). For checks on exactly what the client sends.
pub struct RecordingStub {
    pub url: String,
    pub requests: Arc<std::sync::Mutex<Vec<String>>>,
}

pub async fn recording_stub(responses: Vec<&'static str>) -> RecordingStub {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = requests.clone();
    tokio::spawn(async move {
        let mut served = 0usize;
        while let Ok((mut sock, _)) = listener.accept().await {
            // One request per connection: every answer says `connection: close`.
            let mut data = Vec::new();
            let mut buf = vec![0u8; 8192];
            let head_end = loop {
                if let Some(p) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                    break p + 4;
                }
                match sock.read(&mut buf).await {
                    Ok(n) if n > 0 => data.extend_from_slice(&buf[..n]),
                    _ => break 0,
                }
            };
            if head_end == 0 {
                continue;
            }
            let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while data.len() < head_end + len {
                match sock.read(&mut buf).await {
                    Ok(n) if n > 0 => data.extend_from_slice(&buf[..n]),
                    _ => break,
                }
            }
            log.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&data).into_owned());
            let response = responses[served.min(responses.len() - 1)];
            served += 1;
            let _ = sock.write_all(response.as_bytes()).await;
            let _ = sock.shutdown().await;
        }
    });
    RecordingStub { url, requests }
}

/// A canned `connection: close` response with a JSON body.
pub fn http_response(status_line: &str, extra_headers: &str, body: &str) -> &'static str {
    Box::leak(
        format!(
            "HTTP/1.1 {status_line}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n{extra_headers}\r\n{body}",
            body.len()
        )
        .into_boxed_str(),
    )
}
