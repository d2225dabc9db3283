//! Memory search narrowed by `tier`, `min_importance` and `project`, as the official tool
//! clients' memory_search / memory_recall send them.

use reqwest::Method;
use serde_json::{json, Value};

use crate::as_b;
use crate::common::*;

#[tokio::test]
async fn search_narrows_by_tier_importance_and_project() {
    let s = start_with(two_keys()).await;
    s.post("/v1/projects", json!({"slug": "api", "name": "API"}))
        .await
        .expect(201);
    let a = s.agent("filter").await;
    let aid = id(&a);
    let mem = |body: Value| {
        let s = &s;
        let mut body = body;
        body["agent_id"] = json!(aid.clone());
        async move { s.memory_with(body).await }
    };
    let hot_api = mem(
        json!({"content": "rate limits for the public API", "importance": 0.9, "project": "api"}),
    )
    .await;
    let warm_api = mem(json!({"content": "rate limits for internal API calls", "importance": 0.5, "project": "api"})).await;
    let cold =
        mem(json!({"content": "rate limits we tried in 2019", "importance": 0.1, "tier": "cold"}))
            .await;
    let search = |extra: Value| {
        let s = &s;
        async move {
            let mut body = json!({"query": "rate limits", "min_score": 0.3});
            body.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            let r = s.post("/v1/memories/search", body).await.expect(200);
            let mut got: Vec<String> = r["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| id(&d["memory"]))
                .collect();
            got.sort();
            got
        }
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(search(json!({})).await.len(), 3);
    assert_eq!(search(json!({"tier": "hot"})).await, vec![id(&hot_api)]);
    assert_eq!(search(json!({"tier": "cold"})).await, vec![id(&cold)]);
    assert_eq!(
        search(json!({"min_importance": 0.5})).await,
        sorted(vec![id(&hot_api), id(&warm_api)])
    );
    assert_eq!(
        search(json!({"project": "api"})).await,
        sorted(vec![id(&hot_api), id(&warm_api)])
    );
    assert_eq!(
        search(json!({"project": "api", "tier": "warm"})).await,
        vec![id(&warm_api)]
    );
    assert_eq!(
        search(json!({"project": "api", "search_mode": "keyword"}))
            .await
            .len(),
        2
    );

    let bad = |extra: Value| {
        let s = &s;
        async move {
            let mut body = json!({"query": "rate limits"});
            body.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            s.post("/v1/memories/search", body).await
        }
    };
    assert_422(
        &bad(json!({"tier": "lukewarm"})).await,
        json!(["body", "tier"]),
    );
    assert_422(
        &bad(json!({"min_importance": 2})).await,
        json!(["body", "min_importance"]),
    );
    assert_not_found(&bad(json!({"project": "nope"})).await, "project");
    assert_not_found(
        &as_b(
            &s,
            Method::POST,
            "/v1/memories/search",
            Some(json!({"query": "rate limits", "project": "api"})),
        )
        .await,
        "project",
    );
}
