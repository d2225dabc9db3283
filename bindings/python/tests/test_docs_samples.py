"""Every code sample of the Python SDK page (docs.memoryrelay.ai/sdks/python), run unchanged.

What changed, and only this:
- each sample is re-indented into a test function;
- the literal key "mem_your_api_key" is replaced by os.environ["MEMORYRELAY_API_KEY"], which
  the `env` fixture sets to a fresh account's key on the local server, together with
  MEMORYRELAY_API_URL = the local server's URL (the SDK's documented fallback for base_url);
- in "Authentication" the test first removes MEMORYRELAY_API_KEY and keeps its value in
  `key`, and both literals are replaced by `key` (so option 2 really sets the variable);
- in "Custom Base URL", "https://memory.your-domain.com" is replaced by the local server's URL;
- samples that use names defined by earlier samples on the page (agent, memory, agent_id,
  client) get them from a prelude that runs the earlier sample, as a reader would have.
Printed output is captured and checked.
"""

from __future__ import annotations

import os
import re

import pytest

from conftest import Server

SCORE_LINE = re.compile(r"^\[(\d\.\d\d)\] (.+)$")


def _score_lines(out: str) -> list[tuple[float, str]]:
    lines = []
    for line in out.splitlines():
        m = SCORE_LINE.match(line)
        assert m, f"unexpected output line {line!r}"
        lines.append((float(m.group(1)), m.group(2)))
    return lines


def quick_start_sync():  # returns (client, agent, memory) for later samples
    # --- sample "Quick Start (Sync)" ---
    from memoryrelay import MemoryRelay
    client = MemoryRelay(api_key=os.environ["MEMORYRELAY_API_KEY"])
    # Create an agent
    agent = client.agents.create(name="my-agent", description="My first agent")
    # Store a memory
    memory = client.memories.create(
        agent_id=agent.id,
        content="The project uses PostgreSQL 16 with pgvector for semantic search.",
        metadata={"source": "architecture-review", "confidence": 0.95}
    )
    # Search by meaning
    results = client.memories.search(
        agent_id=agent.id,
        query="What database does the project use?",
        limit=5
    )
    for result in results:
        print(f"[{result.score:.2f}] {result.content}")
    # --- end of sample ---
    return client, agent, memory


def test_quick_start_sync(env: Server, capsys: pytest.CaptureFixture[str]) -> None:
    _, _, memory = quick_start_sync()
    lines = _score_lines(capsys.readouterr().out)
    assert [c for _, c in lines] == [
        "The project uses PostgreSQL 16 with pgvector for semantic search."
    ]
    assert 0.0 <= lines[0][0] <= 1.0
    assert memory.metadata == {"source": "architecture-review", "confidence": 0.95}


def test_quick_start_async(env: Server, capsys: pytest.CaptureFixture[str]) -> None:
    # --- sample "Quick Start (Async)" ---
    import asyncio
    from memoryrelay import AsyncMemoryRelay
    async def main():
        async with AsyncMemoryRelay(api_key=os.environ["MEMORYRELAY_API_KEY"]) as client:
            agent = await client.agents.create(
                name="my-agent",
                description="Async agent"
            )
            memory = await client.memories.create(
                agent_id=agent.id,
                content="FastAPI handles async requests natively."
            )
            results = await client.memories.search(
                agent_id=agent.id,
                query="How are requests handled?",
                limit=5
            )
            for result in results:
                print(f"[{result.score:.2f}] {result.content}")
    asyncio.run(main())
    # --- end of sample ---
    lines = _score_lines(capsys.readouterr().out)
    assert [c for _, c in lines] == ["FastAPI handles async requests natively."]


def _take_key(monkeypatch: pytest.MonkeyPatch) -> str:
    key = os.environ["MEMORYRELAY_API_KEY"]
    monkeypatch.delenv("MEMORYRELAY_API_KEY")
    return key


