//! The 47 methods of wire contract §6 with their parameters (§4.3–§4.9).

use super::{MethodDef, ParamSpec, ParamType as T, Returns, Shape};

/// Defines a parameter with no default. `wire` starts equal to `name`.
const fn req(name: &'static str, ty: T) -> ParamSpec {
    ParamSpec {
        name,
        ty,
        required: true,
        default: None,
        wire: name,
        extra: false,
        clears: false,
    }
}
const fn opt(name: &'static str, ty: T) -> ParamSpec {
    ParamSpec {
        name,
        ty,
        required: false,
        default: None,
        wire: name,
        extra: false,
        clears: false,
    }
}
/// An optional extra of the contract (not in the Python reference's signature).
const fn ext(name: &'static str, ty: T) -> ParamSpec {
    let mut p = opt(name, ty);
    p.extra = true;
    p
}
/// An integer with the Py sig's default, always sent (§1.5).
const fn int(name: &'static str, default: i64) -> ParamSpec {
    ParamSpec {
        name,
        ty: T::Integer,
        required: false,
        default: Some(default),
        wire: name,
        extra: false,
        clears: false,
    }
}
impl ParamSpec {
    /// An empty string is a value (it clears the stored one), not "absent": typed surfaces
    /// whose empty string means absent (Go) must be able to send it.
    const fn clears(mut self) -> ParamSpec {
        self.clears = true;
        self
    }
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
            returns: Returns::Null,
            doc: "",
            fixed_query: &[],
            creates: false,
        },
        params,
        shape: Shape::Plain,
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
        self.spec.fixed_query = q;
        self
    }
    /// Answers 201 Created (200 when nothing new was made: dedup, get-or-create).
    const fn creates(mut self) -> MethodDef {
        self.spec.creates = true;
        self
    }
    const fn returns(mut self, r: Returns) -> MethodDef {
        self.spec.returns = r;
        self
    }
    const fn doc(mut self, doc: &'static str) -> MethodDef {
        self.spec.doc = doc;
        self
    }
}

const fn one(model: &'static str) -> Returns {
    Returns::Model(model)
}
const fn list(model: &'static str) -> Returns {
    Returns::Page(model)
}
const NONE: Returns = Returns::Null;

const PAGE: [ParamSpec; 2] = [int("limit", 50), int("offset", 0)];

