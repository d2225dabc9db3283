//! `memories.get` through the native Rust client: `<url> <api key> <calls>`; prints
//! `native <median µs> <mean µs>` (after 300 warm-up calls), like the Kotlin side.

use std::time::{Duration, Instant};

use memoryrelay::resources::{CreateAgentOptions, CreateMemoryOptions};
use memoryrelay::{Client, ClientConfig};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, key, calls] = args.as_slice() else {
        panic!("usage: <url> <api key> <calls>");
    };
    let calls: usize = calls.parse().expect("calls");
    let client = Client::new(ClientConfig {
        api_key: Some(key.clone()),
        base_url: Some(url.clone()),
        ..ClientConfig::default()
    })
    .expect("client");
    let name = format!("native-bench-{}", std::process::id());
    let agent = client
        .agents()
        .create(&name, CreateAgentOptions::default())
        .await
        .expect("agent");
    let id = client
        .memories()
        .create(
            &agent.id,
            "The project uses PostgreSQL 16 with pgvector for semantic search.",
            CreateMemoryOptions::default(),
        )
        .await
        .expect("memory")
        .id;
    for _ in 0..300 {
        client.memories().get(&id).await.expect("get");
    }
    let mut times = Vec::with_capacity(calls);
    for _ in 0..calls {
        let t = Instant::now();
        let m = client.memories().get(&id).await.expect("get");
        times.push(t.elapsed());
        assert_eq!(m.id, id);
    }
    let mean = times.iter().sum::<Duration>() / calls as u32;
    times.sort();
    println!(
        "native {:.1} {:.1}",
        times[calls / 2].as_secs_f64() * 1e6,
        mean.as_secs_f64() * 1e6
    );
}
