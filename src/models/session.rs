//! Session and SessionSummary (§4.1, §4.6).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{null_default, Extra, Timestamp};
use super::memory::Memory;

/// A bounded interaction period grouping memories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Session {
    pub id: String,
    /// The object type (`session`).
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    #[serde(default, deserialize_with = "null_default")]
    pub agent_id: String,
    #[serde(default)]
    pub external_id: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    /// The project's slug.
    #[serde(default)]
    pub project: Option<String>,
    /// `active` or `ended`.
    #[serde(default, deserialize_with = "null_default")]
    pub status: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub metadata: Map<String, Value>,
    #[serde(default, deserialize_with = "null_default")]
    pub memory_count: u64,
    #[serde(default)]
    pub started_at: Option<Timestamp>,
    #[serde(default)]
    pub ended_at: Option<Timestamp>,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    /// Linked memories, oldest first (only from `sessions.get`).
    #[serde(default)]
    pub memories: Option<Vec<Memory>>,
    /// Whether `get_or_create` created it (only from `get_or_create`).
    #[serde(default)]
    pub created: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Result of `sessions.summarize`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionSummary {
    #[serde(default, deserialize_with = "null_default")]
    pub session_id: String,
    /// Opaque text: do not parse it.
    #[serde(default, deserialize_with = "null_default")]
    pub summary: String,
    #[serde(default, deserialize_with = "null_default")]
    pub memory_count: u64,
    #[serde(default)]
    pub generated_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}