#[rustfmt::skip]
pub(super) const DEFS: [MethodDef; 47] = [
    // memories (§4.3)
    def("memories.create", "POST", "/v1/memories", &[
        req("agent_id", T::String), req("content", T::String), opt("metadata", T::Object),
        ext("importance", T::Number), ext("tier", T::String), ext("memory_type", T::String),
        ext("user_id", T::String), ext("session_id", T::String), ext("project", T::String),
        ext("deduplicate", T::Boolean), ext("dedup_threshold", T::Number),
    ]).content()
        .creates().returns(one("Memory")).doc("Stores a memory."),
    def("memories.search", "POST", "/v1/memories/search", &[
        req("agent_id", T::String), req("query", T::String), int("limit", 10),
        ext("min_score", T::Number), ext("metadata_filter", T::Object),
        ext("search_mode", T::String), ext("include_archived", T::Boolean),
    ])
        .returns(one("SearchResults")).doc("Semantic search across an agent's memories."),
    def("memories.list", "GET", "/v1/memories", &[req("agent_id", T::String), PAGE[0], PAGE[1]])
        .returns(list("Memory")).doc("Lists an agent's memories, newest first."),
    def("memories.get", "GET", "/v1/memories/{memory_id}", &[req("memory_id", T::String)])
        .returns(one("Memory")).doc("Retrieves a memory."),
    def("memories.update", "PUT", "/v1/memories/{memory_id}", &[
        req("memory_id", T::String), opt("content", T::String), opt("metadata", T::Object),
    ]).content().update()
        .returns(one("Memory")).doc("Updates a memory's content and/or metadata (at least one)."),
    def("memories.delete", "DELETE", "/v1/memories/{memory_id}", &[req("memory_id", T::String)]).delete()
        .returns(NONE).doc("Soft-deletes a memory."),
    def("memories.batch_create", "POST", "/v1/memories/batch", &[
        req("agent_id", T::String), req("memories", T::ObjectArray),
    ]).batch()
        .returns(one("BatchResult")).doc("Stores several memories in one call (split in chunks of 100)."),
    // agents (§4.4)
    def("agents.create", "POST", "/v1/agents", &[
        req("name", T::String), opt("description", T::String), ext("metadata", T::Object),
    ])
        .creates().returns(one("Agent")).doc("Creates an agent."),
    def("agents.list", "GET", "/v1/agents", &PAGE)
        .returns(list("Agent")).doc("Lists agents."),
    def("agents.get", "GET", "/v1/agents/{agent_id}", &[req("agent_id", T::String)])
        .returns(one("Agent")).doc("Gets an agent."),
    def("agents.update", "PUT", "/v1/agents/{agent_id}", &[
        req("agent_id", T::String), opt("name", T::String), opt("description", T::String).clears(),
        ext("metadata", T::Object),
    ]).update()
        .returns(one("Agent")).doc("Updates an agent."),
    def("agents.delete", "DELETE", "/v1/agents/{agent_id}", &[req("agent_id", T::String)]).delete()
        .returns(NONE).doc("Deletes an agent and its memories, entities, sessions and decisions."),
    def("agents.stats", "GET", "/v1/agents/{agent_id}/stats", &[req("agent_id", T::String)])
        .returns(one("AgentStats")).doc("An agent's counts."),
    // entities (§4.5)
    def("entities.create", "POST", "/v1/entities", &[
        req("agent_id", T::String), req("name", T::String), req("entity_type", T::String),
        opt("metadata", T::Object),
    ])
        .creates().returns(one("Entity")).doc("Creates a knowledge-graph entity."),
    def("entities.list", "GET", "/v1/entities", &[
        req("agent_id", T::String), opt("entity_type", T::String), PAGE[0], PAGE[1],
    ])
        .returns(list("Entity")).doc("Lists entities."),
    def("entities.get", "GET", "/v1/entities/{entity_id}", &[req("entity_id", T::String)])
        .returns(one("Entity")).doc("Gets an entity."),
    def("entities.update", "PUT", "/v1/entities/{entity_id}", &[
        req("entity_id", T::String), opt("name", T::String), opt("metadata", T::Object),
    ]).update()
        .returns(one("Entity")).doc("Updates an entity."),
    def("entities.delete", "DELETE", "/v1/entities/{entity_id}", &[req("entity_id", T::String)]).delete()
        .returns(NONE).doc("Deletes an entity and its links."),
    def("entities.link", "POST", "/v1/entities/links", &[
        req("entity_id", T::String), req("memory_id", T::String), opt("relationship", T::String),
    ])
        .creates().returns(one("EntityLink")).doc("Links an entity to a memory."),
    // sessions (§4.6)
    def("sessions.create", "POST", "/v1/sessions", &[
        req("agent_id", T::String), opt("metadata", T::Object), ext("title", T::String),
        ext("external_id", T::String), ext("project", T::String),
    ])
        .creates().returns(one("Session")).doc("Starts a session."),
    def("sessions.get_or_create", "POST", "/v1/sessions/get-or-create", &[
        req("agent_id", T::String), req("session_key", T::String).to("external_id"),
        ext("title", T::String), ext("metadata", T::Object), ext("project", T::String),
    ])
        .creates().returns(one("Session")).doc("Resumes or starts a session by key."),
    def("sessions.list", "GET", "/v1/sessions", &[
        req("agent_id", T::String), PAGE[0], PAGE[1], ext("status", T::String),
    ])
        .returns(list("Session")).doc("Lists an agent's sessions."),
    def("sessions.get", "GET", "/v1/sessions/{session_id}", &[req("session_id", T::String)])
        .query(&[("include_memories", "true")])
        .returns(one("Session")).doc("Gets a session with its memories (oldest first)."),
    def("sessions.end", "PUT", "/v1/sessions/{session_id}/end", &[
        req("session_id", T::String), ext("summary", T::String).clears(),
    ])
        .returns(one("Session")).doc("Marks a session as ended."),
    def("sessions.summarize", "POST", "/v1/sessions/{session_id}/summarize", &[req("session_id", T::String)])
        .returns(one("SessionSummary")).doc("Generates and stores a summary of the session."),
    def("sessions.delete", "DELETE", "/v1/sessions/{session_id}", &[req("session_id", T::String)]).delete()
        .returns(NONE).doc("Deletes a session (its memories stay, unlinked)."),
    // decisions (§4.7)
    def("decisions.create", "POST", "/v1/decisions", &[
        req("agent_id", T::String), req("title", T::String), req("content", T::String).to("rationale"),
        opt("metadata", T::Object), ext("alternatives", T::String), ext("status", T::String),
        ext("tags", T::StringArray), ext("project_slug", T::String), ext("session_id", T::String),
    ])
        .creates().returns(one("Decision")).doc("Records a decision."),
    def("decisions.list", "GET", "/v1/decisions", &[
        req("agent_id", T::String), opt("status", T::String), PAGE[0], PAGE[1],
    ])
        .returns(list("Decision")).doc("Lists an agent's decisions."),
    def("decisions.get", "GET", "/v1/decisions/{decision_id}", &[req("decision_id", T::String)])
        .returns(one("Decision")).doc("Gets a decision."),
    def("decisions.update", "PUT", "/v1/decisions/{decision_id}", &[
        req("decision_id", T::String), opt("title", T::String), opt("content", T::String).to("rationale"),
    ]).update()
        .returns(one("Decision")).doc("Updates a decision."),
    def("decisions.delete", "DELETE", "/v1/decisions/{decision_id}", &[req("decision_id", T::String)]).delete()
        .returns(NONE).doc("Deletes a decision."),
    def("decisions.check", "GET", "/v1/decisions/check", &[
        req("agent_id", T::String), req("query", T::String), ext("limit", T::Integer),
        ext("threshold", T::Number),
    ])
        .returns(one("DecisionCheckResult")).doc("Checks a query against the agent's active decisions."),
    def("decisions.supersede", "POST", "/v1/decisions/{decision_id}/supersede", &[
        req("decision_id", T::String), req("new_decision_id", T::String), opt("reason", T::String),
    ])
        .returns(one("Decision")).doc("Marks a decision as superseded by another."),
    // projects (§4.8)
    def("projects.create", "POST", "/v1/projects", &[
        req("agent_id", T::String), req("name", T::String), opt("description", T::String),
        opt("metadata", T::Object), ext("slug", T::String), ext("stack", T::Object),
        ext("repo_url", T::String),
    ])
        .creates().returns(one("Project")).doc("Registers a project."),
    def("projects.list", "GET", "/v1/projects", &[req("agent_id", T::String), PAGE[0], PAGE[1]])
        .returns(list("Project")).doc("Lists projects created by an agent."),
    def("projects.get", "GET", "/v1/projects/{project_id}", &[req("project_id", T::String)])
        .returns(one("Project")).doc("Gets a project."),
    def("projects.update", "PUT", "/v1/projects/{project_id}", &[
        req("project_id", T::String), opt("name", T::String), opt("description", T::String).clears(),
        ext("metadata", T::Object),
    ]).update()
        .returns(one("Project")).doc("Updates a project."),
    def("projects.delete", "DELETE", "/v1/projects/{project_id}", &[req("project_id", T::String)]).delete()
        .returns(NONE).doc("Deletes a project."),
    def("projects.context", "GET", "/v1/projects/{project_id}/context", &[req("project_id", T::String)])
        .returns(one("ProjectContext")).doc("The project's full context."),
    // patterns (§4.9)
    def("patterns.create", "POST", "/v1/patterns", &[
        req("agent_id", T::String), req("name", T::String).to("title"),
        req("content", T::String).to("description"), opt("metadata", T::Object),
        ext("scope", T::String), ext("category", T::String), ext("tags", T::StringArray),
        ext("example_code", T::String),
    ])
        .creates().returns(one("Pattern")).doc("Creates a reusable pattern."),
    def("patterns.search", "GET", "/v1/patterns/search", &[
        req("agent_id", T::String), req("query", T::String), int("limit", 10),
        ext("threshold", T::Number),
    ])
        .returns(one("PatternSearchResults")).doc("Searches an agent's patterns by meaning."),
    def("patterns.list", "GET", "/v1/patterns", &[req("agent_id", T::String), PAGE[0], PAGE[1]])
        .returns(list("Pattern")).doc("Lists an agent's patterns."),
    def("patterns.get", "GET", "/v1/patterns/{pattern_id}", &[req("pattern_id", T::String)])
        .returns(one("Pattern")).doc("Gets a pattern."),
    def("patterns.update", "PUT", "/v1/patterns/{pattern_id}", &[
        req("pattern_id", T::String), opt("name", T::String).to("title"),
        opt("content", T::String).to("description"),
    ]).update()
        .returns(one("Pattern")).doc("Updates a pattern."),
    def("patterns.delete", "DELETE", "/v1/patterns/{pattern_id}", &[req("pattern_id", T::String)]).delete()
        .returns(NONE).doc("Deletes a pattern and its adoptions."),
    def("patterns.adopt", "POST", "/v1/patterns/{pattern_id}/adopt", &[
        req("pattern_id", T::String), req("project_id", T::String).to("project"),
    ])
        .returns(one("Pattern")).doc("Adopts a pattern for a project (idempotent)."),
    // Not a delete method for the JSON layer: it answers 200 with the Pattern (§4.9).
    def("patterns.unadopt", "DELETE", "/v1/patterns/{pattern_id}/adopt", &[
        req("pattern_id", T::String), req("project_id", T::String).to("project"),
    ])
        .returns(one("Pattern")).doc("Removes a pattern adoption."),
];
