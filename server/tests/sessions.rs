//! sessions.* over HTTP (contract §4.6): create, get-or-create (also concurrent), list, get with
//! memories, end, summarize and delete.
mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn create_get_and_list() {
    let s = start().await;
    let a = s.agent("sess").await;
    let aid = id(&a);
    let r = s
        .post(
            "/v1/sessions",
            json!({"agent_id": aid, "title": "Review", "external_id": "ext-1", "metadata": {"k": 1}}),
        )
        .await;
    let sess = r.expect(201);
    assert_session(&sess);
    assert_eq!(sess["agent_id"], a["id"]);
    assert_eq!(sess["status"], "active");
    assert_eq!(sess["title"], "Review");
    assert_eq!(sess["external_id"], "ext-1");
    assert_eq!(sess["metadata"], json!({"k": 1}));
    assert_eq!(sess["memory_count"], 0);
    assert_eq!(sess["started_at"], sess["created_at"]);
    assert!(sess["ended_at"].is_null() && sess["summary"].is_null());
    assert!(
        sess.get("memories").is_none(),
        "memories only with include_memories"
    );
    assert!(
        sess.get("created").is_none(),
        "created only in get-or-create"
    );

    let plain = s
        .get(&format!("/v1/sessions/{}", id(&sess)))
        .await
        .expect(200);
    assert_session(&plain);
    assert!(
        plain.get("memories").is_none(),
        "without the flag, no memories field"
    );
    let with = s
        .get(&format!("/v1/sessions/{}?include_memories=true", id(&sess)))
        .await
        .expect(200);
    assert_session(&with);
    assert_eq!(with["memories"], json!([]));

    let second = s.session(&aid).await;
    let list = s
        .get(&format!("/v1/sessions{}", qs(&[("agent_id", &aid)])))
        .await
        .expect(200);
    assert_list(&list, 0, assert_session);
    assert_eq!(ids(&list), vec![id(&second), id(&sess)]);

    // external_id is unique per agent.
    assert_error(
        &s.post(
            "/v1/sessions",
            json!({"agent_id": aid, "external_id": "ext-1"}),
        )
        .await,
        409,
        "conflict",
    );
    let other = s.agent("sess-other").await;
    s.post(
        "/v1/sessions",
        json!({"agent_id": id(&other), "external_id": "ext-1"}),
    )
    .await
    .expect(201);
    assert_not_found(
        &s.get(&format!("/v1/sessions/{}", unknown_uuid())).await,
        "session",
    );
    // An unknown agent name creates the agent, as memories.create does.
    let fresh = s
        .post("/v1/sessions", json!({"agent_id": "no-such-agent-yet"}))
        .await
        .expect(201);
    let created = s.get("/v1/agents/no-such-agent-yet").await.expect(200);
    assert_eq!(fresh["agent_id"], created["id"]);
    assert_422(
        &s.post(
            "/v1/sessions",
            json!({"agent_id": aid, "title": "t".repeat(501)}),
        )
        .await,
        json!(["body", "title"]),
    );
    assert_422(
        &s.post("/v1/sessions", json!({"agent_id": aid, "external_id": ""}))
            .await,
        json!(["body", "external_id"]),
    );
    assert_422(
        &s.post("/v1/sessions", json!({})).await,
        json!(["body", "agent_id"]),
    );
}

#[tokio::test]
async fn list_status_filter() {
    let s = start().await;
    let a = s.agent("status-filter").await;
    let aid = id(&a);
    let open = s.session(&aid).await;
    let closed = s.session(&aid).await;
    s.put(&format!("/v1/sessions/{}/end", id(&closed)), json!({}))
        .await
        .expect(200);
    let q = |status: &str| {
        format!(
            "/v1/sessions{}",
            qs(&[("agent_id", &aid), ("status", status)])
        )
    };
    assert_eq!(ids(&s.get(&q("active")).await.expect(200)), vec![id(&open)]);
    assert_eq!(
        ids(&s.get(&q("ended")).await.expect(200)),
        vec![id(&closed)]
    );
    assert_422(&s.get(&q("paused")).await, json!(["query", "status"]));
}

