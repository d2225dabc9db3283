//! /v1/sessions (§4.6).

use axum::routing::{get, post, put};
use axum::Router;

use super::handlers::{body_handler, id_body_handler, id_handler, id_query_handler, query_handler};
use crate::state::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/v1/sessions", post(create).get(list))
        .route("/v1/sessions/get-or-create", post(get_or_create))
        .route("/v1/sessions/{session_id}", get(get_one).delete(delete))
        .route("/v1/sessions/{session_id}/end", put(end))
        .route("/v1/sessions/{session_id}/summarize", post(summarize))
}

body_handler!(create, sessions_create);
body_handler!(get_or_create, sessions_get_or_create);
query_handler!(list, sessions_list);
id_query_handler!(get_one, sessions_get);
id_body_handler!(end, sessions_end);
id_handler!(summarize, sessions_summarize);
id_handler!(delete, sessions_delete);
