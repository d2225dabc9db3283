//! The Python docs' "Quick Start (Sync)", in Rust: create an agent, store a memory, search it.
//!
//!     cargo run --example quickstart
//!
//! Uses MEMORYRELAY_API_URL / MEMORYRELAY_API_KEY when set, else an embedded local server.

mod common;

use memoryrelay::resources::{CreateAgentOptions, CreateMemoryOptions, SearchOptions};
use memoryrelay::BlockingClient;
use serde_json::json;

fn main() -> memoryrelay::Result<()> {
    let conn = common::connect();
    let client = BlockingClient::new(conn.config.clone())?;

    // Create an agent
    let agent = client.agents().create(
        "my-agent",
        CreateAgentOptions {
            description: Some("My first agent".into()),
            ..Default::default()
        },
    )?;

    // Store a memory
    let _memory = client.memories().create(
        &agent.id,
        "The project uses PostgreSQL 16 with pgvector for semantic search.",
        CreateMemoryOptions {
            metadata: Some(json!({"source": "architecture-review", "confidence": 0.95})),
            ..Default::default()
        },
    )?;

    // Search by meaning
    let results = client.memories().search(
        &agent.id,
        "What database does the project use?",
        SearchOptions {
            limit: Some(5),
            ..Default::default()
        },
    )?;
    for result in &results {
        println!("[{:.2}] {}", result.score, result.content());
    }
    Ok(())
}
