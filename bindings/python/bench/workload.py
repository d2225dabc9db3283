"""The benchmark workload, run inside one venv: N memories.get and M memories.search calls
through whichever `memoryrelay` package that venv has (ours or the official 0.3.0; both take
`MemoryRelay(api_key=, base_url=)` and these keyword arguments). Prints one JSON line.

Client CPU is time.process_time() (all threads of this process, so the Rust core's runtime
threads count too); wall is time.perf_counter().
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any, Callable, Dict, List


def measure(n: int, fn: Callable[[int], Any]) -> Dict[str, float]:
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for i in range(n):
        fn(i)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return {
        "calls": n,
        "cpu_s": cpu,
        "wall_s": wall,
        "cpu_us_per_call": cpu / n * 1e6,
        "wall_us_per_call": wall / n * 1e6,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--agent-id", required=True)
    ap.add_argument("--ids", required=True, help="file with one memory id per line")
    ap.add_argument("--gets", type=int, default=2000)
    ap.add_argument("--searches", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=20)
    a = ap.parse_args()

    import memoryrelay
    from memoryrelay import MemoryRelay

    ids: List[str] = [line.strip() for line in open(a.ids) if line.strip()]
    queries = ["What database does the project use?", "deployment", "rate limiting",
               "async requests", "semantic search"]
    client = MemoryRelay(api_key=a.key, base_url=a.url)

    def get(i: int) -> None:
        m = client.memories.get(memory_id=ids[i % len(ids)])
        assert m.id

    def search(i: int) -> None:
        results = client.memories.search(agent_id=a.agent_id, query=queries[i % len(queries)],
                                         limit=10)
        assert len(list(results)) > 0

    for i in range(a.warmup):
        get(i)
        search(i)
    out = {
        "package": getattr(memoryrelay, "__version__", "?"),
        "module": memoryrelay.__file__,
        "get": measure(a.gets, get),
        "search": measure(a.searches, search),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
