//! Client-side validation (§1.6, §4.3): INVALID_ARGUMENT naming the problem, and nothing sent
//! (checked with the server's request log).

mod common;

use common::*;
use memoryrelay::models::BatchItem;
use memoryrelay::resources::{UpdateAgent, UpdateMemory};
use memoryrelay::{Client, ClientConfig, ErrorCode};
use serde_json::{json, Value};

async fn invalid(c: &Client, method: &str, params: Value, needle: &str) {
    let err = c.call(method, params.clone()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument, "{method} {params}");
    assert!(
        err.message().contains(needle),
        "{method}: {}",
        err.message()
    );
    let v = err.to_json();
    assert!(v["status"].is_null() && v["body"].is_null());
}

#[tokio::test]
async fn nothing_is_sent_for_invalid_params() {
    let srv = start().await;
    let c = client(&srv);
    invalid(&c, "memories.explode", json!({}), "unknown method").await;
    invalid(&c, "memories.create", json!("text"), "JSON object").await;
    invalid(&c, "memories.create", json!({"agent_id": "a"}), "`content`").await;
    invalid(
        &c,
        "memories.create",
        json!({"agent_id": "a", "content": "x", "colour": "red"}),
        "`colour`",
    )
    .await;
    invalid(
        &c,
        "memories.create",
        json!({"agent_id": "a", "content": 42}),
        "`content`",
    )
    .await;
    invalid(
        &c,
        "memories.create",
        json!({"agent_id": "a", "content": ""}),
        "`content`",
    )
    .await;
    invalid(
        &c,
        "memories.create",
        json!({"agent_id": "a", "content": " \n\t "}),
        "`content`",
    )
    .await;
    let long = "x".repeat(50_001);
    invalid(
        &c,
        "memories.create",
        json!({"agent_id": "a", "content": long}),
        "50000",
    )
    .await;
    invalid(
        &c,
        "memories.create",
        json!({"agent_id": "a", "content": "x", "metadata": [1]}),
        "`metadata`",
    )
    .await;
    invalid(
        &c,
        "memories.create",
        json!({"agent_id": "a", "content": "x", "importance": "high"}),
        "`importance`",
    )
    .await;
    invalid(
        &c,
        "memories.list",
        json!({"agent_id": "a", "limit": 2.5}),
        "`limit`",
    )
    .await;
    invalid(&c, "memories.get", json!({"memory_id": ""}), "`memory_id`").await;
    invalid(&c, "memories.get", json!({}), "`memory_id`").await;
    invalid(
        &c,
        "memories.update",
        json!({"memory_id": "m"}),
        "nothing to update",
    )
    .await;
    invalid(
        &c,
        "memories.update",
        json!({"memory_id": "m", "content": ""}),
        "`content`",
    )
    .await;
    invalid(
        &c,
        "projects.update",
        json!({"project_id": "p", "name": null}),
        "nothing to update",
    )
    .await;
    invalid(
        &c,
        "decisions.create",
        json!({"agent_id": "a", "title": "t", "content": "c", "tags": "db"}),
        "`tags`",
    )
    .await;
    invalid(
        &c,
        "memories.batch_create",
        json!({"agent_id": "a", "memories": []}),
        "must not be empty",
    )
    .await;
    invalid(
        &c,
        "memories.batch_create",
        json!({"agent_id": "a", "memories": ["x"]}),
        "`memories`",
    )
    .await;
    invalid(
        &c,
        "memories.batch_create",
        json!({"agent_id": "a", "memories": [{"content": "x", "user_id": "u"}]}),
        "user_id",
    )
    .await;
    invalid(
        &c,
        "patterns.adopt",
        json!({"pattern_id": "p"}),
        "`project_id`",
    )
    .await;

    // The typed surface shares the checks.
    let err = c
        .memories()
        .update("m", UpdateMemory::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    let err = c
        .agents()
        .update("a", UpdateAgent::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    let err = c
        .memories()
        .batch_create("a", Vec::<BatchItem>::new())
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    let err = c.agents().get("").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);

    assert!(hits(&srv).await.is_empty(), "no request reached the server");
}

#[tokio::test]
async fn server_side_ranges_come_back_as_validation() {
    let srv = start().await;
    let c = client(&srv);
    let err = c
        .call(
            "memories.search",
            json!({"agent_id": "a", "query": "q", "limit": 101}),
        )
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), err.status()),
        (ErrorCode::Validation, Some(422))
    );
}

#[test]
fn bad_client_options_are_invalid_argument() {
    for cfg in [
        ClientConfig {
            base_url: Some("http://api.example.com".into()),
            ..ClientConfig::with_api_key("k")
        },
        ClientConfig {
            base_url: Some("mailto:x@example.com".into()),
            ..ClientConfig::with_api_key("k")
        },
        ClientConfig {
            max_retries: Some(11),
            ..ClientConfig::with_api_key("k")
        },
        ClientConfig {
            timeout: Some(std::time::Duration::ZERO),
            ..ClientConfig::with_api_key("k")
        },
    ] {
        let err = Client::new(cfg.clone()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument, "{cfg:?}");
    }
    let err = ClientConfig::from_json(&json!({"timeout": "soon"})).unwrap_err();
    assert!(err.message().contains("timeout"));
}
