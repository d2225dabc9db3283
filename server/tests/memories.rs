//! memories.* over HTTP (contract §4.3): the seven methods, their validation and §5.2 variants.
mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn create_returns_201_full_memory_with_defaults() {
    let s = start().await;
    let a = s.agent("mem-agent").await;
    let r = s
        .post(
            "/v1/memories",
            json!({"agent_id": id(&a), "content": "The project uses PostgreSQL 16.",
                   "metadata": {"source": "review", "confidence": 0.95}}),
        )
        .await;
    assert!(is_request_id(&r.header("x-request-id").unwrap()));
    let m = r.expect(201);
    assert_memory(&m);
    assert_eq!(m["agent_id"], a["id"]);
    assert_eq!(m["content"], "The project uses PostgreSQL 16.");
    assert_eq!(
        m["metadata"],
        json!({"source": "review", "confidence": 0.95})
    );
    assert_eq!(m["memory_type"], "fact");
    assert_eq!(m["importance"].as_f64(), Some(0.5));
    assert_eq!(m["tier"], "warm");
    assert_eq!(m["is_duplicate"], false);
    assert!(m["user_id"].is_null() && m["session_id"].is_null() && m["project_id"].is_null());
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let created = m["created_at"].as_i64().unwrap();
    assert!(
        (now - created).abs() < 120,
        "created_at {created} vs now {now}"
    );
    assert!(m["updated_at"].as_i64().unwrap() >= created);
}

#[tokio::test]
async fn create_with_extras_and_hot_tier_default() {
    let s = start().await;
    let a = s.agent("extras").await;
    let m = s
        .memory_with(
            json!({"agent_id": id(&a), "content": "Deploy on Fridays is forbidden.",
            "importance": 0.9, "memory_type": "preference", "user_id": "u-42"}),
        )
        .await;
    assert_memory(&m);
    assert_eq!(m["tier"], "hot", "importance >= 0.8 defaults to hot");
    assert_eq!(m["memory_type"], "preference");
    assert_eq!(m["user_id"], "u-42");
    let m2 = s
        .memory_with(json!({"agent_id": id(&a), "content": "Archive me.", "importance": 0.95, "tier": "cold"}))
        .await;
    assert_eq!(m2["tier"], "cold", "explicit tier wins");
}

#[tokio::test]
async fn create_with_unknown_agent_name_creates_the_agent() {
    let s = start().await;
    let m = s
        .memory("auto-created-agent", "Agents are created by name.")
        .await;
    assert_memory(&m);
    let agent = s.get("/v1/agents/auto-created-agent").await.expect(200);
    assert_agent(&agent);
    assert_eq!(agent["id"], m["agent_id"]);
    assert_eq!(agent["memory_count"], 1);
    assert!(
        agent["last_active_at"].is_string(),
        "create updates last_active_at"
    );
    // A second memory with the same name goes to the same agent.
    let m2 = s.memory("auto-created-agent", "Second one.").await;
    assert_eq!(m2["agent_id"], m["agent_id"]);
}

#[tokio::test]
async fn create_with_unknown_agent_uuid_is_404() {
    let s = start().await;
    let r = s
        .post(
            "/v1/memories",
            json!({"agent_id": unknown_uuid(), "content": "x"}),
        )
        .await;
    assert_not_found(&r, "agent");
}

#[tokio::test]
async fn explicit_nulls_are_absent() {
    let s = start().await;
    let a = s.agent("nulls").await;
    let m = s
        .memory_with(json!({"agent_id": id(&a), "content": "Null means absent.",
            "metadata": null, "importance": null, "tier": null, "memory_type": null,
            "user_id": null, "session_id": null, "project": null, "deduplicate": null}))
        .await;
    assert_memory(&m);
    assert_eq!(m["metadata"], json!({}));
    assert_eq!(m["importance"].as_f64(), Some(0.5));
    assert_eq!(m["tier"], "warm");
    // Update with a null metadata: only content changes.
    let u = s
        .put(
            &format!("/v1/memories/{}", id(&m)),
            json!({"content": "Changed.", "metadata": null}),
        )
        .await
        .expect(200);
    assert_eq!(u["content"], "Changed.");
    assert_eq!(u["metadata"], json!({}));
}

#[tokio::test]
async fn unknown_body_fields_are_ignored() {
    let s = start().await;
    let a = s.agent("unknown-fields").await;
    let m = s
        .memory_with(json!({"agent_id": id(&a), "content": "x", "parallel_embeddings": true, "visibility": "private"}))
        .await;
    assert_memory(&m);
}

#[tokio::test]
async fn content_rules_are_enforced() {
    let s = start().await;
    let a = s.agent("content-rules").await;
    let aid = id(&a);
    for content in [json!(""), json!("   \n\t ")] {
        let r = s
            .post("/v1/memories", json!({"agent_id": aid, "content": content}))
            .await;
        assert_422(&r, json!(["body", "content"]));
    }
    let too_long = "a".repeat(50_001);
    let r = s
        .post(
            "/v1/memories",
            json!({"agent_id": aid, "content": too_long}),
        )
        .await;
    let item = assert_422(&r, json!(["body", "content"]));
    assert_eq!(item["type"], "string_too_long");
    // The limit counts Unicode scalar values, not bytes: 50000 two-byte characters are fine.
    let m = s.memory(&aid, &"é".repeat(50_000)).await;
    assert_eq!(m["content"].as_str().unwrap().chars().count(), 50_000);
    // Missing content.
    let r = s.post("/v1/memories", json!({"agent_id": aid})).await;
    let item = assert_422(&r, json!(["body", "content"]));
    assert_eq!(item["type"], "missing");
    // Nothing invalid was stored.
    let list = s
        .get(&format!("/v1/memories{}", qs(&[("agent_id", &aid)])))
        .await
        .expect(200);
    assert_eq!(list["total_count"], 1);
}

