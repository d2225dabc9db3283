//! The route table: one module per contract resource.

pub mod agents;
pub mod decisions;
pub mod entities;
mod handlers;
pub mod health;
pub mod memories;
pub mod openapi;
pub mod patterns;
pub mod projects;
pub mod sessions;
pub mod v2;

use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::errors::ApiError;
use crate::state::SharedState;

pub fn router() -> Router<SharedState> {
    Router::new()
        .merge(health::routes())
        .merge(openapi::routes())
        .merge(memories::routes())
        .merge(agents::routes())
        .merge(entities::routes())
        .merge(sessions::routes())
        .merge(decisions::routes())
        .merge(projects::routes())
        .merge(patterns::routes())
        .merge(v2::routes())
}

pub async fn not_found() -> Response {
    ApiError::not_found("Not found").into_response()
}

pub async fn method_not_allowed() -> Response {
    ApiError::new(405, "Method not allowed").into_response()
}
