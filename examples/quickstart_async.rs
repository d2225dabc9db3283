//! The Python docs' "Quick Start (Async)", in Rust.
//!
//!     cargo run --example quickstart_async

mod common;

use memoryrelay::resources::{CreateAgentOptions, CreateMemoryOptions, SearchOptions};
use memoryrelay::Client;

#[tokio::main]
async fn main() -> memoryrelay::Result<()> {
    let conn = common::connect();
    let client = Client::new(conn.config.clone())?;

    let agent = client
        .agents()
        .create(
            "my-agent",
            CreateAgentOptions {
                description: Some("Async agent".into()),
                ..Default::default()
            },
        )
        .await?;
    let _memory = client
        .memories()
        .create(
            &agent.id,
            "FastAPI handles async requests natively.",
            CreateMemoryOptions::default(),
        )
        .await?;
    let results = client
        .memories()
        .search(
            &agent.id,
            "How are requests handled?",
            SearchOptions {
                limit: Some(5),
                ..Default::default()
            },
        )
        .await?;
    for result in &results {
        println!("[{:.2}] {}", result.score, result.content());
    }
    Ok(())
}