#[tokio::test]
async fn field_limits_are_enforced() {
    let s = start().await;
    let a = s.agent("limits").await;
    let aid = id(&a);
    let cases = [
        (json!({"importance": 1.5}), "importance"),
        (json!({"importance": -0.1}), "importance"),
        (json!({"tier": "lukewarm"}), "tier"),
        (json!({"memory_type": "rumour"}), "memory_type"),
        (json!({"user_id": "u".repeat(256)}), "user_id"),
        (
            json!({"deduplicate": true, "dedup_threshold": 0.2}),
            "dedup_threshold",
        ),
        (json!({"metadata": "not an object"}), "metadata"),
        (json!({"content": 42}), "content"),
    ];
    for (extra, field) in cases {
        let mut body = json!({"agent_id": aid, "content": "valid content"});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = s.post("/v1/memories", body.clone()).await;
        assert_422(&r, json!(["body", field]));
    }
}

#[tokio::test]
async fn get_returns_the_memory_and_404s_for_bad_ids() {
    let s = start().await;
    let a = s.agent("getter").await;
    let m = s.memory(&id(&a), "Fetch me.").await;
    let got = s.get(&format!("/v1/memories/{}", id(&m))).await.expect(200);
    assert_memory(&got);
    assert_eq!(got, m);
    // IDs are accepted in any case.
    let upper = id(&m).to_uppercase();
    let got = s.get(&format!("/v1/memories/{upper}")).await.expect(200);
    assert_eq!(got["id"], m["id"]);
    assert_not_found(
        &s.get(&format!("/v1/memories/{}", unknown_uuid())).await,
        "memory",
    );
    assert_not_found(&s.get("/v1/memories/nonexistent-id").await, "memory");
}

#[tokio::test]
async fn list_is_newest_first_and_paginates() {
    let s = start().await;
    let a = s.agent("lister").await;
    let b = s.agent("other").await;
    let aid = id(&a);
    let mut created = Vec::new();
    for i in 0..5 {
        created.push(id(&s.memory(&aid, &format!("Memory number {i}.")).await));
    }
    s.memory(&id(&b), "Belongs to another agent.").await;
    let all = s
        .get(&format!("/v1/memories{}", qs(&[("agent_id", &aid)])))
        .await
        .expect(200);
    let data = assert_list(&all, 0, assert_memory);
    assert_eq!(all["total_count"], 5);
    let mut newest_first = created.clone();
    newest_first.reverse();
    assert_eq!(ids(&all), newest_first);
    assert!(data.iter().all(|m| m["agent_id"] == a["id"]));

    let page = s
        .get(&format!(
            "/v1/memories{}",
            qs(&[("agent_id", &aid), ("limit", "2"), ("offset", "1")])
        ))
        .await
        .expect(200);
    assert_list(&page, 1, assert_memory);
    assert_eq!(ids(&page), newest_first[1..3].to_vec());
    assert_eq!(page["has_more"], true);
    assert_eq!(page["total_count"], 5);
    let last = s
        .get(&format!(
            "/v1/memories{}",
            qs(&[("agent_id", &aid), ("limit", "2"), ("offset", "4")])
        ))
        .await
        .expect(200);
    assert_list(&last, 4, assert_memory);
    assert_eq!(ids(&last), newest_first[4..].to_vec());
    assert_eq!(last["has_more"], false);

    // The agent filter is optional: omitted means all agents (§1.5). Agent by name works too.
    let every = s.get("/v1/memories").await.expect(200);
    assert_list(&every, 0, assert_memory);
    assert_eq!(every["total_count"], 6);
    let by_name = s
        .get(&format!("/v1/memories{}", qs(&[("agent_id", "lister")])))
        .await
        .expect(200);
    assert_eq!(by_name["total_count"], 5);
}

#[tokio::test]
async fn list_rejects_out_of_range_paging() {
    let s = start().await;
    let a = s.agent("paging").await;
    let aid = id(&a);
    for (k, v) in [
        ("limit", "0"),
        ("limit", "101"),
        ("offset", "-1"),
        ("limit", "ten"),
    ] {
        let r = s
            .get(&format!(
                "/v1/memories{}",
                qs(&[("agent_id", &aid), (k, v)])
            ))
            .await;
        assert_422(&r, json!(["query", k]));
    }
    // Boundaries are accepted.
    for (k, v) in [("limit", "1"), ("limit", "100"), ("offset", "0")] {
        let r = s
            .get(&format!(
                "/v1/memories{}",
                qs(&[("agent_id", &aid), (k, v)])
            ))
            .await;
        assert_eq!(r.status, 200, "{k}={v}: {}", r.text);
    }
}

