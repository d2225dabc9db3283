/*
 * memoryrelay.hpp: a small C++17 wrapper over the C ABI in memoryrelay.h. Header-only.
 *
 * memoryrelay::Client owns an mr_client (RAII, move-only): the destructor calls mr_client_free,
 * which cancels async calls still in flight and waits for their callbacks.
 *
 * ERRORS: this wrapper throws. Every failing call throws memoryrelay::Error, which carries the
 * status code (status(), e.g. MR_NOT_FOUND), its name (name(), "NOT_FOUND"), the message
 * (what()) and the full error document (json(), {"error": {...}} as described in
 * memoryrelay.h). Exceptions were chosen over an expected-style result because C++17 has no
 * std::expected and every call has one natural success value (the result JSON text).
 *
 * JSON is passed as text both ways (use any JSON library you like on top). Results are
 * std::string; the wrapper frees the library's strings itself.
 *
 * THREADING: as in C, one Client may be used from many threads at once (its methods are const
 * and the handle is thread-safe). call_async callbacks run on a library worker thread, must not
 * throw (std::terminate), and must not call Client::call (use call_async).
 *
 *   memoryrelay::Client client(R"({"api_key": "mem_...", "base_url": "http://127.0.0.1:8080"})");
 *   std::string agent = client.agents().create(R"({"name": "my-agent"})");
 *   std::string same = client.call("agents.get", R"({"agent_id": "my-agent"})");  // by name
 *   try { client.call("memories.get", R"({"memory_id": "nonexistent-id"})"); }
 *   catch (const memoryrelay::Error &e) { if (e.status() == MR_NOT_FOUND) { ... } }
 */
#ifndef MEMORYRELAY_HPP
#define MEMORYRELAY_HPP

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "memoryrelay.h"

namespace memoryrelay {

namespace detail {

/* Takes ownership of a library string: copies it and frees the original. */
inline std::string take(char *s) {
    if (s == nullptr) return std::string();
    std::string copy(s);
    mr_string_free(s);
    return copy;
}

/* The "message" member of an error document (the library emits it unescaped-safe JSON;
 * escapes other than \" and \\ are kept verbatim). */
inline std::string error_message(const std::string &json) {
    const std::string key = "\"message\":\"";
    std::size_t pos = json.find(key);
    if (pos == std::string::npos) return json;
    std::string out;
    for (std::size_t i = pos + key.size(); i < json.size() && json[i] != '"'; ++i) {
        if (json[i] == '\\' && i + 1 < json.size()) {
            ++i;
            if (json[i] != '"' && json[i] != '\\') out += '\\';
        }
        out += json[i];
    }
    return out;
}

}  // namespace detail

/* A failed call: the status code plus the library's error document. */
class Error : public std::runtime_error {
public:
    Error(mr_status status, std::string json)
        : std::runtime_error(std::string(mr_error_name(status)) + ": " +
                             detail::error_message(json)),
          status_(status), json_(std::move(json)) {}

    /* The status code (never MR_OK). */
    mr_status status() const noexcept { return status_; }
    /* Its upper-case name, e.g. "NOT_FOUND". */
    const char *name() const noexcept { return mr_error_name(status_); }
    /* The full error document: {"error": {"code", "kind", "message", ...}}. */
    const std::string &json() const noexcept { return json_; }

private:
    mr_status status_;
    std::string json_;
};

/* The library's version string, e.g. "0.1.0". */
inline std::string version() { return mr_version(); }

/* Callback of Client::call_async: (status, JSON text: the result or an error document). */
using Callback = std::function<void(mr_status, std::string)>;

class Client;

/* The resource accessors (client.memories(), ...), generated from the method table. */
namespace resources {
class Memories;
class Agents;
class Entities;
class Sessions;
class Decisions;
class Projects;
class Patterns;
}  // namespace resources

/* One of the named C functions (mr_memories_create, ...). */
using NamedFunction = mr_status (*)(const mr_client *, const char *, char **);

/* An owning, move-only client handle. */
class Client {
public:
    /* Creates a client from a config JSON object (see mr_client_new); throws Error. */
    explicit Client(const std::string &config_json = "{}") {
        char *err = nullptr;
        mr_status st = mr_client_new(config_json.c_str(), &handle_, &err);
        if (st != MR_OK) throw Error(st, detail::take(err));
    }

