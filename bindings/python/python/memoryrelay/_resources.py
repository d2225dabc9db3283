"""Resource namespaces: ``client.memories``, ``client.agents``, … (47 methods, sync and async).

Each method only turns its keyword arguments into the params object of contract §1.6
(the Python reference's arguments plus the contract's extras, keyword-only) and decodes the
answer into a model. Generated once from the contract's tables, then kept by hand.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ._core import Transport, checked_call, decode
from .models import (
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
    SearchResults,
    Session,
    SessionSummary,
)


def _args(frame_locals: Dict[str, Any]) -> Dict[str, Any]:
    # A method's locals at entry are exactly its arguments; None means absent (§1.6).
    return {k: v for k, v in frame_locals.items() if k != "self"}


class _Resource:
    __slots__ = ("_t",)

    def __init__(self, transport: Transport) -> None:
        self._t = transport



class Memories(_Resource):
    """``client.memories``: Core memory storage and retrieval operations."""

    __slots__ = ()

    @checked_call("memories.create")
    def create(self, agent_id: str, content: str, metadata: Optional[Dict[str, Any]] = None, *, importance: Optional[float] = None, tier: Optional[str] = None, memory_type: Optional[str] = None, user_id: Optional[str] = None, session_id: Optional[str] = None, project: Optional[str] = None, deduplicate: Optional[bool] = None, dedup_threshold: Optional[float] = None) -> Memory:
        """Store a new memory."""
        return decode(self._t.call_sync("memories.create", _args(locals())), Memory)

    @checked_call("memories.search")
    def search(self, agent_id: str, query: str, limit: int = 10, *, min_score: Optional[float] = None, metadata_filter: Optional[Dict[str, Any]] = None, search_mode: Optional[str] = None, include_archived: Optional[bool] = None) -> SearchResults:
        """Semantic search across memories."""
        return decode(self._t.call_sync("memories.search", _args(locals())), SearchResults)

    @checked_call("memories.list")
    def list(self, agent_id: str, limit: int = 50, offset: int = 0) -> ListResponse[Memory]:
        """List memories with pagination."""
        return decode(self._t.call_sync("memories.list", _args(locals())), ListResponse[Memory])

    @checked_call("memories.get")
    def get(self, memory_id: str) -> Memory:
        """Retrieve a specific memory."""
        return decode(self._t.call_sync("memories.get", _args(locals())), Memory)

    @checked_call("memories.update")
    def update(self, memory_id: str, content: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None) -> Memory:
        """Update memory content or metadata."""
        return decode(self._t.call_sync("memories.update", _args(locals())), Memory)

    @checked_call("memories.delete")
    def delete(self, memory_id: str) -> None:
        """Soft-delete a memory."""
        self._t.call_sync("memories.delete", _args(locals()))
        return None

    @checked_call("memories.batch_create")
    def batch_create(self, agent_id: str, memories: List[Dict[str, Any]]) -> BatchResult:
        """Store multiple memories in one call."""
        return decode(self._t.call_sync("memories.batch_create", _args(locals())), BatchResult)


class Agents(_Resource):
    """``client.agents``: Manage agent namespaces that isolate memory collections."""

    __slots__ = ()

    @checked_call("agents.create")
    def create(self, name: str, description: Optional[str] = None, *, metadata: Optional[Dict[str, Any]] = None) -> Agent:
        """Create a new agent."""
        return decode(self._t.call_sync("agents.create", _args(locals())), Agent)

    @checked_call("agents.list")
    def list(self, limit: int = 50, offset: int = 0) -> ListResponse[Agent]:
        """List all agents."""
        return decode(self._t.call_sync("agents.list", _args(locals())), ListResponse[Agent])

    @checked_call("agents.get")
    def get(self, agent_id: str) -> Agent:
        """Get agent details."""
        return decode(self._t.call_sync("agents.get", _args(locals())), Agent)

    @checked_call("agents.update")
    def update(self, agent_id: str, name: Optional[str] = None, description: Optional[str] = None, *, metadata: Optional[Dict[str, Any]] = None) -> Agent:
        """Update an agent."""
        return decode(self._t.call_sync("agents.update", _args(locals())), Agent)

    @checked_call("agents.delete")
    def delete(self, agent_id: str) -> None:
        """Delete an agent and its memories."""
        self._t.call_sync("agents.delete", _args(locals()))
        return None

    @checked_call("agents.stats")
    def stats(self, agent_id: str) -> AgentStats:
        """Get memory count and usage statistics."""
        return decode(self._t.call_sync("agents.stats", _args(locals())), AgentStats)


class Entities(_Resource):
    """``client.entities``: Knowledge graph nodes: people, organizations, technologies, concepts."""

    __slots__ = ()

    @checked_call("entities.create")
    def create(self, agent_id: str, name: str, entity_type: str, metadata: Optional[Dict[str, Any]] = None) -> Entity:
        """Create an entity."""
        return decode(self._t.call_sync("entities.create", _args(locals())), Entity)

    @checked_call("entities.list")
    def list(self, agent_id: str, entity_type: Optional[str] = None, limit: int = 50, offset: int = 0) -> ListResponse[Entity]:
        """List entities with optional type filter."""
        return decode(self._t.call_sync("entities.list", _args(locals())), ListResponse[Entity])

    @checked_call("entities.get")
    def get(self, entity_id: str) -> Entity:
        """Get entity details."""
        return decode(self._t.call_sync("entities.get", _args(locals())), Entity)

    @checked_call("entities.update")
    def update(self, entity_id: str, name: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None) -> Entity:
        """Update an entity."""
        return decode(self._t.call_sync("entities.update", _args(locals())), Entity)

    @checked_call("entities.delete")
    def delete(self, entity_id: str) -> None:
        """Delete an entity."""
        self._t.call_sync("entities.delete", _args(locals()))
        return None

    @checked_call("entities.link")
    def link(self, entity_id: str, memory_id: str, relationship: Optional[str] = None) -> EntityLink:
        """Link an entity to a memory."""
        return decode(self._t.call_sync("entities.link", _args(locals())), EntityLink)


class Sessions(_Resource):
    """``client.sessions``: Group related memories into bounded interaction periods."""

    __slots__ = ()

    @checked_call("sessions.create")
    def create(self, agent_id: str, metadata: Optional[Dict[str, Any]] = None, *, title: Optional[str] = None, external_id: Optional[str] = None, project: Optional[str] = None) -> Session:
        """Start a new session."""
        return decode(self._t.call_sync("sessions.create", _args(locals())), Session)

    @checked_call("sessions.get_or_create")
    def get_or_create(self, agent_id: str, session_key: str, *, title: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None, project: Optional[str] = None) -> Session:
        """Resume or start a session by key."""
        return decode(self._t.call_sync("sessions.get_or_create", _args(locals())), Session)

    @checked_call("sessions.list")
    def list(self, agent_id: str, limit: int = 50, offset: int = 0, *, status: Optional[str] = None) -> ListResponse[Session]:
        """List sessions."""
        return decode(self._t.call_sync("sessions.list", _args(locals())), ListResponse[Session])

    @checked_call("sessions.get")
    def get(self, session_id: str) -> Session:
        """Get session details and memories."""
        return decode(self._t.call_sync("sessions.get", _args(locals())), Session)

    @checked_call("sessions.end")
    def end(self, session_id: str, *, summary: Optional[str] = None) -> Session:
        """Mark a session as ended."""
        return decode(self._t.call_sync("sessions.end", _args(locals())), Session)

    @checked_call("sessions.summarize")
    def summarize(self, session_id: str) -> SessionSummary:
        """Generate a summary of the session."""
        return decode(self._t.call_sync("sessions.summarize", _args(locals())), SessionSummary)

    @checked_call("sessions.delete")
    def delete(self, session_id: str) -> None:
        """Delete a session."""
        self._t.call_sync("sessions.delete", _args(locals()))
        return None


class Decisions(_Resource):
    """``client.decisions``: Track architectural and design decisions with lifecycle management."""

    __slots__ = ()

    @checked_call("decisions.create")
    def create(self, agent_id: str, title: str, content: str, metadata: Optional[Dict[str, Any]] = None, *, alternatives: Optional[str] = None, status: Optional[str] = None, tags: Optional[List[str]] = None, project_slug: Optional[str] = None, session_id: Optional[str] = None) -> Decision:
        """Record a new decision."""
        return decode(self._t.call_sync("decisions.create", _args(locals())), Decision)

    @checked_call("decisions.list")
    def list(self, agent_id: str, status: Optional[str] = None, limit: int = 50, offset: int = 0) -> ListResponse[Decision]:
        """List decisions."""
        return decode(self._t.call_sync("decisions.list", _args(locals())), ListResponse[Decision])

    @checked_call("decisions.get")
    def get(self, decision_id: str) -> Decision:
        """Get decision details."""
        return decode(self._t.call_sync("decisions.get", _args(locals())), Decision)

    @checked_call("decisions.update")
    def update(self, decision_id: str, title: Optional[str] = None, content: Optional[str] = None) -> Decision:
        """Update a decision."""
        return decode(self._t.call_sync("decisions.update", _args(locals())), Decision)

    @checked_call("decisions.delete")
    def delete(self, decision_id: str) -> None:
        """Delete a decision."""
        self._t.call_sync("decisions.delete", _args(locals()))
        return None

    @checked_call("decisions.check")
    def check(self, agent_id: str, query: str, *, limit: Optional[int] = None, threshold: Optional[float] = None) -> DecisionCheckResult:
        """Check if a query conflicts with existing decisions."""
        return decode(self._t.call_sync("decisions.check", _args(locals())), DecisionCheckResult)

    @checked_call("decisions.supersede")
    def supersede(self, decision_id: str, new_decision_id: str, reason: Optional[str] = None) -> Decision:
        """Mark a decision as superseded; returns the new decision."""
        return decode(self._t.call_sync("decisions.supersede", _args(locals())), Decision)


class Projects(_Resource):
    """``client.projects``: Multi-project context management."""

    __slots__ = ()

    @checked_call("projects.create")
    def create(self, agent_id: str, name: str, description: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None, *, slug: Optional[str] = None, stack: Optional[Dict[str, Any]] = None, repo_url: Optional[str] = None) -> Project:
        """Register a project."""
        return decode(self._t.call_sync("projects.create", _args(locals())), Project)

    @checked_call("projects.list")
    def list(self, agent_id: str, limit: int = 50, offset: int = 0) -> ListResponse[Project]:
        """List projects."""
        return decode(self._t.call_sync("projects.list", _args(locals())), ListResponse[Project])

    @checked_call("projects.get")
    def get(self, project_id: str) -> Project:
        """Get project details."""
        return decode(self._t.call_sync("projects.get", _args(locals())), Project)

    @checked_call("projects.update")
    def update(self, project_id: str, name: Optional[str] = None, description: Optional[str] = None, *, metadata: Optional[Dict[str, Any]] = None) -> Project:
        """Update a project."""
        return decode(self._t.call_sync("projects.update", _args(locals())), Project)

    @checked_call("projects.delete")
    def delete(self, project_id: str) -> None:
        """Delete a project."""
        self._t.call_sync("projects.delete", _args(locals()))
        return None

    @checked_call("projects.context")
    def context(self, project_id: str) -> ProjectContext:
        """Get full project context (memories, decisions, patterns)."""
        return decode(self._t.call_sync("projects.context", _args(locals())), ProjectContext)


class Patterns(_Resource):
    """``client.patterns``: Discover and share reusable patterns across projects."""

    __slots__ = ()

    @checked_call("patterns.create")
    def create(self, agent_id: str, name: str, content: str, metadata: Optional[Dict[str, Any]] = None, *, scope: Optional[str] = None, category: Optional[str] = None, tags: Optional[List[str]] = None, example_code: Optional[str] = None) -> Pattern:
        """Create a pattern."""
        return decode(self._t.call_sync("patterns.create", _args(locals())), Pattern)

    @checked_call("patterns.search")
    def search(self, agent_id: str, query: str, limit: int = 10, *, threshold: Optional[float] = None) -> PatternSearchResults:
        """Search patterns by meaning."""
        return decode(self._t.call_sync("patterns.search", _args(locals())), PatternSearchResults)

    @checked_call("patterns.list")
    def list(self, agent_id: str, limit: int = 50, offset: int = 0) -> ListResponse[Pattern]:
        """List patterns."""
        return decode(self._t.call_sync("patterns.list", _args(locals())), ListResponse[Pattern])

    @checked_call("patterns.get")
    def get(self, pattern_id: str) -> Pattern:
        """Get pattern details."""
        return decode(self._t.call_sync("patterns.get", _args(locals())), Pattern)

    @checked_call("patterns.update")
    def update(self, pattern_id: str, name: Optional[str] = None, content: Optional[str] = None) -> Pattern:
        """Update a pattern."""
        return decode(self._t.call_sync("patterns.update", _args(locals())), Pattern)

    @checked_call("patterns.delete")
    def delete(self, pattern_id: str) -> None:
        """Delete a pattern."""
        self._t.call_sync("patterns.delete", _args(locals()))
        return None

    @checked_call("patterns.adopt")
    def adopt(self, pattern_id: str, project_id: str) -> Pattern:
        """Adopt a pattern for a project."""
        return decode(self._t.call_sync("patterns.adopt", _args(locals())), Pattern)

    @checked_call("patterns.unadopt")
    def unadopt(self, pattern_id: str, project_id: str) -> Pattern:
        """Remove a pattern adoption."""
        return decode(self._t.call_sync("patterns.unadopt", _args(locals())), Pattern)


class AsyncMemories(_Resource):
    """``client.memories``: Core memory storage and retrieval operations."""

    __slots__ = ()

    @checked_call("memories.create")
    async def create(self, agent_id: str, content: str, metadata: Optional[Dict[str, Any]] = None, *, importance: Optional[float] = None, tier: Optional[str] = None, memory_type: Optional[str] = None, user_id: Optional[str] = None, session_id: Optional[str] = None, project: Optional[str] = None, deduplicate: Optional[bool] = None, dedup_threshold: Optional[float] = None) -> Memory:
        """Store a new memory."""
        return decode(await self._t.call_async("memories.create", _args(locals())), Memory)

    @checked_call("memories.search")
    async def search(self, agent_id: str, query: str, limit: int = 10, *, min_score: Optional[float] = None, metadata_filter: Optional[Dict[str, Any]] = None, search_mode: Optional[str] = None, include_archived: Optional[bool] = None) -> SearchResults:
        """Semantic search across memories."""
        return decode(await self._t.call_async("memories.search", _args(locals())), SearchResults)

    @checked_call("memories.list")
    async def list(self, agent_id: str, limit: int = 50, offset: int = 0) -> ListResponse[Memory]:
        """List memories with pagination."""
        return decode(await self._t.call_async("memories.list", _args(locals())), ListResponse[Memory])

    @checked_call("memories.get")
    async def get(self, memory_id: str) -> Memory:
        """Retrieve a specific memory."""
        return decode(await self._t.call_async("memories.get", _args(locals())), Memory)

    @checked_call("memories.update")
    async def update(self, memory_id: str, content: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None) -> Memory:
        """Update memory content or metadata."""
        return decode(await self._t.call_async("memories.update", _args(locals())), Memory)

    @checked_call("memories.delete")
    async def delete(self, memory_id: str) -> None:
        """Soft-delete a memory."""
        await self._t.call_async("memories.delete", _args(locals()))
        return None

    @checked_call("memories.batch_create")
    async def batch_create(self, agent_id: str, memories: List[Dict[str, Any]]) -> BatchResult:
        """Store multiple memories in one call."""
        return decode(await self._t.call_async("memories.batch_create", _args(locals())), BatchResult)


class AsyncAgents(_Resource):
    """``client.agents``: Manage agent namespaces that isolate memory collections."""

    __slots__ = ()

    @checked_call("agents.create")
    async def create(self, name: str, description: Optional[str] = None, *, metadata: Optional[Dict[str, Any]] = None) -> Agent:
        """Create a new agent."""
        return decode(await self._t.call_async("agents.create", _args(locals())), Agent)

    @checked_call("agents.list")
    async def list(self, limit: int = 50, offset: int = 0) -> ListResponse[Agent]:
        """List all agents."""
        return decode(await self._t.call_async("agents.list", _args(locals())), ListResponse[Agent])

    @checked_call("agents.get")
    async def get(self, agent_id: str) -> Agent:
        """Get agent details."""
        return decode(await self._t.call_async("agents.get", _args(locals())), Agent)

    @checked_call("agents.update")
    async def update(self, agent_id: str, name: Optional[str] = None, description: Optional[str] = None, *, metadata: Optional[Dict[str, Any]] = None) -> Agent:
        """Update an agent."""
        return decode(await self._t.call_async("agents.update", _args(locals())), Agent)

    @checked_call("agents.delete")
    async def delete(self, agent_id: str) -> None:
        """Delete an agent and its memories."""
        await self._t.call_async("agents.delete", _args(locals()))
        return None

    @checked_call("agents.stats")
    async def stats(self, agent_id: str) -> AgentStats:
        """Get memory count and usage statistics."""
        return decode(await self._t.call_async("agents.stats", _args(locals())), AgentStats)


class AsyncEntities(_Resource):
    """``client.entities``: Knowledge graph nodes: people, organizations, technologies, concepts."""

    __slots__ = ()

    @checked_call("entities.create")
    async def create(self, agent_id: str, name: str, entity_type: str, metadata: Optional[Dict[str, Any]] = None) -> Entity:
        """Create an entity."""
        return decode(await self._t.call_async("entities.create", _args(locals())), Entity)

    @checked_call("entities.list")
    async def list(self, agent_id: str, entity_type: Optional[str] = None, limit: int = 50, offset: int = 0) -> ListResponse[Entity]:
        """List entities with optional type filter."""
        return decode(await self._t.call_async("entities.list", _args(locals())), ListResponse[Entity])

    @checked_call("entities.get")
    async def get(self, entity_id: str) -> Entity:
        """Get entity details."""
        return decode(await self._t.call_async("entities.get", _args(locals())), Entity)

    @checked_call("entities.update")
    async def update(self, entity_id: str, name: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None) -> Entity:
        """Update an entity."""
        return decode(await self._t.call_async("entities.update", _args(locals())), Entity)

    @checked_call("entities.delete")
    async def delete(self, entity_id: str) -> None:
        """Delete an entity."""
        await self._t.call_async("entities.delete", _args(locals()))
        return None

    @checked_call("entities.link")
    async def link(self, entity_id: str, memory_id: str, relationship: Optional[str] = None) -> EntityLink:
        """Link an entity to a memory."""
        return decode(await self._t.call_async("entities.link", _args(locals())), EntityLink)


class AsyncSessions(_Resource):
    """``client.sessions``: Group related memories into bounded interaction periods."""

    __slots__ = ()

    @checked_call("sessions.create")
    async def create(self, agent_id: str, metadata: Optional[Dict[str, Any]] = None, *, title: Optional[str] = None, external_id: Optional[str] = None, project: Optional[str] = None) -> Session:
        """Start a new session."""
        return decode(await self._t.call_async("sessions.create", _args(locals())), Session)

    @checked_call("sessions.get_or_create")
    async def get_or_create(self, agent_id: str, session_key: str, *, title: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None, project: Optional[str] = None) -> Session:
        """Resume or start a session by key."""
        return decode(await self._t.call_async("sessions.get_or_create", _args(locals())), Session)

    @checked_call("sessions.list")
    async def list(self, agent_id: str, limit: int = 50, offset: int = 0, *, status: Optional[str] = None) -> ListResponse[Session]:
        """List sessions."""
        return decode(await self._t.call_async("sessions.list", _args(locals())), ListResponse[Session])

    @checked_call("sessions.get")
    async def get(self, session_id: str) -> Session:
        """Get session details and memories."""
        return decode(await self._t.call_async("sessions.get", _args(locals())), Session)

    @checked_call("sessions.end")
    async def end(self, session_id: str, *, summary: Optional[str] = None) -> Session:
        """Mark a session as ended."""
        return decode(await self._t.call_async("sessions.end", _args(locals())), Session)

    @checked_call("sessions.summarize")
    async def summarize(self, session_id: str) -> SessionSummary:
        """Generate a summary of the session."""
        return decode(await self._t.call_async("sessions.summarize", _args(locals())), SessionSummary)

    @checked_call("sessions.delete")
    async def delete(self, session_id: str) -> None:
        """Delete a session."""
        await self._t.call_async("sessions.delete", _args(locals()))
        return None


class AsyncDecisions(_Resource):
    """``client.decisions``: Track architectural and design decisions with lifecycle management."""

    __slots__ = ()

    @checked_call("decisions.create")
    async def create(self, agent_id: str, title: str, content: str, metadata: Optional[Dict[str, Any]] = None, *, alternatives: Optional[str] = None, status: Optional[str] = None, tags: Optional[List[str]] = None, project_slug: Optional[str] = None, session_id: Optional[str] = None) -> Decision:
        """Record a new decision."""
        return decode(await self._t.call_async("decisions.create", _args(locals())), Decision)

    @checked_call("decisions.list")
    async def list(self, agent_id: str, status: Optional[str] = None, limit: int = 50, offset: int = 0) -> ListResponse[Decision]:
        """List decisions."""
        return decode(await self._t.call_async("decisions.list", _args(locals())), ListResponse[Decision])

    @checked_call("decisions.get")
    async def get(self, decision_id: str) -> Decision:
        """Get decision details."""
        return decode(await self._t.call_async("decisions.get", _args(locals())), Decision)

    @checked_call("decisions.update")
    async def update(self, decision_id: str, title: Optional[str] = None, content: Optional[str] = None) -> Decision:
        """Update a decision."""
        return decode(await self._t.call_async("decisions.update", _args(locals())), Decision)

    @checked_call("decisions.delete")
    async def delete(self, decision_id: str) -> None:
        """Delete a decision."""
        await self._t.call_async("decisions.delete", _args(locals()))
        return None

    @checked_call("decisions.check")
    async def check(self, agent_id: str, query: str, *, limit: Optional[int] = None, threshold: Optional[float] = None) -> DecisionCheckResult:
        """Check if a query conflicts with existing decisions."""
        return decode(await self._t.call_async("decisions.check", _args(locals())), DecisionCheckResult)

    @checked_call("decisions.supersede")
    async def supersede(self, decision_id: str, new_decision_id: str, reason: Optional[str] = None) -> Decision:
        """Mark a decision as superseded; returns the new decision."""
        return decode(await self._t.call_async("decisions.supersede", _args(locals())), Decision)


class AsyncProjects(_Resource):
    """``client.projects``: Multi-project context management."""

    __slots__ = ()

    @checked_call("projects.create")
    async def create(self, agent_id: str, name: str, description: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None, *, slug: Optional[str] = None, stack: Optional[Dict[str, Any]] = None, repo_url: Optional[str] = None) -> Project:
        """Register a project."""
        return decode(await self._t.call_async("projects.create", _args(locals())), Project)

    @checked_call("projects.list")
    async def list(self, agent_id: str, limit: int = 50, offset: int = 0) -> ListResponse[Project]:
        """List projects."""
        return decode(await self._t.call_async("projects.list", _args(locals())), ListResponse[Project])

    @checked_call("projects.get")
    async def get(self, project_id: str) -> Project:
        """Get project details."""
        return decode(await self._t.call_async("projects.get", _args(locals())), Project)

    @checked_call("projects.update")
    async def update(self, project_id: str, name: Optional[str] = None, description: Optional[str] = None, *, metadata: Optional[Dict[str, Any]] = None) -> Project:
        """Update a project."""
        return decode(await self._t.call_async("projects.update", _args(locals())), Project)

    @checked_call("projects.delete")
    async def delete(self, project_id: str) -> None:
        """Delete a project."""
        await self._t.call_async("projects.delete", _args(locals()))
        return None

    @checked_call("projects.context")
    async def context(self, project_id: str) -> ProjectContext:
        """Get full project context (memories, decisions, patterns)."""
        return decode(await self._t.call_async("projects.context", _args(locals())), ProjectContext)


class AsyncPatterns(_Resource):
    """``client.patterns``: Discover and share reusable patterns across projects."""

    __slots__ = ()

    @checked_call("patterns.create")
    async def create(self, agent_id: str, name: str, content: str, metadata: Optional[Dict[str, Any]] = None, *, scope: Optional[str] = None, category: Optional[str] = None, tags: Optional[List[str]] = None, example_code: Optional[str] = None) -> Pattern:
        """Create a pattern."""
        return decode(await self._t.call_async("patterns.create", _args(locals())), Pattern)

    @checked_call("patterns.search")
    async def search(self, agent_id: str, query: str, limit: int = 10, *, threshold: Optional[float] = None) -> PatternSearchResults:
        """Search patterns by meaning."""
        return decode(await self._t.call_async("patterns.search", _args(locals())), PatternSearchResults)

    @checked_call("patterns.list")
    async def list(self, agent_id: str, limit: int = 50, offset: int = 0) -> ListResponse[Pattern]:
        """List patterns."""
        return decode(await self._t.call_async("patterns.list", _args(locals())), ListResponse[Pattern])

    @checked_call("patterns.get")
    async def get(self, pattern_id: str) -> Pattern:
        """Get pattern details."""
        return decode(await self._t.call_async("patterns.get", _args(locals())), Pattern)

    @checked_call("patterns.update")
    async def update(self, pattern_id: str, name: Optional[str] = None, content: Optional[str] = None) -> Pattern:
        """Update a pattern."""
        return decode(await self._t.call_async("patterns.update", _args(locals())), Pattern)

    @checked_call("patterns.delete")
    async def delete(self, pattern_id: str) -> None:
        """Delete a pattern."""
        await self._t.call_async("patterns.delete", _args(locals()))
        return None

    @checked_call("patterns.adopt")
    async def adopt(self, pattern_id: str, project_id: str) -> Pattern:
        """Adopt a pattern for a project."""
        return decode(await self._t.call_async("patterns.adopt", _args(locals())), Pattern)

    @checked_call("patterns.unadopt")
    async def unadopt(self, pattern_id: str, project_id: str) -> Pattern:
        """Remove a pattern adoption."""
        return decode(await self._t.call_async("patterns.unadopt", _args(locals())), Pattern)

