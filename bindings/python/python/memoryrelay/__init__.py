"""MemoryRelay: persistent memory for AI agents.

The Python skin over the SDK's Rust core (UniFFI). Public API as in the Python reference:
``MemoryRelay``, ``AsyncMemoryRelay``, the resource namespaces, Pydantic models and
``memoryrelay.exceptions``.
"""

from . import _logging, exceptions, models
from ._client import AsyncMemoryRelay, MemoryRelay
from ._core import CancellationToken
from ._logging import disable_logging, enable_logging
from .exceptions import (
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
    SearchResult,
    SearchResults,
    Session,
    SessionSummary,
)

__version__ = "0.1.0"

__all__ = [
    "disable_logging",
    "enable_logging",
    "APIError",
    "Agent",
    "AgentStats",
    "AsyncMemoryRelay",
    "AuthenticationError",
    "BatchResult",
    "CancellationToken",
    "ConflictError",
    "Decision",
    "DecisionCheckResult",
    "Entity",
    "EntityLink",
    "ErrorCode",
    "ForbiddenError",
    "ListResponse",
    "Memory",
    "MemoryRelay",
    "MemoryRelayError",
    "NetworkError",
    "NotFoundError",
    "Pattern",
    "PatternSearchResults",
    "Project",
    "ProjectContext",
    "RateLimitError",
    "SearchResult",
    "SearchResults",
    "Session",
    "SessionSummary",
    "TimeoutError",
    "ValidationError",
    "exceptions",
    "models",
]

_logging._from_environment()
