//! The SDK's one error type and the 12 stable error codes (wire contract §2.3).
//!
//! Every binding (C ABI, UniFFI, Go, Python) exposes these numbers and names unchanged,
//! so the enum's discriminants are part of the ABI: never renumber them.

use serde_json::{json, Value};

/// The one table of the stable error codes (wire contract §2.3): number, Rust variant, the
/// C constant, the upper-case name, the lower-case kind and a one-line description. Everything
/// else that lists codes is made from it: [`ErrorCode`] here, `mr_status` and the UniFFI error in
/// `memoryrelay-ffi`, and the Go and Python lists through the generator. Append only: numbers
/// are part of the ABI.
///
/// Call it with the name of a macro that takes the rows:
/// `for_each_error_code!(my_macro)` expands to
/// `my_macro! { $( $num, $Variant, $C_NAME, $NAME, $kind, $doc; )* }`.
#[macro_export]
macro_rules! for_each_error_code {
    ($callback:ident) => {
        $callback! {
            0, Ok, MR_OK, "OK", "ok",
                "Success.";
            1, InvalidArgument, MR_INVALID_ARGUMENT, "INVALID_ARGUMENT", "invalid_argument",
                "Bad or missing params, malformed JSON, NULL pointer, invalid UTF-8, unknown method, bad client option, client-side validation, closed client. Nothing was sent.";
            2, Authentication, MR_AUTHENTICATION, "AUTHENTICATION", "authentication",
                "HTTP 401, or no API key configured.";
            3, Forbidden, MR_FORBIDDEN, "FORBIDDEN", "forbidden",
                "HTTP 403: the key lacks a permission.";
            4, NotFound, MR_NOT_FOUND, "NOT_FOUND", "not_found",
                "HTTP 404: unknown, malformed, deleted or foreign resource (or no such in-flight call for `mr_cancel`).";
            5, Validation, MR_VALIDATION, "VALIDATION", "validation",
                "HTTP 400/422: the server rejected the request's fields; `details` lists them.";
            6, RateLimited, MR_RATE_LIMITED, "RATE_LIMITED", "rate_limited",
                "HTTP 429, or a Retry-After above the configured cap; see `retry_after`.";
            7, Conflict, MR_CONFLICT, "CONFLICT", "conflict",
                "HTTP 409: uniqueness violation or invalid state change.";
            8, Api, MR_API, "API", "api",
                "Any other HTTP error (5xx, 3xx, ...) or invalid JSON in a 2xx response.";
            9, Network, MR_NETWORK, "NETWORK", "network",
                "Transport failure: connection refused, reset, DNS or TLS failure.";
            10, Timeout, MR_TIMEOUT, "TIMEOUT", "timeout",
                "The per-attempt timeout expired (after retries).";
            11, Cancelled, MR_CANCELLED, "CANCELLED", "cancelled",
                "The call was cancelled (a cancellation token, `mr_cancel`, or freeing the client with the call in flight).";
            12, Internal, MR_INTERNAL, "INTERNAL", "internal",
                "A bug in the SDK (a caught panic). Please report it.";
        }
    };
}

macro_rules! define_error_code {
    ($($num:literal, $variant:ident, $c_name:ident, $name:literal, $kind:literal, $doc:literal;)*) => {
        /// Stable error codes shared by every binding. `Ok` exists for the C ABI's status enum.
        /// New codes may be added: match with a wildcard arm.
        #[repr(i32)]
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $(#[doc = concat!(" ", $doc)] $variant = $num,)*
        }

        impl ErrorCode {
            /// Every code, in numeric order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// Upper-case name, e.g. `NOT_FOUND`.
            pub fn name(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $name,)*
                }
            }

            /// Lower-case kind used in the JSON error object, e.g. `not_found`.
            pub fn kind(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $kind,)*
                }
            }

            /// One line saying when the code is used.
            pub fn description(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $doc,)*
                }
            }
        }
    };
}

for_each_error_code!(define_error_code);

impl ErrorCode {
    /// The numeric code, as returned by the C ABI.
    pub fn as_i32(self) -> i32 {
        self as i32
    }

    /// The code for a number, if it is one of them.
    pub fn from_i32(n: i32) -> Option<ErrorCode> {
        Self::ALL.get(usize::try_from(n).ok()?).copied()
    }

