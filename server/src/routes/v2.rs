//! /v2: async memory creation and its status, and context building (beyond the Python SDK
//! page; used by the official tool clients). `/v2/context` is the path the OpenClaw plugin
//! sends, `/v2/context/build` the MCP server's: both serve the same operation.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Router};

use super::handlers::{body_handler, id_handler};
use crate::account::Account;
use crate::engine_call::call;
use crate::extract::JsonMap;
use crate::state::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/v2/memories", post(create_async))
        .route("/v2/memories/{memory_id}/status", get(status))
        .route("/v2/context/build", post(context_build))
        .route("/v2/context", post(context_build))
}

/// Answers 202 once the memory is stored; its embedding is computed afterwards on the blocking
/// pool, off the request path.
async fn create_async(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    JsonMap(b): JsonMap,
) -> Response {
    let response = call(&s, move |e| e.memories_create_async(&a.0, b)).await;
    if response.status() == axum::http::StatusCode::ACCEPTED {
        let engine = s.engine.clone();
        // A failure here leaves the memory pending; the next run (or the next start) retries.
        tokio::task::spawn_blocking(move || engine.process_pending_memories());
    }
    response
}

id_handler!(status, memories_status);
body_handler!(context_build, context_build);
