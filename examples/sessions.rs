//! Sessions, as in the Python docs: start or resume one by key, store memories in it,
//! summarize and end it.
//!
//!     cargo run --example sessions

mod common;

use memoryrelay::resources::{CreateAgentOptions, CreateMemoryOptions, GetOrCreateSessionOptions};
use memoryrelay::BlockingClient;
use serde_json::json;

fn main() -> memoryrelay::Result<()> {
    let conn = common::connect();
    let client = BlockingClient::new(conn.config.clone())?;
    let agent = client
        .agents()
        .create("session-agent", CreateAgentOptions::default())?;

    // Start or resume a session
    let session = client.sessions().get_or_create(
        &agent.id,
        "project-review-2026-03-17",
        GetOrCreateSessionOptions::default(),
    )?;
    println!(
        "session {} ({})",
        session.id,
        if session.created == Some(true) {
            "new"
        } else {
            "resumed"
        }
    );

    // Store memories within the session context
    for text in [
        "Reviewed the authentication module.",
        "Token refresh needs a retry on 401. Filed a ticket.",
    ] {
        client.memories().create(
            &agent.id,
            text,
            CreateMemoryOptions {
                metadata: Some(json!({"session_id": session.id})),
                ..Default::default()
            },
        )?;
    }

    // Summarize when done
    let summary = client.sessions().summarize(&session.id)?;
    println!(
        "summary of {} memories:\n{}",
        summary.memory_count, summary.summary
    );
    let ended = client.sessions().end(&session.id, None)?;
    println!("status: {}", ended.status);
    Ok(())
}
