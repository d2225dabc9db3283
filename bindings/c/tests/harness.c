/* Test harness implementation: see harness.h. POSIX only (fork/exec, sockets). */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int mr_test_checks = 0;
int mr_test_failed_checks = 0;

static void die(const char *what) {
    fprintf(stderr, "harness: %s\n", what);
    exit(2);
}

char *mr_fmt(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = (char *)malloc((size_t)n + 1);
    if (!s) die("out of memory");
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

long mr_test_env_long(const char *name, long fallback) {
    const char *v = getenv(name);
    if (!v || !*v) return fallback;
    char *end;
    long n = strtol(v, &end, 10);
    return (*end == '\0' && n > 0) ? n : fallback;
}

void mr_test_fail(const char *file, int line, const char *expr, const char *fmt, ...) {
    mr_test_failed_checks++;
    fprintf(stderr, "%s:%d: CHECK(%s) failed: ", file, line, expr);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int mr_test_run(const char *suite, const char *const *names, const mr_test_case_fn *cases,
                size_t count) {
    int passed = 0, failed = 0;
    for (size_t i = 0; i < count; i++) {
        int before = mr_test_failed_checks;
        cases[i]();
        int ok = mr_test_failed_checks == before;
        printf("[%s] %s: %s\n", ok ? " OK " : "FAIL", suite, names[i]);
        fflush(stdout);
        if (ok) passed++; else failed++;
    }
    printf("%s: %d checks\n", suite, mr_test_checks);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

/* ---- server process ---------------------------------------------------------------------- */

void mr_test_server_start(mr_test_server *server) {
    const char *bin = getenv("MR_SERVER_BIN");
    if (!bin || !*bin) die("MR_SERVER_BIN is not set");
    int in_pipe[2], out_pipe[2];
    if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0) die("pipe failed");
    pid_t pid = fork();
    if (pid < 0) die("fork failed");
    if (pid == 0) {
        dup2(in_pipe[0], 0);
        dup2(out_pipe[1], 1);
        close(in_pipe[0]);
        close(in_pipe[1]);
        close(out_pipe[0]);
        close(out_pipe[1]);
        char *const argv[] = {(char *)bin, "--port", "0", "--ready-json", "--db", ":memory:",
                              "--enable-fault-injection", "--exit-on-stdin-close",
                              "--api-key", MR_TEST_KEY, "--api-key", MR_TEST_KEY2, NULL};
        execv(bin, argv);
        _exit(127);
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    server->pid = (int)pid;
    server->stdin_fd = in_pipe[1];

    /* Read the one ready line ({"url":...,"api_keys":[...]}), with a deadline. */
    char line[1024];
    size_t len = 0;
    struct pollfd pfd = {out_pipe[0], POLLIN, 0};
    while (len < sizeof line - 1) {
        if (poll(&pfd, 1, 30000) <= 0) die("server did not become ready within 30 s");
        ssize_t n = read(out_pipe[0], line + len, 1);
        if (n <= 0) die("server exited before printing its ready line");
        if (line[len] == '\n') break;
        len++;
    }
    line[len] = '\0';
    /* stdout carries nothing after the ready line, by contract; closing our end is safe. */
    close(out_pipe[0]);
    char *url = mr_json_get(line, "url");
    if (!url || strlen(url) >= sizeof server->url) die("no url in the ready line");
    strcpy(server->url, url);
    free(url);
    const char *colon = strrchr(server->url, ':');
    server->port = colon ? atoi(colon + 1) : 0;
    if (server->port <= 0) die("cannot parse the server port");
}

void mr_test_server_stop(mr_test_server *server) {
    if (server->pid <= 0) return;
    close(server->stdin_fd);
    for (int i = 0; i < 100; i++) { /* up to 5 s for a graceful exit */
        if (waitpid((pid_t)server->pid, NULL, WNOHANG) == (pid_t)server->pid) {
            server->pid = 0;
            return;
        }
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    kill((pid_t)server->pid, SIGTERM);
    waitpid((pid_t)server->pid, NULL, 0);
    server->pid = 0;
}

int mr_test_closed_port(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof addr;
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &alen) != 0)
        die("cannot bind a probe socket");
    int port = ntohs(addr.sin_port);
    close(fd); /* bound but never listened: nothing accepts on this port now */
    return port;
}

int mr_test_http(const mr_test_server *server, const char *method, const char *path,
                 const char *body) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)server->port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    char *req = mr_fmt("%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\n"
                       "Content-Type: application/json\r\nContent-Length: %zu\r\n"
                       "Connection: close\r\n\r\n%s",
                       method, path, server->port, MR_TEST_KEY, body ? strlen(body) : 0,
                       body ? body : "");
    size_t off = 0, total = strlen(req);
    while (off < total) {
        ssize_t n = write(fd, req + off, total - off);
        if (n <= 0) break;
        off += (size_t)n;
    }
    free(req);
    char buf[64] = {0};
    size_t got = 0;
    while (got < sizeof buf - 1) {
        ssize_t n = read(fd, buf + got, sizeof buf - 1 - got);
        if (n <= 0) break;
        got += (size_t)n;
        if (memchr(buf, '\n', got)) break;
    }
    close(fd);
    int status = -1;
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1) return -1;
    return status;
}

