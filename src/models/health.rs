//! Health (§4.1, §4.10).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{null_default, Extra};

/// `GET /v1/health`: needs no key; not one of the 47 methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Health {
    /// `ok` when healthy.
    #[serde(default, deserialize_with = "null_default")]
    pub status: String,
    #[serde(default, deserialize_with = "null_default")]
    pub version: String,
    #[serde(default, deserialize_with = "null_default")]
    pub api_version: String,
    #[serde(default, deserialize_with = "null_default")]
    pub environment: String,
    /// Service name → state, e.g. `{"database": "ok"}`.
    #[serde(default, deserialize_with = "null_default")]
    pub services: Map<String, Value>,
    #[serde(flatten)]
    pub extra: Extra,
}
