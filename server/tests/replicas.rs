//! Three `memoryrelay-server` processes over one PostgreSQL database, as a load balancer would
//! run them: any replica answers any request the same way, races between replicas have exactly
//! one winner, an idempotent retry replays on another replica, and killing a replica under load
//! loses no acknowledged write.
//!
//! Needs a PostgreSQL server (`MEMORYRELAY_TEST_DATABASE_URL`, set by scripts/with-postgres.sh).
//! Without one the tests say so and pass (the plain `cargo test` run); CI runs them again under
//! scripts/with-postgres.sh, which always provides one.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use reqwest::Method;
use serde_json::{json, Value};

const KEY: &str = "mem_replica_test_key_000000000000";

struct Replica {
    child: Child,
    base: String,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn launch(db: &str, extra: &[&str]) -> Replica {
    let mut child = Command::new(env!("CARGO_BIN_EXE_memoryrelay-server"))
        .args(["--db", db, "--port", "0", "--ready-json", "--api-key", KEY])
        .args(extra)
        .env_remove("MEMORYRELAY_SERVER_API_KEYS")
        .env_remove("MEMORYRELAY_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start memoryrelay-server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .expect("ready line");
    let ready: Value = serde_json::from_str(line.trim())
        .unwrap_or_else(|e| panic!("ready line is not JSON ({e}): {line:?}"));
    Replica {
        child,
        base: ready["url"].as_str().expect("url").to_string(),
    }
}

/// Three replicas on a fresh database, or `None` (with a message) when no PostgreSQL is given.
async fn cluster(extra: &[&str]) -> Option<(Vec<Replica>, String)> {
    let Some(db) = common::fresh_postgres_database().await else {
        eprintln!("skipped: no MEMORYRELAY_TEST_DATABASE_URL (run via scripts/with-postgres.sh)");
        return None;
    };
    // The first replica migrates; the others start together (they must not race).
    let first = launch(&db, extra);
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| launch(&db, extra));
        let b = s.spawn(|| launch(&db, extra));
        (a.join().unwrap(), b.join().unwrap())
    });
    Some((vec![first, a, b], db))
}

async fn send(base: &str, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    send_with(base, method, path, body, None).await
}