#[tokio::test]
async fn update_put_and_patch() {
    let s = start().await;
    let a = s.agent("updater").await;
    let m = s
        .memory_with(json!({"agent_id": id(&a), "content": "Old.", "metadata": {"a": 1, "b": 2}}))
        .await;
    let path = format!("/v1/memories/{}", id(&m));
    let u = s.put(&path, json!({"content": "New."})).await.expect(200);
    assert_memory(&u);
    assert_eq!(u["content"], "New.");
    assert_eq!(u["metadata"], json!({"a": 1, "b": 2}), "metadata untouched");
    assert!(u["updated_at"].as_i64() >= m["updated_at"].as_i64());
    assert_eq!(u["created_at"], m["created_at"]);
    // metadata is replaced whole, not merged.
    let u = s
        .put(&path, json!({"metadata": {"c": 3}}))
        .await
        .expect(200);
    assert_eq!(u["metadata"], json!({"c": 3}));
    assert_eq!(u["content"], "New.");
    // PATCH means the same as PUT (§5.2).
    let p = s
        .patch(&path, json!({"content": "Patched."}))
        .await
        .expect(200);
    assert_memory(&p);
    assert_eq!(p["content"], "Patched.");
    let got = s.get(&path).await.expect(200);
    assert_eq!(got["content"], "Patched.");
    assert_eq!(got["metadata"], json!({"c": 3}));
}

#[tokio::test]
async fn update_validation() {
    let s = start().await;
    let a = s.agent("update-validation").await;
    let m = s.memory(&id(&a), "Keep me.").await;
    let path = format!("/v1/memories/{}", id(&m));
    // An empty update is 422.
    let r = s.put(&path, json!({})).await;
    assert_error(&r, 422, "validation");
    let r = s.put(&path, json!({"content": "  "})).await;
    assert_422(&r, json!(["body", "content"]));
    let r = s.put(&path, json!({"content": "x".repeat(50_001)})).await;
    assert_422(&r, json!(["body", "content"]));
    assert_not_found(
        &s.put(
            &format!("/v1/memories/{}", unknown_uuid()),
            json!({"content": "x"}),
        )
        .await,
        "memory",
    );
    assert_eq!(s.get(&path).await.expect(200)["content"], "Keep me.");
}

#[tokio::test]
async fn delete_is_soft_and_hides_the_memory_everywhere() {
    let s = start().await;
    let a = s.agent("deleter").await;
    let aid = id(&a);
    let keep = s.memory(&aid, "Kubernetes runs the staging cluster.").await;
    let gone = s
        .memory(&aid, "The deploy key rotates every ninety days.")
        .await;
    let path = format!("/v1/memories/{}", id(&gone));
    let r = s.delete(&path).await;
    assert_deleted(&r, "memory");
    assert_not_found(&s.get(&path).await, "memory");
    assert_not_found(&s.put(&path, json!({"content": "x"})).await, "memory");
    assert_not_found(&s.patch(&path, json!({"content": "x"})).await, "memory");
    assert_not_found(&s.delete(&path).await, "memory");
    let list = s
        .get(&format!("/v1/memories{}", qs(&[("agent_id", &aid)])))
        .await
        .expect(200);
    assert_eq!(ids(&list), vec![id(&keep)]);
    assert_eq!(list["total_count"], 1);
    // Search for its exact text: absent.
    let res = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": aid, "query": "The deploy key rotates every ninety days.", "limit": 10}),
        )
        .await
        .expect(200);
    assert!(
        res["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["memory"]["id"] != gone["id"]),
        "deleted memory in search: {res}"
    );
    // Counts exclude it.
    let agent = s.get(&format!("/v1/agents/{aid}")).await.expect(200);
    assert_eq!(agent["memory_count"], 1);
    // Dedup ignores it: the same content is stored anew.
    let again = s
        .post(
            "/v1/memories",
            json!({"agent_id": aid, "content": "The deploy key rotates every ninety days.", "deduplicate": true}),
        )
        .await
        .expect(201);
    assert_ne!(again["id"], gone["id"]);
    assert_eq!(again["is_duplicate"], false);
}

