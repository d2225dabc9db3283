//! /v1/agents (§4.4).

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};

use crate::account::Account;
use crate::engine_call::call;
use crate::extract::{JsonMap, QueryMap};
use crate::state::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/v1/agents", get(list).post(create))
        .route(
            "/v1/agents/{agent_id}",
            get(get_one).put(update).delete(delete),
        )
        .route("/v1/agents/{agent_id}/stats", get(stats))
}

async fn create(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    JsonMap(b): JsonMap,
) -> Response {
    call(&s, move |e| e.agents_create(&a.0, b)).await
}

async fn list(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    QueryMap(q): QueryMap,
) -> Response {
    call(&s, move |e| e.agents_list(&a.0, q)).await
}

async fn get_one(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    Path(id): Path<String>,
) -> Response {
    call(&s, move |e| e.agents_get(&a.0, &id)).await
}

async fn update(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    Path(id): Path<String>,
    JsonMap(b): JsonMap,
) -> Response {
    call(&s, move |e| e.agents_update(&a.0, &id, b)).await
}

async fn delete(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    Path(id): Path<String>,
) -> Response {
    call(&s, move |e| e.agents_delete(&a.0, &id)).await
}

async fn stats(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    Path(id): Path<String>,
) -> Response {
    call(&s, move |e| e.agents_stats(&a.0, &id)).await
}
