//! Batch create, as in the Python docs, then walk every memory with auto-paging.
//!
//!     cargo run --example batch

mod common;

use memoryrelay::models::BatchItem;
use memoryrelay::resources::{CreateAgentOptions, ListOptions};
use memoryrelay::BlockingClient;

fn main() -> memoryrelay::Result<()> {
    let conn = common::connect();
    let client = BlockingClient::new(conn.config.clone())?;
    let agent = client
        .agents()
        .create("batch-agent", CreateAgentOptions::default())?;

    let result = client.memories().batch_create(
        &agent.id,
        vec![
            "Python 3.11 is the minimum version.".into(),
            "Tests use pytest with async fixtures.".into(),
            "Redis is used for rate limiting.".into(),
        ],
    )?;
    println!("stored {}/{} memories", result.succeeded, result.total);

    // Inputs over 100 items are split into chunks of 100 by the SDK and merged.
    let many: Vec<BatchItem> = (1..=250)
        .map(|i| BatchItem::new(format!("Build step {i} passed.")))
        .collect();
    let result = client.memories().batch_create(&agent.id, many)?;
    println!(
        "stored {}/{} more (failed: {})",
        result.succeeded, result.total, result.failed
    );

    // Every memory, one page of 100 at a time, as a plain Iterator.
    let mut count = 0;
    for memory in client
        .memories()
        .list_all(&agent.id, ListOptions::default())
    {
        memory?;
        count += 1;
    }
    println!("the agent now has {count} memories");
    Ok(())
}
