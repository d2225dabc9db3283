//! Golden bodies (tests/golden/bodies.json: missing, null and unknown members) decoded by the
//! Rust models give the values of tests/golden/expected.json, the file the Python and Go
//! suites compare against too, so every language decodes a body to the same values.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use memoryrelay::models::*;

fn decode_as<T: DeserializeOwned + Serialize>(body: &Value) -> Value {
    let model: T = serde_json::from_value(body.clone()).expect("decodes");
    serde_json::to_value(model).expect("encodes")
}

fn decode(model: &str, body: &Value) -> Value {
    match model {
        "Memory" => decode_as::<Memory>(body),
        "Agent" => decode_as::<Agent>(body),
        "AgentStats" => decode_as::<AgentStats>(body),
        "Entity" => decode_as::<Entity>(body),
        "EntityLink" => decode_as::<EntityLink>(body),
        "Session" => decode_as::<Session>(body),
        "SessionSummary" => decode_as::<SessionSummary>(body),
        "Decision" => decode_as::<Decision>(body),
        "DecisionCheckResult" => decode_as::<DecisionCheckResult>(body),
        "Project" => decode_as::<Project>(body),
        "ProjectContext" => decode_as::<ProjectContext>(body),
        "Pattern" => decode_as::<Pattern>(body),
        "PatternSearchResults" => decode_as::<PatternSearchResults>(body),
        "SearchResults" => decode_as::<SearchResults>(body),
        "BatchResult" => decode_as::<BatchResult>(body),
        "Health" => decode_as::<Health>(body),
        "MemoryList" => decode_as::<Page<Memory>>(body),
        other => panic!("no Rust model for golden case model {other}"),
    }
}

/// Compares the expected members only (unknown members are each language's own business);
/// `{"$time": s}` is a timestamp of `s` unix seconds, numbers compare as numbers.
fn check(path: &str, expected: &Value, actual: &Value) {
    match (expected, actual) {
        (Value::Object(e), _) if e.contains_key("$time") => {
            let want = e["$time"].as_f64().unwrap();
            let s = actual
                .as_str()
                .unwrap_or_else(|| panic!("{path}: {actual} is no time"));
            let t = OffsetDateTime::parse(s, &Rfc3339).unwrap();
            let got = t.unix_timestamp_nanos() as f64 / 1e9;
            assert!((got - want).abs() < 1e-6, "{path}: {got} != {want}");
        }
        (Value::Object(e), Value::Object(a)) => {
            for (k, v) in e {
                let got = a.get(k).unwrap_or_else(|| panic!("{path}.{k} missing"));
                check(&format!("{path}.{k}"), v, got);
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            assert_eq!(e.len(), a.len(), "{path}: length");
            for (i, (e, a)) in e.iter().zip(a).enumerate() {
                check(&format!("{path}[{i}]"), e, a);
            }
        }
        (Value::Number(e), Value::Number(a)) => {
            assert_eq!(e.as_f64(), a.as_f64(), "{path}");
        }
        _ => assert_eq!(expected, actual, "{path}"),
    }
}

#[test]
fn golden_bodies_decode_to_the_expected_values() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
    let bodies: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/bodies.json")).unwrap())
            .unwrap();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/expected.json")).unwrap())
            .unwrap();
    assert!(bodies.len() >= 20);
    for case in &bodies {
        let name = case["name"].as_str().unwrap();
        let actual = decode(case["model"].as_str().unwrap(), &case["body"]);
        check(name, &expected[name], &actual);
    }
}
