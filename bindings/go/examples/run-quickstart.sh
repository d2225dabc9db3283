#!/usr/bin/env bash
# Builds examples/quickstart into a temp dir, runs it against a fresh local server, checks its
# output, and shows that the binary needs no LD_LIBRARY_PATH (libmemoryrelay is linked statically).
#   bindings/go/examples/run-quickstart.sh SERVER_BIN
set -euo pipefail
GODIR="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=../../c/server.sh
source "$GODIR/../c/server.sh"
TMP="$(mktemp -d)"
trap 'mr_server_stop 2>/dev/null || true; rm -rf "$TMP"' EXIT
(cd "$GODIR" && go build -o "$TMP/quickstart" ./examples/quickstart)
if ldd "$TMP/quickstart" | grep -q memoryrelay; then
    echo "quickstart links libmemoryrelay dynamically" >&2; exit 1
fi
mr_server_start "$1"
out="$(env -u LD_LIBRARY_PATH MEMORYRELAY_API_URL="$MR_SERVER_URL" MEMORYRELAY_API_KEY="$MR_SERVER_KEY" "$TMP/quickstart")"
echo "$out"
grep -q '^stored memory ' <<<"$out"
grep -Eq '^\[[01]\.[0-9]{2}\] The project uses PostgreSQL 16' <<<"$out"
grep -q '^Memory does not exist\.$' <<<"$out"
echo "quickstart OK"
