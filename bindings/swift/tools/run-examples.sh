#!/usr/bin/env bash
# Runs the built examples (quickstart, flows) against a fresh local server, each with its own
# account, the key and URL given through the environment as a user would.
#   tools/run-examples.sh <dir with the example binaries>
set -euo pipefail
BIN="$1"
SERVER="${MEMORYRELAY_SERVER_BIN:?set MEMORYRELAY_SERVER_BIN}"
keys=(mem_example_quickstart_$RANDOM$RANDOM mem_example_flows_$RANDOM$RANDOM)

# The server exits when its stdin (our coprocess pipe) closes, also if this script dies.
coproc SRV { exec "$SERVER" --port 0 --ready-json --db :memory: --exit-on-stdin-close \
  --api-key "${keys[0]}" --api-key "${keys[1]}"; }
srv_pid=$SRV_PID
trap 'exec {SRV[1]}>&- 2>/dev/null || true; wait "$srv_pid" 2>/dev/null || true' EXIT
read -r ready <&"${SRV[0]}"
url="$(sed -E 's/.*"url":"([^"]+)".*/\1/' <<<"$ready")"

run() {  # name key expected-output-line
  echo "-- $1"
  out="$(MEMORYRELAY_API_URL="$url" MEMORYRELAY_API_KEY="$2" "$BIN/$1")"
  echo "$out"
  grep -qF -- "$3" <<<"$out" || { echo "$1: expected a line with '$3'" >&2; exit 1; }
}
run quickstart "${keys[0]}" "Memory does not exist."
grep -qF "] The project uses PostgreSQL 16" <<<"$out" || { echo "quickstart: no search hit printed" >&2; exit 1; }
run flows "${keys[1]}" "5 memories"
