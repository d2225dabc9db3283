//! Server configuration (docs/interfaces.md §1).

use std::net::SocketAddr;
use std::path::PathBuf;

pub use memoryrelay_engine::embed::EmbedderKind;

#[derive(Debug, Clone, Default, PartialEq)]
pub enum DbLocation {
    #[default]
    Memory,
    /// A temporary file, deleted when the server shuts down.
    Temp,
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub db: DbLocation,
    /// Each key is its own account. Empty: one key is generated ("mem_" + 32 hex).
    pub api_keys: Vec<String>,
    /// Requests per minute per key; `None` = unlimited.
    pub rate_limit_per_minute: Option<u32>,
    /// Enables the `/__faults` admin routes; needs the `fault-injection` cargo feature too.
    pub fault_injection: bool,
    pub bind: SocketAddr,
    /// Default `Hash` (offline, instant). `MiniLm` needs the `minilm` cargo feature; a database
    /// written with the other embedder has its vectors recomputed once at start.
    pub embedder: EmbedderKind,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            db: DbLocation::Memory,
            api_keys: Vec::new(),
            rate_limit_per_minute: None,
            fault_injection: false,
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            embedder: EmbedderKind::Hash,
        }
    }
}

/// "mem_" + 32 lowercase hex characters.
pub fn generate_key() -> String {
    let bytes: [u8; 16] = rand::random();
    format!("mem_{}", hex::encode(bytes))
}
