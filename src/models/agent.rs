//! Agent and AgentStats (§4.1, §4.4).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{null_default, Extra, Timestamp};

/// An agent: a namespace that isolates a memory collection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Agent {
    pub id: String,
    /// The object type (`agent`).
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub metadata: Map<String, Value>,
    #[serde(default, deserialize_with = "null_default")]
    pub memory_count: u64,
    #[serde(default)]
    pub last_active_at: Option<Timestamp>,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Counts of what an agent owns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgentStats {
    #[serde(default, deserialize_with = "null_default")]
    pub agent_id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub memory_count: u64,
    #[serde(default, deserialize_with = "null_default")]
    pub entity_count: u64,
    #[serde(default, deserialize_with = "null_default")]
    pub session_count: u64,
    #[serde(default, deserialize_with = "null_default")]
    pub decision_count: u64,
    #[serde(default, deserialize_with = "null_default")]
    pub pattern_count: u64,
    #[serde(default)]
    pub last_active_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}
