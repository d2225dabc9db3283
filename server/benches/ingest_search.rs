//! Ingestion and search benchmark of the local server over real HTTP on loopback.
//!
//! For each corpus size (one agent), it measures:
//! - ingestion rate through `POST /v1/memories/batch` (100 items per request, a few concurrent
//!   clients), in memories/s;
//! - `POST /v1/memories/search` latency (default hybrid mode, limit 10), p50/p90/p99, measured
//!   client-side per request, sequentially.
//!
//! Environment:
//! - `MR_BENCH_SIZES` (default `10000,100000`): corpus sizes, comma-separated.
//! - `MR_BENCH_QUERIES` (default 200): timed searches per size (after 10 warm-up searches).
//! - `MR_BENCH_CONCURRENCY` (default 4): concurrent batch uploads.
//! - `MR_BENCH_DB` (`temp`, default, a temporary file like a real deployment; or `memory`).
//!
//! Run: `cargo bench -p memoryrelay-server --bench ingest_search` (quick:
//! `MR_BENCH_SIZES=1000 cargo bench -p memoryrelay-server --bench ingest_search`).
//! The report goes to stdout and to `target/bench-reports/server.md`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use memoryrelay_server::{spawn, DbLocation, ServerConfig};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

const BATCH: usize = 100;
const WARMUP_QUERIES: usize = 10;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| {
            v.trim()
                .parse()
                .unwrap_or_else(|_| panic!("{name}={v} is not a number"))
        })
        .unwrap_or(default)
}

fn sizes() -> Vec<usize> {
    let raw = std::env::var("MR_BENCH_SIZES").unwrap_or_else(|_| "10000,100000".into());
    raw.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.trim()
                .parse()
                .expect("MR_BENCH_SIZES: comma-separated integers")
        })
        .collect()
}

// Synthetic but varied agent-memory sentences, so the embedder and the keyword index see a
// realistic vocabulary rather than one repeated string.
const SUBJECTS: &[&str] = &[
    "The billing service",
    "Our staging cluster",
    "The user",
    "Maria from the platform team",
    "The mobile app",
    "The data pipeline",
    "The search index",
    "The on-call engineer",
    "The checkout page",
    "The auth gateway",
    "The nightly backup job",
    "The recommendation model",
    "The design team",
    "The public API",
    "The release train",
    "The analytics dashboard",
];
const VERBS: &[&str] = &[
    "depends on",
    "was migrated to",
    "prefers",
    "should avoid",
    "is monitored with",
    "was rewritten in",
    "is deployed through",
    "stores its state in",
    "is blocked by",
    "reports errors to",
    "was benchmarked against",
    "needs approval from",
];
const OBJECTS: &[&str] = &[
    "PostgreSQL 16",
    "Redis",
    "Kubernetes",
    "GitHub Actions",
    "a dark colour theme",
    "gRPC",
    "Rust and axum",
    "an S3 bucket",
    "the legal review",
    "Sentry",
    "PagerDuty",
    "OpenSearch",
    "React Native",
    "BigQuery",
    "Terraform",
    "the security team",
    "Vault",
    "four-space indentation",
    "Stripe webhooks",
    "the Berlin office",
];
const TAILS: &[&str] = &[
    "since the last sprint",
    "according to the incident review",
    "until the Q3 deadline",
    "after the outage in February",
    "as agreed in the architecture meeting",
    "because of latency issues",
    "for compliance reasons",
    "to cut cloud costs",
];

fn sentence(rng: &mut StdRng, i: usize) -> String {
    format!(
        "{} {} {} {} (note {i}, ticket PAY-{}).",
        SUBJECTS[rng.random_range(0..SUBJECTS.len())],
        VERBS[rng.random_range(0..VERBS.len())],
        OBJECTS[rng.random_range(0..OBJECTS.len())],
        TAILS[rng.random_range(0..TAILS.len())],
        rng.random_range(100..10_000)
    )
}

const QUERIES: &[&str] = &[
    "What database does the billing service use?",
    "Which tools do we use for monitoring errors?",
    "What does the user prefer for indentation?",
    "Why was the staging cluster migrated?",
    "Who needs to approve changes to the auth gateway?",
    "How is the mobile app deployed?",
    "What happened after the February outage?",
    "Where does the data pipeline store its state?",
    "What is blocked by the legal review?",
    "How do we cut cloud costs?",
];

struct Measure {
    size: usize,
    ingest_secs: f64,
    p50: Duration,
    p90: Duration,
    p99: Duration,
    mean: Duration,
    avg_results: f64,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

async fn run_size(size: usize, queries: usize, concurrency: usize, db: &str) -> Measure {
    let db = match db {
        "memory" => DbLocation::Memory,
        _ => DbLocation::Temp,
    };
    let server = spawn(ServerConfig {
        db,
        ..ServerConfig::default()
    })
    .await
    .expect("spawn server");
    let base = server.url().to_string();
    let key = server.api_key().to_string();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency * 2)
        .build()
        .unwrap();

