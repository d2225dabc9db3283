//! projects.* over HTTP (contract §4.8): slugs, references by slug, delete side effects, context.
mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn create_derives_slugs_and_validates() {
    let s = start().await;
    let a = s.agent("proj").await;
    let aid = id(&a);
    let r = s
        .post(
            "/v1/projects",
            json!({"agent_id": aid, "name": "My Cool Project!", "description": "Desc",
                   "stack": {"lang": "rust"}, "repo_url": "https://example.com/r.git", "metadata": {"m": 1}}),
        )
        .await;
    let p = r.expect(201);
    assert_project(&p);
    assert_eq!(p["slug"], "my-cool-project");
    assert_eq!(p["name"], "My Cool Project!");
    assert_eq!(p["agent_id"], a["id"]);
    assert_eq!(p["stack"], json!({"lang": "rust"}));
    assert_eq!(p["repo_url"], "https://example.com/r.git");
    assert_eq!(p["memory_count"], 0);

    let derived = [
        ("  --Ünïcode__Name 2.0--  ", "n-code-name-2-0"),
        ("!!!", "project"),
        ("UPPER lower", "upper-lower"),
    ];
    for (name, slug) in derived {
        let p = s.project(&aid, name).await;
        assert_eq!(p["slug"], slug, "slug of {name:?}");
    }
    let long = s.project(&aid, &format!("{}-tail", "a".repeat(99))).await;
    assert_eq!(
        long["slug"],
        json!("a".repeat(99)),
        "cut to 100 then trailing '-' trimmed"
    );

    let explicit = s
        .post(
            "/v1/projects",
            json!({"agent_id": aid, "name": "Whatever", "slug": "custom-slug"}),
        )
        .await
        .expect(201);
    assert_eq!(explicit["slug"], "custom-slug");
    // Duplicates, explicit or derived, conflict.
    assert_error(
        &s.post(
            "/v1/projects",
            json!({"agent_id": aid, "name": "x", "slug": "custom-slug"}),
        )
        .await,
        409,
        "conflict",
    );
    assert_error(
        &s.post(
            "/v1/projects",
            json!({"agent_id": aid, "name": "my cool project"}),
        )
        .await,
        409,
        "conflict",
    );
    let bad_slugs = [
        "Upper".to_string(),
        "-lead".to_string(),
        "has space".to_string(),
        unknown_uuid(),
        "s".repeat(101),
    ];
    for bad in bad_slugs {
        assert_422(
            &s.post(
                "/v1/projects",
                json!({"agent_id": aid, "name": "x", "slug": bad}),
            )
            .await,
            json!(["body", "slug"]),
        );
    }
    assert_422(
        &s.post("/v1/projects", json!({"agent_id": aid, "name": ""}))
            .await,
        json!(["body", "name"]),
    );
    assert_422(
        &s.post(
            "/v1/projects",
            json!({"agent_id": aid, "name": "n".repeat(256)}),
        )
        .await,
        json!(["body", "name"]),
    );
    assert_422(
        &s.post(
            "/v1/projects",
            json!({"agent_id": aid, "name": "x", "description": "d".repeat(5001)}),
        )
        .await,
        json!(["body", "description"]),
    );
    assert_not_found(
        &s.post("/v1/projects", json!({"agent_id": "ghost", "name": "x"}))
            .await,
        "agent",
    );
}

#[tokio::test]
async fn get_list_update_by_id_and_slug() {
    let s = start().await;
    let a = s.agent("proj-crud").await;
    let b = s.agent("proj-crud-b").await;
    let p1 = s.project(&id(&a), "Alpha").await;
    let p2 = s.project(&id(&a), "Beta").await;
    s.project(&id(&b), "Gamma").await;

    let by_id = s
        .get(&format!("/v1/projects/{}", id(&p1)))
        .await
        .expect(200);
    assert_project(&by_id);
    assert_eq!(by_id, p1);
    let by_slug = s.get("/v1/projects/alpha").await.expect(200);
    assert_eq!(by_slug["id"], p1["id"]);
    assert_not_found(&s.get("/v1/projects/no-such-slug").await, "project");
    assert_not_found(
        &s.get(&format!("/v1/projects/{}", unknown_uuid())).await,
        "project",
    );

    let list = s
        .get(&format!("/v1/projects{}", qs(&[("agent_id", &id(&a))])))
        .await
        .expect(200);
    assert_list(&list, 0, assert_project);
    assert_eq!(
        ids(&list),
        vec![id(&p2), id(&p1)],
        "filtered by creating agent, newest first"
    );
    assert_eq!(s.get("/v1/projects").await.expect(200)["total_count"], 3);

    let u = s
        .put(
            "/v1/projects/alpha",
            json!({"name": "Alpha Renamed", "description": "New", "metadata": {"x": 1}}),
        )
        .await
        .expect(200);
    assert_project(&u);
    assert_eq!(u["name"], "Alpha Renamed");
    assert_eq!(u["slug"], "alpha", "a slug never changes");
    assert_eq!(u["description"], "New");
    assert_eq!(u["metadata"], json!({"x": 1}));
    assert_error(
        &s.put("/v1/projects/alpha", json!({})).await,
        422,
        "validation",
    );
    assert_not_found(
        &s.put("/v1/projects/nope", json!({"name": "x"})).await,
        "project",
    );
}

