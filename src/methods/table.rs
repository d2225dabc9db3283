//! The 47 methods of wire contract §6 with their parameters (§4.3–§4.9).

use super::{MethodDef, ParamSpec, ParamType as T, Shape};

/// Defines a parameter with no default. `wire` starts equal to `name`.
const fn req(name: &'static str, ty: T) -> ParamSpec {
    ParamSpec {
        name,
        ty,
        required: true,
        default: None,
        wire: name,
    }
}
const fn opt(name: &'static str, ty: T) -> ParamSpec {
    ParamSpec {
        name,
        ty,
        required: false,
        default: None,
        wire: name,
    }
}
/// An integer with the Py sig's default, always sent (§1.5).
const fn int(name: &'static str, default: i64) -> ParamSpec {
    ParamSpec {
        name,
        ty: T::Integer,
        required: false,
        default: Some(default),
        wire: name,
    }
}
impl ParamSpec {
    /// The same parameter sent under another wire name (§5.1).
    const fn to(mut self, wire: &'static str) -> ParamSpec {
        self.wire = wire;
        self
    }
}

const fn def(
    name: &'static str,
    http_method: &'static str,
    path: &'static str,
    params: &'static [ParamSpec],
) -> MethodDef {
    MethodDef {
        spec: super::MethodSpec {
            name,
            http_method,
            path,
        },
        params,
        shape: Shape::Plain,
        fixed_query: &[],
        content_rules: false,
        update: false,
    }
}
impl MethodDef {
    const fn delete(mut self) -> MethodDef {
        self.shape = Shape::Delete;
        self
    }
    const fn batch(mut self) -> MethodDef {
        self.shape = Shape::Batch;
        self
    }
    const fn content(mut self) -> MethodDef {
        self.content_rules = true;
        self
    }
    const fn update(mut self) -> MethodDef {
        self.update = true;
        self
    }
    const fn query(mut self, q: &'static [(&'static str, &'static str)]) -> MethodDef {
        self.fixed_query = q;
        self
    }
}

const PAGE: [ParamSpec; 2] = [int("limit", 50), int("offset", 0)];

