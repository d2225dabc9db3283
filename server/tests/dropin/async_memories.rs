//! `POST /v2/memories` (202, embedded off the request path) and
//! `GET /v2/memories/{id}/status`.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{json, Value};

use crate::as_b;
use crate::common::*;

async fn wait_ready(s: &Srv, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let st = s
            .get(&format!("/v2/memories/{id}/status"))
            .await
            .expect(200);
        assert!(
            ["pending", "processing", "ready"].contains(&st["status"].as_str().unwrap()),
            "{st}"
        );
        if st["status"] == "ready" {
            return st;
        }
        assert!(Instant::now() < deadline, "still {st}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn accepted_then_ready_then_searchable() {
    let s = start_with(two_keys()).await;
    s.post("/v1/projects", json!({"slug": "infra", "name": "Infra"}))
        .await
        .expect(201);
    let r = s
        .post(
            "/v2/memories",
            json!({"agent_id": "async-agent", "content": "Kubernetes upgrades happen on the first Monday",
                   "metadata": {"src": "test"}, "project": "infra", "importance": 0.9,
                   "webhook_url": "https://example.com/hook"}),
        )
        .await
        .expect(202);
    let mid = r["id"].as_str().unwrap().to_string();
    assert!(is_uuid(&mid));
    assert_eq!(r["status"], "pending");
    assert!(r["job_id"].as_str().unwrap().contains(&mid));
    assert!(r["estimated_completion_seconds"].as_i64().unwrap() >= 1);

    let st = wait_ready(&s, &mid).await;
    assert_eq!(st["id"], json!(mid));
    assert_eq!(st["error"], json!(null));
    assert!(is_rfc3339_utc(st["created_at"].as_str().unwrap()));
    let m = s.get(&format!("/v1/memories/{mid}")).await.expect(200);
    assert_memory(&m);
    assert_eq!(
        (m["tier"].clone(), m["metadata"].clone()),
        (json!("hot"), json!({"src": "test"}))
    );
    let project = s.get("/v1/projects/infra").await.expect(200);
    assert_eq!(m["project_id"], project["id"]);
    // The unknown agent name was created, as memories.create does.
    let agent = s.get("/v1/agents/async-agent").await.expect(200);
    assert_eq!(m["agent_id"], agent["id"]);
    let found = s
        .post(
            "/v1/memories/search",
            json!({"query": "Kubernetes upgrades first Monday", "min_score": 0.5}),
        )
        .await
        .expect(200);
    assert_eq!(found["data"][0]["memory"]["id"], json!(mid));
    // v1-created memories are ready from the start.
    let v1 = s.memory(&id(&agent), "sync one").await;
    assert_eq!(
        s.get(&format!("/v2/memories/{}/status", id(&v1)))
            .await
            .expect(200)["status"],
        "ready"
    );

    // Many at once all settle.
    let mut ids = Vec::new();
    for i in 0..20 {
        let r = s
            .post(
                "/v2/memories",
                json!({"agent_id": "async-agent", "content": format!("bulk memory number {i}")}),
            )
            .await
            .expect(202);
        ids.push(r["id"].as_str().unwrap().to_string());
    }
    for i in &ids {
        wait_ready(&s, i).await;
    }

    // Another account sees nothing.
    assert_not_found(
        &as_b(&s, Method::GET, &format!("/v2/memories/{mid}/status"), None).await,
        "memory",
    );
    let b = as_b(
        &s,
        Method::POST,
        "/v1/memories/search",
        Some(json!({"query": "Kubernetes upgrades"})),
    )
    .await
    .expect(200);
    assert_eq!(b["data"], json!([]));
    // A deleted memory has no status.
    s.delete(&format!("/v1/memories/{mid}")).await.expect(200);
    assert_not_found(
        &s.get(&format!("/v2/memories/{mid}/status")).await,
        "memory",
    );
}

#[tokio::test]
async fn bad_input_is_rejected_and_writes_nothing() {
    let s = start().await;
    let create = |body: Value| {
        let s = &s;
        async move { s.post("/v2/memories", body).await }
    };
    assert_422(
        &create(json!({"agent_id": "x"})).await,
        json!(["body", "content"]),
    );
    assert_422(
        &create(json!({"content": "c"})).await,
        json!(["body", "agent_id"]),
    );
    assert_422(
        &create(json!({"agent_id": "x", "content": "   "})).await,
        json!(["body", "content"]),
    );
    assert_422(
        &create(json!({"agent_id": "x", "content": "c", "importance": 1.2})).await,
        json!(["body", "importance"]),
    );
    assert_422(
        &create(json!({"agent_id": "x", "content": "c", "tier": "lukewarm"})).await,
        json!(["body", "tier"]),
    );
    assert_422(
        &create(json!({"agent_id": "x", "content": "c", "webhook_url": "javascript:alert(1)"}))
            .await,
        json!(["body", "webhook_url"]),
    );
    assert_not_found(
        &create(json!({"agent_id": "x", "content": "c", "project": "nope"})).await,
        "project",
    );
    assert_not_found(
        &create(json!({"agent_id": unknown_uuid(), "content": "c"})).await,
        "agent",
    );
    assert_eq!(
        s.get("/v1/memories").await.expect(200)["total_count"],
        json!(0)
    );
    assert_eq!(
        s.get("/v1/agents").await.expect(200)["total_count"],
        json!(0)
    );
    assert_not_found(
        &s.get(&format!("/v2/memories/{}/status", unknown_uuid()))
            .await,
        "memory",
    );
    assert_not_found(&s.get("/v2/memories/not-a-uuid/status").await, "memory");
}
