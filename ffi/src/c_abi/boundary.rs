//! Crossing the C boundary: reading C strings, handing strings back, and turning panics and
//! errors into a status plus an error JSON.
//!
//! Every `extern "C"` entry point funnels through these helpers so that the rules in the header
//! (NULL and UTF-8 checks naming the argument, panics -> `MR_INTERNAL`, `{"error": ...}` output) are
//! implemented once.

use std::any::Any;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::{json, Value};

use super::status::mr_status;
use memoryrelay_core::{Error, ErrorCode};

/// Borrows a required C string argument as UTF-8; the error names the argument.
///
/// # Safety
/// `ptr` must be NULL or point to a NUL-terminated string valid for the returned lifetime.
pub(crate) unsafe fn required_str<'a>(ptr: *const c_char, arg: &str) -> Result<&'a str, Error> {
    if ptr.is_null() {
        return Err(Error::invalid_argument(format!("{arg} is NULL")));
    }
    // SAFETY: non-NULL and NUL-terminated per the function's contract.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    std::str::from_utf8(bytes).map_err(|e| {
        Error::invalid_argument(format!(
            "{arg} is not valid UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })
}

/// Parses an optional JSON-object argument (`params_json`, `config_json`): NULL means `{}`,
/// JSON `null` too (contract section 1.6); anything but an object is INVALID_ARGUMENT naming `arg`.
///
/// # Safety
/// As [`required_str`].
pub(crate) unsafe fn optional_object(ptr: *const c_char, arg: &str) -> Result<Value, Error> {
    if ptr.is_null() {
        return Ok(Value::Object(Default::default()));
    }
    // SAFETY: forwarded contract.
    let text = unsafe { required_str(ptr, arg) }?;
    parse_object(text, arg)
}

/// Parses `text` as a JSON object (or `null`, read as `{}`).
pub(crate) fn parse_object(text: &str, arg: &str) -> Result<Value, Error> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| Error::invalid_argument(format!("{arg} is not valid JSON: {e}")))?;
    match value {
        Value::Object(_) => Ok(value),
        Value::Null => Ok(Value::Object(Default::default())),
        other => Err(Error::invalid_argument(format!(
            "{arg} must be a JSON object, got {}",
            json_type_name(&other)
        ))),
    }
}

fn json_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Moves a Rust string into a `char *` the caller frees with `mr_string_free`.
pub(crate) fn into_c_string(s: String) -> *mut c_char {
    // serde_json escapes U+0000 as \u0000, so JSON text never has an interior NUL; the fallback
    // only guards against a future caller passing arbitrary text.
    CString::new(s)
        .unwrap_or_else(|e| {
            let mut bytes = e.into_vec();
            bytes.retain(|&b| b != 0);
            CString::new(bytes).expect("NULs removed")
        })
        .into_raw()
}

/// `{"error": <Error::to_json()>}`, the error document of the C ABI.
pub(crate) fn error_document(err: &Error) -> String {
    json!({ "error": err.to_json() }).to_string()
}

/// The outcome of a call as (status, JSON text the caller owns).
pub(crate) fn outcome_to_c(outcome: Result<Value, Error>) -> (mr_status, *mut c_char) {
    text_outcome_to_c(outcome.map(|value| value.to_string()))
}

/// [`outcome_to_c`] for a result that is JSON text already.
pub(crate) fn text_outcome_to_c(outcome: Result<String, Error>) -> (mr_status, *mut c_char) {
    match outcome {
        Ok(text) => (mr_status::MR_OK, into_c_string(text)),
        Err(err) => (
            mr_status::from(err.code()),
            into_c_string(error_document(&err)),
        ),
    }
}

/// INTERNAL error describing a caught panic.
pub(crate) fn panic_error(payload: Box<dyn Any + Send>) -> Error {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".to_string());
    Error::new(
        ErrorCode::Internal,
        format!("internal error (panic in memoryrelay): {what}"),
    )
}

/// Runs `body` for an entry point with a `char **out` parameter: checks `out`, catches panics,
/// and always stores a caller-owned JSON string in `*out` (the result's JSON text, or an error
/// document).
///
/// # Safety
/// `out` must be NULL or valid for one pointer-sized write.
pub(crate) unsafe fn with_json_out(
    out: *mut *mut c_char,
    body: impl FnOnce() -> Result<String, Error>,
) -> mr_status {
    if out.is_null() {
        // Nowhere to put an error document: the status alone has to do.
        return mr_status::MR_INVALID_ARGUMENT;
    }
    let outcome = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|p| Err(panic_error(p)));
    let (status, text) = text_outcome_to_c(outcome);
    // SAFETY: checked non-NULL; writable per the contract.
    unsafe { out.write(text) };
    status
}

/// Frees a string returned by this library (`out_json`, `out_error_json`, callback JSON).
///
/// NULL is ignored. Passing any other pointer, or freeing twice, is undefined behaviour.
/// Do not use `free()` on these strings: they come from Rust's allocator.
///
/// # Safety
/// `s` is NULL or a string returned by this library and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn mr_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    // A panic cannot happen here (dropping a CString), but an unwinding panic must never cross
    // the boundary, so the guard stays for uniformity.
    let _ = catch_unwind(|| {
        // SAFETY: `s` came from CString::into_raw in this library, per the contract.
        drop(unsafe { CString::from_raw(s) });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_non_utf8_are_named() {
        let err = unsafe { required_str(std::ptr::null(), "method") }.unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert_eq!(err.message(), "method is NULL");
        let bad = CString::new(vec![b'a', 0xff, b'b']).unwrap();
        let err = unsafe { required_str(bad.as_ptr(), "params_json") }.unwrap_err();
        assert!(
            err.message().contains("params_json is not valid UTF-8"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn objects_only() {
        assert_eq!(parse_object("null", "p").unwrap(), json!({}));
        assert_eq!(parse_object("{\"a\":1}", "p").unwrap(), json!({"a": 1}));
        let e = parse_object("{", "params_json").unwrap_err();
        assert!(
            e.message().starts_with("params_json is not valid JSON"),
            "{}",
            e.message()
        );
        let e = parse_object("[1]", "params_json").unwrap_err();
        assert_eq!(
            e.message(),
            "params_json must be a JSON object, got an array"
        );
    }

    #[test]
    fn panics_become_internal_with_an_error_document() {
        let mut out: *mut c_char = std::ptr::null_mut();
        let status = unsafe { with_json_out(&mut out, || panic!("boom")) };
        assert_eq!(status, mr_status::MR_INTERNAL);
        let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_owned();
        unsafe { mr_string_free(out) };
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["error"]["kind"], "internal");
        assert!(doc["error"]["message"].as_str().unwrap().contains("boom"));
    }

    #[test]
    fn null_out_pointer_is_invalid_argument() {
        let status = unsafe { with_json_out(std::ptr::null_mut(), || Ok(json!(1).to_string())) };
        assert_eq!(status, mr_status::MR_INVALID_ARGUMENT);
    }
}
