//! /v1/projects (§4.8); `{project_id}` is the UUID or the slug. Also the relationship routes
//! the official tool clients use; the literal segments `shared-patterns` and `impact-analysis`
//! win over `{project_id}` (and are reserved slugs).

use axum::routing::{get, post};
use axum::Router;

use super::handlers::{body_handler, id_body_handler, id_handler, query_handler};
use crate::state::SharedState;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/v1/projects", post(create).get(list))
        .route("/v1/projects/shared-patterns", get(shared_patterns))
        .route("/v1/projects/impact-analysis", post(impact_analysis))
        .route(
            "/v1/projects/{project_id}",
            get(get_one).put(update).delete(delete),
        )
        .route("/v1/projects/{project_id}/context", get(context))
        .route(
            "/v1/projects/{project_id}/relationships",
            post(add_relationship),
        )
        .route("/v1/projects/{project_id}/dependencies", get(dependencies))
        .route("/v1/projects/{project_id}/dependents", get(dependents))
        .route("/v1/projects/{project_id}/related", get(related))
}

body_handler!(create, projects_create);
query_handler!(list, projects_list);
id_handler!(get_one, projects_get);
id_body_handler!(update, projects_update);
id_handler!(delete, projects_delete);
id_handler!(context, projects_context);
query_handler!(shared_patterns, projects_shared_patterns);
body_handler!(impact_analysis, projects_impact_analysis);
id_body_handler!(add_relationship, projects_add_relationship);
id_handler!(dependencies, projects_dependencies);
id_handler!(dependents, projects_dependents);
id_handler!(related, projects_related);
