//! Data written to a database file survives a shutdown and a restart on the same file.
mod common;

use common::*;
use memoryrelay_server::{DbLocation, ServerConfig};
use serde_json::json;

fn file_config(path: &std::path::Path, key: &str) -> ServerConfig {
    ServerConfig {
        db: DbLocation::File(path.to_path_buf()),
        api_keys: vec![key.to_string()],
        ..ServerConfig::default()
    }
}

#[tokio::test]
async fn data_survives_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("memoryrelay.db");
    let key = "mem_persistence_test_key_0123456789ab";

    let s = start_with(file_config(&db, key)).await;
    let a = s
        .post(
            "/v1/agents",
            json!({"name": "persisted", "description": "Survives restarts."}),
        )
        .await
        .expect(201);
    let aid = id(&a);
    let p = s
        .post(
            "/v1/projects",
            json!({"agent_id": aid, "name": "Durable", "slug": "durable"}),
        )
        .await
        .expect(201);
    let sess = s
        .post(
            "/v1/sessions/get-or-create",
            json!({"agent_id": aid, "external_id": "durable-session"}),
        )
        .await
        .expect(201);
    let m = s
        .memory_with(
            json!({"agent_id": aid, "content": "The staging database lives in eu-west-1.",
            "metadata": {"env": "staging"}, "importance": 0.9, "project": "durable",
            "session_id": id(&sess)}),
        )
        .await;
    let deleted = s
        .memory(&aid, "This one was deleted before the restart.")
        .await;
    s.delete(&format!("/v1/memories/{}", id(&deleted)))
        .await
        .expect(200);
    let e = s.entity(&aid, "eu-west-1", "location").await;
    let link = s
        .post(
            "/v1/entities/links",
            json!({"entity_id": id(&e), "memory_id": id(&m)}),
        )
        .await
        .expect(201);
    let summary = s
        .post_empty(&format!("/v1/sessions/{}/summarize", id(&sess)))
        .await
        .expect(200);
    let d_old = s.decision(&aid, "Use eu-west-1", "Closest region.").await;
    let d_new = s
        .post(
            &format!("/v1/decisions/{}/supersede", id(&d_old)),
            json!({"title": "Use eu-central-1", "rationale": "Data residency.", "reason": "Legal."}),
        )
        .await
        .expect(201);
    let pat = s
        .pattern(&aid, "Region pinning", "Pin resources to one region.")
        .await;
    let pat = s
        .post(
            &format!("/v1/patterns/{}/adopt", id(&pat)),
            json!({"project": "durable"}),
        )
        .await
        .expect(200);

    // Snapshot every read before the restart.
    let reads = [
        format!("/v1/agents/{aid}"),
        format!("/v1/agents/{aid}/stats"),
        format!("/v1/memories/{}", id(&m)),
        format!("/v1/entities/{}", id(&e)),
        format!("/v1/sessions/{}?include_memories=true", id(&sess)),
        format!("/v1/decisions/{}", id(&d_old)),
        format!("/v1/decisions/{}", id(&d_new)),
        format!("/v1/projects/{}", id(&p)),
        "/v1/projects/durable/context".to_string(),
        format!("/v1/patterns/{}", id(&pat)),
        "/v1/memories".to_string(),
    ];
    let mut before = Vec::new();
    for path in &reads {
        before.push(s.get(path).await.expect(200));
    }
    s.shutdown().await;

    let s = start_with(file_config(&db, key)).await;
    for (path, old) in reads.iter().zip(&before) {
        let now = s.get(path).await.expect(200);
        assert_eq!(&now, old, "{path} changed across the restart");
    }
    let mem = s.get(&format!("/v1/memories/{}", id(&m))).await.expect(200);
    assert_eq!(mem["content"], "The staging database lives in eu-west-1.");
    assert_eq!(mem["metadata"], json!({"env": "staging"}));
    assert_eq!(mem["project_id"], p["id"]);
    assert_eq!(mem["session_id"], sess["id"]);
    assert_not_found(
        &s.get(&format!("/v1/memories/{}", id(&deleted))).await,
        "memory",
    );
    let sess2 = s
        .get(&format!("/v1/sessions/{}", id(&sess)))
        .await
        .expect(200);
    assert_eq!(sess2["summary"], summary["summary"]);
    let old = s
        .get(&format!("/v1/decisions/{}", id(&d_old)))
        .await
        .expect(200);
    assert_eq!(old["superseded_by"], d_new["id"]);
    assert_eq!(old["superseded_reason"], "Legal.");
    assert_eq!(
        s.get(&format!("/v1/patterns/{}", id(&pat)))
            .await
            .expect(200)["adopted_by"],
        json!(["durable"])
    );
    // Links, get-or-create and search work on the reopened file.
    let again = s
        .post(
            "/v1/entities/links",
            json!({"entity_id": id(&e), "memory_id": id(&m)}),
        )
        .await
        .expect(200);
    assert_eq!(again, link);
    let goc = s
        .post(
            "/v1/sessions/get-or-create",
            json!({"agent_id": aid, "external_id": "durable-session"}),
        )
        .await
        .expect(200);
    assert_eq!(goc["id"], sess["id"]);
    assert_eq!(goc["created"], false);
    let res = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": aid, "query": "The staging database lives in eu-west-1."}),
        )
        .await
        .expect(200);
    assert_eq!(res["data"][0]["memory"]["id"], m["id"]);
    assert!(res["data"][0]["score"].as_f64().unwrap() >= 0.99);
    // Writes still work and uniqueness is still enforced.
    assert_error(
        &s.post("/v1/agents", json!({"name": "persisted"})).await,
        409,
        "conflict",
    );
    s.memory(&aid, "Written after the restart.").await;
    s.shutdown().await;
}

