//! patterns.* over HTTP (contract §4.9): CRUD, search, adopt and unadopt.
mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn create_get_list_update_delete() {
    let s = start().await;
    let a = s.agent("pat").await;
    let aid = id(&a);
    let r = s
        .post(
            "/v1/patterns",
            json!({"agent_id": aid, "title": "Retry with jitter", "description": "Use full-jitter exponential backoff.",
                   "scope": "project", "category": "resilience", "tags": ["http", "retry"],
                   "example_code": "sleep(rand(0, base * 2**n))", "metadata": {"src": "sre"}}),
        )
        .await;
    let p = r.expect(201);
    assert_pattern(&p);
    assert_eq!(p["agent_id"], a["id"]);
    assert_eq!(p["title"], "Retry with jitter");
    assert_eq!(p["description"], "Use full-jitter exponential backoff.");
    assert_eq!(p["scope"], "project");
    assert_eq!(p["category"], "resilience");
    assert_eq!(p["tags"], json!(["http", "retry"]));
    assert_eq!(p["example_code"], "sleep(rand(0, base * 2**n))");
    assert_eq!(p["adopted_by"], json!([]));
    assert_eq!(p["adoption_count"], 0);
    let plain = s.pattern(&aid, "Plain", "Defaults.").await;
    assert_eq!(plain["scope"], "global");
    assert_eq!(plain["tags"], json!([]));

    let got = s.get(&format!("/v1/patterns/{}", id(&p))).await.expect(200);
    assert_pattern(&got);
    assert_eq!(got, p);
    let list = s
        .get(&format!("/v1/patterns{}", qs(&[("agent_id", &aid)])))
        .await
        .expect(200);
    assert_list(&list, 0, assert_pattern);
    assert_eq!(ids(&list), vec![id(&plain), id(&p)]);

    let path = format!("/v1/patterns/{}", id(&p));
    let u = s
        .put(
            &path,
            json!({"title": "Retry with full jitter", "description": "Updated."}),
        )
        .await
        .expect(200);
    assert_pattern(&u);
    assert_eq!(u["title"], "Retry with full jitter");
    assert_eq!(u["description"], "Updated.");
    assert_eq!(u["category"], "resilience");
    assert_error(&s.put(&path, json!({})).await, 422, "validation");
    assert_422(
        &s.put(&path, json!({"title": ""})).await,
        json!(["body", "title"]),
    );

    let r = s.delete(&path).await;
    assert_deleted(&r, "pattern");
    assert_not_found(&s.get(&path).await, "pattern");
    assert_not_found(&s.delete(&path).await, "pattern");
    assert_not_found(&s.put(&path, json!({"title": "x"})).await, "pattern");
}

#[tokio::test]
async fn create_validation() {
    let s = start().await;
    let a = s.agent("pat-val").await;
    let aid = id(&a);
    let cases = [
        (json!({"agent_id": aid, "description": "d"}), "title"),
        (json!({"agent_id": aid, "title": "t"}), "description"),
        (
            json!({"agent_id": aid, "title": "t".repeat(501), "description": "d"}),
            "title",
        ),
        (
            json!({"agent_id": aid, "title": "t", "description": ""}),
            "description",
        ),
        (
            json!({"agent_id": aid, "title": "t", "description": "d", "scope": "team"}),
            "scope",
        ),
        (
            json!({"agent_id": aid, "title": "t", "description": "d", "category": "c".repeat(101)}),
            "category",
        ),
        (
            json!({"agent_id": aid, "title": "t", "description": "d", "tags": vec!["x"; 21]}),
            "tags",
        ),
        (
            json!({"agent_id": aid, "title": "t", "description": "d", "example_code": "e".repeat(50_001)}),
            "example_code",
        ),
    ];
    for (body, field) in cases {
        assert_422(&s.post("/v1/patterns", body).await, json!(["body", field]));
    }
    assert_not_found(
        &s.post(
            "/v1/patterns",
            json!({"agent_id": unknown_uuid(), "title": "t", "description": "d"}),
        )
        .await,
        "agent",
    );
}

