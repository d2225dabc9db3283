/*
 * Every one of the 47 methods, twice: once through mr_call(method, ...) and once through its
 * named function (mr_memories_create, ...). The scenario follows the Python SDK's docs: create an
 * agent, memories, entities, sessions, decisions, projects and patterns, read them back, update
 * them, then delete everything. Coverage is counted per method and per path, and checked at the
 * end, so a method that was never reached fails the suite.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "harness.h"

typedef mr_status (*named_fn)(const mr_client *, const char *, char **);

/* The method table as C sees it: if a named function disappears or is renamed, this fails to
 * compile or link. */
static const struct {
    const char *name;
    named_fn fn;
} METHODS[] = {
    {"memories.create", mr_memories_create},     {"memories.search", mr_memories_search},
    {"memories.list", mr_memories_list},         {"memories.get", mr_memories_get},
    {"memories.update", mr_memories_update},     {"memories.delete", mr_memories_delete},
    {"memories.batch_create", mr_memories_batch_create},
    {"agents.create", mr_agents_create},         {"agents.list", mr_agents_list},
    {"agents.get", mr_agents_get},               {"agents.update", mr_agents_update},
    {"agents.delete", mr_agents_delete},         {"agents.stats", mr_agents_stats},
    {"entities.create", mr_entities_create},     {"entities.list", mr_entities_list},
    {"entities.get", mr_entities_get},           {"entities.update", mr_entities_update},
    {"entities.delete", mr_entities_delete},     {"entities.link", mr_entities_link},
    {"sessions.create", mr_sessions_create},     {"sessions.get_or_create", mr_sessions_get_or_create},
    {"sessions.list", mr_sessions_list},         {"sessions.get", mr_sessions_get},
    {"sessions.end", mr_sessions_end},           {"sessions.summarize", mr_sessions_summarize},
    {"sessions.delete", mr_sessions_delete},
    {"decisions.create", mr_decisions_create},   {"decisions.list", mr_decisions_list},
    {"decisions.get", mr_decisions_get},         {"decisions.update", mr_decisions_update},
    {"decisions.delete", mr_decisions_delete},   {"decisions.check", mr_decisions_check},
    {"decisions.supersede", mr_decisions_supersede},
    {"projects.create", mr_projects_create},     {"projects.list", mr_projects_list},
    {"projects.get", mr_projects_get},           {"projects.update", mr_projects_update},
    {"projects.delete", mr_projects_delete},     {"projects.context", mr_projects_context},
    {"patterns.create", mr_patterns_create},     {"patterns.search", mr_patterns_search},
    {"patterns.list", mr_patterns_list},         {"patterns.get", mr_patterns_get},
    {"patterns.update", mr_patterns_update},     {"patterns.delete", mr_patterns_delete},
    {"patterns.adopt", mr_patterns_adopt},       {"patterns.unadopt", mr_patterns_unadopt},
};
#define METHOD_COUNT (sizeof METHODS / sizeof METHODS[0])

static mr_test_server server;
static mr_client *client;
static int by_name;                        /* 1: mr_call; 0: named function */
static int covered[2][METHOD_COUNT];       /* [by_name][method] successful calls */

/* Calls `method` with params through the current path; returns the out JSON (free()d by the
 * caller via mr_string_free) and stores the status. */
static char *call(const char *method, const char *params, mr_status *status) {
    size_t i;
    for (i = 0; i < METHOD_COUNT; i++)
        if (strcmp(METHODS[i].name, method) == 0) break;
    CHECK(i < METHOD_COUNT, "unknown method in test: %s", method);
    if (i == METHOD_COUNT) return NULL;
    char *out = NULL;
    mr_status st = by_name ? mr_call(client, method, params, &out) : METHODS[i].fn(client, params, &out);
    if (st == MR_OK) covered[by_name][i]++;
    *status = st;
    return out;
}

/* Calls and requires MR_OK; returns the JSON. */
static char *ok(const char *method, char *params /* freed here */) {
    mr_status st;
    char *out = call(method, params, &st);
    CHECK(st == MR_OK, "%s %s -> %s: %s", method, params, mr_error_name(st), out ? out : "");
    free(params);
    return out;
}

/* Reads a string member of a result (malloc'd; "" if absent so the scenario can go on). */
static char *field(const char *json, const char *path) {
    char *v = mr_json_get(json, path);
    CHECK(v != NULL, "no %s in %s", path, json ? json : "(null)");
    return v ? v : strdup("");
}

