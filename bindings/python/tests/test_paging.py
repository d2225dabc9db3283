"""``list_all``: every list method's auto-paging iterator, sync and async, with the SDK's one
page size (``memoryrelay._resources.PAGE_SIZE``)."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest

from memoryrelay import AsyncMemoryRelay, MemoryRelay
from memoryrelay._core import Transport
from memoryrelay._resources import PAGE_SIZE

from conftest import Server, unique


def _record_limits(monkeypatch: pytest.MonkeyPatch) -> List[Dict[str, Any]]:
    calls: List[Dict[str, Any]] = []
    sync_call, async_call = Transport.call_sync, Transport.call_async

    def call_sync(self: Transport, method: str, params: Any, token: Any = None) -> str:
        calls.append({"method": method, **params})
        return sync_call(self, method, params, token)

    async def call_async(self: Transport, method: str, params: Any, token: Any = None) -> str:
        calls.append({"method": method, **params})
        return await async_call(self, method, params, token)

    monkeypatch.setattr(Transport, "call_sync", call_sync)
    monkeypatch.setattr(Transport, "call_async", call_async)
    return calls


def test_page_size_is_the_sdk_constant() -> None:
    # The same constant as the Rust core's paging::DEFAULT_PAGE_SIZE and Go's PageSize.
    assert PAGE_SIZE == 100


def test_list_all_walks_every_page(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    client = MemoryRelay(api_key=server.key, base_url=server.url)
    agent = client.agents.create(unique("pager"))
    client.memories.batch_create(agent.id, [{"content": f"item {i}"} for i in range(7)])
    calls = _record_limits(monkeypatch)
    items = list(client.memories.list_all(agent.id, page_size=3))
    assert sorted(m.content for m in items) == sorted(f"item {i}" for i in range(7))
    assert [(c["limit"], c["offset"]) for c in calls] == [(3, 0), (3, 3), (3, 6)]
    calls.clear()
    assert len(list(client.memories.list_all(agent.id))) == 7
    assert [(c["limit"], c["offset"]) for c in calls] == [(PAGE_SIZE, 0)]
    # Filters pass through; an offset starts later.
    assert len(list(client.memories.list_all(agent.id, offset=5))) == 2
    assert list(client.sessions.list_all(agent.id, status="ended")) == []


def test_async_list_all(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    async def main() -> List[str]:
        client = AsyncMemoryRelay(api_key=server.key, base_url=server.url)
        agent = await client.agents.create(unique("apager"))
        for i in range(5):
            await client.entities.create(agent.id, f"e{i}", "concept")
        return [e.name async for e in client.entities.list_all(agent.id, page_size=2)]

    calls = _record_limits(monkeypatch)
    names = asyncio.run(main())
    assert sorted(names) == [f"e{i}" for i in range(5)]
    pages = [(c["limit"], c["offset"]) for c in calls if c["method"] == "entities.list"]
    assert pages == [(2, 0), (2, 2), (2, 4)]
