//! The foreign-language surface of the MemoryRelay SDK, compiled into one shared library
//! (`libmemoryrelay`): the C ABI ([`c_abi`], header `include/memoryrelay.h`) and the UniFFI
//! exports ([`uniffi_api`]: Python, Swift, Kotlin). Both are thin layers over the pure Rust
//! client in the `memoryrelay` crate, which knows nothing of FFI.

#![warn(missing_docs)]

// Android: the JNI initialisation of the TLS verifier (see android/).
#[cfg(target_os = "android")]
mod android;
pub mod c_abi;
// Log events of the core, routed to the C callback or the UniFFI logger.
pub mod logging;
// The runtime policy: which tokio runtime runs which call.
mod runtime;
// UniFFI exports (Python, Swift, Kotlin); compiled into the same cdylib as the C ABI.
pub mod uniffi_api;

uniffi::setup_scaffolding!();
