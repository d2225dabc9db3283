#!/usr/bin/env bash
# Scale benchmark of memoryrelay-server on both storage backends (server/benches/scale/):
# ingest rate, search p50/p99, PostgreSQL recall@10 against exact search, and search
# throughput (SQLite read connections vs one connection; PostgreSQL 1 vs 3 replicas), written
# to server/benches/SCALE-REPORT.md. A benchmark, not a test: not part of scripts/test-all.sh.
#
#   bash scripts/bench-scale.sh [--sizes 100000,1000000] [--queries 300] [--clients 64]
#                               [--seconds 20] [--pg-bulk-min 1000000] [--report PATH]
#
# From --pg-bulk-min memories on, PostgreSQL is loaded without its HNSW index, which is then
# built once (timed, counted as ingest): maintained on every insert, ingest runs at ~150
# memories/s at 100k on 2 cores and slows as the graph grows (hours per million). Smaller sizes
# keep it maintained on every insert.
# PostgreSQL 16 + pgvector comes from scripts/with-postgres.sh (a throwaway server). Sizes run
# in order and the report is rewritten after every phase, so a long run stopped part-way keeps
# what it measured.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=100000
queries=300
clients=64
seconds=20
pg_bulk_min=1000000
report=server/benches/SCALE-REPORT.md
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --queries) queries="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --pg-bulk-min) pg_bulk_min="$2"; shift 2 ;;
    --report) report="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "bench-scale: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
# The bench runs in the server package's directory: hand it an absolute path.
case "$report" in /*) ;; *) report="$(pwd)/$report" ;; esac

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
git diff --quiet HEAD -- . ':(exclude)server/benches/SCALE-REPORT.md' 2>/dev/null \
  || commit="$commit (with uncommitted changes)"
export MR_SCALE_SIZES="$sizes" MR_SCALE_QUERIES="$queries" MR_SCALE_CLIENTS="$clients" \
  MR_SCALE_SECONDS="$seconds" MR_SCALE_PG_BULK_MIN="$pg_bulk_min" MR_SCALE_REPORT="$report" \
  MR_SCALE_COMMIT="$commit"

# The `dist` profile (optimised, parallel codegen) without its thin LTO: the same code, and
# several minutes less to build on a small machine. `cargo bench` builds the server binary
# too (the bench starts it as separate processes, as deployed).
export CARGO_PROFILE_DIST_LTO=false CARGO_INCREMENTAL=0
cargo build -q -p memoryrelay-server --profile dist --bench scale
exec bash scripts/with-postgres.sh \
  cargo bench -q -p memoryrelay-server --profile dist --bench scale
