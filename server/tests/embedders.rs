//! `--embedder openai` against a local OpenAI-compatible endpoint (tests/embeddings_server),
//! backed here by the hash embedder so no model is needed: what the client sends (model,
//! dimensions, key, batches), retries, every failure path (down, timeout, 401, wrong dimension,
//! malformed answer: the write answers 503 and stores nothing), re-embedding when the model
//! changes, and the binary's refusal of a bad embedder configuration (non-zero exit, one line).
//! The same client against the real model is in search_quality_candle.rs.
mod common;
mod embeddings_server;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use embeddings_server::{EmbeddingsServer, Fault};
use memoryrelay_engine::embed::{HashEmbedder, OpenAiOptions};
use memoryrelay_server::{spawn, DbLocation, EmbedderKind, ServerConfig};
use serde_json::{json, Value};

const KEY: &str = "sk-test-0123456789abcdef";

fn hash_endpoint(dim: usize, model: &str) -> EmbeddingsServer {
    EmbeddingsServer::start(Arc::new(HashEmbedder::new(dim)), model)
}

fn options(endpoint: &EmbeddingsServer, model: &str) -> OpenAiOptions {
    OpenAiOptions {
        base_url: endpoint.base_url.clone(),
        timeout: Duration::from_secs(2),
        max_retries: 1,
        ..OpenAiOptions::new(model)
    }
}

fn config(embedder: OpenAiOptions) -> ServerConfig {
    ServerConfig {
        embedder: EmbedderKind::OpenAi(embedder),
        ..ServerConfig::default()
    }
}

async fn count(s: &Srv, agent: &str) -> u64 {
    s.get(&format!("/v1/memories{}", qs(&[("agent_id", agent)])))
        .await
        .expect(200)["total_count"]
        .as_u64()
        .unwrap()
}

/// A write that needs an embedding answers 503 (contract error body) and the count stays.
async fn write_fails(s: &Srv, agent: &str, why: &str) -> String {
    let before = count(s, agent).await;
    let r = s
        .post(
            "/v1/memories",
            json!({"agent_id": agent, "content": format!("memory written while {why}")}),
        )
        .await;
    let body = assert_error(&r, 503, "api_error");
    let batch = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": agent, "memories": [{"content": "one"}, {"content": "two"}]}),
        )
        .await;
    assert_eq!(batch.status, 503, "{why}: batch answered {}", batch.text);
    assert_eq!(count(s, agent).await, before, "{why}: something was stored");
    let detail = body["detail"].as_str().unwrap().to_string();
    assert!(!detail.contains(KEY), "{why}: the key leaked: {detail}");
    detail
}