#[tokio::test]
async fn get_or_create_returns_the_same_session_for_the_same_key() {
    let s = start().await;
    let a = s.agent("goc").await;
    let aid = id(&a);
    let body =
        json!({"agent_id": aid, "external_id": "project-review-2026-03-17", "title": "Review"});
    let first = s
        .post("/v1/sessions/get-or-create", body.clone())
        .await
        .expect(201);
    assert_session(&first);
    assert_eq!(first["created"], true);
    assert_eq!(first["external_id"], "project-review-2026-03-17");
    assert_eq!(first["title"], "Review");

    // Extras are ignored for an existing session; it is returned unchanged, in any status.
    s.put(
        &format!("/v1/sessions/{}/end", id(&first)),
        json!({"summary": "done"}),
    )
    .await
    .expect(200);
    let second = s
        .post(
            "/v1/sessions/get-or-create",
            json!({"agent_id": aid, "external_id": "project-review-2026-03-17", "title": "Other"}),
        )
        .await
        .expect(200);
    assert_session(&second);
    assert_eq!(second["created"], false);
    assert_eq!(second["id"], first["id"]);
    assert_eq!(second["title"], "Review");
    assert_eq!(second["status"], "ended");

    // Another key → another session.
    let third = s
        .post(
            "/v1/sessions/get-or-create",
            json!({"agent_id": aid, "external_id": "another-key"}),
        )
        .await
        .expect(201);
    assert_ne!(third["id"], first["id"]);
    assert_422(
        &s.post("/v1/sessions/get-or-create", json!({"agent_id": aid}))
            .await,
        json!(["body", "external_id"]),
    );
    assert_not_found(
        &s.post(
            "/v1/sessions/get-or-create",
            json!({"agent_id": unknown_uuid(), "external_id": "k"}),
        )
        .await,
        "agent",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_get_or_create_creates_at_most_one() {
    let s = start().await;
    let a = s.agent("race").await;
    let aid = id(&a);
    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let http = s.http.clone();
            let url = s.url("/v1/sessions/get-or-create");
            let key = s.key.clone();
            let body = json!({"agent_id": aid, "external_id": "shared-key"});
            tokio::spawn(async move {
                read(
                    http.post(url)
                        .bearer_auth(key)
                        .json(&body)
                        .send()
                        .await
                        .unwrap(),
                )
                .await
            })
        })
        .collect();
    let mut created = 0;
    let mut session_ids = std::collections::HashSet::new();
    for t in tasks {
        let r = t.await.unwrap();
        assert!(
            r.status == 200 || r.status == 201,
            "{}: {}",
            r.status,
            r.text
        );
        assert_eq!(r.json["created"], json!(r.status == 201));
        if r.status == 201 {
            created += 1;
        }
        session_ids.insert(id(&r.json));
    }
    assert_eq!(created, 1, "exactly one call creates");
    assert_eq!(session_ids.len(), 1, "everyone gets the same session");
    let list = s
        .get(&format!("/v1/sessions{}", qs(&[("agent_id", &aid)])))
        .await
        .expect(200);
    assert_eq!(list["total_count"], 1);
}

#[tokio::test]
async fn get_lists_linked_memories_oldest_first() {
    let s = start().await;
    let a = s.agent("linked").await;
    let aid = id(&a);
    let sess = s.session(&aid).await;
    let sid = id(&sess);
    let m1 = s
        .memory_with(json!({"agent_id": aid, "content": "Linked by field.", "session_id": sid}))
        .await;
    assert_eq!(m1["session_id"], sess["id"]);
    let m2 = s
        .memory_with(json!({"agent_id": aid, "content": "Linked by metadata.", "metadata": {"session_id": sid}}))
        .await;
    assert_eq!(
        m2["session_id"], sess["id"],
        "metadata.session_id links (§4.3)"
    );
    assert_eq!(
        m2["metadata"],
        json!({"session_id": sid}),
        "metadata stored unchanged"
    );
    let unlinked = s
        .memory_with(json!({"agent_id": aid, "content": "Plain metadata.", "metadata": {"session_id": "not-a-session"}}))
        .await;
    assert!(unlinked["session_id"].is_null());
    let gone = s
        .memory_with(json!({"agent_id": aid, "content": "Deleted later.", "session_id": sid}))
        .await;
    s.delete(&format!("/v1/memories/{}", id(&gone)))
        .await
        .expect(200);
    // Batch items link by session_id as well.
    let batch = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": aid, "memories": [{"content": "Linked in a batch.", "session_id": sid}]}),
        )
        .await
        .expect(200);
    let m3 = batch["results"][0]["memory_id"]
        .as_str()
        .unwrap()
        .to_string();

    let got = s
        .get(&format!("/v1/sessions/{sid}?include_memories=true"))
        .await
        .expect(200);
    assert_session(&got);
    let mems = got["memories"].as_array().unwrap();
    for m in mems {
        assert_memory(m);
    }
    assert_eq!(ids(&got["memories"]), vec![id(&m1), id(&m2), m3]);
    assert_eq!(got["memory_count"], 3);
    assert_not_found(
        &s.post(
            "/v1/memories",
            json!({"agent_id": aid, "content": "x", "session_id": unknown_uuid()}),
        )
        .await,
        "session",
    );
}

