//! Search under concurrency: is a search's latency with 64 connections bounded by queueing
//! alone? (Benchmark, not a test; hardening issue item 5.)
//!
//! One run, one database file of `MR_BENCH_SIZE` memories (default 10,000, one agent), served
//! by the local server (reads on its read connections). It measures `POST /v1/memories/search`
//! latency client-side:
//! 1. one connection, sequential searches: p50 `single`;
//! 2. 64 connections searching at once: p50 `c64`;
//! 3. the same 64 connections while one more client writes memories non-stop;
//!
//! in three interleaved rounds.
//!
//! With `cores` CPUs, 64 requests in flight cannot do better than waiting for each other's
//! CPU time: the queueing bound is `64 × single ÷ cores`. Reads that queue behind one lock
//! (the engine before read connections) land far above it; the goal is within 1.5× of it.
//!
//! Run: `cargo bench -p memoryrelay-server --bench concurrent_search`
//! (`MR_BENCH_SIZE=2000` for a quick one). Client and server share the machine's cores.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use memoryrelay_engine::Engine;
use memoryrelay_server::{DbLocation, ServerConfig};
use serde_json::{json, Value};

const KEY: &str = "mem_bench_concurrent_search";
const CONNECTIONS: usize = 64;
const WORDS: &[&str] = &[
    "billing",
    "cluster",
    "deploy",
    "latency",
    "database",
    "migration",
    "dashboard",
    "token",
    "release",
    "backup",
    "index",
    "search",
    "gateway",
    "session",
    "pipeline",
    "model",
];

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn text(i: usize) -> String {
    let w = |k: usize| WORDS[(i * 7 + k * 13 + i / 5) % WORDS.len()];
    format!(
        "note {i}: the {} {} affects the {} {}",
        w(0),
        w(1),
        w(2),
        w(3)
    )
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A client that keeps exactly one connection.
fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .unwrap()
}

async fn search(http: &reqwest::Client, url: &str, i: usize) -> Duration {
    let body = json!({"agent_id": "bench", "query": format!("{} {}", WORDS[i % 16], WORDS[(i / 16) % 16]), "limit": 10});
    let t = Instant::now();
    let r = http
        .post(format!("{url}/v1/memories/search"))
        .bearer_auth(KEY)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let _: Value = r.json().await.unwrap();
    t.elapsed()
}

async fn concurrent(url: &str, per_conn: usize, writer: bool) -> (Vec<Duration>, usize) {
    let stop = Arc::new(AtomicBool::new(false));
    let writes = {
        let (url, stop) = (url.to_string(), stop.clone());
        tokio::spawn(async move {
            let h = http();
            let mut n = 0;
            while writer && !stop.load(Ordering::SeqCst) {
                let r = h
                    .post(format!("{url}/v1/memories"))
                    .bearer_auth(KEY)
                    .json(&json!({"agent_id": "bench", "content": text(1_000_000 + n)}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 201);
                n += 1;
            }
            n
        })
    };
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|c| {
            let url = url.to_string();
            tokio::spawn(async move {
                let h = http();
                search(&h, &url, c).await; // connect + warm
                let mut out = Vec::with_capacity(per_conn);
                for i in 0..per_conn {
                    out.push(search(&h, &url, c * 31 + i).await);
                }
                out
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    stop.store(true, Ordering::SeqCst);
    let written = writes.await.unwrap();
    (all, written)
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let size = env_usize("MR_BENCH_SIZE", 10_000);
    let single_n = env_usize("MR_BENCH_QUERIES", 300);
    let per_conn = env_usize("MR_BENCH_PER_CONNECTION", 30);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    {
        let engine = Engine::open(Some(&db)).unwrap();
        let account = memoryrelay_server::account_for_key(KEY);
        for chunk in (0..size).collect::<Vec<_>>().chunks(100) {
            let items: Vec<Value> = chunk.iter().map(|&i| json!({"content": text(i)})).collect();
            let body = json!({"agent_id": "bench", "memories": items});
            engine
                .memories_batch_create(&account, body.as_object().unwrap().clone())
                .unwrap();
        }
    }
    let server = memoryrelay_server::spawn_background(ServerConfig {
        db: DbLocation::File(db),
        api_keys: vec![KEY.into()],
        ..Default::default()
    })
    .unwrap();
    let url = server.url().to_string();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let h = http();
        for i in 0..20 {
            search(&h, &url, i).await;
        }
        // Interleaved rounds, so load from elsewhere on the machine weighs on both sides alike.
        let rounds = 3;
        let (mut single, mut c64, mut c64w, mut written) = (Vec::new(), Vec::new(), Vec::new(), 0);
        for r in 0..rounds {
            for i in 0..single_n / rounds {
                single.push(search(&h, &url, r * 1000 + i).await);
            }
            c64.extend(concurrent(&url, per_conn / rounds, false).await.0);
            let (w, n) = concurrent(&url, per_conn / rounds, true).await;
            c64w.extend(w);
            written += n;
        }
        single.sort();
        c64.sort();
        c64w.sort();

        let p50 = percentile(&single, 0.5);
        let bound = p50 * CONNECTIONS as u32 / cores as u32;
        let report = format!(
            "concurrent search ({size} memories, {cores} cores, client and server on one machine)\n\
             | connections | searches | p50 ms | p90 ms | p50 / queueing bound |\n\
             |---|---|---|---|---|\n\
             | 1 | {} | {:.2} | {:.2} | - |\n\
             | 64 | {} | {:.2} | {:.2} | {:.2} |\n\
             | 64 + 1 writer ({written} writes) | {} | {:.2} | {:.2} | {:.2} |\n\
             queueing bound = 64 x {:.2} ms / {cores} = {:.2} ms\n",
            single.len(),
            ms(p50),
            ms(percentile(&single, 0.9)),
            c64.len(),
            ms(percentile(&c64, 0.5)),
            ms(percentile(&c64, 0.9)),
            ms(percentile(&c64, 0.5)) / ms(bound),
            c64w.len(),
            ms(percentile(&c64w, 0.5)),
            ms(percentile(&c64w, 0.9)),
            ms(percentile(&c64w, 0.5)) / ms(bound),
            ms(p50),
            ms(bound),
        );
        println!("{report}");
    });
}
