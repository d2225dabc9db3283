"""Session fixture: one local MemoryRelay server (the workspace's `memoryrelay-server` binary,
built with the `fault-injection` feature) for the whole test run.

The binary is $MEMORYRELAY_SERVER_BIN, else <repo>/target/debug/memoryrelay-server. It
listens on an ephemeral port, keeps its database in memory and exits when our stdin closes,
so a crashed test run never leaves it behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest

REPO = Path(__file__).resolve().parents[3]
# Each key is its own account on the local server (contract §1.2), so tests that create
# uniquely-named things (the docs samples' "my-agent") get a clean namespace each.
KEY_COUNT = 16


class Server:
    def __init__(self, url: str, keys: List[str]) -> None:
        self.url = url
        self.keys = keys
        self._next = 1

    @property
    def key(self) -> str:
        return self.keys[0]

    def fresh_key(self) -> str:
        """A key (account) no other test has used."""
        if self._next >= len(self.keys):
            raise RuntimeError("out of fresh accounts; raise KEY_COUNT")
        key = self.keys[self._next]
        self._next += 1
        return key

    def admin(self, method: str, body: Optional[Dict[str, Any]] = None) -> Any:
        """Calls the fault-injection admin route (docs/interfaces.md §3)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            self.url + "/__faults",
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            text = resp.read()
        return json.loads(text) if text else None

    def fault(self, **rule: Any) -> None:
        self.admin("POST", rule)

    def clear_faults(self) -> None:
        self.admin("DELETE")

    def hits(self) -> Dict[str, int]:
        return dict(self.admin("GET")["hits"])


def _server_binary() -> Path:
    explicit = os.environ.get("MEMORYRELAY_SERVER_BIN")
    path = Path(explicit) if explicit else REPO / "target" / "debug" / "memoryrelay-server"
    if not path.exists():
        pytest.fail(
            f"server binary {path} not found: build it with "
            "`cargo build -p memoryrelay-server --features fault-injection`"
        )
    return path


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    keys = [f"mem_pytest{i:02d}{uuid.uuid4().hex[:16]}" for i in range(KEY_COUNT)]
    args = [
        str(_server_binary()),
        "--port", "0", "--ready-json", "--db", ":memory:",
        "--enable-fault-injection", "--exit-on-stdin-close",
    ]
    for key in keys:
        args += ["--api-key", key]
    proc = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, "RUST_LOG": "warn"}
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            pytest.fail(f"server exited before it was ready (status {proc.wait(10)})")
        ready = json.loads(line)
        yield Server(ready["url"], list(ready["api_keys"]))
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def faults(server: Server) -> Iterator[Server]:
    """The server, with every fault rule and hit count cleared after the test."""
    server.clear_faults()
    yield server
    server.clear_faults()


@pytest.fixture
def env(server: Server, monkeypatch: pytest.MonkeyPatch) -> Server:
    """MEMORYRELAY_API_KEY/MEMORYRELAY_API_URL point at the local server with a fresh account."""
    monkeypatch.setenv("MEMORYRELAY_API_KEY", server.fresh_key())
    monkeypatch.setenv("MEMORYRELAY_API_URL", server.url)
    return server


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"
