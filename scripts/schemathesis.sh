#!/usr/bin/env bash
# Property-based check of the server against its own OpenAPI document: schemathesis (PyPI)
# fetches GET /openapi.json from a local debug server and runs its default checks (no 5xx,
# status codes, content types, headers and bodies as documented) on every operation.
# Bounded: --max-examples per operation and a hard time limit ($SCHEMATHESIS_SECONDS, 180).
#
#   bash scripts/schemathesis.sh [extra schemathesis args]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

# schemathesis in its own cached venv (re-installed only when the pin changes).
if [ -d /var/cache/memoryrelay ] && [ -w /var/cache/memoryrelay ]; then
    venv=/var/cache/memoryrelay/schemathesis-venv
else
    venv="$ROOT/target/schemathesis-venv"
fi
requirement="schemathesis==4.32.5"
if [ ! -x "$venv/bin/st" ] || [ "$(cat "$venv/.memoryrelay-requirement" 2>/dev/null)" != "$requirement" ]; then
    python3 -m venv "$venv" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$requirement" >&2
    echo "$requirement" >"$venv/.memoryrelay-requirement"
fi

cargo build -q -p memoryrelay-server --bin memoryrelay-server
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
# shellcheck source=bindings/c/server.sh
source bindings/c/server.sh
mr_server_start "$TARGET/debug/memoryrelay-server"
trap mr_server_stop EXIT

work="$(mktemp -d)"
trap 'mr_server_stop; rm -rf "$work"' EXIT
# The document as the server serves it, with no key (§1.2: only health and the document are open).
"$venv/bin/python" - "$MR_SERVER_URL/openapi.json" "$work/openapi.json" <<'PY'
import sys
import urllib.error
import urllib.request

try:
    with urllib.request.urlopen(sys.argv[1], timeout=30) as resp:
        open(sys.argv[2], "wb").write(resp.read())
except urllib.error.HTTPError as e:
    sys.exit(f"GET /openapi.json without a key answered {e.code}, want 200")
PY

# From the temporary directory: schemathesis keeps its example database in the working directory.
cd "$work"
timeout --signal=INT "${SCHEMATHESIS_SECONDS:-180}" "$venv/bin/st" \
    --config-file "$ROOT/scripts/schemathesis.toml" run "$work/openapi.json" \
    --url "$MR_SERVER_URL" \
    --header "Authorization: Bearer $MR_SERVER_KEY" \
    --max-examples "${SCHEMATHESIS_EXAMPLES:-20}" \
    --seed 1 \
    --no-color \
    "$@"
