//! The PostgreSQL backend against the SQLite one, at the engine level: the same writes give the
//! same answers, including memory search on an agent large enough to take the approximate
//! (HNSW + keyword candidates, exact re-scoring) path.
//!
//! Needs `MEMORYRELAY_TEST_DATABASE_URL` (scripts/with-postgres.sh sets it); without it the tests
//! say so and pass (the plain `cargo test` run); CI runs them again under scripts/with-postgres.sh.

use std::sync::Arc;

use memoryrelay_engine::resources::pg_search::EXACT_SCAN_LIMIT;
use memoryrelay_engine::storage::db::{Backend, Connection};
use memoryrelay_engine::storage::pg::PgConn;
use memoryrelay_engine::{Engine, HashEmbedder};
use serde_json::{json, Map, Value};

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

/// A fresh database on the suite's PostgreSQL server, or `None` locally without one.
fn fresh_database() -> Option<String> {
    let Ok(admin) = std::env::var("MEMORYRELAY_TEST_DATABASE_URL") else {
        eprintln!("skipped: no MEMORYRELAY_TEST_DATABASE_URL (run via scripts/with-postgres.sh)");
        return None;
    };
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let name = format!(
        "mrengine_{}_{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let conn = Connection::Postgres(PgConn::connect(&admin).expect("connect"));
    conn.execute_batch(&format!("CREATE DATABASE {name}"))
        .expect("create database");
    Some(format!("{}/{name}", &admin[..admin.rfind('/').unwrap()]))
}

fn both() -> Option<(Engine, Engine)> {
    let url = fresh_database()?;
    let pg = Engine::open_postgres(&url, 4, Arc::new(HashEmbedder::default())).unwrap();
    assert_eq!(pg.backend(), Backend::Postgres);
    let lite = Engine::open(None).unwrap();
    assert_eq!(lite.backend(), Backend::Sqlite);
    Some((pg, lite))
}

/// Deterministic, varied sentences (a small grammar, a linear congruential generator).
fn sentences(n: usize) -> Vec<String> {
    let subjects = [
        "The billing service",
        "Our staging cluster",
        "The mobile team",
        "Nightly backups",
        "The search index",
        "Customer support",
        "The payment gateway",
        "Release trains",
        "The data warehouse",
        "Feature flags",
        "The auth proxy",
        "Load tests",
    ];
    let verbs = [
        "depends on",
        "migrated to",
        "is monitored by",
        "replaced",
        "talks to",
        "is blocked by",
        "was tuned for",
        "shares a database with",
        "is documented in",
        "runs beside",
    ];
    let objects = [
        "PostgreSQL 16",
        "a Redis cache",
        "the Kafka topic",
        "Grafana dashboards",
        "the EU region",
        "a nightly cron job",
        "the legacy monolith",
        "gRPC streaming",
        "S3 buckets",
        "OpenTelemetry",
        "the rate limiter",
        "a blue-green deploy",
    ];
    let mut x: u64 = 42;
    let mut next = |m: usize| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) as usize) % m
    };
    (0..n)
        .map(|i| {
            format!(
                "{} {} {} since sprint {} (note {i})",
                subjects[next(subjects.len())],
                verbs[next(verbs.len())],
                objects[next(objects.len())],
                next(90)
            )
        })
        .collect()
}

fn ingest(e: &Engine, texts: &[String]) {
    for chunk in texts.chunks(100) {
        let items: Vec<Value> = chunk.iter().map(|t| json!({"content": t})).collect();
        let r = e
            .memories_batch_create("acct", obj(json!({"agent_id": "big", "memories": items})))
            .unwrap();
        assert_eq!(r.body["succeeded"], json!(chunk.len()), "{}", r.body);
    }
}

fn search(e: &Engine, query: &str, mode: &str) -> Vec<(String, f64)> {
    let r = e
        .memories_search(
            "acct",
            obj(json!({"query": query, "agent_id": "big", "limit": 10, "search_mode": mode})),
        )
        .unwrap();
    r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["memory"]["content"].as_str().unwrap().to_string(),
                h["score"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn small_agents_search_exactly_like_sqlite() {
    let Some((pg, lite)) = both() else { return };
    let texts = sentences(300);
    ingest(&pg, &texts);
    ingest(&lite, &texts);
    for (i, q) in [
        "billing PostgreSQL",
        "nightly cron backups",
        "gRPC streaming proxy",
    ]
    .iter()
    .enumerate()
    {
        for mode in ["semantic", "keyword", "hybrid"] {
            assert_eq!(
                search(&pg, q, mode),
                search(&lite, q, mode),
                "query {i} {mode}"
            );
        }
    }
}

#[test]
fn large_agents_use_candidates_and_keep_exact_scores() {
    let Some((pg, lite)) = both() else { return };
    let texts = sentences(EXACT_SCAN_LIMIT as usize + 1_000);
    ingest(&pg, &texts);
    ingest(&lite, &texts);
    let queries: Vec<&String> = texts.iter().step_by(97).take(20).collect();
    let (mut found, mut total) = (0usize, 0usize);
    for q in &queries {
        let exact = search(&lite, q, "semantic");
        let approx = search(&pg, q, "semantic");
        // The memory whose text is the query comes first on both, with the same score.
        assert_eq!(approx.first(), exact.first(), "query {q:?}");
        // Every score PostgreSQL returns is the exact score of that memory.
        for (content, score) in &approx {
            if let Some((_, s)) = exact.iter().find(|(c, _)| c == content) {
                assert!((s - score).abs() < 1e-6, "{content}: {score} vs {s}");
            }
        }
        total += exact.len();
        found += exact.iter().filter(|e| approx.contains(e)).count();
    }
    let recall = found as f64 / total as f64;
    assert!(recall >= 0.9, "recall@10 {recall:.3}");
    eprintln!("recall@10 over {} queries: {recall:.3}", queries.len());
}
