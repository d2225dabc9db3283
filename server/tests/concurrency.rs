//! Races on uniqueness and state changes: concurrent requests must leave the same state a serial
//! order would (one winner, the others see the conflict), never duplicates or 5xx.
mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

/// Sends all requests at once and returns the responses in order.
async fn race(s: &Srv, reqs: Vec<(Method, String, Value)>) -> Vec<Resp> {
    let tasks: Vec<_> = reqs
        .into_iter()
        .map(|(m, p, b)| {
            let rb = s.request(m, &p).json(&b);
            tokio::spawn(async move { read(rb.send().await.unwrap()).await })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

fn statuses(rs: &[Resp]) -> Vec<u16> {
    let mut v: Vec<u16> = rs.iter().map(|r| r.status).collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_agent_name_one_winner() {
    let s = start().await;
    let rs = race(
        &s,
        (0..8)
            .map(|_| {
                (
                    Method::POST,
                    "/v1/agents".to_string(),
                    json!({"name": "contended"}),
                )
            })
            .collect(),
    )
    .await;
    assert_eq!(statuses(&rs), [201, 409, 409, 409, 409, 409, 409, 409]);
    for r in rs.iter().filter(|r| r.status == 409) {
        assert_error(r, 409, "conflict");
    }
    assert_eq!(s.get("/v1/agents").await.expect(200)["total_count"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_derived_slug_one_winner() {
    let s = start().await;
    let a = s.agent("slug-race").await;
    let rs = race(
        &s,
        (0..6)
            .map(|i| {
                let name = if i % 2 == 0 {
                    "Hot Project"
                } else {
                    "hot project!"
                };
                (
                    Method::POST,
                    "/v1/projects".to_string(),
                    json!({"agent_id": id(&a), "name": name}),
                )
            })
            .collect(),
    )
    .await;
    assert_eq!(statuses(&rs), [201, 409, 409, 409, 409, 409]);
    assert_eq!(s.get("/v1/projects").await.expect(200)["total_count"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_supersedes_of_one_decision_have_one_winner() {
    let s = start().await;
    let a = s.agent("supersede-race").await;
    let aid = id(&a);
    let old = s.decision(&aid, "Old", "Old.").await;
    let mut news = Vec::new();
    for i in 0..4 {
        news.push(s.decision(&aid, &format!("New {i}"), "New.").await);
    }
    let path = format!("/v1/decisions/{}/supersede", id(&old));
    let mut reqs: Vec<_> = news
        .iter()
        .map(|n| {
            (
                Method::POST,
                path.clone(),
                json!({"new_decision_id": id(n)}),
            )
        })
        .collect();
    // Form B racing Form A.
    reqs.push((
        Method::POST,
        path.clone(),
        json!({"title": "Form B", "rationale": "B."}),
    ));
    let rs = race(&s, reqs).await;
    let winners: Vec<&Resp> = rs.iter().filter(|r| r.status < 300).collect();
    assert_eq!(winners.len(), 1, "one supersede wins: {:?}", statuses(&rs));
    assert!(
        rs.iter().all(|r| r.status < 300 || r.status == 409),
        "{:?}",
        statuses(&rs)
    );
    let winner = &winners[0].json;
    let old2 = s
        .get(&format!("/v1/decisions/{}", id(&old)))
        .await
        .expect(200);
    assert_eq!(old2["status"], "superseded");
    assert_eq!(old2["superseded_by"], winner["id"]);
    // A losing Form B created nothing: 5 decisions + at most the winning Form B one.
    let total = s.get("/v1/decisions").await.expect(200)["total_count"]
        .as_u64()
        .unwrap();
    let form_b_won = winners[0].status == 201;
    assert_eq!(total, if form_b_won { 6 } else { 5 });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_adopts_add_the_project_once() {
    let s = start().await;
    let a = s.agent("adopt-race").await;
    s.project(&id(&a), "Adopter").await;
    let pat = s
        .pattern(&id(&a), "Contended", "Adopted by many requests.")
        .await;
    let path = format!("/v1/patterns/{}/adopt", id(&pat));
    let rs = race(
        &s,
        (0..6)
            .map(|_| (Method::POST, path.clone(), json!({"project": "adopter"})))
            .collect(),
    )
    .await;
    assert!(rs.iter().all(|r| r.status == 200), "{:?}", statuses(&rs));
    let got = s
        .get(&format!("/v1/patterns/{}", id(&pat)))
        .await
        .expect(200);
    assert_eq!(got["adopted_by"], json!(["adopter"]));
    assert_eq!(got["adoption_count"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_repeated_links_make_one_link() {
    let s = start().await;
    let a = s.agent("link-race").await;
    let e = s.entity(&id(&a), "Thing", "concept").await;
    let m = s.memory(&id(&a), "Linked concurrently.").await;
    let rs = race(
        &s,
        (0..6)
            .map(|_| {
                (
                    Method::POST,
                    "/v1/entities/links".to_string(),
                    json!({"entity_id": id(&e), "memory_id": id(&m), "relationship": "uses"}),
                )
            })
            .collect(),
    )
    .await;
    assert_eq!(statuses(&rs), [200, 200, 200, 200, 200, 201]);
    let first = &rs.iter().find(|r| r.status == 201).unwrap().json;
    assert!(
        rs.iter().all(|r| &r.json == first),
        "every answer is the same link"
    );
}

#[tokio::test]
async fn batch_items_link_sessions_through_metadata_too() {
    let s = start().await;
    let a = s.agent("batch-meta-session").await;
    let sess = s.session(&id(&a)).await;
    let r = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": id(&a), "memories": [{"content": "Via metadata.", "metadata": {"session_id": id(&sess)}}]}),
        )
        .await
        .expect(200);
    let mid = r["results"][0]["memory_id"].as_str().unwrap().to_string();
    let m = s.get(&format!("/v1/memories/{mid}")).await.expect(200);
    assert_eq!(
        m["session_id"], sess["id"],
        "batch items follow the create rules (4.3)"
    );
}