    let agent: Value = http
        .post(format!("{base}/v1/agents"))
        .bearer_auth(&key)
        .json(&json!({"name": "bench-agent"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let agent_id = agent["id"].as_str().expect("agent id").to_string();

    // Pre-build every request body so that only HTTP + server time is measured.
    let mut rng = StdRng::seed_from_u64(42);
    let bodies: Vec<Value> = (0..size)
        .step_by(BATCH)
        .map(|start| {
            let items: Vec<Value> = (start..(start + BATCH).min(size))
                .map(|i| json!({"content": sentence(&mut rng, i)}))
                .collect();
            json!({"agent_id": agent_id, "memories": items})
        })
        .collect();
    let queue = Arc::new(std::sync::Mutex::new(bodies.into_iter()));

    let t = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (queue, http, base, key) = (queue.clone(), http.clone(), base.clone(), key.clone());
            tokio::spawn(async move {
                let mut stored = 0u64;
                loop {
                    let next = queue.lock().unwrap().next();
                    let Some(body) = next else { break };
                    let r: Value = http
                        .post(format!("{base}/v1/memories/batch"))
                        .bearer_auth(&key)
                        .json(&body)
                        .send()
                        .await
                        .expect("batch request")
                        .json()
                        .await
                        .expect("batch response");
                    assert_eq!(r["failed"], 0, "batch failures: {r}");
                    stored += r["succeeded"].as_u64().unwrap();
                }
                stored
            })
        })
        .collect();
    let mut stored = 0;
    for w in workers {
        stored += w.await.unwrap();
    }
    let ingest_secs = t.elapsed().as_secs_f64();
    assert_eq!(stored as usize, size);

    let mut lat = Vec::with_capacity(queries);
    let mut results = 0usize;
    for i in 0..(WARMUP_QUERIES + queries) {
        let q = QUERIES[i % QUERIES.len()];
        let t = Instant::now();
        let r: Value = http
            .post(format!("{base}/v1/memories/search"))
            .bearer_auth(&key)
            .json(&json!({"agent_id": agent_id, "query": q, "limit": 10}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let took = t.elapsed();
        let n = r["data"].as_array().expect("search data").len();
        if i >= WARMUP_QUERIES {
            lat.push(took);
            results += n;
        }
    }
    server.shutdown().await;
    lat.sort();
    let mean = lat.iter().sum::<Duration>() / lat.len() as u32;
    Measure {
        size,
        ingest_secs,
        p50: percentile(&lat, 0.50),
        p90: percentile(&lat, 0.90),
        p99: percentile(&lat, 0.99),
        mean,
        avg_results: results as f64 / queries as f64,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn report_path() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            // The workspace root is the server crate's parent directory.
            let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
            manifest.parent().unwrap_or(&manifest).join("target")
        });
    target.join("bench-reports").join("server.md")
}

fn main() {
    // reqwest is built with `rustls-no-provider`; even plain HTTP needs a process default.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let sizes = sizes();
    let queries = env_usize("MR_BENCH_QUERIES", 200).max(1);
    let concurrency = env_usize("MR_BENCH_CONCURRENCY", 4).max(1);
    let db = std::env::var("MR_BENCH_DB").unwrap_or_else(|_| "temp".into());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();

    let mut rows = Vec::new();
    for &size in &sizes {
        eprintln!("bench: {size} memories ...");
        let m = rt.block_on(run_size(size, queries, concurrency, &db));
        eprintln!(
            "bench: {size}: ingest {:.0} memories/s, search p50 {} ms p99 {} ms",
            size as f64 / m.ingest_secs,
            ms(m.p50),
            ms(m.p99)
        );
        rows.push(m);
    }

    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mut out = String::new();
    out.push_str("# memoryrelay-server benchmark: ingestion and search over HTTP\n\n");
    out.push_str(&format!(
        "Loopback HTTP, one agent, db `{db}`, {cores} cores, {} build, batch_create with {BATCH} items per request and {concurrency} concurrent clients; {queries} sequential hybrid searches (limit 10) per size after {WARMUP_QUERIES} warm-up searches.\n\n",
        if cfg!(debug_assertions) { "debug" } else { "release" }
    ));
    out.push_str("| memories | ingest time (s) | ingest rate (memories/s) | search p50 (ms) | search p90 (ms) | search p99 (ms) | search mean (ms) | avg results |\n");
    out.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for m in &rows {
        out.push_str(&format!(
            "| {} | {:.2} | {:.0} | {} | {} | {} | {} | {:.1} |\n",
            m.size,
            m.ingest_secs,
            m.size as f64 / m.ingest_secs,
            ms(m.p50),
            ms(m.p90),
            ms(m.p99),
            ms(m.mean),
            m.avg_results
        ));
    }
    if let Some(m) = rows.iter().find(|m| m.size == 100_000) {
        let ok = m.p50 <= Duration::from_millis(25);
        out.push_str(&format!(
            "\nTarget p50 <= 25 ms at 100k: {} (p50 {} ms).\n",
            if ok { "met" } else { "NOT met" },
            ms(m.p50)
        ));
    }
    println!("{out}");
    let path = report_path();
    std::fs::create_dir_all(path.parent().unwrap()).expect("create bench-reports dir");
    std::fs::write(&path, &out).expect("write report");
    eprintln!("report written to {}", path.display());
}
