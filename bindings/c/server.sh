# Sourced helper: starts the local server in the background for shell-driven checks.
#   mr_server_start BIN      sets MR_SERVER_URL, MR_SERVER_KEY; the server stops when
#   mr_server_stop           closes its stdin (it runs with --exit-on-stdin-close).
MR_SERVER_KEY="mem_c_install_test_key_000000000001"
mr_server_start() {
    coproc MR_SERVER { exec "$1" --port 0 --ready-json --db :memory: --exit-on-stdin-close \
        --api-key "$MR_SERVER_KEY" 2>/dev/null; }
    local line
    if ! IFS= read -r -t 30 line <&"${MR_SERVER[0]}"; then
        echo "server did not start" >&2
        return 1
    fi
    MR_SERVER_URL="$(sed -E 's/.*"url" *: *"([^"]+)".*/\1/' <<<"$line")"
    export MR_SERVER_URL MR_SERVER_KEY
}
mr_server_stop() {
    local pid="$MR_SERVER_PID"
    exec {MR_SERVER[1]}>&-
    wait "$pid" 2>/dev/null || true
}
