//! /v1/memories (§4.3), including PATCH as an alias of PUT (§5.2), and the context text and
//! importance update the official tool clients use.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::{Extension, Router};

use crate::account::Account;
use crate::engine_call::call;
use crate::extract::{JsonMap, QueryMap};
use crate::state::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/v1/memories", post(create).get(list))
        // The literal segments are also ids to GET/PUT/DELETE: they answer as an unknown id
        // would (404), never 405, so a literal never shadows an id.
        .route(
            "/v1/memories/search",
            post(search)
                .get(get_literal)
                .put(update_literal)
                .patch(update_literal)
                .delete(delete_literal),
        )
        .route(
            "/v1/memories/batch",
            post(batch)
                .get(get_literal)
                .put(update_literal)
                .patch(update_literal)
                .delete(delete_literal),
        )
        .route(
            "/v1/memories/context",
            post(context)
                .get(get_literal)
                .put(update_literal)
                .patch(update_literal)
                .delete(delete_literal),
        )
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

/// The last path segment of a literal route, taken as a memory id.
fn literal(uri: &axum::http::Uri) -> String {
    uri.path()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string()
}

async fn get_literal(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    uri: axum::http::Uri,
) -> Response {
    let id = literal(&uri);
    call(&s, move |e| e.memories_get(&a.0, &id)).await
}

async fn update_literal(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    uri: axum::http::Uri,
    JsonMap(b): JsonMap,
) -> Response {
    let id = literal(&uri);
    call(&s, move |e| e.memories_update(&a.0, &id, b)).await
}

async fn delete_literal(
    State(s): State<SharedState>,
    Extension(a): Extension<Account>,
    uri: axum::http::Uri,
) -> Response {
    let id = literal(&uri);
    call(&s, move |e| e.memories_delete(&a.0, &id)).await
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