#[tokio::test]
async fn accounts_follow_their_keys_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("accounts.db");
    let s = start_with(ServerConfig {
        db: DbLocation::File(db.clone()),
        ..two_keys()
    })
    .await;
    let (ka, kb) = (s.keys[0].clone(), s.keys[1].clone());
    let a = s
        .call_as(
            &ka,
            reqwest::Method::POST,
            "/v1/agents",
            Some(json!({"name": "owned-by-a"})),
        )
        .await
        .expect(201);
    s.shutdown().await;
    let s = start_with(ServerConfig {
        db: DbLocation::File(db),
        ..two_keys()
    })
    .await;
    s.call_as(
        &ka,
        reqwest::Method::GET,
        &format!("/v1/agents/{}", id(&a)),
        None,
    )
    .await
    .expect(200);
    let r = s
        .call_as(
            &kb,
            reqwest::Method::GET,
            &format!("/v1/agents/{}", id(&a)),
            None,
        )
        .await;
    assert_not_found(&r, "agent");
    s.shutdown().await;
}

#[tokio::test]
async fn shutdown_stops_listening() {
    let s = start().await;
    let url = s.url("/v1/health");
    s.get("/v1/health").await.expect(200);
    s.shutdown().await;
    let r = http_client().get(url).send().await;
    assert!(r.is_err(), "still answering after shutdown: {r:?}");
}

#[tokio::test]
async fn idempotency_keys_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("idem.db");
    let key = "mem_persistence_idem_key_0123456789a";
    let body = json!({"name": "created-before-restart"});
    let post = |s: &Srv| {
        s.request(reqwest::Method::POST, "/v1/agents")
            .header("Idempotency-Key", "survives-restart")
            .json(&body)
    };
    let s = start_with(file_config(&db, key)).await;
    let first = s.send(post(&s)).await;
    assert_eq!(first.status, 201, "{}", first.text);
    s.shutdown().await;
    let s = start_with(file_config(&db, key)).await;
    let again = s.send(post(&s)).await;
    assert_eq!(again.status, 201, "replayed, not a 409: {}", again.text);
    assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(again.json, first.json);
    s.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_and_readers_on_a_file_db() {
    let s = start_with(ServerConfig {
        db: DbLocation::Temp,
        ..ServerConfig::default()
    })
    .await;
    let a = s.agent("load").await;
    let mut tasks = Vec::new();
    for w in 0..4 {
        for b in 0..3 {
            let items: Vec<_> = (0..100)
                .map(|i| json!({"content": format!("Writer {w} batch {b} item {i} about deployments.")}))
                .collect();
            let rb = s
                .request(reqwest::Method::POST, "/v1/memories/batch")
                .json(&json!({"agent_id": id(&a), "memories": items}));
            tasks.push(tokio::spawn(
                async move { read(rb.send().await.unwrap()).await },
            ));
        }
        let rb = s
            .request(reqwest::Method::POST, "/v1/memories/search")
            .json(&json!({"agent_id": id(&a), "query": "deployments"}));
        tasks.push(tokio::spawn(
            async move { read(rb.send().await.unwrap()).await },
        ));
        let rb = s.request(reqwest::Method::GET, "/v1/memories?limit=100");
        tasks.push(tokio::spawn(
            async move { read(rb.send().await.unwrap()).await },
        ));
    }
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, 200, "{}", r.text);
        if let Some(failed) = r.json.get("failed") {
            assert_eq!(failed, 0, "{}", r.text);
        }
    }
    let list = s.get("/v1/memories?limit=1").await.expect(200);
    assert_eq!(list["total_count"], 1200);
    s.shutdown().await;
}
