//! `POST /v2/context/build` (and `/v2/context`, the OpenClaw plugin's path): ranked memories
//! packed into a token budget, no LLM (`ai_enhanced` false).

use reqwest::Method;
use serde_json::{json, Value};

use crate::as_b;
use crate::common::*;

fn context_ids(v: &Value) -> Vec<String> {
    v["context"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["memory_id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn ranked_by_relevance_and_importance_within_the_budget() {
    let s = start_with(two_keys()).await;
    let a = s.agent("ctx").await;
    let aid = id(&a);
    let mem = |content: String, importance: f64| {
        let s = &s;
        let aid = aid.clone();
        async move {
            s.memory_with(json!({"agent_id": aid, "content": content, "importance": importance}))
                .await
        }
    };
    let exact = mem("Deploys to production need two approvals".into(), 0.5).await;
    let important = mem(
        "Production deploys need approvals from the on-call lead".into(),
        1.0,
    )
    .await;
    let long = mem(
        format!("Deploys production approvals {}", "detail ".repeat(200)),
        0.5,
    )
    .await;
    let unrelated = mem("The cafeteria serves soup on Fridays".into(), 1.0).await;

    for path in ["/v2/context/build", "/v2/context"] {
        let r = s
            .post(path, json!({"query": "production deploys approvals", "agent_id": "ctx", "ai_enhanced": true}))
            .await
            .expect(200);
        assert_eq!(r["ai_enhanced"], json!(false));
        assert_eq!(r["summary"], json!(null));
        assert_eq!(r["ranking_version"], "local-1");
        assert!(r["latency_ms"].is_u64());
        let got = context_ids(&r);
        assert!(
            !got.contains(&id(&unrelated)),
            "irrelevant memories stay out: {r}"
        );
        assert_eq!(got.len(), 3, "{r}");
        let scores: Vec<f64> = r["context"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["score"].as_f64().unwrap())
            .collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
        let tokens: u64 = r["context"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["token_count"].as_u64().unwrap())
            .sum();
        assert_eq!(r["token_count"].as_u64().unwrap(), tokens);
    }
    // A budget that cannot hold the long memory leaves it out and keeps the others.
    let r = s
        .post(
            "/v2/context/build",
            json!({"query": "production deploys approvals", "max_tokens": 100}),
        )
        .await
        .expect(200);
    let got = context_ids(&r);
    assert!(
        !got.contains(&id(&long)) && got.contains(&id(&exact)) && got.contains(&id(&important)),
        "{r}"
    );
    assert!(r["token_count"].as_u64().unwrap() <= 100);
    assert_eq!(r["memories_over_budget"], json!(1));
    // max_memories and exclusions.
    let one = s
        .post(
            "/v2/context/build",
            json!({"query": "production deploys approvals", "max_memories": 1}),
        )
        .await
        .expect(200);
    assert_eq!(context_ids(&one).len(), 1);
    let without = s
        .post(
            "/v2/context/build",
            json!({"query": "production deploys approvals", "exclude_memory_ids": [id(&exact), id(&important)]}),
        )
        .await
        .expect(200);
    assert_eq!(context_ids(&without), vec![id(&long)]);

    // Bad input.
    let build = |body: Value| {
        let s = &s;
        async move { s.post("/v2/context/build", body).await }
    };
    assert_422(&build(json!({})).await, json!(["body", "query"]));
    assert_422(
        &build(json!({"query": "q", "max_tokens": 50})).await,
        json!(["body", "max_tokens"]),
    );
    assert_422(
        &build(json!({"query": "q", "max_memories": 101})).await,
        json!(["body", "max_memories"]),
    );
    assert_422(
        &build(json!({"query": "q", "search_mode": "vibes"})).await,
        json!(["body", "search_mode"]),
    );
    assert_422(
        &build(json!({"query": "q", "exclude_memory_ids": ["x"]})).await,
        json!(["body", "exclude_memory_ids"]),
    );
    assert_not_found(
        &build(json!({"query": "q", "agent_id": "nobody"})).await,
        "agent",
    );
    // The other account builds from its own memories only.
    let b = as_b(
        &s,
        Method::POST,
        "/v2/context/build",
        Some(json!({"query": "production deploys approvals"})),
    )
    .await
    .expect(200);
    assert_eq!(b["context"], json!([]));
    assert_not_found(
        &as_b(
            &s,
            Method::POST,
            "/v2/context/build",
            Some(json!({"query": "q", "agent_id": "ctx"})),
        )
        .await,
        "agent",
    );
}

/// `POST /v1/memories/context` (the OpenClaw plugin's memory_context): one prompt-ready text.
#[tokio::test]
async fn memories_context_renders_the_best_matches_within_budget() {
    let s = start_with(two_keys()).await;
    s.post("/v1/projects", json!({"slug": "web", "name": "Web"}))
        .await
        .expect(201);
    let a = s.agent("oc-agent").await;
    let aid = id(&a);
    let in_web = s
        .memory_with(json!({"agent_id": aid, "project": "web", "content": "The web app caches sessions in Redis"}))
        .await;
    let elsewhere = s
        .memory_with(
            json!({"agent_id": aid, "content": "The batch jobs cache sessions in Redis too"}),
        )
        .await;
    s.memory_with(json!({"agent_id": aid, "content": "Lunch is at noon"}))
        .await;

    let ctx = |body: Value| {
        let s = &s;
        async move { s.post("/v1/memories/context", body).await }
    };
    let all = ctx(json!({"query": "cache sessions in Redis", "agent_id": "oc-agent"}))
        .await
        .expect(200);
    assert_eq!(all["memories_used"], json!(2), "{all}");
    let text = all["context"].as_str().unwrap();
    assert!(text.starts_with('[') && text.contains("%] "), "{text}");
    assert_eq!(text.split("\n\n").count(), 2, "{text}");
    assert!(text.contains("Redis") && !text.contains("Lunch"), "{text}");
    assert_eq!(
        all["total_chars"].as_u64().unwrap() as usize,
        text.chars().count()
    );
    let only_web = ctx(json!({"query": "cache sessions in Redis", "project": "web", "limit": 10, "threshold": 0.3}))
        .await
        .expect(200);
    assert_eq!(only_web["memory_ids"], json!([in_web["id"]]));
    // A budget of 12 tokens (48 characters) holds one memory, not two.
    let tight = ctx(json!({"query": "cache sessions in Redis", "max_tokens": 12}))
        .await
        .expect(200);
    assert_eq!(tight["memories_used"], json!(1), "{tight}");
    assert!(tight["total_chars"].as_u64().unwrap() <= 48);
    let none = ctx(json!({"query": "quantum chromodynamics"}))
        .await
        .expect(200);
    assert_eq!(
        (none["context"].clone(), none["memories_used"].clone()),
        (json!(""), json!(0))
    );
    let _ = elsewhere;

    assert_422(&ctx(json!({})).await, json!(["body", "query"]));
    assert_422(
        &ctx(json!({"query": "q", "limit": 51})).await,
        json!(["body", "limit"]),
    );
    assert_422(
        &ctx(json!({"query": "q", "threshold": -1})).await,
        json!(["body", "threshold"]),
    );
    assert_not_found(
        &ctx(json!({"query": "q", "project": "nope"})).await,
        "project",
    );
    assert_not_found(
        &ctx(json!({"query": "q", "agent_id": "nobody"})).await,
        "agent",
    );
    let b = as_b(
        &s,
        Method::POST,
        "/v1/memories/context",
        Some(json!({"query": "cache sessions in Redis"})),
    )
    .await
    .expect(200);
    assert_eq!(b["memories_used"], json!(0));
    assert_not_found(
        &as_b(
            &s,
            Method::POST,
            "/v1/memories/context",
            Some(json!({"query": "q", "project": "web"})),
        )
        .await,
        "project",
    );
}