    Client(Client &&other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    Client &operator=(Client &&other) noexcept {
        if (this != &other) {
            mr_client_free(handle_);
            handle_ = std::exchange(other.handle_, nullptr);
        }
        return *this;
    }
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;
    ~Client() { mr_client_free(handle_); }

    /* Calls a method ("memories.create", ...) with params JSON; returns the result JSON.
     * Throws Error on any failure (a moved-from Client throws MR_INVALID_ARGUMENT). */
    std::string call(const std::string &method, const std::string &params_json = "{}") const {
        char *out = nullptr;
        mr_status st = mr_call(handle_, method.c_str(), params_json.c_str(), &out);
        std::string json = detail::take(out);
        if (st != MR_OK) throw Error(st, std::move(json));
        return json;
    }

    /* Calls a named C function (mr_memories_create, ...) with params JSON; returns the result
     * JSON or throws Error, like call(). The resource accessors below use it. */
    std::string invoke(NamedFunction fn, const std::string &params_json = "{}") const {
        char *out = nullptr;
        mr_status st = fn(handle_, params_json.c_str(), &out);
        std::string json = detail::take(out);
        if (st != MR_OK) throw Error(st, std::move(json));
        return json;
    }

    // BEGIN GENERATED: accessors
    // Generated by `cargo run -p xtask -- codegen` from src/methods/table.rs and src/models/. Do not edit.
    /* The memories methods: client.memories().<method>(params_json). */
    resources::Memories memories() const;
    /* The agents methods: client.agents().<method>(params_json). */
    resources::Agents agents() const;
    /* The entities methods: client.entities().<method>(params_json). */
    resources::Entities entities() const;
    /* The sessions methods: client.sessions().<method>(params_json). */
    resources::Sessions sessions() const;
    /* The decisions methods: client.decisions().<method>(params_json). */
    resources::Decisions decisions() const;
    /* The projects methods: client.projects().<method>(params_json). */
    resources::Projects projects() const;
    /* The patterns methods: client.patterns().<method>(params_json). */
    resources::Patterns patterns() const;
    // END GENERATED: accessors

    /* Starts an asynchronous call; `callback` runs exactly once, on a worker thread (or on this
     * thread before call_async returns, with id 0, when the call cannot start). Returns the
     * request id for cancel(), or 0. */
    std::uint64_t call_async(const std::string &method, const std::string &params_json,
                             Callback callback) const {
        auto *boxed = new Callback(std::move(callback));
        return mr_call_async(handle_, method.c_str(), params_json.c_str(), &Client::trampoline,
                             boxed);
    }

    /* Cancels an async call; true if it was in flight (its callback then gets MR_CANCELLED). */
    bool cancel(std::uint64_t request_id) const { return mr_cancel(handle_, request_id) == MR_OK; }

    /* The underlying handle, for calling the C functions directly (still owned by *this). */
    mr_client *get() const noexcept { return handle_; }
    explicit operator bool() const noexcept { return handle_ != nullptr; }

private:
    static void trampoline(void *user_data, std::uint64_t, mr_status status, char *json) noexcept {
        std::unique_ptr<Callback> callback(static_cast<Callback *>(user_data));
        (*callback)(status, detail::take(json));
    }

    mr_client *handle_ = nullptr;
};

// BEGIN GENERATED: resources
// Generated by `cargo run -p xtask -- codegen` from src/methods/table.rs and src/models/. Do not edit.

namespace resources {

/* The memories methods; each calls mr_memories_<method> and returns the result JSON, or throws Error. */
class Memories {
public:
    explicit Memories(const Client &client) noexcept : client_(&client) {}

