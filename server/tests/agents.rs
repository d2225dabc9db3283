//! agents.* over HTTP (contract §4.4): CRUD, names, stats, and the delete cascade.
mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn create_get_by_id_and_by_name() {
    let s = start().await;
    let r = s
        .post(
            "/v1/agents",
            json!({"name": "my-agent", "description": "My first agent", "metadata": {"team": "core"}}),
        )
        .await;
    let a = r.expect(201);
    assert_agent(&a);
    assert_eq!(a["name"], "my-agent");
    assert_eq!(a["description"], "My first agent");
    assert_eq!(a["metadata"], json!({"team": "core"}));
    assert_eq!(a["memory_count"], 0);
    assert!(a["last_active_at"].is_null(), "nothing owned yet: {a}");

    let by_id = s.get(&format!("/v1/agents/{}", id(&a))).await.expect(200);
    assert_agent(&by_id);
    assert_eq!(by_id, a);
    let by_name = s.get("/v1/agents/my-agent").await.expect(200);
    assert_eq!(by_name["id"], a["id"]);
    assert_not_found(&s.get("/v1/agents/nobody").await, "agent");
    assert_not_found(
        &s.get(&format!("/v1/agents/{}", unknown_uuid())).await,
        "agent",
    );
}

#[tokio::test]
async fn create_validation_and_uniqueness() {
    let s = start().await;
    s.agent("taken").await;
    assert_error(
        &s.post("/v1/agents", json!({"name": "taken"})).await,
        409,
        "conflict",
    );
    // Names are case-sensitive.
    s.agent("Taken").await;
    assert_422(
        &s.post("/v1/agents", json!({})).await,
        json!(["body", "name"]),
    );
    assert_422(
        &s.post("/v1/agents", json!({"name": ""})).await,
        json!(["body", "name"]),
    );
    assert_422(
        &s.post("/v1/agents", json!({"name": "n".repeat(256)})).await,
        json!(["body", "name"]),
    );
    assert_422(
        &s.post("/v1/agents", json!({"name": unknown_uuid()})).await,
        json!(["body", "name"]),
    );
    assert_422(
        &s.post(
            "/v1/agents",
            json!({"name": "ok", "description": "d".repeat(1001)}),
        )
        .await,
        json!(["body", "description"]),
    );
    // Python SDK 0.3.0 sends nulls and an `id`; both are ignored.
    let a = s
        .post(
            "/v1/agents",
            json!({"name": "py030", "description": null, "metadata": null, "id": "ignored"}),
        )
        .await
        .expect(201);
    assert!(a["description"].is_null());
    assert_eq!(a["metadata"], json!({}));
    assert!(is_uuid(a["id"].as_str().unwrap()));
}

#[tokio::test]
async fn list_paginates_newest_first() {
    let s = start().await;
    let names = ["a1", "a2", "a3"];
    let mut created = Vec::new();
    for n in names {
        created.push(id(&s.agent(n).await));
    }
    created.reverse();
    let all = s.get("/v1/agents").await.expect(200);
    assert_list(&all, 0, assert_agent);
    assert_eq!(ids(&all), created);
    let page = s.get("/v1/agents?limit=1&offset=1").await.expect(200);
    assert_list(&page, 1, assert_agent);
    assert_eq!(ids(&page), vec![created[1].clone()]);
    assert_eq!(page["total_count"], 3);
    assert_eq!(page["has_more"], true);
    assert_422(
        &s.get("/v1/agents?limit=0").await,
        json!(["query", "limit"]),
    );
    assert_422(
        &s.get("/v1/agents?offset=-5").await,
        json!(["query", "offset"]),
    );
}

#[tokio::test]
async fn update_renames_and_clears_description() {
    let s = start().await;
    let a = s
        .post(
            "/v1/agents",
            json!({"name": "before", "description": "desc"}),
        )
        .await
        .expect(201);
    let other = s.agent("occupied").await;
    let path = format!("/v1/agents/{}", id(&a));
    let u = s
        .put(&path, json!({"name": "after", "metadata": {"v": 2}}))
        .await
        .expect(200);
    assert_agent(&u);
    assert_eq!(u["name"], "after");
    assert_eq!(u["description"], "desc");
    assert_eq!(u["metadata"], json!({"v": 2}));
    assert_eq!(s.get("/v1/agents/after").await.expect(200)["id"], a["id"]);
    assert_not_found(&s.get("/v1/agents/before").await, "agent");
    // "" clears the description; null means absent.
    let u = s
        .put(&path, json!({"description": "", "name": null}))
        .await
        .expect(200);
    assert!(u["description"].is_null() || u["description"] == "", "{u}");
    assert_eq!(u["name"], "after");
    // Renaming onto another agent's name is a conflict; an empty update is 422.
    assert_error(
        &s.put(&path, json!({"name": other["name"]})).await,
        409,
        "conflict",
    );
    assert_error(&s.put(&path, json!({})).await, 422, "validation");
    assert_error(
        &s.put(&path, json!({"name": null})).await,
        422,
        "validation",
    );
    // Update by name works too.
    let u = s
        .put("/v1/agents/after", json!({"description": "by name"}))
        .await
        .expect(200);
    assert_eq!(u["description"], "by name");
}

