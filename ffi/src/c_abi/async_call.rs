//! `mr_call_async` and `mr_cancel`: calls driven by the shared runtime, completed through a
//! callback.

use std::ffi::{c_char, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use serde_json::Value;

use super::boundary::{optional_object, outcome_to_c, panic_error, required_str};
use super::call::client_ref;
use super::client::mr_client;
use super::inflight::Inflight;
use super::status::mr_status;
use memoryrelay_core::{Error, ErrorCode};

/// Completion callback of `mr_call_async`.
///
/// - `user_data`: the pointer given to `mr_call_async`, untouched.
/// - `request_id`: the id `mr_call_async` returned (0 if the call could not be started).
/// - `status`: `MR_OK` or the error code.
/// - `json`: the result JSON on `MR_OK`, else an error document `{"error": {...}}`; never NULL.
///   The callback owns it and must free it with `mr_string_free` (it may keep it, or hand it to
///   another thread, and free it later).
///
/// The callback runs on a worker thread of the library's runtime (or, for a call that could not be
/// started, on the thread that called `mr_call_async`, before it returns). It must not block
/// for long, must not call `mr_call` (use `mr_call_async`), and must not unwind (no C++
/// exception, no longjmp) out of itself.
pub type mr_callback = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        request_id: u64,
        status: mr_status,
        json: *mut c_char,
    ),
>;

/// The caller's `user_data`, carried to a worker thread. The header makes thread-safety of what
/// it points to the caller's responsibility.
#[derive(Clone, Copy)]
struct UserData(*mut c_void);
// SAFETY: we never dereference it; we only hand it back to the caller's callback.
unsafe impl Send for UserData {}

/// Invokes the callback with an outcome, converting it to C.
///
/// # Safety
/// `callback` must be a valid function pointer.
unsafe fn complete(
    callback: unsafe extern "C" fn(*mut c_void, u64, mr_status, *mut c_char),
    user_data: &UserData,
    id: u64,
    outcome: Result<Value, Error>,
) {
    let (status, json) = outcome_to_c(outcome);
    // SAFETY: caller-provided callback, invoked exactly once per call with a string it owns.
    unsafe { callback(user_data.0, id, status, json) };
}

fn cancelled() -> Error {
    Error::new(ErrorCode::Cancelled, "call cancelled")
}

/// Starts a call and returns at once; `callback` is invoked exactly once with the outcome.
///
/// Returns the call's request id (>= 1, unique per handle), usable with `mr_cancel`.
///
/// Returns 0 if the call could not be started: NULL `client`, NULL `method`, bad UTF-8, params
/// that are not a JSON object, or a handle being freed. In that case the callback has already
/// been invoked, once, on the calling thread, with `request_id` 0 and the error, before
/// `mr_call_async` returns. A NULL `callback` returns 0 and invokes nothing. Method-level
/// validation (unknown method, missing or mistyped params) is reported through the callback of a
/// started call, like any other error.
///
/// `method` and `params_json` mean what they mean for `mr_call`; both strings are copied before
/// this returns.
///
/// # Safety
/// `client` is NULL or a live handle; `method` and `params_json` are NULL or NUL-terminated
/// strings; `callback`, if not NULL, stays callable until it has been invoked.
#[no_mangle]
pub unsafe extern "C" fn mr_call_async(
    client: *const mr_client,
    method: *const c_char,
    params_json: *const c_char,
    callback: mr_callback,
    user_data: *mut c_void,
) -> u64 {
    let Some(callback) = callback else {
        return 0;
    };
    let user_data = UserData(user_data);
    let started = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: forwarded contracts of the entry point.
        let client = unsafe { client_ref(client) }?;
        let method = unsafe { required_str(method, "method") }?.to_owned();
        let params = unsafe { optional_object(params_json, "params_json") }?;
        spawn_call(client, method, params, callback, user_data)
    }))
    .unwrap_or_else(|p| Err(panic_error(p)));
    match started {
        Ok(id) => id,
        Err(err) => {
            // SAFETY: non-NULL function pointer supplied by the caller.
            unsafe { complete(callback, &user_data, 0, Err(err)) };
            0
        }
    }
}

fn spawn_call(
    client: &mr_client,
    method: String,
    params: Value,
    callback: unsafe extern "C" fn(*mut c_void, u64, mr_status, *mut c_char),
    user_data: UserData,
) -> Result<u64, Error> {
    let Some((id, cancel_rx)) = client.inflight.register() else {
        return Err(Error::invalid_argument("client is being freed"));
    };
    let inflight: Arc<Inflight> = Arc::clone(&client.inflight);
    let rust_client = client.client.clone();
    client.runtime.spawn_task(async move {
        let call = AssertUnwindSafe(rust_client.call(&method, params));
        let outcome = tokio::select! {
            // Biased: a cancel that is already pending wins over a result that is ready.
            biased;
            _ = cancel_rx => Err(cancelled()),
            result = futures_util::FutureExt::catch_unwind(call) => {
                result.unwrap_or_else(|p| Err(panic_error(p)))
            }
        };
        let outcome = if inflight.claim(id) {
            outcome
        } else {
            Err(cancelled())
        };
        // SAFETY: non-NULL function pointer supplied by the caller; invoked exactly once.
        let _ = catch_unwind(AssertUnwindSafe(|| unsafe {
            complete(callback, &user_data, id, outcome)
        }));
        inflight.finished();
    });
    Ok(id)
}

/// Cancels an asynchronous call.
///
/// Returns `MR_OK` if the call was in flight: its HTTP exchange is abandoned and its callback
/// is invoked with `MR_CANCELLED` (possibly before `mr_cancel` returns, on a worker thread).
/// Returns `MR_NOT_FOUND` if no call with that id is in flight (it already completed, or the id
/// was never issued), and `MR_INVALID_ARGUMENT` for a NULL `client`. Cancelling a call whose
/// request already reached the server does not undo what the server did.
///
/// # Safety
/// `client` is NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn mr_cancel(client: *const mr_client, request_id: u64) -> mr_status {
    catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: forwarded contract.
        match unsafe { client_ref(client) } {
            Err(_) => mr_status::MR_INVALID_ARGUMENT,
            Ok(client) if client.inflight.cancel(request_id) => mr_status::MR_OK,
            Ok(_) => mr_status::MR_NOT_FOUND,
        }
    }))
    .unwrap_or(mr_status::MR_INTERNAL)
}