void mr_test_fault(const mr_test_server *server, const char *rule_json) {
    int status = mr_test_http(server, "POST", "/__faults", rule_json);
    CHECK(status == 201, "POST /__faults %s answered %d", rule_json, status);
}

void mr_test_faults_clear(const mr_test_server *server) {
    int status = mr_test_http(server, "DELETE", "/__faults", NULL);
    CHECK(status == 204, "DELETE /__faults answered %d", status);
}

mr_client *mr_test_client(const mr_test_server *server, const char *key, const char *extra) {
    char *config = mr_fmt("{\"api_key\": \"%s\", \"base_url\": \"%s\"%s%s}", key, server->url,
                          extra ? ", " : "", extra ? extra : "");
    mr_client *client = NULL;
    char *err = NULL;
    mr_status st = mr_client_new(config, &client, &err);
    if (st != MR_OK) {
        fprintf(stderr, "mr_client_new(%s) failed: %s\n", config, err ? err : "");
        exit(2);
    }
    free(config);
    return client;
}

/* ---- minimal JSON path reader ------------------------------------------------------------ */

static const char *skip_ws(const char *p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

/* Returns the end of the value starting at p, or NULL on malformed input. */
static const char *skip_value(const char *p) {
    p = skip_ws(p);
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++)
            if (*p == '\\' && p[1]) p++;
        return *p == '"' ? p + 1 : NULL;
    }
    if (*p == '{' || *p == '[') {
        char close = *p == '{' ? '}' : ']';
        p = skip_ws(p + 1);
        if (*p == close) return p + 1;
        for (;;) {
            if (close == '}') {
                p = skip_value(p); /* key */
                if (!p) return NULL;
                p = skip_ws(p);
                if (*p != ':') return NULL;
                p++;
            }
            p = skip_value(p);
            if (!p) return NULL;
            p = skip_ws(p);
            if (*p == ',') { p++; continue; }
            return *p == close ? p + 1 : NULL;
        }
    }
    const char *start = p;
    while (*p && !strchr(",}] \t\r\n", *p)) p++;
    return p > start ? p : NULL;
}

/* Finds the member `key` (length n) of the object at p; returns its value's start or NULL. */
static const char *object_member(const char *p, const char *key, size_t n) {
    p = skip_ws(p);
    if (*p != '{') return NULL;
    p = skip_ws(p + 1);
    while (*p == '"') {
        const char *kstart = p + 1;
        const char *kend = skip_value(p);
        if (!kend) return NULL;
        p = skip_ws(kend);
        if (*p != ':') return NULL;
        const char *value = skip_ws(p + 1);
        if ((size_t)(kend - 1 - kstart) == n && memcmp(kstart, key, n) == 0) return value;
        p = skip_value(value);
        if (!p) return NULL;
        p = skip_ws(p);
        if (*p == ',') p = skip_ws(p + 1);
    }
    return NULL;
}

static const char *array_element(const char *p, long index) {
    p = skip_ws(p);
    if (*p != '[') return NULL;
    p = skip_ws(p + 1);
    for (long i = 0; *p && *p != ']'; i++) {
        if (i == index) return p;
        p = skip_value(p);
        if (!p) return NULL;
        p = skip_ws(p);
        if (*p == ',') p = skip_ws(p + 1);
    }
    return NULL;
}

char *mr_json_get(const char *json, const char *path) {
    if (!json) return NULL;
    const char *p = json;
    while (*path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        char *endnum;
        long index = strtol(path, &endnum, 10);
        if (endnum == path + n && n > 0 && *skip_ws(p) == '[')
            p = array_element(p, index);
        else
            p = object_member(p, path, n);
        if (!p) return NULL;
        path += n;
        if (*path == '.') path++;
    }
    const char *end = skip_value(p);
    if (!end) return NULL;
    if (*p == '"') { /* unquote, decoding the simple escapes */
        char *out = (char *)malloc((size_t)(end - p));
        size_t o = 0;
        for (const char *q = p + 1; q < end - 1; q++) {
            if (*q == '\\' && q + 1 < end - 1) {
                q++;
                switch (*q) {
                case 'n': out[o++] = '\n'; break;
                case 't': out[o++] = '\t'; break;
                case 'r': out[o++] = '\r'; break;
                default: out[o++] = *q; break; /* \" \\ \/ (and \u kept as 'u') */
                }
            } else {
                out[o++] = *q;
            }
        }
        out[o] = '\0';
        return out;
    }
    size_t len = (size_t)(end - p);
    char *out = (char *)malloc(len + 1);
    memcpy(out, p, len);
    out[len] = '\0';
    return out;
}

int mr_json_eq(const char *json, const char *path, const char *expected) {
    char *v = mr_json_get(json, path);
    int eq = v && strcmp(v, expected) == 0;
    free(v);
    return eq;
}

long long mr_json_int(const char *json, const char *path) {
    char *v = mr_json_get(json, path);
    if (!v) return LLONG_MIN;
    char *end;
    long long n = strtoll(v, &end, 10);
    int ok = *v && *end == '\0';
    free(v);
    return ok ? n : LLONG_MIN;
}
