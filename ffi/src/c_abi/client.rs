//! The `mr_client` handle: a Rust [`Client`] (run by the shared runtime, see `crate::runtime`)
//! and the registry of in-flight asynchronous calls; plus `mr_client_new` / `mr_client_free`.

use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use serde_json::Value;

use super::boundary::{error_document, into_c_string, optional_object, panic_error};
use super::inflight::Inflight;
use super::status::mr_status;
use memoryrelay_core::{Client, ClientConfig, Error};

/// Suffix appended to the User-Agent when the caller sets none (contract section 1.3).
const USER_AGENT_SUFFIX: &str = "c";

/// A MemoryRelay client handle (opaque).
///
/// Create it with `mr_client_new`, share it freely between threads, free it once with
/// `mr_client_free`.
pub struct mr_client {
    // Field order is drop order: the client (and its connection pool) goes before the runtime
    // reference, which may be the last one and stop the runtime.
    pub(crate) client: Client,
    pub(crate) inflight: Arc<Inflight>,
    pub(crate) runtime: crate::runtime::Shared,
}

impl mr_client {
    fn new(config: &Value) -> Result<mr_client, Error> {
        let mut config = ClientConfig::from_json(config)?;
        if config.user_agent_suffix.is_none() {
            config.user_agent_suffix = Some(USER_AGENT_SUFFIX.to_string());
        }
        // Some HTTP stacks look for a runtime when the client is built; give them the one
        // that will run the calls.
        let runtime = crate::runtime::acquire()?;
        let client = runtime.enter(|| Client::new(config))?;
        Ok(mr_client {
            client,
            inflight: Arc::new(Inflight::default()),
            runtime,
        })
    }

    /// Cancels every in-flight asynchronous call, waits until each callback has returned, then
    /// drops the client (its connections close).
    fn close(self) {
        self.inflight.cancel_all_and_wait();
        drop(self);
    }
}

/// Creates a client handle.
///
/// `config_json` is a JSON object with any of these keys (all optional; NULL means `{}`):
/// - `api_key` (string): else the environment variable `MEMORYRELAY_API_KEY`; without either,
///   creation fails with `MR_AUTHENTICATION`.
/// - `base_url` (string): else `MEMORYRELAY_API_URL`, else `https://api.memoryrelay.net`.
/// - `timeout` (number, seconds): per-attempt timeout, default 30.
/// - `max_retries` (integer 0..10): default 2.
/// - `max_retry_after` (number, seconds): cap on a server's Retry-After, default 60.
/// - `allow_insecure_http` (boolean): allow a plain `http://` base URL other than loopback.
/// - `user_agent_suffix` (string): appended to the User-Agent as ` (<suffix>)`; default `c`.
///
/// These are the same options, with the same names and units, as every other binding's.
/// Deprecated: `timeout_ms` and `max_retry_after_ms` (integers, milliseconds), the spellings of
/// 0.1, are still accepted until 0.2; giving both spellings of one option is an error.
///
/// An unknown key or a value of the wrong type is `MR_INVALID_ARGUMENT` naming it.
///
/// On `MR_OK`, `*out_client` is a new handle and `*out_error_json` is NULL. On failure,
/// `*out_client` is NULL and `*out_error_json` is an error document (`{"error": {...}}`) that
/// the caller frees with `mr_string_free`. Both out pointers are required: if either is NULL,
/// the function returns `MR_INVALID_ARGUMENT` and writes nothing.
///
/// # Safety
/// `config_json` is NULL or a NUL-terminated string; the out pointers are NULL or point to
/// writable storage for one pointer each.
#[no_mangle]
pub unsafe extern "C" fn mr_client_new(
    config_json: *const c_char,
    out_client: *mut *mut mr_client,
    out_error_json: *mut *mut c_char,
) -> mr_status {
    if out_client.is_null() || out_error_json.is_null() {
        return mr_status::MR_INVALID_ARGUMENT;
    }
    let created = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: NULL or a NUL-terminated string, per the documented contract.
        let config = unsafe { optional_object(config_json, "config_json") }?;
        mr_client::new(&config)
    }))
    .unwrap_or_else(|p| Err(panic_error(p)));
    // SAFETY: both checked non-NULL; writable per the contract.
    unsafe {
        match created {
            Ok(client) => {
                out_client.write(Box::into_raw(Box::new(client)));
                out_error_json.write(std::ptr::null_mut());
                mr_status::MR_OK
            }
            Err(err) => {
                out_client.write(std::ptr::null_mut());
                out_error_json.write(into_c_string(error_document(&err)));
                mr_status::from(err.code())
            }
        }
    }
}

/// Frees a client handle. NULL is ignored.
///
/// Asynchronous calls still in flight are cancelled: each one's callback is invoked with
/// `MR_CANCELLED` (or with its result, if it had already finished), and `mr_client_free` returns
/// only after every callback has returned. Synchronous calls must have returned before this is
/// called; the handle must not be used afterwards.
///
/// Called from inside a callback (on a runtime worker thread), it cannot wait for that very
/// callback: it then cancels everything and returns at once, and the handle is released on a
/// background thread once the last callback has returned.
///
/// # Safety
/// `client` is NULL or a handle from `mr_client_new` that has not been freed; no other thread
/// uses it during or after the call.
#[no_mangle]
pub unsafe extern "C" fn mr_client_free(client: *mut mr_client) {
    if client.is_null() {
        return;
    }
    // SAFETY: came from Box::into_raw in mr_client_new and is freed once, per the contract.
    let client = unsafe { Box::from_raw(client) };
    let _ = catch_unwind(AssertUnwindSafe(move || {
        if tokio::runtime::Handle::try_current().is_ok() {
            // Inside a runtime (a callback): waiting there for our own callback would deadlock,
            // so the wait and the drop move to a thread.
            client.inflight.cancel_all();
            std::thread::spawn(move || client.close());
        } else {
            client.close();
        }
    }));
}