#[tokio::test]
async fn search_returns_scored_results_in_hybrid_mode() {
    let s = start().await;
    let a = s.agent("searcher").await;
    let aid = id(&a);
    let target = s
        .memory(
            &aid,
            "The project uses PostgreSQL 16 with pgvector for semantic search.",
        )
        .await;
    s.memory(&aid, "The office coffee machine is broken on Mondays.")
        .await;
    s.memory(&aid, "Alice prefers dark mode in every editor.")
        .await;
    let other = s.agent("other-searcher").await;
    s.memory(
        &id(&other),
        "The project uses PostgreSQL 16 with pgvector for semantic search.",
    )
    .await;

    let r = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": aid, "query": "The project uses PostgreSQL 16 with pgvector for semantic search.", "limit": 5}),
        )
        .await
        .expect(200);
    check_fields(
        "SearchResults",
        &r,
        &[("object", T::Str), ("data", T::Arr), ("query", T::Str)],
        &[],
    );
    assert_eq!(r["object"], "search_results");
    assert_eq!(
        r["query"],
        "The project uses PostgreSQL 16 with pgvector for semantic search."
    );
    let data = r["data"].as_array().unwrap();
    assert!(
        !data.is_empty() && data.len() <= 3,
        "only this agent's memories: {r}"
    );
    for d in data {
        assert_memory(&d["memory"]);
        assert_eq!(d["memory"]["agent_id"], a["id"], "agent filter");
    }
    assert_sorted_scores(data);
    assert_eq!(data[0]["memory"]["id"], target["id"]);
    assert!(
        data[0]["score"].as_f64().unwrap() >= 0.99,
        "exact text scores >= 0.99 (§4.2): {}",
        data[0]["score"]
    );

    // limit is honoured.
    let r = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": aid, "query": "PostgreSQL", "limit": 1}),
        )
        .await
        .expect(200);
    assert!(r["data"].as_array().unwrap().len() <= 1);

    // Omitted agent_id searches every agent of the account.
    let r = s
        .post(
            "/v1/memories/search",
            json!({"query": "The project uses PostgreSQL 16 with pgvector for semantic search."}),
        )
        .await
        .expect(200);
    let top: Vec<&Value> = r["data"].as_array().unwrap().iter().take(2).collect();
    assert_eq!(top.len(), 2, "{r}");
    assert!(top.iter().all(|d| d["score"].as_f64().unwrap() >= 0.99));
}

#[tokio::test]
async fn search_modes_min_score_threshold_alias_and_metadata_filter() {
    let s = start().await;
    let a = s.agent("search-options").await;
    let aid = id(&a);
    let en = s
        .memory_with(json!({"agent_id": aid, "content": "Redis is used for rate limiting.", "metadata": {"lang": "en", "team": "infra"}}))
        .await;
    let fr = s
        .memory_with(json!({"agent_id": aid, "content": "Redis is used for rate limiting.", "metadata": {"lang": "fr", "team": "infra"}}))
        .await;
    s.memory(&aid, "Sprint planning happens every second Tuesday.")
        .await;
    let q = "Redis is used for rate limiting.";

    for mode in ["hybrid", "semantic", "keyword"] {
        let r = s
            .post(
                "/v1/memories/search",
                json!({"agent_id": aid, "query": q, "search_mode": mode}),
            )
            .await
            .expect(200);
        let data = r["data"].as_array().unwrap();
        assert_sorted_scores(data);
        assert!(
            data[0]["score"].as_f64().unwrap() >= 0.99,
            "{mode}: exact text must score >= 0.99: {r}"
        );
    }
    // Keyword mode: the fraction of distinct query terms present; a text with none scores 0 and
    // is dropped by min_score > 0.
    let r = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": aid, "query": "redis", "search_mode": "keyword", "min_score": 0.5}),
        )
        .await
        .expect(200);
    let mut got = ids(&json!(r["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["memory"].clone())
        .collect::<Vec<_>>()));
    got.sort();
    let mut want = vec![id(&en), id(&fr)];
    want.sort();
    assert_eq!(got, want);

    // min_score drops everything below it; `threshold` is an alias; min_score wins over it.
    let count = |r: &Value| r["data"].as_array().unwrap().len();
    let high = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": aid, "query": q, "min_score": 0.99}),
        )
        .await
        .expect(200);
    assert!(high["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["score"].as_f64().unwrap() >= 0.99));
    assert_eq!(count(&high), 2, "{high}");
    let alias = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": aid, "query": q, "threshold": 0.99}),
        )
        .await
        .expect(200);
    assert_eq!(count(&alias), 2, "threshold alias: {alias}");
    let both = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": aid, "query": q, "threshold": 0.99, "min_score": 0.0}),
        )
        .await
        .expect(200);
    assert_eq!(count(&both), 3, "min_score wins over threshold: {both}");

    // metadata_filter: every key JSON-equal.
    let f = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": aid, "query": q, "metadata_filter": {"lang": "fr", "team": "infra"}}),
        )
        .await
        .expect(200);
    assert_eq!(
        f["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| id(&d["memory"]))
            .collect::<Vec<_>>(),
        vec![id(&fr)]
    );
    // include_archived is accepted and has no effect.
    let ia = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": aid, "query": q, "include_archived": true, "min_score": 0.99}),
        )
        .await
        .expect(200);
    assert_eq!(count(&ia), 2);
}

#[tokio::test]
async fn search_validation() {
    let s = start().await;
    let a = s.agent("search-validation").await;
    let aid = id(&a);
    let bad = [
        (json!({"agent_id": aid, "query": ""}), "query"),
        (json!({"agent_id": aid, "query": "   "}), "query"),
        (
            json!({"agent_id": aid, "query": "q".repeat(10_001)}),
            "query",
        ),
        (json!({"agent_id": aid}), "query"),
        (json!({"agent_id": aid, "query": "x", "limit": 0}), "limit"),
        (
            json!({"agent_id": aid, "query": "x", "limit": 101}),
            "limit",
        ),
        (
            json!({"agent_id": aid, "query": "x", "min_score": 1.5}),
            "min_score",
        ),
        (
            json!({"agent_id": aid, "query": "x", "search_mode": "fuzzy"}),
            "search_mode",
        ),
    ];
    for (body, field) in bad {
        let r = s.post("/v1/memories/search", body).await;
        assert_422(&r, json!(["body", field]));
    }
    // An unknown agent (UUID or name) is 404 here: only create/batch_create create agents.
    assert_not_found(
        &s.post(
            "/v1/memories/search",
            json!({"agent_id": unknown_uuid(), "query": "x"}),
        )
        .await,
        "agent",
    );
    assert_not_found(
        &s.post(
            "/v1/memories/search",
            json!({"agent_id": "no-such-agent", "query": "x"}),
        )
        .await,
        "agent",
    );
}

