#!/usr/bin/env bash
# Installs what the C ABI checks need, only when missing: cmake, ninja, a C/C++ compiler,
# GoogleTest, valgrind, pkg-config (Debian packages) and cbindgen 0.29 (cargo, into the shared
# tool cache /var/cache/memoryrelay/tools, reused when present). Called by .ci/run.
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have cmake || need+=(cmake)
have ninja || need+=(ninja-build)
have cc || need+=(gcc)
have c++ || need+=(g++)
have valgrind || need+=(valgrind)
have pkg-config || need+=(pkg-config)
have python3 || need+=(python3)
[[ -f /usr/include/gtest/gtest.h ]] || need+=(libgtest-dev)
if [[ ${#need[@]} -gt 0 ]]; then
    echo "installing: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
bash "$(dirname "$0")/cbindgen-path.sh" >/dev/null
