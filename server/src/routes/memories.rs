//! /v1/memories (§4.3), including PATCH as an alias of PUT (§5.2), and the context text and
//! importance update the official tool clients use.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::{Extension, Router};

use crate::extract::{JsonMap, QueryMap};
use crate::state::{call, Account, SharedState};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/v1/memories", post(create).get(list))
        .route("/v1/memories/search", post(search))
        .route("/v1/memories/batch", post(batch))
        .route("/v1/memories/context", post(context))
        .route(
            "/v1/memories/{memory_id}",
            get(get_one).put(update).patch(update).delete(delete),
        )
        .route("/v1/memories/{memory_id}/importance", put(promote))
}

async fn context(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    JsonMap(b): JsonMap,
) -> Response {
    call(&s, move |e| e.memories_context(&a.0, b)).await
}

async fn promote(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    Path(id): Path<String>,
    JsonMap(b): JsonMap,
) -> Response {
    call(&s, move |e| e.memories_promote(&a.0, &id, b)).await
}

async fn create(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    JsonMap(b): JsonMap,
) -> Response {
    call(&s, move |e| e.memories_create(&a.0, b)).await
}

async fn list(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    QueryMap(q): QueryMap,
) -> Response {
    call(&s, move |e| e.memories_list(&a.0, q)).await
}

async fn search(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    JsonMap(b): JsonMap,
) -> Response {
    call(&s, move |e| e.memories_search(&a.0, b)).await
}

async fn batch(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    JsonMap(b): JsonMap,
) -> Response {
    call(&s, move |e| e.memories_batch_create(&a.0, b)).await
}

async fn get_one(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    Path(id): Path<String>,
) -> Response {
    call(&s, move |e| e.memories_get(&a.0, &id)).await
}

async fn update(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    Path(id): Path<String>,
    JsonMap(b): JsonMap,
) -> Response {
    call(&s, move |e| e.memories_update(&a.0, &id, b)).await
}

async fn delete(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    Path(id): Path<String>,
) -> Response {
    call(&s, move |e| e.memories_delete(&a.0, &id)).await
}
