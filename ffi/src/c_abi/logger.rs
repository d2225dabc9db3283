//! `mr_set_logger`: the core's log events through a C callback.

use std::ffi::{c_char, c_void, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use super::status::mr_status;
use crate::logging::{self, Level, Record, Sink};

/// Receives one log event. `level` is 1 (error) … 5 (trace); `target` is `"memoryrelay"`;
/// `message` says what happened (`"request succeeded"`, `"retrying request"`, …) and
/// `fields_json` is a JSON object of its fields (`method`, `attempt`, `status`, `code`,
/// `latency_ms`, `request_id`, `wait_ms`, …), never the API key or a body. The strings are
/// borrowed for the duration of the call: copy what you keep; do not free them.
///
/// Called on the library's threads, possibly several at once: it must be thread-safe, should
/// return quickly, and must not call `mr_set_logger`.
pub type mr_log_callback = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        level: i32,
        target: *const c_char,
        message: *const c_char,
        fields_json: *const c_char,
    ),
>;

/// The caller's pointer, handed back to its callback on any thread (the contract above).
struct UserData(*mut c_void);
unsafe impl Send for UserData {}
unsafe impl Sync for UserData {}

/// Routes the library's log events at `level` and above to `callback`: 0 = off (the default),
/// 1 = error, 2 = warn, 3 = info (retries), 4 = debug (every attempt), 5 = trace. A NULL
/// `callback` or level 0 turns logging off. The setting is process-wide (every client) and
/// replaces the previous one; `user_data` is passed back to each call unchanged.
///
/// Returns `MR_OK`, or `MR_INVALID_ARGUMENT` for a level outside 0..5.
///
/// # Safety
/// `callback`, when not NULL, must stay callable (and `user_data` valid) until logging is
/// turned off or replaced by another `mr_set_logger` call.
#[no_mangle]
pub unsafe extern "C" fn mr_set_logger(
    level: i32,
    callback: mr_log_callback,
    user_data: *mut c_void,
) -> mr_status {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let level = Level::from_number(i64::from(level))?;
        let sink: Option<Sink> = callback.map(|callback| {
            let user_data = UserData(user_data);
            Arc::new(move |r: &Record<'_>| {
                // Interior NULs cannot occur in these strings; drop the event if one does.
                let (Ok(target), Ok(message), Ok(fields)) = (
                    CString::new(r.target),
                    CString::new(r.message),
                    CString::new(r.fields_json),
                ) else {
                    return;
                };
                let ud = &user_data;
                // SAFETY: the caller promised the callback and user_data stay valid.
                unsafe {
                    callback(
                        ud.0,
                        r.level as i32,
                        target.as_ptr(),
                        message.as_ptr(),
                        fields.as_ptr(),
                    )
                };
            }) as Sink
        });
        logging::set(level, sink)
    }));
    match result {
        Ok(Ok(())) => mr_status::MR_OK,
        Ok(Err(e)) => mr_status::from(e.code()),
        Err(_) => mr_status::MR_INTERNAL,
    }
}
