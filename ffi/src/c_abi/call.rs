//! `mr_call`: the synchronous JSON call over the method table.

use std::ffi::c_char;

use serde_json::Value;

use super::boundary::{optional_object, required_str, with_json_out};
use super::client::mr_client;
use super::status::mr_status;
use memoryrelay_core::Error;

/// Borrows the handle behind a `const mr_client *`.
///
/// # Safety
/// `client` must be NULL or a live handle from `mr_client_new`.
pub(crate) unsafe fn client_ref<'a>(client: *const mr_client) -> Result<&'a mr_client, Error> {
    // SAFETY: per the contract, non-NULL means a live handle.
    unsafe { client.as_ref() }.ok_or_else(|| Error::invalid_argument("client is NULL"))
}

/// Runs one call to completion on the calling thread. The result is the response's JSON text
/// as received (the core's raw path: checked to be JSON, not parsed into a `Value` and
/// serialised again); C callers and the Go binding parse it themselves.
fn call_blocking(client: &mr_client, method: &str, params: Value) -> Result<String, Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        // Blocking a runtime worker (e.g. inside an mr_call_async callback) would panic in
        // tokio or starve the very workers the call needs.
        return Err(Error::invalid_argument(
            "mr_call cannot block on a runtime thread (inside an mr_call_async callback); \
             use mr_call_async there",
        ));
    }
    let raw = client
        .runtime
        .block_on(client.client.call_raw(method, params))?;
    Ok(String::from_utf8_lossy(&raw.body).into_owned())
}

/// Shared body of `mr_call` and the named per-method functions.
///
/// # Safety
/// As `mr_call`.
pub(crate) unsafe fn call_json(
    client: *const mr_client,
    method: Result<&str, Error>,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mr_status {
    // SAFETY: forwarded contracts of the entry point.
    unsafe {
        with_json_out(out_json, || {
            let client = client_ref(client)?;
            let method = method?;
            let params = optional_object(params_json, "params_json")?;
            call_blocking(client, method, params)
        })
    }
}

/// Calls a method by name and blocks until it completes.
///
/// - `method`: `"resource.method"`, e.g. `"memories.create"` (the 47 names are listed with the
///   named functions below; an unknown name is `MR_INVALID_ARGUMENT`).
/// - `params_json`: a JSON object with the method's parameters (same names and defaults as the
///   Python SDK's keyword arguments, plus the documented extras). NULL or `"null"` means `{}`.
/// - `out_json`: receives, on `MR_OK`, the result JSON (the server's response, lossless; `null`
///   for the delete methods); on any other status, an error document
///   `{"error": {"code", "kind", "message", "status", "request_id", "retry_after", "details",
///   "body"}}`. Either way the caller frees it with `mr_string_free`. Required: if NULL, the
///   function returns `MR_INVALID_ARGUMENT` and does nothing.
///
/// Returns `MR_OK` or the error's code. Retries (contract section 3) happen inside the call.
/// Must not be called from an `mr_call_async` callback (returns `MR_INVALID_ARGUMENT`).
///
/// # Safety
/// `client` is NULL or a live handle; `method` and `params_json` are NULL or NUL-terminated
/// strings; `out_json` is NULL or points to writable storage for one pointer.
#[no_mangle]
pub unsafe extern "C" fn mr_call(
    client: *const mr_client,
    method: *const c_char,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> mr_status {
    // SAFETY: forwarded contract; `method` is NULL or NUL-terminated.
    unsafe {
        call_json(
            client,
            required_str(method, "method"),
            params_json,
            out_json,
        )
    }
}
