//! `X-Request-Id: req_<hex>` on every response. The id lives in a task-local for the duration
//! of the request so any error body built deeper down can carry the same id; this outermost
//! middleware also turns any non-contract error (a framework rejection) into a contract body.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::errors::ApiError;

/// Request targets have no limit of their own: §4.2 allows a 10,000-character `query`, which
/// GET searches carry in the query string (up to 30,000 bytes percent-encoded in ASCII). hyper
/// parses targets up to 64 KiB and answers a longer one itself, with a bare 414.
///
/// Most header lines and header bytes answered normally; more gets a contract 431. hyper's own
/// limits sit above these (`serve`), so what exceeds them is still answered by hyper, with a
/// bare status line.
pub const MAX_HEADERS: usize = 100;
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// A request the HTTP layer parsed but whose headers are too large to be served: 431.
fn oversized(req: &Request) -> Option<ApiError> {
    let headers = req.headers();
    let bytes: usize = headers
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    (headers.len() > MAX_HEADERS || bytes > MAX_HEADER_BYTES)
        .then(|| ApiError::new(431, "Request header fields too large"))
}

pub async fn middleware(req: Request, next: Next) -> Response {
    let id = crate::request_scope::generate();
    crate::request_scope::scope(id.clone(), async move {
        let mut resp = match oversized(&req) {
            Some(e) => e.into_response(),
            None => next.run(req).await,
        };
        let is_json = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        let status = resp.status();
        if (status.is_client_error() || status.is_server_error()) && !is_json {
            resp = framework_error(status).into_response();
        }
        // Only an idempotent replay sets it already (to the id its stored body names).
        if !resp.headers().contains_key("x-request-id") {
            if let Ok(v) = HeaderValue::from_str(&id) {
                resp.headers_mut().insert("x-request-id", v);
            }
        }
        resp
    })
    .await
}

fn framework_error(status: StatusCode) -> ApiError {
    let detail = match status.as_u16() {
        404 => "Not found",
        405 => "Method not allowed",
        413 => "Request body too large (limit 1 MiB)",
        400 => "Invalid request",
        _ => status.canonical_reason().unwrap_or("Error"),
    };
    ApiError::new(status.as_u16(), detail)
}