#[tokio::test]
async fn end_sets_status_once_and_replaces_summary() {
    let s = start().await;
    let a = s.agent("ender").await;
    let sess = s.session(&id(&a)).await;
    let path = format!("/v1/sessions/{}/end", id(&sess));
    let e1 = s.put(&path, json!({"summary": "First."})).await.expect(200);
    assert_session(&e1);
    assert_eq!(e1["status"], "ended");
    assert_eq!(e1["summary"], "First.");
    assert!(e1["ended_at"].is_string());
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let e2 = s
        .put(&path, json!({"summary": "Second."}))
        .await
        .expect(200);
    assert_eq!(e2["status"], "ended");
    assert_eq!(e2["summary"], "Second.");
    assert_eq!(
        e2["ended_at"], e1["ended_at"],
        "ended_at is set the first time only"
    );
    // No body / no summary keeps the stored one.
    let e3 = s.put(&path, json!({})).await.expect(200);
    assert_eq!(e3["summary"], "Second.");
    assert_422(
        &s.put(&path, json!({"summary": "s".repeat(50_001)})).await,
        json!(["body", "summary"]),
    );
    assert_not_found(
        &s.put(&format!("/v1/sessions/{}/end", unknown_uuid()), json!({}))
            .await,
        "session",
    );
}

#[tokio::test]
async fn summarize_is_extractive_oldest_first() {
    let s = start().await;
    let a = s.agent("summarizer").await;
    let aid = id(&a);
    let sess = s
        .post(
            "/v1/sessions/get-or-create",
            json!({"agent_id": aid, "external_id": "review"}),
        )
        .await
        .expect(201);
    let sid = id(&sess);
    s.memory_with(json!({"agent_id": aid, "session_id": sid,
        "content": "Reviewed the authentication module. It needs more tests."}))
        .await;
    s.memory_with(json!({"agent_id": aid, "metadata": {"session_id": sid},
        "content": "Is the token refresh racy? Probably not."}))
        .await;
    s.memory_with(json!({"agent_id": aid, "session_id": sid,
        "content": "No sentence terminator here"}))
        .await;
    s.memory_with(json!({"agent_id": aid, "session_id": sid,
        "content": "Version 2.5 ships today! Celebrate."}))
        .await;
    s.memory(&aid, "Not in the session.").await;

    let r = s.post_empty(&format!("/v1/sessions/{sid}/summarize")).await;
    let sum = r.expect(200);
    assert_session_summary(&sum);
    assert_eq!(sum["session_id"], sess["id"]);
    assert_eq!(sum["memory_count"], 4);
    let text = sum["summary"].as_str().unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines,
        vec![
            "- Reviewed the authentication module.",
            "- Is the token refresh racy?",
            "- No sentence terminator here",
            "- Version 2.5 ships today!",
        ],
        "summary: {text:?}"
    );
    // Stored on the session; status unchanged.
    let got = s.get(&format!("/v1/sessions/{sid}")).await.expect(200);
    assert_eq!(got["summary"], sum["summary"]);
    assert_eq!(got["status"], "active");
    // An empty session summarizes to "".
    let empty = s.session(&aid).await;
    let sum = s
        .post_empty(&format!("/v1/sessions/{}/summarize", id(&empty)))
        .await
        .expect(200);
    assert_eq!(sum["summary"], "");
    assert_eq!(sum["memory_count"], 0);
    assert_not_found(
        &s.post_empty(&format!("/v1/sessions/{}/summarize", unknown_uuid()))
            .await,
        "session",
    );
}

#[tokio::test]
async fn summarize_cuts_lines_to_200_characters() {
    let s = start().await;
    let a = s.agent("long-lines").await;
    let sess = s.session(&id(&a)).await;
    let long: String = "word ".repeat(100);
    s.memory_with(json!({"agent_id": id(&a), "session_id": id(&sess), "content": long}))
        .await;
    let sum = s
        .post_empty(&format!("/v1/sessions/{}/summarize", id(&sess)))
        .await
        .expect(200);
    let line = sum["summary"]
        .as_str()
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(line.starts_with("- word word"), "{line}");
    let body = line.strip_prefix("- ").unwrap();
    assert!(
        body.trim_end().chars().count() <= 200,
        "{} chars",
        body.chars().count()
    );
    assert!(
        body.chars().count() >= 195,
        "cut at 200, not shorter: {}",
        body.chars().count()
    );
}

#[tokio::test]
async fn delete_unlinks_memories_and_decisions() {
    let s = start().await;
    let a = s.agent("sess-del").await;
    let aid = id(&a);
    let sess = s.session(&aid).await;
    let sid = id(&sess);
    let m = s
        .memory_with(json!({"agent_id": aid, "content": "Survives.", "session_id": sid}))
        .await;
    let d: Value = s
        .post(
            "/v1/decisions",
            json!({"agent_id": aid, "title": "T", "rationale": "R", "session_id": sid}),
        )
        .await
        .expect(201);
    assert_eq!(d["session_id"], sess["id"]);
    let r = s.delete(&format!("/v1/sessions/{sid}")).await;
    assert_deleted(&r, "session");
    assert_not_found(&s.get(&format!("/v1/sessions/{sid}")).await, "session");
    assert_not_found(&s.delete(&format!("/v1/sessions/{sid}")).await, "session");
    let m2 = s.get(&format!("/v1/memories/{}", id(&m))).await.expect(200);
    assert!(m2["session_id"].is_null(), "{m2}");
    let d2 = s
        .get(&format!("/v1/decisions/{}", id(&d)))
        .await
        .expect(200);
    assert!(d2["session_id"].is_null(), "{d2}");
}

