#!/usr/bin/env bash
# CI helper: makes sure a Go toolchain >= 1.24 (iter.Seq2, omitzero, testing.B.Loop) can build
# bindings/go. The machine image ships Go; a Go >= 1.21 that is older than go.mod's `go` line
# fetches the right toolchain itself through the Go module proxy (GOTOOLCHAIN=auto), so the only
# failure left is no Go at all, which is reported plainly.
set -euo pipefail
if ! command -v go >/dev/null 2>&1; then
    echo "go: no Go toolchain on PATH; install Go >= 1.21 (the machine image provides it)" >&2
    exit 1
fi
# Resolving the version inside the module triggers the toolchain switch when one is needed.
(cd "$(dirname "$0")/.." && echo "go: using $(GOTOOLCHAIN=auto go env GOVERSION) ($(command -v go))")
