//! Decision and the conflict check result (§4.1, §4.7).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{null_default, Extra, Timestamp};

/// An architectural or design decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Decision {
    pub id: String,
    /// The object type (`decision`).
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    #[serde(default, deserialize_with = "null_default")]
    pub agent_id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub title: String,
    /// The Python reference's `content`.
    #[serde(default, deserialize_with = "null_default")]
    pub rationale: String,
    #[serde(default)]
    pub alternatives: Option<String>,
    /// `active`, `experimental` or `superseded`.
    #[serde(default, deserialize_with = "null_default")]
    pub status: String,
    #[serde(default)]
    pub superseded_by: Option<String>,
    #[serde(default)]
    pub superseded_reason: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub project_slug: Option<String>,
    #[serde(default)]
    pub session_id: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub metadata: Map<String, Value>,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One conflicting decision and its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DecisionMatch {
    pub decision: Decision,
    pub score: f64,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `decisions.check` result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DecisionCheckResult {
    #[serde(default, deserialize_with = "null_default")]
    pub data: Vec<DecisionMatch>,
    #[serde(default, deserialize_with = "null_default")]
    pub query: String,
    #[serde(default, deserialize_with = "null_default")]
    pub total: u64,
    #[serde(default, deserialize_with = "null_default")]
    pub has_conflicts: bool,
    #[serde(flatten)]
    pub extra: Extra,
}
