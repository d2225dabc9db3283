//! entities.* over HTTP (contract §4.5): CRUD, the `type` alias, account-wide entities, links.
mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn create_get_list_with_type_filter() {
    let s = start().await;
    let a = s.agent("ent").await;
    let aid = id(&a);
    let r = s
        .post(
            "/v1/entities",
            json!({"agent_id": aid, "name": "PostgreSQL", "entity_type": "technology", "metadata": {"version": "16"}}),
        )
        .await;
    let e = r.expect(201);
    assert_entity(&e);
    assert_eq!(e["agent_id"], a["id"]);
    assert_eq!(e["name"], "PostgreSQL");
    assert_eq!(e["entity_type"], "technology");
    assert_eq!(e["type"], "technology");
    assert_eq!(e["metadata"], json!({"version": "16"}));
    assert_eq!(e["memory_count"], 0);
    let person = s.entity(&aid, "Alice", "person").await;

    let got = s.get(&format!("/v1/entities/{}", id(&e))).await.expect(200);
    assert_entity(&got);
    assert_eq!(got, e);

    let all = s
        .get(&format!("/v1/entities{}", qs(&[("agent_id", &aid)])))
        .await
        .expect(200);
    assert_list(&all, 0, assert_entity);
    assert_eq!(ids(&all), vec![id(&person), id(&e)]);
    let tech = s
        .get(&format!(
            "/v1/entities{}",
            qs(&[("agent_id", &aid), ("entity_type", "technology")])
        ))
        .await
        .expect(200);
    assert_list(&tech, 0, assert_entity);
    assert_eq!(ids(&tech), vec![id(&e)]);
    // Exact match only.
    let none = s
        .get(&format!(
            "/v1/entities{}",
            qs(&[("agent_id", &aid), ("entity_type", "tech")])
        ))
        .await
        .expect(200);
    assert_eq!(none["total_count"], 0);
    assert_not_found(
        &s.get(&format!("/v1/entities/{}", unknown_uuid())).await,
        "entity",
    );
    assert_not_found(&s.get("/v1/entities/not-a-uuid").await, "entity");
}

#[tokio::test]
async fn type_alias_and_validation() {
    let s = start().await;
    let a = s.agent("alias").await;
    let aid = id(&a);
    let e = s
        .post(
            "/v1/entities",
            json!({"agent_id": aid, "name": "Acme", "type": "organization"}),
        )
        .await
        .expect(201);
    assert_entity(&e);
    assert_eq!(e["entity_type"], "organization");
    let both = s
        .post(
            "/v1/entities",
            json!({"agent_id": aid, "name": "Both", "type": "product", "entity_type": "skill"}),
        )
        .await
        .expect(201);
    assert_eq!(both["entity_type"], "skill", "entity_type wins over type");
    assert_eq!(both["type"], "skill");

    assert_422(
        &s.post("/v1/entities", json!({"agent_id": aid, "name": "NoType"}))
            .await,
        json!(["body", "entity_type"]),
    );
    assert_422(
        &s.post(
            "/v1/entities",
            json!({"agent_id": aid, "entity_type": "person"}),
        )
        .await,
        json!(["body", "name"]),
    );
    assert_422(
        &s.post(
            "/v1/entities",
            json!({"agent_id": aid, "name": "x", "entity_type": "t".repeat(51)}),
        )
        .await,
        json!(["body", "entity_type"]),
    );
    assert_422(
        &s.post(
            "/v1/entities",
            json!({"agent_id": aid, "name": "", "entity_type": "person"}),
        )
        .await,
        json!(["body", "name"]),
    );
    // (agent, entity_type, name) is unique.
    assert_error(
        &s.post(
            "/v1/entities",
            json!({"agent_id": aid, "name": "Acme", "entity_type": "organization"}),
        )
        .await,
        409,
        "conflict",
    );
    // Same name, other type: fine.
    s.entity(&aid, "Acme", "product").await;
    assert_not_found(
        &s.post(
            "/v1/entities",
            json!({"agent_id": "ghost-agent", "name": "x", "entity_type": "person"}),
        )
        .await,
        "agent",
    );
}

