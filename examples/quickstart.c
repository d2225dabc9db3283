/*
 * The MemoryRelay quick start, in C: create an agent, store a memory, search by meaning.
 *
 * It starts nothing itself: point it at a server with the environment, e.g.
 *   MEMORYRELAY_API_URL=http://127.0.0.1:8080 MEMORYRELAY_API_KEY=mem_... ./quickstart
 * (the SDK reads both variables when the config leaves them out).
 *
 * Build against an installed SDK (scripts/install-c.sh PREFIX):
 *   cc quickstart.c $(pkg-config --cflags --libs memoryrelay) -o quickstart
 * or with CMake: find_package(memoryrelay) and link memoryrelay::memoryrelay.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memoryrelay.h"

/* Prints the error document and exits when a call failed. */
static void check(mr_status status, char *json, const char *what) {
    if (status == MR_OK) return;
    fprintf(stderr, "%s failed with %s: %s\n", what, mr_error_name(status), json ? json : "");
    mr_string_free(json);
    exit(1);
}

/* The value of a top-level "id" member (results are compact JSON objects). A real program
 * would use its JSON library here; the SDK hands back plain JSON text. */
static void copy_id(const char *json, char *id, size_t size) {
    const char *p = strstr(json, "\"id\":\"");
    size_t n = 0;
    if (p) {
        p += 6;
        while (p[n] && p[n] != '"' && n + 1 < size) n++;
        memcpy(id, p, n);
    }
    id[n] = '\0';
}

int main(void) {
    if (mr_abi_version() != MR_ABI_VERSION) {
        fprintf(stderr, "libmemoryrelay ABI %u, header ABI %d\n", mr_abi_version(), MR_ABI_VERSION);
        return 1;
    }

    /* NULL config: the API key and base URL come from the environment. */
    mr_client *client = NULL;
    char *error = NULL;
    check(mr_client_new(NULL, &client, &error), error, "mr_client_new");

    /* Create an agent */
    char *agent = NULL;
    check(mr_agents_create(client, "{\"name\": \"my-agent\", \"description\": \"My first agent\"}",
                           &agent),
          agent, "agents.create");
    char agent_id[64];
    copy_id(agent, agent_id, sizeof agent_id);
    printf("agent: %s\n", agent);
    mr_string_free(agent);

    /* Store a memory */
    char params[512];
    snprintf(params, sizeof params,
             "{\"agent_id\": \"%s\", \"content\": \"The project uses PostgreSQL 16 with pgvector "
             "for semantic search.\", \"metadata\": {\"source\": \"architecture-review\", "
             "\"confidence\": 0.95}}",
             agent_id);
    char *memory = NULL;
    check(mr_memories_create(client, params, &memory), memory, "memories.create");
    printf("memory: %s\n", memory);
    mr_string_free(memory);

    /* Search by meaning */
    snprintf(params, sizeof params,
             "{\"agent_id\": \"%s\", \"query\": \"What database does the project use?\", "
             "\"limit\": 5}",
             agent_id);
    char *results = NULL;
    check(mr_memories_search(client, params, &results), results, "memories.search");
    printf("search: %s\n", results);
    mr_string_free(results);

    mr_client_free(client);
    return 0;
}
