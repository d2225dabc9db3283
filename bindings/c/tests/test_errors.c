/*
 * Every status code, each produced by a real condition against the local server:
 * 401 wrong key, no key at all, 403/429/5xx/timeout through the server's fault injection,
 * 404 unknown id, 409 duplicate name, 422 out-of-range limit, connection refused on a closed
 * port, CANCELLED through mr_cancel on a delayed call. MR_INTERNAL has no honest trigger from C
 * (it needs a panic in the library); the Rust unit tests cover the panic guard.
 * Each error document is checked for the contract's members.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static mr_test_server server;
static mr_client *client;    /* default retries */
static mr_client *no_retry;  /* max_retries 0, so one fault = one error */

static const char *const ERROR_MEMBERS[] = {"code", "kind", "message", "status",
                                            "request_id", "retry_after", "details", "body"};

/* Checks the error document: every member present, code and kind matching the status. */
static void check_error_doc(const char *json, mr_status expected) {
    for (size_t i = 0; i < sizeof ERROR_MEMBERS / sizeof ERROR_MEMBERS[0]; i++) {
        char *path = mr_fmt("error.%s", ERROR_MEMBERS[i]);
        char *v = mr_json_get(json, path);
        CHECK(v != NULL, "member %s missing in %s", path, json ? json : "(null)");
        free(v);
        free(path);
    }
    CHECK(mr_json_int(json, "error.code") == (long long)expected, "code in %s", json);
    char kind[32];
    const char *name = mr_error_name(expected);
    size_t i = 0;
    for (; name[i] && i < sizeof kind - 1; i++) kind[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
    kind[i] = '\0';
    CHECK(mr_json_eq(json, "error.kind", kind), "kind %s in %s", kind, json);
}

static char *expect(mr_client *c, const char *method, const char *params, mr_status expected) {
    char *out = NULL;
    mr_status st = mr_call(c, method, params, &out);
    CHECK_STATUS(st, expected, out);
    if (expected != MR_OK) check_error_doc(out, expected);
    return out;
}

static void test_ok(void) {
    char *out = expect(client, "agents.list", "{}", MR_OK);
    CHECK(mr_json_eq(out, "object", "list"), "%s", out);
    mr_string_free(out);
}

static void test_invalid_argument_missing_param(void) {
    char *out = expect(client, "memories.get", "{}", MR_INVALID_ARGUMENT);
    CHECK(mr_json_eq(out, "error.status", "null"), "no HTTP status for a client-side error: %s", out);
    mr_string_free(out);
}

static void test_authentication_wrong_key(void) {
    mr_client *bad = mr_test_client(&server, "mem_wrong_key", "\"max_retries\": 0");
    char *out = expect(bad, "agents.list", "{}", MR_AUTHENTICATION);
    CHECK(mr_json_int(out, "error.status") == 401, "%s", out);
    char *rid = mr_json_get(out, "error.request_id");
    CHECK(rid && strncmp(rid, "req_", 4) == 0, "request id kept: %s", out);
    free(rid);
    mr_string_free(out);
    mr_client_free(bad);
}

static void test_authentication_no_key_configured(void) {
    unsetenv("MEMORYRELAY_API_KEY");
    char *config = mr_fmt("{\"base_url\": \"%s\"}", server.url);
    mr_client *c = (mr_client *)0x1; /* must be overwritten with NULL */
    char *err = NULL;
    mr_status st = mr_client_new(config, &c, &err);
    CHECK_STATUS(st, MR_AUTHENTICATION, err);
    CHECK(c == NULL, "out_client set to NULL on failure");
    check_error_doc(err, MR_AUTHENTICATION);
    mr_string_free(err);
    free(config);
}

static void test_api_key_from_environment(void) {
    setenv("MEMORYRELAY_API_KEY", MR_TEST_KEY, 1);
    setenv("MEMORYRELAY_API_URL", server.url, 1);
    mr_client *c = NULL;
    char *err = NULL;
    mr_status st = mr_client_new(NULL, &c, &err);
    CHECK_STATUS(st, MR_OK, err);
    CHECK(err == NULL, "no error document on success");
    if (c) {
        char *out = expect(c, "agents.list", NULL, MR_OK);
        mr_string_free(out);
    }
    mr_client_free(c);
    unsetenv("MEMORYRELAY_API_KEY");
    unsetenv("MEMORYRELAY_API_URL");
}

static void test_forbidden(void) {
    mr_test_fault(&server, "{\"path\": \"/v1/agents\", \"method\": \"GET\", \"action\": \"status\", \"status\": 403}");
    char *out = expect(no_retry, "agents.list", "{}", MR_FORBIDDEN);
    CHECK(mr_json_int(out, "error.status") == 403, "%s", out);
    mr_string_free(out);
    mr_test_faults_clear(&server);
}

static void test_not_found(void) {
    char *out = expect(client, "memories.get", "{\"memory_id\": \"7b1e0a4e-1c1f-4c38-9a59-0d7a1f2b3c4d\"}", MR_NOT_FOUND);
    CHECK(mr_json_int(out, "error.status") == 404, "%s", out);
    mr_string_free(out);
}

static void test_validation(void) {
    char *out = expect(client, "agents.list", "{\"limit\": 1000}", MR_VALIDATION);
    CHECK(mr_json_int(out, "error.status") == 422, "%s", out);
    char *details = mr_json_get(out, "error.details.0.loc");
    CHECK(details && strstr(details, "limit"), "details name the field: %s", out);
    free(details);
    mr_string_free(out);
}

static void test_rate_limited(void) {
    mr_test_fault(&server, "{\"path\": \"/v1/agents\", \"method\": \"GET\", \"action\": \"status\", \"status\": 429, \"retry_after\": \"7\"}");
    char *out = expect(no_retry, "agents.list", "{}", MR_RATE_LIMITED);
    CHECK(mr_json_int(out, "error.status") == 429 && mr_json_int(out, "error.retry_after") == 7, "%s", out);
    mr_string_free(out);
    mr_test_faults_clear(&server);
}

static void test_conflict(void) {
    char *out = expect(client, "agents.create", "{\"name\": \"conflict-agent\"}", MR_OK);
    mr_string_free(out);
    out = expect(client, "agents.create", "{\"name\": \"conflict-agent\"}", MR_CONFLICT);
    CHECK(mr_json_int(out, "error.status") == 409, "%s", out);
    mr_string_free(out);
}

static void test_api_5xx(void) {
    mr_test_fault(&server, "{\"path\": \"/v1/agents\", \"method\": \"GET\", \"action\": \"status\", \"status\": 503}");
    char *out = expect(no_retry, "agents.list", "{}", MR_API);
    CHECK(mr_json_int(out, "error.status") == 503, "%s", out);
    mr_string_free(out);
    mr_test_faults_clear(&server);
}

static void test_network_connection_refused(void) {
    char *config = mr_fmt("{\"api_key\": \"%s\", \"base_url\": \"http://127.0.0.1:%d\", \"max_retries\": 0}",
                          MR_TEST_KEY, mr_test_closed_port());
    mr_client *c = NULL;
    char *err = NULL;
    mr_status st = mr_client_new(config, &c, &err);
    CHECK_STATUS(st, MR_OK, err);
    if (c) {
        char *out = expect(c, "agents.list", "{}", MR_NETWORK);
        mr_string_free(out);
    }
    mr_client_free(c);
    free(config);
}

static void test_timeout(void) {
    mr_test_fault(&server, "{\"path\": \"/v1/agents\", \"method\": \"GET\", \"action\": \"delay\", \"delay_ms\": 3000}");
    mr_client *c = mr_test_client(&server, MR_TEST_KEY, "\"max_retries\": 0, \"timeout\": 0.3");
    char *out = expect(c, "agents.list", "{}", MR_TIMEOUT);
    mr_string_free(out);
    mr_client_free(c);
    mr_test_faults_clear(&server);
}

/* ---- CANCELLED through mr_cancel --------------------------------------------------------- */

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int calls;
    mr_status status;
    uint64_t id;
    char *json;
} completion;

