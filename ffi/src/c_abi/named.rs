//! One named C function per method (`mr_memories_create`, ...), generated from the single list
//! below so that the set cannot drift from [`memoryrelay_core::methods::METHODS`] (a unit test compares
//! them, name by name and in order).
//!
//! Each function is `mr_call` with the method name fixed: same arguments (minus `method`),
//! same ownership rules, same status codes. "Params" lists the JSON members of `params_json`
//! (required ones marked *); "extras" pass to the wire unchanged; "Result" is the JSON stored in
//! `*out_json` on `MR_OK`.

// Each function's safety contract is mr_call's ("Same contract as `mr_call`" in its doc);
// 47 copies of the same `# Safety` section would only bury the per-method docs in the header.
#![allow(clippy::missing_safety_doc)]

use std::ffi::c_char;

use super::call::call_json;
use super::client::mr_client;
use super::status::mr_status;

macro_rules! named_methods {
    ($( $(#[$doc:meta])* $fname:ident => $method:literal; )*) => {
        $(
            $(#[$doc])*
            ///
            /// Same contract as `mr_call` with the method name fixed.
            #[no_mangle]
            pub unsafe extern "C" fn $fname(
                client: *const mr_client,
                params_json: *const c_char,
                out_json: *mut *mut c_char,
            ) -> mr_status {
                // SAFETY: the caller upholds mr_call's contract.
                unsafe { call_json(client, Ok($method), params_json, out_json) }
            }
        )*

        /// (C function name, method name), in list order.
        #[cfg(test)]
        pub(crate) const NAMED_METHODS: &[(&str, &str)] = &[$((stringify!($fname), $method)),*];
    };
}

named_methods! {
    /// `memories.create`: stores a memory.
    /// Params: `agent_id`* (agent UUID or name; an unknown name creates the agent), `content`*
    /// (1-50000 characters, not only whitespace), `metadata` (object). Extras: `importance`
    /// (number 0..1), `tier` (string), `memory_type` (string), `user_id`, `session_id`, `project`
    /// (strings), `deduplicate` (bool), `dedup_threshold` (number).
    /// Result: the Memory (with `is_duplicate` true when deduplicated).
    mr_memories_create => "memories.create";
    /// `memories.search`: semantic search across an agent's memories.
    /// Params: `agent_id`*, `query`*, `limit` (int, default 10). Extras: `min_score` (number),
    /// `metadata_filter` (object), `search_mode` (string), `include_archived` (bool).
    /// Result: `{"object":"search_results","data":[{"memory":{...},"score":n}],"query":...}`.
    mr_memories_search => "memories.search";
    /// `memories.list`: lists an agent's memories, newest first.
    /// Params: `agent_id`*, `limit` (int, default 50), `offset` (int, default 0).
    /// Result: a list envelope `{"object":"list","data":[Memory],"has_more","next_cursor","total_count"}`.
    mr_memories_list => "memories.list";
    /// `memories.get`: retrieves a memory.
    /// Params: `memory_id`*. Result: the Memory.
    mr_memories_get => "memories.get";
    /// `memories.update`: updates a memory's content and/or metadata (at least one).
    /// Params: `memory_id`*, `content`, `metadata` (object, replaced whole). Result: the Memory.
    mr_memories_update => "memories.update";
    /// `memories.delete`: soft-deletes a memory.
    /// Params: `memory_id`*. Result: `null`.
    mr_memories_delete => "memories.delete";
    /// `memories.batch_create`: stores several memories in one call (split in chunks of 100).
    /// Params: `agent_id`*, `memories`* (non-empty array of objects with `content`, `metadata`,
    /// `importance`, `tier`, `session_id`).
    /// Result: the merged BatchResult `{"success","total","succeeded","failed","skipped","results","timing"}`.
    mr_memories_batch_create => "memories.batch_create";

    /// `agents.create`: creates an agent.
    /// Params: `name`*, `description`. Extras: `metadata` (object). Result: the Agent.
    mr_agents_create => "agents.create";
    /// `agents.list`: lists agents.
    /// Params: `limit` (default 50), `offset` (default 0). Result: a list envelope of Agent.
    mr_agents_list => "agents.list";
    /// `agents.get`: gets an agent.
    /// Params: `agent_id`* (UUID or name). Result: the Agent.
    mr_agents_get => "agents.get";
    /// `agents.update`: updates an agent.
    /// Params: `agent_id`*, `name`, `description`. Extras: `metadata` (object). Result: the Agent.
    mr_agents_update => "agents.update";
    /// `agents.delete`: deletes an agent and its memories, entities, sessions and decisions.
    /// Params: `agent_id`*. Result: `null`.
    mr_agents_delete => "agents.delete";
    /// `agents.stats`: an agent's counts.
    /// Params: `agent_id`*.
    /// Result: AgentStats `{"agent_id","memory_count","entity_count","session_count","decision_count","pattern_count","last_active_at"}`.
    mr_agents_stats => "agents.stats";

    /// `entities.create`: creates a knowledge-graph entity.
    /// Params: `agent_id`*, `name`*, `entity_type`*, `metadata` (object). Result: the Entity.
    mr_entities_create => "entities.create";
    /// `entities.list`: lists entities.
    /// Params: `agent_id`*, `entity_type`, `limit` (default 50), `offset` (default 0).
    /// Result: a list envelope of Entity.
    mr_entities_list => "entities.list";
    /// `entities.get`: gets an entity.
    /// Params: `entity_id`*. Result: the Entity.
    mr_entities_get => "entities.get";
    /// `entities.update`: updates an entity.
    /// Params: `entity_id`*, `name`, `metadata` (object). Result: the Entity.
    mr_entities_update => "entities.update";
    /// `entities.delete`: deletes an entity and its links.
    /// Params: `entity_id`*. Result: `null`.
    mr_entities_delete => "entities.delete";
    /// `entities.link`: links an entity to a memory.
    /// Params: `entity_id`*, `memory_id`*, `relationship` (default `mentioned_in`).
    /// Result: EntityLink `{"entity_id","memory_id","relationship","relevance_score","created_at"}`.
    mr_entities_link => "entities.link";

    /// `sessions.create`: starts a session.
    /// Params: `agent_id`*, `metadata` (object). Extras: `title`, `external_id`, `project`
    /// (strings). Result: the Session.
    mr_sessions_create => "sessions.create";
    /// `sessions.get_or_create`: resumes or starts a session by key.
    /// Params: `agent_id`*, `session_key`*. Extras: `title`, `metadata` (object), `project`.
    /// Result: the Session with `created` (bool).
    mr_sessions_get_or_create => "sessions.get_or_create";
    /// `sessions.list`: lists an agent's sessions.
    /// Params: `agent_id`*, `limit` (default 50), `offset` (default 0). Extras: `status`.
    /// Result: a list envelope of Session.
    mr_sessions_list => "sessions.list";
    /// `sessions.get`: gets a session with its memories (oldest first).
    /// Params: `session_id`*. Result: the Session with `memories`.
    mr_sessions_get => "sessions.get";
    /// `sessions.end`: marks a session as ended.
    /// Params: `session_id`*. Extras: `summary`. Result: the Session.
    mr_sessions_end => "sessions.end";
    /// `sessions.summarize`: generates and stores a summary of the session.
    /// Params: `session_id`*.
    /// Result: SessionSummary `{"session_id","summary","memory_count","generated_at"}`.
    mr_sessions_summarize => "sessions.summarize";
    /// `sessions.delete`: deletes a session (its memories stay, unlinked).
    /// Params: `session_id`*. Result: `null`.
    mr_sessions_delete => "sessions.delete";

    /// `decisions.create`: records a decision.
    /// Params: `agent_id`*, `title`*, `content`* (the rationale), `metadata` (object). Extras:
    /// `alternatives`, `status`, `project_slug`, `session_id` (strings), `tags` (array of
    /// strings). Result: the Decision.
    mr_decisions_create => "decisions.create";
    /// `decisions.list`: lists an agent's decisions.
    /// Params: `agent_id`*, `status`, `limit` (default 50), `offset` (default 0).
    /// Result: a list envelope of Decision.
    mr_decisions_list => "decisions.list";
    /// `decisions.get`: gets a decision.
    /// Params: `decision_id`*. Result: the Decision.
    mr_decisions_get => "decisions.get";
    /// `decisions.update`: updates a decision.
    /// Params: `decision_id`*, `title`, `content`. Result: the Decision.
    mr_decisions_update => "decisions.update";
    /// `decisions.delete`: deletes a decision.
    /// Params: `decision_id`*. Result: `null`.
    mr_decisions_delete => "decisions.delete";
    /// `decisions.check`: checks a query against the agent's active decisions.
    /// Params: `agent_id`*, `query`*. Extras: `limit` (int, 5), `threshold` (number, 0.3).
    /// Result: DecisionCheckResult `{"data":[{"decision","score"}],"query","total","has_conflicts"}`.
    mr_decisions_check => "decisions.check";
    /// `decisions.supersede`: marks a decision as superseded by another.
    /// Params: `decision_id`*, `new_decision_id`*, `reason`. Result: the new Decision.
    mr_decisions_supersede => "decisions.supersede";

    /// `projects.create`: registers a project.
    /// Params: `agent_id`*, `name`*, `description`, `metadata` (object). Extras: `slug`,
    /// `repo_url` (strings), `stack` (object). Result: the Project.
    mr_projects_create => "projects.create";
    /// `projects.list`: lists projects created by an agent.
    /// Params: `agent_id`*, `limit` (default 50), `offset` (default 0).
    /// Result: a list envelope of Project.
    mr_projects_list => "projects.list";
    /// `projects.get`: gets a project.
    /// Params: `project_id`* (UUID or slug). Result: the Project.
    mr_projects_get => "projects.get";
    /// `projects.update`: updates a project.
    /// Params: `project_id`*, `name`, `description`. Extras: `metadata` (object).
    /// Result: the Project.
    mr_projects_update => "projects.update";
    /// `projects.delete`: deletes a project.
    /// Params: `project_id`*. Result: `null`.
    mr_projects_delete => "projects.delete";
    /// `projects.context`: the project's full context.
    /// Params: `project_id`*.
    /// Result: ProjectContext `{"project","hot_memories","recent_decisions","active_patterns","context"}`.
    mr_projects_context => "projects.context";

    /// `patterns.create`: creates a reusable pattern.
    /// Params: `agent_id`*, `name`*, `content`*, `metadata` (object). Extras: `scope`,
    /// `category`, `example_code` (strings), `tags` (array of strings). Result: the Pattern.
    mr_patterns_create => "patterns.create";
    /// `patterns.search`: searches an agent's patterns by meaning.
    /// Params: `agent_id`*, `query`*, `limit` (default 10). Extras: `threshold` (number).
    /// Result: `{"data":[{"pattern","score"}],"query","total"}`.
    mr_patterns_search => "patterns.search";
    /// `patterns.list`: lists an agent's patterns.
    /// Params: `agent_id`*, `limit` (default 50), `offset` (default 0).
    /// Result: a list envelope of Pattern.
    mr_patterns_list => "patterns.list";
    /// `patterns.get`: gets a pattern.
    /// Params: `pattern_id`*. Result: the Pattern.
    mr_patterns_get => "patterns.get";
    /// `patterns.update`: updates a pattern.
    /// Params: `pattern_id`*, `name`, `content`. Result: the Pattern.
    mr_patterns_update => "patterns.update";
    /// `patterns.delete`: deletes a pattern and its adoptions.
    /// Params: `pattern_id`*. Result: `null`.
    mr_patterns_delete => "patterns.delete";
    /// `patterns.adopt`: adopts a pattern for a project (idempotent).
    /// Params: `pattern_id`*, `project_id`* (UUID or slug). Result: the Pattern.
    mr_patterns_adopt => "patterns.adopt";
    /// `patterns.unadopt`: removes a pattern adoption.
    /// Params: `pattern_id`*, `project_id`*. Result: the Pattern.
    mr_patterns_unadopt => "patterns.unadopt";
}

#[cfg(test)]
mod tests {
    use super::NAMED_METHODS;
    use memoryrelay_core::methods::METHODS;

    #[test]
    fn named_functions_are_exactly_the_method_table() {
        let named: Vec<&str> = NAMED_METHODS.iter().map(|(_, m)| *m).collect();
        let table: Vec<&str> = METHODS.iter().map(|m| m.name).collect();
        assert_eq!(named, table);
        assert_eq!(named.len(), 47);
        for (fname, method) in NAMED_METHODS {
            assert_eq!(*fname, format!("mr_{}", method.replace('.', "_")));
        }
    }
}
