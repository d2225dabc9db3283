//! Contract error responses (§2.1): `{"detail", "type", "request_id"}` with the same id in
//! `X-Request-Id`.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::request_scope;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub detail: Value,
    /// Extra headers, e.g. Retry-After on 429.
    pub retry_after: Option<String>,
}

impl ApiError {
    pub fn new(status: u16, detail: impl Into<String>) -> ApiError {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        ApiError {
            status,
            kind: kind_for(status),
            detail: Value::String(detail.into()),
            retry_after: None,
        }
    }

    pub fn with_detail(status: u16, detail: Value) -> ApiError {
        let mut e = ApiError::new(status, "");
        e.detail = detail;
        e
    }

    pub fn not_found(detail: impl Into<String>) -> ApiError {
        ApiError::new(404, detail)
    }

    pub fn internal(detail: impl Into<String>) -> ApiError {
        ApiError::new(500, detail)
    }

    /// A 422 with one item, located at `loc`.
    pub fn field(loc: Value, msg: &str, kind: &str) -> ApiError {
        ApiError::with_detail(422, json!([{"loc": loc, "msg": msg, "type": kind}]))
    }

    pub fn body_json(&self, request_id: &str) -> Value {
        json!({"detail": self.detail, "type": self.kind, "request_id": request_id})
    }
}

/// The contract `type` for a status.
pub fn kind_for(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 | 422 => "validation",
        401 => "authentication",
        403 => "forbidden",
        404 => "not_found",
        409 => "conflict",
        429 => "rate_limited",
        _ => "api_error",
    }
}

impl From<memoryrelay_engine::Error> for ApiError {
    fn from(e: memoryrelay_engine::Error) -> Self {
        ApiError::with_detail(e.status(), e.detail())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let id = request_scope::current();
        let body = self.body_json(&id).to_string();
        let mut resp = (
            self.status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
        if let Some(ra) = self
            .retry_after
            .and_then(|r| HeaderValue::from_str(&r).ok())
        {
            resp.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, ra);
        }
        resp
    }
}
