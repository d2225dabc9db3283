//! Shared server state.

use std::collections::HashMap;
use std::sync::Arc;

use memoryrelay_engine::{Engine, Reply};
use sha2::{Digest, Sha256};

use crate::errors::ApiError;

/// The account of the authenticated key (an opaque id derived from the key, so the database
/// never stores keys in clear).
#[derive(Debug, Clone)]
pub struct Account(pub Arc<str>);

pub struct AppState {
    pub engine: Arc<Engine>,
    /// key → account id
    pub keys: HashMap<String, Account>,
    pub rate_limit: Option<crate::rate_limit::RateLimiter>,
    pub idempotency: crate::idempotency::InFlight,
    #[cfg(feature = "fault-injection")]
    pub faults: Option<crate::faults::Faults>,
}

pub type SharedState = Arc<AppState>;

pub fn account_for_key(key: &str) -> Account {
    let digest = Sha256::digest(key.as_bytes());
    Account(Arc::from(format!("acct_{}", hex::encode(&digest[..16]))))
}

/// Runs a blocking engine operation off the async runtime and renders its reply.
pub async fn call<F>(state: &SharedState, f: F) -> axum::response::Response
where
    F: FnOnce(&Engine) -> memoryrelay_engine::Result<Reply> + Send + 'static,
{
    use axum::response::IntoResponse;
    let engine = state.engine.clone();
    match tokio::task::spawn_blocking(move || f(&engine)).await {
        Ok(Ok(reply)) => reply_response(reply),
        Ok(Err(e)) => ApiError::from(e).into_response(),
        Err(_) => ApiError::internal("internal error").into_response(),
    }
}

pub fn reply_response(reply: Reply) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status =
        axum::http::StatusCode::from_u16(reply.status).unwrap_or(axum::http::StatusCode::OK);
    if status == axum::http::StatusCode::NO_CONTENT {
        return status.into_response();
    }
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        reply.body.to_string(),
    )
        .into_response()
}
