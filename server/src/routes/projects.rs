//! /v1/projects (§4.8); `{project_id}` is the UUID or the slug.

use axum::routing::{get, post};
use axum::Router;

use super::handlers::{body_handler, id_body_handler, id_handler, query_handler};
use crate::state::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/v1/projects", post(create).get(list))
        .route(
            "/v1/projects/{project_id}",
            get(get_one).put(update).delete(delete),
        )
        .route("/v1/projects/{project_id}/context", get(context))
}

body_handler!(create, projects_create);
query_handler!(list, projects_list);
id_handler!(get_one, projects_get);
id_body_handler!(update, projects_update);
id_handler!(delete, projects_delete);
id_handler!(context, projects_context);