#[tokio::test]
async fn dedup_returns_the_existing_memory_with_200() {
    let s = start().await;
    let a = s.agent("dedup").await;
    let aid = id(&a);
    let first = s
        .memory(&aid, "Tests use pytest with async fixtures.")
        .await;
    let r = s
        .post(
            "/v1/memories",
            json!({"agent_id": aid, "content": "Tests use pytest with async fixtures.", "deduplicate": true}),
        )
        .await;
    let dup = r.expect(200);
    assert_memory(&dup);
    assert_eq!(dup["id"], first["id"]);
    assert_eq!(dup["is_duplicate"], true);
    // Nothing was stored, and a normal read does not carry the flag.
    let list = s
        .get(&format!("/v1/memories{}", qs(&[("agent_id", &aid)])))
        .await
        .expect(200);
    assert_eq!(list["total_count"], 1);
    let got = s
        .get(&format!("/v1/memories/{}", id(&first)))
        .await
        .expect(200);
    assert_eq!(got["is_duplicate"], false);
    // Unrelated content with dedup on is a normal create.
    let other = s
        .post(
            "/v1/memories",
            json!({"agent_id": aid, "content": "The CEO's name is Dana Whitfield.", "deduplicate": true, "dedup_threshold": 0.99}),
        )
        .await
        .expect(201);
    assert_eq!(other["is_duplicate"], false);
    // Without deduplicate, identical content is stored twice.
    let twice = s
        .memory(&aid, "Tests use pytest with async fixtures.")
        .await;
    assert_ne!(twice["id"], first["id"]);
}

fn batch_items(v: &Value) -> Vec<Value> {
    v["results"].as_array().unwrap().clone()
}

#[track_caller]
fn assert_batch_result(v: &Value) {
    check_fields(
        "BatchResult",
        v,
        &[
            ("success", T::Bool),
            ("total", T::Int),
            ("succeeded", T::Int),
            ("failed", T::Int),
            ("skipped", T::Int),
            ("results", T::Arr),
            ("timing", T::Obj),
        ],
        &[],
    );
    check_fields(
        "BatchResult.timing",
        &v["timing"],
        &[
            ("total_ms", T::Num),
            ("embedding_ms", T::Num),
            ("database_ms", T::Num),
            ("per_memory_avg_ms", T::Num),
        ],
        &[],
    );
    for (i, it) in batch_items(v).iter().enumerate() {
        check_fields(
            "BatchResult.results[]",
            it,
            &[("index", T::Int), ("status", T::Str)],
            &[
                ("memory_id", T::Uuid),
                ("error", T::Str),
                ("error_code", T::Str),
            ],
        );
        assert_eq!(it["index"], json!(i), "results in input order");
    }
    assert_eq!(v["skipped"], 0, "local server never skips");
    assert_eq!(
        v["success"].as_bool().unwrap(),
        v["failed"] == 0,
        "success = (failed == 0)"
    );
}

#[tokio::test]
async fn batch_create_stores_all_items() {
    let s = start().await;
    let a = s.agent("batcher").await;
    let aid = id(&a);
    let r = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": aid, "memories": [
                {"content": "Python 3.11 is the minimum version."},
                {"content": "Tests use pytest with async fixtures.", "importance": 0.9, "metadata": {"k": "v"}},
                {"content": "Redis is used for rate limiting.", "tier": "cold"},
            ]}),
        )
        .await
        .expect(200);
    assert_batch_result(&r);
    assert_eq!(r["success"], true);
    assert_eq!(
        (
            r["total"].clone(),
            r["succeeded"].clone(),
            r["failed"].clone()
        ),
        (json!(3), json!(3), json!(0))
    );
    let results = batch_items(&r);
    for it in &results {
        assert_eq!(it["status"], "success");
        assert!(it["memory_id"].is_string());
    }
    let second = s
        .get(&format!(
            "/v1/memories/{}",
            results[1]["memory_id"].as_str().unwrap()
        ))
        .await
        .expect(200);
    assert_eq!(second["content"], "Tests use pytest with async fixtures.");
    assert_eq!(second["tier"], "hot");
    assert_eq!(second["metadata"], json!({"k": "v"}));
    let third = s
        .get(&format!(
            "/v1/memories/{}",
            results[2]["memory_id"].as_str().unwrap()
        ))
        .await
        .expect(200);
    assert_eq!(third["tier"], "cold");
    let list = s
        .get(&format!("/v1/memories{}", qs(&[("agent_id", &aid)])))
        .await
        .expect(200);
    assert_eq!(list["total_count"], 3);
}

