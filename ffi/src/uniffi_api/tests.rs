//! The UniFFI objects against the local server, from Rust: what a foreign caller sees.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use memoryrelay_server::{spawn_background, BackgroundServer, ServerConfig};
use serde_json::{json, Value};

use super::{
    set_logger, CancellationToken, ClientOptions, LogLevel, Logger, MemoryRelayClient,
    MemoryRelayError,
};
use memoryrelay_core::ErrorCode;

fn server() -> BackgroundServer {
    spawn_background(ServerConfig {
        fault_injection: true,
        ..ServerConfig::default()
    })
    .expect("local server")
}

fn client(s: &BackgroundServer) -> Arc<MemoryRelayClient> {
    MemoryRelayClient::new(ClientOptions {
        api_key: Some(s.api_key().to_owned()),
        base_url: Some(s.url().to_owned()),
        ..ClientOptions::default()
    })
    .expect("client")
}

/// Adds a fault rule through the admin route (plain HTTP/1.1: no client in the way).
fn add_fault(s: &BackgroundServer, rule: Value) {
    let addr = s.url().trim_start_matches("http://");
    let body = rule.to_string();
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "POST /__faults HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        s.api_key(),
        body.len()
    )
    .expect("write");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON result")
}

#[test]
fn blocking_calls_round_trip() {
    let s = server();
    let c = client(&s);
    let agent = parse(
        &c.call_blocking("agents.create".into(), r#"{"name":"uniffi-agent"}"#.into())
            .unwrap(),
    );
    let created = parse(
        &c.call_blocking(
            "memories.create".into(),
            json!({"agent_id": agent["id"], "content": "UniFFI stores this."}).to_string(),
        )
        .unwrap(),
    );
    let got = parse(
        &c.call_blocking(
            "memories.get".into(),
            json!({"memory_id": created["id"]}).to_string(),
        )
        .unwrap(),
    );
    assert_eq!(got["content"], "UniFFI stores this.");
    let deleted = c
        .call_blocking(
            "memories.delete".into(),
            json!({"memory_id": created["id"]}).to_string(),
        )
        .unwrap();
    assert_eq!(deleted, "null");
    assert_eq!(c.methods().len(), 47);
}

#[test]
fn errors_carry_every_field() {
    let s = server();
    let c = client(&s);
    let err = c
        .call_blocking("memories.get".into(), r#"{"memory_id":"nope"}"#.into())
        .unwrap_err();
    match &err {
        MemoryRelayError::NotFound {
            code,
            status,
            request_id,
            body,
            ..
        } => {
            assert_eq!(*code, 4);
            assert_eq!(*status, Some(404));
            assert!(request_id.as_deref().is_some_and(|r| r.starts_with("req_")));
            assert!(body.is_some());
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    let err = c
        .call_blocking(
            "memories.list".into(),
            r#"{"agent_id":"a","limit":1000}"#.into(),
        )
        .unwrap_err();
    let MemoryRelayError::Validation { details, .. } = &err else {
        panic!("expected Validation, got {err:?}");
    };
    let details: Value = serde_json::from_str(details.as_deref().expect("details")).unwrap();
    assert_eq!(details[0]["loc"], json!(["query", "limit"]));
    let err = c
        .call_blocking("memories.get".into(), "{not json".into())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
}

#[test]
fn async_call_runs_from_any_executor_and_blocking_refuses_inside_a_runtime() {
    let s = server();
    let c = client(&s);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let out = rt
        .block_on(c.call("agents.list".into(), "{}".into()))
        .unwrap();
    assert_eq!(parse(&out)["object"], "list");
    let err = rt
        .block_on(async { c.call_blocking("agents.list".into(), "{}".into()) })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
}

#[test]
fn token_cancels_a_blocking_call_from_another_thread() {
    let s = server();
    let c = client(&s);
    add_fault(
        &s,
        json!({"path": "/v1/agents", "method": "GET", "action": "delay", "delay_ms": 2000}),
    );
    let token = CancellationToken::new();
    let canceller = {
        let token = token.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(150));
            token.cancel();
        })
    };
    let started = Instant::now();
    let err = c
        .call_blocking_with_token("agents.list".into(), "{}".into(), token.clone())
        .unwrap_err();
    canceller.join().unwrap();
    assert_eq!(err.code(), ErrorCode::Cancelled);
    assert!(started.elapsed() < Duration::from_millis(1500));
    // A cancelled token fails later calls at once.
    let err = c
        .call_blocking_with_token("agents.list".into(), "{}".into(), token)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Cancelled);
}

