//! Client-side batch chunking and merging (§4.3) and auto-paging (§1.5) against the server.

mod common;

use std::collections::HashSet;

use common::*;
use futures_util::StreamExt;
use memoryrelay::models::{BatchItem, Memory};
use memoryrelay::resources::{CreateAgentOptions, ListOptions};
use memoryrelay::{CallOptions, Client, ErrorCode};
use serde_json::json;

async fn agent_id(c: &Client) -> String {
    c.agents()
        .create(&unique("agent"), CreateAgentOptions::default())
        .await
        .unwrap()
        .id
}

fn items(n: usize) -> Vec<BatchItem> {
    (0..n)
        .map(|i| BatchItem::new(format!("fact number {i}")))
        .collect()
}

#[tokio::test]
async fn large_batches_are_chunked_and_merged_with_global_indexes() {
    let srv = start().await;
    let c = client(&srv);
    let a = agent_id(&c).await;
    let mut input = items(250);
    input[150].content = "   ".into(); // fails alone, on the server
    let r = c.memories().batch_create(&a, input).await.unwrap();
    assert_eq!(
        hits_for(&srv, "POST /v1/memories/batch").await,
        3,
        "100 + 100 + 50"
    );
    assert_eq!((r.total, r.succeeded, r.failed), (250, 249, 1));
    assert!(!r.success);
    let indexes: Vec<u64> = r.results.iter().map(|x| x.index).collect();
    assert_eq!(indexes, (0..250).collect::<Vec<u64>>());
    assert_eq!(r.results[150].status, "failed");
    assert_eq!(r.results[150].error_code.as_deref(), Some("validation"));
    let ids: HashSet<_> = r
        .results
        .iter()
        .filter_map(|x| x.memory_id.clone())
        .collect();
    assert_eq!(ids.len(), 249);
    assert!(r.timing.total_ms >= 0.0);
    let expected_avg = r.timing.total_ms / 250.0;
    assert!((r.timing.per_memory_avg_ms - expected_avg).abs() < 1e-9);
}

#[tokio::test]
async fn a_failed_chunk_becomes_failed_items_and_the_rest_goes_on() {
    let srv = start().await;
    let c = client(&srv);
    let a = agent_id(&c).await;
    add_fault(
        &srv,
        json!({"path": "/v1/memories/batch", "method": "POST", "action": "status",
                           "status": 503}),
    )
    .await;
    let r = c
        .memories()
        .with_options(CallOptions {
            max_retries: Some(0),
            ..Default::default()
        })
        .batch_create(&a, items(130))
        .await
        .unwrap();
    assert_eq!((r.total, r.succeeded, r.failed), (130, 30, 100));
    assert!(r.results[..100].iter().all(|x| x.status == "failed"
        && x.error_code.as_deref() == Some("api")
        && x.memory_id.is_none()));
    assert!(r.results[100..].iter().all(|x| x.status == "success"));
    assert_eq!(r.results[129].index, 129);
}

#[tokio::test]
async fn when_every_chunk_fails_the_first_error_is_returned() {
    let srv = start().await;
    let c = client(&srv);
    let a = agent_id(&c).await;
    add_fault(
        &srv,
        json!({"path": "/v1/memories/batch", "method": "POST", "count": 1,
                           "action": "status", "status": 500}),
    )
    .await;
    add_fault(
        &srv,
        json!({"path": "/v1/memories/batch", "method": "POST", "count": 1,
                           "action": "status", "status": 404}),
    )
    .await;
    let err = c
        .memories()
        .with_options(CallOptions {
            max_retries: Some(0),
            ..Default::default()
        })
        .batch_create(&a, items(101))
        .await
        .unwrap_err();
    assert_eq!((err.code(), err.status()), (ErrorCode::Api, Some(500)));
}

#[tokio::test]
async fn list_all_streams_every_page() {
    let srv = start().await;
    let c = client(&srv);
    let a = agent_id(&c).await;
    c.memories().batch_create(&a, items(230)).await.unwrap();
    reset_faults(&srv).await;
    let all: Vec<Memory> = c
        .memories()
        .list_all(
            &a,
            ListOptions {
                limit: Some(100),
                offset: None,
            },
        )
        .map(|m| m.unwrap())
        .collect()
        .await;
    assert_eq!(all.len(), 230);
    let distinct: HashSet<_> = all.iter().map(|m| m.id.clone()).collect();
    assert_eq!(distinct.len(), 230);
    assert_eq!(hits_for(&srv, "GET /v1/memories").await, 3);

    // Starting from an offset, with a small page.
    let tail: Vec<Memory> = c
        .memories()
        .list_all(
            &a,
            ListOptions {
                limit: Some(7),
                offset: Some(220),
            },
        )
        .map(|m| m.unwrap())
        .collect()
        .await;
    assert_eq!(tail.len(), 10);
    assert_eq!(tail[..], all[220..]);

    // An error ends the stream after being yielded once.
    add_fault(
        &srv,
        json!({"path": "/v1/agents", "method": "GET", "action": "status",
                           "status": 401}),
    )
    .await;
    let res: Vec<_> = c.agents().list_all(ListOptions::default()).collect().await;
    assert_eq!(res.len(), 1);
    assert_eq!(
        res[0].as_ref().unwrap_err().code(),
        ErrorCode::Authentication
    );
}
