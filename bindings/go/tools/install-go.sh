#!/usr/bin/env bash
# CI helper: makes sure a Go toolchain >= 1.24 (iter.Seq2, omitzero, testing.B.Loop) is on
# PATH for bindings/go. Uses the installed go when recent enough; otherwise downloads the
# official release once into /var/cache/memoryrelay/go-dist and unpacks it to /usr/local/go
# (the caller puts /usr/local/go/bin on PATH).
set -euo pipefail
WANT_MINOR=24
VERSION="${MR_GO_VERSION:-1.24.11}"
if command -v go >/dev/null 2>&1; then
    v="$(go env GOVERSION)"          # e.g. go1.26.8
    minor="$(sed -E 's/^go1\.([0-9]+).*/\1/' <<<"$v")"
    if [[ "$minor" =~ ^[0-9]+$ ]] && (( minor >= WANT_MINOR )); then
        echo "go: using $v ($(command -v go))"
        exit 0
    fi
fi
CACHE=/var/cache/memoryrelay/go-dist
TARBALL="go$VERSION.linux-amd64.tar.gz"
mkdir -p "$CACHE"
if [[ ! -f "$CACHE/$TARBALL" ]]; then
    curl -fsSL -o "$CACHE/$TARBALL.part" "https://go.dev/dl/$TARBALL"
    mv "$CACHE/$TARBALL.part" "$CACHE/$TARBALL"
fi
rm -rf /usr/local/go
tar -C /usr/local -xzf "$CACHE/$TARBALL"
/usr/local/go/bin/go version
