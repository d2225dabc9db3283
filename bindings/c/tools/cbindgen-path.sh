#!/usr/bin/env bash
# Prints the path of a cbindgen 0.29.x, installing it into the shared tool cache if absent.
set -euo pipefail
TOOLS=/var/cache/memoryrelay/tools
if [[ -n "${CBINDGEN:-}" ]]; then echo "$CBINDGEN"; exit 0; fi
if [[ -x "$TOOLS/bin/cbindgen" ]]; then echo "$TOOLS/bin/cbindgen"; exit 0; fi
if command -v cbindgen >/dev/null && cbindgen --version | grep -q ' 0\.29\.'; then
    command -v cbindgen; exit 0
fi
echo "installing cbindgen 0.29 into $TOOLS" >&2
mkdir -p "$TOOLS"
cargo install cbindgen --locked --version '~0.29' --root "$TOOLS" >&2
echo "$TOOLS/bin/cbindgen"