#[tokio::test]
async fn every_endpoint_failure_makes_the_write_fail_cleanly() {
    let mut endpoint = hash_endpoint(64, "hash-64");
    endpoint.require_key(KEY);
    let s = start_with(config(OpenAiOptions {
        api_key: Some(KEY.into()),
        ..options(&endpoint, "hash-64")
    }))
    .await;
    let agent = id(&s.agent("failures").await);
    s.post(
        "/v1/memories",
        json!({"agent_id": agent, "content": "stored fine"}),
    )
    .await
    .expect(201);

    let status = |status: u16, times: usize, retry_after: Option<&str>| Fault::Status {
        status,
        body: json!({"error": {"message": format!("failure {status} for key {KEY}")}}).to_string(),
        retry_after: retry_after.map(str::to_string),
        times,
    };

    endpoint.set_fault(status(401, usize::MAX, None));
    let d = write_fails(&s, &agent, "the endpoint answers 401").await;
    assert!(d.contains("HTTP 401") && d.contains("API key"), "{d}");

    endpoint.set_fault(Fault::Delay(Duration::from_secs(4)));
    let d = write_fails(&s, &agent, "the endpoint is too slow").await;
    assert!(d.contains("no answer within"), "{d}");

    endpoint.set_fault(Fault::WrongDimension);
    let d = write_fails(&s, &agent, "the endpoint answers 63 dimensions").await;
    assert!(d.contains("63 dimensions, expected 64"), "{d}");

    for (body, says) in [
        ("not json", "malformed answer"),
        (r#"{"data": 5}"#, "malformed answer"),
        (r#"{"data": []}"#, "0 embeddings for 1 inputs"),
        (
            r#"{"data": [{"index": 3, "embedding": [1.0]}]}"#,
            "out of range",
        ),
        (
            r#"{"data": [{"index": 0, "embedding": []}]}"#,
            "malformed answer",
        ),
    ] {
        endpoint.set_fault(Fault::Malformed(body.into()));
        let d = write_fails(&s, &agent, &format!("the endpoint answers {body}")).await;
        assert!(d.contains(says), "{body}: {d}");
    }

    endpoint.set_fault(Fault::Status {
        status: 307,
        body: String::new(),
        retry_after: None,
        times: usize::MAX,
    });
    let d = write_fails(&s, &agent, "the endpoint redirects").await;
    assert!(d.contains("HTTP 307") && d.contains("redirects"), "{d}");

    // A 400 is not retried; a 500 more often than the retries allow fails after 2 attempts.
    endpoint.set_fault(status(400, usize::MAX, None));
    endpoint.clear_seen();
    let d = write_fails(&s, &agent, "the endpoint answers 400").await;
    assert!(d.contains("HTTP 400"), "{d}");
    assert_eq!(endpoint.seen().len(), 2, "one request per write, no retry");
    endpoint.set_fault(status(503, usize::MAX, None));
    let d = write_fails(&s, &agent, "the endpoint answers 503").await;
    assert!(
        d.contains("HTTP 503") && d.contains("after 2 attempts"),
        "{d}"
    );

    endpoint.set_fault(Fault::None);
    assert_eq!(count(&s, &agent).await, 1);
    endpoint.stop();
    let d = write_fails(&s, &agent, "the endpoint is down").await;
    assert!(d.contains("cannot reach"), "{d}");
    // API clients are not told where the embedder lives.
    assert!(!d.contains(&endpoint.base_url), "{d}");
    // A search needs the query's vector too.
    let r = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": agent, "query": "stored"}),
        )
        .await;
    assert_error(&r, 503, "api_error");
    s.shutdown().await;
}

#[tokio::test]
async fn transient_failures_are_retried_honouring_retry_after() {
    let endpoint = hash_endpoint(64, "hash-64");
    let s = start_with(config(OpenAiOptions {
        max_retries: 2,
        ..options(&endpoint, "hash-64")
    }))
    .await;
    let agent = id(&s.agent("retries").await);
    for (status, retry_after) in [(429, Some("1")), (500, None), (502, None)] {
        endpoint.set_fault(Fault::Status {
            status,
            body: "busy".into(),
            retry_after: retry_after.map(str::to_string),
            times: 1,
        });
        endpoint.clear_seen();
        let started = std::time::Instant::now();
        s.post(
            "/v1/memories",
            json!({"agent_id": agent, "content": format!("after a {status}")}),
        )
        .await
        .expect(201);
        assert_eq!(endpoint.seen().len(), 2, "{status}: one retry");
        if retry_after.is_some() {
            assert!(
                started.elapsed() >= Duration::from_secs(1),
                "Retry-After honoured"
            );
        }
    }
    assert_eq!(count(&s, &agent).await, 3);
    s.shutdown().await;
}

#[tokio::test]
async fn requests_carry_model_dimensions_key_and_respect_the_batch_size() {
    let endpoint = hash_endpoint(64, "hash-64");
    endpoint.require_key(KEY);
    let s = start_with(config(OpenAiOptions {
        api_key: Some(KEY.into()),
        dimensions: Some(64),
        batch_size: 2,
        ..options(&endpoint, "hash-64")
    }))
    .await;
    assert_eq!(
        s.get("/v1/health").await.expect(200)["embedding_info"],
        json!({"provider": "openai:hash-64", "dimension": 64})
    );
    let agent = id(&s.agent("batches").await);
    let contents = [
        "Deploys happen on Fridays.",
        "Backups are kept for thirty days.",
        "The project uses PostgreSQL 16.",
        "Lunch is at noon.",
        "The office is in Lisbon.",
    ];
    endpoint.clear_seen();
    let items: Vec<Value> = contents.iter().map(|c| json!({"content": c})).collect();
    let batch = s
        .post(
            "/v1/memories/batch",
            json!({"agent_id": agent, "memories": items}),
        )
        .await
        .expect(200);
    assert_eq!(batch["succeeded"], json!(5), "{batch}");
    let seen = endpoint.seen();
    let sizes: Vec<usize> = seen
        .iter()
        .map(|r| r.body["input"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [2, 2, 1]);
    for r in &seen {
        assert_eq!(r.authorization.as_deref(), Some(&*format!("Bearer {KEY}")));
        assert_eq!(r.body["model"], json!("hash-64"));
        assert_eq!(r.body["dimensions"], json!(64));
        assert_eq!(r.body["encoding_format"], json!("float"));
    }
    // The endpoint answers in reverse order: each memory still got its own vector.
    for c in contents {
        let r = s
            .post(
                "/v1/memories/search",
                json!({"agent_id": agent, "query": c, "limit": 1, "search_mode": "semantic"}),
            )
            .await
            .expect(200);
        assert_eq!(r["data"][0]["memory"]["content"], json!(c));
        assert!(r["data"][0]["score"].as_f64().unwrap() >= 0.99, "{r}");
    }
    s.shutdown().await;
}

#[tokio::test]
async fn a_bad_key_url_or_dimension_fails_at_start() {
    let endpoint = hash_endpoint(64, "hash-64");
    endpoint.require_key(KEY);
    let start_err = |o: OpenAiOptions| async move {
        match spawn(config(o)).await {
            Ok(_) => panic!("the server started"),
            Err(e) => e.to_string(),
        }
    };
    let keyed = || OpenAiOptions {
        api_key: Some(KEY.into()),
        ..options(&endpoint, "hash-64")
    };
    let e = start_err(OpenAiOptions {
        api_key: Some("sk-wrong-key".into()),
        ..keyed()
    })
    .await;
    assert!(e.contains("probe failed: HTTP 401"), "{e}");
    assert!(!e.contains("sk-wrong-key"), "{e}");

    let e = start_err(OpenAiOptions {
        model: "no-such-model".into(),
        ..keyed()
    })
    .await;
    assert!(e.contains("HTTP 404"), "{e}");

    let e = start_err(OpenAiOptions {
        dimensions: Some(32),
        ..keyed()
    })
    .await;
    assert!(e.contains("HTTP 400"), "{e}");

    // An endpoint that ignores `dimensions` is caught by the check of its answer.
    endpoint.set_fault(Fault::WrongDimension);
    let e = start_err(OpenAiOptions {
        dimensions: Some(64),
        ..keyed()
    })
    .await;
    assert!(e.contains("63 dimensions, expected 64"), "{e}");

    let e = start_err(OpenAiOptions {
        base_url: format!("http://{}/v1", closed_port()),
        max_retries: 0,
        ..keyed()
    })
    .await;
    assert!(e.contains("cannot reach"), "{e}");
}

/// Stores a memory with `before`, restarts the server on the same database with `after`, and
/// checks health, the re-embedding (the new endpoint saw more than its probe) and that the
/// memory is still found by its own text.
async fn switch(db: DbLocation, before: (usize, &str), after: (usize, &str)) {
    let key = "mem_openai_switch_test_0000000000000".to_string();
    let cfg = |o: OpenAiOptions| ServerConfig {
        db: db.clone(),
        api_keys: vec![key.clone()],
        embedder: EmbedderKind::OpenAi(o),
        ..ServerConfig::default()
    };
    let first = hash_endpoint(before.0, before.1);
    let s = start_with(cfg(options(&first, before.1))).await;
    let agent = id(&s.agent("switcher").await);
    let content = "Nightly database backups are kept for thirty days.";
    s.post(
        "/v1/memories",
        json!({"agent_id": agent, "content": content}),
    )
    .await
    .expect(201);
    s.shutdown().await;

    let second = hash_endpoint(after.0, after.1);
    let s = start_with(cfg(options(&second, after.1))).await;
    assert_eq!(
        s.get("/v1/health").await.expect(200)["embedding_info"],
        json!({"provider": format!("openai:{}", after.1), "dimension": after.0})
    );
    // The probe, then the re-embedding of the stored memory.
    assert!(second.seen().len() >= 2, "{:?}", second.seen());
    let r = s
        .post(
            "/v1/memories/search",
            json!({"agent_id": agent, "query": content, "limit": 1, "search_mode": "semantic"}),
        )
        .await
        .expect(200);
    assert_eq!(r["data"][0]["memory"]["content"], json!(content));
    assert!(r["data"][0]["score"].as_f64().unwrap() >= 0.99, "{r}");
    s.shutdown().await;
}

/// The database the switch tests reopen: the suite's PostgreSQL when it runs there
/// (scripts/with-postgres.sh), else a SQLite file.
async fn reopenable_db(dir: &tempfile::TempDir) -> DbLocation {
    match fresh_postgres_database().await {
        Some(url) => DbLocation::Postgres(url),
        None => DbLocation::File(dir.path().join("switch.db")),
    }
}

/// The stored identity is provider/model/dimension: another model re-embeds the database once,
/// so stored memories stay searchable after the switch.
#[tokio::test]
async fn switching_model_reembeds_stored_memories() {
    let dir = tempfile::tempdir().unwrap();
    switch(
        reopenable_db(&dir).await,
        (64, "hash-64"),
        (64, "hash-64-next"),
    )
    .await;
}

#[tokio::test]
async fn switching_dimension_reembeds_stored_memories_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = DbLocation::File(dir.path().join("switch.db"));
    switch(db, (64, "hash-64"), (32, "hash-32")).await;
}

/// On PostgreSQL the vector index is on a cast to the dimension: re-embedding drops it first and
/// it is rebuilt for the new dimension. Runs under scripts/with-postgres.sh (skipped without).
#[tokio::test]
async fn switching_dimension_reembeds_stored_memories_postgres() {
    let Some(url) = fresh_postgres_database().await else {
        eprintln!("skipped: no MEMORYRELAY_TEST_DATABASE_URL (run via scripts/with-postgres.sh)");
        return;
    };
    switch(DbLocation::Postgres(url), (64, "hash-64"), (32, "hash-32")).await;
}

/// An address nothing listens on.
fn closed_port() -> std::net::SocketAddr {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap()
}

/// Runs the binary; `--exit-on-stdin-close` with no stdin makes it stop at once should it
/// start after all.
fn run(args: &[&str]) -> (i32, String) {
    run_with_env(args, &[])
}

fn run_with_env(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_memoryrelay-server"))
        .args(["--db", ":memory:", "--port", "0", "--exit-on-stdin-close"])
        .args(args)
        .env_remove("MEMORYRELAY_SERVER_EMBEDDER")
        .env_remove("MEMORYRELAY_SERVER_OPENAI_API_KEY")
        .env_remove("OPENAI_API_KEY")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run the server binary");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_binary_refuses_a_bad_embedder_configuration() {
    let closed = format!("http://{}/v1", closed_port());
    let secret = "sk-never-printed-0000";
    let one_line: &[(&[&str], i32, &str)] = &[
        (
            &["--embedder", "candle"],
            2,
            "--embedder candle needs --model-dir",
        ),
        (
            &["--embedder", "openai"],
            2,
            "--embedder openai needs --openai-model",
        ),
        (
            &["--model-dir", "/tmp", "--embedder", "hash"],
            2,
            "--model-dir is only used",
        ),
        (
            &[
                "--embedder",
                "openai",
                "--openai-model",
                "m",
                "--openai-timeout",
                "0",
            ],
            2,
            "--openai-timeout must be a positive",
        ),
        (
            &["--embedder", "candle", "--model-dir", "/nonexistent/model"],
            1,
            "candle",
        ),
        (
            &[
                "--embedder",
                "openai",
                "--openai-model",
                "m",
                "--openai-base-url",
                &closed,
                "--openai-max-retries",
                "0",
                "--openai-api-key",
                secret,
            ],
            1,
            "cannot reach",
        ),
    ];
    for (args, code, says) in one_line {
        let (got, stderr) = run(args);
        assert_eq!(got, *code, "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("memoryrelay-server: "),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains(secret), "{args:?}: {stderr}");
    }
    // Unknown names are clap's to refuse (its usual message, exit code 2).
    let (got, stderr) = run(&["--embedder", "bert"]);
    assert_eq!(got, 2, "{stderr}");
    assert!(
        stderr.lines().next().unwrap_or_default().contains("'bert'"),
        "{stderr}"
    );
}

/// The key comes from the flag or MEMORYRELAY_SERVER_OPENAI_API_KEY; OPENAI_API_KEY is OpenAI's
/// and only ever goes to OpenAI's URL, never to another endpoint.
#[test]
fn the_binary_sends_only_the_key_meant_for_the_endpoint() {
    let endpoint = hash_endpoint(16, "hash-16");
    let base = endpoint.base_url.clone();
    let args = [
        "--embedder",
        "openai",
        "--openai-model",
        "hash-16",
        "--openai-base-url",
        &base,
    ];
    let (code, stderr) = run_with_env(&args, &[("OPENAI_API_KEY", "sk-openai-only")]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(endpoint.seen().len(), 1, "the probe");
    assert_eq!(endpoint.seen()[0].authorization, None);

    endpoint.clear_seen();
    let (code, stderr) = run_with_env(
        &args,
        &[
            ("OPENAI_API_KEY", "sk-openai-only"),
            ("MEMORYRELAY_SERVER_OPENAI_API_KEY", KEY),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        endpoint.seen()[0].authorization.as_deref(),
        Some(&*format!("Bearer {KEY}"))
    );
}