#[tokio::test]
async fn account_wide_entity_without_agent() {
    let s = start().await;
    let a = s.agent("acct").await;
    let m = s.memory(&id(&a), "Our org is Acme Corp.").await;
    let e = s
        .post(
            "/v1/entities",
            json!({"name": "Acme Corp", "entity_type": "organization"}),
        )
        .await
        .expect(201);
    assert_entity(&e);
    assert!(e["agent_id"].is_null());
    let all = s.get("/v1/entities").await.expect(200);
    assert!(ids(&all).contains(&id(&e)));
    // It may link to any memory of the account.
    let link = s
        .post(
            "/v1/entities/links",
            json!({"entity_id": id(&e), "memory_id": id(&m)}),
        )
        .await
        .expect(201);
    assert_entity_link(&link);
}

#[tokio::test]
async fn update_and_delete() {
    let s = start().await;
    let a = s.agent("upd").await;
    let aid = id(&a);
    let e = s.entity(&aid, "Postgres", "technology").await;
    let other = s.entity(&aid, "MySQL", "technology").await;
    let path = format!("/v1/entities/{}", id(&e));
    let u = s
        .put(&path, json!({"name": "PostgreSQL", "metadata": {"v": 16}}))
        .await
        .expect(200);
    assert_entity(&u);
    assert_eq!(u["name"], "PostgreSQL");
    assert_eq!(u["metadata"], json!({"v": 16}));
    assert_eq!(u["entity_type"], "technology");
    assert_error(
        &s.put(&path, json!({"name": other["name"]})).await,
        409,
        "conflict",
    );
    assert_error(&s.put(&path, json!({})).await, 422, "validation");

    let r = s.delete(&path).await;
    assert_deleted(&r, "entity");
    assert_not_found(&s.get(&path).await, "entity");
    assert_not_found(&s.put(&path, json!({"name": "x"})).await, "entity");
    assert_not_found(&s.delete(&path).await, "entity");
    let list = s
        .get(&format!("/v1/entities{}", qs(&[("agent_id", &aid)])))
        .await
        .expect(200);
    assert_eq!(ids(&list), vec![id(&other)]);
}

#[tokio::test]
async fn link_creates_repeats_and_counts() {
    let s = start().await;
    let a = s.agent("linker").await;
    let aid = id(&a);
    let e = s.entity(&aid, "PostgreSQL", "technology").await;
    let m1 = s.memory(&aid, "The project uses PostgreSQL 16.").await;
    let m2 = s.memory(&aid, "Backups of PostgreSQL run nightly.").await;

    let r = s
        .post(
            "/v1/entities/links",
            json!({"entity_id": id(&e), "memory_id": id(&m1), "relationship": "uses"}),
        )
        .await;
    let link = r.expect(201);
    assert_entity_link(&link);
    assert_eq!(link["entity_id"], e["id"]);
    assert_eq!(link["memory_id"], m1["id"]);
    assert_eq!(link["relationship"], "uses");

    // A repeat returns the existing link with 200.
    let again = s
        .post(
            "/v1/entities/links",
            json!({"entity_id": id(&e), "memory_id": id(&m1), "relationship": "uses"}),
        )
        .await
        .expect(200);
    assert_eq!(again, link);

    // Default relationship; same memory with another relationship is a distinct link.
    let dflt = s
        .post(
            "/v1/entities/links",
            json!({"entity_id": id(&e), "memory_id": id(&m1)}),
        )
        .await
        .expect(201);
    assert_eq!(dflt["relationship"], "mentioned_in");
    // Legacy route (§5.2) behaves the same.
    let legacy = s
        .post(
            &format!("/v1/entities/{}/link", id(&e)),
            json!({"memory_id": id(&m2)}),
        )
        .await
        .expect(201);
    assert_entity_link(&legacy);
    assert_eq!(legacy["memory_id"], m2["id"]);
    assert_eq!(legacy["relationship"], "mentioned_in");
    let legacy_again = s
        .post(
            &format!("/v1/entities/{}/link", id(&e)),
            json!({"memory_id": id(&m2)}),
        )
        .await
        .expect(200);
    assert_eq!(legacy_again, legacy);

    // memory_count counts distinct live memories.
    let got = s.get(&format!("/v1/entities/{}", id(&e))).await.expect(200);
    assert_eq!(got["memory_count"], 2);
    s.delete(&format!("/v1/memories/{}", id(&m2)))
        .await
        .expect(200);
    let got = s.get(&format!("/v1/entities/{}", id(&e))).await.expect(200);
    assert_eq!(got["memory_count"], 1, "deleted memories are not counted");
}

