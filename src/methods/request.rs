//! Parameter checking (§1.6) and the mapping of checked parameters onto an HTTP request.

use bytes::Bytes;
use http::Method;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{Map, Value};

use super::{MethodDef, ParamType};
use crate::error::{Error, Result};
use crate::http::HttpRequest;

/// Longest memory content, in Unicode scalar values (§4.3).
pub(crate) const MAX_CONTENT_CHARS: usize = 50_000;

/// Path segments keep only RFC 3986 unreserved characters unescaped.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Checks `params` against the method's parameter list and returns the members to send:
/// nulls removed, defaults added, every value of the declared JSON type.
pub(super) fn check_params(def: &MethodDef, params: Value) -> Result<Map<String, Value>> {
    let name = def.spec.name;
    let mut given = match params {
        Value::Null => Map::new(),
        Value::Object(m) => m,
        _ => {
            return Err(Error::invalid_argument(format!(
                "{name}: params must be a JSON object"
            )))
        }
    };
    given.retain(|_, v| !v.is_null());
    if let Some(unknown) = given
        .keys()
        .find(|k| !def.params.iter().any(|p| p.name == k.as_str()))
    {
        return Err(Error::invalid_argument(format!(
            "{name}: unknown parameter `{unknown}`"
        )));
    }
    for p in def.params {
        match given.get(p.name) {
            None if p.required => {
                return Err(Error::invalid_argument(format!(
                    "{name}: missing required parameter `{}`",
                    p.name
                )))
            }
            None => {
                if let Some(d) = p.default {
                    given.insert(p.name.to_string(), Value::from(d));
                }
            }
            Some(v) => check_type(name, p.name, p.ty, v)?,
        }
    }
    for seg in path_params(def) {
        if given.get(seg).and_then(Value::as_str) == Some("") {
            return Err(Error::invalid_argument(format!(
                "{name}: `{seg}` must not be empty"
            )));
        }
    }
    if def.content_rules {
        if let Some(content) = given.get("content").and_then(Value::as_str) {
            check_content(name, "content", content)?;
        }
    }
    if def.update {
        let path: Vec<&str> = path_params(def).collect();
        if !given.keys().any(|k| !path.contains(&k.as_str())) {
            return Err(Error::invalid_argument(format!(
                "{name}: nothing to update; give at least one field"
            )));
        }
    }
    Ok(given)
}

/// §4.3 content rules: 1–50,000 Unicode scalar values, not only whitespace.
pub(crate) fn check_content(method: &str, key: &str, content: &str) -> Result<()> {
    if content.trim().is_empty() {
        return Err(Error::invalid_argument(format!(
            "{method}: `{key}` must not be empty or only whitespace"
        )));
    }
    // chars() counts Unicode scalar values, the unit the contract uses.
    if content.chars().count() > MAX_CONTENT_CHARS {
        return Err(Error::invalid_argument(format!(
            "{method}: `{key}` is longer than {MAX_CONTENT_CHARS} characters"
        )));
    }
    Ok(())
}

fn check_type(method: &str, key: &str, ty: ParamType, v: &Value) -> Result<()> {
    let (ok, what) = match ty {
        ParamType::String => (v.is_string(), "a string"),
        ParamType::Integer => (v.is_i64() || v.is_u64(), "an integer"),
        ParamType::Number => (v.is_number(), "a number"),
        ParamType::Boolean => (v.is_boolean(), "a boolean"),
        ParamType::Object => (v.is_object(), "an object"),
        ParamType::StringArray => (
            v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
            "an array of strings",
        ),
        ParamType::ObjectArray => (
            v.as_array().is_some_and(|a| a.iter().all(Value::is_object)),
            "an array of objects",
        ),
    };
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!(
            "{method}: `{key}` must be {what}"
        )))
    }
}

fn path_params(def: &MethodDef) -> impl Iterator<Item = &'static str> {
    def.spec
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
}

