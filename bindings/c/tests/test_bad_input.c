/*
 * Bad input at the boundary: NULL pointers, bytes that are not UTF-8, malformed JSON, a JSON
 * array where an object is expected, an unknown method, a param of the wrong type, a missing
 * required param, bad client options. Each must return MR_INVALID_ARGUMENT with a message that
 * names the problem, and never crash or leak (this suite runs under valgrind in CI).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static mr_test_server server;
static mr_client *client;

/* Calls mr_call and checks INVALID_ARGUMENT plus a message containing `needle`. */
static void expect_invalid(const mr_client *c, const char *method, const char *params,
                           const char *needle) {
    char *out = NULL;
    mr_status st = mr_call(c, method, params, &out);
    CHECK_STATUS(st, MR_INVALID_ARGUMENT, out);
    CHECK(out != NULL, "an error document is always returned");
    char *message = mr_json_get(out, "error.message");
    CHECK(message && strstr(message, needle), "message should mention '%s': %s", needle,
          out ? out : "(null)");
    CHECK(mr_json_eq(out, "error.kind", "invalid_argument"), "%s", out ? out : "(null)");
    free(message);
    mr_string_free(out);
}

static void test_null_client(void) { expect_invalid(NULL, "agents.list", "{}", "client"); }

static void test_null_client_named_function(void) {
    char *out = NULL;
    mr_status st = mr_agents_list(NULL, "{}", &out);
    CHECK_STATUS(st, MR_INVALID_ARGUMENT, out);
    char *message = mr_json_get(out, "error.message");
    CHECK(message && strstr(message, "client"), "%s", out);
    free(message);
    mr_string_free(out);
}

static void test_null_method(void) { expect_invalid(client, NULL, "{}", "method"); }

static void test_null_out_pointer(void) {
    CHECK(mr_call(client, "agents.list", "{}", NULL) == MR_INVALID_ARGUMENT, "mr_call");
    CHECK(mr_agents_list(client, "{}", NULL) == MR_INVALID_ARGUMENT, "named function");
    mr_client *c = NULL;
    char *err = NULL;
    CHECK(mr_client_new("{}", NULL, &err) == MR_INVALID_ARGUMENT && err == NULL, "out_client");
    CHECK(mr_client_new("{}", &c, NULL) == MR_INVALID_ARGUMENT && c == NULL, "out_error_json");
}

static void test_method_not_utf8(void) {
    expect_invalid(client, "agents.\xff\xfelist", "{}", "method is not valid UTF-8");
}

static void test_params_not_utf8(void) {
    expect_invalid(client, "agents.create", "{\"name\": \"\xc3\x28\"}", "params_json is not valid UTF-8");
}

static void test_params_truncated_json(void) {
    expect_invalid(client, "agents.list", "{", "params_json is not valid JSON");
}

static void test_params_array(void) {
    expect_invalid(client, "agents.list", "[1, 2]", "object");
}

static void test_params_empty_string(void) {
    expect_invalid(client, "agents.list", "", "params_json is not valid JSON");
}

static void test_unknown_method(void) {
    expect_invalid(client, "memories.frobnicate", "{}", "memories.frobnicate");
}

static void test_wrong_param_type(void) {
    expect_invalid(client, "memories.get", "{\"memory_id\": 42}", "memory_id");
}

static void test_wrong_param_type_limit(void) {
    expect_invalid(client, "agents.list", "{\"limit\": \"ten\"}", "limit");
}

static void test_missing_required_param(void) {
    expect_invalid(client, "memories.create", "{\"content\": \"no agent\"}", "agent_id");
}

static void test_unknown_param(void) {
    expect_invalid(client, "memories.get", "{\"memory_id\": \"x\", \"bogus\": 1}", "bogus");
}

static void test_null_params_means_empty_object(void) {
    char *out = NULL;
    mr_status st = mr_call(client, "agents.list", NULL, &out);
    CHECK_STATUS(st, MR_OK, out);
    mr_string_free(out);
    out = NULL;
    st = mr_call(client, "agents.list", "null", &out);
    CHECK_STATUS(st, MR_OK, out);
    mr_string_free(out);
}

static void expect_bad_config(const char *config, const char *needle) {
    mr_client *c = (mr_client *)0x1;
    char *err = NULL;
    mr_status st = mr_client_new(config, &c, &err);
    CHECK_STATUS(st, MR_INVALID_ARGUMENT, err);
    CHECK(c == NULL, "out_client is NULL on failure");
    char *message = mr_json_get(err, "error.message");
    CHECK(message && strstr(message, needle), "message should mention '%s': %s", needle,
          err ? err : "(null)");
    free(message);
    mr_string_free(err);
}

