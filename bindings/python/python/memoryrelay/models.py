"""Typed results (wire contract §4.1) as Pydantic v2 models.

Decoders require only what the contract requires (``id`` on resources, ``score`` and the
nested object on search items); every other field has a default. Unknown fields are kept
(``extra="allow"``) so nothing the server sends is lost. Memory timestamps arrive as unix
seconds, the others as RFC 3339; both parse to timezone-aware ``datetime`` (UTC when the
string has no offset).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Any, Dict, Generic, Iterator, List, Optional, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


__all__ = [
    "Agent",
    "AgentStats",
    "BatchItemResult",
    "BatchResult",
    "BatchTiming",
    "Decision",
    "DecisionCheckResult",
    "DecisionMatch",
    "Entity",
    "EntityLink",
    "Health",
    "ListResponse",
    "Memory",
    "Pattern",
    "PatternSearchResult",
    "PatternSearchResults",
    "Project",
    "ProjectContext",
    "SearchResult",
    "SearchResults",
    "Session",
    "SessionSummary",
]


def _as_utc(value: datetime) -> datetime:
    # The contract reads an offset-less timestamp as UTC; Pydantic would leave it naive.
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


Timestamp = Annotated[datetime, AfterValidator(_as_utc)]
Metadata = Dict[str, Any]


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=False)


class Memory(_Model):
    id: str
    object: str = "memory"
    agent_id: str = ""
    content: str = ""
    metadata: Metadata = Field(default_factory=dict)
    memory_type: str = "fact"
    importance: float = 0.5
    tier: str = "warm"
    user_id: Optional[str] = None
    session_id: Optional[str] = None
    project_id: Optional[str] = None
    is_duplicate: bool = False
    created_at: Optional[Timestamp] = None
    updated_at: Optional[Timestamp] = None


class Agent(_Model):
    id: str
    object: str = "agent"
    name: str = ""
    description: Optional[str] = None
    metadata: Metadata = Field(default_factory=dict)
    memory_count: int = 0
    last_active_at: Optional[Timestamp] = None
    created_at: Optional[Timestamp] = None
    updated_at: Optional[Timestamp] = None


class AgentStats(_Model):
    agent_id: str
    memory_count: int = 0
    entity_count: int = 0
    session_count: int = 0
    decision_count: int = 0
    pattern_count: int = 0
    last_active_at: Optional[Timestamp] = None


class Entity(_Model):
    id: str
    object: str = "entity"
    agent_id: Optional[str] = None
    name: str = ""
    entity_type: str = ""
    type: str = ""
    metadata: Metadata = Field(default_factory=dict)
    memory_count: int = 0
    created_at: Optional[Timestamp] = None
    updated_at: Optional[Timestamp] = None


class EntityLink(_Model):
    entity_id: str
    memory_id: str
    relationship: str = "mentioned_in"
    relevance_score: float = 1.0
    created_at: Optional[Timestamp] = None


class Session(_Model):
    id: str
    object: str = "session"
    agent_id: str = ""
    external_id: Optional[str] = None
    title: Optional[str] = None
    project: Optional[str] = None
    status: str = "active"
    summary: Optional[str] = None
    metadata: Metadata = Field(default_factory=dict)
    memory_count: int = 0
    started_at: Optional[Timestamp] = None
    ended_at: Optional[Timestamp] = None
    created_at: Optional[Timestamp] = None
    updated_at: Optional[Timestamp] = None
    #: Only in ``sessions.get`` responses: linked memories, oldest first.
    memories: Optional[List[Memory]] = None
    #: Only in ``sessions.get_or_create`` responses.
    created: Optional[bool] = None


class SessionSummary(_Model):
    session_id: str
    summary: str = ""
    memory_count: int = 0
    generated_at: Optional[Timestamp] = None


class Decision(_Model):
    id: str
    object: str = "decision"
    agent_id: str = ""
    title: str = ""
    rationale: str = ""
    alternatives: Optional[str] = None
    status: str = "active"
    superseded_by: Optional[str] = None
    superseded_reason: Optional[str] = None
    tags: List[str] = Field(default_factory=list)
    project_slug: Optional[str] = None
    session_id: Optional[str] = None
    metadata: Metadata = Field(default_factory=dict)
    created_at: Optional[Timestamp] = None
    updated_at: Optional[Timestamp] = None

    @property
    def content(self) -> str:
        """The Python reference's name for ``rationale``."""
        return self.rationale