#[tokio::test]
async fn search_scores_only_the_agents_patterns() {
    let s = start().await;
    let a = s.agent("pat-search").await;
    let b = s.agent("pat-search-b").await;
    let aid = id(&a);
    let target = s
        .pattern(
            &aid,
            "Retry with jitter",
            "Use full-jitter exponential backoff for HTTP retries.",
        )
        .await;
    s.pattern(
        &aid,
        "Feature flags",
        "Ship dark behind flags and roll out gradually.",
    )
    .await;
    s.pattern(
        &id(&b),
        "Retry with jitter",
        "Use full-jitter exponential backoff for HTTP retries.",
    )
    .await;
    let q = "Retry with jitter\nUse full-jitter exponential backoff for HTTP retries.";
    let r = s
        .get(&format!(
            "/v1/patterns/search{}",
            qs(&[("agent_id", &aid), ("query", q)])
        ))
        .await
        .expect(200);
    check_fields(
        "PatternSearchResults",
        &r,
        &[("data", T::Arr), ("query", T::Str), ("total", T::Int)],
        &[],
    );
    assert_eq!(r["query"], q);
    let data = r["data"].as_array().unwrap();
    assert_eq!(r["total"], json!(data.len()));
    assert!(!data.is_empty());
    for d in data {
        assert_pattern(&d["pattern"]);
        assert_eq!(d["pattern"]["agent_id"], a["id"]);
        assert!(
            d["score"].as_f64().unwrap() >= 0.3,
            "default threshold 0.3: {d}"
        );
    }
    assert_sorted_scores(data);
    assert_eq!(data[0]["pattern"]["id"], target["id"]);
    assert!(data[0]["score"].as_f64().unwrap() >= 0.99);
    let r = s
        .get(&format!(
            "/v1/patterns/search{}",
            qs(&[
                ("agent_id", &aid),
                ("query", q),
                ("limit", "1"),
                ("threshold", "0")
            ])
        ))
        .await
        .expect(200);
    assert_eq!(r["total"], 1);
    for (k, v) in [
        ("limit", "0"),
        ("limit", "101"),
        ("threshold", "-0.5"),
        ("query", ""),
    ] {
        let mut params = vec![("agent_id", aid.as_str()), ("query", "x")];
        params.retain(|(pk, _)| *pk != k);
        params.push((k, v));
        assert_422(
            &s.get(&format!("/v1/patterns/search{}", qs(&params))).await,
            json!(["query", k]),
        );
    }
}

#[tokio::test]
async fn adopt_is_idempotent_and_unadopt_returns_the_pattern() {
    let s = start().await;
    let a = s.agent("adopter").await;
    let aid = id(&a);
    let p1 = s.project(&aid, "Proj One").await;
    s.project(&aid, "Proj Two").await;
    let pat = s.pattern(&aid, "Adoptable", "Use it.").await;
    let path = format!("/v1/patterns/{}/adopt", id(&pat));

    let r = s.post(&path, json!({"project": id(&p1)})).await.expect(200);
    assert_pattern(&r);
    assert_eq!(r["adopted_by"], json!(["proj-one"]));
    assert_eq!(r["adoption_count"], 1);
    let again = s
        .post(&path, json!({"project": "proj-one"}))
        .await
        .expect(200);
    assert_eq!(
        again["adopted_by"],
        json!(["proj-one"]),
        "adopting again changes nothing"
    );
    let two = s
        .post(&path, json!({"project": "proj-two"}))
        .await
        .expect(200);
    assert_eq!(
        two["adopted_by"],
        json!(["proj-one", "proj-two"]),
        "adoption order"
    );
    assert_eq!(two["adoption_count"], 2);
    assert_not_found(&s.post(&path, json!({"project": "nope"})).await, "project");
    assert_422(&s.post(&path, json!({})).await, json!(["body", "project"]));
    assert_not_found(
        &s.post(
            &format!("/v1/patterns/{}/adopt", unknown_uuid()),
            json!({"project": "proj-one"}),
        )
        .await,
        "pattern",
    );

    let r = s.delete(&format!("{path}?project=proj-one")).await;
    let un = r.expect(200);
    assert_pattern(&un);
    assert_eq!(un["adopted_by"], json!(["proj-two"]));
    assert_eq!(un["adoption_count"], 1);
    // Not adopted: 200, no change. Unknown project: 404.
    let un2 = s
        .delete(&format!("{path}?project={}", id(&p1)))
        .await
        .expect(200);
    assert_eq!(un2["adopted_by"], json!(["proj-two"]));
    assert_not_found(&s.delete(&format!("{path}?project=nope")).await, "project");
    let got = s
        .get(&format!("/v1/patterns/{}", id(&pat)))
        .await
        .expect(200);
    assert_eq!(got["adopted_by"], json!(["proj-two"]));

    // Deleting the pattern removes its adoptions from the project context.
    s.delete(&format!("/v1/patterns/{}", id(&pat)))
        .await
        .expect(200);
    let ctx = s.get("/v1/projects/proj-two/context").await.expect(200);
    assert_eq!(ctx["active_patterns"], json!([]));
}