/// Builds the HTTP request for checked params: path parameters into the path, the others
/// into the body (POST/PUT) or the query (GET/DELETE) under their wire names.
pub(super) fn build(def: &MethodDef, params: &Map<String, Value>) -> Result<HttpRequest> {
    let method = match def.spec.http_method {
        "GET" => Method::GET,
        "POST" => Method::POST,
        "PUT" => Method::PUT,
        _ => Method::DELETE,
    };
    let mut path = String::with_capacity(def.spec.path.len() + 40);
    for (i, seg) in def.spec.path.split('/').enumerate() {
        if i > 0 {
            path.push('/');
        }
        match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                let value = params.get(name).and_then(Value::as_str).unwrap_or_default();
                push_segment(&mut path, value);
            }
            None => path.push_str(seg),
        }
    }
    let path_names: Vec<&str> = path_params(def).collect();
    let in_body = method == Method::POST || method == Method::PUT;
    let mut body = Map::new();
    let mut query: Vec<(&'static str, String)> = def
        .spec
        .fixed_query
        .iter()
        .map(|(k, v)| (*k, v.to_string()))
        .collect();
    for p in def.params {
        if path_names.contains(&p.name) {
            continue;
        }
        let Some(v) = params.get(p.name) else {
            continue;
        };
        if in_body {
            body.insert(p.wire.to_string(), v.clone());
        } else {
            query.push((p.wire, query_value(v)));
        }
    }
    // A method with no body parameters at all (sessions.summarize) sends no body.
    let has_body_params = def.params.iter().any(|p| !path_names.contains(&p.name));
    let body = if in_body && has_body_params {
        Some(Bytes::from(
            serde_json::to_vec(&Value::Object(body)).expect("JSON values always serialize"),
        ))
    } else {
        None
    };
    Ok(HttpRequest {
        name: def.spec.name,
        method,
        path,
        query,
        body,
        delete_404_ok: def.shape == super::Shape::Delete,
    })
}

/// Appends one path segment holding `value` whatever it contains: `/`, `?`, `#` and `%` are
/// percent-encoded, and a value made only of dots (`.`, `..`), which URL resolution would
/// treat as "this" or "parent" directory, is sent as `%2E`s. The server decodes the segment
/// back to the id, so `agents.stats {"agent_id": "."}` asks about the agent named `.`.
fn push_segment(path: &mut String, value: &str) {
    if !value.is_empty() && value.bytes().all(|b| b == b'.') {
        path.push_str(&"%2E".repeat(value.len()));
    } else {
        path.extend(utf8_percent_encode(value, SEGMENT));
    }
}

