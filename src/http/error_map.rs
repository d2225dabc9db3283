//! Turning a non-2xx response into a [`crate::Error`] (wire contract §2.2).

use http::header::HeaderMap;
use serde_json::Value;

use crate::error::{Error, ErrorCode};

/// Header carrying the server's request id.
pub(crate) const REQUEST_ID_HEADER: &str = "x-request-id";

/// Builds the error for a non-2xx response. The code comes from the status alone; the message
/// from `detail`, `message`, `error` or the status line, in that order.
pub(crate) fn error_from_response(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
    retry_after: Option<u64>,
) -> Error {
    let raw = String::from_utf8_lossy(body).into_owned();
    let json: Option<serde_json::Map<String, Value>> = super::deep_json::from_slice(body).ok();
    let json = json.as_ref();
    let message = json
        .and_then(message_from_body)
        .unwrap_or_else(|| status_line(status));
    let request_id = json
        .and_then(|o| o.get("request_id"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| header_request_id(headers));
    let details = json.and_then(|o| {
        o.get("detail")
            .filter(|d| d.is_array())
            .or_else(|| o.get("details").filter(|d| d.is_array()))
            .cloned()
    });
    Error::from_response(status, message, request_id, retry_after, details, Some(raw))
}

/// The API error for a 2xx whose body should have been JSON and was not.
pub(crate) fn invalid_json_error(status: u16, headers: &HeaderMap, body: &[u8]) -> Error {
    Error::from_response(
        status,
        "invalid JSON in response",
        header_request_id(headers),
        None,
        None,
        Some(String::from_utf8_lossy(body).into_owned()),
    )
    .with_code(ErrorCode::Api)
}

pub(crate) fn header_request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn status_line(status: u16) -> String {
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    format!("HTTP {status} {reason}").trim_end().to_string()
}

fn message_from_body(o: &serde_json::Map<String, Value>) -> Option<String> {
    match o.get("detail") {
        Some(Value::String(s)) => return Some(s.clone()),
        Some(Value::Array(items)) if !items.is_empty() => {
            return Some(items.iter().map(render_item).collect::<Vec<_>>().join("; "))
        }
        _ => {}
    }
    if let Some(Value::String(s)) = o.get("message") {
        return Some(s.clone());
    }
    match o.get("error") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(e)) => e.get("message").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

/// `{"loc":["body","memories",3,"content"],"msg":"…"}` → `body.memories.3.content: …`.
fn render_item(item: &Value) -> String {
    let loc = item
        .get("loc")
        .and_then(Value::as_array)
        .map(|parts| {
            parts
                .iter()
                .map(|p| match p {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(".")
        })
        .unwrap_or_default();
    let msg = item.get("msg").and_then(Value::as_str).unwrap_or("");
    if loc.is_empty() {
        msg.to_string()
    } else {
        format!("{loc}: {msg}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(status: u16, body: &str) -> Error {
        let mut h = HeaderMap::new();
        h.insert(REQUEST_ID_HEADER, "req_header".parse().unwrap());
        error_from_response(status, &h, body.as_bytes(), None)
    }

    #[test]
    fn string_detail() {
        let e = err(
            404,
            r#"{"detail":"Memory not found","type":"not_found","request_id":"req_body"}"#,
        );
        assert_eq!(e.code(), ErrorCode::NotFound);
        assert_eq!(e.message(), "Memory not found");
        assert_eq!(e.request_id(), Some("req_body"));
        assert_eq!(e.status(), Some(404));
        assert!(e.details().is_none());
        assert!(e.body().unwrap().contains("Memory not found"));
    }

    #[test]
    fn list_detail_is_rendered_and_kept() {
        let body = json!({"detail":[
            {"loc":["body","memories",3,"content"],"msg":"too long","type":"string_too_long"},
            {"loc":["query","limit"],"msg":"must be <= 100","type":"less_than_equal"}
        ],"type":"validation"});
        let e = err(422, &body.to_string());
        assert_eq!(e.code(), ErrorCode::Validation);
        assert_eq!(
            e.message(),
            "body.memories.3.content: too long; query.limit: must be <= 100"
        );
        assert_eq!(e.details(), Some(&body["detail"]));
        assert_eq!(e.request_id(), Some("req_header"));
    }

    #[test]
    fn fallbacks() {
        assert_eq!(err(500, r#"{"message":"boom"}"#).message(), "boom");
        assert_eq!(err(500, r#"{"error":"bad"}"#).message(), "bad");
        assert_eq!(
            err(500, r#"{"error":{"message":"nested"}}"#).message(),
            "nested"
        );
        let e = err(502, "<html>Bad gateway</html>");
        assert_eq!(e.code(), ErrorCode::Api);
        assert_eq!(e.message(), "HTTP 502 Bad Gateway");
        assert_eq!(e.body(), Some("<html>Bad gateway</html>"));
        let e = err(400, r#"{"details":[{"x":1}]}"#);
        assert_eq!(e.message(), "HTTP 400 Bad Request");
        assert_eq!(e.details(), Some(&json!([{"x":1}])));
    }

    #[test]
    fn invalid_json_in_2xx_is_api() {
        let e = invalid_json_error(200, &HeaderMap::new(), b"oops");
        assert_eq!(e.code(), ErrorCode::Api);
        assert_eq!(e.message(), "invalid JSON in response");
        assert_eq!(e.body(), Some("oops"));
    }
}
