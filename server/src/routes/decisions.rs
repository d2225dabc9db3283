//! /v1/decisions (§4.7).

use axum::routing::{get, post};
use axum::Router;

use super::handlers::{body_handler, id_body_handler, id_handler, query_handler};
use crate::state::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/v1/decisions", post(create).get(list))
        .route("/v1/decisions/check", get(check))
        .route(
            "/v1/decisions/{decision_id}",
            get(get_one).put(update).delete(delete),
        )
        .route("/v1/decisions/{decision_id}/supersede", post(supersede))
}

body_handler!(create, decisions_create);
query_handler!(list, decisions_list);
query_handler!(check, decisions_check);
id_handler!(get_one, decisions_get);
id_body_handler!(update, decisions_update);
id_handler!(delete, decisions_delete);
id_body_handler!(supersede, decisions_supersede);