#[tokio::test]
async fn summarize_keeps_at_most_50_lines() {
    let s = start().await;
    let a = s.agent("fifty").await;
    let sess = s.session(&id(&a)).await;
    let items: Vec<Value> = (0..55)
        .map(|i| json!({"content": format!("Step {i} done. Details follow."), "session_id": id(&sess)}))
        .collect();
    s.post(
        "/v1/memories/batch",
        json!({"agent_id": id(&a), "memories": items}),
    )
    .await
    .expect(200);
    let sum = s
        .post_empty(&format!("/v1/sessions/{}/summarize", id(&sess)))
        .await
        .expect(200);
    assert_eq!(sum["memory_count"], 55);
    let lines: Vec<&str> = sum["summary"]
        .as_str()
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 50);
    assert_eq!(lines[0], "- Step 0 done.");
    assert_eq!(lines[49], "- Step 49 done.");
}

#[tokio::test]
async fn sessions_reference_projects_and_agents_by_name() {
    let s = start().await;
    let a = s.agent("sess-names").await;
    let p = s.project(&id(&a), "Sess Project").await;
    let sess = s
        .post(
            "/v1/sessions/get-or-create",
            json!({"agent_id": "sess-names", "external_id": "k", "project": id(&p), "metadata": {"m": 1}}),
        )
        .await
        .expect(201);
    assert_eq!(sess["agent_id"], a["id"]);
    assert_eq!(sess["project"], "sess-project");
    assert_eq!(sess["metadata"], json!({"m": 1}));
    assert_not_found(
        &s.post(
            "/v1/sessions",
            json!({"agent_id": id(&a), "project": "no-such-project"}),
        )
        .await,
        "project",
    );
    let listed = s
        .get(&format!(
            "/v1/sessions{}",
            qs(&[("agent_id", "sess-names")])
        ))
        .await
        .expect(200);
    assert_eq!(ids(&listed), vec![id(&sess)]);
    let plain = s
        .get(&format!(
            "/v1/sessions/{}?include_memories=false",
            id(&sess)
        ))
        .await
        .expect(200);
    assert!(plain.get("memories").is_none(), "{plain}");
}

#[tokio::test]
async fn summarize_writes_one_line_per_memory_even_for_multiline_content() {
    let s = start().await;
    let a = s.agent("multiline").await;
    let sess = s.session(&id(&a)).await;
    for content in [
        "First memory has no stop\nand continues on a second line",
        "Second memory. Has two sentences.",
    ] {
        s.memory_with(json!({"agent_id": id(&a), "session_id": id(&sess), "content": content}))
            .await;
    }
    let sum = s
        .post_empty(&format!("/v1/sessions/{}/summarize", id(&sess)))
        .await
        .expect(200);
    let text = sum["summary"].as_str().unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 2, "one line per linked memory: {text:?}");
    assert!(lines.iter().all(|l| l.starts_with("- ")), "{text:?}");
    assert_eq!(lines[1], "- Second memory.");
}

#[tokio::test]
async fn get_or_create_validates_the_key() {
    let s = start().await;
    let a = s.agent("goc-validate").await;
    for key in [json!(""), json!("k".repeat(256))] {
        assert_422(
            &s.post(
                "/v1/sessions/get-or-create",
                json!({"agent_id": id(&a), "external_id": key}),
            )
            .await,
            json!(["body", "external_id"]),
        );
    }
    assert_eq!(s.get("/v1/sessions").await.expect(200)["total_count"], 0);
}

#[tokio::test]
async fn summarize_cuts_by_characters_not_bytes() {
    let s = start().await;
    let a = s.agent("multibyte").await;
    let sess = s.session(&id(&a)).await;
    s.memory_with(
        json!({"agent_id": id(&a), "session_id": id(&sess), "content": "é🚀".repeat(150)}),
    )
    .await;
    let sum = s
        .post_empty(&format!("/v1/sessions/{}/summarize", id(&sess)))
        .await
        .expect(200);
    let line = sum["summary"]
        .as_str()
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let text = line.strip_prefix("- ").unwrap();
    let n = text.trim_end_matches('…').chars().count();
    assert!((195..=200).contains(&n), "cut to 200 characters, got {n}");
}
