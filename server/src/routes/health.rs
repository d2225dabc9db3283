//! GET /v1/health (§4.10): no key needed.

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;

use crate::engine_call::reply_response;
use crate::state::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new().route("/v1/health", get(health))
}

async fn health(State(state): State<SharedState>) -> Response {
    let engine = state.engine.clone();
    let db_ok = tokio::task::spawn_blocking(move || engine.database_ok())
        .await
        .unwrap_or(false);
    let e = state.engine.embedder();
    let body = json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "api_version": "v1",
        "environment": "local",
        "timestamp": memoryrelay_engine::util::now(),
        "uptime_seconds": state.engine.uptime_seconds(),
        "services": {"database": if db_ok { "ok" } else { "error" }, "embeddings": "ok"},
        "embedding_info": {"provider": e.provider(), "dimension": e.dimension()},
    });
    reply_response(memoryrelay_engine::Reply::ok(body))
}
