"""All 47 methods through the sync client and through the async client.

One scenario, written once against a `run` adapter (identity for sync, an event loop for
async), touches every method and checks what it returns; a recorder on the transport proves
that every one of the 47 method names went over the wire in each mode.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable, Iterator, List, Set

import pytest

import memoryrelay
from memoryrelay import (
    Agent,
    AgentStats,
    AsyncMemoryRelay,
    BatchResult,
    Decision,
    DecisionCheckResult,
    Entity,
    EntityLink,
    ListResponse,
    Memory,
    MemoryRelay,
    Pattern,
    PatternSearchResults,
    Project,
    ProjectContext,
    SearchResults,
    Session,
    SessionSummary,
)
from memoryrelay._core import Transport
from memoryrelay._resources import METHODS
from memoryrelay.exceptions import NotFoundError

from conftest import Server, unique

# The generated list of the method table (one source of truth; see docs/codegen.md).
ALL_METHODS = set(METHODS)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[Set[str]]:
    seen: Set[str] = set()
    sync_call, async_call = Transport.call_sync, Transport.call_async

    def call_sync(self: Transport, method: str, params: Any, token: Any = None) -> str:
        seen.add(method)
        return sync_call(self, method, params, token)

    async def call_async(self: Transport, method: str, params: Any, token: Any = None) -> str:
        seen.add(method)
        return await async_call(self, method, params, token)

    monkeypatch.setattr(Transport, "call_sync", call_sync)
    monkeypatch.setattr(Transport, "call_async", call_async)
    yield seen


def scenario(c: Any, run: Callable[[Any], Any]) -> None:
    # agents
    agent = run(c.agents.create(name=unique("agent"), description="d", metadata={"k": 1}))
    assert isinstance(agent, Agent) and agent.metadata == {"k": 1}
    assert run(c.agents.get(agent.id)).name == agent.name
    renamed = run(c.agents.update(agent.id, name=unique("renamed")))
    assert renamed.name != agent.name and renamed.description == "d"
    listed = run(c.agents.list(limit=100))
    assert isinstance(listed, ListResponse) and agent.id in [a.id for a in listed]

    # memories
    mem = run(c.memories.create(agent.id, "Deployments run on Kubernetes.", {"team": "ops"},
                                importance=0.9))
    assert isinstance(mem, Memory) and mem.tier == "hot" and mem.created_at is not None
    assert run(c.memories.get(mem.id)).content == "Deployments run on Kubernetes."
    upd = run(c.memories.update(mem.id, content="Deployments run on Kubernetes 1.30."))
    assert upd.content.endswith("1.30.") and upd.metadata == {"team": "ops"}
    found = run(c.memories.search(agent.id, "Deployments run on Kubernetes 1.30.", limit=3))
    assert isinstance(found, SearchResults) and found.query.startswith("Deployments")
    assert [r.memory.id for r in found][0] == mem.id and found[0].score >= 0.99
    batch = run(c.memories.batch_create(agent.id, [{"content": "one"}, {"content": ""}]))
    assert isinstance(batch, BatchResult)
    assert (batch.total, batch.succeeded, batch.failed, batch.success) == (2, 1, 1, False)
    page = run(c.memories.list(agent.id, limit=2, offset=0))
    assert len(page) == 2 and page.total_count == 2 and not page.has_more
    assert run(c.memories.delete(page[0].id)) is None
    with pytest.raises(NotFoundError):
        run(c.memories.get(page[0].id))
    stats = run(c.agents.stats(agent.id))
    assert isinstance(stats, AgentStats) and stats.memory_count == 1

    # entities
    ent = run(c.entities.create(agent.id, "Kubernetes", "technology", {"v": "1.30"}))
    assert isinstance(ent, Entity) and ent.entity_type == "technology"
    link = run(c.entities.link(ent.id, mem.id, relationship="runs_on"))
    assert isinstance(link, EntityLink) and link.relationship == "runs_on"
    assert run(c.entities.get(ent.id)).memory_count == 1
    assert run(c.entities.update(ent.id, name="K8s")).name == "K8s"
    assert [e.id for e in run(c.entities.list(agent.id, entity_type="technology"))] == [ent.id]
    assert run(c.entities.delete(ent.id)) is None

    # sessions
    s1 = run(c.sessions.create(agent.id, {"m": True}, title="first"))
    assert isinstance(s1, Session) and s1.status == "active" and s1.title == "first"
    s2 = run(c.sessions.get_or_create(agent.id, "key-1"))
    assert s2.created is True and s2.external_id == "key-1"
    assert run(c.sessions.get_or_create(agent.id, "key-1")).created is False
    run(c.memories.create(agent.id, "Session note.", session_id=s2.id))
    got = run(c.sessions.get(s2.id))
    assert [m.content for m in got.memories or []] == ["Session note."]
    summary = run(c.sessions.summarize(s2.id))
    assert isinstance(summary, SessionSummary) and summary.summary == "- Session note."
    ended = run(c.sessions.end(s2.id, summary="done"))
    assert ended.status == "ended" and ended.summary == "done"
    assert [s.id for s in run(c.sessions.list(agent.id, status="ended"))] == [s2.id]
    assert run(c.sessions.delete(s1.id)) is None

    # projects
    proj = run(c.projects.create(agent.id, "Web App", "desc", slug=unique("web")))
    assert isinstance(proj, Project) and proj.description == "desc"
    assert run(c.projects.get(proj.slug)).id == proj.id
    assert run(c.projects.update(proj.id, description="new")).description == "new"
    assert proj.id in [p.id for p in run(c.projects.list(agent.id))]

    # decisions
    d1 = run(c.decisions.create(agent.id, "Use Postgres", "It is reliable.", tags=["db"],
                                project_slug=proj.slug))
    assert isinstance(d1, Decision) and d1.rationale == "It is reliable." and d1.tags == ["db"]
    d2 = run(c.decisions.create(agent.id, "Use SQLite", "Simpler for local.",
                                status="experimental"))
    assert run(c.decisions.get(d1.id)).title == "Use Postgres"
    assert run(c.decisions.update(d1.id, content="Reliable and known.")).content == (
        "Reliable and known."
    )
    check = run(c.decisions.check(agent.id, "Use Postgres\nReliable and known.", threshold=0.5))
    assert isinstance(check, DecisionCheckResult) and check.has_conflicts
    assert check.data[0].decision.id == d1.id
    new = run(c.decisions.supersede(d1.id, d2.id, reason="local first"))
    assert new.id == d2.id and new.status == "active"
    assert [d.id for d in run(c.decisions.list(agent.id, status="superseded"))] == [d1.id]

    # patterns
    pat = run(c.patterns.create(agent.id, "Retry with jitter", "Back off exponentially.",
                                tags=["net"], scope="global"))
    assert isinstance(pat, Pattern) and pat.name == "Retry with jitter"
    hits = run(c.patterns.search(agent.id, "Retry with jitter", limit=5))
    assert isinstance(hits, PatternSearchResults) and hits.data[0].pattern.id == pat.id
    assert run(c.patterns.get(pat.id)).content == "Back off exponentially."
    assert run(c.patterns.update(pat.id, name="Retry")).title == "Retry"
    assert run(c.patterns.adopt(pat.id, proj.slug)).adopted_by == [proj.slug]
    ctx = run(c.projects.context(proj.id))
    assert isinstance(ctx, ProjectContext) and [p.id for p in ctx.active_patterns] == [pat.id]
    assert [d.id for d in ctx.recent_decisions] == []  # d1 is superseded now
    assert run(c.patterns.unadopt(pat.id, proj.id)).adoption_count == 0
    assert [p.id for p in run(c.patterns.list(agent.id))] == [pat.id]
    assert run(c.patterns.delete(pat.id)) is None

    # deletes last: each cascades or detaches
    assert run(c.decisions.delete(d2.id)) is None
    assert run(c.projects.delete(proj.id)) is None
    assert run(c.agents.delete(agent.id)) is None
    with pytest.raises(NotFoundError):
        run(c.agents.get(agent.id))


def test_all_methods_sync(server: Server, recorded: Set[str]) -> None:
    with MemoryRelay(api_key=server.fresh_key(), base_url=server.url) as client:
        scenario(client, lambda x: x)
    assert recorded == ALL_METHODS


def test_all_methods_async(server: Server, recorded: Set[str]) -> None:
    with asyncio.Runner() as runner:
        client = AsyncMemoryRelay(api_key=server.fresh_key(), base_url=server.url)
        scenario(client, runner.run)
        runner.run(client.close())
    assert recorded == ALL_METHODS


def test_raw_call_is_lossless(server: Server) -> None:
    client = MemoryRelay(api_key=server.key, base_url=server.url)
    agent = client.call("agents.create", {"name": unique("raw")})
    assert agent["object"] == "agent" and "last_active_at" in agent  # nulls are kept
    assert client.call("agents.delete", {"agent_id": agent["id"]}) is None


def test_every_public_name_is_exported() -> None:
    for name in memoryrelay.__all__:
        assert hasattr(memoryrelay, name), name
    names: List[str] = sorted(ALL_METHODS)
    assert len(names) == 47
