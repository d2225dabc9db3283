//! decisions.* over HTTP (contract §4.7): CRUD, check, and both forms of supersede.
mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn create_get_list_update_delete() {
    let s = start().await;
    let a = s.agent("dec").await;
    let aid = id(&a);
    let p = s
        .post(
            "/v1/projects",
            json!({"agent_id": aid, "name": "Vector Store", "slug": "vector-store"}),
        )
        .await
        .expect(201);
    let r = s
        .post(
            "/v1/decisions",
            json!({"agent_id": aid, "title": "Use pgvector for vector search",
                   "rationale": "Chose pgvector over a separate vector database to reduce operational complexity.",
                   "metadata": {"category": "architecture"}, "alternatives": "Qdrant, Pinecone",
                   "tags": ["db", "search"], "project_slug": id(&p)}),
        )
        .await;
    let d = r.expect(201);
    assert_decision(&d);
    assert_eq!(d["agent_id"], a["id"]);
    assert_eq!(d["status"], "active");
    assert_eq!(d["alternatives"], "Qdrant, Pinecone");
    assert_eq!(d["tags"], json!(["db", "search"]));
    assert_eq!(
        d["project_slug"], "vector-store",
        "project stored as its slug"
    );
    assert_eq!(d["metadata"], json!({"category": "architecture"}));
    assert!(d["superseded_by"].is_null() && d["superseded_reason"].is_null());

    let minimal = s.decision(&aid, "Minimal", "Only required fields.").await;
    assert_eq!(minimal["tags"], json!([]));
    assert_eq!(minimal["metadata"], json!({}));
    let exp = s
        .post(
            "/v1/decisions",
            json!({"agent_id": aid, "title": "Try Bun", "rationale": "Faster installs.", "status": "experimental"}),
        )
        .await
        .expect(201);
    assert_eq!(exp["status"], "experimental");

    let got = s
        .get(&format!("/v1/decisions/{}", id(&d)))
        .await
        .expect(200);
    assert_decision(&got);
    assert_eq!(got, d);

    let list = s
        .get(&format!("/v1/decisions{}", qs(&[("agent_id", &aid)])))
        .await
        .expect(200);
    assert_list(&list, 0, assert_decision);
    assert_eq!(ids(&list), vec![id(&exp), id(&minimal), id(&d)]);
    let only_exp = s
        .get(&format!(
            "/v1/decisions{}",
            qs(&[("agent_id", &aid), ("status", "experimental")])
        ))
        .await
        .expect(200);
    assert_eq!(ids(&only_exp), vec![id(&exp)]);
    assert_422(
        &s.get(&format!("/v1/decisions{}", qs(&[("status", "rejected")])))
            .await,
        json!(["query", "status"]),
    );

    let path = format!("/v1/decisions/{}", id(&d));
    let u = s
        .put(
            &path,
            json!({"title": "Use pgvector", "rationale": "Simpler ops."}),
        )
        .await
        .expect(200);
    assert_decision(&u);
    assert_eq!(u["title"], "Use pgvector");
    assert_eq!(u["rationale"], "Simpler ops.");
    assert_eq!(u["tags"], d["tags"]);
    assert_error(&s.put(&path, json!({})).await, 422, "validation");
    assert_422(
        &s.put(&path, json!({"title": ""})).await,
        json!(["body", "title"]),
    );

    let r = s.delete(&path).await;
    assert_deleted(&r, "decision");
    assert_not_found(&s.get(&path).await, "decision");
    assert_not_found(&s.delete(&path).await, "decision");
    assert_not_found(&s.put(&path, json!({"title": "x"})).await, "decision");
}

#[tokio::test]
async fn create_validation() {
    let s = start().await;
    let a = s.agent("dec-val").await;
    let aid = id(&a);
    let base = json!({"agent_id": aid, "title": "T", "rationale": "R"});
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    let cases = [
        (with("title", json!("")), "title"),
        (with("title", json!("t".repeat(501))), "title"),
        (with("rationale", json!("")), "rationale"),
        (with("rationale", json!("r".repeat(50_001))), "rationale"),
        (
            with("alternatives", json!("a".repeat(50_001))),
            "alternatives",
        ),
        (with("status", json!("superseded")), "status"),
        (with("status", json!("maybe")), "status"),
        (with("tags", json!(vec!["t"; 21])), "tags"),
        (json!({"agent_id": aid, "title": "T"}), "rationale"),
    ];
    for (body, field) in cases {
        assert_422(&s.post("/v1/decisions", body).await, json!(["body", field]));
    }
    assert_not_found(
        &s.post(
            "/v1/decisions",
            with("project_slug", json!("no-such-project")),
        )
        .await,
        "project",
    );
    assert_not_found(
        &s.post("/v1/decisions", with("session_id", json!(unknown_uuid())))
            .await,
        "session",
    );
    assert_not_found(
        &s.post("/v1/decisions", with("agent_id", json!("ghost")))
            .await,
        "agent",
    );
    assert_eq!(s.get("/v1/decisions").await.expect(200)["total_count"], 0);
}