static void on_done(void *user_data, uint64_t id, mr_status status, char *json) {
    completion *c = (completion *)user_data;
    pthread_mutex_lock(&c->lock);
    c->calls++;
    c->status = status;
    c->id = id;
    c->json = json; /* ownership moves to the test, which frees it */
    pthread_cond_signal(&c->cond);
    pthread_mutex_unlock(&c->lock);
}

static void test_cancelled(void) {
    mr_test_fault(&server, "{\"path\": \"/v1/agents\", \"method\": \"GET\", \"action\": \"delay\", \"delay_ms\": 5000}");
    completion done = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, MR_OK, 0, NULL};
    uint64_t id = mr_call_async(client, "agents.list", "{}", on_done, &done);
    CHECK(id > 0, "request id %llu", (unsigned long long)id);
    mr_status st = mr_cancel(client, id);
    CHECK_STATUS(st, MR_OK, "(mr_cancel)");
    pthread_mutex_lock(&done.lock);
    while (done.calls == 0) pthread_cond_wait(&done.cond, &done.lock);
    pthread_mutex_unlock(&done.lock);
    CHECK_STATUS(done.status, MR_CANCELLED, done.json);
    CHECK(done.id == id, "callback id %llu", (unsigned long long)done.id);
    check_error_doc(done.json, MR_CANCELLED);
    mr_string_free(done.json);
    CHECK(mr_cancel(client, id) == MR_NOT_FOUND, "a finished call cannot be cancelled again");
    mr_test_faults_clear(&server);
}

int main(void) {
    mr_test_server_start(&server);
    client = mr_test_client(&server, MR_TEST_KEY, NULL);
    no_retry = mr_test_client(&server, MR_TEST_KEY, "\"max_retries\": 0");
    static const char *const names[] = {
        "MR_OK", "MR_INVALID_ARGUMENT (missing param)", "MR_AUTHENTICATION (wrong key)",
        "MR_AUTHENTICATION (no key configured)", "api key and url from the environment",
        "MR_FORBIDDEN (injected 403)", "MR_NOT_FOUND (unknown id)", "MR_VALIDATION (limit 1000)",
        "MR_RATE_LIMITED (injected 429, Retry-After 7)", "MR_CONFLICT (duplicate agent name)",
        "MR_API (injected 503)", "MR_NETWORK (connection refused)",
        "MR_TIMEOUT (injected delay)", "MR_CANCELLED (mr_cancel on a delayed call)"};
    static const mr_test_case_fn cases[] = {
        test_ok, test_invalid_argument_missing_param, test_authentication_wrong_key,
        test_authentication_no_key_configured, test_api_key_from_environment, test_forbidden,
        test_not_found, test_validation, test_rate_limited, test_conflict, test_api_5xx,
        test_network_connection_refused, test_timeout, test_cancelled};
    int rc = mr_test_run("errors", names, cases, sizeof cases / sizeof cases[0]);
    mr_client_free(no_retry);
    mr_client_free(client);
    mr_test_server_stop(&server);
    return rc;
}