    /* `memories.create`: Stores a memory.
     * Params (* = required): `agent_id`* (string), `content`* (string), `metadata` (object),
     * `importance` (number), `tier` (string), `memory_type` (string), `user_id` (string),
     * `session_id` (string), `project` (string), `deduplicate` (bool), `dedup_threshold`
     * (number).
     * Result: the Memory.
     */
    std::string create(const std::string &params_json) const;

    /* `memories.search`: Semantic search across an agent's memories.
     * Params (* = required): `agent_id`* (string), `query`* (string), `limit` (int, default 10),
     * `min_score` (number), `metadata_filter` (object), `search_mode` (string),
     * `include_archived` (bool).
     * Result: the SearchResults.
     */
    std::string search(const std::string &params_json) const;

    /* `memories.list`: Lists an agent's memories, newest first.
     * Params (* = required): `agent_id`* (string), `limit` (int, default 50), `offset` (int,
     * default 0).
     * Result: a list envelope
     * `{"object":"list","data":[Memory],"has_more","next_cursor","total_count"}`.
     */
    std::string list(const std::string &params_json) const;

    /* `memories.get`: Retrieves a memory.
     * Params (* = required): `memory_id`* (string).
     * Result: the Memory.
     */
    std::string get(const std::string &params_json) const;

    /* `memories.update`: Updates a memory's content and/or metadata (at least one).
     * Params (* = required): `memory_id`* (string), `content` (string), `metadata` (object).
     * Result: the Memory.
     */
    std::string update(const std::string &params_json) const;

    /* `memories.delete`: Soft-deletes a memory.
     * Params (* = required): `memory_id`* (string).
     * Result: `null`.
     */
    std::string remove(const std::string &params_json) const;

    /* `memories.batch_create`: Stores several memories in one call (split in chunks of 100).
     * Params (* = required): `agent_id`* (string), `memories`* (array of objects).
     * Result: the BatchResult.
     */
    std::string batch_create(const std::string &params_json) const;

private:
    const Client *client_;
};

/* The agents methods; each calls mr_agents_<method> and returns the result JSON, or throws Error. */
class Agents {
public:
    explicit Agents(const Client &client) noexcept : client_(&client) {}

    /* `agents.create`: Creates an agent.
     * Params (* = required): `name`* (string), `description` (string), `metadata` (object).
     * Result: the Agent.
     */
    std::string create(const std::string &params_json) const;

    /* `agents.list`: Lists agents.
     * Params (* = required): `limit` (int, default 50), `offset` (int, default 0).
     * Result: a list envelope
     * `{"object":"list","data":[Agent],"has_more","next_cursor","total_count"}`.
     */
    std::string list(const std::string &params_json = "{}") const;

    /* `agents.get`: Gets an agent.
     * Params (* = required): `agent_id`* (string).
     * Result: the Agent.
     */
    std::string get(const std::string &params_json) const;

    /* `agents.update`: Updates an agent.
     * Params (* = required): `agent_id`* (string), `name` (string), `description` (string),
     * `metadata` (object).
     * Result: the Agent.
     */
    std::string update(const std::string &params_json) const;

    /* `agents.delete`: Deletes an agent and its memories, entities, sessions and decisions.
     * Params (* = required): `agent_id`* (string).
     * Result: `null`.
     */
    std::string remove(const std::string &params_json) const;

    /* `agents.stats`: An agent's counts.
     * Params (* = required): `agent_id`* (string).
     * Result: the AgentStats.
     */
    std::string stats(const std::string &params_json) const;

private:
    const Client *client_;
};

/* The entities methods; each calls mr_entities_<method> and returns the result JSON, or throws Error. */
class Entities {
public:
    explicit Entities(const Client &client) noexcept : client_(&client) {}

    /* `entities.create`: Creates a knowledge-graph entity.
     * Params (* = required): `agent_id`* (string), `name`* (string), `entity_type`* (string),
     * `metadata` (object).
     * Result: the Entity.
     */
    std::string create(const std::string &params_json) const;

