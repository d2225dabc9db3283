"""One sync client shared by several threads, and sync and async clients side by side: each
blocking call runs on its calling thread's runtime (docs/uniffi.md), so this must just work."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from memoryrelay import AsyncMemoryRelay, MemoryRelay

from conftest import Server, unique


def test_one_sync_client_many_threads(server: Server) -> None:
    client = MemoryRelay(api_key=server.key, base_url=server.url)
    agent = client.agents.create(name=unique("threads"))

    def work(i: int) -> str:
        m = client.memories.create(agent_id=agent.id, content=f"thread memory {i}")
        return client.memories.get(m.id).content

    with ThreadPoolExecutor(max_workers=4) as pool:
        contents = list(pool.map(work, range(40)))
    assert sorted(contents) == sorted(f"thread memory {i}" for i in range(40))
    assert client.memories.list(agent.id, limit=100).total_count == 40
    client.close()


def test_sync_and_async_clients_side_by_side(server: Server) -> None:
    sync = MemoryRelay(api_key=server.key, base_url=server.url)
    agent = sync.agents.create(name=unique("mixed"))

    async def main() -> list[str]:
        async with AsyncMemoryRelay(api_key=server.key, base_url=server.url) as a:
            created = await asyncio.gather(
                *(a.memories.create(agent_id=agent.id, content=f"async {i}") for i in range(10))
            )
            # A blocking call from a worker thread while the loop keeps running.
            page = await asyncio.to_thread(sync.memories.list, agent.id, 50)
            assert page.total_count == 10
            return [m.content for m in created]

    assert sorted(asyncio.run(main())) == sorted(f"async {i}" for i in range(10))
