/*
 * Test harness for the C ABI suites: starts the local server binary, talks to its fault
 * injection routes, reads values out of result JSON, and counts checks.
 *
 * The server is started once per test executable (fresh in-memory database) with
 *   --port 0 --ready-json --db :memory: --enable-fault-injection --exit-on-stdin-close
 * and two API keys (two accounts). Its path comes from the environment variable MR_SERVER_BIN.
 * Closing its stdin stops it, so a test that crashes never leaves a server behind.
 */
#ifndef MR_TEST_HARNESS_H
#define MR_TEST_HARNESS_H

#include <stddef.h>
#include <stdio.h>

#include "memoryrelay.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The two API keys the server is started with (two separate accounts). */
#define MR_TEST_KEY "mem_c_abi_test_key_0000000000000001"
#define MR_TEST_KEY2 "mem_c_abi_test_key_0000000000000002"

typedef struct mr_test_server {
    char url[128]; /* "http://127.0.0.1:PORT" */
    int port;
    int pid;
    int stdin_fd; /* write end of the server's stdin; closing it stops the server */
} mr_test_server;

/* Starts the server; aborts the test program if it cannot. */
void mr_test_server_start(mr_test_server *server);
/* Stops the server (closes its stdin, then waits; SIGTERM after a grace period). */
void mr_test_server_stop(mr_test_server *server);

/* Sends an HTTP request to the server (admin routes); returns the HTTP status, or -1. */
int mr_test_http(const mr_test_server *server, const char *method, const char *path,
                 const char *body);
/* POST /__faults with the given rule JSON; fails the check if the server does not answer 201. */
void mr_test_fault(const mr_test_server *server, const char *rule_json);
/* DELETE /__faults. */
void mr_test_faults_clear(const mr_test_server *server);

/* A 127.0.0.1 port with nothing listening (bound, then closed). */
int mr_test_closed_port(void);

/* Creates a client for the server with extra config members (e.g. "\"max_retries\": 0");
 * aborts on failure. */
mr_client *mr_test_client(const mr_test_server *server, const char *key, const char *extra);

/*
 * Reads the value at a dotted path ("error.code", "data.0.id") out of a JSON text.
 * Returns a malloc'd string the caller free()s: a string value unquoted (simple escapes
 * decoded), any other value as its JSON text; NULL when the path does not exist.
 */
char *mr_json_get(const char *json, const char *path);
/* mr_json_get compared with an expected text (1 if equal). */
int mr_json_eq(const char *json, const char *path, const char *expected);
/* mr_json_get as an integer (LLONG_MIN if absent or not a number). */
long long mr_json_int(const char *json, const char *path);

/* printf into a malloc'd string (free()). */
char *mr_fmt(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Environment integer with a default (used for stress sizes, smaller under valgrind). */
long mr_test_env_long(const char *name, long fallback);

/* ---- checks ---------------------------------------------------------------------------- */

extern int mr_test_checks;
extern int mr_test_failed_checks;

void mr_test_fail(const char *file, int line, const char *expr, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#define CHECK(cond, ...)                                                                         \
    do {                                                                                         \
        mr_test_checks++;                                                                        \
        if (!(cond)) mr_test_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);                      \
    } while (0)

/* Checks a status and, on mismatch, prints the out JSON. */
#define CHECK_STATUS(st, expected, json)                                                         \
    CHECK((st) == (expected), "status %s (%d), expected %s; json: %s", mr_error_name(st),       \
          (int)(st), mr_error_name(expected), (json) ? (json) : "(null)")

typedef void (*mr_test_case_fn)(void);
/* Runs the cases, prints one line per case and "N passed, N failed"; returns the exit code. */
int mr_test_run(const char *suite, const char *const *names, const mr_test_case_fn *cases,
                size_t count);

#ifdef __cplusplus
}
#endif

#endif /* MR_TEST_HARNESS_H */