static void scenario(const char *tag) {
    char *out;

    /* agents */
    out = ok("agents.create", mr_fmt("{\"name\": \"c-agent-%s\", \"description\": \"My first agent\"}", tag));
    char *agent = field(out, "id");
    CHECK(mr_json_eq(out, "object", "agent"), "%s", out);
    mr_string_free(out);
    out = ok("agents.list", mr_fmt("{\"limit\": 100}"));
    CHECK(mr_json_eq(out, "object", "list") && mr_json_int(out, "total_count") >= 1, "%s", out);
    mr_string_free(out);
    out = ok("agents.get", mr_fmt("{\"agent_id\": \"%s\"}", agent));
    char *name = mr_fmt("c-agent-%s", tag);
    CHECK(mr_json_eq(out, "name", name), "%s", out);
    mr_string_free(out);
    out = ok("agents.update", mr_fmt("{\"agent_id\": \"%s\", \"description\": \"updated\"}", agent));
    CHECK(mr_json_eq(out, "description", "updated"), "%s", out);
    mr_string_free(out);

    /* memories */
    out = ok("memories.create",
             mr_fmt("{\"agent_id\": \"%s\", \"content\": \"The project uses PostgreSQL 16 with "
                    "pgvector for semantic search.\", \"metadata\": {\"source\": "
                    "\"architecture-review\", \"confidence\": 0.95}}", agent));
    char *memory = field(out, "id");
    CHECK(mr_json_eq(out, "metadata.source", "architecture-review"), "%s", out);
    mr_string_free(out);
    out = ok("memories.search",
             mr_fmt("{\"agent_id\": \"%s\", \"query\": \"What database does the project use?\", "
                    "\"limit\": 5}", agent));
    CHECK(mr_json_eq(out, "data.0.memory.id", memory), "%s", out);
    mr_string_free(out);
    out = ok("memories.list", mr_fmt("{\"agent_id\": \"%s\"}", agent));
    CHECK(mr_json_int(out, "total_count") == 1, "%s", out);
    mr_string_free(out);
    out = ok("memories.get", mr_fmt("{\"memory_id\": \"%s\"}", memory));
    CHECK(mr_json_eq(out, "id", memory), "%s", out);
    mr_string_free(out);
    out = ok("memories.update", mr_fmt("{\"memory_id\": \"%s\", \"content\": \"Updated: PostgreSQL 17.\"}", memory));
    CHECK(mr_json_eq(out, "content", "Updated: PostgreSQL 17."), "%s", out);
    mr_string_free(out);
    out = ok("memories.batch_create",
             mr_fmt("{\"agent_id\": \"%s\", \"memories\": [{\"content\": \"Python 3.11 is the minimum "
                    "version.\"}, {\"content\": \"Tests use pytest with async fixtures.\"}, "
                    "{\"content\": \"Redis is used for rate limiting.\"}]}", agent));
    CHECK(mr_json_int(out, "succeeded") == 3 && mr_json_int(out, "total") == 3, "%s", out);
    mr_string_free(out);

    /* entities */
    out = ok("entities.create",
             mr_fmt("{\"agent_id\": \"%s\", \"name\": \"PostgreSQL\", \"entity_type\": \"technology\", "
                    "\"metadata\": {\"version\": \"16\"}}", agent));
    char *entity = field(out, "id");
    mr_string_free(out);
    out = ok("entities.list", mr_fmt("{\"agent_id\": \"%s\", \"entity_type\": \"technology\"}", agent));
    CHECK(mr_json_eq(out, "data.0.id", entity), "%s", out);
    mr_string_free(out);
    out = ok("entities.get", mr_fmt("{\"entity_id\": \"%s\"}", entity));
    CHECK(mr_json_eq(out, "entity_type", "technology"), "%s", out);
    mr_string_free(out);
    out = ok("entities.update", mr_fmt("{\"entity_id\": \"%s\", \"name\": \"Postgres\"}", entity));
    CHECK(mr_json_eq(out, "name", "Postgres"), "%s", out);
    mr_string_free(out);
    out = ok("entities.link",
             mr_fmt("{\"entity_id\": \"%s\", \"memory_id\": \"%s\", \"relationship\": \"uses\"}", entity, memory));
    CHECK(mr_json_eq(out, "relationship", "uses") && mr_json_eq(out, "memory_id", memory), "%s", out);
    mr_string_free(out);

    /* sessions */
    out = ok("sessions.create", mr_fmt("{\"agent_id\": \"%s\", \"metadata\": {\"kind\": \"scratch\"}}", agent));
    char *session1 = field(out, "id");
    CHECK(mr_json_eq(out, "status", "active"), "%s", out);
    mr_string_free(out);
    out = ok("sessions.get_or_create",
             mr_fmt("{\"agent_id\": \"%s\", \"session_key\": \"project-review-%s\"}", agent, tag));
    char *session2 = field(out, "id");
    CHECK(mr_json_eq(out, "created", "true"), "%s", out);
    mr_string_free(out);
    out = ok("memories.create",
             mr_fmt("{\"agent_id\": \"%s\", \"content\": \"Reviewed the authentication module.\", "
                    "\"metadata\": {\"session_id\": \"%s\"}}", agent, session2));
    mr_string_free(out);
    out = ok("sessions.list", mr_fmt("{\"agent_id\": \"%s\"}", agent));
    CHECK(mr_json_int(out, "total_count") == 2, "%s", out);
    mr_string_free(out);
    out = ok("sessions.get", mr_fmt("{\"session_id\": \"%s\"}", session2));
    CHECK(mr_json_eq(out, "memories.0.content", "Reviewed the authentication module."), "%s", out);
    mr_string_free(out);
    out = ok("sessions.summarize", mr_fmt("{\"session_id\": \"%s\"}", session2));
    CHECK(mr_json_eq(out, "session_id", session2) && mr_json_int(out, "memory_count") == 1, "%s", out);
    mr_string_free(out);
    out = ok("sessions.end", mr_fmt("{\"session_id\": \"%s\"}", session2));
    CHECK(mr_json_eq(out, "status", "ended"), "%s", out);
    mr_string_free(out);
    out = ok("sessions.delete", mr_fmt("{\"session_id\": \"%s\"}", session1));
    CHECK(out && strcmp(out, "null") == 0, "delete result %s", out ? out : "(null)");
    mr_string_free(out);

    /* decisions */
    out = ok("decisions.create",
             mr_fmt("{\"agent_id\": \"%s\", \"title\": \"Use pgvector for vector search\", \"content\": "
                    "\"Chose pgvector over a separate vector database to reduce operational "
                    "complexity.\", \"metadata\": {\"category\": \"architecture\"}}", agent));
    char *decision1 = field(out, "id");
    CHECK(mr_json_eq(out, "rationale",
                     "Chose pgvector over a separate vector database to reduce operational complexity."),
          "%s", out);
    mr_string_free(out);
    out = ok("decisions.create",
             mr_fmt("{\"agent_id\": \"%s\", \"title\": \"Migrate to OpenAI embeddings\", \"content\": "
                    "\"Switching from local sentence-transformers to OpenAI.\"}", agent));
    char *decision2 = field(out, "id");
    mr_string_free(out);
    out = ok("decisions.list", mr_fmt("{\"agent_id\": \"%s\", \"status\": \"active\"}", agent));
    CHECK(mr_json_int(out, "total_count") == 2, "%s", out);
    mr_string_free(out);
    out = ok("decisions.get", mr_fmt("{\"decision_id\": \"%s\"}", decision1));
    CHECK(mr_json_eq(out, "title", "Use pgvector for vector search"), "%s", out);
    mr_string_free(out);
    out = ok("decisions.update", mr_fmt("{\"decision_id\": \"%s\", \"title\": \"Use pgvector\"}", decision1));
    CHECK(mr_json_eq(out, "title", "Use pgvector"), "%s", out);
    mr_string_free(out);
    out = ok("decisions.check",
             mr_fmt("{\"agent_id\": \"%s\", \"query\": \"Use pgvector\\nChose pgvector over a separate "
                    "vector database to reduce operational complexity.\"}", agent));
    CHECK(mr_json_eq(out, "has_conflicts", "true"), "%s", out);
    mr_string_free(out);
    out = ok("decisions.supersede",
             mr_fmt("{\"decision_id\": \"%s\", \"new_decision_id\": \"%s\", \"reason\": \"better "
                    "relevance\"}", decision1, decision2));
    CHECK(mr_json_eq(out, "id", decision2), "%s", out);
    mr_string_free(out);

    /* projects and patterns */
    out = ok("projects.create",
             mr_fmt("{\"agent_id\": \"%s\", \"name\": \"Demo Project %s\", \"description\": \"demo\"}", agent, tag));
    char *project = field(out, "id");
    char *slug = field(out, "slug");
    mr_string_free(out);
    out = ok("projects.list", mr_fmt("{\"agent_id\": \"%s\"}", agent));
    CHECK(mr_json_eq(out, "data.0.id", project), "%s", out);
    mr_string_free(out);
    out = ok("projects.get", mr_fmt("{\"project_id\": \"%s\"}", slug));
    CHECK(mr_json_eq(out, "id", project), "%s", out);
    mr_string_free(out);
    out = ok("projects.update", mr_fmt("{\"project_id\": \"%s\", \"description\": \"updated\"}", project));
    CHECK(mr_json_eq(out, "description", "updated"), "%s", out);
    mr_string_free(out);
    out = ok("patterns.create",
             mr_fmt("{\"agent_id\": \"%s\", \"name\": \"Retry with jitter\", \"content\": \"Retry "
                    "transient failures with full-jitter backoff.\"}", agent));
    char *pattern = field(out, "id");
    CHECK(mr_json_eq(out, "title", "Retry with jitter"), "%s", out);
    mr_string_free(out);
    out = ok("patterns.search", mr_fmt("{\"agent_id\": \"%s\", \"query\": \"Retry with jitter\"}", agent));
    CHECK(mr_json_eq(out, "data.0.pattern.id", pattern), "%s", out);
    mr_string_free(out);
    out = ok("patterns.list", mr_fmt("{\"agent_id\": \"%s\"}", agent));
    CHECK(mr_json_int(out, "total_count") == 1, "%s", out);
    mr_string_free(out);
    out = ok("patterns.get", mr_fmt("{\"pattern_id\": \"%s\"}", pattern));
    CHECK(mr_json_eq(out, "id", pattern), "%s", out);
    mr_string_free(out);
    out = ok("patterns.update", mr_fmt("{\"pattern_id\": \"%s\", \"content\": \"Use full jitter.\"}", pattern));
    CHECK(mr_json_eq(out, "description", "Use full jitter."), "%s", out);
    mr_string_free(out);
    out = ok("patterns.adopt", mr_fmt("{\"pattern_id\": \"%s\", \"project_id\": \"%s\"}", pattern, project));
    CHECK(mr_json_int(out, "adoption_count") == 1 && mr_json_eq(out, "adopted_by.0", slug), "%s", out);
    mr_string_free(out);
    out = ok("projects.context", mr_fmt("{\"project_id\": \"%s\"}", project));
    CHECK(mr_json_eq(out, "active_patterns.0.id", pattern), "%s", out);
    mr_string_free(out);
    out = ok("patterns.unadopt", mr_fmt("{\"pattern_id\": \"%s\", \"project_id\": \"%s\"}", pattern, project));
    CHECK(mr_json_int(out, "adoption_count") == 0, "%s", out);
    mr_string_free(out);
    out = ok("agents.stats", mr_fmt("{\"agent_id\": \"%s\"}", agent));
    CHECK(mr_json_int(out, "memory_count") == 5 && mr_json_int(out, "decision_count") == 2, "%s", out);
    mr_string_free(out);

    /* deletes: each returns JSON null, and the resource is gone afterwards */
    const char *deletes[][3] = {
        {"patterns.delete", "pattern_id", pattern},  {"projects.delete", "project_id", project},
        {"decisions.delete", "decision_id", decision1}, {"entities.delete", "entity_id", entity},
        {"memories.delete", "memory_id", memory},    {"agents.delete", "agent_id", agent},
    };
    for (size_t i = 0; i < sizeof deletes / sizeof deletes[0]; i++) {
        out = ok(deletes[i][0], mr_fmt("{\"%s\": \"%s\"}", deletes[i][1], deletes[i][2]));
        CHECK(out && strcmp(out, "null") == 0, "%s result %s", deletes[i][0], out ? out : "(null)");
        mr_string_free(out);
    }
    char *params = mr_fmt("{\"memory_id\": \"%s\"}", memory);
    out = NULL;
    mr_status st = mr_call(client, "memories.get", params, &out);
    CHECK_STATUS(st, MR_NOT_FOUND, out);
    mr_string_free(out);
    free(params);

    free(agent); free(name); free(memory); free(entity); free(session1); free(session2);
    free(decision1); free(decision2); free(project); free(slug); free(pattern);
}

static void test_every_method_through_mr_call(void) {
    by_name = 1;
    scenario("by-name");
}

static void test_every_method_through_named_functions(void) {
    by_name = 0;
    scenario("named");
}

static void test_all_47_methods_covered_both_ways(void) {
    CHECK(METHOD_COUNT == 47, "method table has %zu entries", (size_t)METHOD_COUNT);
    for (size_t i = 0; i < METHOD_COUNT; i++) {
        CHECK(covered[1][i] > 0, "%s never succeeded through mr_call", METHODS[i].name);
        CHECK(covered[0][i] > 0, "%s never succeeded through its named function", METHODS[i].name);
    }
}

int main(void) {
    mr_test_server_start(&server);
    client = mr_test_client(&server, MR_TEST_KEY, NULL);
    static const char *const names[] = {"every method through mr_call",
                                        "every method through its named function",
                                        "all 47 methods covered both ways"};
    static const mr_test_case_fn cases[] = {test_every_method_through_mr_call,
                                            test_every_method_through_named_functions,
                                            test_all_47_methods_covered_both_ways};
    int rc = mr_test_run("methods", names, cases, 3);
    mr_client_free(client);
    mr_test_server_stop(&server);
    return rc;
}