#[tokio::test]
async fn stats_count_live_resources() {
    let s = start().await;
    let a = s.agent("stats").await;
    let aid = id(&a);
    let m1 = s.memory(&aid, "One.").await;
    s.memory(&aid, "Two.").await;
    s.entity(&aid, "Postgres", "technology").await;
    s.session(&aid).await;
    s.decision(&aid, "Use Rust", "Memory safety.").await;
    s.pattern(&aid, "Retry with jitter", "Back off randomly.")
        .await;
    s.delete(&format!("/v1/memories/{}", id(&m1)))
        .await
        .expect(200);

    let st = s.get(&format!("/v1/agents/{aid}/stats")).await.expect(200);
    assert_agent_stats(&st);
    assert_eq!(st["agent_id"], a["id"]);
    assert_eq!(st["memory_count"], 1, "deleted memory not counted");
    assert_eq!(st["entity_count"], 1);
    assert_eq!(st["session_count"], 1);
    assert_eq!(st["decision_count"], 1);
    assert_eq!(st["pattern_count"], 1);
    assert!(st["last_active_at"].is_string());
    let by_name = s.get("/v1/agents/stats/stats").await.expect(200);
    assert_eq!(by_name, st);
    assert_not_found(
        &s.get(&format!("/v1/agents/{}/stats", unknown_uuid())).await,
        "agent",
    );
}

#[tokio::test]
async fn delete_cascades_to_owned_resources_but_keeps_projects_and_patterns() {
    let s = start().await;
    let a = s.agent("doomed").await;
    let survivor = s.agent("survivor").await;
    let aid = id(&a);
    let m = s.memory(&aid, "Doomed memory.").await;
    let e = s.entity(&aid, "Doomed entity", "concept").await;
    s.post(
        "/v1/entities/links",
        json!({"entity_id": id(&e), "memory_id": id(&m)}),
    )
    .await
    .expect(201);
    let sess = s.session(&aid).await;
    let d = s.decision(&aid, "Doomed decision", "Because.").await;
    let p = s.project(&aid, "Shared Project").await;
    let pat = s.pattern(&aid, "Shared pattern", "Kept on delete.").await;
    let kept = s.memory(&id(&survivor), "Survivor memory.").await;

    let r = s.delete(&format!("/v1/agents/{aid}")).await;
    assert_deleted(&r, "agent");
    assert_not_found(&s.get(&format!("/v1/agents/{aid}")).await, "agent");
    assert_not_found(&s.get("/v1/agents/doomed").await, "agent");
    assert_not_found(&s.get(&format!("/v1/memories/{}", id(&m))).await, "memory");
    assert_not_found(&s.get(&format!("/v1/entities/{}", id(&e))).await, "entity");
    assert_not_found(
        &s.get(&format!("/v1/sessions/{}", id(&sess))).await,
        "session",
    );
    assert_not_found(
        &s.get(&format!("/v1/decisions/{}", id(&d))).await,
        "decision",
    );
    assert_not_found(&s.delete(&format!("/v1/agents/{aid}")).await, "agent");

    let p2 = s.get(&format!("/v1/projects/{}", id(&p))).await.expect(200);
    // Shared resources stay, as account-wide ones (no dangling creator).
    assert_eq!(p2["agent_id"], json!(null), "project becomes account-wide");
    let pat2 = s
        .get(&format!("/v1/patterns/{}", id(&pat)))
        .await
        .expect(200);
    assert_eq!(pat2["agent_id"], json!(null));

    assert_eq!(
        ids(&s.get("/v1/memories").await.expect(200)),
        vec![id(&kept)]
    );
    assert_eq!(s.get("/v1/entities").await.expect(200)["total_count"], 0);
    assert_eq!(s.get("/v1/sessions").await.expect(200)["total_count"], 0);
    assert_eq!(s.get("/v1/decisions").await.expect(200)["total_count"], 0);
    assert_eq!(
        ids(&s.get("/v1/agents").await.expect(200)),
        vec![id(&survivor)]
    );
    // The name is free again.
    let again = s.agent("doomed").await;
    assert_ne!(again["id"], a["id"]);
}

#[tokio::test]
async fn last_active_at_tracks_owned_writes() {
    let s = start().await;
    let a = s.agent("active").await;
    assert!(a["last_active_at"].is_null());
    s.decision(&id(&a), "Pick a thing", "Reasons.").await;
    let after = s.get(&format!("/v1/agents/{}", id(&a))).await.expect(200);
    assert!(
        after["last_active_at"].as_str().is_some_and(is_rfc3339_utc),
        "{after}"
    );
}

