#!/usr/bin/env bash
# Creates (once) a Debian trixie chroot with the Swift toolchain (swiftlang) used to build and
# test the Swift package on Linux hosts whose distribution ships no Swift (Debian bookworm).
# Idempotent: a finished chroot is marked with .memoryrelay-ready and reused.
set -euo pipefail

CHROOT="${MEMORYRELAY_SWIFT_CHROOT:-/var/cache/memoryrelay/swift-chroot}"
MIRROR="${MEMORYRELAY_DEBIAN_MIRROR:-}"

if [[ -f "$CHROOT/.memoryrelay-ready" ]]; then
  echo "swift chroot ready: $CHROOT"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "setup-chroot.sh needs root (debootstrap, chroot)" >&2
  exit 1
fi

if ! command -v debootstrap >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
fi

# The host's own Debian mirror (apt sources), so the chroot uses what CI can reach.
if [[ -z "$MIRROR" ]]; then
  MIRROR=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
    | grep -v '^[[:space:]]*#' | grep -oE 'https?://[^ ]*/debian/?' | grep -v -e security -e snapshot \
    | head -n1 || true)
  MIRROR="${MIRROR:-http://deb.debian.org/debian}"
fi

mkdir -p "$(dirname "$CHROOT")"
PARTIAL="$CHROOT.partial"
rm -rf "$PARTIAL"
debootstrap --variant=minbase trixie "$PARTIAL" "$MIRROR"

mount -t proc proc "$PARTIAL/proc"
trap 'umount "$PARTIAL/proc" 2>/dev/null || true' EXIT
cp /etc/resolv.conf "$PARTIAL/etc/resolv.conf"
chroot "$PARTIAL" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get update -qq
chroot "$PARTIAL" /usr/bin/env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends swiftlang libc6-dev
chroot "$PARTIAL" apt-get clean
umount "$PARTIAL/proc"
trap - EXIT

touch "$PARTIAL/.memoryrelay-ready"
rm -rf "$CHROOT"
mv "$PARTIAL" "$CHROOT"
echo "swift chroot ready: $CHROOT"
