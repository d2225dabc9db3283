//! What the SDK adds to one request: `memories.get` through the client (typed and JSON
//! layer) against the same GET sent by a bare reqwest client, both to the same local server
//! on loopback. The server's own time is in both, so the ratio bounds the client's overhead
//! from above. Target: typed / bare ≤ 1.15.
//!
//!     cargo bench --bench client_overhead

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
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
    let memory_id = rt.block_on(async {
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
    });
    let raw = bare_reqwest();
    let url = format!("{}/v1/memories/{}", server.url(), memory_id);
    let auth = format!("Bearer {}", server.api_key());

    let mut group = c.benchmark_group("memories.get");
    group.bench_function("bare_reqwest", |b| {
        b.iter(|| {
            rt.block_on(async {
                let resp = raw
                    .get(&url)
                    .header("authorization", &auth)
                    .header("accept", "application/json")
                    .send()
                    .await
                    .unwrap();
                assert!(resp.status().is_success());
                let body = resp.bytes().await.unwrap();
                serde_json::from_slice::<Value>(&body).unwrap()
            })
        })
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

criterion_group!(benches, bench);
criterion_main!(benches);
