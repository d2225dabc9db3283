"""``MemoryRelay`` (blocking) and ``AsyncMemoryRelay`` (asyncio): the Python reference's clients.

Both wrap one native client of the Rust core. Settings resolve in Rust: an explicit argument
wins over the environment (``MEMORYRELAY_API_KEY``, ``MEMORYRELAY_API_URL``), which wins
over the defaults (contract §1.1).
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Dict, Optional, Type

from ._core import CancellationToken, Transport, decode_raw, native_token
from ._resources import (
    Agents,
    AsyncAgents,
    AsyncDecisions,
    AsyncEntities,
    AsyncMemories,
    AsyncPatterns,
    AsyncProjects,
    AsyncSessions,
    Decisions,
    Entities,
    Memories,
    Patterns,
    Projects,
    Sessions,
)

__all__ = ["MemoryRelay", "AsyncMemoryRelay"]


class _Base:
    def __init__(
        self,
        api_key: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        *,
        max_retry_after: Optional[float] = None,
        allow_insecure_http: bool = False,
    ) -> None:
        self._transport = Transport(
            api_key, base_url, timeout, max_retries, max_retry_after, allow_insecure_http
        )

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has run; calls on a closed client raise an error."""
        return self._transport.closed


class MemoryRelay(_Base):
    """Synchronous MemoryRelay client.

    Args:
        api_key: the API key; defaults to ``MEMORYRELAY_API_KEY``.
        base_url: the server; defaults to ``MEMORYRELAY_API_URL``, then the hosted API.
        timeout: per-attempt timeout in seconds (default 30).
        max_retries: retries after the first attempt (0..10, default 2).
        max_retry_after: longest ``Retry-After`` (seconds) honoured by waiting (default 60).
        allow_insecure_http: allow plain ``http://`` to hosts other than loopback.
    """

    def __init__(
        self,
        api_key: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        *,
        max_retry_after: Optional[float] = None,
        allow_insecure_http: bool = False,
    ) -> None:
        super().__init__(
            api_key,
            base_url,
            timeout,
            max_retries,
            max_retry_after=max_retry_after,
            allow_insecure_http=allow_insecure_http,
        )
        t = self._transport
        self.memories = Memories(t)
        self.agents = Agents(t)
        self.entities = Entities(t)
        self.sessions = Sessions(t)
        self.decisions = Decisions(t)
        self.projects = Projects(t)
        self.patterns = Patterns(t)

    def call(
        self,
        method: str,
        params: Optional[Dict[str, Any]] = None,
        *,
        cancel_token: Optional[CancellationToken] = None,
    ) -> Any:
        """The JSON layer (contract §1.6): ``call("memories.get", {"memory_id": ...})``
        returns the lossless response JSON as Python data."""
        token = native_token(cancel_token)
        return decode_raw(method, self._transport.call_sync(method, params or {}, token))

    def close(self) -> None:
        """Releases connections. Later calls raise an error; closing twice is harmless."""
        self._transport.close()

    def __enter__(self) -> "MemoryRelay":
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()


class AsyncMemoryRelay(_Base):
    """Asynchronous (asyncio) MemoryRelay client; same arguments as :class:`MemoryRelay`.

    Cancelling the awaiting task cancels the HTTP exchange in the Rust core.
    """

    def __init__(
        self,
        api_key: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        *,
        max_retry_after: Optional[float] = None,
        allow_insecure_http: bool = False,
    ) -> None:
        super().__init__(
            api_key,
            base_url,
            timeout,
            max_retries,
            max_retry_after=max_retry_after,
            allow_insecure_http=allow_insecure_http,
        )
        t = self._transport
        self.memories = AsyncMemories(t)
        self.agents = AsyncAgents(t)
        self.entities = AsyncEntities(t)
        self.sessions = AsyncSessions(t)
        self.decisions = AsyncDecisions(t)
        self.projects = AsyncProjects(t)
        self.patterns = AsyncPatterns(t)

    async def call(
        self,
        method: str,
        params: Optional[Dict[str, Any]] = None,
        *,
        cancel_token: Optional[CancellationToken] = None,
    ) -> Any:
        """The JSON layer (contract §1.6), awaited."""
        token = native_token(cancel_token)
        return decode_raw(method, await self._transport.call_async(method, params or {}, token))

    async def close(self) -> None:
        """Releases connections. Later calls raise an error; closing twice is harmless."""
        self._transport.close()

    async def __aenter__(self) -> "AsyncMemoryRelay":
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.close()
