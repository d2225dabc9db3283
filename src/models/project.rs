//! Project and ProjectContext (§4.1, §4.8).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{null_default, Extra, Timestamp};
use super::{Decision, Memory, Pattern};

/// A project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Project {
    pub id: String,
    /// The object type (`project`).
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    #[serde(default, deserialize_with = "null_default")]
    pub slug: String,
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The creating agent; `None` for an account-wide project.
    #[serde(default)]
    pub agent_id: Option<String>,
    #[serde(default)]
    pub stack: Option<Map<String, Value>>,
    #[serde(default)]
    pub repo_url: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub metadata: Map<String, Value>,
    #[serde(default, deserialize_with = "null_default")]
    pub memory_count: u64,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `projects.context` result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProjectContext {
    pub project: Project,
    #[serde(default, deserialize_with = "null_default")]
    pub hot_memories: Vec<Memory>,
    #[serde(default, deserialize_with = "null_default")]
    pub recent_decisions: Vec<Decision>,
    #[serde(default, deserialize_with = "null_default")]
    pub active_patterns: Vec<Pattern>,
    /// A markdown digest; treat it as opaque.
    #[serde(default, deserialize_with = "null_default")]
    pub context: String,
    #[serde(flatten)]
    pub extra: Extra,
}