#[tokio::test]
async fn batch_with_bad_items_fails_only_those() {
    let s = start().await;
    let a = s.agent("partial-batch").await;
    let aid = id(&a);
    let r = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": aid, "memories": [
                {"content": "First good item."},
                {"content": "   "},
                {"content": "Third good item."},
                {"content": "Bad session.", "session_id": unknown_uuid()},
                {"content": "x", "importance": 7},
            ]}),
        )
        .await
        .expect(200);
    assert_batch_result(&r);
    assert_eq!(r["success"], false);
    assert_eq!(r["total"], 5);
    assert_eq!(r["succeeded"], 2);
    assert_eq!(r["failed"], 3);
    let res = batch_items(&r);
    let statuses: Vec<&str> = res.iter().map(|x| x["status"].as_str().unwrap()).collect();
    assert_eq!(
        statuses,
        ["success", "failed", "success", "failed", "failed"]
    );
    assert_eq!(res[1]["error_code"], "validation");
    assert!(res[1]["error"].as_str().is_some_and(|e| !e.is_empty()));
    assert!(res[1]["memory_id"].is_null());
    assert_eq!(res[3]["error_code"], "not_found");
    assert_eq!(res[4]["error_code"], "validation");
    let list = s
        .get(&format!("/v1/memories{}", qs(&[("agent_id", &aid)])))
        .await
        .expect(200);
    assert_eq!(list["total_count"], 2);
}

#[tokio::test]
async fn batch_per_item_agent_id_and_agent_names() {
    let s = start().await;
    let a = s.agent("item-agent-a").await;
    let r = s
        .post(
            "/v1/memories/batch",
            json!({"memories": [
                {"content": "Belongs to A by id.", "agent_id": id(&a)},
                {"content": "Belongs to a new agent by name.", "agent_id": "item-agent-new"},
                {"content": "Has no agent at all."},
            ]}),
        )
        .await
        .expect(200);
    assert_batch_result(&r);
    let res = batch_items(&r);
    assert_eq!(res[0]["status"], "success");
    assert_eq!(res[1]["status"], "success");
    assert_eq!(res[2]["status"], "failed");
    assert_eq!(res[2]["error_code"], "validation");
    let m0 = s
        .get(&format!(
            "/v1/memories/{}",
            res[0]["memory_id"].as_str().unwrap()
        ))
        .await
        .expect(200);
    assert_eq!(m0["agent_id"], a["id"]);
    let new_agent = s.get("/v1/agents/item-agent-new").await.expect(200);
    let m1 = s
        .get(&format!(
            "/v1/memories/{}",
            res[1]["memory_id"].as_str().unwrap()
        ))
        .await
        .expect(200);
    assert_eq!(m1["agent_id"], new_agent["id"]);

    // An item's agent_id overrides the top-level one; a top-level name creates the agent.
    let r = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": "top-level-agent", "memories": [
                {"content": "Top level."},
                {"content": "Override.", "agent_id": id(&a)},
            ]}),
        )
        .await
        .expect(200);
    let res = batch_items(&r);
    let top = s.get("/v1/agents/top-level-agent").await.expect(200);
    let m0 = s
        .get(&format!(
            "/v1/memories/{}",
            res[0]["memory_id"].as_str().unwrap()
        ))
        .await
        .expect(200);
    let m1 = s
        .get(&format!(
            "/v1/memories/{}",
            res[1]["memory_id"].as_str().unwrap()
        ))
        .await
        .expect(200);
    assert_eq!(m0["agent_id"], top["id"]);
    assert_eq!(m1["agent_id"], a["id"]);
}

#[tokio::test]
async fn batch_size_and_agent_errors() {
    let s = start().await;
    let a = s.agent("batch-size").await;
    let aid = id(&a);
    let r = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": aid, "memories": []}),
        )
        .await;
    assert_422(&r, json!(["body", "memories"]));
    let many: Vec<Value> = (0..101)
        .map(|i| json!({"content": format!("item {i}")}))
        .collect();
    let r = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": aid, "memories": many}),
        )
        .await;
    assert_422(&r, json!(["body", "memories"]));
    let r = s.post("/v1/memories/batch", json!({"agent_id": aid})).await;
    assert_422(&r, json!(["body", "memories"]));
    // An unknown UUID agent fails the whole request.
    let r = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": unknown_uuid(), "memories": [{"content": "x"}]}),
        )
        .await;
    assert_not_found(&r, "agent");
    let list = s.get("/v1/memories").await.expect(200);
    assert_eq!(list["total_count"], 0, "nothing stored by rejected batches");
    // Exactly 100 items is fine.
    let hundred: Vec<Value> = (0..100)
        .map(|i| json!({"content": format!("item {i}")}))
        .collect();
    let r = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": aid, "memories": hundred}),
        )
        .await
        .expect(200);
    assert_eq!(r["succeeded"], 100);
}

#[tokio::test]
async fn search_ties_go_newest_first_and_default_limit_is_10() {
    let s = start().await;
    let a = s.agent("ties").await;
    let aid = id(&a);
    let older = s.memory(&aid, "Identical text about release trains.").await;
    let newer = s.memory(&aid, "Identical text about release trains.").await;
    let r = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": aid, "query": "Identical text about release trains."}),
        )
        .await
        .expect(200);
    let data = r["data"].as_array().unwrap();
    assert_eq!(data[0]["score"], data[1]["score"], "{r}");
    assert_eq!(data[0]["memory"]["id"], newer["id"], "ties go newest first");
    assert_eq!(data[1]["memory"]["id"], older["id"]);

    let items: Vec<Value> = (0..15)
        .map(|i| json!({"content": format!("Release train number {i} ships on time.")}))
        .collect();
    s.post(
        "/v1/memories/batch",
        json!({"agent_id": aid, "memories": items}),
    )
    .await
    .expect(200);
    let r = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": aid, "query": "release train"}),
        )
        .await
        .expect(200);
    assert_eq!(r["data"].as_array().unwrap().len(), 10, "default limit 10");
}

