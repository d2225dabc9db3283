//! Every method of the table through the typed async client, against a real local server.
//! Each resource's test ends by checking, from the server's own request log, that every
//! method of that resource reached it; `resources_partition_the_table` makes sure those
//! per-resource checks together span all 47.

mod common;

use common::*;
use memoryrelay::methods::METHODS;
use memoryrelay::models::BatchItem;
use memoryrelay::resources::*;
use memoryrelay::{Client, ErrorCode};
use serde_json::json;

async fn agent(c: &Client) -> memoryrelay::models::Agent {
    c.agents()
        .create(&unique("agent"), CreateAgentOptions::default())
        .await
        .unwrap()
}

fn not_found<T: std::fmt::Debug>(r: memoryrelay::Result<T>) {
    assert_eq!(r.unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn resources_partition_the_table() {
    let resources = [
        "memories",
        "agents",
        "entities",
        "sessions",
        "decisions",
        "projects",
        "patterns",
    ];
    assert_eq!(METHODS.len(), 47);
    for m in &METHODS {
        let r = m.name.split('.').next().unwrap();
        assert!(
            resources.contains(&r),
            "{} belongs to no tested resource",
            m.name
        );
    }
}

#[tokio::test]
async fn agents() {
    let srv = start().await;
    let c = client(&srv);
    let name = unique("agent");
    let created = c
        .agents()
        .create(
            &name,
            CreateAgentOptions {
                description: Some("My first agent".into()),
                metadata: Some(json!({"team": "core"})),
            },
        )
        .await
        .unwrap();
    assert_eq!(created.name, name);
    assert_eq!(created.description.as_deref(), Some("My first agent"));
    assert_eq!(created.metadata["team"], "core");
    assert!(created.created_at.is_some());

    // By id and by name (§1.4 agent references).
    assert_eq!(c.agents().get(&created.id).await.unwrap().id, created.id);
    assert_eq!(c.agents().get(&name).await.unwrap().id, created.id);

    let updated = c
        .agents()
        .update(
            &created.id,
            UpdateAgent {
                description: Some("renamed".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.description.as_deref(), Some("renamed"));
    assert_eq!(updated.name, name);

    let page = c.agents().list(ListOptions::default()).await.unwrap();
    assert!(page.data.iter().any(|a| a.id == created.id));
    assert_eq!(page.total_count, Some(page.data.len() as u64));

    c.memories()
        .create(
            &created.id,
            QUICKSTART_MEMORY,
            CreateMemoryOptions::default(),
        )
        .await
        .unwrap();
    let stats = c.agents().stats(&created.id).await.unwrap();
    assert_eq!(stats.agent_id, created.id);
    assert_eq!(stats.memory_count, 1);
    assert_eq!(stats.session_count, 0);

    c.agents().delete(&created.id).await.unwrap();
    not_found(c.agents().get(&created.id).await);
    assert_resource_covered(&srv, "agents").await;
}

#[tokio::test]
async fn memories() {
    let srv = start().await;
    let c = client(&srv);
    let a = agent(&c).await;
    let m = c
        .memories()
        .create(
            &a.id,
            QUICKSTART_MEMORY,
            CreateMemoryOptions {
                metadata: Some(quickstart_metadata()),
                importance: Some(0.9),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(m.content, QUICKSTART_MEMORY);
    assert_eq!(m.agent_id, a.id);
    assert_eq!(m.metadata["source"], "architecture-review");
    assert_eq!(m.tier.as_deref(), Some("hot"));
    assert!(!m.is_duplicate);
    assert!(m.created_at.is_some());

    let got = c.memories().get(&m.id).await.unwrap();
    assert_eq!(got, m);

    let updated = c
        .memories()
        .update(
            &m.id,
            UpdateMemory {
                metadata: Some(json!({"reviewed": true})),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.content, QUICKSTART_MEMORY);
    assert_eq!(
        updated.metadata,
        *json!({"reviewed": true}).as_object().unwrap()
    );

    let batch = c
        .memories()
        .batch_create(
            &a.id,
            vec![
                "Python 3.11 is the minimum version.".into(),
                "Tests use pytest with async fixtures.".into(),
                BatchItem {
                    content: "Redis is used for rate limiting.".into(),
                    importance: Some(0.2),
                    ..Default::default()
                },
            ],
        )
        .await
        .unwrap();
    assert!(batch.success);
    assert_eq!((batch.total, batch.succeeded, batch.failed), (3, 3, 0));
    let indexes: Vec<u64> = batch.results.iter().map(|r| r.index).collect();
    assert_eq!(indexes, [0, 1, 2]);

    let results = c
        .memories()
        .search(
            &a.id,
            "What database does the project use?",
            SearchOptions {
                limit: Some(5),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(results.query, "What database does the project use?");
    let top = results.iter().next().expect("at least one hit");
    assert_eq!(top.memory.id, m.id, "the PostgreSQL memory ranks first");
    assert_eq!(top.content(), QUICKSTART_MEMORY);
    assert!(top.score > 0.0 && top.score <= 1.0);

    let page = c
        .memories()
        .list(
            &a.id,
            ListOptions {
                limit: Some(2),
                offset: Some(0),
            },
        )
        .await
        .unwrap();
    assert_eq!(page.data.len(), 2);
    assert!(page.has_more);
    assert_eq!(page.total_count, Some(4));

    c.memories().delete(&m.id).await.unwrap();
    not_found(c.memories().get(&m.id).await);
    not_found(c.memories().delete(&m.id).await);
    assert_resource_covered(&srv, "memories").await;
}

#[tokio::test]
async fn entities() {
    let srv = start().await;
    let c = client(&srv);
    let a = agent(&c).await;
    let memory = c
        .memories()
        .create(&a.id, QUICKSTART_MEMORY, CreateMemoryOptions::default())
        .await
        .unwrap();
    let e = c
        .entities()
        .create(
            &a.id,
            "PostgreSQL",
            "technology",
            CreateEntityOptions {
                metadata: Some(json!({"version": "16"})),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (e.name.as_str(), e.entity_type.as_str()),
        ("PostgreSQL", "technology")
    );
    assert_eq!(e.agent_id.as_deref(), Some(a.id.as_str()));
    assert_eq!(e.metadata["version"], "16");

    let link = c
        .entities()
        .link(&e.id, &memory.id, Some("uses"))
        .await
        .unwrap();
    assert_eq!(link.entity_id, e.id);
    assert_eq!(link.memory_id, memory.id);
    assert_eq!(link.relationship, "uses");
    assert_eq!(c.entities().get(&e.id).await.unwrap().memory_count, 1);

    let renamed = c
        .entities()
        .update(
            &e.id,
            UpdateEntity {
                name: Some("Postgres".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "Postgres");

    c.entities()
        .create(&a.id, "Ada", "person", CreateEntityOptions::default())
        .await
        .unwrap();
    let tech = c
        .entities()
        .list(
            &a.id,
            ListEntitiesOptions {
                entity_type: Some("technology".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(tech.data.len(), 1);
    assert_eq!(tech.data[0].id, e.id);

    c.entities().delete(&e.id).await.unwrap();
    not_found(c.entities().get(&e.id).await);
    assert_resource_covered(&srv, "entities").await;
}

#[tokio::test]
async fn sessions() {
    let srv = start().await;
    let c = client(&srv);
    let a = agent(&c).await;
    let s1 = c
        .sessions()
        .create(
            &a.id,
            CreateSessionOptions {
                title: Some("Planning".into()),
                metadata: Some(json!({"k": 1})),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(s1.status, "active");
    assert_eq!(s1.title.as_deref(), Some("Planning"));

    let key = "project-review-2026-03-17";
    let s2 = c
        .sessions()
        .get_or_create(&a.id, key, GetOrCreateSessionOptions::default())
        .await
        .unwrap();
    assert_eq!(s2.created, Some(true));
    assert_eq!(s2.external_id.as_deref(), Some(key));
    let again = c
        .sessions()
        .get_or_create(&a.id, key, GetOrCreateSessionOptions::default())
        .await
        .unwrap();
    assert_eq!(
        (again.id.as_str(), again.created),
        (s2.id.as_str(), Some(false))
    );

    // The Python reference links a memory through metadata.session_id.
    c.memories()
        .create(
            &a.id,
            "Reviewed the authentication module.",
            CreateMemoryOptions {
                metadata: Some(json!({"session_id": s2.id})),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let full = c.sessions().get(&s2.id).await.unwrap();
    let mems = full.memories.expect("sessions.get includes memories");
    assert_eq!(mems.len(), 1);
    assert_eq!(mems[0].content, "Reviewed the authentication module.");

    let summary = c.sessions().summarize(&s2.id).await.unwrap();
    assert_eq!(summary.session_id, s2.id);
    assert_eq!(summary.memory_count, 1);

    let ended = c.sessions().end(&s2.id, Some("done")).await.unwrap();
    assert_eq!(ended.status, "ended");
    assert_eq!(ended.summary.as_deref(), Some("done"));
    assert!(ended.ended_at.is_some());

    let ended_only = c
        .sessions()
        .list(
            &a.id,
            ListSessionsOptions {
                status: Some("ended".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let ids: Vec<&str> = ended_only.data.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, [s2.id.as_str()]);

    c.sessions().delete(&s1.id).await.unwrap();
    not_found(c.sessions().get(&s1.id).await);
    assert_resource_covered(&srv, "sessions").await;
}

#[tokio::test]
async fn decisions() {
    let srv = start().await;
    let c = client(&srv);
    let a = agent(&c).await;
    let d1 = c
        .decisions()
        .create(
            &a.id,
            "Use pgvector for vector search",
            "Chose pgvector over a separate vector database to reduce operational complexity.",
            CreateDecisionOptions {
                metadata: Some(json!({"category": "architecture"})),
                tags: Some(vec!["db".into()]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(d1.status, "active");
    assert!(d1.rationale.starts_with("Chose pgvector"));
    assert_eq!(d1.tags, ["db"]);

    let d2 = c
        .decisions()
        .create(
            &a.id,
            "Migrate to OpenAI embeddings",
            "Switching from local sentence-transformers to OpenAI for higher quality embeddings.",
            CreateDecisionOptions {
                status: Some("experimental".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    let check = c
        .decisions()
        .check(
            &a.id,
            "Use pgvector for vector search",
            CheckDecisionsOptions::default(),
        )
        .await
        .unwrap();
    assert!(check.has_conflicts);
    assert_eq!(check.data[0].decision.id, d1.id);

    let upd = c
        .decisions()
        .update(
            &d1.id,
            UpdateDecision {
                title: Some("Use pgvector (v2)".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(upd.title, "Use pgvector (v2)");

    let new = c
        .decisions()
        .supersede(
            &d1.id,
            &d2.id,
            Some("OpenAI embeddings improved search relevance by 23%."),
        )
        .await
        .unwrap();
    assert_eq!(new.id, d2.id);
    assert_eq!(
        new.status, "active",
        "an experimental successor becomes active"
    );
    let old = c.decisions().get(&d1.id).await.unwrap();
    assert_eq!(old.status, "superseded");
    assert_eq!(old.superseded_by.as_deref(), Some(d2.id.as_str()));

    let superseded = c
        .decisions()
        .list(
            &a.id,
            ListDecisionsOptions {
                status: Some("superseded".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(superseded.data.len(), 1);

    c.decisions().delete(&d1.id).await.unwrap();
    not_found(c.decisions().get(&d1.id).await);
    assert_resource_covered(&srv, "decisions").await;
}

#[tokio::test]
async fn projects_and_patterns() {
    let srv = start().await;
    let c = client(&srv);
    let a = agent(&c).await;
    let p = c
        .projects()
        .create(
            &a.id,
            "Web App",
            CreateProjectOptions {
                description: Some("The storefront".into()),
                stack: Some(json!({"db": "postgres"})),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(p.slug, "web-app");
    assert_eq!(c.projects().get("web-app").await.unwrap().id, p.id);
    let upd = c
        .projects()
        .update(
            &p.id,
            UpdateProject {
                description: Some("Storefront v2".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(upd.description.as_deref(), Some("Storefront v2"));
    assert_eq!(upd.slug, "web-app", "a slug never changes");
    let list = c
        .projects()
        .list(&a.id, ListOptions::default())
        .await
        .unwrap();
    assert_eq!(list.data.len(), 1);

    let pat = c
        .patterns()
        .create(
            &a.id,
            "Repository pattern",
            "Wrap data access behind repository interfaces.",
            CreatePatternOptions {
                tags: Some(vec!["arch".into()]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(pat.title, "Repository pattern");
    assert_eq!(pat.scope, "global");
    assert_eq!(c.patterns().get(&pat.id).await.unwrap().id, pat.id);
    let renamed = c
        .patterns()
        .update(
            &pat.id,
            UpdatePattern {
                content: Some("Hide data access behind repositories.".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.description, "Hide data access behind repositories.");
    let found = c
        .patterns()
        .search(
            &a.id,
            "Repository pattern",
            SearchPatternsOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(found.data[0].pattern.id, pat.id);
    let listed = c
        .patterns()
        .list(&a.id, ListOptions::default())
        .await
        .unwrap();
    assert_eq!(listed.data.len(), 1);

    let adopted = c.patterns().adopt(&pat.id, "web-app").await.unwrap();
    assert_eq!(adopted.adopted_by, ["web-app"]);
    assert_eq!(adopted.adoption_count, 1);
    let ctx = c.projects().context(&p.id).await.unwrap();
    assert_eq!(ctx.project.id, p.id);
    assert_eq!(ctx.active_patterns.len(), 1);
    assert!(!ctx.context.is_empty());
    let unadopted = c.patterns().unadopt(&pat.id, &p.id).await.unwrap();
    assert!(unadopted.adopted_by.is_empty());

    c.patterns().delete(&pat.id).await.unwrap();
    not_found(c.patterns().get(&pat.id).await);
    c.projects().delete(&p.id).await.unwrap();
    not_found(c.projects().get(&p.id).await);
    assert_resource_covered(&srv, "projects").await;
    assert_resource_covered(&srv, "patterns").await;
}
