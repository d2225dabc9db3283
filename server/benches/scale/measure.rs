//! What is timed, over real HTTP on loopback: batch ingestion, sequential search latency (with
//! each search's results kept for the recall comparison) and search throughput under many
//! concurrent clients.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::corpus;
use crate::servers::KEY;

/// Items per `POST /v1/memories/batch` (the contract's maximum).
const BATCH: usize = 100;
/// Concurrent batch uploads: enough to keep the one writer busy.
const INGEST_CLIENTS: usize = 4;
const WARMUP: usize = 20;

/// One search result: texts are unique, so the content identifies a memory across backends.
#[derive(Clone, Debug)]
pub struct Hit {
    pub content: String,
    pub score: f64,
}

/// A client that keeps exactly one connection.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(600))
        .build()
        .expect("http client")
}

pub async fn create_agent(url: &str) -> String {
    let r: Value = client()
        .post(format!("{url}/v1/agents"))
        .bearer_auth(KEY)
        .json(&json!({"name": "scale-bench"}))
        .send()
        .await
        .expect("create agent")
        .json()
        .await
        .expect("agent json");
    r["id"].as_str().expect("agent id").to_string()
}

/// Stores texts `0..size` in `agent`; returns the wall time.
pub async fn ingest(url: &str, agent: &str, size: usize, label: &str) -> Duration {
    let next = Arc::new(AtomicUsize::new(0));
    let t = Instant::now();
    let workers: Vec<_> = (0..INGEST_CLIENTS)
        .map(|_| {
            let (next, url, agent, label) = (
                next.clone(),
                url.to_string(),
                agent.to_string(),
                label.to_string(),
            );
            tokio::spawn(async move {
                let http = client();
                loop {
                    let start = next.fetch_add(BATCH, Ordering::SeqCst);
                    if start >= size {
                        break;
                    }
                    let items: Vec<Value> = (start..(start + BATCH).min(size))
                        .map(|i| json!({"content": corpus::text(i)}))
                        .collect();
                    let n = items.len();
                    let r = http
                        .post(format!("{url}/v1/memories/batch"))
                        .bearer_auth(KEY)
                        .json(&json!({"agent_id": agent, "memories": items}))
                        .send()
                        .await
                        .expect("batch request");
                    let status = r.status();
                    let body: Value = r.json().await.expect("batch response");
                    assert!(
                        status.is_success() && body["succeeded"] == n,
                        "batch at {start}: {status} {body}"
                    );
                    let done = start + n;
                    let step = (size / 10).max(BATCH);
                    if done % step < BATCH && done >= step {
                        eprintln!(
                            "  {label}: {done}/{size} stored ({:.0} s)",
                            t.elapsed().as_secs_f64()
                        );
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.await.expect("ingest worker");
    }
    t.elapsed()
}

async fn search(http: &reqwest::Client, url: &str, agent: &str, q: &str) -> (Duration, Vec<Hit>) {
    let body = json!({"agent_id": agent, "query": q, "limit": 10, "search_mode": "semantic"});
    let t = Instant::now();
    let r = http
        .post(format!("{url}/v1/memories/search"))
        .bearer_auth(KEY)
        .json(&body)
        .send()
        .await
        .expect("search request");
    let status = r.status();
    let v: Value = r.json().await.expect("search json");
    let took = t.elapsed();
    assert_eq!(status, 200, "search: {v}");
    let hits = v["data"]
        .as_array()
        .expect("search data")
        .iter()
        .map(|h| Hit {
            content: h["memory"]["content"]
                .as_str()
                .expect("content")
                .to_string(),
            score: h["score"].as_f64().expect("score"),
        })
        .collect();
    (took, hits)
}

/// Sequential searches on one connection (after a warm-up): sorted latencies, and each
/// query's results in query order.
pub async fn latency(url: &str, agent: &str, queries: &[String]) -> (Vec<Duration>, Vec<Vec<Hit>>) {
    let http = client();
    for q in queries.iter().cycle().take(WARMUP) {
        search(&http, url, agent, q).await;
    }
    let mut lat = Vec::with_capacity(queries.len());
    let mut results = Vec::with_capacity(queries.len());
    for q in queries {
        let (took, hits) = search(&http, url, agent, q).await;
        lat.push(took);
        results.push(hits);
    }
    lat.sort();
    (lat, results)
}

pub struct Load {
    pub searches: usize,
    pub elapsed: Duration,
    /// Sorted per-search latencies.
    pub latencies: Vec<Duration>,
}

impl Load {
    pub fn per_second(&self) -> f64 {
        self.searches as f64 / self.elapsed.as_secs_f64()
    }
}

/// `clients` connections searching non-stop for `secs`, spread round-robin over `urls`.
pub async fn throughput(
    urls: &[String],
    agent: &str,
    queries: &[String],
    clients: usize,
    secs: u64,
) -> Load {
    let queries = Arc::new(queries.to_vec());
    let ready = Arc::new(tokio::sync::Barrier::new(clients + 1));
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let url = urls[c % urls.len()].clone();
            let (agent, queries, ready) = (agent.to_string(), queries.clone(), ready.clone());
            tokio::spawn(async move {
                let http = client();
                search(&http, &url, &agent, &queries[c % queries.len()]).await; // connect
                ready.wait().await;
                let deadline = Instant::now() + Duration::from_secs(secs);
                let mut lat = Vec::new();
                let mut i = c * 7;
                while Instant::now() < deadline {
                    let (took, _) = search(&http, &url, &agent, &queries[i % queries.len()]).await;
                    lat.push(took);
                    i += 1;
                }
                lat
            })
        })
        .collect();
    ready.wait().await;
    let t = Instant::now();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("client task"));
    }
    let elapsed = t.elapsed();
    latencies.sort();
    Load {
        searches: latencies.len(),
        elapsed,
        latencies,
    }
}

/// A server set to search: its URLs (clients spread round-robin) and the agent's id there.
pub struct Target {
    pub urls: Vec<String>,
    pub agent: String,
}

/// Several targets measured side by side: `rounds` alternating turns of `secs / rounds` each,
/// so load from elsewhere on the machine weighs on every target alike.
pub async fn interleaved(
    targets: &[Target],
    queries: &[String],
    clients: usize,
    secs: u64,
    rounds: u64,
) -> Vec<Load> {
    let turn = (secs / rounds).max(1);
    let mut out: Vec<Load> = targets
        .iter()
        .map(|_| Load {
            searches: 0,
            elapsed: Duration::ZERO,
            latencies: Vec::new(),
        })
        .collect();
    for _ in 0..rounds {
        for (t, total) in targets.iter().zip(out.iter_mut()) {
            let l = throughput(&t.urls, &t.agent, queries, clients, turn).await;
            total.searches += l.searches;
            total.elapsed += l.elapsed;
            total.latencies.extend(l.latencies);
        }
    }
    for l in &mut out {
        l.latencies.sort();
    }
    out
}

/// The 1-minute load average (other work on the machine shows here).
pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