#[rustfmt::skip]
pub(super) const DEFS: [MethodDef; 47] = [
    // memories (§4.3)
    def("memories.create", "POST", "/v1/memories", &[
        req("agent_id", T::String), req("content", T::String), opt("metadata", T::Object),
        opt("importance", T::Number), opt("tier", T::String), opt("memory_type", T::String),
        opt("user_id", T::String), opt("session_id", T::String), opt("project", T::String),
        opt("deduplicate", T::Boolean), opt("dedup_threshold", T::Number),
    ]).content(),
    def("memories.search", "POST", "/v1/memories/search", &[
        req("agent_id", T::String), req("query", T::String), int("limit", 10),
        opt("min_score", T::Number), opt("metadata_filter", T::Object),
        opt("search_mode", T::String), opt("include_archived", T::Boolean),
    ]),
    def("memories.list", "GET", "/v1/memories", &[req("agent_id", T::String), PAGE[0], PAGE[1]]),
    def("memories.get", "GET", "/v1/memories/{memory_id}", &[req("memory_id", T::String)]),
    def("memories.update", "PUT", "/v1/memories/{memory_id}", &[
        req("memory_id", T::String), opt("content", T::String), opt("metadata", T::Object),
    ]).content().update(),
    def("memories.delete", "DELETE", "/v1/memories/{memory_id}", &[req("memory_id", T::String)]).delete(),
    def("memories.batch_create", "POST", "/v1/memories/batch", &[
        req("agent_id", T::String), req("memories", T::ObjectArray),
    ]).batch(),
    // agents (§4.4)
    def("agents.create", "POST", "/v1/agents", &[
        req("name", T::String), opt("description", T::String), opt("metadata", T::Object),
    ]),
    def("agents.list", "GET", "/v1/agents", &PAGE),
    def("agents.get", "GET", "/v1/agents/{agent_id}", &[req("agent_id", T::String)]),
    def("agents.update", "PUT", "/v1/agents/{agent_id}", &[
        req("agent_id", T::String), opt("name", T::String), opt("description", T::String),
        opt("metadata", T::Object),
    ]).update(),
    def("agents.delete", "DELETE", "/v1/agents/{agent_id}", &[req("agent_id", T::String)]).delete(),
    def("agents.stats", "GET", "/v1/agents/{agent_id}/stats", &[req("agent_id", T::String)]),
    // entities (§4.5)
    def("entities.create", "POST", "/v1/entities", &[
        req("agent_id", T::String), req("name", T::String), req("entity_type", T::String),
        opt("metadata", T::Object),
    ]),
    def("entities.list", "GET", "/v1/entities", &[
        req("agent_id", T::String), opt("entity_type", T::String), PAGE[0], PAGE[1],
    ]),
    def("entities.get", "GET", "/v1/entities/{entity_id}", &[req("entity_id", T::String)]),
    def("entities.update", "PUT", "/v1/entities/{entity_id}", &[
        req("entity_id", T::String), opt("name", T::String), opt("metadata", T::Object),
    ]).update(),
    def("entities.delete", "DELETE", "/v1/entities/{entity_id}", &[req("entity_id", T::String)]).delete(),
    def("entities.link", "POST", "/v1/entities/links", &[
        req("entity_id", T::String), req("memory_id", T::String), opt("relationship", T::String),
    ]),
    // sessions (§4.6)
    def("sessions.create", "POST", "/v1/sessions", &[
        req("agent_id", T::String), opt("metadata", T::Object), opt("title", T::String),
        opt("external_id", T::String), opt("project", T::String),
    ]),
    def("sessions.get_or_create", "POST", "/v1/sessions/get-or-create", &[
        req("agent_id", T::String), req("session_key", T::String).to("external_id"),
        opt("title", T::String), opt("metadata", T::Object), opt("project", T::String),
    ]),
    def("sessions.list", "GET", "/v1/sessions", &[
        req("agent_id", T::String), PAGE[0], PAGE[1], opt("status", T::String),
    ]),
    def("sessions.get", "GET", "/v1/sessions/{session_id}", &[req("session_id", T::String)])
        .query(&[("include_memories", "true")]),
    def("sessions.end", "PUT", "/v1/sessions/{session_id}/end", &[
        req("session_id", T::String), opt("summary", T::String),
    ]),
    def("sessions.summarize", "POST", "/v1/sessions/{session_id}/summarize", &[req("session_id", T::String)]),
    def("sessions.delete", "DELETE", "/v1/sessions/{session_id}", &[req("session_id", T::String)]).delete(),
    // decisions (§4.7)
    def("decisions.create", "POST", "/v1/decisions", &[
        req("agent_id", T::String), req("title", T::String), req("content", T::String).to("rationale"),
        opt("metadata", T::Object), opt("alternatives", T::String), opt("status", T::String),
        opt("tags", T::StringArray), opt("project_slug", T::String), opt("session_id", T::String),
    ]),
    def("decisions.list", "GET", "/v1/decisions", &[
        req("agent_id", T::String), opt("status", T::String), PAGE[0], PAGE[1],
    ]),
    def("decisions.get", "GET", "/v1/decisions/{decision_id}", &[req("decision_id", T::String)]),
    def("decisions.update", "PUT", "/v1/decisions/{decision_id}", &[
        req("decision_id", T::String), opt("title", T::String), opt("content", T::String).to("rationale"),
    ]).update(),
    def("decisions.delete", "DELETE", "/v1/decisions/{decision_id}", &[req("decision_id", T::String)]).delete(),
    def("decisions.check", "GET", "/v1/decisions/check", &[
        req("agent_id", T::String), req("query", T::String), opt("limit", T::Integer),
        opt("threshold", T::Number),
    ]),
    def("decisions.supersede", "POST", "/v1/decisions/{decision_id}/supersede", &[
        req("decision_id", T::String), req("new_decision_id", T::String), opt("reason", T::String),
    ]),
    // projects (§4.8)
    def("projects.create", "POST", "/v1/projects", &[
        req("agent_id", T::String), req("name", T::String), opt("description", T::String),
        opt("metadata", T::Object), opt("slug", T::String), opt("stack", T::Object),
        opt("repo_url", T::String),
    ]),
    def("projects.list", "GET", "/v1/projects", &[req("agent_id", T::String), PAGE[0], PAGE[1]]),
    def("projects.get", "GET", "/v1/projects/{project_id}", &[req("project_id", T::String)]),
    def("projects.update", "PUT", "/v1/projects/{project_id}", &[
        req("project_id", T::String), opt("name", T::String), opt("description", T::String),
        opt("metadata", T::Object),
    ]).update(),
    def("projects.delete", "DELETE", "/v1/projects/{project_id}", &[req("project_id", T::String)]).delete(),
    def("projects.context", "GET", "/v1/projects/{project_id}/context", &[req("project_id", T::String)]),
    // patterns (§4.9)
    def("patterns.create", "POST", "/v1/patterns", &[
        req("agent_id", T::String), req("name", T::String).to("title"),
        req("content", T::String).to("description"), opt("metadata", T::Object),
        opt("scope", T::String), opt("category", T::String), opt("tags", T::StringArray),
        opt("example_code", T::String),
    ]),
    def("patterns.search", "GET", "/v1/patterns/search", &[
        req("agent_id", T::String), req("query", T::String), int("limit", 10),
        opt("threshold", T::Number),
    ]),
    def("patterns.list", "GET", "/v1/patterns", &[req("agent_id", T::String), PAGE[0], PAGE[1]]),
    def("patterns.get", "GET", "/v1/patterns/{pattern_id}", &[req("pattern_id", T::String)]),
    def("patterns.update", "PUT", "/v1/patterns/{pattern_id}", &[
        req("pattern_id", T::String), opt("name", T::String).to("title"),
        opt("content", T::String).to("description"),
    ]).update(),
    def("patterns.delete", "DELETE", "/v1/patterns/{pattern_id}", &[req("pattern_id", T::String)]).delete(),
    def("patterns.adopt", "POST", "/v1/patterns/{pattern_id}/adopt", &[
        req("pattern_id", T::String), req("project_id", T::String).to("project"),
    ]),
    // Not a delete method for the JSON layer: it answers 200 with the Pattern (§4.9).
    def("patterns.unadopt", "DELETE", "/v1/patterns/{pattern_id}/adopt", &[
        req("pattern_id", T::String), req("project_id", T::String).to("project"),
    ]),
];
