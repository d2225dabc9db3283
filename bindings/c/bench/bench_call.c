/*
 * memories.get through the C ABI from a real C program, against the local server (started by
 * the test harness). Complements ffi/src/c_abi/bench.rs (which compares with the native Rust call in
 * one process): this is what a C caller sees end to end, including the debug/release build of
 * the library it links. Usage: MR_SERVER_BIN=... bench_call [calls]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <time.h>

#include "harness.h"

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    long calls = argc > 1 ? atol(argv[1]) : 10000;
    if (calls < 1) calls = 1;
    mr_test_server server;
    mr_test_server_start(&server);
    mr_client *client = mr_test_client(&server, MR_TEST_KEY, NULL);
    char *out = NULL;
    if (mr_memories_create(client, "{\"agent_id\": \"bench\", \"content\": \"The project uses PostgreSQL 16.\"}", &out) != MR_OK) {
        fprintf(stderr, "setup failed: %s\n", out);
        return 1;
    }
    char *id = mr_json_get(out, "id");
    mr_string_free(out);
    char *params = mr_fmt("{\"memory_id\": \"%s\"}", id);
    double *t = (double *)malloc((size_t)calls * sizeof *t);
    for (long i = 0; i < 1000; i++) { /* warm-up */
        mr_memories_get(client, params, &out);
        mr_string_free(out);
    }
    double total = 0;
    for (long i = 0; i < calls; i++) {
        double start = now_us();
        mr_status st = mr_memories_get(client, params, &out);
        mr_string_free(out);
        t[i] = now_us() - start;
        total += t[i];
        if (st != MR_OK) {
            fprintf(stderr, "call %ld failed: %s\n", i, mr_error_name(st));
            return 1;
        }
    }
    qsort(t, (size_t)calls, sizeof *t, cmp);
    printf("bench_call memories.get from C: %ld calls, median %.1f us, mean %.1f us, p99 %.1f us\n",
           calls, t[calls / 2], total / (double)calls, t[(long)((double)calls * 0.99)]);
    free(t);
    free(params);
    free(id);
    mr_client_free(client);
    mr_test_server_stop(&server);
    return 0;
}