#[tokio::test]
async fn link_errors() {
    let s = start().await;
    let a = s.agent("link-a").await;
    let b = s.agent("link-b").await;
    let e = s.entity(&id(&a), "Thing", "concept").await;
    let m = s.memory(&id(&a), "A memory.").await;
    let mb = s.memory(&id(&b), "B memory.").await;
    let link = |body| s.post("/v1/entities/links", body);
    assert_not_found(
        &link(json!({"entity_id": unknown_uuid(), "memory_id": id(&m)})).await,
        "entity",
    );
    assert_not_found(
        &link(json!({"entity_id": id(&e), "memory_id": unknown_uuid()})).await,
        "memory",
    );
    assert_not_found(
        &link(json!({"entity_id": id(&e), "memory_id": "bogus"})).await,
        "memory",
    );
    assert_error(
        &link(json!({"entity_id": id(&e), "memory_id": id(&mb)})).await,
        422,
        "validation",
    );
    assert_422(
        &link(json!({"entity_id": id(&e), "memory_id": id(&m), "relationship": ""})).await,
        json!(["body", "relationship"]),
    );
    assert_422(
        &link(json!({"entity_id": id(&e), "memory_id": id(&m), "relationship": "r".repeat(101)}))
            .await,
        json!(["body", "relationship"]),
    );
    assert_422(
        &link(json!({"entity_id": id(&e)})).await,
        json!(["body", "memory_id"]),
    );
    assert_not_found(
        &s.post(
            &format!("/v1/entities/{}/link", unknown_uuid()),
            json!({"memory_id": id(&m)}),
        )
        .await,
        "entity",
    );
    // Deleting the entity removes its links: the memory survives and the link can be rebuilt on
    // a new entity.
    s.post(
        "/v1/entities/links",
        json!({"entity_id": id(&e), "memory_id": id(&m)}),
    )
    .await
    .expect(201);
    s.delete(&format!("/v1/entities/{}", id(&e)))
        .await
        .expect(200);
    s.get(&format!("/v1/memories/{}", id(&m))).await.expect(200);
    let stats = s
        .get(&format!("/v1/agents/{}/stats", id(&a)))
        .await
        .expect(200);
    assert_eq!(stats["entity_count"], 0);
}

#[tokio::test]
async fn agent_filter_excludes_account_wide_entities() {
    let s = start().await;
    let a = s.agent("ent-filter").await;
    let own = s
        .post(
            "/v1/entities",
            json!({"agent_id": "ent-filter", "name": "Own", "entity_type": "concept"}),
        )
        .await
        .expect(201);
    assert_eq!(own["agent_id"], a["id"], "agent referenced by name");
    let wide = s
        .post(
            "/v1/entities",
            json!({"name": "Wide", "entity_type": "concept", "agent_id": null}),
        )
        .await
        .expect(201);
    assert!(wide["agent_id"].is_null());
    let filtered = s
        .get(&format!(
            "/v1/entities{}",
            qs(&[("agent_id", "ent-filter")])
        ))
        .await
        .expect(200);
    assert_eq!(ids(&filtered), vec![id(&own)]);
    let all = s.get("/v1/entities").await.expect(200);
    assert_eq!(ids(&all), vec![id(&wide), id(&own)]);
}

#[tokio::test]
async fn account_wide_entities_are_unique_too() {
    let s = start().await;
    s.post(
        "/v1/entities",
        json!({"name": "Acme", "entity_type": "organization"}),
    )
    .await
    .expect(201);
    let r = s
        .post(
            "/v1/entities",
            json!({"name": "Acme", "entity_type": "organization"}),
        )
        .await;
    assert_error(&r, 409, "conflict");
    let other = s
        .post(
            "/v1/entities",
            json!({"name": "Globex", "entity_type": "organization"}),
        )
        .await
        .expect(201);
    let r = s
        .put(
            &format!("/v1/entities/{}", id(&other)),
            json!({"name": "Acme"}),
        )
        .await;
    assert_error(&r, 409, "conflict");
    // An agent's entity of the same name and type is a different key.
    let a = s.agent("ent-scope").await;
    s.entity(&id(&a), "Acme", "organization").await;
}
