//! Quick release-mode check of the search latency target (p50 ≤ 25 ms at 100k memories in one
//! agent). Not a benchmark suite (server/benches has that); a fast way to see the number:
//!
//!     cargo run --release -p memoryrelay-engine --example search_100k [-- N [DB_PATH]]
//!     cargo run --release -p memoryrelay-engine --features minilm --example search_100k -- --embedder minilm 10000
//!
//! With DB_PATH the seeded database is kept, so a server can be started on it
//! (`memoryrelay-server --db DB_PATH --api-key mem_bench [--embedder minilm]`).

use std::time::{Duration, Instant};

use memoryrelay_engine::embed::EmbedderKind;
use memoryrelay_engine::Engine;
use serde_json::{json, Map, Value};

const WORDS: &[&str] = &[
    "database",
    "postgres",
    "vector",
    "search",
    "agent",
    "memory",
    "session",
    "deploy",
    "rust",
    "python",
    "latency",
    "cache",
    "redis",
    "queue",
    "kafka",
    "schema",
    "index",
    "query",
    "embedding",
    "model",
    "token",
    "auth",
    "login",
    "user",
    "project",
    "pattern",
    "decision",
    "review",
    "test",
    "build",
    "release",
    "server",
    "client",
    "retry",
    "backoff",
    "timeout",
    "error",
    "metric",
    "trace",
    "log",
    "alert",
    "budget",
    "design",
    "api",
    "endpoint",
    "storage",
    "disk",
    "network",
    "cluster",
    "node",
];

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

fn main() {
    let mut kind = EmbedderKind::Hash;
    let mut args: Vec<String> = Vec::new();
    let mut raw = std::env::args().skip(1);
    while let Some(a) = raw.next() {
        if a == "--embedder" {
            kind = raw
                .next()
                .expect("--embedder hash|minilm")
                .parse()
                .expect("embedder");
        } else {
            args.push(a);
        }
    }
    let n: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let path = args.get(1).map(std::path::PathBuf::from);
    let embedder = kind.build().expect("embedder");
    println!(
        "embedder: {} ({} dims)",
        embedder.provider(),
        embedder.dimension()
    );
    let engine = Engine::with_embedder(path.as_deref(), embedder).expect("open");
    let account = "acct_bench";
    let mut rng: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let t0 = Instant::now();
    for chunk in 0..n.div_ceil(100) {
        let items: Vec<Value> = (0..100.min(n - chunk * 100))
            .map(|_| {
                let words: Vec<&str> = (0..12)
                    .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
                    .collect();
                json!({"content": words.join(" ")})
            })
            .collect();
        let r = engine
            .memories_batch_create(
                account,
                obj(json!({"agent_id": "bench", "memories": items})),
            )
            .expect("batch");
        assert_eq!(r.body["failed"], 0);
    }
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "seeded {n} memories in {secs:.1} s ({:.0} memories/s)",
        n as f64 / secs
    );

    for mode in ["hybrid", "semantic", "keyword"] {
        let mut times: Vec<Duration> = Vec::new();
        for i in 0..60 {
            let q = format!(
                "{} {} {}",
                WORDS[i % WORDS.len()],
                WORDS[(i * 7) % WORDS.len()],
                WORDS[(i * 13) % WORDS.len()]
            );
            let t = Instant::now();
            let r = engine
                .memories_search(
                    account,
                    obj(json!({"agent_id": "bench", "query": q, "limit": 10, "search_mode": mode})),
                )
                .expect("search");
            times.push(t.elapsed());
            assert!(!r.body["data"].as_array().expect("data").is_empty());
        }
        // The first query loads the agent's index; report it apart.
        let first = times.remove(0);
        times.sort();
        let p = |q: f64| times[((times.len() as f64 - 1.0) * q) as usize].as_secs_f64() * 1000.0;
        println!(
            "{mode:>8}: first (index load) {:.1} ms, p50 {:.2} ms, p95 {:.2} ms",
            first.as_secs_f64() * 1000.0,
            p(0.5),
            p(0.95)
        );
    }
}