class Project(_Model):
    id: str
    object: str = "project"
    slug: str = ""
    name: str = ""
    description: Optional[str] = None
    agent_id: str = ""
    stack: Optional[Dict[str, Any]] = None
    repo_url: Optional[str] = None
    metadata: Metadata = Field(default_factory=dict)
    memory_count: int = 0
    created_at: Optional[Timestamp] = None
    updated_at: Optional[Timestamp] = None


class Pattern(_Model):
    id: str
    object: str = "pattern"
    agent_id: str = ""
    title: str = ""
    description: str = ""
    scope: str = "global"
    category: Optional[str] = None
    tags: List[str] = Field(default_factory=list)
    example_code: Optional[str] = None
    metadata: Metadata = Field(default_factory=dict)
    adoption_count: int = 0
    adopted_by: List[str] = Field(default_factory=list)
    created_at: Optional[Timestamp] = None
    updated_at: Optional[Timestamp] = None

    @property
    def name(self) -> str:
        """The Python reference's name for ``title``."""
        return self.title

    @property
    def content(self) -> str:
        """The Python reference's name for ``description``."""
        return self.description


class SearchResult(_Model):
    memory: Memory
    score: float

    @property
    def content(self) -> str:
        """The matched memory's content (an SDK convenience, contract §5.1)."""
        return self.memory.content


class SearchResults(_Model):
    """``memories.search`` results; iterating yields :class:`SearchResult` items."""

    object: str = "search_results"
    data: List[SearchResult] = Field(default_factory=list)
    query: str = ""

    def __iter__(self) -> Iterator[SearchResult]:  # type: ignore[override]
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, index: int) -> SearchResult:
        return self.data[index]


class PatternSearchResult(_Model):
    pattern: Pattern
    score: float

    @property
    def content(self) -> str:
        return self.pattern.description


class PatternSearchResults(_Model):
    """``patterns.search`` results; iterating yields :class:`PatternSearchResult` items."""

    data: List[PatternSearchResult] = Field(default_factory=list)
    query: str = ""
    total: int = 0

    def __iter__(self) -> Iterator[PatternSearchResult]:  # type: ignore[override]
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, index: int) -> PatternSearchResult:
        return self.data[index]


class DecisionMatch(_Model):
    decision: Decision
    score: float


class DecisionCheckResult(_Model):
    """``decisions.check`` result; iterating yields :class:`DecisionMatch` items."""

    data: List[DecisionMatch] = Field(default_factory=list)
    query: str = ""
    total: int = 0
    has_conflicts: bool = False

    def __iter__(self) -> Iterator[DecisionMatch]:  # type: ignore[override]
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, index: int) -> DecisionMatch:
        return self.data[index]


class BatchItemResult(_Model):
    index: int
    status: str
    memory_id: Optional[str] = None
    error: Optional[str] = None
    error_code: Optional[str] = None


class BatchTiming(_Model):
    total_ms: float = 0.0
    embedding_ms: float = 0.0
    database_ms: float = 0.0
    per_memory_avg_ms: float = 0.0


class BatchResult(_Model):
    """``memories.batch_create`` result; iterating yields the per-item results."""

    success: bool
    total: int = 0
    succeeded: int = 0
    failed: int = 0
    skipped: int = 0
    results: List[BatchItemResult] = Field(default_factory=list)
    timing: BatchTiming = Field(default_factory=BatchTiming)

    def __iter__(self) -> Iterator[BatchItemResult]:  # type: ignore[override]
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)


class ProjectContext(_Model):
    project: Project
    hot_memories: List[Memory] = Field(default_factory=list)
    recent_decisions: List[Decision] = Field(default_factory=list)
    active_patterns: List[Pattern] = Field(default_factory=list)
    context: str = ""


class Health(_Model):
    status: str = "ok"
    version: str = ""
    api_version: str = "v1"
    environment: str = ""
    timestamp: Optional[Timestamp] = None
    uptime_seconds: int = 0
    services: Dict[str, str] = Field(default_factory=dict)
    embedding_info: Dict[str, Any] = Field(default_factory=dict)


T = TypeVar("T", bound=BaseModel)


class ListResponse(_Model, Generic[T]):
    """A page of a list (contract §1.5); iterating yields the items."""

    object: str = "list"
    data: List[T] = Field(default_factory=list)
    has_more: bool = False
    next_cursor: Optional[str] = None
    total_count: int = 0

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, index: int) -> T:
        return self.data[index]
