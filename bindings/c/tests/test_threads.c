/*
 * One handle shared by many threads: MR_STRESS_THREADS threads (default 16) each make
 * MR_STRESS_CALLS calls (default 1000; the valgrind run uses fewer) of memories.get on the same
 * client, alternating mr_call and the named function. Every call must succeed with the right
 * memory.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static mr_test_server server;
static mr_client *client;
static char *memory_id;
static char *params;
static long calls_per_thread;

typedef struct {
    long ok;
    long wrong;
    mr_status last_error;
} tally;

static void *worker(void *arg) {
    tally *t = (tally *)arg;
    for (long i = 0; i < calls_per_thread; i++) {
        char *out = NULL;
        mr_status st = (i % 2) ? mr_call(client, "memories.get", params, &out)
                               : mr_memories_get(client, params, &out);
        if (st == MR_OK && mr_json_eq(out, "id", memory_id)) {
            t->ok++;
        } else {
            if (t->wrong == 0) fprintf(stderr, "thread call failed: %s: %s\n", mr_error_name(st), out ? out : "");
            t->wrong++;
            t->last_error = st;
        }
        mr_string_free(out);
    }
    return NULL;
}

static void test_threads_share_one_handle(void) {
    long threads = mr_test_env_long("MR_STRESS_THREADS", 16);
    calls_per_thread = mr_test_env_long("MR_STRESS_CALLS", 1000);
    pthread_t *ids = (pthread_t *)calloc((size_t)threads, sizeof *ids);
    tally *tallies = (tally *)calloc((size_t)threads, sizeof *tallies);
    for (long i = 0; i < threads; i++) pthread_create(&ids[i], NULL, worker, &tallies[i]);
    long ok = 0, wrong = 0;
    for (long i = 0; i < threads; i++) {
        pthread_join(ids[i], NULL);
        ok += tallies[i].ok;
        wrong += tallies[i].wrong;
    }
    printf("threads: %ld threads x %ld calls: %ld ok, %ld failed\n", threads, calls_per_thread, ok, wrong);
    CHECK(wrong == 0 && ok == threads * calls_per_thread, "%ld of %ld calls failed", wrong,
          threads * calls_per_thread);
    free(ids);
    free(tallies);
}

int main(void) {
    mr_test_server_start(&server);
    client = mr_test_client(&server, MR_TEST_KEY, NULL);
    char *out = NULL;
    mr_status st = mr_memories_create(
        client, "{\"agent_id\": \"threads-agent\", \"content\": \"Shared across threads.\"}", &out);
    if (st != MR_OK) {
        fprintf(stderr, "setup failed: %s\n", out ? out : "");
        return 2;
    }
    memory_id = mr_json_get(out, "id");
    mr_string_free(out);
    params = mr_fmt("{\"memory_id\": \"%s\"}", memory_id);
    static const char *const names[] = {"16 threads x 1000 calls on one handle"};
    static const mr_test_case_fn cases[] = {test_threads_share_one_handle};
    int rc = mr_test_run("threads", names, cases, 1);
    free(params);
    free(memory_id);
    mr_client_free(client);
    mr_test_server_stop(&server);
    return rc;
}
