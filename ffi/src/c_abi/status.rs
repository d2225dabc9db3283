//! `mr_status`, the C ABI's return code, and `mr_error_name`.
//!
//! The numbers are the contract's stable error codes (section 2.3) plus `MR_OK = 0`; they mirror
//! [`memoryrelay_core::ErrorCode`] one to one (a unit test checks it), but the C ABI keeps its own enum so
//! that the header names the constants `MR_*` and so that no ABI-visible item depends on how the
//! Rust core spells its enum.

// The variants are named as C callers see them (`MR_OK`, ...); cbindgen copies names verbatim.
#![allow(non_camel_case_types)]

use std::ffi::c_char;

use memoryrelay_core::ErrorCode;

/// Status code returned by every `mr_*` function that can fail (wire contract section 2.3).
///
/// The values are stable across releases: new codes may be added at the end, existing ones are
/// never renumbered. `mr_error_name()` gives the upper-case name of a code.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mr_status {
    /// Success.
    MR_OK = 0,
    /// Bad or missing params, malformed JSON, NULL pointer, invalid UTF-8, unknown method,
    /// bad client option, client-side validation. Nothing was sent.
    MR_INVALID_ARGUMENT = 1,
    /// HTTP 401, or no API key configured.
    MR_AUTHENTICATION = 2,
    /// HTTP 403: the key lacks a permission.
    MR_FORBIDDEN = 3,
    /// HTTP 404: unknown, malformed, deleted or foreign resource (or no such in-flight call for
    /// `mr_cancel`).
    MR_NOT_FOUND = 4,
    /// HTTP 400/422: the server rejected the request's fields; `details` lists them.
    MR_VALIDATION = 5,
    /// HTTP 429, or a Retry-After above the configured cap; see `retry_after`.
    MR_RATE_LIMITED = 6,
    /// HTTP 409: uniqueness violation or invalid state change.
    MR_CONFLICT = 7,
    /// Any other HTTP error (5xx, 3xx, ...) or invalid JSON in a 2xx response.
    MR_API = 8,
    /// Transport failure: connection refused, reset, DNS or TLS failure.
    MR_NETWORK = 9,
    /// The per-attempt timeout expired (after retries).
    MR_TIMEOUT = 10,
    /// The call was cancelled (`mr_cancel`, or `mr_client_free` with the call in flight).
    MR_CANCELLED = 11,
    /// A bug in the SDK (a caught panic). Please report it.
    MR_INTERNAL = 12,
}

impl From<ErrorCode> for mr_status {
    fn from(code: ErrorCode) -> mr_status {
        match code {
            ErrorCode::Ok => mr_status::MR_OK,
            ErrorCode::InvalidArgument => mr_status::MR_INVALID_ARGUMENT,
            ErrorCode::Authentication => mr_status::MR_AUTHENTICATION,
            ErrorCode::Forbidden => mr_status::MR_FORBIDDEN,
            ErrorCode::NotFound => mr_status::MR_NOT_FOUND,
            ErrorCode::Validation => mr_status::MR_VALIDATION,
            ErrorCode::RateLimited => mr_status::MR_RATE_LIMITED,
            ErrorCode::Conflict => mr_status::MR_CONFLICT,
            ErrorCode::Api => mr_status::MR_API,
            ErrorCode::Network => mr_status::MR_NETWORK,
            ErrorCode::Timeout => mr_status::MR_TIMEOUT,
            ErrorCode::Cancelled => mr_status::MR_CANCELLED,
            ErrorCode::Internal => mr_status::MR_INTERNAL,
        }
    }
}

/// NUL-terminated static names, indexed by code; kept as C string literals so `mr_error_name`
/// never allocates and the caller never frees.
const NAMES: [&std::ffi::CStr; 13] = [
    c"OK",
    c"INVALID_ARGUMENT",
    c"AUTHENTICATION",
    c"FORBIDDEN",
    c"NOT_FOUND",
    c"VALIDATION",
    c"RATE_LIMITED",
    c"CONFLICT",
    c"API",
    c"NETWORK",
    c"TIMEOUT",
    c"CANCELLED",
    c"INTERNAL",
];

/// The upper-case name of a status code (`"NOT_FOUND"` for 4), or `"UNKNOWN"` for a number that
/// is not a code.
///
/// The string is static: do not free it. Never NULL. Thread-safe.
#[no_mangle]
pub extern "C" fn mr_error_name(code: i32) -> *const c_char {
    usize::try_from(code)
        .ok()
        .and_then(|i| NAMES.get(i))
        .map_or(c"UNKNOWN".as_ptr(), |name| name.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn status_numbers_and_names_mirror_error_code() {
        for code in ErrorCode::ALL {
            let status = mr_status::from(code);
            assert_eq!(status as i32, code.as_i32());
            let name = unsafe { CStr::from_ptr(mr_error_name(code.as_i32())) };
            assert_eq!(name.to_str().unwrap(), code.name());
        }
    }

    #[test]
    fn unknown_codes_have_a_static_name() {
        for n in [-1, 13, i32::MAX, i32::MIN] {
            let name = unsafe { CStr::from_ptr(mr_error_name(n)) };
            assert_eq!(name.to_str().unwrap(), "UNKNOWN");
        }
    }
}
