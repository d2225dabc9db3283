//! Contract §6 in one place: each of the 47 methods (plus health) called once over HTTP, in
//! table order, with its success status and response shape. The per-resource files test the
//! behaviour in depth; this one makes "every endpoint is served" checkable at a glance.
mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

struct Calls<'a> {
    s: &'a Srv,
    done: Vec<String>,
}

impl Calls<'_> {
    /// Calls `method path`, asserts `status`, checks the body with `shape`, records the method.
    async fn call(
        &mut self,
        name: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
        status: u16,
        shape: fn(&Value),
    ) -> Value {
        let r = self.s.call(method, path, body).await;
        assert_eq!(r.status, status, "{name}: {}", r.text);
        let v = r.expect(status);
        shape(&v);
        self.done.push(name.to_string());
        v
    }
}

fn list_of(item: fn(&Value)) -> impl Fn(&Value) {
    move |v| {
        assert_list(v, 0, item);
    }
}

fn deleted(v: &Value) {
    assert_eq!(v["deleted"], json!(true), "delete body: {v}");
    assert_eq!(v["success"], json!(true), "delete body: {v}");
}

#[tokio::test]
async fn all_47_methods_answer_with_their_success_status() {
    let s = start().await;
    let mut c = Calls {
        s: &s,
        done: Vec::new(),
    };
    let h = c.s.get("/v1/health").await.expect(200);
    assert_eq!(h["status"], "ok");

    // agents (6)
    let a = c
        .call(
            "agents.create",
            Method::POST,
            "/v1/agents",
            Some(json!({"name": "idx"})),
            201,
            assert_agent,
        )
        .await;
    let aid = id(&a);
    let q = qs(&[("agent_id", &aid)]);
    c.call("agents.list", Method::GET, "/v1/agents", None, 200, |v| {
        list_of(assert_agent)(v)
    })
    .await;
    c.call(
        "agents.get",
        Method::GET,
        &format!("/v1/agents/{aid}"),
        None,
        200,
        assert_agent,
    )
    .await;
    c.call(
        "agents.update",
        Method::PUT,
        &format!("/v1/agents/{aid}"),
        Some(json!({"description": "d"})),
        200,
        assert_agent,
    )
    .await;
    c.call(
        "agents.stats",
        Method::GET,
        &format!("/v1/agents/{aid}/stats"),
        None,
        200,
        assert_agent_stats,
    )
    .await;

    // memories (7)
    let m = c
        .call(
            "memories.create",
            Method::POST,
            "/v1/memories",
            Some(json!({"agent_id": aid, "content": "Index memory."})),
            201,
            assert_memory,
        )
        .await;
    let mid = id(&m);
    c.call(
        "memories.search",
        Method::POST,
        "/v1/memories/search",
        Some(json!({"agent_id": aid, "query": "index", "limit": 10})),
        200,
        |v| {
            assert_eq!(v["object"], "search_results");
            for d in v["data"].as_array().unwrap() {
                assert_memory(&d["memory"]);
                assert_score(&d["score"]);
            }
        },
    )
    .await;
    c.call(
        "memories.list",
        Method::GET,
        &format!("/v1/memories{q}"),
        None,
        200,
        |v| list_of(assert_memory)(v),
    )
    .await;
    c.call(
        "memories.get",
        Method::GET,
        &format!("/v1/memories/{mid}"),
        None,
        200,
        assert_memory,
    )
    .await;
    c.call(
        "memories.update",
        Method::PUT,
        &format!("/v1/memories/{mid}"),
        Some(json!({"content": "Updated."})),
        200,
        assert_memory,
    )
    .await;
    c.call(
        "memories.batch_create",
        Method::POST,
        "/v1/memories/batch",
        Some(json!({"agent_id": aid, "memories": [{"content": "b"}]})),
        200,
        |v| {
            assert_eq!(v["succeeded"], 1);
        },
    )
    .await;

    // entities (6)
    let e = c
        .call(
            "entities.create",
            Method::POST,
            "/v1/entities",
            Some(json!({"agent_id": aid, "name": "E", "entity_type": "concept"})),
            201,
            assert_entity,
        )
        .await;
    let eid = id(&e);
    c.call(
        "entities.list",
        Method::GET,
        &format!("/v1/entities{q}"),
        None,
        200,
        |v| list_of(assert_entity)(v),
    )
    .await;
    c.call(
        "entities.get",
        Method::GET,
        &format!("/v1/entities/{eid}"),
        None,
        200,
        assert_entity,
    )
    .await;
    c.call(
        "entities.update",
        Method::PUT,
        &format!("/v1/entities/{eid}"),
        Some(json!({"name": "E2"})),
        200,
        assert_entity,
    )
    .await;
    c.call(
        "entities.link",
        Method::POST,
        "/v1/entities/links",
        Some(json!({"entity_id": eid, "memory_id": mid})),
        201,
        assert_entity_link,
    )
    .await;

    // sessions (7)
    let ss = c
        .call(
            "sessions.create",
            Method::POST,
            "/v1/sessions",
            Some(json!({"agent_id": aid})),
            201,
            assert_session,
        )
        .await;
    let sid = id(&ss);
    c.call(
        "sessions.get_or_create",
        Method::POST,
        "/v1/sessions/get-or-create",
        Some(json!({"agent_id": aid, "external_id": "k"})),
        201,
        assert_session,
    )
    .await;
    c.call(
        "sessions.list",
        Method::GET,
        &format!("/v1/sessions{q}"),
        None,
        200,
        |v| list_of(assert_session)(v),
    )
    .await;
    c.call(
        "sessions.get",
        Method::GET,
        &format!("/v1/sessions/{sid}?include_memories=true"),
        None,
        200,
        |v| {
            assert_session(v);
            assert!(v["memories"].is_array());
        },
    )
    .await;
    c.call(
        "sessions.end",
        Method::PUT,
        &format!("/v1/sessions/{sid}/end"),
        Some(json!({"summary": "s"})),
        200,
        assert_session,
    )
    .await;
    c.call(
        "sessions.summarize",
        Method::POST,
        &format!("/v1/sessions/{sid}/summarize"),
        None,
        200,
        assert_session_summary,
    )
    .await;

    // decisions (7)
    let d1 = c
        .call(
            "decisions.create",
            Method::POST,
            "/v1/decisions",
            Some(json!({"agent_id": aid, "title": "D1", "rationale": "R1"})),
            201,
            assert_decision,
        )
        .await;
    let d2 = s.decision(&aid, "D2", "R2").await;
    let did = id(&d1);
    c.call(
        "decisions.list",
        Method::GET,
        &format!("/v1/decisions{q}"),
        None,
        200,
        |v| list_of(assert_decision)(v),
    )
    .await;
    c.call(
        "decisions.get",
        Method::GET,
        &format!("/v1/decisions/{did}"),
        None,
        200,
        assert_decision,
    )
    .await;
    c.call(
        "decisions.update",
        Method::PUT,
        &format!("/v1/decisions/{did}"),
        Some(json!({"title": "D1b"})),
        200,
        assert_decision,
    )
    .await;
    c.call(
        "decisions.check",
        Method::GET,
        &format!(
            "/v1/decisions/check{}",
            qs(&[("agent_id", &aid), ("query", "D1b")])
        ),
        None,
        200,
        |v| {
            assert!(v["has_conflicts"].is_boolean() && v["total"].is_u64());
        },
    )
    .await;
    c.call(
        "decisions.supersede",
        Method::POST,
        &format!("/v1/decisions/{did}/supersede"),
        Some(json!({"new_decision_id": id(&d2)})),
        200,
        assert_decision,
    )
    .await;

    // projects (6)
    let p = c
        .call(
            "projects.create",
            Method::POST,
            "/v1/projects",
            Some(json!({"agent_id": aid, "name": "Idx Project"})),
            201,
            assert_project,
        )
        .await;
    let pid = id(&p);
    c.call(
        "projects.list",
        Method::GET,
        &format!("/v1/projects{q}"),
        None,
        200,
        |v| list_of(assert_project)(v),
    )
    .await;
    c.call(
        "projects.get",
        Method::GET,
        &format!("/v1/projects/{pid}"),
        None,
        200,
        assert_project,
    )
    .await;
    c.call(
        "projects.update",
        Method::PUT,
        &format!("/v1/projects/{pid}"),
        Some(json!({"description": "d"})),
        200,
        assert_project,
    )
    .await;
    c.call(
        "projects.context",
        Method::GET,
        &format!("/v1/projects/{pid}/context"),
        None,
        200,
        |v| {
            assert_project(&v["project"]);
            assert!(v["context"].is_string());
        },
    )
    .await;

    // patterns (8)
    let pat = c
        .call(
            "patterns.create",
            Method::POST,
            "/v1/patterns",
            Some(json!({"agent_id": aid, "title": "P", "description": "Pd"})),
            201,
            assert_pattern,
        )
        .await;
    let patid = id(&pat);
    c.call(
        "patterns.search",
        Method::GET,
        &format!(
            "/v1/patterns/search{}",
            qs(&[("agent_id", &aid), ("query", "P")])
        ),
        None,
        200,
        |v| {
            assert!(v["data"].is_array() && v["total"].is_u64());
        },
    )
    .await;
    c.call(
        "patterns.list",
        Method::GET,
        &format!("/v1/patterns{q}"),
        None,
        200,
        |v| list_of(assert_pattern)(v),
    )
    .await;
    c.call(
        "patterns.get",
        Method::GET,
        &format!("/v1/patterns/{patid}"),
        None,
        200,
        assert_pattern,
    )
    .await;
    c.call(
        "patterns.update",
        Method::PUT,
        &format!("/v1/patterns/{patid}"),
        Some(json!({"title": "P2"})),
        200,
        assert_pattern,
    )
    .await;
    c.call(
        "patterns.adopt",
        Method::POST,
        &format!("/v1/patterns/{patid}/adopt"),
        Some(json!({"project": pid})),
        200,
        assert_pattern,
    )
    .await;
    c.call(
        "patterns.unadopt",
        Method::DELETE,
        &format!("/v1/patterns/{patid}/adopt?project={pid}"),
        None,
        200,
        assert_pattern,
    )
    .await;

    // deletes, last (each 200 with a small body)
    c.call(
        "patterns.delete",
        Method::DELETE,
        &format!("/v1/patterns/{patid}"),
        None,
        200,
        deleted,
    )
    .await;
    c.call(
        "projects.delete",
        Method::DELETE,
        &format!("/v1/projects/{pid}"),
        None,
        200,
        deleted,
    )
    .await;
    c.call(
        "decisions.delete",
        Method::DELETE,
        &format!("/v1/decisions/{did}"),
        None,
        200,
        deleted,
    )
    .await;
    c.call(
        "sessions.delete",
        Method::DELETE,
        &format!("/v1/sessions/{sid}"),
        None,
        200,
        deleted,
    )
    .await;
    c.call(
        "entities.delete",
        Method::DELETE,
        &format!("/v1/entities/{eid}"),
        None,
        200,
        deleted,
    )
    .await;
    c.call(
        "memories.delete",
        Method::DELETE,
        &format!("/v1/memories/{mid}"),
        None,
        200,
        deleted,
    )
    .await;
    c.call(
        "agents.delete",
        Method::DELETE,
        &format!("/v1/agents/{aid}"),
        None,
        200,
        deleted,
    )
    .await;

    let mut names = c.done.clone();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 47, "distinct methods exercised: {names:?}");
}
