//! `memories.get` through the native Rust client (typed: `client.memories().get(id)`), the
//! reference side of the Swift benchmark. Key and URL from MEMORYRELAY_API_KEY and
//! MEMORYRELAY_API_URL; prints one line: `native <calls> <median µs> <mean µs>`.

use std::time::Instant;

use memoryrelay::resources::{CreateAgentOptions, CreateMemoryOptions};
use memoryrelay::{Client, ClientConfig};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let calls: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let client = Client::new(ClientConfig::default()).expect("client");
    let agent = client
        .agents()
        .create(
            &format!("bench-native-{}", std::process::id()),
            CreateAgentOptions::default(),
        )
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
    for _ in 0..calls / 10 {
        client.memories().get(&id).await.expect("warm-up get");
    }
    let mut times = Vec::with_capacity(calls);
    for _ in 0..calls {
        let t = Instant::now();
        let m = client.memories().get(&id).await.expect("get");
        times.push(t.elapsed().as_secs_f64() * 1e6);
        assert_eq!(m.id, id);
    }
    let mean = times.iter().sum::<f64>() / calls as f64;
    times.sort_by(|a, b| a.total_cmp(b));
    println!("native {calls} {:.1} {:.1}", times[calls / 2], mean);
}
