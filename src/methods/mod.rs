//! The method table: the JSON layer of wire contract §1.6.
//!
//! Every SDK method has a name (`"memories.create"`), an HTTP method and path ([`METHODS`]),
//! and a parameter list ([`params`]). [`crate::Client::call`] takes the parameters as a JSON
//! object and returns the lossless response JSON. The typed resource methods
//! (`client.memories().create(..)`) build the same JSON object and go through the same
//! code, so validation, wire mapping and decoding exist once.
//!
//! Parameters: `name` is required, `name?` optional, `name=N` an integer with a default that
//! is always sent, `name→wire` a rename on the wire. Types: str, int, num, bool, obj, [str],
//! [obj]. Path parameters (`{…}` in the path) must be non-empty. A `null` member is absent;
//! an unknown member, a missing required one or a wrong JSON type is INVALID_ARGUMENT
//! naming it, and nothing is sent.
//!
//! | Method | Params | Result |
//! |---|---|---|
//! | memories.create | agent_id: str, content: str, metadata?: obj, importance?: num, tier?: str, memory_type?: str, user_id?: str, session_id?: str, project?: str, deduplicate?: bool, dedup_threshold?: num | Memory |
//! | memories.search | agent_id: str, query: str, limit=10: int, min_score?: num, metadata_filter?: obj, search_mode?: str, include_archived?: bool | SearchResults |
//! | memories.list | agent_id: str, limit=50: int, offset=0: int | list of Memory |
//! | memories.get | memory_id: str | Memory |
//! | memories.update | memory_id: str, content?: str, metadata?: obj | Memory |
//! | memories.delete | memory_id: str | null |
//! | memories.batch_create | agent_id: str, memories: [obj] | BatchResult (merged) |
//! | agents.create | name: str, description?: str, metadata?: obj | Agent |
//! | agents.list | limit=50: int, offset=0: int | list of Agent |
//! | agents.get | agent_id: str | Agent |
//! | agents.update | agent_id: str, name?: str, description?: str, metadata?: obj | Agent |
//! | agents.delete | agent_id: str | null |
//! | agents.stats | agent_id: str | AgentStats |
//! | entities.create | agent_id: str, name: str, entity_type: str, metadata?: obj | Entity |
//! | entities.list | agent_id: str, entity_type?: str, limit=50: int, offset=0: int | list of Entity |
//! | entities.get | entity_id: str | Entity |
//! | entities.update | entity_id: str, name?: str, metadata?: obj | Entity |
//! | entities.delete | entity_id: str | null |
//! | entities.link | entity_id: str, memory_id: str, relationship?: str | EntityLink |
//! | sessions.create | agent_id: str, metadata?: obj, title?: str, external_id?: str, project?: str | Session |
//! | sessions.get_or_create | agent_id: str, session_key→external_id: str, title?: str, metadata?: obj, project?: str | Session with `created` |
//! | sessions.list | agent_id: str, limit=50: int, offset=0: int, status?: str | list of Session |
//! | sessions.get | session_id: str | Session with `memories` |
//! | sessions.end | session_id: str, summary?: str | Session |
//! | sessions.summarize | session_id: str | SessionSummary |
//! | sessions.delete | session_id: str | null |
//! | decisions.create | agent_id: str, title: str, content→rationale: str, metadata?: obj, alternatives?: str, status?: str, tags?: [str], project_slug?: str, session_id?: str | Decision |
//! | decisions.list | agent_id: str, status?: str, limit=50: int, offset=0: int | list of Decision |
//! | decisions.get | decision_id: str | Decision |
//! | decisions.update | decision_id: str, title?: str, content→rationale?: str | Decision |
//! | decisions.delete | decision_id: str | null |
//! | decisions.check | agent_id: str, query: str, limit?: int, threshold?: num | DecisionCheckResult |
//! | decisions.supersede | decision_id: str, new_decision_id: str, reason?: str | Decision (the new one) |
//! | projects.create | agent_id: str, name: str, description?: str, metadata?: obj, slug?: str, stack?: obj, repo_url?: str | Project |
//! | projects.list | agent_id: str, limit=50: int, offset=0: int | list of Project |
//! | projects.get | project_id: str | Project |
//! | projects.update | project_id: str, name?: str, description?: str, metadata?: obj | Project |
//! | projects.delete | project_id: str | null |
//! | projects.context | project_id: str | ProjectContext |
//! | patterns.create | agent_id: str, name→title: str, content→description: str, metadata?: obj, scope?: str, category?: str, tags?: [str], example_code?: str | Pattern |
//! | patterns.search | agent_id: str, query: str, limit=10: int, threshold?: num | PatternSearchResults |
//! | patterns.list | agent_id: str, limit=50: int, offset=0: int | list of Pattern |
//! | patterns.get | pattern_id: str | Pattern |
//! | patterns.update | pattern_id: str, name→title?: str, content→description?: str | Pattern |
//! | patterns.delete | pattern_id: str | null |
//! | patterns.adopt | pattern_id: str, project_id→project: str | Pattern |
//! | patterns.unadopt | pattern_id: str, project_id→project: str | Pattern |
//!
//! Client-side checks besides types: `memories.create`/`update` content must not be empty or
//! only whitespace and at most 50,000 Unicode scalar values; every `*.update` needs at least
//! one field besides the id; `memories.batch_create` needs a non-empty array of objects using
//! only `content`, `metadata`, `importance`, `tier` and `session_id`, and is sent in chunks of
//! 100 (§4.3). Ranges (`limit` 1..100, enums, lengths) are the server's to check, as §1.6
//! says, and come back as VALIDATION.