#[tokio::test]
async fn unadopt_needs_a_project_and_patterns_take_agent_names() {
    let s = start().await;
    let a = s.agent("pat-names").await;
    let pat = s
        .post(
            "/v1/patterns",
            json!({"agent_id": "pat-names", "title": "T", "description": "D"}),
        )
        .await
        .expect(201);
    assert_eq!(pat["agent_id"], a["id"]);
    let r = s.delete(&format!("/v1/patterns/{}/adopt", id(&pat))).await;
    assert_422(&r, json!(["query", "project"]));
    let listed = s
        .get(&format!("/v1/patterns{}", qs(&[("agent_id", "pat-names")])))
        .await
        .expect(200);
    assert_eq!(ids(&listed), vec![id(&pat)]);
    let found = s
        .get(&format!(
            "/v1/patterns/search{}",
            qs(&[("agent_id", "pat-names"), ("query", "T\nD")])
        ))
        .await
        .expect(200);
    assert_eq!(found["data"][0]["pattern"]["id"], pat["id"]);
}

#[tokio::test]
async fn readopting_moves_a_pattern_to_the_front_of_the_context() {
    let s = start().await;
    let a = s.agent("readopt").await;
    let aid = id(&a);
    s.project(&aid, "Readopt").await;
    let p1 = s.pattern(&aid, "One", "First.").await;
    let p2 = s.pattern(&aid, "Two", "Second.").await;
    let adopt = |p: &serde_json::Value| format!("/v1/patterns/{}/adopt", id(p));
    s.post(&adopt(&p1), json!({"project": "readopt"}))
        .await
        .expect(200);
    s.post(&adopt(&p2), json!({"project": "readopt"}))
        .await
        .expect(200);
    let ctx = s.get("/v1/projects/readopt/context").await.expect(200);
    assert_eq!(ids(&ctx["active_patterns"]), vec![id(&p2), id(&p1)]);
    s.delete(&format!("{}?project=readopt", adopt(&p1)))
        .await
        .expect(200);
    s.post(&adopt(&p1), json!({"project": "readopt"}))
        .await
        .expect(200);
    let ctx = s.get("/v1/projects/readopt/context").await.expect(200);
    assert_eq!(
        ids(&ctx["active_patterns"]),
        vec![id(&p1), id(&p2)],
        "most recently adopted first"
    );
}

#[tokio::test]
async fn search_default_limit_is_10() {
    let s = start().await;
    let a = s.agent("pat-limit").await;
    let aid = id(&a);
    for i in 0..12 {
        s.pattern(
            &aid,
            &format!("Circuit breaker {i}"),
            "Open the circuit breaker on errors.",
        )
        .await;
    }
    let r = s
        .get(&format!(
            "/v1/patterns/search{}",
            qs(&[("agent_id", &aid), ("query", "circuit breaker")])
        ))
        .await
        .expect(200);
    assert_eq!(r["data"].as_array().unwrap().len(), 10, "{r}");
}
