/*
 * No SIGPIPE from the library's sockets: a C host that keeps SIGPIPE's default disposition
 * (terminate) survives a server that answers 413 and closes while a 10 MiB body is still
 * being uploaded. Before the fix the host died of signal 13 in most runs; the library now
 * writes with MSG_NOSIGNAL (src/http/connect.rs), so the call returns an error instead.
 * The server is the harness's (body limit 1 MiB); 10 runs, each on a fresh client.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static mr_test_server server;

/* The default disposition, unblocked: whatever the parent process had set is undone. */
static void default_sigpipe(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    CHECK(sigaction(SIGPIPE, &sa, NULL) == 0, "sigaction");
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    CHECK(pthread_sigmask(SIG_UNBLOCK, &set, NULL) == 0, "pthread_sigmask");
}

/* {"agent_id":"pipe","content":"big","metadata":{"blob":"xxxx…"}} of about `size` bytes. */
static char *big_params(size_t size) {
    const char *head = "{\"agent_id\":\"pipe\",\"content\":\"big\",\"metadata\":{\"blob\":\"";
    const char *tail = "\"}}";
    size_t h = strlen(head), t = strlen(tail);
    char *p = malloc(h + size + t + 1);
    memcpy(p, head, h);
    memset(p + h, 'x', size);
    memcpy(p + h + size, tail, t + 1);
    return p;
}

static void test_413_mid_upload_does_not_kill_the_host(void) {
    default_sigpipe();
    char *params = big_params((size_t)10 * 1024 * 1024);
    long runs = mr_test_env_long("MR_SIGPIPE_RUNS", 10);
    for (long i = 0; i < runs; i++) {
        mr_client *c = mr_test_client(&server, MR_TEST_KEY, "\"max_retries\": 0");
        char *out = NULL;
        mr_status st = mr_call(c, "memories.create", params, &out);
        /* Reaching this line is the test. The answer is the 413 (API) when it was read before
         * the connection closed, else a NETWORK error. */
        CHECK(st == MR_API || st == MR_NETWORK, "run %ld: status %s; json: %s", i,
              mr_error_name(st), out ? out : "(null)");
        mr_string_free(out);
        mr_client_free(c);
    }
    free(params);
}

int main(void) {
    mr_test_server_start(&server);
    static const char *const names[] = {"413 mid-upload, SIGPIPE at its default: host survives"};
    static const mr_test_case_fn cases[] = {test_413_mid_upload_does_not_kill_the_host};
    int rc = mr_test_run("sigpipe", names, cases, sizeof cases / sizeof cases[0]);
    mr_test_server_stop(&server);
    return rc;
}
