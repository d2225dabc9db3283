//! The one UniFFI error type: a variant per contract code (§2.3), each with the same fields,
//! so Swift can `catch MemoryRelayError.NotFound(...)`, Kotlin can match on the subclass and
//! Python gets one exception class per code.

use memoryrelay_core::{Error, ErrorCode};

macro_rules! error_type {
    ($($(#[$doc:meta])* $variant:ident = $code:ident),* $(,)?) => {
        /// An SDK error. `code` is the stable number of contract §2.3; `details` is the
        /// server's validation list as a JSON string; `body` is the raw response body.
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
        pub enum MemoryRelayError {
            $(
                $(#[$doc])*
                #[error("{message}")]
                $variant {
                    code: i32,
                    message: String,
                    status: Option<u16>,
                    request_id: Option<String>,
                    retry_after: Option<u64>,
                    details: Option<String>,
                    body: Option<String>,
                },
            )*
        }

        impl MemoryRelayError {
            /// The stable code.
            pub fn code(&self) -> ErrorCode {
                match self {
                    $(MemoryRelayError::$variant { .. } => ErrorCode::$code,)*
                }
            }
        }

        impl From<Error> for MemoryRelayError {
            fn from(e: Error) -> MemoryRelayError {
                let code = e.code().as_i32();
                let message = e.message().to_owned();
                let status = e.status();
                let request_id = e.request_id().map(str::to_owned);
                let retry_after = e.retry_after();
                let details = e.details().map(|d| d.to_string());
                let body = e.body().map(str::to_owned);
                match e.code() {
                    $(ErrorCode::$code => MemoryRelayError::$variant {
                        code, message, status, request_id, retry_after, details, body,
                    },)*
                    // OK is never an error; report it as the SDK bug it would be.
                    ErrorCode::Ok => MemoryRelayError::Internal {
                        code: ErrorCode::Internal.as_i32(),
                        message: format!("internal error: error with code OK: {message}"),
                        status, request_id, retry_after, details, body,
                    },
                }
            }
        }
    };
}

error_type! {
    /// Bad or missing params, unknown method, bad client option, closed client (code 1).
    InvalidArgument = InvalidArgument,
    /// 401, or no API key configured (code 2).
    Authentication = Authentication,
    /// 403 (code 3).
    Forbidden = Forbidden,
    /// 404 (code 4).
    NotFound = NotFound,
    /// Server-side validation, 400/422 (code 5).
    Validation = Validation,
    /// 429, or a Retry-After over the cap (code 6).
    RateLimited = RateLimited,
    /// 409 (code 7).
    Conflict = Conflict,
    /// Other HTTP errors, invalid JSON in a 2xx (code 8).
    Api = Api,
    /// Transport failure (code 9).
    Network = Network,
    /// Per-attempt timeout (code 10).
    Timeout = Timeout,
    /// The caller cancelled (code 11).
    Cancelled = Cancelled,
    /// SDK bug or caught panic (code 12).
    Internal = Internal,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_maps_to_its_own_variant_with_all_fields() {
        // `code()` is derived from the variant, so this checks the variant chosen per code.
        for code in ErrorCode::ALL.into_iter().skip(1) {
            let u = MemoryRelayError::from(Error::new(code, "m"));
            assert_eq!(u.code(), code);
            assert_eq!(u.to_string(), "m");
        }
        let u = MemoryRelayError::from(Error::from_response(
            422,
            "bad",
            Some("req_2".into()),
            None,
            Some(serde_json::json!([1])),
            Some("raw".into()),
        ));
        match u {
            MemoryRelayError::Validation {
                code,
                message,
                status,
                request_id,
                retry_after,
                details,
                body,
            } => {
                assert_eq!(code, 5);
                assert_eq!(message, "bad");
                assert_eq!(status, Some(422));
                assert_eq!(request_id.as_deref(), Some("req_2"));
                assert_eq!(retry_after, None);
                assert_eq!(details.as_deref(), Some("[1]"));
                assert_eq!(body.as_deref(), Some("raw"));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn ok_code_becomes_internal() {
        let u = MemoryRelayError::from(Error::new(ErrorCode::Ok, "odd"));
        assert_eq!(u.code(), ErrorCode::Internal);
    }
}