#[tokio::test]
async fn keyword_scores_are_term_fractions_and_hybrid_mixes_both() {
    let s = start().await;
    let a = s.agent("score-modes").await;
    let aid = id(&a);
    let m = s
        .memory(&aid, "Redis handles rate limiting for the gateway.")
        .await;
    let (srv, want) = (&s, &m);
    let score = move |mode: &'static str, q: &'static str| {
        let body = json!({"agent_id": aid, "query": q, "search_mode": mode, "limit": 1});
        async move {
            let r = srv.post("/v1/memories/search", body).await.expect(200);
            assert_eq!(r["data"][0]["memory"]["id"], want["id"], "{r}");
            r["data"][0]["score"].as_f64().unwrap()
        }
    };
    // Distinct, case-folded terms: "redis" and "postgres" → 1 of 2 present.
    let k = score("keyword", "REDIS postgres redis").await;
    assert!((k - 0.5).abs() < 1e-6, "keyword score {k}");
    let q = "gateway rate limiting with redis";
    let (sem, kw, hyb) = (
        score("semantic", q).await,
        score("keyword", q).await,
        score("hybrid", q).await,
    );
    assert!((kw - 4.0 / 5.0).abs() < 1e-6, "keyword {kw}");
    assert!(
        (hyb - (0.7 * sem + 0.3 * kw)).abs() < 1e-3,
        "hybrid {hyb} vs 0.7*{sem} + 0.3*{kw}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_creates_by_a_new_agent_name_make_one_agent() {
    let s = start().await;
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let rb = s
                .request(reqwest::Method::POST, "/v1/memories")
                .json(&json!({"agent_id": "born-in-a-race", "content": format!("Memory {i}.")}));
            tokio::spawn(async move { read(rb.send().await.unwrap()).await })
        })
        .collect();
    let mut agents = std::collections::HashSet::new();
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, 201, "{}", r.text);
        agents.insert(r.json["agent_id"].as_str().unwrap().to_string());
    }
    assert_eq!(agents.len(), 1, "one agent for one name: {agents:?}");
    let list = s.get("/v1/agents").await.expect(200);
    assert_eq!(list["total_count"], 1);
    assert_eq!(list["data"][0]["memory_count"], 10);
}

#[tokio::test]
async fn update_moves_updated_at_and_agent_activity() {
    let s = start().await;
    let a = s.agent("clock").await;
    let m = s.memory(&id(&a), "Before.").await;
    let active_before =
        s.get(&format!("/v1/agents/{}", id(&a))).await.expect(200)["last_active_at"].clone();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let u = s
        .put(
            &format!("/v1/memories/{}", id(&m)),
            json!({"content": "After."}),
        )
        .await
        .expect(200);
    assert!(
        u["updated_at"].as_i64().unwrap() > m["updated_at"].as_i64().unwrap(),
        "{u}"
    );
    assert_eq!(u["created_at"], m["created_at"]);
    let active_after =
        s.get(&format!("/v1/agents/{}", id(&a))).await.expect(200)["last_active_at"].clone();
    assert_ne!(active_after, active_before, "an update counts as activity");
}

#[tokio::test]
async fn ids_are_accepted_in_any_case_everywhere() {
    let s = start().await;
    let a = s.agent("case").await;
    let upper_agent = id(&a).to_uppercase();
    let m = s.memory(&upper_agent, "Upper-case agent id.").await;
    assert_eq!(m["agent_id"], a["id"], "server emits lowercase");
    let list = s
        .get(&format!(
            "/v1/memories{}",
            qs(&[("agent_id", &upper_agent)])
        ))
        .await
        .expect(200);
    assert_eq!(list["total_count"], 1);
    let sess = s.session(&id(&a)).await;
    let linked = s
        .memory_with(
            json!({"agent_id": id(&a), "content": "x", "session_id": id(&sess).to_uppercase()}),
        )
        .await;
    assert_eq!(linked["session_id"], sess["id"]);
    s.delete(&format!("/v1/memories/{}", id(&m).to_uppercase()))
        .await
        .expect(200);
}

#[tokio::test]
async fn unicode_content_and_nested_metadata_round_trip() {
    let s = start().await;
    let a = s.agent("unicode").await;
    let content = "Café ☕ naïve 日本語のメモ 🚀 — «quotes» \"escaped\" \\ back\nnew line";
    let metadata = json!({"nested": {"list": [1, 2.5, "three", null, true], "obj": {"k": "v"}}, "emoji": "🎉"});
    let m = s
        .memory_with(json!({"agent_id": id(&a), "content": content, "metadata": metadata}))
        .await;
    assert_eq!(m["content"], content);
    assert_eq!(m["metadata"], metadata);
    let got = s.get(&format!("/v1/memories/{}", id(&m))).await.expect(200);
    assert_eq!(got["content"], content);
    assert_eq!(got["metadata"], metadata);
    // The limit counts scalar values: 50000 four-byte emoji are accepted, 50001 are not.
    s.memory(&id(&a), &"🚀".repeat(50_000)).await;
    let r = s
        .post(
            "/v1/memories",
            json!({"agent_id": id(&a), "content": "🚀".repeat(50_001)}),
        )
        .await;
    assert_422(&r, json!(["body", "content"]));
}

