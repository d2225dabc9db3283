#!/usr/bin/env python3
"""Fails on an import cycle between sibling modules of a Rust crate.

For every module P of a crate, the nodes are P's child modules and there is an edge A -> B when
code in A (its file and every module below it) names something in B, through `crate::…`,
`super::…` or `self::…` paths. A cycle among siblings (A uses B, B uses A, possibly through
others) is reported with the files that make each edge. Test code is left out: `#[cfg(test)]`
items and `mod tests` blocks may look anywhere, since nothing depends on them.

Usage: check_cycles.py [--self-test] CRATE_SRC_DIR...   (e.g. src ffi/src server/src engine/src)
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

PATH_RE = re.compile(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+|::\{)")
USE_GROUP_RE = re.compile(r"\buse\s+(crate|super|self)::\{([^;]*)\};", re.S)
MOD_DECL_RE = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+([a-z_][a-z0-9_]*)\s*;", re.M)


def strip_comments(src: str) -> str:
    src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
    src = re.sub(r'"(?:\\.|[^"\\])*"', '""', src)
    return re.sub(r"//[^\n]*", "", src)


def strip_test_code(src: str) -> str:
    """Removes `#[cfg(test)]` items (a block `{…}` or a line ending in `;`)."""
    out, i = [], 0
    marker = re.compile(r"#\[cfg\(test\)\]")
    while True:
        m = marker.search(src, i)
        if not m:
            out.append(src[i:])
            return "".join(out)
        out.append(src[i : m.start()])
        j = m.end()
        # The item ends at the first `;` before any `{`, or at the matching `}`.
        semi, brace = src.find(";", j), src.find("{", j)
        if brace == -1 or (semi != -1 and semi < brace):
            i = semi + 1 if semi != -1 else len(src)
            continue
        depth, k = 0, brace
        while k < len(src):
            if src[k] == "{":
                depth += 1
            elif src[k] == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        i = k + 1


def module_files(root: Path) -> dict[tuple[str, ...], Path]:
    """Maps module paths (() = crate root) to their files, following `mod x;` declarations."""
    entry = next((root / n for n in ("lib.rs", "main.rs") if (root / n).exists()), None)
    if entry is None:
        raise SystemExit(f"{root}: no lib.rs or main.rs")
    found: dict[tuple[str, ...], Path] = {}

    def visit(path: tuple[str, ...], file: Path, dir_for_children: Path) -> None:
        found[path] = file
        for name in MOD_DECL_RE.findall(strip_comments(file.read_text())):
            for cand, child_dir in (
                (dir_for_children / f"{name}.rs", dir_for_children / name),
                (dir_for_children / name / "mod.rs", dir_for_children / name),
            ):
                if cand.exists():
                    visit(path + (name,), cand, child_dir)
                    break

    visit((), entry, root)
    return found


def references(modpath: tuple[str, ...], src: str) -> set[tuple[str, ...]]:
    """Absolute module paths (as long as they go) named by crate/super/self paths in `src`."""
    refs: set[tuple[str, ...]] = set()
    # A file `a/b.rs` is module (a, b): `super` is (a,), `self` is (a, b).
    def base(kind: str) -> tuple[str, ...]:
        return () if kind == "crate" else (modpath[:-1] if kind == "super" else modpath)

    for m in USE_GROUP_RE.finditer(src):
        for item in re.split(r"[,{}\s]+", m.group(2)):
            first = item.split("::")[0]
            if first and first[0].islower() and first not in ("self", "super"):
                refs.add(base(m.group(1)) + (first,))
    for m in PATH_RE.finditer(src):
        segs = [s for s in m.group(2).split("::") if s and s != "{"]
        path = list(base(m.group(1)))
        for s in segs:
            if s == "super":
                path = path[:-1]
            else:
                path.append(s)
        refs.add(tuple(path))
    return refs


def find_cycles(root: Path) -> list[str]:
    files = module_files(root)
    mods = set(files)
    uses: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for path, file in files.items():
        src = strip_test_code(strip_comments(file.read_text()))
        targets = set()
        for ref in references(path, src):
            # The longest known module that is a prefix of the reference.
            for n in range(len(ref), -1, -1):
                if ref[:n] in mods:
                    targets.add(ref[:n])
                    break
        uses[path] = targets

    problems = []
    parents = {p[:-1] for p in mods if p}
    for parent in sorted(parents):
        children = sorted(p for p in mods if len(p) == len(parent) + 1 and p[:-1] == parent)
        edges: dict[str, dict[str, list[str]]] = {c[-1]: {} for c in children}
        for src_mod, targets in uses.items():
            if len(src_mod) <= len(parent) or src_mod[: len(parent)] != parent:
                continue
            a = src_mod[len(parent)]
            for t in targets:
                if len(t) <= len(parent) or t[: len(parent)] != parent:
                    continue
                b = t[len(parent)]
                if a != b:
                    edges[a].setdefault(b, []).append(str(files[src_mod]))
        for cycle in strongly_connected(edges):
            where = "::".join(("crate",) + parent)
            detail = "; ".join(
                f"{a} -> {b} ({', '.join(sorted(set(edges[a][b])))})"
                for a in cycle
                for b in cycle
                if b in edges[a]
            )
            problems.append(f"{root}: cycle in {where}: {' <-> '.join(cycle)}: {detail}")
    return problems


def strongly_connected(edges: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def self_test() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "lib.rs").write_text("mod a;\nmod b;\nmod c;\n#[cfg(test)]\nmod tests;\n")
        (root / "a.rs").write_text("use crate::b::B;\npub struct A;\n")
        (root / "b.rs").write_text("pub struct B;\n#[cfg(test)]\nmod t { use crate::a::A; }\n")
        (root / "c.rs").write_text("use super::{a, b};\n")
        (root / "tests.rs").write_text("use crate::{a::A, b::B, c};\n")
        assert find_cycles(root) == [], find_cycles(root)
        (root / "b.rs").write_text("pub struct B(crate::a::A);\n")
        found = find_cycles(root)
        assert len(found) == 1 and "a <-> b" in found[0], found
    print("check_cycles self-test: ok (a clean tree passes, a planted a<->b cycle is reported)")


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--self-test":
        self_test()
        argv = argv[1:]
    problems = [p for d in argv for p in find_cycles(Path(d))]
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} import cycle(s)", file=sys.stderr)
        return 1
    print(f"no import cycles in {', '.join(argv)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