async fn send_with(
    base: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
    idempotency_key: Option<&str>,
) -> (u16, Value) {
    let mut req = common::http_client()
        .request(method, format!("{base}{path}"))
        .bearer_auth(KEY);
    if let Some(k) = idempotency_key {
        req = req.header("Idempotency-Key", k);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_through_one_replica_are_read_through_the_others() {
    let Some((r, _)) = cluster(&[]).await else {
        return;
    };
    let (s, agent) = send(
        &r[0].base,
        Method::POST,
        "/v1/agents",
        Some(json!({"name": "shared"})),
    )
    .await;
    assert_eq!(s, 201, "{agent}");
    let (s, mem) = send(
        &r[1].base,
        Method::POST,
        "/v1/memories",
        Some(json!({"agent_id": "shared", "content": "The staging database runs PostgreSQL 16"})),
    )
    .await;
    assert_eq!(s, 201, "{mem}");
    let id = mem["id"].as_str().unwrap();
    for replica in &r {
        let (s, got) = send(
            &replica.base,
            Method::GET,
            &format!("/v1/memories/{id}"),
            None,
        )
        .await;
        assert_eq!((s, got["content"].clone()), (200, mem["content"].clone()));
        // Search sees the new memory at once on every replica: no per-process cache.
        let (s, found) = send(
            &replica.base,
            Method::POST,
            "/v1/memories/search",
            Some(json!({"query": "staging database PostgreSQL", "agent_id": "shared"})),
        )
        .await;
        assert_eq!(s, 200, "{found}");
        assert_eq!(found["data"][0]["memory"]["id"], json!(id), "{found}");
    }
    // An update on one replica, a delete on another: both visible everywhere.
    let (s, _) = send(
        &r[2].base,
        Method::PATCH,
        &format!("/v1/memories/{id}"),
        Some(json!({"content": "The staging database runs PostgreSQL 17"})),
    )
    .await;
    assert_eq!(s, 200);
    let (_, got) = send(&r[0].base, Method::GET, &format!("/v1/memories/{id}"), None).await;
    assert_eq!(
        got["content"],
        json!("The staging database runs PostgreSQL 17")
    );
    let (s, _) = send(
        &r[0].base,
        Method::DELETE,
        &format!("/v1/memories/{id}"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    for replica in &r {
        let (s, _) = send(
            &replica.base,
            Method::GET,
            &format!("/v1/memories/{id}"),
            None,
        )
        .await;
        assert_eq!(s, 404);
    }
}

/// Sends the same request `per_replica` times to every replica at once.
async fn race(
    r: &[Replica],
    per_replica: usize,
    method: Method,
    path: &str,
    body: Value,
) -> Vec<(u16, Value)> {
    let mut tasks = Vec::new();
    for _ in 0..per_replica {
        for replica in r {
            let (base, method, path, body) = (
                replica.base.clone(),
                method.clone(),
                path.to_string(),
                body.clone(),
            );
            tasks.push(tokio::spawn(async move {
                send(&base, method, &path, Some(body)).await
            }));
        }
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn races_across_replicas_have_exactly_one_winner() {
    let Some((r, _)) = cluster(&[]).await else {
        return;
    };
    // Name uniqueness: one 201, every other attempt 409.
    let results = race(
        &r,
        4,
        Method::POST,
        "/v1/agents",
        json!({"name": "only-one"}),
    )
    .await;
    let created = results.iter().filter(|(s, _)| *s == 201).count();
    let conflicts = results.iter().filter(|(s, _)| *s == 409).count();
    assert_eq!((created, conflicts), (1, results.len() - 1), "{results:?}");

    // get_or_create: every caller gets the same session.
    let results = race(
        &r,
        4,
        Method::POST,
        "/v1/sessions/get-or-create",
        json!({"agent_id": "only-one", "external_id": "chat-42", "title": "Chat"}),
    )
    .await;
    let ids: std::collections::HashSet<String> = results
        .iter()
        .map(|(s, b)| {
            assert!(*s == 200 || *s == 201, "{s} {b}");
            b["id"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(ids.len(), 1, "{results:?}");
    let (_, list) = send(
        &r[0].base,
        Method::GET,
        "/v1/sessions?agent_id=only-one",
        None,
    )
    .await;
    assert_eq!(list["total_count"], json!(1), "{list}");

    // Supersede the same decision from every replica: one wins, the rest see it superseded.
    let (s, d) = send(
        &r[0].base,
        Method::POST,
        "/v1/decisions",
        Some(json!({"agent_id": "only-one", "title": "Use REST", "rationale": "simple"})),
    )
    .await;
    assert_eq!(s, 201, "{d}");
    let old = d["id"].as_str().unwrap().to_string();
    let results = race(
        &r,
        3,
        Method::POST,
        &format!("/v1/decisions/{old}/supersede"),
        json!({"title": "Use gRPC", "rationale": "streaming", "reason": "latency"}),
    )
    .await;
    let won = results.iter().filter(|(s, _)| *s == 201).count();
    let lost = results.iter().filter(|(s, _)| *s == 409).count();
    assert_eq!((won, lost), (1, results.len() - 1), "{results:?}");
    let (_, all) = send(
        &r[1].base,
        Method::GET,
        "/v1/decisions?agent_id=only-one&limit=100",
        None,
    )
    .await;
    assert_eq!(all["total_count"], json!(2), "one replacement only: {all}");

    // Adopt the same pattern into the same project from every replica: adopted once.
    let (s, _) = send(
        &r[0].base,
        Method::POST,
        "/v1/projects",
        Some(json!({"slug": "web", "name": "Web"})),
    )
    .await;
    assert_eq!(s, 201);
    let (s, p) = send(
        &r[0].base,
        Method::POST,
        "/v1/patterns",
        Some(json!({"title": "Retry with jitter", "description": "Back off exponentially"})),
    )
    .await;
    assert_eq!(s, 201, "{p}");
    let pid = p["id"].as_str().unwrap().to_string();
    let results = race(
        &r,
        4,
        Method::POST,
        &format!("/v1/patterns/{pid}/adopt"),
        json!({"project": "web"}),
    )
    .await;
    assert!(results.iter().all(|(s, _)| *s == 200), "{results:?}");
    let (_, got) = send(
        &r[2].base,
        Method::GET,
        &format!("/v1/patterns/{pid}"),
        None,
    )
    .await;
    assert_eq!(got["adopted_by"], json!(["web"]), "{got}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_idempotent_retry_on_another_replica_replays() {
    let Some((r, _)) = cluster(&[]).await else {
        return;
    };
    let body = json!({"agent_id": "idem", "content": "Deploys happen on Tuesdays"});
    let (s1, first) = send_with(
        &r[0].base,
        Method::POST,
        "/v1/memories",
        Some(body.clone()),
        Some("retry-1"),
    )
    .await;
    assert_eq!(s1, 201, "{first}");
    let (s2, second) = send_with(
        &r[1].base,
        Method::POST,
        "/v1/memories",
        Some(body.clone()),
        Some("retry-1"),
    )
    .await;
    assert_eq!(
        (s2, &second),
        (201, &first),
        "the retry replays the first answer"
    );
    // The same key with another body is refused, on the third replica too.
    let (s3, _) = send_with(
        &r[2].base,
        Method::POST,
        "/v1/memories",
        Some(json!({"agent_id": "idem", "content": "something else"})),
        Some("retry-1"),
    )
    .await;
    assert_eq!(s3, 409);
    // Concurrent retries on all replicas: still one memory.
    let mut tasks = Vec::new();
    for (i, replica) in r.iter().cycle().take(9).enumerate() {
        let (base, body) = (
            replica.base.clone(),
            json!({"agent_id": "idem", "content": "Backups run nightly"}),
        );
        tasks.push(tokio::spawn(async move {
            let _ = i;
            send_with(
                &base,
                Method::POST,
                "/v1/memories",
                Some(body),
                Some("retry-2"),
            )
            .await
        }));
    }
    let mut ids = std::collections::HashSet::new();
    for t in tasks {
        let (s, b) = t.await.unwrap();
        assert_eq!(s, 201, "{b}");
        ids.insert(b["id"].as_str().unwrap().to_string());
    }
    assert_eq!(ids.len(), 1);
    let (_, list) = send(&r[0].base, Method::GET, "/v1/memories?agent_id=idem", None).await;
    assert_eq!(list["total_count"], json!(2), "{list}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killing_a_replica_under_load_loses_no_acknowledged_write() {
    let Some((mut r, _)) = cluster(&[]).await else {
        return;
    };
    let (s, _) = send(
        &r[0].base,
        Method::POST,
        "/v1/agents",
        Some(json!({"name": "load"})),
    )
    .await;
    assert_eq!(s, 201);
    let bases: Vec<String> = r.iter().map(|x| x.base.clone()).collect();
    // 24 writers, each cycling over the replicas, for a fixed number of writes.
    let mut tasks = Vec::new();
    for w in 0..24 {
        let bases = bases.clone();
        tasks.push(tokio::spawn(async move {
            let mut acked = Vec::new();
            for i in 0..40 {
                let base = &bases[(w + i) % bases.len()];
                let body = json!({"agent_id": "load", "content": format!("writer {w} note {i}")});
                let resp = common::http_client()
                    .post(format!("{base}/v1/memories"))
                    .bearer_auth(KEY)
                    .json(&body)
                    .send()
                    .await;
                if let Ok(resp) = resp {
                    if resp.status().as_u16() == 201 {
                        if let Ok(v) = resp.json::<Value>().await {
                            acked.push(v["id"].as_str().unwrap().to_string());
                        }
                    }
                }
            }
            acked
        }));
    }
    // Kill the second replica while the writers run.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let victim = r.remove(1);
    drop(victim);
    let mut acked = Vec::new();
    for t in tasks {
        acked.extend(t.await.unwrap());
    }
    assert!(
        acked.len() > 100,
        "too few writes acknowledged: {}",
        acked.len()
    );
    // Every acknowledged write is there, read through a surviving replica.
    for id in &acked {
        let (s, _) = send(&r[1].base, Method::GET, &format!("/v1/memories/{id}"), None).await;
        assert_eq!(s, 200, "acknowledged memory {id} is missing");
    }
    let (_, list) = send(
        &r[0].base,
        Method::GET,
        "/v1/memories?agent_id=load&limit=1",
        None,
    )
    .await;
    assert!(list["total_count"].as_i64().unwrap() >= acked.len() as i64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_rate_limit_counts_requests_on_every_replica() {
    let Some((r, _)) = cluster(&["--rate-limit", "6"]).await else {
        return;
    };
    // The windows are clock minutes: do not start right before one ends.
    let sec = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        % 60;
    if sec >= 55 {
        tokio::time::sleep(std::time::Duration::from_secs(61 - sec)).await;
    }
    let mut statuses = Vec::new();
    for i in 0..9 {
        let (s, _) = send(&r[i % 3].base, Method::GET, "/v1/agents", None).await;
        statuses.push(s);
    }
    assert_eq!(&statuses[..6], &[200; 6], "{statuses:?}");
    assert_eq!(&statuses[6..], &[429; 3], "{statuses:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_wrong_database_url_fails_at_start_with_a_message() {
    let admin = common::postgres_admin_url();
    let mut urls = vec!["postgres://postgres@127.0.0.1:1/nothing-listens-here".to_string()];
    if let Some(admin) = admin {
        let base = &admin[..admin.rfind('/').unwrap()];
        urls.push(format!("{base}/no_such_database"));
    }
    for url in urls {
        let out = Command::new(env!("CARGO_BIN_EXE_memoryrelay-server"))
            .args(["--db", &url, "--port", "0", "--api-key", KEY])
            .env_remove("MEMORYRELAY_DATABASE_URL")
            .stdin(Stdio::null())
            .output()
            .expect("run memoryrelay-server");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{url}: {stderr}");
        assert!(stderr.starts_with("memoryrelay-server: "), "{stderr}");
        assert!(stderr.contains("cannot connect to PostgreSQL"), "{stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_lost_database_is_a_retryable_503_and_the_server_recovers() {
    let Some(db) = common::fresh_postgres_database().await else {
        return;
    };
    let replica = launch(&db, &[]);
    let (s, _) = send(
        &replica.base,
        Method::POST,
        "/v1/agents",
        Some(json!({"name": "a"})),
    )
    .await;
    assert_eq!(s, 201);
    let name = db.rsplit('/').next().unwrap().to_string();
    let admin = common::postgres_admin_url().unwrap();
    let admin_sql = move |sql: String| {
        let admin = admin.clone();
        async move {
            tokio::task::spawn_blocking(move || {
                let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
                c.batch_execute(&sql).unwrap();
            })
            .await
            .unwrap()
        }
    };
    // The database refuses connections and every open one is cut.
    admin_sql(format!(
        "ALTER DATABASE {name} ALLOW_CONNECTIONS false; \
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    ))
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let resp = common::http_client()
        .post(format!("{}/v1/memories", replica.base))
        .bearer_auth(KEY)
        .json(&json!({"agent_id": "a", "content": "written while the database is away"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 503);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["type"], json!("api_error"), "{body}");
    assert!(
        body["request_id"]
            .as_str()
            .is_some_and(|r| r.starts_with("req_")),
        "{body}"
    );
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("database unavailable"),
        "{body}"
    );
    // Health says so too, and the process is still up.
    let (hs, health) = send(&replica.base, Method::GET, "/v1/health", None).await;
    assert_eq!(
        health["services"]["database"],
        json!("error"),
        "{hs} {health}"
    );
    // Back: the same request now succeeds, and nothing half-written is left.
    admin_sql(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")).await;
    let (s, m) = send(
        &replica.base,
        Method::POST,
        "/v1/memories",
        Some(json!({"agent_id": "a", "content": "written after the database came back"})),
    )
    .await;
    assert_eq!(s, 201, "{m}");
    let (_, list) = send(&replica.base, Method::GET, "/v1/memories?agent_id=a", None).await;
    assert_eq!(list["total_count"], json!(1), "{list}");
}
