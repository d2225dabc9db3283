"""Runs the cross-language benchmark (bench/run.sh builds everything and calls this).

One release server (`:memory:` db, one key), seeded over HTTP with one agent and N memories;
then every client row runs the same workload as its own process —
`<command> URL KEY AGENT_ID IDS_FILE GETS SEARCHES CREATES WARMUP` (WARMUP gets and
WARMUP/10 searches first, unmeasured), which prints one JSON line
`{"get"|"search"|"create": {"calls", "cpu_s", "wall_s"}}` — in rounds, the rows' order
rotating each round, so that a slower or busier stretch of the machine is spread over all
rows. The workload is split over the rounds (each round runs 1/R of the gets, searches and
creates, so every row makes the full counts in all); each row's figure is its median over the
rounds. Writes REPORT.md, results.json and
chart.png into the output folder (the chart only where matplotlib imports).

    python3 bench/harness.py --server BIN --rows rows.json --out bench [--rounds 10] ...
    python3 bench/harness.py --out bench --report-only     (REPORT.md and chart.png again)

rows.json: [{"name": "Rust (async)", "cmd": ["/path/bin", "async"]}, ...]; the first row is
the reference the ratios are taken against.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any, Dict, List

OPS = ("get", "search", "create")


def post(url: str, key: str, path: str, body: Dict[str, Any]) -> Any:
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": f"Bearer {key}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def seed(url: str, key: str, memories: int) -> tuple[str, List[str]]:
    agent = post(url, key, "/v1/agents", {"name": "bench-agent"})
    ids: List[str] = []
    for start in range(0, memories, 100):
        items = [{"content": f"Bench memory {i}: the project uses PostgreSQL, Redis for rate "
                             f"limiting and FastAPI for async requests.",
                  "metadata": {"source": "bench", "n": i}}
                 for i in range(start, min(start + 100, memories))]
        res = post(url, key, "/v1/memories/batch", {"agent_id": agent["id"], "memories": items})
        ids += [r["memory_id"] for r in res["results"]]
    return agent["id"], ids


def run_row(cmd: List[str], args: List[str], env: Dict[str, str]) -> Dict[str, Any]:
    out = subprocess.run(cmd + args, check=False, capture_output=True, text=True,
                         cwd=tempfile.gettempdir(), env=env, timeout=1800)
    if out.returncode != 0:
        raise RuntimeError(f"{cmd} failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def per_call_us(r: Dict[str, Any], op: str, what: str) -> float:
    return r[op][f"{what}_s"] / r[op]["calls"] * 1e6


def machine() -> str:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def report(rows: List[Dict[str, Any]], meta: Dict[str, Any]) -> str:
    ref = rows[0]
    lines = [
        "# Cross-language benchmark",
        "",
        f"One run of `bash bench/run.sh` on {meta['date']} ({meta['machine']}; load average "
        f"{meta['load_before']} before, {meta['load_after']} after). Workload per client: "
        f"{meta['gets']} `memories.get`, {meta['searches']} `memories.search` (limit 10), "
        f"{meta['creates']} `memories.create`, after {meta['warmup']} unmeasured gets and "
        f"{meta['warmup'] // 10} searches, against one "
        f"release server (`:memory:`, {meta['memories']} seeded memories). Each client is its "
        f"own process; the rows run in {meta['rounds']} rounds (each a 1/{meta['rounds']} share of "
        "the workload, their order rotating each round), and each figure is the row's median "
        "over the rounds.",
        "",
        "Client CPU is the client process's CPU time (user + system, every thread: the Rust "
        "core's runtime threads and the kernel's work on the client's sockets count); wall is "
        "elapsed time. Both per call, in µs; ratios are to the first row (native Rust, async).",
        "",
        "Reading it: the machine is shared, and other work on it moves every row's CPU per call "
        "(a client's CPU for the same call grows with what runs beside it and with how long it "
        "waits for the server: caches go cold). Rows measured in the same round see the same "
        "conditions; the per-round figures at the end show the spread. Rust (async) is the "
        "typed async client on a multi-thread runtime; Rust (blocking) the `BlockingClient`; "
        "C calls `mr_call` (JSON text out, no decoding); Go, Python, Kotlin and Swift call "
        "their typed SDKs (results decoded into models).",
        "",
        "| client | get CPU | get wall | search CPU | search wall | create CPU | create wall "
        "| get CPU × | search CPU × | create CPU × |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        m = r["median"]
        cells = [r["name"]]
        for op in OPS:
            cells += [f"{m[op]['cpu']:.1f}", f"{m[op]['wall']:.1f}"]
        cells += [f"{m[op]['cpu'] / ref['median'][op]['cpu']:.2f}" for op in OPS]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Python, the official SDK's client CPU per call divided by ours:", ""]
    ours = next((r for r in rows if r["name"].startswith("Python (ours")), None)
    if ours:
        for r in rows:
            if r["name"].startswith("Python (official"):
                ratios = ", ".join(
                    f"{op} {r['median'][op]['cpu'] / ours['median'][op]['cpu']:.1f}×" for op in OPS)
                lines.append(f"- {r['name']}: {ratios}")
    lines += targets(rows)
    lines += ["", "Every round (CPU µs per call, get / search / create):", ""]
    for r in rows:
        per = "; ".join(
            " / ".join(f"{per_call_us(x, op, 'cpu'):.0f}" for op in OPS) for x in r["rounds"])
        lines.append(f"- {r['name']}: {per}")
    lines += ["", "![client CPU per call, relative to native Rust](chart.png)", "",
              "Where the Python package's time goes, layer by layer: "
              "[docs/uniffi.md](../docs/uniffi.md#benchmark).", ""]
    return "\n".join(lines)


def targets(rows: List[Dict[str, Any]]) -> List[str]:
    """The issue's targets, checked against this run's medians (client CPU per call)."""
    by = {r["name"]: r["median"] for r in rows}
    ref = rows[0]["median"]
    out = ["", "Targets (client CPU per call, this run):", "",
           "| target | measured | met |", "|---|---:|---|"]

    def check(label: str, value: float, ok: bool, unit: str = "×") -> None:
        out.append(f"| {label} | {value:.2f}{unit} | {'yes' if ok else 'no'} |")

    ours, off = by.get("Python (ours)"), by.get("Python (official 0.3.0)")
    if ours and off:
        for op, goal in (("get", 5.0), ("search", 4.0)):
            check(f"Python: official 0.3.0 / ours, {op} ≥ {goal:.0f}×",
                  off[op]["cpu"] / ours[op]["cpu"], off[op]["cpu"] / ours[op]["cpu"] >= goal)
    for name, goal in (("C (mr_call)", 1.10), ("Go", 1.20)):
        if name in by:
            for op in OPS:
                ratio = by[name][op]["cpu"] / ref[op]["cpu"]
                check(f"{name} / {rows[0]['name']}, {op} ≤ {goal:.2f}×", ratio, ratio <= goal)
    return out


def chart(rows: List[Dict[str, Any]], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    ref = rows[0]["median"]
    names = [r["name"] for r in rows]
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(rows) + 1.8))
    height = 0.27
    for k, op in enumerate(OPS):
        vals = [r["median"][op]["cpu"] / ref[op]["cpu"] for r in rows]
        pos = [i + (k - 1) * height for i in range(len(rows))]
        bars = ax.barh(pos, vals, height, label=f"memories.{op}")
        ax.bar_label(bars, labels=[f"{v:.2f}×" for v in vals], fontsize=7, padding=2)
    ax.set_yticks(range(len(rows)), names)
    ax.invert_yaxis()
    ax.axvline(1.0, color="grey", linewidth=0.8)
    ax.set_xlabel("client CPU per call, relative to native Rust (async) — lower is better")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return True


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--server")
    ap.add_argument("--rows")
    ap.add_argument("--out", required=True)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--gets", type=int, default=2000)
    ap.add_argument("--searches", type=int, default=200)
    ap.add_argument("--creates", type=int, default=200)
    ap.add_argument("--memories", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite REPORT.md and chart.png from the output folder's results.json")
    a = ap.parse_args()
    out_dir = Path(a.out)
    if a.report_only:
        saved = json.loads((out_dir / "results.json").read_text())
        write(out_dir, saved["rows"], saved["meta"])
        return
    specs = json.loads(Path(a.rows).read_text())

    key = "mem_bench" + os.urandom(8).hex()
    server = subprocess.Popen([a.server, "--port", "0", "--ready-json", "--db", ":memory:",
                               "--api-key", key, "--exit-on-stdin-close"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results: Dict[str, List[Dict[str, Any]]] = {s["name"]: [] for s in specs}
    try:
        assert server.stdout is not None
        url = json.loads(server.stdout.readline())["url"]
        agent, ids = seed(url, key, a.memories)
        with tempfile.NamedTemporaryFile("w", suffix=".ids", delete=False) as f:
            f.write("\n".join(ids))
        per = [-(-n // a.rounds) for n in (a.gets, a.searches, a.creates)]  # ceil
        args = [url, key, agent, f.name, *map(str, per), str(a.warmup)]
        env = dict(os.environ)
        for k in ("MEMORYRELAY_API_KEY", "MEMORYRELAY_API_URL", "MEMORYRELAY_LOG"):
            env.pop(k, None)
        for rnd in range(a.rounds):
            order = specs[rnd % len(specs):] + specs[:rnd % len(specs)]
            for spec in order:
                r = run_row(spec["cmd"], args, {**env, **spec.get("env", {})})
                results[spec["name"]].append(r)
                print(f"round {rnd + 1}: {spec['name']:<28}" + "".join(
                    f"{op} {per_call_us(r, op, 'cpu'):7.1f} µs  " for op in OPS), flush=True)
        os.unlink(f.name)
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=30)
    load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())

    rows = []
    for spec in specs:
        rs = results[spec["name"]]
        rows.append({"name": spec["name"], "rounds": rs, "median": {
            op: {w: statistics.median(per_call_us(r, op, w) for r in rs) for w in ("cpu", "wall")}
            for op in OPS}})
    meta = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine(), "load_before": load_before, "load_after": load_after,
            "rounds": a.rounds, "gets": a.gets, "searches": a.searches, "creates": a.creates,
            "memories": a.memories, "warmup": a.warmup}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1))
    write(out_dir, rows, meta)


def write(out_dir: Path, rows: List[Dict[str, Any]], meta: Dict[str, Any]) -> None:
    (out_dir / "REPORT.md").write_text(report(rows, meta))
    if not chart(rows, out_dir / "chart.png"):
        print("matplotlib not available: no chart", file=sys.stderr)
    print((out_dir / "REPORT.md").read_text())


if __name__ == "__main__":
    main()