fn query_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::find;
    use super::*;
    use crate::error::ErrorCode;
    use serde_json::json;

    fn check(method: &str, params: Value) -> Result<Map<String, Value>> {
        check_params(find(method).unwrap(), params)
    }

    fn bad(method: &str, params: Value, needle: &str) {
        let err = check(method, params).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert!(err.message().contains(needle), "{}", err.message());
    }

    #[test]
    fn validation_cases() {
        bad("memories.create", json!([1]), "JSON object");
        bad("memories.create", json!({"agent_id": "a"}), "`content`");
        bad(
            "memories.create",
            json!({"agent_id": "a", "content": "x", "bogus": 1}),
            "`bogus`",
        );
        bad(
            "memories.create",
            json!({"agent_id": 5, "content": "x"}),
            "`agent_id`",
        );
        bad(
            "memories.create",
            json!({"agent_id": "a", "content": "  \n\t"}),
            "`content`",
        );
        bad(
            "memories.create",
            json!({"agent_id": "a", "content": ""}),
            "`content`",
        );
        let long = "é".repeat(MAX_CONTENT_CHARS + 1);
        bad(
            "memories.create",
            json!({"agent_id": "a", "content": long}),
            "50000",
        );
        // Exactly 50,000 multi-byte scalars is fine: the limit is not in bytes.
        let max = "é".repeat(MAX_CONTENT_CHARS);
        assert!(check("memories.create", json!({"agent_id": "a", "content": max})).is_ok());
        bad("memories.get", json!({"memory_id": ""}), "`memory_id`");
        bad(
            "memories.update",
            json!({"memory_id": "m"}),
            "nothing to update",
        );
        bad(
            "memories.update",
            json!({"memory_id": "m", "content": null}),
            "nothing to update",
        );
        bad(
            "memories.update",
            json!({"memory_id": "m", "content": " "}),
            "`content`",
        );
        bad(
            "memories.list",
            json!({"agent_id": "a", "limit": 1.5}),
            "`limit`",
        );
        bad(
            "memories.list",
            json!({"agent_id": "a", "limit": "5"}),
            "`limit`",
        );
        bad(
            "decisions.create",
            json!({"agent_id": "a", "title": "t", "content": "c", "tags": [1]}),
            "`tags`",
        );
        bad(
            "agents.update",
            json!({"agent_id": "a"}),
            "nothing to update",
        );
        // A null member is absent, and defaults are added.
        let p = check("memories.list", json!({"agent_id": "a", "limit": null})).unwrap();
        assert_eq!(p["limit"], 50);
        assert_eq!(p["offset"], 0);
        assert!(check("agents.list", Value::Null).is_ok());
    }

    #[test]
    fn ids_never_leave_their_segment() {
        let path = |method: &str, key: &str, id: &str| {
            let d = find(method).unwrap();
            build(d, &check_params(d, json!({ key: id })).unwrap())
                .unwrap()
                .path
        };
        assert_eq!(
            path("agents.stats", "agent_id", "."),
            "/v1/agents/%2E/stats"
        );
        assert_eq!(
            path("memories.get", "memory_id", ".."),
            "/v1/memories/%2E%2E"
        );
        assert_eq!(
            path("memories.get", "memory_id", "..."),
            "/v1/memories/%2E%2E%2E"
        );
        assert_eq!(path("memories.get", "memory_id", "a.b"), "/v1/memories/a.b");
        assert_eq!(
            path("memories.get", "memory_id", "x/../y?z#w%"),
            "/v1/memories/x%2F..%2Fy%3Fz%23w%25"
        );
    }

    #[test]
    fn wire_mapping() {
        let d = find("decisions.create").unwrap();
        let p = check_params(d, json!({"agent_id": "a", "title": "t", "content": "why"})).unwrap();
        let r = build(d, &p).unwrap();
        assert_eq!(r.method, Method::POST);
        let body: Value = serde_json::from_slice(r.body.as_ref().unwrap()).unwrap();
        assert_eq!(
            body,
            json!({"agent_id": "a", "title": "t", "rationale": "why"})
        );

        let d = find("patterns.unadopt").unwrap();
        let p = check_params(d, json!({"pattern_id": "p/1 x", "project_id": "web"})).unwrap();
        let r = build(d, &p).unwrap();
        assert_eq!(r.path, "/v1/patterns/p%2F1%20x/adopt");
        assert_eq!(r.query, vec![("project", "web".to_string())]);
        assert!(r.body.is_none());
        assert!(!r.delete_404_ok, "unadopt's 404 is never a lost success");
        let d = find("memories.delete").unwrap();
        let r = build(d, &check_params(d, json!({"memory_id": "m"})).unwrap()).unwrap();
        assert!(r.delete_404_ok);

        let d = find("sessions.get").unwrap();
        let p = check_params(d, json!({"session_id": "s"})).unwrap();
        let r = build(d, &p).unwrap();
        assert_eq!(r.query, vec![("include_memories", "true".to_string())]);

        let d = find("sessions.summarize").unwrap();
        let r = build(d, &check_params(d, json!({"session_id": "s"})).unwrap()).unwrap();
        assert_eq!(r.method, Method::POST);
        assert!(r.body.is_none());

        let d = find("sessions.end").unwrap();
        let r = build(d, &check_params(d, json!({"session_id": "s"})).unwrap()).unwrap();
        assert_eq!(r.body.as_deref(), Some(&b"{}"[..]));

        let d = find("entities.list").unwrap();
        let p = check_params(d, json!({"agent_id": "a", "entity_type": "person"})).unwrap();
        let r = build(d, &p).unwrap();
        assert_eq!(
            r.query,
            vec![
                ("agent_id", "a".to_string()),
                ("entity_type", "person".to_string()),
                ("limit", "50".to_string()),
                ("offset", "0".to_string())
            ]
        );
        let d = find("sessions.get_or_create").unwrap();
        let p = check_params(d, json!({"agent_id": "a", "session_key": "k"})).unwrap();
        let body: Value =
            serde_json::from_slice(build(d, &p).unwrap().body.as_ref().unwrap()).unwrap();
        assert_eq!(body, json!({"agent_id": "a", "external_id": "k"}));
    }
}
