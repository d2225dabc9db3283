"""The native core's log events reach Python's ``logging`` (logger ``"memoryrelay"``): a call
retried after an injected 503 shows both attempts with statuses and request ids, and no record
ever holds the API key. A handler that raises loses its record and nothing else."""

from __future__ import annotations

import logging
from typing import Iterator

import pytest

import memoryrelay
from memoryrelay import MemoryRelay

from conftest import Server


@pytest.fixture
def sdk_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG, logger="memoryrelay")
    memoryrelay.enable_logging(logging.DEBUG)
    try:
        yield caplog
    finally:
        memoryrelay.disable_logging()


def test_retried_call_is_logged_without_the_key(
    faults: Server, sdk_log: pytest.LogCaptureFixture
) -> None:
    key = faults.key
    faults.fault(path="/v1/agents", method="GET", action="status", status=503, count=1)
    with MemoryRelay(api_key=key, base_url=faults.url) as client:
        client.agents.list()
    records = sdk_log.records
    ours = [r for r in records if getattr(r, "memoryrelay", {}).get("method") == "agents.list"]
    by_attempt = {
        r.memoryrelay["attempt"]: r  # type: ignore[attr-defined]
        for r in ours
        if r.getMessage().startswith("request ")
    }
    first, second = by_attempt[1], by_attempt[2]
    assert first.levelno == logging.DEBUG
    assert first.memoryrelay["status"] == 503  # type: ignore[attr-defined]
    assert first.memoryrelay["request_id"].startswith("req_")  # type: ignore[attr-defined]
    assert second.memoryrelay["status"] == 200  # type: ignore[attr-defined]
    assert second.memoryrelay["request_id"].startswith("req_")  # type: ignore[attr-defined]
    retries = [r for r in ours if r.getMessage().startswith("retrying request")]
    assert len(retries) == 1 and retries[0].levelno == logging.INFO
    for record in records:
        assert key not in record.getMessage()


def test_a_raising_handler_does_not_break_calls(
    server: Server, sdk_log: pytest.LogCaptureFixture
) -> None:
    class Exploding(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raise RuntimeError("handler bug")

        def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802
            raise RuntimeError("handler bug in handleError")

    handler = Exploding()
    logging.getLogger("memoryrelay").addHandler(handler)
    try:
        with MemoryRelay(api_key=server.key, base_url=server.url) as client:
            assert client.agents.list().data is not None
    finally:
        logging.getLogger("memoryrelay").removeHandler(handler)


def test_bad_level_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        memoryrelay.enable_logging("loud")  # type: ignore[arg-type]
