//! GET /openapi.json: the machine-readable wire contract (docs/openapi.json, generated from
//! the SDK's method table by `cargo run -p xtask -- codegen`), served as committed.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::state::SharedState;

/// The document, embedded at build time.
pub const DOCUMENT: &str = include_str!("../../../docs/openapi.json");

pub fn routes() -> Router<SharedState> {
    Router::new().route("/openapi.json", get(openapi))
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}

#[cfg(test)]
mod tests {
    use super::DOCUMENT;

    #[test]
    fn the_document_is_openapi_3_1_with_health() {
        let doc: serde_json::Value = serde_json::from_str(DOCUMENT).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        assert!(doc["paths"]["/v1/health"]["get"].is_object());
        assert_eq!(
            doc["paths"]["/v1/health"]["get"]["security"],
            serde_json::json!([])
        );
    }
}