def test_authentication(env: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    from memoryrelay import MemoryRelay
    # The variable is removed first so that option 2 really is what sets it.
    key = _take_key(monkeypatch)
    # --- sample "Authentication" (the literal key replaced by `key`) ---
    import os
    # Option 1: Explicit
    client = MemoryRelay(api_key=key)
    # Option 2: Environment variable
    os.environ["MEMORYRELAY_API_KEY"] = key
    client2 = MemoryRelay() # picks up from environment automatically
    # --- end of sample ---
    assert client.agents.list().total_count == 0
    assert client2.agents.list().total_count == 0
    # Without the variable and without the argument there is no key: AuthenticationError.
    from memoryrelay.exceptions import AuthenticationError
    monkeypatch.delenv("MEMORYRELAY_API_KEY")
    with pytest.raises(AuthenticationError):
        MemoryRelay()


def test_context_manager(env: Server) -> None:
    import asyncio

    from memoryrelay import AsyncMemoryRelay, MemoryRelay
    agent_id = quick_start_sync()[1].id
    # --- sample "Context Manager" (sync part) ---
    # Sync
    with MemoryRelay(api_key=os.environ["MEMORYRELAY_API_KEY"]) as client:
        results = client.memories.search(agent_id=agent_id, query="deployment")
    # --- end of sample ---
    assert client.closed
    assert len(list(results)) == 1

    async def async_part() -> None:
        # --- sample "Context Manager" (async part) ---
        # Async
        async with AsyncMemoryRelay(api_key=os.environ["MEMORYRELAY_API_KEY"]) as client:
            results = await client.memories.search(agent_id=agent_id, query="deployment")
        # --- end of sample ---
        assert client.closed
        assert len(list(results)) == 1

    asyncio.run(async_part())


def test_custom_base_url(env: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    from memoryrelay import MemoryRelay
    monkeypatch.delenv("MEMORYRELAY_API_URL")
    # --- sample "Custom Base URL" ---
    client = MemoryRelay(
        api_key=os.environ["MEMORYRELAY_API_KEY"],
        base_url=env.url
    )
    # --- end of sample ---
    assert client.agents.list().total_count == 0


def test_batch_create(env: Server) -> None:
    client, agent, _ = quick_start_sync()
    # --- sample "Batch create" ---
    # Batch create
    memories = client.memories.batch_create(
        agent_id=agent.id,
        memories=[
            {"content": "Python 3.11 is the minimum version."},
            {"content": "Tests use pytest with async fixtures."},
            {"content": "Redis is used for rate limiting."},
        ]
    )
    # --- end of sample ---
    assert memories.success and memories.total == 3 and memories.succeeded == 3
    assert [r.index for r in memories.results] == [0, 1, 2]
    assert all(r.memory_id for r in memories.results)


def test_entities(env: Server) -> None:
    client, agent, memory = quick_start_sync()
    # --- sample "Create and link an entity" ---
    # Create and link an entity
    entity = client.entities.create(
        agent_id=agent.id,
        name="PostgreSQL",
        entity_type="technology",
        metadata={"version": "16"}
    )
    client.entities.link(
        entity_id=entity.id,
        memory_id=memory.id,
        relationship="uses"
    )
    # --- end of sample ---
    assert client.entities.get(entity.id).memory_count == 1


def test_sessions(env: Server) -> None:
    client, agent, _ = quick_start_sync()
    # --- sample "Start or resume a session" ---
    # Start or resume a session
    session = client.sessions.get_or_create(
        agent_id=agent.id,
        session_key="project-review-2026-03-17"
    )
    # Store memories within the session context
    client.memories.create(
        agent_id=agent.id,
        content="Reviewed the authentication module.",
        metadata={"session_id": str(session.id)}
    )
    # Summarize when done
    summary = client.sessions.summarize(session_id=session.id)
    client.sessions.end(session_id=session.id)
    # --- end of sample ---
    assert summary.memory_count == 1
    assert summary.summary == "- Reviewed the authentication module."
    assert client.sessions.get(session.id).status == "ended"


def test_decisions(env: Server) -> None:
    client, agent, _ = quick_start_sync()
    # --- sample "Record a decision" ---
    # Record a decision
    decision = client.decisions.create(
        agent_id=agent.id,
        title="Use pgvector for vector search",
        content="Chose pgvector over a separate vector database to reduce operational complexity.",
        metadata={"category": "architecture"}
    )
    # Later, supersede it
    new_decision = client.decisions.create(
        agent_id=agent.id,
        title="Migrate to OpenAI embeddings",
        content="Switching from local sentence-transformers to OpenAI for higher quality embeddings."
    )
    client.decisions.supersede(
        decision_id=decision.id,
        new_decision_id=new_decision.id,
        reason="OpenAI embeddings improved search relevance by 23%."
    )
    # --- end of sample ---
    old = client.decisions.get(decision.id)
    assert old.status == "superseded" and old.superseded_by == new_decision.id
    assert old.superseded_reason == "OpenAI embeddings improved search relevance by 23%."


def test_error_handling(env: Server, capsys: pytest.CaptureFixture[str]) -> None:
    # --- sample "Error Handling" ---
    from memoryrelay import MemoryRelay
    from memoryrelay.exceptions import (
        MemoryRelayError, # Base exception for all SDK errors
        AuthenticationError, # Invalid or expired API key (401)
        NotFoundError, # Resource not found (404)
        ValidationError, # Invalid request parameters (422)
        RateLimitError, # Too many requests (429)
        APIError, # Other API errors (5xx, network issues)
    )
    client = MemoryRelay(api_key=os.environ["MEMORYRELAY_API_KEY"])
    try:
        memory = client.memories.get(memory_id="nonexistent-id")
    except NotFoundError:
        print("Memory does not exist.")
    except AuthenticationError:
        print("Check your API key.")
    except RateLimitError as e:
        print(f"Rate limited. Retry after {e.retry_after} seconds.")
    except ValidationError as e:
        print(f"Invalid request: {e.details}")
    except MemoryRelayError as e:
        print(f"Unexpected error: {e}")
    # --- end of sample ---
    assert capsys.readouterr().out == "Memory does not exist.\n"
    assert issubclass(APIError, MemoryRelayError)
