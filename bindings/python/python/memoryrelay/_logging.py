"""The SDK's log events in Python's ``logging``, under the logger ``"memoryrelay"``.

Off by default. ``enable_logging()`` (or the environment variable ``MEMORYRELAY_LOG`` set to
``debug``, ``info``, ``warning`` or ``error`` at import) routes the native core's events to
``logging.getLogger("memoryrelay")``: one DEBUG record per HTTP attempt (method, attempt,
status, latency, request id) and one INFO record per retry. Records never hold the API key or
a body; their fields are also in ``record.memoryrelay`` (a dict).
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any, Dict, Optional

from . import _native

logger = logging.getLogger("memoryrelay")

_TO_PYTHON = {
    _native.LogLevel.ERROR: logging.ERROR,
    _native.LogLevel.WARN: logging.WARNING,
    _native.LogLevel.INFO: logging.INFO,
    _native.LogLevel.DEBUG: logging.DEBUG,
    _native.LogLevel.TRACE: logging.DEBUG,
}


def _to_native(level: int) -> "_native.LogLevel":
    if level <= logging.DEBUG:
        return _native.LogLevel.DEBUG
    if level <= logging.INFO:
        return _native.LogLevel.INFO
    if level <= logging.WARNING:
        return _native.LogLevel.WARN
    return _native.LogLevel.ERROR


class _Bridge(_native.Logger):
    """The native ``Logger`` callback interface, forwarding to ``logger``."""

    def log(self, level: "_native.LogLevel", target: str, message: str, fields_json: str) -> None:
        try:
            fields: Dict[str, Any] = json.loads(fields_json)
        except ValueError:
            fields = {}
        logger.log(
            _TO_PYTHON.get(level, logging.DEBUG),
            "%s %s",
            message,
            fields_json,
            extra={"memoryrelay": fields},
        )


def enable_logging(level: int = logging.DEBUG) -> None:
    """Routes the SDK's events at ``level`` (a ``logging`` level) and above to the
    ``"memoryrelay"`` logger. Process-wide. Configure handlers on that logger as usual."""
    if not isinstance(level, int) or isinstance(level, bool):
        raise TypeError(f"level must be a logging level (int), got {level!r}")
    _native.set_logger(_to_native(level), _Bridge())
    if logger.level == logging.NOTSET or logger.level > level:
        logger.setLevel(level)


def disable_logging() -> None:
    """Stops routing the SDK's events (the default)."""
    _native.set_logger(_native.LogLevel.OFF, None)


def _from_environment() -> None:
    name: Optional[str] = os.environ.get("MEMORYRELAY_LOG")
    if not name:
        return
    level = logging.getLevelName(name.strip().upper())
    if isinstance(level, int):
        enable_logging(level)
    else:
        logger.warning("MEMORYRELAY_LOG=%r is not a logging level; logging stays off", name)
