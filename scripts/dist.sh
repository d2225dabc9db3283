#!/usr/bin/env bash
# Builds this platform's release artifacts into dist/:
#   memoryrelay-<version>-<target>.tar.gz   C SDK: include/, lib/ (.so stripped, .a), lib/pkgconfig
#                                           (memoryrelay, memoryrelay-static), lib/cmake/memoryrelay/,
#                                           LICENSE, README.md; relocatable
#   memoryrelay-<version>-py3-none-<platform>.whl, memoryrelay-<version>.tar.gz (sdist)
#                                           Python package (maturin; the platform tag is checked
#                                           with auditwheel)
#
#   scripts/dist.sh [--profile dist|release]   (default dist: thin LTO, what CI builds; release
#                                               is fat LTO, ~13 min on 2 cores)
# Prints the artifacts and their sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PROFILE=dist
if [[ "${1:-}" == "--profile" ]]; then PROFILE="${2:?--profile needs a value}"; fi
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
TARGET="$(rustc -vV | sed -n 's/^host: //p')"
OUT="${CARGO_TARGET_DIR:-$ROOT/target}/$PROFILE"
DIST="$ROOT/dist"
rm -rf "$DIST"
mkdir -p "$DIST"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT

echo "== C archive"
NAME="memoryrelay-$VERSION-$TARGET"
bash scripts/install-c.sh "$STAGE/$NAME" --profile "$PROFILE" >/dev/null
strip --strip-unneeded "$STAGE/$NAME/lib/libmemoryrelay.so"
cp LICENSE "$STAGE/$NAME/"
readme="$STAGE/$NAME/README"
cat >"$readme.md" <<README
# memoryrelay $VERSION ($TARGET): the C SDK

Headers in include/, libmemoryrelay.so and libmemoryrelay.a in lib/. Extract anywhere, then:

    export PKG_CONFIG_PATH=\$PWD/lib/pkgconfig
    cc app.c \$(pkg-config --cflags --libs memoryrelay)          # shared
    cc app.c \$(pkg-config --cflags --libs memoryrelay-static)   # static
    cmake -DCMAKE_PREFIX_PATH=\$PWD ...   # find_package(memoryrelay): memoryrelay::memoryrelay[_static]

Go (github.com/memoryrelay/memoryrelay/bindings/go) links memoryrelay-static through
pkg-config: set PKG_CONFIG_PATH as above and \`go build\`.
README
tar -C "$STAGE" -czf "$DIST/$NAME.tar.gz" "$NAME"

echo "== Python wheel and sdist"
venv="$(bash bindings/python/setup-venv.sh)"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "auditwheel>=6,<7"
# uniffi-bindgen (a workspace binary maturin runs) is built once here, not in the wheel build.
cargo build -q -p uniffi-bindgen
(cd bindings/python && PATH="$venv/bin:$PATH" "$venv/bin/maturin" build --quiet \
    --profile "$PROFILE" --out "$DIST")
(cd bindings/python && PATH="$venv/bin:$PATH" "$venv/bin/maturin" sdist --out "$DIST" >/dev/null)
wheel="$(ls "$DIST"/memoryrelay-*.whl)"
# The platform tag maturin chose must be one auditwheel accepts for what the library links.
"$venv/bin/auditwheel" show "$wheel" | tee "$STAGE/auditwheel.txt"
tag="$(basename "$wheel" .whl | awk -F- '{print $NF}')"
if ! grep -q "is consistent with the following platform tag: \"$tag\"" "$STAGE/auditwheel.txt" &&
    ! grep -q "\"$tag\"" "$STAGE/auditwheel.txt"; then
    echo "auditwheel does not accept the wheel's platform tag $tag" >&2
    exit 1
fi

echo "== artifacts"
unpacked="$(mktemp -d)"
tar -C "$unpacked" -xzf "$DIST/$NAME.tar.gz"
for f in "$DIST"/* "$unpacked/$NAME/lib/libmemoryrelay.so" "$unpacked/$NAME/lib/libmemoryrelay.a"; do
    printf '%10d  %s\n' "$(stat -c %s "$f")" "${f#"$unpacked/"}"
done
rm -rf "$unpacked"
