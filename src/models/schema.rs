//! JSON Schemas of the response models (feature `schema`), the input of the generator
//! (`cargo run -p xtask -- codegen`) for the OpenAPI document and every binding's models.
//!
//! The decoding rule of [`super`] is stated here once, for every model: only the members a
//! model lists as `required` must be present; any other member may be missing or `null`, and
//! then decodes to its `default` (an empty value for plain members, `null` for optional ones).
//! [`schemas`] writes that rule into each schema (`null` is added to every non-required
//! member's type), so the document describes the wire and every generated binding gets the
//! same defaults.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};

use super::*;

/// Where the definitions live in the OpenAPI document (`#/components/schemas/Memory`).
pub const DEFINITIONS_PATH: &str = "/components/schemas";

impl JsonSchema for Timestamp {
    fn schema_name() -> Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Unix seconds (integer or fractional) or an RFC 3339 string; one without an offset is UTC (wire contract §1.4).",
            "anyOf": [{"type": "number"}, {"type": "string"}]
        })
    }
}

/// Registers every model; the list the generator and the OpenAPI document use.
macro_rules! models {
    ($gen:ident: $($ty:ty),* $(,)?) => {{
        $( $gen.subschema_for::<$ty>(); )*
    }};
}

/// Every model's schema by name (`Memory`, `MemoryList`, ...), with the decoding rule applied.
/// Deterministic: the map is sorted by name.
pub fn schemas() -> Map<String, Value> {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = DEFINITIONS_PATH.into();
    let mut gen = settings.into_generator();
    models!(gen:
        Agent, AgentStats, BatchItem, BatchItemResult, BatchResult, BatchTiming, Decision,
        DecisionCheckResult, DecisionMatch, Entity, EntityLink, Health, Memory, Pattern,
        PatternSearchResult, PatternSearchResults, Project, ProjectContext, SearchResult,
        SearchResults, Session, SessionSummary,
        Page<Agent>, Page<Decision>, Page<Entity>, Page<Memory>, Page<Pattern>, Page<Project>,
        Page<Session>,
    );
    let mut out: Map<String, Value> = Map::new();
    let mut defs: Vec<(String, Value)> = gen.take_definitions(true).into_iter().collect();
    defs.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, mut schema) in defs {
        // BatchItem is a request item: its members are omitted, never null.
        if name != "BatchItem" {
            lenient(&mut schema);
        }
        out.insert(name, schema);
    }
    out
}

/// Adds `null` to every non-required member (see the module doc).
fn lenient(schema: &mut Value) {
    let required: Vec<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let Some(Value::Object(props)) = schema.get_mut("properties") else {
        return;
    };
    for (name, prop) in props.iter_mut() {
        if !required.contains(name) {
            nullable(prop);
            if let Value::Object(p) = prop {
                if !p.contains_key("default") {
                    // Generic members (`Page<T>::data`) carry no default of their own.
                    let empty = match p.get("type").and_then(|t| t.get(0)).and_then(Value::as_str) {
                        Some("array") => Value::Array(Vec::new()),
                        Some("object") => Value::Object(Map::new()),
                        _ => Value::Null,
                    };
                    p.insert("default".into(), empty);
                }
            }
        }
    }
}

fn nullable(prop: &mut Value) {
    let Value::Object(p) = prop else { return };
    match p.get_mut("type") {
        Some(Value::String(t)) => {
            let t = t.clone();
            p.insert("type".into(), Value::from(vec![t, "null".to_string()]));
        }
        Some(Value::Array(ts)) => {
            if !ts.iter().any(|t| t == "null") {
                ts.push("null".into());
            }
        }
        _ => {
            let is_null = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
            let has_null = p
                .get("anyOf")
                .and_then(Value::as_array)
                .is_some_and(|alts| alts.iter().any(is_null));
            if has_null {
                return;
            }
            // `$ref` and friends: wrap, keeping the annotations outside.
            let mut inner = Map::new();
            for key in [
                "$ref",
                "anyOf",
                "oneOf",
                "allOf",
                "items",
                "format",
                "properties",
            ] {
                if let Some(v) = p.remove(key) {
                    inner.insert(key.into(), v);
                }
            }
            p.insert(
                "anyOf".into(),
                Value::Array(vec![
                    Value::Object(inner),
                    serde_json::json!({"type": "null"}),
                ]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_model_has_a_schema_and_only_id_is_required() {
        let s = schemas();
        let memory = &s["Memory"];
        assert_eq!(memory["required"], serde_json::json!(["id"]));
        assert_eq!(memory["properties"]["content"]["default"], "");
        assert_eq!(memory["properties"]["memory_type"]["default"], Value::Null);
        assert_eq!(
            memory["properties"]["memory_type"]["type"],
            serde_json::json!(["string", "null"])
        );
        assert!(s.contains_key("MemoryList"), "{:?}", s.keys());
        assert!(s.contains_key("Timestamp"));
    }
}
