//! What the SDK adds to one request: `memories.get` through the client (typed and JSON
//! layer) against the same GET sent by a bare reqwest client, both to the same local server
//! on loopback. The server's own time is in both, so the ratio bounds the client's overhead
//! from above. Target: typed / bare ≤ 1.15.
//!
//!     cargo bench --bench client_overhead

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
use memoryrelay::resources::{CreateAgentOptions, CreateMemoryOptions};
use memoryrelay::{Client, ClientConfig};
use memoryrelay_server::{spawn_background, ServerConfig};
use rustls_platform_verifier::BuilderVerifierExt;
use serde_json::{json, Value};

fn bare_reqwest() -> reqwest::Client {
    // Same TLS setup and redirect policy as the SDK, so only the SDK's own work differs.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_platform_verifier()
        .unwrap()
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// An agent and the quick start's memory; returns the memory id.
async fn seed(client: &Client) -> String {
    let agent = client
        .agents()
        .create("bench-agent", CreateAgentOptions::default())
        .await
        .unwrap();
    client
        .memories()
        .create(
            &agent.id,
            "The project uses PostgreSQL 16 with pgvector for semantic search.",
            CreateMemoryOptions {
                metadata: Some(json!({"source": "architecture-review", "confidence": 0.95})),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id
}

/// The same request the client sends for `memories.get`, parsed to JSON as the client does.
async fn bare_get(raw: &reqwest::Client, url: &str, auth: &str) -> Value {
    let resp = raw
        .get(url)
        .header("authorization", auth)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    let body = resp.bytes().await.unwrap();
    serde_json::from_slice::<Value>(&body).unwrap()
}

fn bench(c: &mut Criterion) {
    let server = spawn_background(ServerConfig::default()).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let client = Client::new(ClientConfig {
        api_key: Some(server.api_key().into()),
        base_url: Some(server.url().into()),
        ..ClientConfig::default()
    })
    .unwrap();
    let memory_id = rt.block_on(seed(&client));
    let raw = bare_reqwest();
    let url = format!("{}/v1/memories/{}", server.url(), memory_id);
    let auth = format!("Bearer {}", server.api_key());

    let mut group = c.benchmark_group("memories.get");
    group.bench_function("bare_reqwest", |b| {
        b.iter(|| rt.block_on(bare_get(&raw, &url, &auth)))
    });
    group.bench_function("client_json_call", |b| {
        b.iter(|| {
            rt.block_on(client.call("memories.get", json!({"memory_id": memory_id})))
                .unwrap()
        })
    });
    group.bench_function("client_typed_get", |b| {
        b.iter(|| rt.block_on(client.memories().get(&memory_id)).unwrap())
    });
    group.finish();
}

/// Criterion measures the variants one after another, so a neighbour's load that comes and
/// goes (this machine is shared) biases the comparison. This pass alternates short batches of
/// each variant and compares the medians of the batches, which cancels slow drift.
fn interleaved_ratio() {
    const ROUNDS: usize = 21;
    const CALLS: usize = 300;
    let server = spawn_background(ServerConfig::default()).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let client = Client::new(ClientConfig {
        api_key: Some(server.api_key().into()),
        base_url: Some(server.url().into()),
        ..ClientConfig::default()
    })
    .unwrap();
    let memory_id = rt.block_on(seed(&client));
    let raw = bare_reqwest();
    let url = format!("{}/v1/memories/{}", server.url(), memory_id);
    let auth = format!("Bearer {}", server.api_key());
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..CALLS {
            f();
        }
        start.elapsed() / CALLS as u32
    };
    let (mut bare, mut json, mut typed) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        bare.push(time(&mut || {
            rt.block_on(bare_get(&raw, &url, &auth));
        }));
        json.push(time(&mut || {
            rt.block_on(client.call("memories.get", json!({"memory_id": memory_id})))
                .unwrap();
        }));
        typed.push(time(&mut || {
            rt.block_on(client.memories().get(&memory_id)).unwrap();
        }));
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (b, j, t) = (median(&mut bare), median(&mut json), median(&mut typed));
    println!(
        "interleaved medians ({ROUNDS} rounds x {CALLS} calls): bare reqwest {:.1} us, \
         client JSON call {:.1} us (ratio {:.3}), client typed get {:.1} us (ratio {:.3})",
        b.as_secs_f64() * 1e6,
        j.as_secs_f64() * 1e6,
        j.as_secs_f64() / b.as_secs_f64(),
        t.as_secs_f64() * 1e6,
        t.as_secs_f64() / b.as_secs_f64(),
    );
}

criterion_group!(benches, bench);

fn main() {
    benches();
    // `cargo bench` passes --bench; `cargo test --benches` does not and only smoke-tests.
    if std::env::args().any(|a| a == "--bench") {
        interleaved_ratio();
    }
    Criterion::default().configure_from_args().final_summary();
}
