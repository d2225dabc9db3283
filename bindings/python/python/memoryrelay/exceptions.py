"""Exceptions raised by the MemoryRelay SDK (wire contract §2.3, "Python mapping").

Every SDK error is a :class:`MemoryRelayError`. ``ForbiddenError``, ``ConflictError``,
``NetworkError`` and ``TimeoutError`` subclass :class:`APIError`, so the reference's
"APIError: other API errors (5xx, network issues)" still catches them.

The Rust core decides the code; this module only picks the class for it.
"""

from __future__ import annotations

import enum
from typing import Any, Dict, Optional, Type

__all__ = [
    "ErrorCode",
    "MemoryRelayError",
    "AuthenticationError",
    "NotFoundError",
    "ValidationError",
    "RateLimitError",
    "APIError",
    "ForbiddenError",
    "ConflictError",
    "NetworkError",
    "TimeoutError",
]


class ErrorCode(enum.IntEnum):
    """The 12 stable SDK error codes (plus ``OK``), shared by every binding."""

    OK = 0
    INVALID_ARGUMENT = 1
    AUTHENTICATION = 2
    FORBIDDEN = 3
    NOT_FOUND = 4
    VALIDATION = 5
    RATE_LIMITED = 6
    CONFLICT = 7
    API = 8
    NETWORK = 9
    TIMEOUT = 10
    CANCELLED = 11
    INTERNAL = 12


class MemoryRelayError(Exception):
    """Base class of every SDK error.

    Attributes:
        code: the stable :class:`ErrorCode` (an ``int``; ``code.name`` is its name).
        message: human-readable text from the server or the SDK.
        status_code: the HTTP status, or ``None`` when no response was received.
        request_id: the server's ``X-Request-Id``, when there was a response.
        retry_after: seconds the server asked us to wait (``Retry-After``), else ``None``.
        details: the server's validation items (``[{"loc", "msg", "type"}]``), else ``None``.
        body: the raw response body, when there was a response.
    """

    code: ErrorCode
    message: str
    status_code: Optional[int]
    request_id: Optional[str]
    retry_after: Optional[int]
    details: Optional[Any]
    body: Optional[str]

    def __init__(
        self,
        message: str,
        *,
        code: ErrorCode = ErrorCode.INTERNAL,
        status_code: Optional[int] = None,
        request_id: Optional[str] = None,
        retry_after: Optional[int] = None,
        details: Optional[Any] = None,
        body: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status_code = status_code
        self.request_id = request_id
        self.retry_after = retry_after
        self.details = details
        self.body = body

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code.name}, message={self.message!r}, "
            f"status_code={self.status_code!r}, request_id={self.request_id!r})"
        )


class AuthenticationError(MemoryRelayError):
    """Invalid, expired or missing API key (401, or no key configured)."""


class NotFoundError(MemoryRelayError):
    """Resource not found (404)."""


class ValidationError(MemoryRelayError):
    """Invalid request parameters: rejected by the SDK (``status_code`` None) or the server
    (400/422). ``details`` holds the server's validation items."""


class RateLimitError(MemoryRelayError):
    """Too many requests (429). ``retry_after`` is in whole seconds, or None."""


class APIError(MemoryRelayError):
    """Other API errors (5xx, unexpected statuses, network issues)."""


class ForbiddenError(APIError):
    """The key lacks permission (403)."""


class ConflictError(APIError):
    """Uniqueness violation or invalid state change (409)."""


class NetworkError(APIError):
    """No response: connection refused, reset or closed early."""


class TimeoutError(APIError):  # noqa: A001 - the contract names it so, in this module
    """No response within the per-attempt timeout."""


_CLASS_FOR_CODE: Dict[ErrorCode, Type[MemoryRelayError]] = {
    ErrorCode.INVALID_ARGUMENT: ValidationError,
    ErrorCode.AUTHENTICATION: AuthenticationError,
    ErrorCode.FORBIDDEN: ForbiddenError,
    ErrorCode.NOT_FOUND: NotFoundError,
    ErrorCode.VALIDATION: ValidationError,
    ErrorCode.RATE_LIMITED: RateLimitError,
    ErrorCode.CONFLICT: ConflictError,
    ErrorCode.API: APIError,
    ErrorCode.NETWORK: NetworkError,
    ErrorCode.TIMEOUT: TimeoutError,
    ErrorCode.CANCELLED: MemoryRelayError,
    ErrorCode.INTERNAL: MemoryRelayError,
}


def class_for_code(code: ErrorCode) -> Type[MemoryRelayError]:
    """The exception class of contract §2.3 for a code."""
    return _CLASS_FOR_CODE.get(code, MemoryRelayError)
