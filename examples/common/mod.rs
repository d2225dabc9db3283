//! Shared by the examples: where to connect.
//!
//! With `MEMORYRELAY_API_URL` set, the examples use it (and `MEMORYRELAY_API_KEY`) like any
//! application would. Without it, they start the local MemoryRelay server in-process on an
//! ephemeral port and use its generated key, so `cargo run --example quickstart` needs no setup.

use memoryrelay::ClientConfig;
use memoryrelay_server::{spawn_background, BackgroundServer, ServerConfig};

/// Keeps the embedded server (if any) alive; drop it last.
pub struct Connection {
    pub config: ClientConfig,
    pub _server: Option<BackgroundServer>,
}

pub fn connect() -> Connection {
    let remote = std::env::var("MEMORYRELAY_API_URL").is_ok_and(|u| !u.is_empty());
    if remote {
        return Connection {
            config: ClientConfig::default(),
            _server: None,
        };
    }
    let server = spawn_background(ServerConfig::default()).expect("start the local server");
    eprintln!("(using a local MemoryRelay server at {})", server.url());
    Connection {
        config: ClientConfig {
            api_key: Some(server.api_key().to_string()),
            base_url: Some(server.url().to_string()),
            ..ClientConfig::default()
        },
        _server: Some(server),
    }
}
