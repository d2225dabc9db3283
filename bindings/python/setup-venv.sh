#!/usr/bin/env bash
# Creates (or reuses) the Python venv the Python tests and the benchmark use, and prints its path.
# Cached under /var/cache/memoryrelay when that directory exists (CI machines keep it between
# runs), else under target/; $MEMORYRELAY_PY_VENV overrides both. Re-installs only when this
# file's requirement list changes.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -n "${MEMORYRELAY_PY_VENV:-}" ]; then
    venv="$MEMORYRELAY_PY_VENV"
elif [ -d /var/cache/memoryrelay ] && [ -w /var/cache/memoryrelay ]; then
    venv=/var/cache/memoryrelay/py-venv
else
    venv="$PWD/target/py-venv"
fi
requirements="maturin>=1.9,<2 pytest>=7 mypy>=1.8 pydantic>=2.5,<3 typing-extensions>=4.6"
stamp="$venv/.memoryrelay-requirements"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" >&2
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$requirements" ]; then
    # shellcheck disable=SC2086 # the list is split on purpose
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check $requirements >&2
    echo "$requirements" >"$stamp"
fi
echo "$venv"
