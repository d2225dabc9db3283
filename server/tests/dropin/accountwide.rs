//! Projects and patterns without `agent_id` (account-wide, as the official tool clients create
//! them), and everything that reads them: lists, search, adopt, context, reserved slugs.

use reqwest::Method;
use serde_json::json;

use crate::as_b;
use crate::common::*;

#[tokio::test]
async fn projects_without_agent_are_account_wide() {
    let s = start_with(two_keys()).await;
    let p = s
        .post(
            "/v1/projects",
            json!({"slug": "billing", "name": "Billing", "description": "Invoices",
                   "stack": {"lang": "go"}, "repo_url": "https://example.com/billing"}),
        )
        .await
        .expect(201);
    assert_project(&p);
    assert_eq!(p["agent_id"], json!(null));
    let a = s.agent("owner").await;
    let other = s.agent("other").await;
    let own = s.project(&id(&a), "Owned").await;
    assert_eq!(own["agent_id"], a["id"], "agent_id is still accepted");
    s.project(&id(&other), "Not mine").await;

    // An agent's list: its own and the account-wide ones; no filter: all.
    let listed = s
        .get(&format!("/v1/projects{}", qs(&[("agent_id", "owner")])))
        .await
        .expect(200);
    assert_list(&listed, 0, assert_project);
    let mut got = ids(&listed);
    got.sort();
    let mut want = vec![id(&p), id(&own)];
    want.sort();
    assert_eq!(got, want);
    assert_eq!(
        s.get("/v1/projects").await.expect(200)["total_count"],
        json!(3)
    );

    // Errors write nothing.
    assert_not_found(
        &s.post("/v1/projects", json!({"name": "X", "agent_id": "nobody"}))
            .await,
        "agent",
    );
    assert_422(
        &s.post("/v1/projects", json!({"slug": "x"})).await,
        json!(["body", "name"]),
    );
    assert_eq!(
        s.get("/v1/projects").await.expect(200)["total_count"],
        json!(3)
    );
    assert_error(
        &s.post("/v1/projects", json!({"slug": "billing", "name": "Again"}))
            .await,
        409,
        "conflict",
    );

    // The other account neither sees it nor collides with its slug.
    assert_not_found(
        &as_b(&s, Method::GET, "/v1/projects/billing", None).await,
        "project",
    );
    let b = as_b(&s, Method::GET, "/v1/projects", None)
        .await
        .expect(200);
    assert_eq!(b["total_count"], json!(0));
    as_b(
        &s,
        Method::POST,
        "/v1/projects",
        Some(json!({"slug": "billing", "name": "B's"})),
    )
    .await
    .expect(201);
    assert_eq!(
        s.get("/v1/projects/billing").await.expect(200)["name"],
        "Billing"
    );
}

#[tokio::test]
async fn reserved_route_segments_are_not_slugs() {
    let s = start().await;
    for slug in ["shared-patterns", "impact-analysis"] {
        assert_422(
            &s.post("/v1/projects", json!({"slug": slug, "name": "n"}))
                .await,
            json!(["body", "slug"]),
        );
    }
    let p = s
        .post("/v1/projects", json!({"name": "Shared Patterns"}))
        .await
        .expect(201);
    assert_eq!(p["slug"], "project-shared-patterns");
}

#[tokio::test]
async fn patterns_without_agent_are_account_wide_and_readable_everywhere() {
    let s = start_with(two_keys()).await;
    let src = s
        .post("/v1/projects", json!({"slug": "api", "name": "API"}))
        .await
        .expect(201);
    let pat = s
        .post(
            "/v1/patterns",
            json!({"title": "Retry with exponential backoff", "description": "Retry transient HTTP failures with jittered exponential backoff",
                   "category": "resilience", "example_code": "retry(3)", "scope": "global",
                   "tags": ["http"], "source_project": "api"}),
        )
        .await
        .expect(201);
    assert_pattern(&pat);
    assert_eq!(pat["agent_id"], json!(null));
    assert_eq!(pat["source_project_id"], src["id"]);
    assert_eq!(pat["source_project_slug"], "api");
    let a = s.agent("pat-owner").await;
    let own = s
        .pattern(&id(&a), "Owned pattern", "Something else entirely")
        .await;

    // Lists and search: an agent sees its own and the account-wide ones.
    let listed = s
        .get(&format!("/v1/patterns{}", qs(&[("agent_id", "pat-owner")])))
        .await
        .expect(200);
    assert_eq!(listed["total_count"], json!(2));
    let search = |q: Vec<(&'static str, &'static str)>| {
        let s = &s;
        async move {
            let r = s
                .get(&format!("/v1/patterns/search{}", qs(&q)))
                .await
                .expect(200);
            r["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["pattern"]["id"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    let q = "retry transient HTTP failures backoff";
    assert_eq!(search(vec![("query", q)]).await, vec![id(&pat)]);
    assert_eq!(
        search(vec![("query", q), ("agent_id", "pat-owner")]).await,
        vec![id(&pat)]
    );
    assert_eq!(
        search(vec![("query", q), ("category", "resilience")]).await,
        vec![id(&pat)]
    );
    assert!(search(vec![("query", q), ("category", "other")])
        .await
        .is_empty());
    // A project sees global patterns.
    assert_eq!(
        search(vec![("query", q), ("project", "api")]).await,
        vec![id(&pat)]
    );
    assert_not_found(
        &s.get(&format!(
            "/v1/patterns/search{}",
            qs(&[("query", q), ("project", "nope")])
        ))
        .await,
        "project",
    );

    // Adopt into an account-wide project; the context shows it.
    let adopted = s
        .post(
            &format!("/v1/patterns/{}/adopt", id(&pat)),
            json!({"project": "api"}),
        )
        .await
        .expect(200);
    assert_eq!(adopted["adopted_by"], json!(["api"]));
    let ctx = s.get("/v1/projects/api/context").await.expect(200);
    assert_eq!(ctx["active_patterns"][0]["id"], pat["id"]);
    let _ = own;

    // Errors write nothing.
    assert_not_found(
        &s.post(
            "/v1/patterns",
            json!({"title": "t", "description": "d", "source_project": "nope"}),
        )
        .await,
        "source_project",
    );
    assert_422(
        &s.post("/v1/patterns", json!({"description": "d"})).await,
        json!(["body", "title"]),
    );
    assert_eq!(
        s.get("/v1/patterns").await.expect(200)["total_count"],
        json!(2)
    );

    // The other account sees none of it.
    assert_not_found(
        &as_b(&s, Method::GET, &format!("/v1/patterns/{}", id(&pat)), None).await,
        "pattern",
    );
    let b = as_b(
        &s,
        Method::GET,
        &format!("/v1/patterns/search{}", qs(&[("query", q)])),
        None,
    )
    .await
    .expect(200);
    assert_eq!(b["total"], json!(0));
    assert_not_found(
        &as_b(
            &s,
            Method::POST,
            "/v1/patterns",
            Some(json!({"title": "t", "description": "d", "source_project": "api"})),
        )
        .await,
        "source_project",
    );
}
