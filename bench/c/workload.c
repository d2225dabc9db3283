/*
 * The C row of the cross-language benchmark (bench/run.sh): memories.get, memories.search
 * (limit 10) and memories.create through mr_call (JSON in, JSON out), then one JSON line with
 * the client CPU (this process, every thread) and wall time of each loop.
 *
 *     workload URL KEY AGENT_ID IDS_FILE GETS SEARCHES CREATES WARMUP
 *
 * WARMUP gets and WARMUP/10 searches run first, unmeasured.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "memoryrelay.h"

static const char *QUERIES[] = {"What database does the project use?", "deployment",
                                "rate limiting", "async requests", "semantic search"};
enum { MAX_IDS = 100000 };

static double clock_s(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static mr_client *client;
static char *agent;
static char *ids[MAX_IDS];
static long n_ids;

static void call(const char *method, const char *params) {
    char *out = NULL;
    mr_status st = mr_call(client, method, params, &out);
    if (st != MR_OK || out == NULL || out[0] != '{') {
        fprintf(stderr, "%s failed (%d): %s\n", method, (int)st, out ? out : "(null)");
        exit(1);
    }
    mr_string_free(out);
}

static void get(long i) {
    char params[256];
    snprintf(params, sizeof params, "{\"memory_id\":\"%s\"}", ids[i % n_ids]);
    call("memories.get", params);
}

static void search(long i) {
    char params[512];
    snprintf(params, sizeof params, "{\"agent_id\":\"%s\",\"query\":\"%s\",\"limit\":10}", agent,
             QUERIES[i % 5]);
    call("memories.search", params);
}

static void create(long i) {
    char params[512];
    snprintf(params, sizeof params,
             "{\"agent_id\":\"%s\",\"content\":\"Bench write %ld: the service caches sessions "
             "in Redis for 15 minutes.\"}",
             agent, i);
    call("memories.create", params);
}

static void measure(const char *name, long calls, void (*f)(long), int last) {
    double cpu0 = clock_s(CLOCK_PROCESS_CPUTIME_ID), wall0 = clock_s(CLOCK_MONOTONIC);
    for (long i = 0; i < calls; i++) f(i);
    double cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu0, wall = clock_s(CLOCK_MONOTONIC) - wall0;
    printf("\"%s\":{\"calls\":%ld,\"cpu_s\":%.6f,\"wall_s\":%.6f}%s", name, calls, cpu, wall,
           last ? "" : ",");
}

int main(int argc, char **argv) {
    if (argc != 9) {
        fprintf(stderr, "usage: %s URL KEY AGENT_ID IDS_FILE GETS SEARCHES CREATES WARMUP\n",
                argv[0]);
        return 2;
    }
    agent = argv[3];
    FILE *f = fopen(argv[4], "r");
    if (!f) { perror(argv[4]); return 1; }
    char line[256];
    while (n_ids < MAX_IDS && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (line[0]) ids[n_ids++] = strdup(line);
    }
    fclose(f);
    if (n_ids == 0) { fprintf(stderr, "no ids\n"); return 1; }

    char config[1024], *err = NULL;
    snprintf(config, sizeof config, "{\"base_url\":\"%s\",\"api_key\":\"%s\"}", argv[1], argv[2]);
    if (mr_client_new(config, &client, &err) != MR_OK) {
        fprintf(stderr, "client: %s\n", err);
        return 1;
    }
    for (long i = 0, warmup = atol(argv[8]); i < warmup; i++) {
        get(i);
        if (i % 10 == 0) search(i);
    }
    printf("{");
    measure("get", atol(argv[5]), get, 0);
    measure("search", atol(argv[6]), search, 0);
    measure("create", atol(argv[7]), create, 1);
    printf("}\n");
    mr_client_free(client);
    for (long i = 0; i < n_ids; i++) free(ids[i]);
    return 0;
}
