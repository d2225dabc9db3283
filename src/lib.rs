//! MemoryRelay SDK: persistent memory for AI agents.
//!
//! The Rust core every binding wraps: an async [`Client`], a blocking twin, the method table
//! (`"memories.create"` → handler, JSON in and out) and the stable error codes.

pub mod error;

pub use error::{Error, ErrorCode, Result};
