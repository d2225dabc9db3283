#!/usr/bin/env bash
# Runs a command in the Swift chroot (tools/setup-chroot.sh) with the package sources and the
# host-built library and server copied in. Only /proc is mounted, and it is unmounted on exit,
# also on failure. Runs are serialized with a lock on the chroot.
#   tools/in-chroot.sh <lib dir> <server binary> -- <command...>
# Inside: the repository's bindings/swift and examples/swift are at /src/..., the library at
# /opt/memoryrelay/lib, the server at /opt/memoryrelay/bin/memoryrelay-server; SwiftPM's
# build directories live under /build (kept between runs: warm builds).
set -euo pipefail

CHROOT="${MEMORYRELAY_SWIFT_CHROOT:-/var/cache/memoryrelay/swift-chroot}"
REPO="$(cd "$(dirname "$0")/../../.." && pwd)"
LIBDIR="$1"
SERVER="$2"
shift 2
[[ "${1:-}" == "--" ]] && shift

[[ -f "$CHROOT/.memoryrelay-ready" ]] || { echo "no swift chroot: run tools/setup-chroot.sh" >&2; exit 1; }

exec 9>"$CHROOT.lock"
flock 9

# Sources: replaced wholesale (cp -a keeps mtimes, so SwiftPM's incremental build still works).
rm -rf "$CHROOT/src" "$CHROOT/opt/memoryrelay"
mkdir -p "$CHROOT/src/bindings" "$CHROOT/src/examples" "$CHROOT/opt/memoryrelay/lib" \
  "$CHROOT/opt/memoryrelay/bin" "$CHROOT/build" "$CHROOT/tmp"
chmod 1777 "$CHROOT/tmp"
tar -C "$REPO" --exclude=.build --exclude=dist -cf - bindings/swift examples/swift \
  | tar -C "$CHROOT/src" -xf -
cp -a "$LIBDIR"/libmemoryrelay.so "$CHROOT/opt/memoryrelay/lib/"
cp -a "$SERVER" "$CHROOT/opt/memoryrelay/bin/memoryrelay-server"

cleanup() {
  umount "$CHROOT/proc" 2>/dev/null || umount -l "$CHROOT/proc" 2>/dev/null || true
}
trap cleanup EXIT
mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"

chroot "$CHROOT" /usr/bin/env -i \
  HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
  MEMORYRELAY_SERVER_BIN=/opt/memoryrelay/bin/memoryrelay-server \
  ${MEMORYRELAY_SWIFT_ENV:-} \
  /bin/bash -c "$*"