    /// The SDK code for a non-2xx HTTP status (§2.1): the code comes from the status only.
    pub fn from_status(status: u16) -> ErrorCode {
        match status {
            400 | 422 => ErrorCode::Validation,
            401 => ErrorCode::Authentication,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            409 => ErrorCode::Conflict,
            429 => ErrorCode::RateLimited,
            _ => ErrorCode::Api,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// An SDK error: a stable code plus everything the server told us.
///
/// The fields live behind one box so that `Result<T, Error>` stays small on the happy path.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}: {}", .inner.code, .inner.message)]
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Debug, Clone)]
struct Inner {
    code: ErrorCode,
    message: String,
    status: Option<u16>,
    request_id: Option<String>,
    retry_after: Option<u64>,
    details: Option<Value>,
    body: Option<String>,
}

/// Shorthand used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A client-side error with no HTTP exchange behind it.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            inner: Box::new(Inner {
                code,
                message: scrub_userinfo(message.into()),
                status: None,
                request_id: None,
                retry_after: None,
                details: None,
                body: None,
            }),
        }
    }

    /// INVALID_ARGUMENT with a message that names the problem.
    pub fn invalid_argument(message: impl Into<String>) -> Error {
        Error::new(ErrorCode::InvalidArgument, message)
    }

    /// An error built from an HTTP response (fields filled by the request path).
    pub fn from_response(
        status: u16,
        message: impl Into<String>,
        request_id: Option<String>,
        retry_after: Option<u64>,
        details: Option<Value>,
        body: Option<String>,
    ) -> Error {
        Error {
            inner: Box::new(Inner {
                code: ErrorCode::from_status(status),
                message: scrub_userinfo(message.into()),
                status: Some(status),
                request_id,
                retry_after,
                details,
                body,
            }),
        }
    }

    /// Overrides the code (e.g. API for invalid JSON in a 2xx, RATE_LIMITED for a long Retry-After).
    pub fn with_code(mut self, code: ErrorCode) -> Error {
        self.inner.code = code;
        self
    }

    /// Sets `retry_after` in whole seconds.
    pub fn with_retry_after(mut self, seconds: Option<u64>) -> Error {
        self.inner.retry_after = seconds;
        self
    }

    pub fn code(&self) -> ErrorCode {
        self.inner.code
    }
    pub fn message(&self) -> &str {
        &self.inner.message
    }
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }
    pub fn retry_after(&self) -> Option<u64> {
        self.inner.retry_after
    }
    pub fn details(&self) -> Option<&Value> {
        self.inner.details.as_ref()
    }
    /// The raw response body, when there was a response.
    pub fn body(&self) -> Option<&str> {
        self.inner.body.as_deref()
    }

    /// The JSON-layer error object of §2.3: every member present, null when it does not apply.
    pub fn to_json(&self) -> Value {
        json!({
            "code": self.inner.code.as_i32(),
            "kind": self.inner.code.kind(),
            "message": self.inner.message,
            "status": self.inner.status,
            "request_id": self.inner.request_id,
            "retry_after": self.inner.retry_after,
            "details": self.inner.details,
            "body": self.inner.body,
        })
    }
}

/// Decodes a result JSON into a model; a body the model cannot hold is an API error.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    method: &str,
    value: serde_json::Value,
) -> Result<T> {
    serde_json::from_value(value).map_err(|e| shape_error(method, &e))
}

/// The error for a success body whose shape is not the method's result model.
pub(crate) fn shape_error(method: &str, e: &serde_json::Error) -> Error {
    Error::new(
        ErrorCode::Api,
        format!("{method}: unexpected response shape: {e}"),
    )
}

/// Removes the userinfo of every URL in a message (`http://user:pw@host` → `http://host`):
/// a password in a configured base URL must never reach a log through an error message.
pub(crate) fn scrub_userinfo(message: String) -> String {
    if !message.contains("://") {
        return message;
    }
    let mut out = String::with_capacity(message.len());
    let mut rest = message.as_str();
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        // The authority ends at the path, query, fragment, or anything that cannot be in it.
        let end = tail
            .find(|c: char| {
                matches!(c, '/' | '?' | '#' | '`' | '\'' | '"' | '<' | '>') || c.is_whitespace()
            })
            .unwrap_or(tail.len());
        let authority = &tail[..end];
        match authority.rfind('@') {
            Some(at) => out.push_str(&authority[at + 1..]),
            None => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_in_messages_lose_their_userinfo() {
        let e = Error::invalid_argument("base_url `http://user:s3cret@host:1/x` is bad");
        assert_eq!(e.message(), "base_url `http://host:1/x` is bad");
        let e = Error::new(
            ErrorCode::Network,
            "to https://a:b@h1 and http://h2/p?q=a@b then ftp://u@h3",
        );
        assert_eq!(
            e.message(),
            "to https://h1 and http://h2/p?q=a@b then ftp://h3"
        );
        assert!(
            !Error::from_response(500, "at http://k:pw@x", None, None, None, None)
                .message()
                .contains("pw")
        );
    }

    #[test]
    fn codes_round_trip_and_are_stable() {
        for (n, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(code.as_i32(), n as i32);
            assert_eq!(ErrorCode::from_i32(n as i32), Some(*code));
            assert_eq!(code.kind(), code.name().to_ascii_lowercase());
        }
        assert_eq!(ErrorCode::from_i32(13), None);
        assert_eq!(ErrorCode::from_i32(-1), None);
    }

    #[test]
    fn status_mapping_follows_the_contract() {
        let cases = [
            (400, ErrorCode::Validation),
            (401, ErrorCode::Authentication),
            (403, ErrorCode::Forbidden),
            (404, ErrorCode::NotFound),
            (405, ErrorCode::Api),
            (409, ErrorCode::Conflict),
            (413, ErrorCode::Api),
            (422, ErrorCode::Validation),
            (429, ErrorCode::RateLimited),
            (503, ErrorCode::Api),
            (302, ErrorCode::Api),
        ];
        for (status, code) in cases {
            assert_eq!(ErrorCode::from_status(status), code, "status {status}");
        }
    }

    #[test]
    fn json_object_has_every_member() {
        let err = Error::invalid_argument("content must not be empty");
        let v = err.to_json();
        assert_eq!(v["code"], 1);
        assert_eq!(v["kind"], "invalid_argument");
        for key in ["status", "request_id", "retry_after", "details", "body"] {
            assert!(v.get(key).is_some_and(Value::is_null), "{key}");
        }
    }
}
