/*
 * Asynchronous calls: many concurrent mr_call_async completing through callbacks on worker
 * threads, callback JSON ownership, cancellation (in flight, already finished, unknown id),
 * chaining an async call from a callback, mr_call refused inside a callback, and mr_client_free
 * with calls in flight (each callback runs, with MR_CANCELLED, before mr_client_free returns).
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static mr_test_server server;
static mr_client *client;

/* A countdown of expected callbacks, with per-status counts. */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int remaining;
    int by_status[16];
    int wrong_id;
    pthread_t caller;
    int on_caller_thread;
} waiter;

static void waiter_init(waiter *w, int expected) {
    memset(w, 0, sizeof *w);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
    w->remaining = expected;
    w->caller = pthread_self();
}

static void waiter_wait(waiter *w) {
    pthread_mutex_lock(&w->lock);
    while (w->remaining > 0) pthread_cond_wait(&w->cond, &w->lock);
    pthread_mutex_unlock(&w->lock);
}

static void waiter_destroy(waiter *w) {
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cond);
}

static void count_cb(void *user_data, uint64_t id, mr_status status, char *json) {
    waiter *w = (waiter *)user_data;
    int valid = (status == MR_OK) ? (json && json[0] == '{') : (mr_json_int(json, "error.code") == status);
    mr_string_free(json);
    pthread_mutex_lock(&w->lock);
    if (status >= 0 && status < 16) w->by_status[status]++;
    if (id == 0 || !valid) w->wrong_id++;
    if (pthread_equal(pthread_self(), w->caller)) w->on_caller_thread++;
    w->remaining--;
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

static void test_many_concurrent_async_calls(void) {
    int n = (int)mr_test_env_long("MR_ASYNC_CALLS", 200);
    waiter w;
    waiter_init(&w, n);
    for (int i = 0; i < n; i++) {
        uint64_t id = mr_call_async(client, "agents.list", "{\"limit\": 1}", count_cb, &w);
        CHECK(id > 0, "call %d not started", i);
    }
    waiter_wait(&w);
    CHECK(w.by_status[MR_OK] == n, "%d of %d succeeded", w.by_status[MR_OK], n);
    CHECK(w.wrong_id == 0, "%d callbacks with a bad id or JSON", w.wrong_id);
    CHECK(w.on_caller_thread == 0, "callbacks run on worker threads, not the caller's");
    waiter_destroy(&w);
}

static void test_async_errors_come_through_the_callback(void) {
    waiter w;
    waiter_init(&w, 2);
    CHECK(mr_call_async(client, "memories.nope", "{}", count_cb, &w) > 0, "started");
    CHECK(mr_call_async(client, "memories.get", "{\"memory_id\": \"7b1e0a4e-1c1f-4c38-9a59-0d7a1f2b3c4d\"}",
                        count_cb, &w) > 0, "started");
    waiter_wait(&w);
    CHECK(w.by_status[MR_INVALID_ARGUMENT] == 1 && w.by_status[MR_NOT_FOUND] == 1,
          "invalid %d not_found %d", w.by_status[MR_INVALID_ARGUMENT], w.by_status[MR_NOT_FOUND]);
    waiter_destroy(&w);
}

static void test_cancel_in_flight_and_after_completion(void) {
    mr_test_fault(&server, "{\"path\": \"/v1/agents\", \"method\": \"GET\", \"action\": \"delay\", \"delay_ms\": 4000, \"count\": 3}");
    waiter w;
    waiter_init(&w, 3);
    uint64_t ids[3];
    for (int i = 0; i < 3; i++) ids[i] = mr_call_async(client, "agents.list", "{}", count_cb, &w);
    for (int i = 0; i < 3; i++) CHECK(mr_cancel(client, ids[i]) == MR_OK, "cancel %d", i);
    waiter_wait(&w);
    CHECK(w.by_status[MR_CANCELLED] == 3, "%d cancelled", w.by_status[MR_CANCELLED]);
    for (int i = 0; i < 3; i++) CHECK(mr_cancel(client, ids[i]) == MR_NOT_FOUND, "again %d", i);
    waiter_destroy(&w);
    mr_test_faults_clear(&server);

    waiter_init(&w, 1);
    uint64_t id = mr_call_async(client, "agents.list", "{}", count_cb, &w);
    waiter_wait(&w);
    CHECK(w.by_status[MR_OK] == 1, "completed");
    CHECK(mr_cancel(client, id) == MR_NOT_FOUND, "completed call cannot be cancelled");
    waiter_destroy(&w);
}

/* A callback that starts another async call and tries a synchronous one (refused). */
typedef struct {
    waiter *w;
    mr_status sync_status;
    int chained;
} chain_ctx;

static chain_ctx chain;

static void chained_cb(void *user_data, uint64_t id, mr_status status, char *json) {
    count_cb(user_data, id, status, json);
}

static void first_cb(void *user_data, uint64_t id, mr_status status, char *json) {
    chain_ctx *ctx = (chain_ctx *)user_data;
    mr_string_free(json);
    (void)id;
    (void)status;
    char *out = NULL;
    ctx->sync_status = mr_call(client, "agents.list", "{}", &out);
    mr_string_free(out);
    ctx->chained = mr_call_async(client, "agents.list", "{}", chained_cb, ctx->w) > 0;
}

static void test_callbacks_can_chain_async_but_not_block(void) {
    waiter w;
    waiter_init(&w, 1);
    chain.w = &w;
    chain.sync_status = MR_OK;
    chain.chained = 0;
    CHECK(mr_call_async(client, "agents.list", "{}", first_cb, &chain) > 0, "started");
    waiter_wait(&w);
    CHECK(chain.chained, "async call started from a callback");
    CHECK(chain.sync_status == MR_INVALID_ARGUMENT, "mr_call inside a callback: %s",
          mr_error_name(chain.sync_status));
    CHECK(w.by_status[MR_OK] == 1, "chained call completed");
    waiter_destroy(&w);
}

static void test_free_with_calls_in_flight(void) {
    mr_client *c = mr_test_client(&server, MR_TEST_KEY, NULL);
    mr_test_fault(&server, "{\"path\": \"/v1/agents\", \"method\": \"GET\", \"action\": \"delay\", \"delay_ms\": 4000, \"count\": 4}");
    waiter w;
    waiter_init(&w, 4);
    for (int i = 0; i < 4; i++) CHECK(mr_call_async(c, "agents.list", "{}", count_cb, &w) > 0, "started");
    mr_client_free(c);
    /* No waiting: mr_client_free returns only after every callback has returned. */
    pthread_mutex_lock(&w.lock);
    int remaining = w.remaining;
    int cancelled = w.by_status[MR_CANCELLED];
    pthread_mutex_unlock(&w.lock);
    CHECK(remaining == 0, "%d callbacks still pending after mr_client_free", remaining);
    CHECK(cancelled == 4, "%d cancelled", cancelled);
    waiter_destroy(&w);
    mr_test_faults_clear(&server);
}

/* mr_client_free called from inside a callback: returns at once, the other in-flight call is
 * cancelled, and the handle is released on a helper thread after the callback returns. */
typedef struct {
    mr_client *client;
    waiter *w;
} free_ctx;

static void free_from_callback_cb(void *user_data, uint64_t id, mr_status status, char *json) {
    free_ctx *ctx = (free_ctx *)user_data;
    mr_client_free(ctx->client);
    count_cb(ctx->w, id, status, json);
}

static void test_free_from_inside_a_callback(void) {
    free_ctx ctx;
    waiter w;
    waiter_init(&w, 2);
    ctx.client = mr_test_client(&server, MR_TEST_KEY, NULL);
    ctx.w = &w;
    mr_test_fault(&server, "{\"path\": \"/v1/agents\", \"method\": \"GET\", \"action\": \"delay\", \"delay_ms\": 4000}");
    CHECK(mr_call_async(ctx.client, "agents.list", "{}", count_cb, &w) > 0, "slow call started");
    CHECK(mr_call_async(ctx.client, "agents.get", "{\"agent_id\": \"nobody\"}",
                        free_from_callback_cb, &ctx) > 0,
          "fast call started");
    waiter_wait(&w);
    CHECK(w.by_status[MR_CANCELLED] == 1, "slow call cancelled by the free: %d", w.by_status[MR_CANCELLED]);
    CHECK(w.by_status[MR_NOT_FOUND] == 1, "fast call completed: %d", w.by_status[MR_NOT_FOUND]);
    waiter_destroy(&w);
    mr_test_faults_clear(&server);
    /* Give the helper thread time to drop the runtime before the process moves on. */
    struct timespec ts = {0, 300 * 1000 * 1000};
    nanosleep(&ts, NULL);
}

int main(void) {
    mr_test_server_start(&server);
    client = mr_test_client(&server, MR_TEST_KEY, NULL);
    static const char *const names[] = {
        "many concurrent async calls", "async errors come through the callback",
        "cancel in flight, after completion, twice", "callbacks chain async calls, cannot block",
        "mr_client_free with calls in flight", "mr_client_free from inside a callback"};
    static const mr_test_case_fn cases[] = {
        test_many_concurrent_async_calls, test_async_errors_come_through_the_callback,
        test_cancel_in_flight_and_after_completion, test_callbacks_can_chain_async_but_not_block,
        test_free_with_calls_in_flight, test_free_from_inside_a_callback};
    int rc = mr_test_run("async", names, cases, sizeof cases / sizeof cases[0]);
    mr_client_free(client);
    mr_test_server_stop(&server);
    return rc;
}
