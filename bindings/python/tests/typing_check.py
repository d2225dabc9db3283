"""A user script touching the whole public API; `mypy --strict` must pass on it (run from
scripts/test-all.sh). It is also executed by test_typing.py, so it is real code, not a stub."""

from __future__ import annotations

import asyncio
from typing import AsyncIterator, Iterator, List, Optional

from memoryrelay import AsyncMemoryRelay, CancellationToken, MemoryRelay
from memoryrelay.exceptions import (
    APIError,
    AuthenticationError,
    ConflictError,
    ErrorCode,
    ForbiddenError,
    MemoryRelayError,
    NetworkError,
    NotFoundError,
    RateLimitError,
    TimeoutError,
    ValidationError,
)
from memoryrelay.models import (
    Agent,
    AgentStats,
    BatchResult,
    Decision,
    DecisionCheckResult,
    Entity,
    EntityLink,
    ListResponse,
    Memory,
    Pattern,
    PatternSearchResults,
    Project,
    ProjectContext,
    SearchResult,
    SearchResults,
    Session,
    SessionSummary,
)


def sync_tour(api_key: str, base_url: str, name: str) -> List[str]:
    out: List[str] = []
    with MemoryRelay(api_key=api_key, base_url=base_url, timeout=10.0, max_retries=1) as client:
        agent: Agent = client.agents.create(name=name, description="typed")
        agent = client.agents.update(agent.id, description="still typed", metadata={"a": 1})
        agents: ListResponse[Agent] = client.agents.list(limit=10, offset=0)
        out.extend(a.name for a in agents)
        memory: Memory = client.memories.create(
            agent_id=agent.id, content="Typed content.", metadata={"k": "v"}, importance=0.9
        )
        memory = client.memories.get(memory_id=memory.id)
        memory = client.memories.update(memory.id, content="Typed content, updated.")
        results: SearchResults = client.memories.search(agent.id, "Typed content", limit=5)
        for result in results:
            r: SearchResult = result
            score: float = r.score
            out.append(f"[{score:.2f}] {r.content}")
        page: ListResponse[Memory] = client.memories.list(agent.id, limit=5)
        every: Iterator[Memory] = client.memories.list_all(agent.id, page_size=2)
        out.extend(m.content for m in every)
        created_at = page[0].created_at
        if created_at is not None:
            out.append(created_at.isoformat())
        batch: BatchResult = client.memories.batch_create(agent.id, [{"content": "b"}])
        out.extend(str(item.memory_id) for item in batch.results)
        stats: AgentStats = client.agents.stats(agent.id)
        out.append(str(stats.memory_count))
        entity: Entity = client.entities.create(agent.id, "Typing", "concept")
        link: EntityLink = client.entities.link(entity.id, memory.id, relationship="about")
        out.append(link.relationship)
        entity = client.entities.update(entity.id, name="Typing2")
        out.extend(e.name for e in client.entities.list(agent.id, entity_type="concept"))
        entity = client.entities.get(entity.id)
        session: Session = client.sessions.get_or_create(agent.id, "typed-session")
        session = client.sessions.create(agent.id, metadata={"x": 1}, title="t")
        session = client.sessions.get(session.id)
        memories: Optional[List[Memory]] = session.memories
        out.append(str(memories))
        summary: SessionSummary = client.sessions.summarize(session.id)
        out.append(summary.summary)
        session = client.sessions.end(session.id, summary="done")
        out.extend(s.status for s in client.sessions.list(agent.id, status="ended"))
        client.sessions.delete(session.id)
        project: Project = client.projects.create(agent.id, "Typed project", description="d")
        project = client.projects.update(project.id, name="Typed project 2")
        project = client.projects.get(project.slug)
        out.extend(p.slug for p in client.projects.list(agent.id))
        decision: Decision = client.decisions.create(agent.id, "T", "R", tags=["x"])
        other: Decision = client.decisions.create(agent.id, "T2", "R2")
        decision = client.decisions.update(decision.id, title="T1")
        decision = client.decisions.get(decision.id)
        check: DecisionCheckResult = client.decisions.check(agent.id, "T1", threshold=0.1)
        out.extend(m.decision.title for m in check)
        other = client.decisions.supersede(decision.id, other.id, reason="typed")
        out.extend(d.title for d in client.decisions.list(agent.id, status="active"))
        pattern: Pattern = client.patterns.create(agent.id, "P", "D", scope="global")
        pattern = client.patterns.update(pattern.id, content="D2")
        pattern = client.patterns.get(pattern.id)
        found: PatternSearchResults = client.patterns.search(agent.id, "P", limit=3)
        out.extend(p.pattern.title for p in found)
        pattern = client.patterns.adopt(pattern.id, project.id)
        context: ProjectContext = client.projects.context(project.id)
        out.append(context.context)
        pattern = client.patterns.unadopt(pattern.id, project.id)
        out.extend(p.title for p in client.patterns.list(agent.id))
        client.patterns.delete(pattern.id)
        client.decisions.delete(other.id)
        client.entities.delete(entity.id)
        client.memories.delete(memory.id)
        client.projects.delete(project.id)
        raw = client.call("agents.get", {"agent_id": agent.id})
        out.append(str(raw))
        client.agents.delete(agent.id)
    return out


def handle(e: MemoryRelayError) -> str:
    if isinstance(e, RateLimitError):
        return f"retry after {e.retry_after}"
    if isinstance(e, ValidationError):
        return f"invalid: {e.details}"
    if isinstance(e, (AuthenticationError, NotFoundError)):
        return e.message
    if isinstance(e, (ForbiddenError, ConflictError, NetworkError, TimeoutError)):
        assert isinstance(e, APIError)
        return f"{e.code.name} {e.status_code} {e.request_id} {e.body}"
    return str(e.code == ErrorCode.INTERNAL)


async def async_tour(api_key: str, base_url: str, name: str) -> List[str]:
    out: List[str] = []
    async with AsyncMemoryRelay(api_key=api_key, base_url=base_url) as client:
        agent: Agent = await client.agents.create(name=name)
        memory: Memory = await client.memories.create(agent_id=agent.id, content="Async typed.")
        results: SearchResults = await client.memories.search(agent.id, "Async typed.")
        all_agents: AsyncIterator[Agent] = client.agents.list_all(page_size=50)
        out.extend([a.name async for a in all_agents])
        out.extend(f"[{r.score:.2f}] {r.content}" for r in results)
        token = CancellationToken()
        raw = await client.call("memories.get", {"memory_id": memory.id}, cancel_token=token)
        out.append(str(raw) + str(token.cancelled))
        try:
            await client.memories.get("nonexistent-id")
        except MemoryRelayError as e:
            out.append(handle(e))
        await client.agents.delete(agent.id)
    return out


def main(api_key: str, base_url: str) -> List[str]:
    return sync_tour(api_key, base_url, "typed-sync") + asyncio.run(
        async_tour(api_key, base_url, "typed-async")
    )
