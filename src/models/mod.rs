//! Typed models of every resource and result (wire contract §4.1).
//!
//! Decoding is lenient: only `id` is required on resources (and `score` plus the nested
//! object on search hits); a missing or `null` member gets an empty value or `None`; unknown
//! members are kept in `extra`.
//!
//! These structs are the one description of the response models: every binding's models are
//! generated from their JSON Schemas (feature `schema`, see `docs/codegen.md`). Defaults are
//! stated here once and no binding invents its own: a member declared `Option` (e.g.
//! `Memory::memory_type`, `importance`, `tier`) decodes to `None`/`null`/`nil` when missing or
//! null in every language, never to a domain default such as `"fact"` that the server did not
//! send; a plain member decodes to its type's empty value (`""`, `0`, `false`, `{}`, `[]`).

mod agent;
mod common;
mod decision;
mod entity;
mod health;
mod memory;
mod pattern;
mod project;
#[cfg(feature = "schema")]
mod schema;
mod session;

pub use agent::{Agent, AgentStats};
pub use common::{Extra, Page, Timestamp};
pub use decision::{Decision, DecisionCheckResult, DecisionMatch};
pub use entity::{Entity, EntityLink};
pub use health::Health;
pub use memory::{
    BatchItem, BatchItemResult, BatchResult, BatchTiming, Memory, SearchResult, SearchResults,
};
pub use pattern::{Pattern, PatternSearchResult, PatternSearchResults};
pub use project::{Project, ProjectContext};
#[cfg(feature = "schema")]
pub use schema::{schemas, DEFINITIONS_PATH};
pub use session::{Session, SessionSummary};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_id_is_required() {
        let m: Memory = serde_json::from_value(json!({"id": "m1"})).unwrap();
        assert_eq!(m.id, "m1");
        assert!(m.metadata.is_empty() && m.content.is_empty());
        assert!(serde_json::from_value::<Memory>(json!({"content": "x"})).is_err());
        for v in [
            json!({"id": "x"}),
            json!({"id": "x", "metadata": null, "tags": null}),
        ] {
            serde_json::from_value::<Agent>(v.clone()).unwrap();
            serde_json::from_value::<Entity>(v.clone()).unwrap();
            serde_json::from_value::<Session>(v.clone()).unwrap();
            serde_json::from_value::<Decision>(v.clone()).unwrap();
            serde_json::from_value::<Project>(v.clone()).unwrap();
            serde_json::from_value::<Pattern>(v).unwrap();
        }
    }

    #[test]
    fn unknown_members_are_kept() {
        let m: Memory = serde_json::from_value(json!({
            "id": "m1", "object": "memory", "content": "c", "created_at": 1773739800,
            "updated_at": "2026-03-17T09:30:00Z", "brand_new": {"x": 1}
        }))
        .unwrap();
        assert_eq!(m.extra["brand_new"], json!({"x": 1}));
        assert_eq!(m.object, "memory");
        assert!(!m.extra.contains_key("object"));
        assert_eq!(m.created_at, m.updated_at);
    }

    #[test]
    fn search_results_need_score_and_memory() {
        let r: SearchResults = serde_json::from_value(json!({
            "object": "search_results", "query": "q",
            "data": [{"memory": {"id": "m", "content": "PostgreSQL 16"}, "score": 0.87}]
        }))
        .unwrap();
        let hits: Vec<String> = r
            .iter()
            .map(|h| format!("[{:.2}] {}", h.score, h.content()))
            .collect();
        assert_eq!(hits, ["[0.87] PostgreSQL 16"]);
        assert!(serde_json::from_value::<SearchResult>(json!({"memory": {"id": "m"}})).is_err());
        assert!(serde_json::from_value::<SearchResult>(json!({"score": 1.0})).is_err());
    }
}