#[tokio::test]
async fn memories_reference_projects_by_slug_and_delete_clears_references() {
    let s = start().await;
    let a = s.agent("proj-refs").await;
    let aid = id(&a);
    let p = s.project(&aid, "Ref Project").await;
    let m = s
        .memory_with(
            json!({"agent_id": aid, "content": "Project memory.", "project": "ref-project"}),
        )
        .await;
    assert_eq!(m["project_id"], p["id"]);
    let m2 = s
        .memory_with(json!({"agent_id": aid, "content": "By id.", "project": id(&p)}))
        .await;
    assert_eq!(m2["project_id"], p["id"]);
    assert_not_found(
        &s.post(
            "/v1/memories",
            json!({"agent_id": aid, "content": "x", "project": "missing"}),
        )
        .await,
        "project",
    );
    let got = s.get("/v1/projects/ref-project").await.expect(200);
    assert_eq!(got["memory_count"], 2);
    let sess = s
        .post("/v1/sessions", json!({"agent_id": aid, "project": id(&p)}))
        .await
        .expect(201);
    assert_eq!(sess["project"], "ref-project", "session stores the slug");
    let d = s
        .post(
            "/v1/decisions",
            json!({"agent_id": aid, "title": "T", "rationale": "R", "project_slug": "ref-project"}),
        )
        .await
        .expect(201);
    let pat = s.pattern(&aid, "Pat", "Desc.").await;
    s.post(
        &format!("/v1/patterns/{}/adopt", id(&pat)),
        json!({"project": "ref-project"}),
    )
    .await
    .expect(200);

    let r = s.delete("/v1/projects/ref-project").await;
    assert_deleted(&r, "project");
    assert_not_found(&s.get(&format!("/v1/projects/{}", id(&p))).await, "project");
    assert_not_found(&s.delete("/v1/projects/ref-project").await, "project");
    let m_after = s.get(&format!("/v1/memories/{}", id(&m))).await.expect(200);
    assert!(m_after["project_id"].is_null(), "{m_after}");
    let s_after = s
        .get(&format!("/v1/sessions/{}", id(&sess)))
        .await
        .expect(200);
    assert!(s_after["project"].is_null(), "{s_after}");
    let d_after = s
        .get(&format!("/v1/decisions/{}", id(&d)))
        .await
        .expect(200);
    assert!(d_after["project_slug"].is_null(), "{d_after}");
    let pat_after = s
        .get(&format!("/v1/patterns/{}", id(&pat)))
        .await
        .expect(200);
    assert_eq!(pat_after["adopted_by"], json!([]));
    assert_eq!(pat_after["adoption_count"], 0);
}

