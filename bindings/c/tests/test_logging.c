/*
 * mr_set_logger: the log events of a retried call (one injected 503, then success) reach a C
 * callback with their attempt numbers, statuses and request ids, and never the API key; a bad
 * level is refused; level 0 turns logging off.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static mr_test_server server;
static mr_client *client;

enum { MAX_EVENTS = 256 };
static struct {
    pthread_mutex_t lock;
    int count;
    int level[MAX_EVENTS];
    char *text[MAX_EVENTS]; /* "target|message|fields_json" */
} seen = {PTHREAD_MUTEX_INITIALIZER, 0, {0}, {0}};

static int tag; /* user_data must come back unchanged */

static void on_log(void *user_data, int32_t level, const char *target, const char *message,
                   const char *fields_json) {
    if (user_data != &tag) abort();
    char *text = mr_fmt("%s|%s|%s", target, message, fields_json);
    pthread_mutex_lock(&seen.lock);
    if (seen.count < MAX_EVENTS) {
        seen.level[seen.count] = level;
        seen.text[seen.count++] = text;
        text = NULL;
    }
    pthread_mutex_unlock(&seen.lock);
    free(text);
}

static void forget_events(void) {
    pthread_mutex_lock(&seen.lock);
    for (int i = 0; i < seen.count; i++) free(seen.text[i]);
    seen.count = 0;
    pthread_mutex_unlock(&seen.lock);
}

/* The first event whose text contains every needle, or -1. */
static int find_event(const char *a, const char *b, const char *c) {
    for (int i = 0; i < seen.count; i++) {
        const char *t = seen.text[i];
        if (strstr(t, a) && (!b || strstr(t, b)) && (!c || strstr(t, c))) return i;
    }
    return -1;
}

static void test_retried_call_is_logged_without_the_key(void) {
    mr_test_fault(&server, "{\"path\": \"/v1/agents\", \"method\": \"GET\", \"count\": 1, "
                           "\"action\": \"status\", \"status\": 503}");
    CHECK_STATUS(mr_set_logger(4, on_log, &tag), MR_OK, "");
    char *out = NULL;
    mr_status st = mr_call(client, "agents.list", "{}", &out);
    CHECK_STATUS(mr_set_logger(0, NULL, NULL), MR_OK, "");
    CHECK_STATUS(st, MR_OK, out);
    mr_string_free(out);
    mr_test_faults_clear(&server);

    pthread_mutex_lock(&seen.lock);
    int failed = find_event("|request failed|", "\"attempt\":1", "\"status\":503");
    int retry = find_event("|retrying request|", "\"method\":\"agents.list\"", "\"retry\":1");
    int ok = find_event("|request succeeded|", "\"attempt\":2", "\"status\":200");
    CHECK(failed >= 0, "no event for the failed first attempt (%d events)", seen.count);
    CHECK(retry >= 0, "no retry event");
    CHECK(ok >= 0, "no event for the successful second attempt");
    if (failed >= 0) {
        CHECK(seen.level[failed] == 4, "attempts are debug events: %d", seen.level[failed]);
        CHECK(strncmp(seen.text[failed], "memoryrelay|", 12) == 0, "target: %s", seen.text[failed]);
        CHECK(strstr(seen.text[failed], "\"request_id\":\"req_") != NULL, "%s", seen.text[failed]);
    }
    if (retry >= 0) CHECK(seen.level[retry] == 3, "retries are info events: %d", seen.level[retry]);
    if (ok >= 0) CHECK(strstr(seen.text[ok], "\"request_id\":\"req_") != NULL, "%s", seen.text[ok]);
    for (int i = 0; i < seen.count; i++)
        CHECK(strstr(seen.text[i], MR_TEST_KEY) == NULL, "the API key leaked: %s", seen.text[i]);
    pthread_mutex_unlock(&seen.lock);
    forget_events();
}

static void test_off_and_bad_levels(void) {
    CHECK_STATUS(mr_set_logger(6, on_log, &tag), MR_INVALID_ARGUMENT, "");
    CHECK_STATUS(mr_set_logger(-1, on_log, &tag), MR_INVALID_ARGUMENT, "");
    /* Level 0 with a callback: nothing is delivered. */
    CHECK_STATUS(mr_set_logger(0, on_log, &tag), MR_OK, "");
    char *out = NULL;
    CHECK_STATUS(mr_call(client, "agents.list", "{}", &out), MR_OK, out);
    mr_string_free(out);
    CHECK(seen.count == 0, "%d events while off", seen.count);
    CHECK_STATUS(mr_set_logger(0, NULL, NULL), MR_OK, "");
}

int main(void) {
    mr_test_server_start(&server);
    client = mr_test_client(&server, MR_TEST_KEY, NULL);
    static const char *const names[] = {"retried call logged, key never", "off and bad levels"};
    static const mr_test_case_fn cases[] = {test_retried_call_is_logged_without_the_key,
                                            test_off_and_bad_levels};
    int rc = mr_test_run("logging", names, cases, sizeof cases / sizeof cases[0]);
    mr_client_free(client);
    mr_test_server_stop(&server);
    forget_events();
    return rc;
}
