#!/usr/bin/env python3
"""Checks that the repository is self-contained: its references resolve inside it.

Three checks over the files git tracks (so build output and untracked files never count):

1. Relative Markdown links. In every tracked `*.md` file, each `[text](target)`, `![alt](src)`
   and `[label]: target` whose target has no URL scheme must name an existing file or directory
   (relative to the linking file; a leading `/` means the repository root). A `#anchor` on a
   Markdown target must be one of its headings' GitHub anchors (or an `<a id/name>`); `#x` alone
   refers to the linking file. Links inside fenced code blocks and inline code are not links.

2. Section references. Every `§N` / `§N.M` in a tracked source or doc file (extensions in
   SECTION_EXTS) must be the number of a heading (`## 4. Resources`, `### 4.3 memories`).
   Which document: a chain of references (`§1–§3`, `§1.5, §2.1`, `§4.3-4.9`) that directly
   follows a Markdown path (`docs/interfaces.md §2`, `` `interfaces.md` §1–§3 ``) refers to that
   file (resolved next to the referring file, then from the root, then by unique file name);
   every other chain refers to the wire contract, docs/wire-contract.md. In a range both ends
   must exist.

3. Machine paths. No tracked text file outside `.ci/` may contain an absolute path under
   the machine's work, root or home folders (see MACHINE_PATH): the repository must build and
   read the same on any machine.

4. Named Markdown files. A path to a Markdown file with at least one directory
   (`docs/design.md`, `server/README.md`) written anywhere in a file of SECTION_EXTS, e.g. in
   a comment, must exist (from the root, or next to the file that names it). URLs, build
   output (`target/…`) and Markdown link targets (already checked by 1) do not count.

Prints one `path:line: kind: message` per problem and a summary; exits 1 if there is any.
`--self-test` runs the checker on fixtures in a temporary repository and checks it reports
exactly the planted problems (and nothing once they are removed).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import unquote

WIRE_CONTRACT = "docs/wire-contract.md"
SECTION_EXTS = {
    ".rs", ".md", ".h", ".hpp", ".py", ".go", ".c", ".cpp", ".toml", ".sh", ".kt", ".swift",
}
# This checker describes and plants the very patterns it rejects.
SELF = {"scripts/check-links.sh", "scripts/check_links.py"}
MACHINE_PATH_EXEMPT_DIRS = (".ci/",)

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(.+?)\1")
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?(?:\s|$)")
HTML_ANCHOR = re.compile(r"<a\s+[^>]*(?:id|name)\s*=\s*\"([^\"]+)\"", re.I)
NUM = r"\d+(?:\.\d+)*"
# A chain: `§1.5, §2.1`, `§1.3 and §3.2`, ranges `§1–§3` / `§4.3-4.9` (only a range may omit
# the second `§`, and then not before a unit: `§2.1 - 3xx` is no range).
SECTION_CHAIN = re.compile(
    rf"§\s*{NUM}(?:\s*(?:,|;|\band\b|\bor\b|&)\s*§\s*{NUM}"
    rf"|\s*[–—-]\s*(?:§\s*{NUM}|{NUM}(?![\w.]*\w)))*"
)
SECTION_NUM = re.compile(NUM)
PATH_BEFORE = re.compile(r"([\w./-]*[\w-]\.md)[`'\"*)\]]*\s*$")
MD_PATH = re.compile(r"(?<![\w/.:-])((?:\.\.?/)*(?:[\w-][\w.-]*/)+[\w.-]+\.md)(?![\w/-])")
MACHINE_PATH = re.compile(r"(?<![\w.~$}/-])/(?:work|root|home)/(?:[^\s`'\")\]]*[^\s`'\")\].,;:])?")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: link text kept, punctuation dropped, spaces → '-'."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in " -":
            out.append("-")
        elif ch == "_" or cat[0] in "LN" or cat == "Mn":
            out.append(ch)
    return "".join(out)


class Doc:
    """What other files may point at in one Markdown file: anchors and numbered headings."""

    def __init__(self, text: str):
        self.anchors: set[str] = set()
        self.numbers: set[str] = set()
        seen: dict[str, int] = {}
        for line in code_free_lines(text):
            if line is None:
                continue
            for a in HTML_ANCHOR.findall(line):
                self.anchors.add(a)
            m = HEADING.match(line)
            if not m:
                continue
            title = m.group(2)
            n = NUMBERED.match(title)
            if n:
                self.numbers.add(n.group(1))
            base = github_anchor(title)
            k = seen.get(base, 0)
            seen[base] = k + 1
            self.anchors.add(base if k == 0 else f"{base}-{k}")


def code_free_lines(text: str):
    """Yields each line, or None for lines inside fenced code blocks (fences included)."""
    fence = None
    for line in text.split("\n"):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)[0] * len(m.group(1))
            yield None
        elif fence is not None:
            if m and m.group(1).startswith(fence) and line.strip().strip(fence[0]) == "":
                fence = None
            yield None
        else:
            yield line


class Checker:
    def __init__(self, root: Path):
        self.root = root
        out = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z"], check=True, capture_output=True
        ).stdout.decode()
        self.files = sorted(f for f in out.split("\0") if f and (root / f).is_file())
        self.tracked = set(self.files)
        self.by_name: dict[str, list[str]] = {}
        for f in self.files:
            self.by_name.setdefault(os.path.basename(f), []).append(f)
        self.docs: dict[str, Doc | None] = {}
        self.problems: list[str] = []
        self.counts = {"files": 0, "links": 0, "sections": 0, "paths": 0}

    def report(self, path: str, lineno: int, kind: str, msg: str) -> None:
        self.problems.append(f"{path}:{lineno}: {kind}: {msg}")

    def text(self, path: str) -> str | None:
        try:
            data = (self.root / path).read_bytes()
        except OSError:
            return None
        if b"\0" in data:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def doc(self, path: str) -> Doc | None:
        if path not in self.docs:
            t = self.text(path) if (self.root / path).is_file() else None
            self.docs[path] = Doc(t) if t is not None else None
        return self.docs[path]

    def run(self) -> int:
        for path in self.files:
            if path in SELF:
                continue
            text = self.text(path)
            if text is None:
                continue
            self.counts["files"] += 1
            ext = os.path.splitext(path)[1]
            if ext == ".md":
                self.check_links(path, text)
            if ext in SECTION_EXTS:
                self.check_sections(path, text)
                self.check_md_paths(path, text)
            if not path.startswith(MACHINE_PATH_EXEMPT_DIRS):
                self.check_machine_paths(path, text)
        self.problems.sort(key=lambda p: (p.split(":")[0], int(p.split(":")[1])))
        for p in self.problems:
            print(p)
        c = self.counts
        print(
            f"check-links: {c['files']} files, {c['links']} relative links, "
            f"{c['sections']} § references, {c['paths']} named .md paths; "
            f"{len(self.problems)} problem(s)"
        )
        return 1 if self.problems else 0

    # ---- 1. relative Markdown links ----

    def check_links(self, path: str, text: str) -> None:
        for lineno, line in enumerate(code_free_lines(text), 1):
            if line is None:
                continue
            plain = INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
            targets = [m.group(1) for m in INLINE_LINK.finditer(plain)]
            m = REF_DEF.match(plain)
            if m:
                targets.append(m.group(1))
            for target in targets:
                self.check_link(path, lineno, target)

    def check_link(self, path: str, lineno: int, target: str) -> None:
        if not target or SCHEME.match(target) or target.startswith("//"):
            return
        self.counts["links"] += 1
        target_path, _, anchor = target.partition("#")
        target_path = unquote(target_path.split("?", 1)[0])
        if target_path:
            base = "" if target_path.startswith("/") else os.path.dirname(path)
            resolved = os.path.normpath(os.path.join(base, target_path.lstrip("/")))
            if resolved.startswith("..") or not (self.root / resolved).exists():
                self.report(path, lineno, "link", f"{target!r}: no such file in the repository")
                return
        else:
            resolved = path
        if anchor and resolved.endswith(".md") and (self.root / resolved).is_file():
            doc = self.doc(resolved)
            if doc is not None and unquote(anchor) not in doc.anchors:
                self.report(path, lineno, "anchor", f"{target!r}: {resolved} has no heading #{anchor}")

    # ---- 2. § references ----

    def check_sections(self, path: str, text: str) -> None:
        for lineno, line in enumerate(text.split("\n"), 1):
            if "§" not in line:
                continue
            for chain in SECTION_CHAIN.finditer(line):
                numbers = SECTION_NUM.findall(chain.group(0))
                self.counts["sections"] += len(numbers)
                before = PATH_BEFORE.search(line[: chain.start()])
                if before:
                    named = before.group(1)
                    target = self.resolve_doc(path, named)
                    if target is None:
                        self.report(path, lineno, "section", f"{named} {chain.group(0)}: no such file")
                        continue
                else:
                    target = WIRE_CONTRACT
                doc = self.doc(target)
                if doc is None:
                    self.report(path, lineno, "section", f"§ reference but {target} is missing")
                    continue
                for n in numbers:
                    if n not in doc.numbers:
                        self.report(path, lineno, "section", f"§{n} is not a numbered heading of {target}")

    def resolve_doc(self, referrer: str, named: str) -> str | None:
        for base in (os.path.dirname(referrer), ""):
            p = os.path.normpath(os.path.join(base, named))
            if p in self.tracked:
                return p
        same_name = self.by_name.get(os.path.basename(named), [])
        return same_name[0] if len(same_name) == 1 else None

    # ---- 4. named Markdown files ----

    def check_md_paths(self, path: str, text: str) -> None:
        for lineno, line in enumerate(text.split("\n"), 1):
            if ".md" not in line:
                continue
            for m in MD_PATH.finditer(line):
                named = m.group(1)
                word = line[: m.start()].rsplit(None, 1)[-1] if line[: m.start()].strip() else ""
                if "://" in word or "<http" in word or named.startswith("target/"):
                    continue
                if path.endswith(".md") and line[: m.start()].endswith(("](", "]: ")):
                    continue
                self.counts["paths"] += 1
                if not any(
                    os.path.normpath(os.path.join(base, named)) in self.tracked
                    or (self.root / base / named).exists()
                    for base in (os.path.dirname(path), "")
                ):
                    self.report(path, lineno, "doc-path", f"{named}: no such file in the repository")

    # ---- 3. machine paths ----

    def check_machine_paths(self, path: str, text: str) -> None:
        for lineno, line in enumerate(text.split("\n"), 1):
            for m in MACHINE_PATH.finditer(line):
                self.report(path, lineno, "machine-path", f"{m.group(0)!r}: absolute path of one machine")


# ---- self-test ----

FIXTURES = {
    "docs/wire-contract.md": "# Contract\n\n## 1. Conventions\n\n### 1.1 Base URL\n\n### 4.3 memories\n",
    "docs/other.md": (
        "# Other\n\n## 2. Two\n\n"
        "[ok](wire-contract.md#43-memories) [ok](../src/lib.rs) [ok](#2-two) [web](https://x.y/z)\n"
        "Wire contract §1.1 and §4.3; `docs/other.md` §2; same as §1–§1.1.\n"
        "```\n[not a link](nowhere.md) /" "work/in/a/fence/is/still/a/path\n```\n"
    ),
    "src/lib.rs": "//! The JSON layer (contract §1.1, §4.3), CLI in docs/other.md §2.\n",
    ".ci/run": "cd /" "work/allowed-in-ci\n",
    # Planted problems, each on a known line:
    "docs/bad.md": (
        "# Bad\n"
        "[gone](missing.md)\n"  # 2: link
        "[anchor](other.md#no-such-heading)\n"  # 3: anchor
        "See §9.9 and `other.md` §7.\n"  # 4: section ×2
        "Built in /" "home/someone/repo.\n"  # 5: machine-path
        "[ref]: ../../outside.md\n"  # 6: link (escapes the repository)
    ),
    "src/bad.rs": "// ranges check both ends: §1–§5.\n",  # 1: section (§5)
    "src/bad.py": "# see missing-doc.md §1\n",  # 1: section (no such file)
    "Cargo.toml": "# why: see docs/design.md; docs: https://x.y/docs/a.md\n",  # 1: doc-path
}
EXPECTED = {
    ("docs/bad.md", 2, "link"),
    ("docs/bad.md", 3, "anchor"),
    ("docs/bad.md", 4, "section"),
    ("docs/bad.md", 5, "machine-path"),
    ("docs/bad.md", 6, "link"),
    ("src/bad.rs", 1, "section"),
    ("src/bad.py", 1, "section"),
    ("docs/other.md", 8, "machine-path"),
    ("Cargo.toml", 1, "doc-path"),
}
EXPECTED_COUNT = 10  # docs/bad.md:4 reports §9.9 and other.md §7


def self_test() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        for rel, content in FIXTURES.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(content, encoding="utf-8")
        subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
        failures = []

        print("self-test: a tree with planted problems (must fail):")
        bad = Checker(root)
        rc = bad.run()
        found = {(p.split(":")[0], int(p.split(":")[1]), p.split(": ")[1]) for p in bad.problems}
        if rc != 1:
            failures.append(f"expected exit 1 with planted problems, got {rc}")
        if found != EXPECTED or len(bad.problems) != EXPECTED_COUNT:
            failures.append(
                f"reported {sorted(found)} ({len(bad.problems)}), expected {sorted(EXPECTED)} ({EXPECTED_COUNT})"
            )

        # Remove the planted problems: the same tree must pass.
        subprocess.run(
            ["git", "-C", str(root), "rm", "-qf", "docs/bad.md", "src/bad.rs", "src/bad.py", "Cargo.toml"], check=True
        )
        other = root / "docs/other.md"
        other.write_text(other.read_text().replace("/" "work/in/a/fence/is/still/a/path", ""))
        print("self-test: the same tree without them (must pass):")
        good = Checker(root)
        rc = good.run()
        if rc != 0 or good.problems:
            failures.append(f"expected a clean pass once the problems are removed, got {rc}")
        if good.counts["links"] != 3 or good.counts["sections"] != 8:
            failures.append(f"expected 3 links and 8 § references checked, got {good.counts}")

    for f in failures:
        print(f"self-test FAILED: {f}")
    if not failures:
        print("self-test passed: every planted problem reported with its file:line, clean tree passes")
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) > 2 or (len(argv) == 2 and argv[1].startswith("-")):
        print("usage: check-links.sh [REPO_ROOT] | --self-test", file=sys.stderr)
        return 2
    if len(argv) == 2:
        root = Path(argv[1])
    else:
        top = subprocess.run(
            ["git", "-C", str(Path(__file__).resolve().parent), "rev-parse", "--show-toplevel"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
        root = Path(top)
    return Checker(root.resolve()).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
