//! /v1/entities (§4.5), including the legacy `POST /v1/entities/{id}/link` (§5.2), and the
//! neighbourhood graph the official tool clients use.

use axum::routing::{get, post};
use axum::Router;

use super::handlers::{body_handler, id_body_handler, id_handler, id_query_handler, query_handler};
use crate::state::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/v1/entities", post(create).get(list))
        .route("/v1/entities/links", post(link))
        .route(
            "/v1/entities/{entity_id}",
            get(get_one).put(update).delete(delete),
        )
        .route("/v1/entities/{entity_id}/link", post(link_legacy))
        .route("/v1/entities/{entity_id}/neighborhood", get(neighborhood))
}

body_handler!(create, entities_create);
query_handler!(list, entities_list);
body_handler!(link, entities_link);
id_handler!(get_one, entities_get);
id_body_handler!(update, entities_update);
id_handler!(delete, entities_delete);
id_body_handler!(link_legacy, entities_link_legacy);
id_query_handler!(neighborhood, entities_neighborhood);
