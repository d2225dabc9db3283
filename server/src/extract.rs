//! Request extractors with contract errors: a JSON object body (≤ 1 MiB; 400 when not JSON or
//! not an object; 413 when too large) and the query string as a JSON map of strings.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use bytes::Bytes;
use serde_json::{Map, Value};

use crate::errors::ApiError;

pub const BODY_LIMIT: usize = 1024 * 1024;

/// Reads the whole body, refusing more than `BODY_LIMIT` bytes.
pub async fn read_body(
    body: axum::body::Body,
    content_length: Option<u64>,
) -> Result<Bytes, ApiError> {
    if content_length.is_some_and(|n| n > BODY_LIMIT as u64) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| too_large())
}

pub fn too_large() -> ApiError {
    ApiError::new(413, "Request body too large (limit 1 MiB)")
}

pub fn content_length(headers: &axum::http::HeaderMap) -> Option<u64> {
    headers
        .get(axum::http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// Refuses a request body that is present but not a JSON object (400), on every route: a route
/// that reads no body (sessions.summarize) must not answer 200 to a malformed one. The body is
/// checked without building it, then handed on unchanged.
pub async fn strict_body(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let len = content_length(req.headers());
    let has_body = len.is_some_and(|n| n > 0)
        || req
            .headers()
            .contains_key(axum::http::header::TRANSFER_ENCODING);
    if !has_body {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match read_body(body, len).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    if let Err(e) = check_object(&bytes) {
        return e.into_response();
    }
    next.run(axum::extract::Request::from_parts(
        parts,
        axum::body::Body::from(bytes),
    ))
    .await
}

/// [`parse_object`]'s verdict without building the value.
fn check_object(bytes: &[u8]) -> Result<(), ApiError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    match first {
        None => Ok(()),
        Some(_) => match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
            Err(e) => Err(ApiError::new(400, format!("Invalid JSON body: {e}"))),
            Ok(_) if first != Some(&b'{') => {
                Err(ApiError::new(400, "Request body must be a JSON object"))
            }
            Ok(_) => Ok(()),
        },
    }
}

/// Parses a body as a JSON object; an empty body counts as `{}` (e.g. summarize sends none).
pub fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::new(400, "Request body must be a JSON object")),
        Err(e) => Err(ApiError::new(400, format!("Invalid JSON body: {e}"))),
    }
}

pub struct JsonMap(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonMap {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let len = content_length(req.headers());
        let bytes = read_body(req.into_body(), len).await?;
        parse_object(&bytes).map(JsonMap)
    }
}

pub struct QueryMap(pub Map<String, Value>);

impl<S: Send + Sync> FromRequestParts<S> for QueryMap {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(q)
            .map_err(|_| ApiError::new(400, "Malformed query string"))?;
        Ok(QueryMap(
            pairs
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect(),
        ))
    }
}
