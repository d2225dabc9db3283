//! The blocking client: a representative set of methods, paging as an Iterator, and errors,
//! against a server running on its own thread (no async runtime in these tests).

mod common;

use common::{unique, QUICKSTART_MEMORY};
use memoryrelay::models::BatchItem;
use memoryrelay::resources::*;
use memoryrelay::{BlockingClient, CallOptions, ClientConfig, ErrorCode};
use memoryrelay_server::{spawn_background, BackgroundServer, ServerConfig};
use serde_json::json;

fn setup() -> (BackgroundServer, BlockingClient) {
    let srv = spawn_background(ServerConfig::default()).unwrap();
    let c = BlockingClient::new(ClientConfig {
        api_key: Some(srv.api_key().into()),
        base_url: Some(srv.url().into()),
        ..Default::default()
    })
    .unwrap();
    (srv, c)
}

#[test]
fn quickstart_flow() {
    let (_srv, client) = setup();
    let agent = client
        .agents()
        .create(
            "my-agent",
            CreateAgentOptions {
                description: Some("My first agent".into()),
                ..Default::default()
            },
        )
        .unwrap();
    client
        .memories()
        .create(
            &agent.id,
            QUICKSTART_MEMORY,
            CreateMemoryOptions {
                metadata: Some(json!({"source": "architecture-review", "confidence": 0.95})),
                ..Default::default()
            },
        )
        .unwrap();
    client
        .memories()
        .create(
            &agent.id,
            "Deploys run on Fridays.",
            CreateMemoryOptions::default(),
        )
        .unwrap();
    let results = client
        .memories()
        .search(
            &agent.id,
            "What database does the project use?",
            SearchOptions {
                limit: Some(5),
                ..Default::default()
            },
        )
        .unwrap();
    let lines: Vec<String> = results
        .iter()
        .map(|r| format!("[{:.2}] {}", r.score, r.content()))
        .collect();
    assert!(lines[0].ends_with(QUICKSTART_MEMORY), "{lines:?}");
    assert!(lines[0].starts_with("[0.") || lines[0].starts_with("[1.00]"));
}

#[test]
fn sessions_decisions_and_json_layer() {
    let (_srv, client) = setup();
    let a = client
        .agents()
        .create(&unique("agent"), CreateAgentOptions::default())
        .unwrap();
    let s = client
        .sessions()
        .get_or_create(&a.id, "review", GetOrCreateSessionOptions::default())
        .unwrap();
    assert_eq!(s.created, Some(true));
    let ended = client.sessions().end(&s.id, None).unwrap();
    assert_eq!(ended.status, "ended");
    let d = client
        .decisions()
        .create(
            &a.id,
            "Use Rust",
            "One core for every platform.",
            Default::default(),
        )
        .unwrap();
    assert_eq!(
        client.decisions().get(&d.id).unwrap().rationale,
        "One core for every platform."
    );
    let v = client
        .call("decisions.list", json!({"agent_id": a.id}))
        .unwrap();
    assert_eq!(v["total_count"], 1);
    client.decisions().delete(&d.id).unwrap();
    let err = client.decisions().get(&d.id).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn list_all_is_an_iterator() {
    let (_srv, client) = setup();
    let a = client
        .agents()
        .create(&unique("agent"), CreateAgentOptions::default())
        .unwrap();
    let items: Vec<BatchItem> = (0..120)
        .map(|i| BatchItem::new(format!("item {i}")))
        .collect();
    let r = client.memories().batch_create(&a.id, items).unwrap();
    assert_eq!(r.succeeded, 120);
    let all: Vec<_> = client
        .memories()
        .list_all(
            &a.id,
            ListOptions {
                limit: Some(50),
                offset: None,
            },
        )
        .map(|m| m.unwrap().id)
        .collect();
    assert_eq!(all.len(), 120);
    let distinct: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(distinct.len(), 120);
}

#[test]
fn errors_and_per_call_options() {
    let (_srv, client) = setup();
    let health = client.health().unwrap();
    assert_eq!(
        (health.status.as_str(), health.api_version.as_str()),
        ("ok", "v1")
    );
    let err = client.memories().get("nonexistent-id").unwrap_err();
    assert_eq!((err.code(), err.status()), (ErrorCode::NotFound, Some(404)));
    let err = client
        .memories()
        .with_options(CallOptions {
            max_retries: Some(11),
            ..Default::default()
        })
        .get("x")
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    let err = client
        .memories()
        .update("x", UpdateMemory::default())
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
}