#[tokio::test]
async fn offset_past_the_end_and_search_filters() {
    let s = start().await;
    let a = s.agent("edges").await;
    let aid = id(&a);
    s.memory(&aid, "Only one.").await;
    let r = s
        .get(&format!(
            "/v1/memories{}",
            qs(&[("agent_id", &aid), ("offset", "5")])
        ))
        .await
        .expect(200);
    assert_list(&r, 5, assert_memory);
    assert_eq!(r["data"], json!([]));
    assert_eq!(r["total_count"], 1);
    assert_eq!(r["has_more"], false);
    let r = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": aid, "query": "one", "metadata_filter": "not an object"}),
        )
        .await;
    assert_422(&r, json!(["body", "metadata_filter"]));
    // Search accepts the agent by name.
    let r = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": "edges", "query": "Only one."}),
        )
        .await
        .expect(200);
    assert_eq!(r["data"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn batch_item_with_unknown_agent_uuid_fails_alone() {
    let s = start().await;
    let a = s.agent("batch-item-agent").await;
    let r = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": id(&a), "memories": [
                {"content": "ok"},
                {"content": "ghost agent", "agent_id": unknown_uuid()},
            ]}),
        )
        .await
        .expect(200);
    assert_eq!(r["results"][0]["status"], "success");
    assert_eq!(r["results"][1]["status"], "failed");
    assert_eq!(r["results"][1]["error_code"], "not_found");
    assert_eq!(r["succeeded"], 1);
    assert_eq!(r["failed"], 1);
}

#[tokio::test]
async fn dedup_threshold_controls_near_duplicates() {
    let s = start().await;
    let a = s.agent("near-dup").await;
    let aid = id(&a);
    let first = s
        .memory(
            &aid,
            "The staging database runs PostgreSQL 16 in eu-west-1.",
        )
        .await;
    let near = "The staging database runs PostgreSQL 16 in eu-west-1 today.";
    // The near-duplicate's semantic score against the first memory, as the server computes it.
    let r = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": aid, "query": near, "search_mode": "semantic", "limit": 1}),
        )
        .await
        .expect(200);
    let sim = r["data"][0]["score"].as_f64().unwrap();
    assert!(sim > 0.5 && sim < 0.99, "near duplicate similarity {sim}");
    // A threshold above the similarity stores it; at or below, it is a duplicate.
    let above = (sim + 0.005).min(1.0);
    let stored = s
        .post(
            "/v1/memories",
            json!({"agent_id": aid, "content": near, "deduplicate": true, "dedup_threshold": above}),
        )
        .await
        .expect(201);
    assert_eq!(stored["is_duplicate"], false);
    let below = (sim - 0.005).max(0.5);
    let dup = s
        .post(
            "/v1/memories",
            json!({"agent_id": aid, "content": "The staging database runs PostgreSQL 16 in eu-west-1!", "deduplicate": true, "dedup_threshold": below}),
        )
        .await
        .expect(200);
    assert_eq!(dup["is_duplicate"], true);
    assert!(
        dup["id"] == first["id"] || dup["id"] == stored["id"],
        "{dup}"
    );
}

#[tokio::test]
async fn integer_json_numbers_are_accepted_where_numbers_are_expected() {
    let s = start().await;
    let a = s.agent("ints").await;
    let m = s
        .memory_with(json!({"agent_id": id(&a), "content": "Integer importance.", "importance": 1}))
        .await;
    assert_eq!(m["importance"].as_f64(), Some(1.0));
    assert_eq!(m["tier"], "hot");
    let z = s
        .memory_with(json!({"agent_id": id(&a), "content": "Zero importance.", "importance": 0}))
        .await;
    assert_eq!(z["importance"].as_f64(), Some(0.0));
    let r = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": id(&a), "query": "Integer importance.", "min_score": 0, "limit": 10}),
        )
        .await
        .expect(200);
    assert_eq!(r["data"].as_array().unwrap().len(), 2);
    let r = s
        .post(
            "/v1/memories",
            json!({"agent_id": id(&a), "content": "Integer importance.", "deduplicate": true, "dedup_threshold": 1}),
        )
        .await;
    assert!(r.status == 200 || r.status == 201, "{}", r.text);
}

#[tokio::test]
async fn null_required_fields_are_missing() {
    let s = start().await;
    let a = s.agent("null-required").await;
    let item = assert_422(
        &s.post("/v1/memories", json!({"agent_id": id(&a), "content": null}))
            .await,
        json!(["body", "content"]),
    );
    assert_eq!(item["type"], "missing");
    let item = assert_422(
        &s.post("/v1/agents", json!({"name": null})).await,
        json!(["body", "name"]),
    );
    assert_eq!(item["type"], "missing");
}
