"""Each exception class of contract §2.3, raised by a real server condition (fault injection
where the local server would not fail on its own), with every field filled as it should be."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

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

from conftest import Server, unique


def client(server: Server, **kw: object) -> MemoryRelay:
    return MemoryRelay(api_key=server.key, base_url=server.url, **kw)  # type: ignore[arg-type]


def assert_http_error(e: MemoryRelayError, code: ErrorCode, status: int) -> None:
    assert e.code == code and e.status_code == status
    assert e.request_id and e.request_id.startswith("req_")
    assert e.body and e.message and str(e) == e.message


def test_authentication_error(server: Server) -> None:
    c = MemoryRelay(api_key="mem_wrong", base_url=server.url)
    with pytest.raises(AuthenticationError) as info:
        c.agents.list()
    assert_http_error(info.value, ErrorCode.AUTHENTICATION, 401)


def test_not_found_error(server: Server) -> None:
    with pytest.raises(NotFoundError) as info:
        client(server).memories.get("nonexistent-id")
    assert_http_error(info.value, ErrorCode.NOT_FOUND, 404)
    assert "memory_id" in info.value.message or "Memory" in info.value.message


def test_server_validation_error_has_details(server: Server) -> None:
    with pytest.raises(ValidationError) as info:
        client(server).memories.list(agent_id=unique("a"), limit=1000)
    e = info.value
    assert_http_error(e, ErrorCode.VALIDATION, 422)
    assert isinstance(e.details, list) and e.details[0]["loc"] == ["query", "limit"]


def test_client_validation_error_has_no_status(server: Server) -> None:
    with pytest.raises(ValidationError) as info:
        client(server).memories.create(agent_id="a", content="   ")
    e = info.value
    assert e.code == ErrorCode.INVALID_ARGUMENT and e.status_code is None and e.body is None
    assert "content" in e.message


def test_rate_limit_error_has_retry_after(faults: Server) -> None:
    # Over the 60 s cap: the client must give up at once and report the wait.
    faults.fault(path="/v1/agents", method="GET", action="status", status=429, retry_after="120")
    with pytest.raises(RateLimitError) as info:
        client(faults).agents.list()
    assert_http_error(info.value, ErrorCode.RATE_LIMITED, 429)
    assert info.value.retry_after == 120
    assert faults.hits()["GET /v1/agents"] == 1


def test_rate_limit_retried_then_exhausted(faults: Server) -> None:
    faults.fault(path="/v1/agents", method="GET", action="status", status=429, retry_after="0",
                 count=3)
    with pytest.raises(RateLimitError) as info:
        client(faults, max_retries=2).agents.list()
    assert info.value.retry_after == 0
    assert faults.hits()["GET /v1/agents"] == 3


def test_forbidden_error(faults: Server) -> None:
    faults.fault(path="/v1/agents", method="GET", action="status", status=403)
    with pytest.raises(ForbiddenError) as info:
        client(faults).agents.list()
    assert isinstance(info.value, APIError)
    assert_http_error(info.value, ErrorCode.FORBIDDEN, 403)


def test_conflict_error(server: Server) -> None:
    c = client(server)
    name = unique("dup")
    c.agents.create(name=name)
    with pytest.raises(ConflictError) as info:
        c.agents.create(name=name)
    assert isinstance(info.value, APIError)
    assert_http_error(info.value, ErrorCode.CONFLICT, 409)


def test_api_error_after_retries(faults: Server) -> None:
    faults.fault(path="/v1/agents", method="GET", action="status", status=503, count=2)
    with pytest.raises(APIError) as info:
        client(faults, max_retries=1).agents.list()
    assert type(info.value) is APIError
    assert_http_error(info.value, ErrorCode.API, 503)
    assert faults.hits()["GET /v1/agents"] == 2


def test_network_error(faults: Server) -> None:
    faults.fault(path="/v1/agents", method="GET", action="drop_after_commit", count=5)
    with pytest.raises(NetworkError) as info:
        client(faults, max_retries=0).agents.list()
    e = info.value
    assert isinstance(e, APIError) and e.code == ErrorCode.NETWORK
    assert e.status_code is None and e.body is None


def test_timeout_error(faults: Server) -> None:
    faults.fault(path="/v1/agents", method="GET", action="delay", delay_ms=3000)
    started = time.monotonic()
    with pytest.raises(TimeoutError) as info:
        client(faults, timeout=0.3, max_retries=0).agents.list()
    assert time.monotonic() - started < 2.5
    assert isinstance(info.value, APIError) and info.value.code == ErrorCode.TIMEOUT


def test_sync_cancellation_from_another_thread(faults: Server) -> None:
    faults.fault(path="/v1/agents", method="GET", action="delay", delay_ms=3000)
    token = CancellationToken()
    threading.Timer(0.2, token.cancel).start()
    started = time.monotonic()
    with pytest.raises(MemoryRelayError) as info:
        client(faults).call("agents.list", {}, cancel_token=token)
    assert info.value.code == ErrorCode.CANCELLED and type(info.value) is MemoryRelayError
    assert time.monotonic() - started < 2.0 and token.cancelled


def test_async_cancellation_by_token_and_by_task(faults: Server) -> None:
    faults.fault(path="/v1/agents", method="GET", action="delay", delay_ms=3000, count=2)

    async def main() -> None:
        c = AsyncMemoryRelay(api_key=faults.key, base_url=faults.url)
        token = CancellationToken()
        asyncio.get_running_loop().call_later(0.2, token.cancel)
        started = time.monotonic()
        with pytest.raises(asyncio.CancelledError):
            await c.call("agents.list", {}, cancel_token=token)
        assert time.monotonic() - started < 2.0
        task = asyncio.ensure_future(c.agents.list())
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert time.monotonic() - started < 2.0
        # The client still works afterwards.
        faults.clear_faults()
        assert (await c.agents.list()).object == "list"

    asyncio.run(main())


def test_async_errors_map_the_same_way(server: Server) -> None:
    async def main() -> None:
        async with AsyncMemoryRelay(api_key=server.key, base_url=server.url) as c:
            with pytest.raises(NotFoundError) as info:
                await c.memories.get("nonexistent-id")
            assert_http_error(info.value, ErrorCode.NOT_FOUND, 404)

    asyncio.run(main())
