"""Bad input raises the documented exception (ValidationError, code INVALID_ARGUMENT, no
HTTP status) with a message naming the argument: never a panic or a ctypes error."""

from __future__ import annotations

import asyncio

import pytest

from memoryrelay import AsyncMemoryRelay, MemoryRelay
from memoryrelay.exceptions import ErrorCode, MemoryRelayError, ValidationError

from conftest import Server


@pytest.fixture
def c(server: Server) -> MemoryRelay:
    return MemoryRelay(api_key=server.key, base_url=server.url)


def invalid(excinfo: pytest.ExceptionInfo[ValidationError], *words: str) -> None:
    e = excinfo.value
    assert e.code == ErrorCode.INVALID_ARGUMENT and e.status_code is None
    for w in words:
        assert w in e.message, (w, e.message)


def test_missing_argument_is_named(c: MemoryRelay) -> None:
    with pytest.raises(ValidationError) as info:
        c.memories.create(content="x")  # type: ignore[call-arg]
    invalid(info, "memories.create", "agent_id")


def test_unexpected_argument_is_named(c: MemoryRelay) -> None:
    with pytest.raises(ValidationError) as info:
        c.memories.get(memory_id="m", colour="red")  # type: ignore[call-arg]
    invalid(info, "colour")


def test_wrong_type_is_named_by_the_core(c: MemoryRelay) -> None:
    with pytest.raises(ValidationError) as info:
        c.memories.create(agent_id=123, content="x")  # type: ignore[arg-type]
    invalid(info, "agent_id")
    with pytest.raises(ValidationError) as info:
        c.memories.list(agent_id="a", limit="ten")  # type: ignore[arg-type]
    invalid(info, "limit")
    with pytest.raises(ValidationError) as info:
        c.memories.create(agent_id="a", content="x", metadata=["not", "an", "object"])  # type: ignore[arg-type]
    invalid(info, "metadata")


def test_unserializable_value_is_named(c: MemoryRelay) -> None:
    with pytest.raises(ValidationError) as info:
        c.memories.create(agent_id="a", content="x", metadata={"when": object()})
    invalid(info, "metadata")


def test_empty_path_id_and_empty_update(c: MemoryRelay) -> None:
    with pytest.raises(ValidationError) as info:
        c.memories.get("")
    invalid(info, "memory_id")
    with pytest.raises(ValidationError):
        c.memories.update("some-id")


def test_async_missing_argument(server: Server) -> None:
    async def main() -> None:
        c = AsyncMemoryRelay(api_key=server.key, base_url=server.url)
        with pytest.raises(ValidationError) as info:
            await c.agents.get()  # type: ignore[call-arg]
        invalid(info, "agent_id")

    asyncio.run(main())


def test_bad_client_options_are_named(server: Server) -> None:
    with pytest.raises(ValidationError) as info:
        MemoryRelay(api_key="k", base_url=server.url, max_retries="3")  # type: ignore[arg-type]
    invalid(info, "max_retries")
    with pytest.raises(ValidationError) as info:
        MemoryRelay(api_key="k", base_url=server.url, timeout=-1)
    invalid(info, "timeout")
    with pytest.raises(ValidationError) as info:
        MemoryRelay(api_key="k", base_url="not a url")
    invalid(info)


def test_closed_client_raises_a_clear_error(server: Server) -> None:
    c = MemoryRelay(api_key=server.key, base_url=server.url)
    c.close()
    c.close()  # twice is harmless
    with pytest.raises(MemoryRelayError) as info:
        c.agents.list()
    assert "closed" in info.value.message

    async def main() -> None:
        a = AsyncMemoryRelay(api_key=server.key, base_url=server.url)
        async with a:
            pass
        with pytest.raises(MemoryRelayError) as info:
            await a.agents.list()
        assert "closed" in info.value.message

    asyncio.run(main())


def test_unknown_raw_method(c: MemoryRelay) -> None:
    with pytest.raises(ValidationError) as info:
        c.call("memories.frobnicate")
    invalid(info, "memories.frobnicate")


def test_raw_call_with_wrong_types(c: MemoryRelay) -> None:
    with pytest.raises(ValidationError) as info:
        c.call(123)  # type: ignore[arg-type]
    invalid(info, "method")
    with pytest.raises(ValidationError) as info:
        c.call("agents.list", {}, cancel_token="nope")  # type: ignore[arg-type]
    invalid(info, "cancel_token")
