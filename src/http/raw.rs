//! The raw path's answer: a 2xx body handed to a binding that decodes JSON itself, checked
//! to be JSON without building a value (see [`crate::Client::call_raw`]).

use bytes::Bytes;

use super::{deep_json, error_map, invalid_json_error, HttpResponse};
use crate::error::Result;

/// A 2xx answer whose body is well-formed JSON, handed over undecoded (see
/// [`crate::Client::call_raw`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// The HTTP status (`200`, `201`, …; `204` for a delete that had no body to return).
    pub status: u16,
    /// The server's `X-Request-Id`, for the error a binding raises if the body does not fit
    /// its model.
    pub request_id: Option<String>,
    /// JSON text (UTF-8, checked): the body as received, `null` for deletes, the merged
    /// result of a batch.
    pub body: Bytes,
}

impl HttpResponse {
    /// The body as received, for a binding that decodes JSON itself: checked to be JSON (UTF-8,
    /// well-formed, nested at most `deep_json::MAX_DEPTH` levels) without building a value, so
    /// broken JSON is still "invalid JSON in response" here, in every language.
    pub fn into_raw(self) -> Result<RawResponse> {
        let request_id = error_map::header_request_id(&self.headers);
        if !is_json(&self.body) {
            return Err(invalid_json_error(self.status, &self.headers, &self.body));
        }
        Ok(RawResponse {
            status: self.status,
            request_id,
            body: self.body,
        })
    }
}

/// Whether `body` is one JSON document that [`HttpResponse::json`] would read: UTF-8,
/// well-formed, at most `deep_json::MAX_DEPTH` levels deep. Checked without building a value
/// (serde_json skips over it, iteratively). Two things skipping does not check are handled
/// on the side: the depth, scanned only when the body has more opening brackets than the
/// bound (a body with fewer cannot be nested deeper); and `\uD8xx` surrogate escapes,
/// which parsing refuses when unpaired, so a body with one is parsed.
fn is_json(body: &[u8]) -> bool {
    use serde::de::IgnoredAny;
    let Ok(text) = std::str::from_utf8(body) else {
        return false;
    };
    if text.contains("\\ud") || text.contains("\\uD") {
        return deep_json::from_str::<serde_json::Value>(text).is_ok();
    }
    let opening = body.iter().filter(|&&b| b == b'[' || b == b'{').count();
    if opening > deep_json::MAX_DEPTH {
        return deep_json::from_str::<IgnoredAny>(text).is_ok();
    }
    serde_json::from_str::<IgnoredAny>(text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use http::header::HeaderMap;

    /// The raw path accepts exactly the bodies the JSON path reads.
    #[test]
    fn is_json_agrees_with_the_json_path() {
        let nested = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        let cases: Vec<Vec<u8>> = vec![
            br#"{"id":"m","metadata":{"a":[1,2.5,true,null,"x\u00e9\n"]}}"#.to_vec(),
            br#""just a string""#.to_vec(),
            b" null ".to_vec(),
            b"".to_vec(),
            b"<html>oops</html>".to_vec(),
            br#"{"a":1} trailing"#.to_vec(),
            br#"{"a":1,}"#.to_vec(),
            b"{\"a\":\"raw\x01control\"}".to_vec(),
            br#"{"a":"\q"}"#.to_vec(),
            br#"{"a":"\ud800"}"#.to_vec(),
            br#"{"a":"\uD83D\uDE00 ok"}"#.to_vec(),
            b"{\"a\":\"\xff\xfe\"}".to_vec(),
            b"{\"a\":\"caf\xc3\xa9\"}".to_vec(),
            nested(200).into_bytes(),
            nested(deep_json::MAX_DEPTH + 1).into_bytes(),
            nested(100_000).into_bytes(),
        ];
        for body in cases {
            let resp = HttpResponse {
                status: 200,
                headers: HeaderMap::new(),
                body: Bytes::from(body.clone()),
            };
            let shown = String::from_utf8_lossy(&body[..body.len().min(40)]).into_owned();
            assert_eq!(is_json(&body), resp.json().is_ok(), "{shown}");
        }
    }

    #[test]
    fn into_raw_hands_over_the_body_or_the_json_error() {
        let mut headers = HeaderMap::new();
        headers.insert(error_map::REQUEST_ID_HEADER, "req_1".parse().unwrap());
        let ok = HttpResponse {
            status: 201,
            headers: headers.clone(),
            body: Bytes::from_static(br#"{"id":"m"}"#),
        };
        let raw = ok.into_raw().unwrap();
        assert_eq!(
            (raw.status, raw.request_id.as_deref(), &raw.body[..]),
            (201, Some("req_1"), &br#"{"id":"m"}"#[..])
        );
        let bad = HttpResponse {
            status: 200,
            headers,
            body: Bytes::from_static(b"<html>oops</html>"),
        };
        let e = bad.into_raw().unwrap_err();
        assert_eq!(e.code(), ErrorCode::Api);
        assert_eq!(e.message(), "invalid JSON in response");
        assert_eq!(e.body(), Some("<html>oops</html>"));
        assert_eq!(e.request_id(), Some("req_1"));
    }
}
