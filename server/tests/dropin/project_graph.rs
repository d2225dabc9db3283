//! Project relationships (`POST /v1/projects/{p}/relationships`), the dependencies /
//! dependents / related views, `GET /v1/projects/shared-patterns` and
//! `POST /v1/projects/impact-analysis`.

use reqwest::Method;
use serde_json::{json, Value};

use crate::as_b;
use crate::common::*;

async fn project(s: &Srv, slug: &str) -> Value {
    s.post("/v1/projects", json!({"slug": slug, "name": slug}))
        .await
        .expect(201)
}

async fn relate(s: &Srv, from: &str, to: &str, kind: &str) -> Value {
    let r = s
        .post(
            &format!("/v1/projects/{from}/relationships"),
            json!({"target_project": to, "relationship_type": kind}),
        )
        .await;
    r.expect(201)
}

fn slugs(v: &Value) -> Vec<(String, String, String)> {
    v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["project"]["slug"].as_str().unwrap().to_string(),
                d["relationship_type"].as_str().unwrap().to_string(),
                d["direction"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn s3(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.into(), b.into(), c.into())
}

#[tokio::test]
async fn relationships_and_their_views() {
    let s = start_with(two_keys()).await;
    for slug in ["core", "api", "web", "docs"] {
        project(&s, slug).await;
    }
    let r = s
        .post(
            "/v1/projects/api/relationships",
            json!({"target_project": "core", "relationship_type": "depends_on", "metadata": {"via": "grpc"}}),
        )
        .await
        .expect(201);
    assert_eq!(r["object"], "project_relationship");
    assert_eq!(
        (r["source_project"].clone(), r["target_project"].clone()),
        (json!("api"), json!("core"))
    );
    assert_eq!(r["metadata"], json!({"via": "grpc"}));
    assert!(is_rfc3339_utc(r["created_at"].as_str().unwrap()));
    // The same edge again: 200, same relationship.
    let again = s
        .post(
            "/v1/projects/api/relationships",
            json!({"target_project": "core", "relationship_type": "depends_on"}),
        )
        .await
        .expect(200);
    assert_eq!(again["id"], r["id"]);
    relate(&s, "web", "api", "api_consumer").await;
    relate(&s, "docs", "api", "forked_from").await;
    relate(&s, "api", "web", "shares_schema").await;

    let deps = s.get("/v1/projects/api/dependencies").await.expect(200);
    assert_eq!(deps["project"], "api");
    assert_eq!(slugs(&deps), vec![s3("core", "depends_on", "outgoing")]);
    assert_eq!(deps["total"], json!(1));
    assert_project(&deps["data"][0]["project"]);
    let dependents = s.get("/v1/projects/api/dependents").await.expect(200);
    assert_eq!(
        slugs(&dependents),
        vec![s3("web", "api_consumer", "incoming")]
    );
    let related = s.get("/v1/projects/api/related").await.expect(200);
    assert_eq!(
        slugs(&related),
        vec![
            s3("web", "shares_schema", "outgoing"),
            s3("docs", "forked_from", "incoming"),
            s3("web", "api_consumer", "incoming"),
            s3("core", "depends_on", "outgoing"),
        ]
    );
    assert_eq!(
        s.get("/v1/projects/core/dependencies").await.expect(200)["data"],
        json!([])
    );

    // Bad input: 422 naming the field, 404 for unknown projects; nothing written.
    let add = |body: Value| {
        let s = &s;
        async move { s.post("/v1/projects/api/relationships", body).await }
    };
    assert_422(
        &add(json!({"relationship_type": "depends_on"})).await,
        json!(["body", "target_project"]),
    );
    assert_422(
        &add(json!({"target_project": "core"})).await,
        json!(["body", "relationship_type"]),
    );
    assert_422(
        &add(json!({"target_project": "core", "relationship_type": "likes"})).await,
        json!(["body", "relationship_type"]),
    );
    assert_422(
        &add(json!({"target_project": "api", "relationship_type": "depends_on"})).await,
        json!(["body", "target_project"]),
    );
    assert_not_found(
        &add(json!({"target_project": "nope", "relationship_type": "depends_on"})).await,
        "target_project",
    );
    assert_not_found(
        &s.post(
            "/v1/projects/nope/relationships",
            json!({"target_project": "core", "relationship_type": "depends_on"}),
        )
        .await,
        "project",
    );
    for view in ["dependencies", "dependents", "related"] {
        assert_not_found(
            &s.get(&format!("/v1/projects/nope/{view}")).await,
            "project",
        );
        assert_not_found(
            &as_b(&s, Method::GET, &format!("/v1/projects/api/{view}"), None).await,
            "project",
        );
    }
    assert_eq!(
        s.get("/v1/projects/api/related").await.expect(200)["total"],
        json!(4)
    );

    // Another account cannot point at this account's projects, even from its own.
    as_b(
        &s,
        Method::POST,
        "/v1/projects",
        Some(json!({"slug": "mine", "name": "mine"})),
    )
    .await
    .expect(201);
    assert_not_found(
        &as_b(
            &s,
            Method::POST,
            "/v1/projects/mine/relationships",
            Some(json!({"target_project": "core", "relationship_type": "depends_on"})),
        )
        .await,
        "target_project",
    );

    // Deleting a project removes its edges.
    s.delete("/v1/projects/core").await.expect(200);
    assert_eq!(
        s.get("/v1/projects/api/dependencies").await.expect(200)["total"],
        json!(0)
    );
}

#[tokio::test]
async fn shared_patterns_are_those_both_adopted() {
    let s = start_with(two_keys()).await;
    project(&s, "left").await;
    project(&s, "right").await;
    let pat = |t: &'static str| {
        let s = &s;
        async move {
            s.post("/v1/patterns", json!({"title": t, "description": t}))
                .await
                .expect(201)
        }
    };
    let (both1, both2, only_left) = (
        pat("both one").await,
        pat("both two").await,
        pat("left only").await,
    );
    for (p, proj) in [
        (&both1, "left"),
        (&both1, "right"),
        (&both2, "left"),
        (&both2, "right"),
        (&only_left, "left"),
    ] {
        s.post(
            &format!("/v1/patterns/{}/adopt", id(p)),
            json!({"project": proj}),
        )
        .await
        .expect(200);
    }
    let r = s
        .get("/v1/projects/shared-patterns?a=left&b=right")
        .await
        .expect(200);
    assert_eq!(
        (r["project_a"].clone(), r["project_b"].clone()),
        (json!("left"), json!("right"))
    );
    assert_eq!(ids(&r), vec![id(&both2), id(&both1)]);
    assert_eq!(r["total"], json!(2));
    for p in r["data"].as_array().unwrap() {
        assert_pattern(p);
    }
    // Projects by id work too.
    let left = s.get("/v1/projects/left").await.expect(200);
    let by_id = s
        .get(&format!(
            "/v1/projects/shared-patterns?a={}&b=right",
            id(&left)
        ))
        .await
        .expect(200);
    assert_eq!(by_id["total"], json!(2));

    // The literal segment is not a project id.
    assert_422(
        &s.get("/v1/projects/shared-patterns").await,
        json!(["query", "a"]),
    );
    assert_422(
        &s.get("/v1/projects/shared-patterns?a=left").await,
        json!(["query", "b"]),
    );
    assert_not_found(
        &s.get("/v1/projects/shared-patterns?a=left&b=nope").await,
        "b",
    );
    assert_not_found(
        &s.get("/v1/projects/shared-patterns?a=nope&b=left").await,
        "a",
    );
    assert_not_found(
        &as_b(
            &s,
            Method::GET,
            "/v1/projects/shared-patterns?a=left&b=right",
            None,
        )
        .await,
        "a",
    );
}