#[tokio::test]
async fn context_lists_hot_memories_decisions_and_patterns() {
    let s = start().await;
    let a = s.agent("ctx").await;
    let aid = id(&a);
    s.post(
        "/v1/projects",
        json!({"agent_id": aid, "name": "Context Project", "slug": "ctx-proj", "description": "A project with context."}),
    )
    .await
    .expect(201);
    let mem = |content: &str, importance: f64| {
        s.memory_with(json!({"agent_id": aid, "content": content, "importance": importance, "project": "ctx-proj"}))
    };
    let low_old = mem("Low importance, older.", 0.3).await;
    let hot_old = mem("Hot and older.", 0.9).await;
    let low_new = mem("Low importance, newer.", 0.5).await;
    let hot_new = mem("Hot and newer.", 0.8).await;
    let deleted = mem("Deleted hot memory.", 1.0).await;
    s.delete(&format!("/v1/memories/{}", id(&deleted)))
        .await
        .expect(200);
    s.memory_with(json!({"agent_id": aid, "content": "Not in the project.", "importance": 1.0}))
        .await;

    let d_old = s
        .post(
            "/v1/decisions",
            json!({"agent_id": aid, "title": "Old decision", "rationale": "R1", "project_slug": "ctx-proj"}),
        )
        .await
        .expect(201);
    let d_exp = s
        .post(
            "/v1/decisions",
            json!({"agent_id": aid, "title": "Experimental decision", "rationale": "R2",
                   "project_slug": "ctx-proj", "status": "experimental"}),
        )
        .await
        .expect(201);
    let d_replaced = s
        .post(
            "/v1/decisions",
            json!({"agent_id": aid, "title": "Replaced decision", "rationale": "R3", "project_slug": "ctx-proj"}),
        )
        .await
        .expect(201);
    let d_new = s
        .post(
            &format!("/v1/decisions/{}/supersede", id(&d_replaced)),
            json!({"title": "Replacement decision", "rationale": "R4"}),
        )
        .await
        .expect(201);

    let p1 = s.pattern(&aid, "First adopted", "Adopted first.").await;
    let p2 = s.pattern(&aid, "Second adopted", "Adopted second.").await;
    s.pattern(&aid, "Never adopted", "Not in the project.")
        .await;
    for p in [&p1, &p2] {
        s.post(
            &format!("/v1/patterns/{}/adopt", id(p)),
            json!({"project": "ctx-proj"}),
        )
        .await
        .expect(200);
    }

    let ctx = s.get("/v1/projects/ctx-proj/context").await.expect(200);
    check_fields(
        "ProjectContext",
        &ctx,
        &[
            ("project", T::Obj),
            ("hot_memories", T::Arr),
            ("recent_decisions", T::Arr),
            ("active_patterns", T::Arr),
            ("context", T::Str),
        ],
        &[],
    );
    assert_project(&ctx["project"]);
    assert_eq!(ctx["project"]["slug"], "ctx-proj");
    for m in ctx["hot_memories"].as_array().unwrap() {
        assert_memory(m);
    }
    assert_eq!(
        ids(&ctx["hot_memories"]),
        vec![id(&hot_new), id(&hot_old), id(&low_new), id(&low_old)],
        "importance >= 0.8 first, newest first within each group"
    );
    for d in ctx["recent_decisions"].as_array().unwrap() {
        assert_decision(d);
    }
    assert_eq!(
        ids(&ctx["recent_decisions"]),
        vec![id(&d_new), id(&d_exp), id(&d_old)],
        "active or experimental, newest first"
    );
    for p in ctx["active_patterns"].as_array().unwrap() {
        assert_pattern(p);
    }
    assert_eq!(
        ids(&ctx["active_patterns"]),
        vec![id(&p2), id(&p1)],
        "most recently adopted first"
    );

    let md = ctx["context"].as_str().unwrap();
    assert!(md.starts_with("# Context Project (ctx-proj)"), "{md}");
    assert!(md.contains("A project with context."), "{md}");
    let h = |name: &str| {
        md.find(name)
            .unwrap_or_else(|| panic!("missing {name} in {md}"))
    };
    let (hm, rd, ap) = (
        h("## Hot memories"),
        h("## Recent decisions"),
        h("## Active patterns"),
    );
    assert!(hm < rd && rd < ap, "heading order: {md}");
    assert!(md[hm..rd].contains("- Hot and newer."), "{md}");
    assert!(!md.contains("Deleted hot memory."), "{md}");
    assert!(md[rd..ap].contains("- Replacement decision"), "{md}");
    assert!(md[ap..].contains("- First adopted"), "{md}");

    // By id too; an empty project shows "- (none)" under each heading.
    let empty = s.project(&aid, "Empty Project").await;
    let ctx = s
        .get(&format!("/v1/projects/{}/context", id(&empty)))
        .await
        .expect(200);
    assert_eq!(ctx["hot_memories"], json!([]));
    assert_eq!(ctx["recent_decisions"], json!([]));
    assert_eq!(ctx["active_patterns"], json!([]));
    let md = ctx["context"].as_str().unwrap();
    assert!(md.starts_with("# Empty Project (empty-project)"), "{md}");
    assert_eq!(md.matches("- (none)").count(), 3, "{md}");
    assert_not_found(&s.get("/v1/projects/nope/context").await, "project");
}

#[tokio::test]
async fn context_caps_hot_memories_at_ten() {
    let s = start().await;
    let a = s.agent("ctx-cap").await;
    let aid = id(&a);
    s.project(&aid, "Capped").await;
    // Batch items carry no project, so create them one by one.
    for i in 0..12 {
        s.memory_with(
            json!({"agent_id": aid, "content": format!("Capped memory {i}."),
                             "importance": 0.9, "project": "capped"}),
        )
        .await;
    }
    let ctx = s.get("/v1/projects/capped/context").await.expect(200);
    assert_eq!(ctx["hot_memories"].as_array().unwrap().len(), 10);
    assert_eq!(ctx["hot_memories"][0]["content"], "Capped memory 11.");
}

