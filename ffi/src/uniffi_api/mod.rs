//! UniFFI bindings (Python, Swift, Kotlin, …): proc-macro exports compiled into the same
//! cdylib as the C ABI. Generate foreign code from the unstripped library with
//! `cargo run -p uniffi-bindgen -- generate --library <lib> --language <lang> --out-dir <dir>`.
//!
//! The surface is the JSON layer of wire contract §1.6: a client object built from
//! [`ClientOptions`], a generic `call(method, params_json) -> String` (async, driven on tokio)
//! with a `call_blocking` twin, one error type ([`MemoryRelayError`]) and a
//! [`CancellationToken`]. Each language's typed skin calls `call` by method name.
//! Typed models stay in each language's skin; docs/uniffi.md says why.

#[macro_use]
mod export;
mod cancel;
mod client;
mod error;
mod logger;
mod options;
mod raw;
#[cfg(test)]
mod tests;

pub use cancel::CancellationToken;
pub use client::MemoryRelayClient;
pub use error::MemoryRelayError;
pub use logger::{set_logger, LogLevel, Logger};
pub use options::ClientOptions;
pub use raw::{call_raw_blocking, call_raw_blocking_with_token, method_names, RawReply};