mod batch;
mod request;
mod table;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::http::{CallOptions, RawResponse, Transport};

/// One row of the method index (contract §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodSpec {
    /// `resource.method`, e.g. `memories.create`.
    pub name: &'static str,
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub http_method: &'static str,
    /// Path template under the base URL, e.g. `/v1/memories/{memory_id}`.
    pub path: &'static str,
    /// What the method returns.
    pub returns: Returns,
    /// One line saying what the method does (the generated docs of every language use it).
    pub doc: &'static str,
    /// Query members always sent (`sessions.get` → `include_memories=true`).
    pub fixed_query: &'static [(&'static str, &'static str)],
    /// The server answers 201 when it creates the resource (200 otherwise, 204 for deletes).
    pub creates: bool,
}

/// A method's result, naming a model of [`crate::models`] (its JSON Schema name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returns {
    /// The response body is one model, e.g. `Memory`.
    Model(&'static str),
    /// A list envelope of the model (§1.5): the method pages with `limit`/`offset`, and each
    /// language's auto-paging walks it with [`crate::paging::DEFAULT_PAGE_SIZE`] items a page.
    Page(&'static str),
    /// `null` (the delete methods).
    Null,
}

/// A group of methods (`client.memories`), with its one-line doc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource {
    pub name: &'static str,
    pub doc: &'static str,
}

/// The resources, in the contract's §6 order (the typed surfaces group methods by them).
pub const RESOURCES: [Resource; 7] = [
    Resource {
        name: "memories",
        doc: "Core memory storage and retrieval operations.",
    },
    Resource {
        name: "agents",
        doc: "Manage agent namespaces that isolate memory collections.",
    },
    Resource {
        name: "entities",
        doc: "Knowledge graph nodes: people, organizations, technologies, concepts.",
    },
    Resource {
        name: "sessions",
        doc: "Group related memories into bounded interaction periods.",
    },
    Resource {
        name: "decisions",
        doc: "Track architectural and design decisions with lifecycle management.",
    },
    Resource {
        name: "projects",
        doc: "Multi-project context management.",
    },
    Resource {
        name: "patterns",
        doc: "Discover and share reusable patterns across projects.",
    },
];

/// The delete methods' result is `null` whatever the body (§1.6); the generators need it.
pub fn is_delete(name: &str) -> bool {
    find(name).is_some_and(|d| d.shape == Shape::Delete)
}

/// The JSON type a parameter must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    StringArray,
    ObjectArray,
}

/// One parameter of a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamSpec {
    /// The name callers use (the Python reference's keyword).
    pub name: &'static str,
    pub ty: ParamType,
    /// No default: the caller must give it.
    pub required: bool,
    /// Integer default sent when the caller gives none (`limit`, `offset`).
    pub default: Option<i64>,
    /// The name on the wire (differs for the renames of §5.1).
    pub wire: &'static str,
    /// One of the contract's extras, not in the Python reference's signature (keyword-only in
    /// Python, an option field in Rust and Go).
    pub extra: bool,
    /// `""` is a value that clears the stored one (agent and project descriptions, a session
    /// summary); surfaces where an empty string means absent (Go) take a pointer for it.
    pub clears: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Result = response JSON.
    Plain,
    /// Result = `null`; 204 or 200 with any body.
    Delete,
    /// Client-side chunking and merge (§4.3).
    Batch,
}