#[tokio::test]
async fn context_cuts_item_texts_to_200_characters() {
    let s = start().await;
    let a = s.agent("ctx-cut").await;
    s.project(&id(&a), "Cut").await;
    let long = format!("{}END", "z".repeat(300));
    s.memory_with(json!({"agent_id": id(&a), "content": long, "project": "cut"}))
        .await;
    let ctx = s.get("/v1/projects/cut/context").await.expect(200);
    assert_eq!(
        ctx["hot_memories"][0]["content"],
        json!(long),
        "items are full memories"
    );
    let md = ctx["context"].as_str().unwrap();
    let line = md
        .lines()
        .find(|l| l.starts_with("- z"))
        .unwrap_or_else(|| panic!("no memory line in {md}"));
    assert!(!line.contains("END"), "{line}");
    let text = line.strip_prefix("- ").unwrap();
    assert!(
        text.chars().count() <= 201,
        "cut to 200 (an ellipsis allowed): {}",
        text.chars().count()
    );
    assert!(text.starts_with(&"z".repeat(190)));
}

#[tokio::test]
async fn project_field_validation() {
    let s = start().await;
    let a = s.agent("proj-fields").await;
    let aid = id(&a);
    assert_422(
        &s.post(
            "/v1/projects",
            json!({"agent_id": aid, "name": "x", "repo_url": "u".repeat(2001)}),
        )
        .await,
        json!(["body", "repo_url"]),
    );
    assert_422(
        &s.post(
            "/v1/projects",
            json!({"agent_id": aid, "name": "x", "stack": ["rust"]}),
        )
        .await,
        json!(["body", "stack"]),
    );
    // Project names are not unique, only slugs are.
    s.post(
        "/v1/projects",
        json!({"agent_id": aid, "name": "Same", "slug": "same-1"}),
    )
    .await
    .expect(201);
    s.post(
        "/v1/projects",
        json!({"agent_id": aid, "name": "Same", "slug": "same-2"}),
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn a_derived_slug_is_never_uuid_shaped() {
    let s = start().await;
    let a = s.agent("uuid-names").await;
    let name = "123E4567-E89B-12D3-A456-426614174000";
    let r = s
        .post("/v1/projects", json!({"agent_id": id(&a), "name": name}))
        .await;
    if r.status == 422 {
        assert_422(&r, json!(["body", "name"]));
    } else {
        let p = r.expect(201);
        let slug = p["slug"].as_str().unwrap();
        assert!(
            uuid::Uuid::parse_str(slug).is_err(),
            "UUID-shaped slug {slug}"
        );
        // And it is reachable by that slug.
        assert_eq!(
            s.get(&format!("/v1/projects/{slug}")).await.expect(200)["id"],
            p["id"]
        );
    }
}

#[tokio::test]
async fn project_memory_count_excludes_deleted_memories() {
    let s = start().await;
    let a = s.agent("proj-count").await;
    s.project(&id(&a), "Counted").await;
    let m1 = s
        .memory_with(json!({"agent_id": id(&a), "content": "One.", "project": "counted"}))
        .await;
    s.memory_with(json!({"agent_id": id(&a), "content": "Two.", "project": "counted"}))
        .await;
    s.delete(&format!("/v1/memories/{}", id(&m1)))
        .await
        .expect(200);
    let p = s.get("/v1/projects/counted").await.expect(200);
    assert_eq!(p["memory_count"], 1);
    let list = s.get("/v1/projects").await.expect(200);
    assert_eq!(list["data"][0]["memory_count"], 1);
}

#[tokio::test]
async fn context_cuts_multibyte_texts_by_characters() {
    let s = start().await;
    let a = s.agent("ctx-multibyte").await;
    s.project(&id(&a), "Wide").await;
    s.memory_with(json!({"agent_id": id(&a), "content": "ü日".repeat(200), "project": "wide"}))
        .await;
    let ctx = s.get("/v1/projects/wide/context").await.expect(200);
    let md = ctx["context"].as_str().unwrap();
    let line = md
        .lines()
        .find(|l| l.starts_with("- ü"))
        .unwrap_or_else(|| panic!("{md}"));
    let n = line[2..].trim_end_matches('…').chars().count();
    assert!((195..=200).contains(&n), "cut to 200 characters, got {n}");
}