#[tokio::test]
async fn check_scores_active_decisions() {
    let s = start().await;
    let a = s.agent("checker").await;
    let aid = id(&a);
    let d = s
        .decision(
            &aid,
            "Use pgvector for vector search",
            "Chose pgvector to reduce operational complexity.",
        )
        .await;
    let old = s
        .decision(&aid, "Use MySQL for storage", "Legacy choice.")
        .await;
    let newer = s
        .decision(&aid, "Use SQLite for storage", "Embedded and simple.")
        .await;
    s.post(
        &format!("/v1/decisions/{}/supersede", id(&old)),
        json!({"new_decision_id": id(&newer)}),
    )
    .await
    .expect(200);
    let q = "Use pgvector for vector search\nChose pgvector to reduce operational complexity.";
    let r = s
        .get(&format!(
            "/v1/decisions/check{}",
            qs(&[("agent_id", &aid), ("query", q)])
        ))
        .await
        .expect(200);
    check_fields(
        "DecisionCheckResult",
        &r,
        &[
            ("data", T::Arr),
            ("query", T::Str),
            ("total", T::Int),
            ("has_conflicts", T::Bool),
        ],
        &[],
    );
    assert_eq!(r["query"], q);
    let data = r["data"].as_array().unwrap();
    assert_eq!(r["total"], json!(data.len()));
    assert_eq!(r["has_conflicts"], json!(!data.is_empty()));
    assert!(!data.is_empty());
    for m in data {
        assert_decision(&m["decision"]);
        assert_ne!(
            m["decision"]["status"], "superseded",
            "only active decisions scored"
        );
        assert!(m["score"].as_f64().unwrap() >= 0.3, "default threshold 0.3");
    }
    assert_sorted_scores(data);
    assert_eq!(data[0]["decision"]["id"], d["id"]);
    assert!(data[0]["score"].as_f64().unwrap() >= 0.99);
    // Exact text of the superseded decision: not returned.
    let r = s
        .get(&format!(
            "/v1/decisions/check{}",
            qs(&[
                ("agent_id", &aid),
                ("query", "Use MySQL for storage\nLegacy choice."),
                ("threshold", "0.99")
            ])
        ))
        .await
        .expect(200);
    assert!(r["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["decision"]["id"] != old["id"]));
    // threshold 1.0 with an unrelated query: no conflicts.
    let r = s
        .get(&format!(
            "/v1/decisions/check{}",
            qs(&[
                ("agent_id", &aid),
                ("query", "lunch menu"),
                ("threshold", "1"),
                ("limit", "1")
            ])
        ))
        .await
        .expect(200);
    assert_eq!(r["total"], 0);
    assert_eq!(r["has_conflicts"], false);
    // Validation.
    for (k, v) in [
        ("limit", "0"),
        ("limit", "101"),
        ("threshold", "1.5"),
        ("query", "  "),
    ] {
        let mut params = vec![("agent_id", aid.as_str()), ("query", "x")];
        params.retain(|(pk, _)| *pk != k);
        params.push((k, v));
        assert_422(
            &s.get(&format!("/v1/decisions/check{}", qs(&params))).await,
            json!(["query", k]),
        );
    }
}

#[tokio::test]
async fn supersede_form_a() {
    let s = start().await;
    let a = s.agent("sup-a").await;
    let aid = id(&a);
    let old = s.decision(&aid, "Use pgvector", "Less ops.").await;
    let new = s
        .post(
            "/v1/decisions",
            json!({"agent_id": aid, "title": "Migrate to OpenAI embeddings", "rationale": "Better quality.", "status": "experimental"}),
        )
        .await
        .expect(201);
    let r = s
        .post(
            &format!("/v1/decisions/{}/supersede", id(&old)),
            json!({"new_decision_id": id(&new), "reason": "OpenAI embeddings improved search relevance by 23%."}),
        )
        .await;
    let ret = r.expect(200);
    assert_decision(&ret);
    assert_eq!(ret["id"], new["id"], "returns the new decision");
    assert_eq!(
        ret["status"], "active",
        "experimental new decision becomes active"
    );
    let old2 = s
        .get(&format!("/v1/decisions/{}", id(&old)))
        .await
        .expect(200);
    assert_eq!(old2["status"], "superseded");
    assert_eq!(old2["superseded_by"], new["id"]);
    assert_eq!(
        old2["superseded_reason"],
        "OpenAI embeddings improved search relevance by 23%."
    );

    // Superseding again → 409, and nothing changes.
    let third = s.decision(&aid, "Third", "Yet another.").await;
    let r = s
        .post(
            &format!("/v1/decisions/{}/supersede", id(&old)),
            json!({"new_decision_id": id(&third)}),
        )
        .await;
    assert_error(&r, 409, "conflict");
    let old3 = s
        .get(&format!("/v1/decisions/{}", id(&old)))
        .await
        .expect(200);
    assert_eq!(old3["superseded_by"], new["id"]);
    // A superseded decision cannot be the new one either.
    let r = s
        .post(
            &format!("/v1/decisions/{}/supersede", id(&third)),
            json!({"new_decision_id": id(&old)}),
        )
        .await;
    assert_error(&r, 409, "conflict");
    // Update is still allowed on a superseded decision.
    let u = s
        .put(
            &format!("/v1/decisions/{}", id(&old)),
            json!({"title": "Use pgvector (old)"}),
        )
        .await
        .expect(200);
    assert_eq!(u["status"], "superseded");
    // Without reason → superseded_reason null.
    let fourth = s.decision(&aid, "Fourth", "More.").await;
    s.post(
        &format!("/v1/decisions/{}/supersede", id(&third)),
        json!({"new_decision_id": id(&fourth), "reason": null}),
    )
    .await
    .expect(200);
    let t = s
        .get(&format!("/v1/decisions/{}", id(&third)))
        .await
        .expect(200);
    assert!(t["superseded_reason"].is_null());
    // Deleting the new decision leaves the old one's superseded_by as is.
    s.delete(&format!("/v1/decisions/{}", id(&fourth)))
        .await
        .expect(200);
    let t = s
        .get(&format!("/v1/decisions/{}", id(&third)))
        .await
        .expect(200);
    assert_eq!(t["superseded_by"], fourth["id"]);
}

#[tokio::test]
async fn supersede_form_a_errors() {
    let s = start().await;
    let a = s.agent("sup-err").await;
    let b = s.agent("sup-err-b").await;
    let old = s.decision(&id(&a), "Old", "Old.").await;
    let foreign_agent = s.decision(&id(&b), "B's", "Other agent.").await;
    let path = format!("/v1/decisions/{}/supersede", id(&old));
    assert_not_found(
        &s.post(&path, json!({"new_decision_id": unknown_uuid()}))
            .await,
        "decision",
    );
    assert_error(
        &s.post(&path, json!({"new_decision_id": id(&old)})).await,
        422,
        "validation",
    );
    assert_error(
        &s.post(&path, json!({"new_decision_id": id(&foreign_agent)}))
            .await,
        422,
        "validation",
    );
    assert_not_found(
        &s.post(
            &format!("/v1/decisions/{}/supersede", unknown_uuid()),
            json!({"new_decision_id": id(&old)}),
        )
        .await,
        "decision",
    );
    let still = s
        .get(&format!("/v1/decisions/{}", id(&old)))
        .await
        .expect(200);
    assert_eq!(still["status"], "active");
    assert!(still["superseded_by"].is_null());
}

#[tokio::test]
async fn supersede_form_b_creates_the_replacement() {
    let s = start().await;
    let a = s.agent("sup-b").await;
    let aid = id(&a);
    s.post(
        "/v1/projects",
        json!({"agent_id": aid, "name": "Proj B", "slug": "proj-b"}),
    )
    .await
    .expect(201);
    let sess = s.session(&aid).await;
    let old = s
        .post(
            "/v1/decisions",
            json!({"agent_id": aid, "title": "Use REST", "rationale": "Simple.",
                   "project_slug": "proj-b", "session_id": id(&sess)}),
        )
        .await
        .expect(201);
    let path = format!("/v1/decisions/{}/supersede", id(&old));
    assert_422(
        &s.post(&path, json!({"title": "No rationale"})).await,
        json!(["body", "rationale"]),
    );
    assert_422(&s.post(&path, json!({})).await, json!(["body", "title"]));
    let r = s
        .post(
            &path,
            json!({"title": "Use gRPC", "rationale": "Streaming.", "alternatives": "GraphQL",
                   "tags": ["api"], "metadata": {"by": "tool"}, "reason": "Need streaming."}),
        )
        .await;
    let new = r.expect(201);
    assert_decision(&new);
    assert_ne!(new["id"], old["id"]);
    assert_eq!(new["status"], "active");
    assert_eq!(new["agent_id"], a["id"]);
    assert_eq!(new["project_slug"], "proj-b");
    assert_eq!(new["session_id"], sess["id"]);
    assert_eq!(new["title"], "Use gRPC");
    assert_eq!(new["rationale"], "Streaming.");
    assert_eq!(new["alternatives"], "GraphQL");
    assert_eq!(new["tags"], json!(["api"]));
    let old2 = s
        .get(&format!("/v1/decisions/{}", id(&old)))
        .await
        .expect(200);
    assert_eq!(old2["status"], "superseded");
    assert_eq!(old2["superseded_by"], new["id"]);
    assert_eq!(old2["superseded_reason"], "Need streaming.");
    // Second supersede → 409; no new decision was created by the failed attempt.
    assert_error(
        &s.post(&path, json!({"title": "Again", "rationale": "Again."}))
            .await,
        409,
        "conflict",
    );
    let list = s
        .get(&format!("/v1/decisions{}", qs(&[("agent_id", &aid)])))
        .await
        .expect(200);
    assert_eq!(list["total_count"], 2);
    // Form A wins when new_decision_id is present: other fields are ignored.
    let x = s.decision(&aid, "X", "X.").await;
    let y = s.decision(&aid, "Y", "Y.").await;
    let r = s
        .post(
            &format!("/v1/decisions/{}/supersede", id(&x)),
            json!({"new_decision_id": id(&y), "title": "Ignored", "rationale": "Ignored."}),
        )
        .await
        .expect(200);
    assert_eq!(r["id"], y["id"]);
    assert_eq!(r["title"], "Y");
}

#[tokio::test]
async fn check_default_limit_is_5() {
    let s = start().await;
    let a = s.agent("check-limit").await;
    let aid = id(&a);
    for i in 0..7 {
        s.decision(
            &aid,
            &format!("Use Postgres everywhere {i}"),
            "Postgres everywhere.",
        )
        .await;
    }
    let r = s
        .get(&format!(
            "/v1/decisions/check{}",
            qs(&[("agent_id", &aid), ("query", "Use Postgres everywhere")])
        ))
        .await
        .expect(200);
    assert_eq!(r["data"].as_array().unwrap().len(), 5, "{r}");
    assert_eq!(r["total"], 5);
}

#[tokio::test]
async fn a_rejected_form_b_changes_nothing() {
    let s = start().await;
    let a = s.agent("atomic-b").await;
    let old = s.decision(&id(&a), "Keep", "Unchanged.").await;
    let r = s
        .post(
            &format!("/v1/decisions/{}/supersede", id(&old)),
            json!({"title": "New", "rationale": "R", "tags": vec!["t"; 21]}),
        )
        .await;
    assert_422(&r, json!(["body", "tags"]));
    let still = s
        .get(&format!("/v1/decisions/{}", id(&old)))
        .await
        .expect(200);
    assert_eq!(still["status"], "active");
    assert!(still["superseded_by"].is_null());
    let list = s.get("/v1/decisions").await.expect(200);
    assert_eq!(list["total_count"], 1, "no replacement was created");
}

#[tokio::test]
async fn tag_items_are_validated() {
    let s = start().await;
    let a = s.agent("tags").await;
    for tags in [json!([""]), json!(["t".repeat(101)])] {
        let r = s
            .post(
                "/v1/decisions",
                json!({"agent_id": id(&a), "title": "T", "rationale": "R", "tags": tags}),
            )
            .await;
        assert_error(&r, 422, "validation");
        let loc = r.json["detail"][0]["loc"].clone();
        assert_eq!(loc[0], "body");
        assert_eq!(loc[1], "tags");
    }
}

#[tokio::test]
async fn check_ignores_experimental_decisions() {
    let s = start().await;
    let a = s.agent("check-exp").await;
    let exp = s
        .post(
            "/v1/decisions",
            json!({"agent_id": id(&a), "title": "Try Deno", "rationale": "Maybe faster.", "status": "experimental"}),
        )
        .await
        .expect(201);
    let r = s
        .get(&format!(
            "/v1/decisions/check{}",
            qs(&[
                ("agent_id", &id(&a)),
                ("query", "Try Deno\nMaybe faster."),
                ("threshold", "0")
            ])
        ))
        .await
        .expect(200);
    assert!(
        r["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["decision"]["id"] != exp["id"]),
        "only active decisions are scored (4.7): {r}"
    );
}
