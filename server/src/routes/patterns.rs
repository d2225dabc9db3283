//! /v1/patterns (§4.9), plus the suggestions the official tool clients use (`suggest` wins over
//! `{pattern_id}`).

use axum::routing::{get, post};
use axum::Router;

use super::handlers::{body_handler, id_body_handler, id_handler, id_query_handler, query_handler};
use crate::state::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/v1/patterns", post(create).get(list))
        .route("/v1/patterns/search", get(search))
        .route("/v1/patterns/suggest", get(suggest))
        .route(
            "/v1/patterns/{pattern_id}",
            get(get_one).put(update).delete(delete),
        )
        .route(
            "/v1/patterns/{pattern_id}/adopt",
            post(adopt).delete(unadopt),
        )
}

body_handler!(create, patterns_create);
query_handler!(list, patterns_list);
query_handler!(search, patterns_search);
query_handler!(suggest, patterns_suggest);
id_handler!(get_one, patterns_get);
id_body_handler!(update, patterns_update);
id_handler!(delete, patterns_delete);
id_body_handler!(adopt, patterns_adopt);
id_query_handler!(unadopt, patterns_unadopt);
