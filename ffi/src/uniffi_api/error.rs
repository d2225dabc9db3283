//! The one UniFFI error type, made from the core's error-code table: a variant per contract
//! code (§2.3), each with the same fields, so Swift can `catch MemoryRelayError.NotFound(...)`,
//! Kotlin can match on the subclass and Python gets one exception class per code.

use memoryrelay_core::{Error, ErrorCode};

macro_rules! define_error_type {
    // The first row is `Ok`, which is never an error: it gets no variant.
    (0, Ok, $ok_c:ident, $ok_name:literal, $ok_kind:literal, $ok_doc:literal;
     $($num:literal, $variant:ident, $c_name:ident, $name:literal, $kind:literal, $doc:literal;)*) => {
        /// An SDK error, one variant per error code of the table. `code` is the stable number of contract §2.3; `reason` the message
        /// (not `message`, which clashes with Kotlin's `Throwable.message`); `details` the
        /// server's validation list as a JSON string; `body` the raw response body.
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
        pub enum MemoryRelayError {
            $(
                #[doc = $doc]
                #[error("{reason}")]
                $variant {
                    /// The stable code (contract §2.3).
                    code: i32,
                    /// The message.
                    reason: String,
                    /// The HTTP status, when a response came back.
                    status: Option<u16>,
                    /// The server's request id (`X-Request-Id`).
                    request_id: Option<String>,
                    /// Seconds from the server's Retry-After.
                    retry_after: Option<u64>,
                    /// The server's validation details, as JSON text.
                    details: Option<String>,
                    /// The raw response body.
                    body: Option<String>,
                },
            )*
        }

        impl MemoryRelayError {
            /// The stable code.
            pub fn code(&self) -> ErrorCode {
                match self {
                    $(MemoryRelayError::$variant { .. } => ErrorCode::$variant,)*
                }
            }
        }

        impl From<Error> for MemoryRelayError {
            fn from(e: Error) -> MemoryRelayError {
                let reason = e.message().to_owned();
                let status = e.status();
                let request_id = e.request_id().map(str::to_owned);
                let retry_after = e.retry_after();
                let details = e.details().map(|d| d.to_string());
                let body = e.body().map(str::to_owned);
                match e.code() {
                    // OK is never an error; report it as the SDK bug it would be.
                    ErrorCode::Ok => MemoryRelayError::Internal {
                        code: ErrorCode::Internal.as_i32(),
                        reason: format!("internal error: error with code OK: {reason}"),
                        status, request_id, retry_after, details, body,
                    },
                    $(ErrorCode::$variant => MemoryRelayError::$variant {
                        code: $num, reason, status, request_id, retry_after, details, body,
                    },)*
                    other => MemoryRelayError::Internal {
                        code: ErrorCode::Internal.as_i32(),
                        reason: format!("internal error: unknown code {}: {reason}", other.as_i32()),
                        status, request_id, retry_after, details, body,
                    },
                }
            }
        }
    };
}

memoryrelay_core::for_each_error_code!(define_error_type);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_maps_to_its_own_variant_with_all_fields() {
        // `code()` is derived from the variant, so this checks the variant chosen per code.
        for code in ErrorCode::ALL.iter().copied().skip(1) {
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
                reason,
                status,
                request_id,
                retry_after,
                details,
                body,
            } => {
                assert_eq!(code, 5);
                assert_eq!(reason, "bad");
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