#[tokio::test]
async fn impact_analysis_walks_downstream_and_matches_their_memories_and_decisions() {
    let s = start_with(two_keys()).await;
    for slug in ["auth", "api", "web", "schema", "island"] {
        project(&s, slug).await;
    }
    relate(&s, "api", "auth", "depends_on").await;
    relate(&s, "web", "api", "api_consumer").await;
    relate(&s, "auth", "schema", "shares_schema").await;
    relate(&s, "auth", "island", "forked_from").await;
    let a = s.agent("impact").await;
    let aid = id(&a);
    let api_mem = s
        .memory_with(json!({"agent_id": aid, "project": "api", "content": "The API validates session tokens issued by the auth service on every request"}))
        .await;
    s.memory_with(
        json!({"agent_id": aid, "project": "api", "content": "Swagger docs are generated nightly"}),
    )
    .await;
    let web_dec = s
        .post(
            "/v1/decisions",
            json!({"agent_id": aid, "project_slug": "web", "title": "Store session tokens in cookies",
                   "rationale": "The web app keeps the auth session tokens in httpOnly cookies"}),
        )
        .await
        .expect(201);
    s.memory_with(
        json!({"agent_id": aid, "project": "island", "content": "session tokens everywhere"}),
    )
    .await;

    let r = s
        .post(
            "/v1/projects/impact-analysis",
            json!({"project": "auth", "change_description": "Change the format of session tokens issued by auth"}),
        )
        .await
        .expect(200);
    assert_eq!(r["project"], "auth");
    let affected: Vec<(String, u64)> = r["affected_projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["project"]["slug"].as_str().unwrap().to_string(),
                p["depth"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut names: Vec<&str> = affected.iter().map(|x| x.0.as_str()).collect();
    names.sort();
    // api (depends on auth), web (consumes api: depth 2), schema (shared); not the fork.
    assert_eq!(names, vec!["api", "schema", "web"]);
    assert!(affected.contains(&("web".to_string(), 2)));
    let by = |slug: &str| {
        r["affected_projects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["project"]["slug"] == slug)
            .unwrap()
            .clone()
    };
    let api = by("api");
    assert_eq!(api["matching_memories"][0]["memory"]["id"], api_mem["id"]);
    assert_eq!(
        api["matching_memories"].as_array().unwrap().len(),
        1,
        "{api}"
    );
    assert_eq!(
        by("web")["matching_decisions"][0]["decision"]["id"],
        web_dec["id"]
    );
    assert_eq!(by("web")["path"], json!(["auth", "api", "web"]));
    assert_eq!(by("schema")["relationship_types"], json!(["shares_schema"]));
    assert_eq!(by("schema")["impact_score"], json!(0.0));
    // Most impacted first: projects with matches before the one without.
    assert_eq!(r["affected_projects"][2]["project"]["slug"], "schema");
    assert_eq!(r["total_affected"], json!(3));
    assert_eq!(r["projects_with_matches"], json!(2));

    let impact = |body: Value| {
        let s = &s;
        async move { s.post("/v1/projects/impact-analysis", body).await }
    };
    assert_422(
        &impact(json!({"project": "auth"})).await,
        json!(["body", "change_description"]),
    );
    assert_422(
        &impact(json!({"project": "auth", "change_description": "x".repeat(5001)})).await,
        json!(["body", "change_description"]),
    );
    assert_422(
        &impact(json!({"change_description": "x"})).await,
        json!(["body", "project"]),
    );
    assert_not_found(
        &impact(json!({"project": "nope", "change_description": "x"})).await,
        "project",
    );
    // The literal route wins over {project_id}: GET is the wrong method, not "project not found".
    assert_eq!(s.get("/v1/projects/impact-analysis").await.status, 405);
    assert_not_found(
        &as_b(
            &s,
            Method::POST,
            "/v1/projects/impact-analysis",
            Some(json!({"project": "auth", "change_description": "x"})),
        )
        .await,
        "project",
    );
}
