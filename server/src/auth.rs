//! Authentication (§1.2): `Authorization: Bearer <key>` (scheme case-insensitive) or
//! `X-API-Key`; Authorization wins when both are sent. Only /v1/health is open.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::errors::ApiError;
use crate::state::SharedState;

pub fn presented_key(headers: &axum::http::HeaderMap) -> Option<String> {
    if let Some(v) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let v = v.trim();
        let (scheme, rest) = v.split_once(' ').unwrap_or((v, ""));
        return scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| rest.trim().to_string());
    }
    headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
}

pub async fn middleware(
    State(state): State<SharedState>,
    mut req: Request,
    next: Next,
) -> Response {
    if matches!(req.uri().path(), "/v1/health" | "/openapi.json") {
        return next.run(req).await;
    }
    let account = presented_key(req.headers()).and_then(|k| state.keys.get(&k).cloned());
    match account {
        Some(a) => {
            req.extensions_mut().insert(a);
            next.run(req).await
        }
        None => ApiError::new(401, "Invalid or missing API key").into_response(),
    }
}
