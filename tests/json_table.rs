//! The JSON layer on its own: `Client::call(name, params)` for every entry of the method
//! table, checking the lossless result JSON. The test fails if the table and the cases
//! differ in any name, so a method can be neither added nor left untested silently.

mod common;

use std::collections::BTreeSet;

use common::*;
use memoryrelay::methods::{self, METHODS};
use memoryrelay::{Client, ErrorCode};
use serde_json::{json, Value};

/// Calls through the JSON layer and records which table entries were exercised.
struct Caller {
    client: Client,
    called: BTreeSet<&'static str>,
}

impl Caller {
    async fn call(&mut self, name: &'static str, params: Value) -> Value {
        assert!(methods::spec(name).is_some(), "{name} is not in the table");
        self.called.insert(name);
        match self.client.call(name, params.clone()).await {
            Ok(v) => v,
            Err(e) => panic!("{name}({params}) failed: {}", e.to_json()),
        }
    }
}

fn id(v: &Value) -> String {
    v["id"].as_str().expect("an id").to_string()
}

#[tokio::test]
async fn every_table_entry_returns_its_lossless_json() {
    let srv = start().await;
    let mut c = Caller {
        client: client(&srv),
        called: BTreeSet::new(),
    };

    // agents
    let name = unique("json-agent");
    let agent = c
        .call("agents.create", json!({"name": name, "description": null}))
        .await;
    assert_eq!(agent["object"], "agent");
    assert!(agent["description"].is_null(), "nulls are kept: {agent}");
    let a = id(&agent);
    assert_eq!(
        c.call("agents.get", json!({"agent_id": name})).await["id"],
        a
    );
    let upd = c
        .call(
            "agents.update",
            json!({"agent_id": a, "metadata": {"x": 1}}),
        )
        .await;
    assert_eq!(upd["metadata"], json!({"x": 1}));
    let list = c.call("agents.list", Value::Null).await;
    assert_eq!(list["object"], "list");
    assert!(list["next_cursor"].is_null() && list.get("has_more").is_some());

    // memories
    let mem = c
        .call(
            "memories.create",
            json!({"agent_id": a, "content": QUICKSTART_MEMORY,
                                         "metadata": quickstart_metadata(), "importance": 0.85}),
        )
        .await;
    assert_eq!(mem["object"], "memory");
    assert!(mem["created_at"].is_i64(), "memory timestamps are integers");
    let m = id(&mem);
    assert_eq!(c.call("memories.get", json!({"memory_id": m})).await, mem);
    let upd = c
        .call(
            "memories.update",
            json!({"memory_id": m, "content": "PostgreSQL 16."}),
        )
        .await;
    assert_eq!(upd["content"], "PostgreSQL 16.");
    let found = c
        .call(
            "memories.search",
            json!({"agent_id": a, "query": "PostgreSQL", "limit": 3}),
        )
        .await;
    assert_eq!(found["object"], "search_results");
    assert_eq!(found["data"][0]["memory"]["id"], m);
    assert!(found["data"][0]["score"].is_number());
    let listed = c.call("memories.list", json!({"agent_id": a})).await;
    assert_eq!(listed["total_count"], 1);
    let batch = c
        .call(
            "memories.batch_create",
            json!({"agent_id": a, "memories": [
            {"content": "one"}, {"content": " "}, {"content": "three", "importance": 0.1}]}),
        )
        .await;
    assert_eq!(
        (batch["total"].as_u64(), batch["failed"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(batch["success"], false);
    assert_eq!(batch["results"][1]["status"], "failed");
    assert_eq!(batch["results"][1]["error_code"], "validation");
    assert!(batch["timing"]["total_ms"].is_number());

    // entities
    let ent = c
        .call("entities.create", json!({"agent_id": a, "name": "PostgreSQL",
                                         "entity_type": "technology", "metadata": {"version": "16"}}))
        .await;
    let e = id(&ent);
    assert_eq!(ent["type"], "technology", "the alias is emitted and kept");
    let link = c
        .call("entities.link", json!({"entity_id": e, "memory_id": m}))
        .await;
    assert_eq!(link["relationship"], "mentioned_in");
    assert_eq!(
        c.call("entities.get", json!({"entity_id": e})).await["memory_count"],
        1
    );
    let upd = c
        .call(
            "entities.update",
            json!({"entity_id": e, "name": "Postgres"}),
        )
        .await;
    assert_eq!(upd["name"], "Postgres");
    let list = c
        .call(
            "entities.list",
            json!({"agent_id": a, "entity_type": "technology"}),
        )
        .await;
    assert_eq!(list["data"][0]["id"], e);
    assert_eq!(
        c.call("entities.delete", json!({"entity_id": e})).await,
        Value::Null
    );

    // sessions
    let s = id(&c
        .call("sessions.create", json!({"agent_id": a, "title": "t"}))
        .await);
    let goc = c
        .call(
            "sessions.get_or_create",
            json!({"agent_id": a, "session_key": "k-1", "title": "T"}),
        )
        .await;
    assert_eq!(
        (goc["created"].as_bool(), goc["external_id"].as_str()),
        (Some(true), Some("k-1"))
    );
    c.call(
        "memories.create",
        json!({"agent_id": a, "content": "In a session.", "session_id": s}),
    )
    .await;
    let got = c.call("sessions.get", json!({"session_id": s})).await;
    assert_eq!(got["memories"].as_array().map(Vec::len), Some(1));
    let sum = c.call("sessions.summarize", json!({"session_id": s})).await;
    assert_eq!(sum["summary"], "- In a session.");
    let ended = c.call("sessions.end", json!({"session_id": s})).await;
    assert_eq!(ended["status"], "ended");
    let list = c
        .call("sessions.list", json!({"agent_id": a, "status": "active"}))
        .await;
    assert_eq!(list["total_count"], 1);
    assert_eq!(
        c.call("sessions.delete", json!({"session_id": s})).await,
        Value::Null
    );

    // decisions
    let d1 = id(&c
        .call(
            "decisions.create",
            json!({"agent_id": a, "title": "Use Postgres",
                                          "content": "One database.", "tags": ["db"]}),
        )
        .await);
    let d2 = id(&c
        .call(
            "decisions.create",
            json!({"agent_id": a, "title": "Use CockroachDB",
                                          "content": "Scale out.", "status": "experimental"}),
        )
        .await);
    let got = c.call("decisions.get", json!({"decision_id": d1})).await;
    assert_eq!(
        got["rationale"], "One database.",
        "content travels as rationale"
    );
    let upd = c
        .call(
            "decisions.update",
            json!({"decision_id": d1, "content": "Just one."}),
        )
        .await;
    assert_eq!(upd["rationale"], "Just one.");
    let check = c
        .call(
            "decisions.check",
            json!({"agent_id": a, "query": "Use Postgres", "threshold": 0.1}),
        )
        .await;
    assert_eq!(check["has_conflicts"], true);
    let new = c
        .call(
            "decisions.supersede",
            json!({"decision_id": d1, "new_decision_id": d2, "reason": "scale"}),
        )
        .await;
    assert_eq!(new["id"], d2);
    let list = c
        .call(
            "decisions.list",
            json!({"agent_id": a, "status": "superseded"}),
        )
        .await;
    assert_eq!(list["data"][0]["superseded_reason"], "scale");
    assert_eq!(
        c.call("decisions.delete", json!({"decision_id": d2})).await,
        Value::Null
    );

    // projects and patterns
    let proj = c
        .call(
            "projects.create",
            json!({"agent_id": a, "name": "Data Platform", "repo_url": "https://x.example"}),
        )
        .await;
    assert_eq!(proj["slug"], "data-platform");
    let p = id(&proj);
    assert_eq!(
        c.call("projects.get", json!({"project_id": "data-platform"}))
            .await["id"],
        p
    );
    let upd = c
        .call("projects.update", json!({"project_id": p, "name": "Data"}))
        .await;
    assert_eq!(
        (upd["name"].as_str(), upd["slug"].as_str()),
        (Some("Data"), Some("data-platform"))
    );
    assert_eq!(
        c.call("projects.list", json!({"agent_id": a})).await["total_count"],
        1
    );
    let pat = c
        .call("patterns.create", json!({"agent_id": a, "name": "Outbox", "content": "Publish events via an outbox table.",
                                         "category": "messaging"}))
        .await;
    assert_eq!(
        (pat["title"].as_str(), pat["category"].as_str()),
        (Some("Outbox"), Some("messaging"))
    );
    let pt = id(&pat);
    assert_eq!(
        c.call("patterns.get", json!({"pattern_id": pt})).await["id"],
        pt
    );
    let upd = c
        .call(
            "patterns.update",
            json!({"pattern_id": pt, "name": "Transactional outbox"}),
        )
        .await;
    assert_eq!(upd["title"], "Transactional outbox");
    let found = c
        .call(
            "patterns.search",
            json!({"agent_id": a, "query": "Transactional outbox"}),
        )
        .await;
    assert_eq!(found["data"][0]["pattern"]["id"], pt);
    assert_eq!(
        c.call("patterns.list", json!({"agent_id": a})).await["total_count"],
        1
    );
    let adopted = c
        .call("patterns.adopt", json!({"pattern_id": pt, "project_id": p}))
        .await;
    assert_eq!(adopted["adopted_by"], json!(["data-platform"]));
    let ctx = c.call("projects.context", json!({"project_id": p})).await;
    assert_eq!(ctx["active_patterns"][0]["id"], pt);
    let unadopted = c
        .call(
            "patterns.unadopt",
            json!({"pattern_id": pt, "project_id": "data-platform"}),
        )
        .await;
    assert_eq!(unadopted["id"], pt, "unadopt returns the Pattern, not null");
    assert_eq!(unadopted["adoption_count"], 0);
    assert_eq!(
        c.call("patterns.delete", json!({"pattern_id": pt})).await,
        Value::Null
    );
    assert_eq!(
        c.call("projects.delete", json!({"project_id": p})).await,
        Value::Null
    );

    let stats = c.call("agents.stats", json!({"agent_id": a})).await;
    assert_eq!(
        (stats["agent_id"].as_str(), stats["memory_count"].as_u64()),
        (Some(a.as_str()), Some(4))
    );
    assert_eq!(stats["decision_count"], 1);

    // deletes last, so that the resources above existed while used
    assert_eq!(
        c.call("memories.delete", json!({"memory_id": m})).await,
        Value::Null
    );
    assert_eq!(
        c.call("agents.delete", json!({"agent_id": a})).await,
        Value::Null
    );
    let err = c
        .client
        .call("agents.get", json!({"agent_id": a}))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);

    let table: BTreeSet<&str> = METHODS.iter().map(|m| m.name).collect();
    let missing: Vec<_> = table.difference(&c.called).collect();
    assert!(
        missing.is_empty(),
        "table entries without a case: {missing:?}"
    );
    assert_eq!(c.called, table);
}