    /* `entities.list`: Lists entities.
     * Params (* = required): `agent_id`* (string), `entity_type` (string), `limit` (int, default
     * 50), `offset` (int, default 0).
     * Result: a list envelope
     * `{"object":"list","data":[Entity],"has_more","next_cursor","total_count"}`.
     */
    std::string list(const std::string &params_json) const;

    /* `entities.get`: Gets an entity.
     * Params (* = required): `entity_id`* (string).
     * Result: the Entity.
     */
    std::string get(const std::string &params_json) const;

    /* `entities.update`: Updates an entity.
     * Params (* = required): `entity_id`* (string), `name` (string), `metadata` (object).
     * Result: the Entity.
     */
    std::string update(const std::string &params_json) const;

    /* `entities.delete`: Deletes an entity and its links.
     * Params (* = required): `entity_id`* (string).
     * Result: `null`.
     */
    std::string remove(const std::string &params_json) const;

    /* `entities.link`: Links an entity to a memory.
     * Params (* = required): `entity_id`* (string), `memory_id`* (string), `relationship`
     * (string).
     * Result: the EntityLink.
     */
    std::string link(const std::string &params_json) const;

private:
    const Client *client_;
};

/* The sessions methods; each calls mr_sessions_<method> and returns the result JSON, or throws Error. */
class Sessions {
public:
    explicit Sessions(const Client &client) noexcept : client_(&client) {}

    /* `sessions.create`: Starts a session.
     * Params (* = required): `agent_id`* (string), `metadata` (object), `title` (string),
     * `external_id` (string), `project` (string).
     * Result: the Session.
     */
    std::string create(const std::string &params_json) const;

    /* `sessions.get_or_create`: Resumes or starts a session by key.
     * Params (* = required): `agent_id`* (string), `session_key`* (string, sent as
     * `external_id`), `title` (string), `metadata` (object), `project` (string).
     * Result: the Session.
     */
    std::string get_or_create(const std::string &params_json) const;

    /* `sessions.list`: Lists an agent's sessions.
     * Params (* = required): `agent_id`* (string), `limit` (int, default 50), `offset` (int,
     * default 0), `status` (string).
     * Result: a list envelope
     * `{"object":"list","data":[Session],"has_more","next_cursor","total_count"}`.
     */
    std::string list(const std::string &params_json) const;

    /* `sessions.get`: Gets a session with its memories (oldest first).
     * Params (* = required): `session_id`* (string).
     * Result: the Session.
     */
    std::string get(const std::string &params_json) const;

    /* `sessions.end`: Marks a session as ended.
     * Params (* = required): `session_id`* (string), `summary` (string).
     * Result: the Session.
     */
    std::string end(const std::string &params_json) const;

    /* `sessions.summarize`: Generates and stores a summary of the session.
     * Params (* = required): `session_id`* (string).
     * Result: the SessionSummary.
     */
    std::string summarize(const std::string &params_json) const;

    /* `sessions.delete`: Deletes a session (its memories stay, unlinked).
     * Params (* = required): `session_id`* (string).
     * Result: `null`.
     */
    std::string remove(const std::string &params_json) const;

private:
    const Client *client_;
};

/* The decisions methods; each calls mr_decisions_<method> and returns the result JSON, or throws Error. */
class Decisions {
public:
    explicit Decisions(const Client &client) noexcept : client_(&client) {}

    /* `decisions.create`: Records a decision.
     * Params (* = required): `agent_id`* (string), `title`* (string), `content`* (string, sent
     * as `rationale`), `metadata` (object), `alternatives` (string), `status` (string), `tags`
     * (array of strings), `project_slug` (string), `session_id` (string).
     * Result: the Decision.
     */
    std::string create(const std::string &params_json) const;

    /* `decisions.list`: Lists an agent's decisions.
     * Params (* = required): `agent_id`* (string), `status` (string), `limit` (int, default 50),
     * `offset` (int, default 0).
     * Result: a list envelope
     * `{"object":"list","data":[Decision],"has_more","next_cursor","total_count"}`.
     */
    std::string list(const std::string &params_json) const;

