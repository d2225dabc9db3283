#!/usr/bin/env bash
# Fails when include/memoryrelay.h is not what cbindgen generates from the current ffi/src/c_abi/.
# Fix: bash scripts/gen-header.sh, then commit the header.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! bash scripts/gen-header.sh --verify; then
    echo "include/memoryrelay.h is stale: run scripts/gen-header.sh and commit the result" >&2
    exit 1
fi
echo "include/memoryrelay.h is up to date"
