"""The raw path: the core hands over the response's JSON text and pydantic-core decodes it
(docs/uniffi.md). Every error mapping stays: a 2xx body that is not JSON, or JSON that does
not fit the method's model, is the DECODE error — ``APIError`` with code ``API``, the body,
the status and the request id — in the sync and the async client."""

from __future__ import annotations

import asyncio
from datetime import timezone
from typing import Any

import pytest

from memoryrelay import AsyncMemoryRelay, MemoryRelay
from memoryrelay.exceptions import APIError, ErrorCode, ValidationError
from memoryrelay.models import Memory, SearchResults

from conftest import Server, unique


def client(server: Server) -> MemoryRelay:
    return MemoryRelay(api_key=server.key, base_url=server.url, max_retries=0)


def assert_decode_error(e: APIError, body: str, problem: str) -> None:
    assert e.code == ErrorCode.API and e.status_code == 200
    assert e.body == body
    assert e.request_id and e.request_id.startswith("req_")
    assert e.message.startswith("memories.get: ") and problem in e.message, e.message


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_wrong_shape_success_body_is_the_decode_error(faults: Server, mode: str) -> None:
    # Valid JSON, but a string where a Memory object belongs; then an object without its `id`.
    for body, problem in (('"not a memory"', "unexpected response shape"),
                          ('{"content": "no id"}', "unexpected response shape")):
        faults.clear_faults()
        faults.fault(path="/v1/memories/x", method="GET", action="status", status=200,
                     body=body)
        with pytest.raises(APIError) as info:
            if mode == "sync":
                client(faults).memories.get("x")
            else:
                asyncio.run(_async_get(faults, "x"))
        assert_decode_error(info.value, body, problem)


async def _async_get(server: Server, memory_id: str) -> Memory:
    async with AsyncMemoryRelay(api_key=server.key, base_url=server.url, max_retries=0) as c:
        return await c.memories.get(memory_id)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_non_json_success_body_is_the_invalid_json_error(faults: Server, mode: str) -> None:
    faults.fault(path="/v1/memories/x", method="GET", action="status", status=200,
                 body="<html>oops</html>")
    with pytest.raises(APIError) as info:
        if mode == "sync":
            client(faults).memories.get("x")
        else:
            asyncio.run(_async_get(faults, "x"))
    e = info.value
    # Refused by the core, before Python sees the body (the same error as every language).
    assert e.code == ErrorCode.API and e.status_code == 200
    assert e.message == "invalid JSON in response" and e.body == "<html>oops</html>"


def test_json_layer_returns_any_json_and_refuses_non_json(faults: Server) -> None:
    faults.fault(path="/v1/memories/x", method="GET", action="status", status=200,
                 body='"not a memory"', count=1)
    c = client(faults)
    assert c.call("memories.get", {"memory_id": "x"}) == "not a memory"
    faults.fault(path="/v1/memories/x", method="GET", action="status", status=200,
                 body="oops", count=1)
    with pytest.raises(APIError) as info:
        c.call("memories.get", {"memory_id": "x"})
    assert info.value.message == "invalid JSON in response"
    # Names that are not methods still get the core's own error.
    with pytest.raises(ValidationError) as bad:
        c.call("memories.nope", {})
    assert bad.value.code == ErrorCode.INVALID_ARGUMENT and "memories.nope" in bad.value.message


def test_nulls_take_defaults_and_naive_timestamps_are_utc() -> None:
    # The decoding rules now live in pydantic-core schemas, not Python validators.
    m = Memory.model_validate_json(
        '{"id": "m", "metadata": null, "content": null, "importance": null, '
        '"created_at": "2025-01-02T03:04:05", "updated_at": 1700000000, "extra": null}')
    assert m.metadata == {} and m.content == "" and m.importance is None
    assert m.created_at is not None and m.created_at.tzinfo == timezone.utc
    assert m.created_at.hour == 3
    assert m.updated_at is not None and m.updated_at.utcoffset() is not None
    assert m.model_extra == {"extra": None}
    r = SearchResults.model_validate_json('{"data": null, "query": "q"}')
    assert r.data == [] and list(r) == []
    for wrong in ('{"id": null}', '{"id": "m", "importance": "high"}',
                  '{"id": "m", "metadata": []}', '{"id": "m", "created_at": "yesterday"}'):
        with pytest.raises(Exception) as info:
            Memory.model_validate_json(wrong)
        assert type(info.value).__name__ == "ValidationError", wrong


def test_typed_results_match_the_json_layer(server: Server) -> None:
    c = client(server)
    agent = unique("raw")
    created = c.memories.create(agent_id=agent, content="Raw path: PostgreSQL 16.",
                                metadata={"k": [1, {"n": None}]})
    as_json: Any = c.call("memories.get", {"memory_id": created.id})
    typed = c.memories.get(created.id)
    assert typed.id == as_json["id"] and typed.metadata == as_json["metadata"]
    results = c.memories.search(agent_id=agent, query="PostgreSQL", limit=10)
    assert [r.memory.id for r in results] == [created.id]
