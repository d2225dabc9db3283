#!/usr/bin/env bash
# The Swift row of bench/run.sh, inside the Swift chroot of bindings/swift (tools/in-chroot.sh:
# the SDK at /src/bindings/swift, the library at /opt/memoryrelay/lib).
#   row.sh build DIST                  copy this package into the chroot, swift build -c release
#   row.sh run DIST URL KEY AGENT_ID IDS_FILE GETS SEARCHES CREATES WARMUP
# The package lives in the chroot's /build (kept between runs); the ids file is copied to its /tmp.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
chroot_dir="${MEMORYRELAY_SWIFT_CHROOT:-/var/cache/memoryrelay/swift-chroot}"
cmd="$1"
dist="$2"
shift 2
in_chroot() { bash "$repo/bindings/swift/tools/in-chroot.sh" "$dist" "$dist/memoryrelay-server" -- "$@"; }

case "$cmd" in
build)
    mkdir -p "$chroot_dir/build/cross-bench"
    cp "$here/Package.swift" "$chroot_dir/build/cross-bench/"
    rm -rf "$chroot_dir/build/cross-bench/Sources"
    cp -r "$here/Sources" "$chroot_dir/build/cross-bench/"
    link="-Xlinker -L/opt/memoryrelay/lib -Xlinker -rpath -Xlinker /opt/memoryrelay/lib"
    in_chroot "cd /build/cross-bench && swift build -c release --scratch-path /build/cross-bench/.build $link 2>&1 | tail -1"
    ;;
run)
    [ $# -eq 8 ] || { echo "usage: row.sh run DIST URL KEY AGENT_ID IDS_FILE GETS SEARCHES CREATES WARMUP" >&2; exit 2; }
    ids="/tmp/cross-bench-$$.ids"
    cp "$4" "$chroot_dir$ids"
    trap 'rm -f "$chroot_dir$ids"' EXIT
    in_chroot "/build/cross-bench/.build/release/workload $1 $2 $3 $ids $5 $6 $7 $8"
    ;;
*)
    echo "unknown command $cmd" >&2
    exit 2
    ;;
esac
