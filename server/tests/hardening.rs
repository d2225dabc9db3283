//! Bad input from the hardening probe, each a case: deep metadata is refused with a located
//! 422 (it once made every reader of the account fail), literal routes never shadow ids,
//! an oversized header block gets the contract body and X-Request-Id (a query as long as the
//! contract allows is served), a malformed body is
//! refused even where the route reads none, and reads on a file database (served by read
//! connections) never try to write.

mod common;

use memoryrelay_server::{DbLocation, ServerConfig};
use reqwest::Method;
use serde_json::{json, Value};

fn nested(levels: usize) -> Value {
    let mut v = json!("leaf");
    for _ in 0..levels {
        v = json!({ "k": v });
    }
    v
}

#[tokio::test]
async fn metadata_nested_deeper_than_32_levels_is_a_422_naming_the_field() {
    let s = common::start().await;
    for levels in [33, 125] {
        let body = s
            .post(
                "/v1/memories",
                json!({"agent_id": "deep", "content": "x", "metadata": nested(levels)}),
            )
            .await
            .expect(422);
        assert_eq!(
            body["detail"][0]["loc"],
            json!(["body", "metadata"]),
            "{body}"
        );
    }
    let body = s
        .post(
            "/v1/agents",
            json!({"name": "deep-agent", "metadata": nested(40)}),
        )
        .await
        .expect(422);
    assert_eq!(body["detail"][0]["loc"], json!(["body", "metadata"]));
    // A batch item is located inside the batch.
    let body = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": "deep", "memories": [{"content": "ok"}, {"content": "x", "metadata": nested(33)}]}),
        )
        .await
        .expect(200);
    assert_eq!(body["results"][1]["status"], "failed", "{body}");
    // 32 levels are accepted and read back everywhere.
    let m = s
        .memory_with(json!({"agent_id": "deep", "content": "deep ok", "metadata": nested(32)}))
        .await;
    assert_eq!(m["metadata"], nested(32));
    let list = s.get("/v1/memories?agent_id=deep").await.expect(200);
    assert_eq!(list["data"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn literal_routes_answer_as_unknown_ids() {
    let s = common::start().await;
    for literal in ["search", "batch"] {
        let path = format!("/v1/memories/{literal}");
        for method in [Method::GET, Method::DELETE] {
            let body = s.call(method.clone(), &path, None).await.expect(404);
            assert_eq!(body["type"], "not_found", "{method} {path}: {body}");
        }
        let body = s.put(&path, json!({"content": "x"})).await.expect(404);
        assert_eq!(body["type"], "not_found");
    }
    // The literal's own method still works.
    s.post("/v1/memories/search", json!({"query": "x"}))
        .await
        .expect(200);
}

#[tokio::test]
async fn oversized_heads_get_contract_bodies() {
    let s = common::start().await;
    // The longest query the contract allows (§4.2: 10,000 characters) fits in a GET search's
    // request target, even percent-encoded.
    let query = "&".repeat(10_000);
    let path = format!(
        "/v1/decisions/check{}",
        common::qs(&[("agent_id", "nobody"), ("query", &query)])
    );
    assert!(path.len() > 29_000, "{}", path.len());
    let body = s.get(&path).await.expect(404);
    assert_eq!(body["type"], "not_found", "{body}");
    let mut rb = s.request(Method::GET, "/v1/agents");
    for i in 0..150 {
        rb = rb.header(format!("x-extra-{i}"), "v");
    }
    let body = s.send(rb).await.expect(431);
    assert_eq!(body["detail"], "Request header fields too large");
    assert!(body["request_id"].as_str().unwrap().starts_with("req_"));
}

#[tokio::test]
async fn a_malformed_body_is_refused_where_the_route_reads_none() {
    let s = common::start().await;
    let agent = s.agent("sum").await;
    let session = s
        .post("/v1/sessions", json!({"agent_id": agent["id"]}))
        .await
        .expect(201);
    let path = format!("/v1/sessions/{}/summarize", session["id"].as_str().unwrap());
    for bad in ["{not json", "[1,2]", "\"text\""] {
        let rb = s
            .request(Method::POST, &path)
            .header("content-type", "application/json")
            .body(bad);
        let body = s.send(rb).await.expect(400);
        assert_eq!(body["type"], "validation", "{bad}: {body}");
    }
    // No body and an empty object are both fine.
    s.post_empty(&path).await.expect(200);
    s.post(&path, json!({})).await.expect(200);
}

/// Every read route on a file database runs on a read connection: none may try to write.
#[tokio::test]
async fn every_read_route_works_on_read_connections() {
    let dir = tempfile::tempdir().unwrap();
    let s = common::start_with(ServerConfig {
        db: DbLocation::File(dir.path().join("reads.db")),
        ..Default::default()
    })
    .await;
    let agent = s.agent("reader").await;
    let a = agent["id"].as_str().unwrap().to_string();
    let m = s.memory(&a, "the quick brown fox").await;
    let e = s.entity(&a, "Fox", "concept").await;
    let sess = s
        .post("/v1/sessions", json!({"agent_id": a}))
        .await
        .expect(201);
    let d = s
        .post(
            "/v1/decisions",
            json!({"agent_id": a, "title": "t", "rationale": "quick fox"}),
        )
        .await
        .expect(201);
    let p = s
        .post("/v1/projects", json!({"agent_id": a, "name": "Proj"}))
        .await
        .expect(201);
    let pat = s
        .post(
            "/v1/patterns",
            json!({"agent_id": a, "title": "p", "description": "quick fox"}),
        )
        .await
        .expect(201);
    let id = |v: &Value| v["id"].as_str().unwrap().to_string();
    let reads = [
        "/v1/agents".to_string(),
        format!("/v1/agents/{a}"),
        format!("/v1/agents/{a}/stats"),
        format!("/v1/memories?agent_id={a}"),
        format!("/v1/memories/{}", id(&m)),
        format!("/v1/entities?agent_id={a}"),
        format!("/v1/entities/{}", id(&e)),
        format!("/v1/sessions?agent_id={a}"),
        format!("/v1/sessions/{}?include_memories=true", id(&sess)),
        format!("/v1/decisions?agent_id={a}"),
        format!("/v1/decisions/{}", id(&d)),
        format!("/v1/decisions/check?agent_id={a}&query=fox"),
        format!("/v1/projects?agent_id={a}"),
        format!("/v1/projects/{}", id(&p)),
        format!("/v1/projects/{}/context", id(&p)),
        format!("/v1/patterns?agent_id={a}"),
        format!("/v1/patterns/{}", id(&pat)),
        format!("/v1/patterns/search?agent_id={a}&query=fox"),
    ];
    for path in &reads {
        s.get(path).await.expect(200);
    }
    let hits = s
        .post(
            "/v1/memories/search",
            json!({"query": "quick fox", "agent_id": a}),
        )
        .await
        .expect(200);
    assert_eq!(hits["data"][0]["memory"]["id"], m["id"]);
    // A write after the reads is seen by the next read (the shared index follows commits).
    let m2 = s.memory(&a, "quick fox again").await;
    let hits = s
        .post(
            "/v1/memories/search",
            json!({"query": "quick fox again", "agent_id": a}),
        )
        .await
        .expect(200);
    assert_eq!(hits["data"][0]["memory"]["id"], m2["id"]);
}
