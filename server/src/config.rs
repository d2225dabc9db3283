//! Server configuration (docs/interfaces.md §1).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub use memoryrelay_engine::embed::EmbedderKind;

#[derive(Debug, Clone, Default, PartialEq)]
pub enum DbLocation {
    #[default]
    Memory,
    /// A temporary file, deleted when the server shuts down.
    Temp,
    File(PathBuf),
    /// A PostgreSQL database with pgvector (`postgres://user:password@host:port/dbname`).
    /// Any number of servers may share one: nothing that answers requests lives in the process.
    Postgres(String),
}

impl DbLocation {
    /// `postgres://…`/`postgresql://…` is PostgreSQL, `:memory:` an in-memory SQLite database,
    /// anything else a SQLite file path.
    pub fn parse(s: &str) -> DbLocation {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            DbLocation::Postgres(s.to_string())
        } else if s == ":memory:" {
            DbLocation::Memory
        } else {
            DbLocation::File(PathBuf::from(s))
        }
    }
}

/// PostgreSQL connections each server keeps at most (requests beyond it wait for one).
pub const POSTGRES_POOL_SIZE: usize = 16;

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
    /// Default `Hash` (offline, instant). `MiniLm`, `Candle` and `OpenAi` need their cargo
    /// features (`minilm`, `candle`, `openai`); a database written with another embedder (or
    /// another model or dimension) has its vectors recomputed once at start.
    pub embedder: EmbedderKind,
    /// Connection hygiene against slow or silent clients.
    pub limits: ConnectionLimits,
}

/// How long a connection may stay silent and how many may be open (see `serve`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConnectionLimits {
    /// A request's headers must arrive within this time, counted from the connection's start
    /// or from the end of its previous response: it is also the idle keep-alive timeout.
    pub header_read_timeout: Duration,
    /// Open connections at most. At the limit a new connection closes the longest-idle one (no
    /// request in flight); when every connection is busy it is answered 503 and closed.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(30),
            max_connections: 4096,
        }
    }
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
            limits: ConnectionLimits::default(),
        }
    }
}

/// "mem_" + 32 lowercase hex characters.
pub fn generate_key() -> String {
    let bytes: [u8; 16] = rand::random();
    format!("mem_{}", hex::encode(bytes))
}