    /* `decisions.get`: Gets a decision.
     * Params (* = required): `decision_id`* (string).
     * Result: the Decision.
     */
    std::string get(const std::string &params_json) const;

    /* `decisions.update`: Updates a decision.
     * Params (* = required): `decision_id`* (string), `title` (string), `content` (string, sent
     * as `rationale`).
     * Result: the Decision.
     */
    std::string update(const std::string &params_json) const;

    /* `decisions.delete`: Deletes a decision.
     * Params (* = required): `decision_id`* (string).
     * Result: `null`.
     */
    std::string remove(const std::string &params_json) const;

    /* `decisions.check`: Checks a query against the agent's active decisions.
     * Params (* = required): `agent_id`* (string), `query`* (string), `limit` (int), `threshold`
     * (number).
     * Result: the DecisionCheckResult.
     */
    std::string check(const std::string &params_json) const;

    /* `decisions.supersede`: Marks a decision as superseded by another.
     * Params (* = required): `decision_id`* (string), `new_decision_id`* (string), `reason`
     * (string).
     * Result: the Decision.
     */
    std::string supersede(const std::string &params_json) const;

private:
    const Client *client_;
};

/* The projects methods; each calls mr_projects_<method> and returns the result JSON, or throws Error. */
class Projects {
public:
    explicit Projects(const Client &client) noexcept : client_(&client) {}

    /* `projects.create`: Registers a project.
     * Params (* = required): `agent_id`* (string), `name`* (string), `description` (string),
     * `metadata` (object), `slug` (string), `stack` (object), `repo_url` (string).
     * Result: the Project.
     */
    std::string create(const std::string &params_json) const;

    /* `projects.list`: Lists projects created by an agent.
     * Params (* = required): `agent_id`* (string), `limit` (int, default 50), `offset` (int,
     * default 0).
     * Result: a list envelope
     * `{"object":"list","data":[Project],"has_more","next_cursor","total_count"}`.
     */
    std::string list(const std::string &params_json) const;

    /* `projects.get`: Gets a project.
     * Params (* = required): `project_id`* (string).
     * Result: the Project.
     */
    std::string get(const std::string &params_json) const;

    /* `projects.update`: Updates a project.
     * Params (* = required): `project_id`* (string), `name` (string), `description` (string),
     * `metadata` (object).
     * Result: the Project.
     */
    std::string update(const std::string &params_json) const;

    /* `projects.delete`: Deletes a project.
     * Params (* = required): `project_id`* (string).
     * Result: `null`.
     */
    std::string remove(const std::string &params_json) const;

    /* `projects.context`: The project's full context.
     * Params (* = required): `project_id`* (string).
     * Result: the ProjectContext.
     */
    std::string context(const std::string &params_json) const;

private:
    const Client *client_;
};

/* The patterns methods; each calls mr_patterns_<method> and returns the result JSON, or throws Error. */
class Patterns {
public:
    explicit Patterns(const Client &client) noexcept : client_(&client) {}

    /* `patterns.create`: Creates a reusable pattern.
     * Params (* = required): `agent_id`* (string), `name`* (string, sent as `title`), `content`*
     * (string, sent as `description`), `metadata` (object), `scope` (string), `category`
     * (string), `tags` (array of strings), `example_code` (string).
     * Result: the Pattern.
     */
    std::string create(const std::string &params_json) const;

    /* `patterns.search`: Searches an agent's patterns by meaning.
     * Params (* = required): `agent_id`* (string), `query`* (string), `limit` (int, default 10),
     * `threshold` (number).
     * Result: the PatternSearchResults.
     */
    std::string search(const std::string &params_json) const;

    /* `patterns.list`: Lists an agent's patterns.
     * Params (* = required): `agent_id`* (string), `limit` (int, default 50), `offset` (int,
     * default 0).
     * Result: a list envelope
     * `{"object":"list","data":[Pattern],"has_more","next_cursor","total_count"}`.
     */
    std::string list(const std::string &params_json) const;

