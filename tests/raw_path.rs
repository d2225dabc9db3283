//! `Client::call_raw`: the result's JSON text as the server sent it, for bindings that decode
//! JSON themselves. Same validation, errors and shaping as `Client::call`; a body that is not
//! JSON is still the API error "invalid JSON in response", with the body and request id.

mod common;

use common::*;
use memoryrelay::resources::CreateMemoryOptions;
use memoryrelay::{CallOptions, Client, ClientConfig, ErrorCode};
use serde_json::{json, Value};

fn parsed(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("the raw body is JSON")
}

#[tokio::test]
async fn raw_results_are_the_bodies_the_json_layer_reads() {
    let srv = start().await;
    let c = client(&srv);
    let agent = unique("raw-agent");
    let created = c
        .call_raw(
            "memories.create",
            json!({"agent_id": agent, "content": "The project uses PostgreSQL 16."}),
        )
        .await
        .unwrap();
    assert_eq!(created.status, 201);
    assert!(created.request_id.as_deref().is_some_and(|r| !r.is_empty()));
    let memory = parsed(&created.body);
    let id = memory["id"].as_str().unwrap().to_string();

    let raw = c
        .call_raw("memories.get", json!({"memory_id": id}))
        .await
        .unwrap();
    let value = c
        .call("memories.get", json!({"memory_id": id}))
        .await
        .unwrap();
    assert_eq!(raw.status, 200);
    assert_eq!(parsed(&raw.body), value);

    let search = json!({"agent_id": agent, "query": "database", "limit": 10});
    let raw = c.call_raw("memories.search", search.clone()).await.unwrap();
    let value = c.call("memories.search", search).await.unwrap();
    // Scores and ids agree; the JSON layer's answer is the same document.
    assert_eq!(parsed(&raw.body)["data"], value["data"]);

    // Deletes are `null`; a batch is the merged result, as in the JSON layer.
    let deleted = c
        .call_raw("memories.delete", json!({"memory_id": id}))
        .await
        .unwrap();
    assert_eq!((&deleted.body[..], deleted.status), (&b"null"[..], 204));
    let batch = c
        .call_raw(
            "memories.batch_create",
            json!({"agent_id": agent, "memories": [{"content": "a"}, {"content": "b"}]}),
        )
        .await
        .unwrap();
    let merged = parsed(&batch.body);
    assert_eq!(merged["succeeded"], json!(2), "{merged}");
}

#[tokio::test]
async fn raw_calls_keep_every_error_of_the_json_layer() {
    let srv = start().await;
    let c = client(&srv);
    let e = c.call_raw("memories.nope", json!({})).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    let e = c
        .call_raw("memories.get", json!({"memory_id": 5}))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidArgument);
    assert!(e.message().contains("memory_id"), "{}", e.message());
    let e = c
        .call_raw("memories.get", json!({"memory_id": "missing"}))
        .await
        .unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::NotFound, Some(404)));
    assert!(e.request_id().is_some());

    // Retries and per-call options apply: one injected 503, then the real answer.
    add_fault(
        &srv,
        json!({"path": "/v1/agents", "method": "GET", "count": 1, "action": "status", "status": 503}),
    )
    .await;
    let listed = c
        .call_raw_with("agents.list", json!({}), CallOptions::default())
        .await
        .unwrap();
    assert!(parsed(&listed.body)["data"].is_array());
}

#[tokio::test]
async fn a_non_json_success_body_is_the_invalid_json_error() {
    let url = raw_stub(
        "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nx-request-id: req_stub\r\ncontent-length: 17\r\nconnection: close\r\n\r\n<html>oops</html>",
    )
    .await;
    let c = Client::new(ClientConfig {
        api_key: Some("mem_x".into()),
        base_url: Some(url),
        ..ClientConfig::default()
    })
    .unwrap();
    let e = c
        .call_raw("memories.get", json!({"memory_id": "m"}))
        .await
        .unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::Api, Some(200)));
    assert_eq!(e.message(), "invalid JSON in response");
    assert_eq!(e.body(), Some("<html>oops</html>"));
    assert_eq!(e.request_id(), Some("req_stub"));
}

#[tokio::test]
async fn truncated_and_trailing_bodies_are_refused() {
    for body in [r#"{"id":"m""#, r#"{"id":"m"} {"id":"n"}"#, "\u{1}"] {
        let response: &'static str = Box::leak(
            format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            )
            .into_boxed_str(),
        );
        let c = Client::new(ClientConfig {
            api_key: Some("mem_x".into()),
            base_url: Some(raw_stub(response).await),
            max_retries: Some(0),
            ..ClientConfig::default()
        })
        .unwrap();
        let e = c.call_raw("agents.list", json!({})).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::Api, "{body}");
        assert_eq!(e.message(), "invalid JSON in response", "{body}");
        assert_eq!(e.body(), Some(body));
    }
}

#[tokio::test]
async fn a_wrong_shape_is_handed_over_for_the_binding_to_refuse() {
    // Valid JSON of the wrong shape: the raw path passes it on (the binding's decoder raises
    // its DECODE error, as the typed Rust surface does here).
    let srv = start().await;
    let c = client(&srv);
    add_fault(
        &srv,
        json!({"path": "/v1/memories/x", "method": "GET", "count": 2,
               "action": "status", "status": 200, "body": "\"not a memory\""}),
    )
    .await;
    let raw = c
        .call_raw("memories.get", json!({"memory_id": "x"}))
        .await
        .unwrap();
    assert_eq!(&raw.body[..], br#""not a memory""#);
    let e = c.memories().get("x").await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Api);
    // And a normal typed call still decodes.
    let m = c
        .memories()
        .create(&unique("raw"), "content", CreateMemoryOptions::default())
        .await
        .unwrap();
    assert!(!m.id.is_empty());
}