#[test]
fn token_cancels_an_async_call() {
    let s = server();
    let c = client(&s);
    add_fault(
        &s,
        json!({"path": "/v1/agents", "method": "GET", "action": "delay", "delay_ms": 2000}),
    );
    let token = CancellationToken::new();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let err = rt.block_on(async {
        let t = token.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(150)).await;
            t.cancel();
        });
        c.call_with_token("agents.list".into(), "{}".into(), token.clone())
            .await
            .unwrap_err()
    });
    assert_eq!(err.code(), ErrorCode::Cancelled);
    assert!(started.elapsed() < Duration::from_millis(1500));
}

#[test]
fn closed_client_fails_clearly_and_bad_options_are_named() {
    let s = server();
    let c = client(&s);
    c.shutdown();
    c.shutdown();
    assert!(c.is_shut_down());
    let err = c
        .call_blocking("agents.list".into(), "{}".into())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    assert!(err.to_string().contains("closed"), "{err}");
    let Err(err) = MemoryRelayClient::from_json(r#"{"api_key":"k","max_retries":"3"}"#.into())
    else {
        panic!("a string max_retries must be rejected");
    };
    assert!(err.to_string().contains("max_retries"), "{err}");
}

/// A Rust implementation of the foreign `Logger` trait, as Python/Kotlin/Swift provide one.
struct Collect(std::sync::Mutex<Vec<(LogLevel, String, Value)>>);

impl Logger for Collect {
    fn log(&self, level: LogLevel, _target: String, message: String, fields_json: String) {
        let fields = serde_json::from_str(&fields_json).expect("fields are JSON");
        self.0.lock().unwrap().push((level, message, fields));
    }
}

#[test]
fn a_retried_call_reaches_the_logger_without_the_key() {
    let _serial = crate::logging::TEST_LOCK
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let s = server();
    let c = client(&s);
    let agent = parse(
        &c.call_blocking("agents.create".into(), r#"{"name":"logged-agent"}"#.into())
            .unwrap(),
    );
    let params = json!({"agent_id": agent["id"]}).to_string();
    add_fault(
        &s,
        json!({"path": "/v1/entities", "method": "GET", "count": 1,
               "action": "status", "status": 503}),
    );
    let logger = Arc::new(Collect(std::sync::Mutex::new(Vec::new())));
    set_logger(LogLevel::Debug, Some(logger.clone())).unwrap();
    let listed = c.call_blocking("entities.list".into(), params);
    set_logger(LogLevel::Off, None).unwrap();
    listed.unwrap();

    let events = logger.0.lock().unwrap().clone();
    let ours: Vec<_> = events
        .iter()
        .filter(|(_, _, f)| f["method"] == "entities.list")
        .collect();
    let attempt = |n: u64| {
        ours.iter()
            .find(|(_, m, f)| m.starts_with("request ") && f["attempt"] == n)
            .unwrap_or_else(|| panic!("no event for attempt {n}: {ours:?}"))
    };
    let (level, message, first) = attempt(1);
    assert_eq!(
        (*level, message.as_str()),
        (LogLevel::Debug, "request failed")
    );
    assert_eq!(first["status"], 503);
    assert!(first["request_id"]
        .as_str()
        .is_some_and(|r| r.starts_with("req_")));
    let (_, message, second) = attempt(2);
    assert_eq!(message, "request succeeded");
    assert_eq!(second["status"], 200);
    assert!(second["latency_ms"].as_f64().is_some());
    assert!(second["request_id"]
        .as_str()
        .is_some_and(|r| r.starts_with("req_")));
    let (level, _, retry) = ours
        .iter()
        .find(|(_, m, _)| m == "retrying request")
        .expect("a retry event");
    assert_eq!(*level, LogLevel::Info);
    assert_eq!(retry["retry"], 1);
    let everything = format!("{events:?}");
    assert!(
        !everything.contains(s.api_key()),
        "the key leaked: {everything}"
    );
}

/// The index of `name` in `method_names()` (what a skin passes to `call_raw_blocking`).
fn index(name: &str) -> u32 {
    let names = super::method_names();
    u32::try_from(names.iter().position(|n| n == name).expect("a method")).unwrap()
}

#[test]
fn raw_blocking_calls_find_the_client_by_number_on_any_thread() {
    let s = server();
    let c = client(&s);
    let id = c.raw_id();
    let created = super::call_raw_blocking(
        id,
        index("memories.create"),
        br#"{"agent_id":"raw-agent","content":"Raw bytes."}"#,
    )
    .unwrap();
    assert_eq!(created.status, 201);
    assert!(created
        .request_id
        .as_deref()
        .is_some_and(|r| r.starts_with("req_")));
    let memory = parse(&created.body);
    let params = json!({"memory_id": memory["id"]}).to_string();
    // Another thread's first call makes that thread's client from the registry.
    let got = thread::spawn(move || {
        super::call_raw_blocking(id, index("memories.get"), params.as_bytes()).unwrap()
    })
    .join()
    .unwrap();
    assert_eq!(parse(&got.body), memory);
    // Empty params are `{}`; the JSON string call agrees with the raw one.
    let listed = super::call_raw_blocking(id, index("agents.list"), b"").unwrap();
    let text = c
        .call_blocking("agents.list".into(), String::new())
        .unwrap();
    assert_eq!(parse(&listed.body)["object"], parse(&text)["object"]);
    let deleted = super::call_raw_blocking(
        id,
        index("memories.delete"),
        json!({"memory_id": memory["id"]}).to_string().as_bytes(),
    )
    .unwrap();
    assert_eq!((deleted.body.as_str(), deleted.status), ("null", 204));
}

#[test]
fn raw_blocking_calls_refuse_bad_numbers_params_and_closed_clients() {
    let s = server();
    let c = client(&s);
    let id = c.raw_id();
    let err = super::call_raw_blocking(id, 47, b"{}").unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    assert!(err.to_string().contains("unknown method index 47"), "{err}");
    for bad in [&b"{not json"[..], b"\xff\xfe", b"[1]"] {
        let err = super::call_raw_blocking(id, index("agents.list"), bad).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument, "{bad:?}");
    }
    let err = super::call_raw_blocking(id, index("memories.get"), br#"{"memory_id":"nope"}"#)
        .unwrap_err();
    assert!(matches!(err, MemoryRelayError::NotFound { .. }), "{err:?}");
    // A thread that already has the client, then shutdown; and a freed client.
    super::call_raw_blocking(id, index("agents.list"), b"{}").unwrap();
    c.shutdown();
    let err = super::call_raw_blocking(id, index("agents.list"), b"{}").unwrap_err();
    assert!(err.to_string().contains("closed"), "{err}");
    let other = client(&s);
    let other_id = other.raw_id();
    drop(other);
    let err = super::call_raw_blocking(other_id, index("agents.list"), b"{}").unwrap_err();
    assert!(err.to_string().contains("closed"), "{err}");
    assert_eq!(super::method_names().len(), 47);
}

#[test]
fn raw_calls_cancel_and_run_async() {
    let s = server();
    let c = client(&s);
    add_fault(
        &s,
        json!({"path": "/v1/agents", "method": "GET", "action": "delay", "delay_ms": 2000}),
    );
    let token = CancellationToken::new();
    let canceller = {
        let token = token.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(150));
            token.cancel();
        })
    };
    let start = Instant::now();
    let err =
        super::call_raw_blocking_with_token(c.raw_id(), index("agents.list"), b"{}", token.clone())
            .unwrap_err();
    canceller.join().unwrap();
    assert_eq!(err.code(), ErrorCode::Cancelled);
    assert!(start.elapsed() < Duration::from_millis(1500));
    // The async twin, from a foreign executor.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let out = rt
        .block_on(c.call_raw(
            "memories.create".into(),
            r#"{"agent_id":"a","content":"async raw"}"#.into(),
            None,
        ))
        .unwrap();
    assert_eq!(parse(&out.body)["content"], "async raw");
    let err = rt
        .block_on(c.call_raw("agents.list".into(), "{}".into(), Some(token)))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Cancelled);
}
