"""The Python rows of the cross-language benchmark (bench/run.sh): memories.get,
memories.search (limit 10) and memories.create through whichever ``memoryrelay`` package the
running venv holds (ours, or the official 0.3.0 or 0.4.0: same import name, different
signatures), then one JSON line with the client CPU and wall time of each loop.

    python workload.py URL KEY AGENT_ID IDS_FILE GETS SEARCHES CREATES WARMUP

WARMUP gets and WARMUP/10 searches run first, unmeasured.

Client CPU is time.process_time() (every thread of this process, so the Rust core's work
counts); wall is time.perf_counter().
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any, Callable, Dict, List, Tuple

QUERIES = ["What database does the project use?", "deployment", "rate limiting",
           "async requests", "semantic search"]


def measure(n: int, fn: Callable[[int], Any]) -> Dict[str, float]:
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for i in range(n):
        fn(i)
    return {"calls": n, "cpu_s": time.process_time() - cpu0,
            "wall_s": time.perf_counter() - wall0}


def content(i: int) -> str:
    return f"Bench write {i}: the service caches sessions in Redis for 15 minutes."


def operations(url: str, key: str, agent: str) -> Tuple[str, Callable[[str], Any],
                                                         Callable[[str], Any],
                                                         Callable[[str], Any]]:
    """(package, get(id), search(query), create(content)) for the installed package."""
    import memoryrelay

    client = memoryrelay.MemoryRelay(api_key=key, base_url=url)
    m = client.memories
    if hasattr(memoryrelay, "AsyncMemoryRelay") and hasattr(memoryrelay, "ErrorCode"):
        # Ours: the Python SDK page's signatures.
        return ("ours", m.get,
                lambda q: list(m.search(agent_id=agent, query=q, limit=10)),
                lambda c: m.create(agent_id=agent, content=c))
    from memoryrelay import models as official_models  # noqa: F401  (0.4.0 only)

    if hasattr(official_models, "MemorySearchRequest"):
        from memoryrelay.models import MemoryCreate, MemorySearchRequest

        return ("official " + memoryrelay.__version__, m.get,
                lambda q: m.search(MemorySearchRequest(agent_id=agent, query=q, limit=10)).data,
                lambda c: m.create(MemoryCreate(agent_id=agent, content=c)))
    raise SystemExit("unknown memoryrelay package")


def official_030(url: str, key: str, agent: str) -> Any:
    import memoryrelay

    client = memoryrelay.MemoryRelay(api_key=key, base_url=url)
    m = client.memories
    return ("official " + getattr(memoryrelay, "__version__", "0.3.0"), m.get,
            lambda q: m.search(query=q, agent_id=agent, limit=10),
            lambda c: m.create(content=c, agent_id=agent))


def main() -> None:
    url, key, agent, ids_file = sys.argv[1:5]
    gets, searches, creates, warmup = (int(x) for x in sys.argv[5:9])
    ids: List[str] = [line.strip() for line in open(ids_file) if line.strip()]
    try:
        package, get_one, search_one, create_one = operations(url, key, agent)
    except ImportError:
        # 0.3.0 has no memoryrelay.models module.
        package, get_one, search_one, create_one = official_030(url, key, agent)

    def get(i: int) -> None:
        assert get_one(ids[i % len(ids)]).id

    def search(i: int) -> None:
        assert len(search_one(QUERIES[i % len(QUERIES)])) > 0

    def create(i: int) -> None:
        assert create_one(content(i)).id

    for i in range(warmup):
        get(i)
        if i % 10 == 0:
            search(i)
    out = {"package": package, "get": measure(gets, get), "search": measure(searches, search),
           "create": measure(creates, create)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
