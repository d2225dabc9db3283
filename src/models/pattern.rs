//! Pattern and pattern search results (§4.1, §4.9).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{null_default, Extra, Timestamp};

/// A reusable pattern. The Python reference's `name`/`content` are `title`/`description`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Pattern {
    pub id: String,
    /// The object type (`pattern`).
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    /// The creating agent; `None` for an account-wide pattern.
    #[serde(default)]
    pub agent_id: Option<String>,
    /// The project the pattern was learned in, when it has one.
    #[serde(default)]
    pub source_project_id: Option<String>,
    #[serde(default)]
    pub source_project_slug: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub title: String,
    #[serde(default, deserialize_with = "null_default")]
    pub description: String,
    /// `global` or `project`.
    #[serde(default, deserialize_with = "null_default")]
    pub scope: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub tags: Vec<String>,
    #[serde(default)]
    pub example_code: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub metadata: Map<String, Value>,
    #[serde(default, deserialize_with = "null_default")]
    pub adoption_count: u64,
    /// Project slugs, in adoption order.
    #[serde(default, deserialize_with = "null_default")]
    pub adopted_by: Vec<String>,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One pattern search hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PatternSearchResult {
    pub pattern: Pattern,
    pub score: f64,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `patterns.search` result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PatternSearchResults {
    #[serde(default, deserialize_with = "null_default")]
    pub data: Vec<PatternSearchResult>,
    #[serde(default, deserialize_with = "null_default")]
    pub query: String,
    #[serde(default, deserialize_with = "null_default")]
    pub total: u64,
    #[serde(flatten)]
    pub extra: Extra,
}

impl IntoIterator for PatternSearchResults {
    type Item = PatternSearchResult;
    type IntoIter = std::vec::IntoIter<PatternSearchResult>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.into_iter()
    }
}
