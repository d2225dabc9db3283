//! MemoryRelay SDK: persistent memory for AI agents.
//!
//! The Rust core every binding wraps: an async [`Client`], a blocking twin
//! ([`BlockingClient`]), the method table ([`methods`]: `"memories.create"` → handler, JSON in
//! and out) and the stable error codes ([`ErrorCode`]).
//!
//! ```no_run
//! # async fn demo() -> memoryrelay::Result<()> {
//! use memoryrelay::{Client, ClientConfig};
//! use memoryrelay::resources::{CreateAgentOptions, CreateMemoryOptions, SearchOptions};
//!
//! let client = Client::new(ClientConfig::with_api_key("mem_your_api_key"))?;
//! let agent = client.agents().create("my-agent", CreateAgentOptions::default()).await?;
//! client
//!     .memories()
//!     .create(&agent.id, "The project uses PostgreSQL 16.", CreateMemoryOptions::default())
//!     .await?;
//! let results = client
//!     .memories()
//!     .search(&agent.id, "What database?", SearchOptions { limit: Some(5), ..Default::default() })
//!     .await?;
//! for result in &results {
//!     println!("[{:.2}] {}", result.score, result.content());
//! }
//! # Ok(()) }
//! ```

pub mod blocking;
pub mod client;
pub mod config;
pub mod error;
pub mod http;
pub mod methods;
pub mod models;
pub mod paging;
pub mod resources;
mod wait;

pub use blocking::BlockingClient;
pub use client::Client;
pub use config::ClientConfig;
pub use error::{Error, ErrorCode, Result};
pub use http::{CallOptions, RawResponse};