static void test_bad_configs(void) {
    expect_bad_config("{", "config_json is not valid JSON");
    expect_bad_config("[]", "object");
    expect_bad_config("{\"api_key\": \"k\", \"\xff\": 1}", "config_json is not valid UTF-8");
    expect_bad_config("{\"api_key\": \"k\", \"colour\": \"blue\"}", "colour");
    expect_bad_config("{\"api_key\": \"k\", \"timeout\": \"soon\"}", "timeout");
    /* The deprecated 0.1 spelling is still checked, and both spellings at once are refused. */
    expect_bad_config("{\"api_key\": \"k\", \"timeout_ms\": \"soon\"}", "timeout_ms");
    expect_bad_config("{\"api_key\": \"k\", \"timeout\": 1, \"timeout_ms\": 1000}", "not both");
    expect_bad_config("{\"api_key\": \"k\", \"max_retries\": 11}", "max_retries");
    expect_bad_config("{\"api_key\": \"k\", \"base_url\": \"not a url\"}", "base_url");
}

static int async_calls;
static mr_status async_status;
static uint64_t async_id;
static void on_done(void *user_data, uint64_t id, mr_status status, char *json) {
    (void)user_data;
    async_calls++;
    async_status = status;
    async_id = id;
    mr_string_free(json);
}

static void test_async_bad_input_invokes_callback_once(void) {
    async_calls = 0;
    uint64_t id = mr_call_async(NULL, "agents.list", "{}", on_done, NULL);
    CHECK(id == 0 && async_calls == 1 && async_status == MR_INVALID_ARGUMENT && async_id == 0,
          "NULL client: id %llu calls %d", (unsigned long long)id, async_calls);
    async_calls = 0;
    id = mr_call_async(client, "agents.list", "{", on_done, NULL);
    CHECK(id == 0 && async_calls == 1 && async_status == MR_INVALID_ARGUMENT, "bad JSON");
    async_calls = 0;
    id = mr_call_async(client, NULL, "{}", on_done, NULL);
    CHECK(id == 0 && async_calls == 1 && async_status == MR_INVALID_ARGUMENT, "NULL method");
    CHECK(mr_call_async(client, "agents.list", "{}", NULL, NULL) == 0, "NULL callback");
}

static void test_null_safe_frees_and_names(void) {
    mr_string_free(NULL);
    mr_client_free(NULL);
    CHECK(mr_cancel(NULL, 1) == MR_INVALID_ARGUMENT, "mr_cancel NULL client");
    CHECK(mr_cancel(client, 999999) == MR_NOT_FOUND, "unknown request id");
    CHECK(strcmp(mr_error_name(-1), "UNKNOWN") == 0, "negative code");
    CHECK(strcmp(mr_error_name(13), "UNKNOWN") == 0, "code past the end");
    CHECK(strcmp(mr_error_name(MR_INTERNAL), "INTERNAL") == 0, "INTERNAL");
    CHECK(strcmp(mr_error_name(MR_OK), "OK") == 0, "OK");
}

int main(void) {
    mr_test_server_start(&server);
    client = mr_test_client(&server, MR_TEST_KEY, NULL);
    static const char *const names[] = {
        "NULL client", "NULL client (named function)", "NULL method", "NULL out pointers",
        "method not UTF-8", "params not UTF-8", "params \"{\"", "params is an array",
        "params empty string", "unknown method", "param of the wrong type (string)",
        "param of the wrong type (integer)", "missing required param", "unknown param",
        "NULL or null params mean {}", "bad client configs",
        "async bad input: callback once, id 0", "NULL-safe frees, mr_cancel, mr_error_name"};
    static const mr_test_case_fn cases[] = {
        test_null_client, test_null_client_named_function, test_null_method,
        test_null_out_pointer, test_method_not_utf8, test_params_not_utf8,
        test_params_truncated_json, test_params_array, test_params_empty_string,
        test_unknown_method, test_wrong_param_type, test_wrong_param_type_limit,
        test_missing_required_param, test_unknown_param, test_null_params_means_empty_object,
        test_bad_configs, test_async_bad_input_invokes_callback_once,
        test_null_safe_frees_and_names};
    int rc = mr_test_run("bad_input", names, cases, sizeof cases / sizeof cases[0]);
    mr_client_free(client);
    mr_test_server_stop(&server);
    return rc;
}
