#!/usr/bin/env python3
"""Prints the body of one top-level module from rustc's `-Zunpretty=expanded` output.

scripts/gen-header.sh feeds cbindgen only the C ABI module (`ffi`) of the expanded crate: the
named per-method functions exist only after macro expansion, and the rest of the crate (UniFFI's
scaffolding in particular) also exports `extern "C"` functions that do not belong in
memoryrelay.h.

rustc's pretty printer puts top-level items at column 0 and indents everything inside them, so
the module runs from the line `pub mod NAME {` to the next line that is exactly `}`.
"""
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: extract_module.py NAME EXPANDED.rs", file=sys.stderr)
        return 2
    name, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    opener = f"pub mod {name} {{"
    try:
        start = lines.index(opener)
        end = lines.index("}", start + 1)
    except ValueError:
        print(f"extract_module.py: no top-level `{opener}` ... `}}` in {path}", file=sys.stderr)
        return 1
    sys.stdout.write("\n".join(lines[start + 1 : end]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
