"""Runs the workload through our package and through the official `memoryrelay` 0.3.0 (same
import name, so each lives in its own venv) against one local server, and prints a table.

    python bench/run_bench.py --ours-python <venv>/bin/python --official-python <venv2>/bin/python \
        [--server target/release/memoryrelay-server] [--gets 2000] [--searches 200] [--memories 200]

Only the standard library is used here; the server is seeded over HTTP before either run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any, Dict

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]


def post(url: str, key: str, path: str, body: Dict[str, Any]) -> Any:
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": f"Bearer {key}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def run(python: str, args: list[str]) -> Dict[str, Any]:
    # Run from a neutral directory so the repo's bindings/python/python is not on sys.path.
    out = subprocess.run([python, str(HERE / "workload.py"), *args], check=True,
                         capture_output=True, text=True, cwd=tempfile.gettempdir())
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours-python", required=True)
    ap.add_argument("--official-python", required=True)
    ap.add_argument("--server", default=str(REPO / "target" / "release" / "memoryrelay-server"))
    ap.add_argument("--gets", type=int, default=2000)
    ap.add_argument("--searches", type=int, default=200)
    ap.add_argument("--memories", type=int, default=200)
    a = ap.parse_args()

    key = "mem_bench" + os.urandom(8).hex()
    proc = subprocess.Popen([a.server, "--port", "0", "--ready-json", "--db", ":memory:",
                             "--api-key", key, "--exit-on-stdin-close"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        url = json.loads(proc.stdout.readline())["url"]
        agent = post(url, key, "/v1/agents", {"name": "bench-agent"})
        ids = []
        for start in range(0, a.memories, 100):
            items = [{"content": f"Bench memory {i}: the project uses PostgreSQL, Redis for "
                                 f"rate limiting and FastAPI for async requests."}
                     for i in range(start, min(start + 100, a.memories))]
            res = post(url, key, "/v1/memories/batch", {"agent_id": agent["id"], "memories": items})
            ids += [r["memory_id"] for r in res["results"]]
        with tempfile.NamedTemporaryFile("w", suffix=".ids", delete=False) as f:
            f.write("\n".join(ids))
        args = ["--url", url, "--key", key, "--agent-id", agent["id"], "--ids", f.name,
                "--gets", str(a.gets), "--searches", str(a.searches)]
        results = {"ours": run(a.ours_python, args), "official 0.3.0": run(a.official_python, args)}
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=10)

    print(f"{'client':<16}{'op':<8}{'calls':>6}{'CPU µs/call':>14}{'wall µs/call':>14}"
          f"{'CPU s':>9}{'wall s':>9}")
    for name, r in results.items():
        for op in ("get", "search"):
            m = r[op]
            print(f"{name:<16}{op:<8}{m['calls']:>6}{m['cpu_us_per_call']:>14.1f}"
                  f"{m['wall_us_per_call']:>14.1f}{m['cpu_s']:>9.3f}{m['wall_s']:>9.3f}")
    for op in ("get", "search"):
        ratio = results["official 0.3.0"][op]["cpu_us_per_call"] / results["ours"][op]["cpu_us_per_call"]
        print(f"{op}: official uses {ratio:.1f}x the client CPU per call of ours")
    json.dump(results, sys.stderr)


if __name__ == "__main__":
    main()