    /* `patterns.get`: Gets a pattern.
     * Params (* = required): `pattern_id`* (string).
     * Result: the Pattern.
     */
    std::string get(const std::string &params_json) const;

    /* `patterns.update`: Updates a pattern.
     * Params (* = required): `pattern_id`* (string), `name` (string, sent as `title`), `content`
     * (string, sent as `description`).
     * Result: the Pattern.
     */
    std::string update(const std::string &params_json) const;

    /* `patterns.delete`: Deletes a pattern and its adoptions.
     * Params (* = required): `pattern_id`* (string).
     * Result: `null`.
     */
    std::string remove(const std::string &params_json) const;

    /* `patterns.adopt`: Adopts a pattern for a project (idempotent).
     * Params (* = required): `pattern_id`* (string), `project_id`* (string, sent as `project`).
     * Result: the Pattern.
     */
    std::string adopt(const std::string &params_json) const;

    /* `patterns.unadopt`: Removes a pattern adoption.
     * Params (* = required): `pattern_id`* (string), `project_id`* (string, sent as `project`).
     * Result: the Pattern.
     */
    std::string unadopt(const std::string &params_json) const;

private:
    const Client *client_;
};

}  // namespace resources

inline std::string resources::Memories::create(const std::string &params_json) const {
    return client_->invoke(&mr_memories_create, params_json);
}
inline std::string resources::Memories::search(const std::string &params_json) const {
    return client_->invoke(&mr_memories_search, params_json);
}
inline std::string resources::Memories::list(const std::string &params_json) const {
    return client_->invoke(&mr_memories_list, params_json);
}
inline std::string resources::Memories::get(const std::string &params_json) const {
    return client_->invoke(&mr_memories_get, params_json);
}
inline std::string resources::Memories::update(const std::string &params_json) const {
    return client_->invoke(&mr_memories_update, params_json);
}
inline std::string resources::Memories::remove(const std::string &params_json) const {
    return client_->invoke(&mr_memories_delete, params_json);
}
inline std::string resources::Memories::batch_create(const std::string &params_json) const {
    return client_->invoke(&mr_memories_batch_create, params_json);
}
inline resources::Memories Client::memories() const { return resources::Memories(*this); }
inline std::string resources::Agents::create(const std::string &params_json) const {
    return client_->invoke(&mr_agents_create, params_json);
}
inline std::string resources::Agents::list(const std::string &params_json) const {
    return client_->invoke(&mr_agents_list, params_json);
}
inline std::string resources::Agents::get(const std::string &params_json) const {
    return client_->invoke(&mr_agents_get, params_json);
}
inline std::string resources::Agents::update(const std::string &params_json) const {
    return client_->invoke(&mr_agents_update, params_json);
}
inline std::string resources::Agents::remove(const std::string &params_json) const {
    return client_->invoke(&mr_agents_delete, params_json);
}
inline std::string resources::Agents::stats(const std::string &params_json) const {
    return client_->invoke(&mr_agents_stats, params_json);
}
inline resources::Agents Client::agents() const { return resources::Agents(*this); }
inline std::string resources::Entities::create(const std::string &params_json) const {
    return client_->invoke(&mr_entities_create, params_json);
}
inline std::string resources::Entities::list(const std::string &params_json) const {
    return client_->invoke(&mr_entities_list, params_json);
}
inline std::string resources::Entities::get(const std::string &params_json) const {
    return client_->invoke(&mr_entities_get, params_json);
}
inline std::string resources::Entities::update(const std::string &params_json) const {
    return client_->invoke(&mr_entities_update, params_json);
}
inline std::string resources::Entities::remove(const std::string &params_json) const {
    return client_->invoke(&mr_entities_delete, params_json);
}
inline std::string resources::Entities::link(const std::string &params_json) const {
    return client_->invoke(&mr_entities_link, params_json);
}
inline resources::Entities Client::entities() const { return resources::Entities(*this); }
inline std::string resources::Sessions::create(const std::string &params_json) const {
    return client_->invoke(&mr_sessions_create, params_json);
}
inline std::string resources::Sessions::get_or_create(const std::string &params_json) const {
    return client_->invoke(&mr_sessions_get_or_create, params_json);
}
inline std::string resources::Sessions::list(const std::string &params_json) const {
    return client_->invoke(&mr_sessions_list, params_json);
}
inline std::string resources::Sessions::get(const std::string &params_json) const {
    return client_->invoke(&mr_sessions_get, params_json);
}
inline std::string resources::Sessions::end(const std::string &params_json) const {
    return client_->invoke(&mr_sessions_end, params_json);
}
inline std::string resources::Sessions::summarize(const std::string &params_json) const {
    return client_->invoke(&mr_sessions_summarize, params_json);
}
inline std::string resources::Sessions::remove(const std::string &params_json) const {
    return client_->invoke(&mr_sessions_delete, params_json);
}
inline resources::Sessions Client::sessions() const { return resources::Sessions(*this); }
inline std::string resources::Decisions::create(const std::string &params_json) const {
    return client_->invoke(&mr_decisions_create, params_json);
}
inline std::string resources::Decisions::list(const std::string &params_json) const {
    return client_->invoke(&mr_decisions_list, params_json);
}
inline std::string resources::Decisions::get(const std::string &params_json) const {
    return client_->invoke(&mr_decisions_get, params_json);
}
inline std::string resources::Decisions::update(const std::string &params_json) const {
    return client_->invoke(&mr_decisions_update, params_json);
}
inline std::string resources::Decisions::remove(const std::string &params_json) const {
    return client_->invoke(&mr_decisions_delete, params_json);
}
inline std::string resources::Decisions::check(const std::string &params_json) const {
    return client_->invoke(&mr_decisions_check, params_json);
}
inline std::string resources::Decisions::supersede(const std::string &params_json) const {
    return client_->invoke(&mr_decisions_supersede, params_json);
}
inline resources::Decisions Client::decisions() const { return resources::Decisions(*this); }
inline std::string resources::Projects::create(const std::string &params_json) const {
    return client_->invoke(&mr_projects_create, params_json);
}
inline std::string resources::Projects::list(const std::string &params_json) const {
    return client_->invoke(&mr_projects_list, params_json);
}
inline std::string resources::Projects::get(const std::string &params_json) const {
    return client_->invoke(&mr_projects_get, params_json);
}
inline std::string resources::Projects::update(const std::string &params_json) const {
    return client_->invoke(&mr_projects_update, params_json);
}
inline std::string resources::Projects::remove(const std::string &params_json) const {
    return client_->invoke(&mr_projects_delete, params_json);
}
inline std::string resources::Projects::context(const std::string &params_json) const {
    return client_->invoke(&mr_projects_context, params_json);
}
inline resources::Projects Client::projects() const { return resources::Projects(*this); }
inline std::string resources::Patterns::create(const std::string &params_json) const {
    return client_->invoke(&mr_patterns_create, params_json);
}
inline std::string resources::Patterns::search(const std::string &params_json) const {
    return client_->invoke(&mr_patterns_search, params_json);
}
inline std::string resources::Patterns::list(const std::string &params_json) const {
    return client_->invoke(&mr_patterns_list, params_json);
}
inline std::string resources::Patterns::get(const std::string &params_json) const {
    return client_->invoke(&mr_patterns_get, params_json);
}
inline std::string resources::Patterns::update(const std::string &params_json) const {
    return client_->invoke(&mr_patterns_update, params_json);
}
inline std::string resources::Patterns::remove(const std::string &params_json) const {
    return client_->invoke(&mr_patterns_delete, params_json);
}
inline std::string resources::Patterns::adopt(const std::string &params_json) const {
    return client_->invoke(&mr_patterns_adopt, params_json);
}
inline std::string resources::Patterns::unadopt(const std::string &params_json) const {
    return client_->invoke(&mr_patterns_unadopt, params_json);
}
inline resources::Patterns Client::patterns() const { return resources::Patterns(*this); }
// END GENERATED: resources

}  // namespace memoryrelay

#endif /* MEMORYRELAY_HPP */
