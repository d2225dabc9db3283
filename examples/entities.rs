//! Entities, as in the Python docs: create one and link it to a memory.
//!
//!     cargo run --example entities

mod common;

use memoryrelay::resources::{
    CreateAgentOptions, CreateEntityOptions, CreateMemoryOptions, ListEntitiesOptions,
};
use memoryrelay::BlockingClient;
use serde_json::json;

fn main() -> memoryrelay::Result<()> {
    let conn = common::connect();
    let client = BlockingClient::new(conn.config.clone())?;
    let agent = client
        .agents()
        .create("entity-agent", CreateAgentOptions::default())?;
    let memory = client.memories().create(
        &agent.id,
        "The project uses PostgreSQL 16 with pgvector for semantic search.",
        CreateMemoryOptions::default(),
    )?;

    // Create and link an entity
    let entity = client.entities().create(
        &agent.id,
        "PostgreSQL",
        "technology",
        CreateEntityOptions {
            metadata: Some(json!({"version": "16"})),
        },
    )?;
    let link = client
        .entities()
        .link(&entity.id, &memory.id, Some("uses"))?;
    println!(
        "{} --{}--> memory {}",
        entity.name, link.relationship, link.memory_id
    );

    let technologies = client.entities().list(
        &agent.id,
        ListEntitiesOptions {
            entity_type: Some("technology".into()),
            ..Default::default()
        },
    )?;
    for e in &technologies {
        println!(
            "{} ({}), {} linked memories",
            e.name, e.entity_type, e.memory_count
        );
    }
    Ok(())
}
