//! Exactly what goes on the wire (§1.3, §1.4, §3.1, §3.2), captured by a recording stub.

mod common;

use std::time::Duration;

use common::*;
use memoryrelay::{CallOptions, Client, ClientConfig, ErrorCode};
use serde_json::{json, Value};

fn client_for(url: &str, suffix: Option<&str>) -> Client {
    Client::new(ClientConfig {
        api_key: Some("mem_wire_key".into()),
        base_url: Some(format!("{url}/")), // a trailing slash is stripped
        user_agent_suffix: suffix.map(str::to_owned),
        ..ClientConfig::default()
    })
    .unwrap()
}

fn header<'a>(req: &'a str, name: &str) -> Option<&'a str> {
    let head = req.split("\r\n\r\n").next().unwrap();
    head.lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn body(req: &str) -> &str {
    req.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("")
}

#[tokio::test]
async fn post_carries_a_v4_idempotency_key_and_a_json_body() {
    let ok = http_response("201 Created", "", r#"{"id":"m1","object":"memory"}"#);
    let stub = recording_stub(vec![ok]).await;
    let c = client_for(&stub.url, Some("python"));
    c.call(
        "memories.create",
        json!({"agent_id": "a", "content": "hi", "metadata": null, "importance": 0.5}),
    )
    .await
    .unwrap();
    let reqs = stub.requests.lock().unwrap().clone();
    let req = &reqs[0];
    assert!(req.starts_with("POST /v1/memories HTTP/1.1\r\n"), "{req}");
    assert_eq!(header(req, "authorization"), Some("Bearer mem_wire_key"));
    assert_eq!(header(req, "accept"), Some("application/json"));
    assert_eq!(header(req, "content-type"), Some("application/json"));
    let ua = format!("memoryrelay-rust/{} (python)", env!("CARGO_PKG_VERSION"));
    assert_eq!(header(req, "user-agent"), Some(ua.as_str()));
    let key = header(req, "idempotency-key").expect("POST has a key");
    let uuid = uuid::Uuid::parse_str(key).unwrap();
    assert_eq!(uuid.get_version_num(), 4);
    // Null members are absent on the wire, never sent as null.
    let sent: Value = serde_json::from_str(body(req)).unwrap();
    assert_eq!(
        sent,
        json!({"agent_id": "a", "content": "hi", "importance": 0.5})
    );
}

#[tokio::test]
async fn get_and_delete_carry_no_key_and_no_content_type() {
    let ok = http_response(
        "200 OK",
        "",
        r#"{"object":"list","data":[],"has_more":false}"#,
    );
    let stub = recording_stub(vec![ok]).await;
    let c = client_for(&stub.url, None);
    c.call(
        "entities.list",
        json!({"agent_id": "a b/c", "entity_type": "person"}),
    )
    .await
    .unwrap();
    c.call(
        "patterns.unadopt",
        json!({"pattern_id": "p/1", "project_id": "web"}),
    )
    .await
    .unwrap();
    let reqs = stub.requests.lock().unwrap().clone();
    assert!(
        reqs[0].starts_with(
            "GET /v1/entities?agent_id=a+b%2Fc&entity_type=person&limit=50&offset=0 HTTP/1.1"
        ),
        "{}",
        reqs[0]
    );
    assert!(reqs[1].starts_with("DELETE /v1/patterns/p%2F1/adopt?project=web HTTP/1.1"));
    for r in &reqs {
        assert_eq!(header(r, "idempotency-key"), None);
        assert_eq!(header(r, "content-type"), None);
        assert_eq!(body(r), "");
        let ua = format!("memoryrelay-rust/{}", env!("CARGO_PKG_VERSION"));
        assert_eq!(header(r, "user-agent"), Some(ua.as_str()));
    }
}

#[tokio::test]
async fn retries_repeat_the_request_byte_for_byte() {
    let busy = http_response(
        "503 Service Unavailable",
        "retry-after: 0\r\n",
        r#"{"detail":"busy","type":"api_error"}"#,
    );
    let ok = http_response("201 Created", "", r#"{"id":"m1"}"#);
    let stub = recording_stub(vec![busy, busy, ok]).await;
    let c = client_for(&stub.url, None);
    let v = c
        .call(
            "memories.create",
            json!({"agent_id": "a", "content": "same bytes"}),
        )
        .await
        .unwrap();
    assert_eq!(v["id"], "m1");
    let reqs = stub.requests.lock().unwrap().clone();
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[0], reqs[1]);
    assert_eq!(reqs[1], reqs[2]);
}

#[tokio::test]
async fn each_logical_call_gets_its_own_key() {
    let ok = http_response("201 Created", "", r#"{"id":"m1"}"#);
    let stub = recording_stub(vec![ok]).await;
    let c = client_for(&stub.url, None);
    for _ in 0..2 {
        c.call("memories.create", json!({"agent_id": "a", "content": "x"}))
            .await
            .unwrap();
    }
    let reqs = stub.requests.lock().unwrap().clone();
    assert_ne!(
        header(&reqs[0], "idempotency-key"),
        header(&reqs[1], "idempotency-key")
    );
}

#[tokio::test]
async fn delete_accepts_204_and_200_with_a_body() {
    let no_content = "HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n";
    let with_body = http_response("200 OK", "", r#"{"deleted":true}"#);
    let stub = recording_stub(vec![no_content, with_body]).await;
    let c = client_for(&stub.url, None);
    assert_eq!(
        c.call("memories.delete", json!({"memory_id": "m"}))
            .await
            .unwrap(),
        Value::Null
    );
    assert_eq!(
        c.call("agents.delete", json!({"agent_id": "a"}))
            .await
            .unwrap(),
        Value::Null
    );
}

#[tokio::test]
async fn cancelling_mid_backoff_stops_the_call() {
    let srv = start().await;
    let c = client(&srv);
    add_fault(
        &srv,
        json!({"path": "/v1/agents", "method": "GET", "count": 5,
                           "action": "status", "status": 503, "retry_after": "30"}),
    )
    .await;
    // Dropping the future (here by the timeout) is how Rust callers cancel.
    let r =
        tokio::time::timeout(Duration::from_millis(300), c.call("agents.list", json!({}))).await;
    assert!(r.is_err(), "still waiting out Retry-After when cancelled");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        hits_for(&srv, "GET /v1/agents").await,
        1,
        "no retry after cancellation"
    );
}

#[tokio::test]
async fn per_call_options_are_validated() {
    let c = client_for("http://127.0.0.1:9", None);
    let opts = CallOptions {
        timeout: Some(Duration::ZERO),
        max_retries: None,
    };
    let err = c
        .call_with("agents.list", json!({}), opts)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let ok = http_response("200 OK", "", r#"{"id":"m1"}"#);
    let stub = recording_stub(vec![ok]).await;
    let c = client_for(&format!("{}/mr//", stub.url), None);
    c.memories().get("m 1").await.unwrap();
    let reqs = stub.requests.lock().unwrap().clone();
    assert!(
        reqs[0].starts_with("GET /mr/v1/memories/m%201 HTTP/1.1"),
        "{}",
        reqs[0]
    );
}
