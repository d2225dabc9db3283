//! Entity and EntityLink (§4.1, §4.5).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{null_default, Extra, Timestamp};

/// A knowledge-graph node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Entity {
    pub id: String,
    /// The object type (`entity`).
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// `None` for an account-wide entity.
    #[serde(default)]
    pub agent_id: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    #[serde(default, deserialize_with = "null_default")]
    pub entity_type: String,
    #[serde(default, deserialize_with = "null_default")]
    pub metadata: Map<String, Value>,
    #[serde(default, deserialize_with = "null_default")]
    pub memory_count: u64,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    /// Unknown members, including the `type` alias of `entity_type`.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A link between an entity and a memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntityLink {
    #[serde(default, deserialize_with = "null_default")]
    pub entity_id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub memory_id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub relationship: String,
    #[serde(default)]
    pub relevance_score: Option<f64>,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}
