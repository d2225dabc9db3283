//! Memory, search results and the batch result (§4.1, §4.3).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{null_default, Extra, Timestamp};

/// A stored memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Memory {
    pub id: String,
    /// The object type (`memory`).
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    #[serde(default, deserialize_with = "null_default")]
    pub agent_id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub content: String,
    #[serde(default, deserialize_with = "null_default")]
    pub metadata: Map<String, Value>,
    #[serde(default)]
    pub memory_type: Option<String>,
    #[serde(default)]
    pub importance: Option<f64>,
    #[serde(default)]
    pub tier: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub session_id: Option<String>,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default, deserialize_with = "null_default")]
    pub is_duplicate: bool,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    /// Members this version of the SDK does not know (including `object`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One search hit: a memory and its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SearchResult {
    pub memory: Memory,
    pub score: f64,
    #[serde(flatten)]
    pub extra: Extra,
}

impl SearchResult {
    /// The memory's content, as the Python reference's `result.content`.
    pub fn content(&self) -> &str {
        &self.memory.content
    }
}

/// `memories.search` response; iterate it for the hits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SearchResults {
    /// The object type (`search_results`, `list`).
    #[serde(default, deserialize_with = "null_default")]
    pub object: String,
    #[serde(default, deserialize_with = "null_default")]
    pub data: Vec<SearchResult>,
    #[serde(default, deserialize_with = "null_default")]
    pub query: String,
    #[serde(flatten)]
    pub extra: Extra,
}

impl SearchResults {
    pub fn len(&self) -> usize {
        self.data.len()
    }
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, SearchResult> {
        self.data.iter()
    }
}

impl IntoIterator for SearchResults {
    type Item = SearchResult;
    type IntoIter = std::vec::IntoIter<SearchResult>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.into_iter()
    }
}

impl<'a> IntoIterator for &'a SearchResults {
    type Item = &'a SearchResult;
    type IntoIter = std::slice::Iter<'a, SearchResult>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.iter()
    }
}

/// One input item of `memories.batch_create` (the only keys the contract allows).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BatchItem {
    pub content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importance: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
}

impl BatchItem {
    pub fn new(content: impl Into<String>) -> BatchItem {
        BatchItem {
            content: content.into(),
            ..BatchItem::default()
        }
    }
}

impl<S: Into<String>> From<S> for BatchItem {
    fn from(content: S) -> BatchItem {
        BatchItem::new(content)
    }
}

/// Outcome of one batch item; `index` is its position in the caller's input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BatchItemResult {
    #[serde(default, deserialize_with = "null_default")]
    pub index: u64,
    #[serde(default, deserialize_with = "null_default")]
    pub status: String,
    #[serde(default)]
    pub memory_id: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Time spent on a batch, in milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BatchTiming {
    #[serde(default, deserialize_with = "null_default")]
    pub total_ms: f64,
    #[serde(default, deserialize_with = "null_default")]
    pub embedding_ms: f64,
    #[serde(default, deserialize_with = "null_default")]
    pub database_ms: f64,
    #[serde(default, deserialize_with = "null_default")]
    pub per_memory_avg_ms: f64,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `memories.batch_create` result, merged across chunks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BatchResult {
    #[serde(default, deserialize_with = "null_default")]
    pub success: bool,
    #[serde(default, deserialize_with = "null_default")]
    pub total: u64,
    #[serde(default, deserialize_with = "null_default")]
    pub succeeded: u64,
    #[serde(default, deserialize_with = "null_default")]
    pub failed: u64,
    #[serde(default, deserialize_with = "null_default")]
    pub skipped: u64,
    #[serde(default, deserialize_with = "null_default")]
    pub results: Vec<BatchItemResult>,
    #[serde(default, deserialize_with = "null_default")]
    pub timing: BatchTiming,
    #[serde(flatten)]
    pub extra: Extra,
}
