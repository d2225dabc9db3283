//! The C ABI (`include/memoryrelay.h`, generated from this module by cbindgen).
//!
//! A JSON layer over the method table: `mr_call(client, "memories.get", params_json, &out)`
//! plus one named function per method, asynchronous calls with cancellation, and the status
//! codes of the contract. The design and its rules (ownership, threading, errors) are written
//! once, in the header's top comment (cbindgen.toml) and docs/c-abi.md.
//!
//! Every entry point is `extern "C"`, catches panics, and checks pointers and UTF-8 itself:
//! nothing the caller passes can unwind or crash through the boundary short of a dangling
//! pointer.

// C naming (`mr_client`, `mr_status`, `MR_OK`) is the ABI; cbindgen copies names verbatim.
#![allow(non_camel_case_types)]

// Declaration order is the header's order (cbindgen keeps source order): handle, calls, named
// methods, async, strings, status names, versions, logging. The blank lines keep rustfmt from sorting
// the declarations alphabetically.
mod client;

mod call;

mod named;

mod async_call;

mod inflight;

mod boundary;

mod status;

mod version;

mod logger;

#[cfg(test)]
mod bench;

pub use async_call::{mr_call_async, mr_callback, mr_cancel};
pub use boundary::mr_string_free;
pub use call::mr_call;
pub use client::{mr_client, mr_client_free, mr_client_new};
pub use logger::{mr_log_callback, mr_set_logger};
pub use status::{mr_error_name, mr_status};
pub use version::{
    mr_abi_version, mr_version, MR_ABI_VERSION, MR_VERSION_MAJOR, MR_VERSION_MINOR,
    MR_VERSION_PATCH,
};