#[tokio::test]
async fn rename_keeps_resources_and_rejects_uuid_names() {
    let s = start().await;
    let a = s.agent("old-name").await;
    s.memory("old-name", "Owned before the rename.").await;
    s.put(
        &format!("/v1/agents/{}", id(&a)),
        json!({"name": "new-name"}),
    )
    .await
    .expect(200);
    let list = s
        .get(&format!("/v1/memories{}", qs(&[("agent_id", "new-name")])))
        .await
        .expect(200);
    assert_eq!(list["total_count"], 1);
    // The old name is free: a memory under it creates a different agent.
    let m = s.memory("old-name", "A new agent.").await;
    assert_ne!(m["agent_id"], a["id"]);
    assert_422(
        &s.put(
            &format!("/v1/agents/{}", id(&a)),
            json!({"name": unknown_uuid()}),
        )
        .await,
        json!(["body", "name"]),
    );
}

#[tokio::test]
async fn deleting_an_agent_unlinks_account_wide_entities() {
    let s = start().await;
    let a = s.agent("linked-away").await;
    let m = s.memory(&id(&a), "Mentions Acme.").await;
    let wide = s
        .post(
            "/v1/entities",
            json!({"name": "Acme", "entity_type": "organization"}),
        )
        .await
        .expect(201);
    s.post(
        "/v1/entities/links",
        json!({"entity_id": id(&wide), "memory_id": id(&m)}),
    )
    .await
    .expect(201);
    assert_eq!(
        s.get(&format!("/v1/entities/{}", id(&wide)))
            .await
            .expect(200)["memory_count"],
        1
    );
    s.delete(&format!("/v1/agents/{}", id(&a)))
        .await
        .expect(200);
    let e = s
        .get(&format!("/v1/entities/{}", id(&wide)))
        .await
        .expect(200);
    assert_eq!(
        e["memory_count"], 0,
        "account-wide entity survives, its link is gone"
    );
}

#[tokio::test]
async fn uuid_shaped_values_are_ids_in_any_case() {
    let s = start().await;
    let upper = unknown_uuid().to_uppercase();
    assert_422(
        &s.post("/v1/agents", json!({"name": upper})).await,
        json!(["body", "name"]),
    );
    // An unknown UUID-shaped agent_id never creates an agent, whatever its case.
    assert_not_found(
        &s.post("/v1/memories", json!({"agent_id": upper, "content": "x"}))
            .await,
        "agent",
    );
    assert_eq!(s.get("/v1/agents").await.expect(200)["total_count"], 0);
}

#[tokio::test]
async fn updates_of_owned_resources_count_as_activity() {
    let s = start().await;
    let a = s.agent("activity").await;
    let path = format!("/v1/agents/{}", id(&a));
    let sess = s.session(&id(&a)).await;
    let e = s.entity(&id(&a), "Thing", "concept").await;
    let t0 = s.get(&path).await.expect(200)["last_active_at"].clone();
    assert!(t0.is_string());
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    s.put(&format!("/v1/sessions/{}/end", id(&sess)), json!({}))
        .await
        .expect(200);
    let t1 = s.get(&path).await.expect(200)["last_active_at"].clone();
    assert_ne!(t1, t0, "ending a session is an update");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    s.put(
        &format!("/v1/entities/{}", id(&e)),
        json!({"name": "Renamed"}),
    )
    .await
    .expect(200);
    let t2 = s.get(&path).await.expect(200)["last_active_at"].clone();
    assert_ne!(t2, t1, "an entity update is an update");
}

#[tokio::test]
async fn metadata_updates_replace_the_whole_object() {
    let s = start().await;
    let a = s
        .post(
            "/v1/agents",
            json!({"name": "meta", "metadata": {"a": 1, "keep": true}}),
        )
        .await
        .expect(201);
    let u = s
        .put(
            &format!("/v1/agents/{}", id(&a)),
            json!({"metadata": {"b": 2}}),
        )
        .await
        .expect(200);
    assert_eq!(u["metadata"], json!({"b": 2}));
    let p = s
        .post(
            "/v1/projects",
            json!({"agent_id": id(&a), "name": "Meta", "metadata": {"a": 1}}),
        )
        .await
        .expect(201);
    let u = s
        .put(
            &format!("/v1/projects/{}", id(&p)),
            json!({"metadata": {"b": 2}}),
        )
        .await
        .expect(200);
    assert_eq!(u["metadata"], json!({"b": 2}));
    let e = s
        .post(
            "/v1/entities",
            json!({"agent_id": id(&a), "name": "E", "entity_type": "t", "metadata": {"a": 1}}),
        )
        .await
        .expect(201);
    let u = s
        .put(
            &format!("/v1/entities/{}", id(&e)),
            json!({"metadata": {"b": 2}}),
        )
        .await
        .expect(200);
    assert_eq!(u["metadata"], json!({"b": 2}));
}
