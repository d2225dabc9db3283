//! memoryrelay-server: a local MemoryRelay-compatible HTTP server (axum over
//! memoryrelay-engine). Library entry points per docs/interfaces.md §1; the binary of the same
//! name is a thin CLI over them.

mod account;
mod app;
mod auth;
mod config;
mod conns;
mod engine_call;
mod errors;
mod extract;
#[cfg(feature = "fault-injection")]
mod faults;
mod fd_limit;
mod idempotency;
mod rate_limit;
mod read_path;
mod request_id;
mod request_scope;
mod routes;
mod serve;
mod state;

pub use config::{generate_key, ConnectionLimits, DbLocation, EmbedderKind, ServerConfig};
pub use serve::{spawn, spawn_background, BackgroundServer, RunningServer, ServerError};

/// The engine account id the server uses for an API key. Lets a benchmark seed a database file
/// directly through `memoryrelay-engine` (much faster than HTTP), then serve it with
/// `DbLocation::File` and the same key.
pub fn account_for_key(key: &str) -> String {
    account::account_for_key(key).0.to_string()
}

/// Whether this build includes fault injection (the runtime flag is needed too).
pub const FAULT_INJECTION_COMPILED: bool = cfg!(feature = "fault-injection");

/// Whether this build can serve with `EmbedderKind::MiniLm` (cargo feature `minilm`).
pub const MINILM_COMPILED: bool = cfg!(feature = "minilm");