#[derive(Debug, Clone, Copy)]
struct MethodDef {
    spec: MethodSpec,
    params: &'static [ParamSpec],
    shape: Shape,
    /// §4.3 content rules apply to `content` when present.
    content_rules: bool,
    /// Needs at least one field besides the path id.
    update: bool,
}

/// The 47 methods of the contract, in its §6 order.
pub static METHODS: [MethodSpec; 47] = {
    let mut out = [MethodSpec {
        name: "",
        http_method: "",
        path: "",
        returns: Returns::Null,
        doc: "",
        fixed_query: &[],
        creates: false,
    }; 47];
    let mut i = 0;
    while i < 47 {
        out[i] = table::DEFS[i].spec;
        i += 1;
    }
    out
};

fn find(name: &str) -> Option<&'static MethodDef> {
    const DEFS: &[MethodDef] = &table::DEFS;
    DEFS.iter().find(|d| d.spec.name == name)
}

/// The method's row of the index, if `name` is one of the 47.
pub fn spec(name: &str) -> Option<&'static MethodSpec> {
    METHODS.iter().find(|m| m.name == name)
}

/// The parameters `call` accepts for `name`, in the Python reference's order then the extras.
pub fn params(name: &str) -> Option<&'static [ParamSpec]> {
    find(name).map(|d| d.params)
}

/// A method's result before it is turned into JSON or a model.
pub(crate) enum Reply {
    /// Already shaped: `null` for deletes, the merged batch result.
    Json(Value),
    /// The 2xx response whose body is the result; decoded straight into the caller's type, so
    /// the typed surface does not build an intermediate `Value`.
    Body(crate::http::HttpResponse),
}

/// Validates `params`, sends the request(s) and shapes the result (§1.6).
pub(crate) async fn invoke(
    transport: &Transport,
    method: &str,
    params: Value,
    opts: &CallOptions,
) -> Result<Value> {
    match invoke_reply(transport, method, params, opts).await? {
        Reply::Json(v) => Ok(v),
        Reply::Body(resp) => resp.json(),
    }
}

/// [`invoke`] for bindings that decode JSON themselves: the result as JSON text, with no
/// `Value` built from a plain method's response body (checked to be JSON, not parsed).
pub(crate) async fn invoke_raw(
    transport: &Transport,
    method: &str,
    params: Value,
    opts: &CallOptions,
) -> Result<RawResponse> {
    match invoke_reply(transport, method, params, opts).await? {
        Reply::Body(resp) => resp.into_raw(),
        Reply::Json(v) => Ok(RawResponse {
            status: if v.is_null() { 204 } else { 200 },
            request_id: None,
            body: serde_json::to_vec(&v)
                .expect("JSON values always serialize")
                .into(),
        }),
    }
}

/// [`invoke`] without the final decoding step, shared by the JSON and the typed surfaces.
pub(crate) async fn invoke_reply(
    transport: &Transport,
    method: &str,
    params: Value,
    opts: &CallOptions,
) -> Result<Reply> {
    let def = find(method)
        .ok_or_else(|| Error::invalid_argument(format!("unknown method `{method}`")))?;
    let params = request::check_params(def, params)?;
    match def.shape {
        Shape::Batch => Ok(Reply::Json(batch::run(transport, def, params, opts).await?)),
        Shape::Delete => {
            let req = request::build(def, &params)?;
            transport.send(&req, opts).await?;
            Ok(Reply::Json(Value::Null))
        }
        Shape::Plain => {
            let req = request::build(def, &params)?;
            Ok(Reply::Body(transport.send(&req, opts).await?))
        }
    }
}

