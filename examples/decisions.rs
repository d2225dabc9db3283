//! Decisions, as in the Python docs: record one, check a proposal against it, supersede it.
//!
//!     cargo run --example decisions

mod common;

use memoryrelay::resources::{CheckDecisionsOptions, CreateAgentOptions, CreateDecisionOptions};
use memoryrelay::BlockingClient;
use serde_json::json;

fn main() -> memoryrelay::Result<()> {
    let conn = common::connect();
    let client = BlockingClient::new(conn.config.clone())?;
    let agent = client
        .agents()
        .create("decision-agent", CreateAgentOptions::default())?;

    // Record a decision
    let decision = client.decisions().create(
        &agent.id,
        "Use pgvector for vector search",
        "Chose pgvector over a separate vector database to reduce operational complexity.",
        CreateDecisionOptions {
            metadata: Some(json!({"category": "architecture"})),
            ..Default::default()
        },
    )?;

    // Does a proposal conflict with what was decided?
    let check = client.decisions().check(
        &agent.id,
        "Should we use pgvector for vector search?",
        CheckDecisionsOptions::default(),
    )?;
    for m in &check.data {
        println!("conflicts with [{:.2}] {}", m.score, m.decision.title);
    }

    // Later, supersede it
    let new_decision = client.decisions().create(
        &agent.id,
        "Migrate to OpenAI embeddings",
        "Switching from local sentence-transformers to OpenAI for higher quality embeddings.",
        CreateDecisionOptions::default(),
    )?;
    client.decisions().supersede(
        &decision.id,
        &new_decision.id,
        Some("OpenAI embeddings improved search relevance by 23%."),
    )?;
    let old = client.decisions().get(&decision.id)?;
    println!(
        "'{}' is now {} (superseded by {})",
        old.title,
        old.status,
        old.superseded_by.unwrap_or_default()
    );
    Ok(())
}