/// `GET /v1/health` (§4.10): outside the 47 methods, but through the same request path.
pub(crate) async fn health(transport: &Transport, opts: &CallOptions) -> Result<Value> {
    let req = crate::http::HttpRequest {
        name: "health.check",
        method: reqwest::Method::GET,
        path: "/v1/health".to_string(),
        query: Vec::new(),
        body: None,
        delete_404_ok: false,
    };
    transport.send(&req, opts).await?.json()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Every name of contract §6, by resource.
    const CONTRACT_NAMES: [&str; 47] = [
        "memories.create",
        "memories.search",
        "memories.list",
        "memories.get",
        "memories.update",
        "memories.delete",
        "memories.batch_create",
        "agents.create",
        "agents.list",
        "agents.get",
        "agents.update",
        "agents.delete",
        "agents.stats",
        "entities.create",
        "entities.list",
        "entities.get",
        "entities.update",
        "entities.delete",
        "entities.link",
        "sessions.create",
        "sessions.get_or_create",
        "sessions.list",
        "sessions.get",
        "sessions.end",
        "sessions.summarize",
        "sessions.delete",
        "decisions.create",
        "decisions.list",
        "decisions.get",
        "decisions.update",
        "decisions.delete",
        "decisions.check",
        "decisions.supersede",
        "projects.create",
        "projects.list",
        "projects.get",
        "projects.update",
        "projects.delete",
        "projects.context",
        "patterns.create",
        "patterns.search",
        "patterns.list",
        "patterns.get",
        "patterns.update",
        "patterns.delete",
        "patterns.adopt",
        "patterns.unadopt",
    ];

    #[test]
    fn table_holds_exactly_the_contract_names() {
        let names: Vec<&str> = METHODS.iter().map(|m| m.name).collect();
        assert_eq!(names, CONTRACT_NAMES);
        assert_eq!(names.iter().collect::<HashSet<_>>().len(), 47);
    }

    #[test]
    fn resources_group_every_method() {
        for m in &METHODS {
            let r = m.name.split('.').next().unwrap();
            assert!(RESOURCES.iter().any(|x| x.name == r), "{}", m.name);
        }
        for p in table::DEFS.iter().flat_map(|d| d.params) {
            assert!(!(p.extra && p.required), "{}: an extra is optional", p.name);
        }
    }

    #[test]
    fn every_method_has_a_doc_and_a_result() {
        for m in &METHODS {
            assert!(m.doc.ends_with('.'), "{}: one-line doc", m.name);
            assert_eq!(m.returns == Returns::Null, is_delete(m.name), "{}", m.name);
            if let Returns::Page(_) = m.returns {
                let p = params(m.name).unwrap();
                assert!(p.iter().any(|p| p.name == "offset"), "{} pages", m.name);
            }
        }
    }

    /// Every result names a model that has a schema (what the generators render).
    #[cfg(feature = "schema")]
    #[test]
    fn results_name_models_with_schemas() {
        let schemas = crate::models::schemas();
        for m in &METHODS {
            match m.returns {
                Returns::Model(name) => assert!(schemas.contains_key(name), "{name}"),
                Returns::Page(name) => {
                    assert!(schemas.contains_key(&format!("{name}List")), "{name}List")
                }
                Returns::Null => {}
            }
        }
    }

    #[test]
    fn path_parameters_are_declared_and_required() {
        for d in &table::DEFS {
            for seg in d.spec.path.split('/') {
                if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    let p = d.params.iter().find(|p| p.name == name);
                    assert!(p.is_some_and(|p| p.required), "{} {name}", d.spec.name);
                }
            }
            let mut seen = HashSet::new();
            for p in d.params {
                assert!(seen.insert(p.name), "{} repeats {}", d.spec.name, p.name);
            }
        }
    }

    /// The rustdoc table above is the documentation of record; keep it equal to the table.
    #[test]
    fn doc_table_matches_the_definitions() {
        let src = include_str!("mod.rs");
        for d in &table::DEFS {
            let params: Vec<String> = d
                .params
                .iter()
                .map(|p| {
                    let name = if p.wire == p.name {
                        p.name.to_string()
                    } else {
                        format!("{}→{}", p.name, p.wire)
                    };
                    let ty = match p.ty {
                        ParamType::String => "str",
                        ParamType::Integer => "int",
                        ParamType::Number => "num",
                        ParamType::Boolean => "bool",
                        ParamType::Object => "obj",
                        ParamType::StringArray => "[str]",
                        ParamType::ObjectArray => "[obj]",
                    };
                    match (p.required, p.default) {
                        (_, Some(n)) => format!("{name}={n}: {ty}"),
                        (true, None) => format!("{name}: {ty}"),
                        (false, None) => format!("{name}?: {ty}"),
                    }
                })
                .collect();
            let row = format!("//! | {} | {} |", d.spec.name, params.join(", "));
            assert!(src.contains(&row), "doc row missing or stale: {row}");
        }
    }
}
