"""The thin layer between the Python skin and the Rust core's UniFFI object.

Python only maps keyword arguments to the params JSON of contract §1.6, calls the core,
and maps the answer to a model or an exception. Validation, defaults, retries, HTTP and
error classification all happen in Rust.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
from typing import Any, Callable, Dict, Optional, Type, TypeVar

from pydantic import BaseModel
from pydantic import ValidationError as _ModelError
from typing_extensions import ParamSpec

from . import _native
from .exceptions import APIError, ErrorCode, MemoryRelayError, ValidationError, class_for_code

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=BaseModel)

_NativeError = _native.MemoryRelayError
_call_raw = _native.call_raw_blocking
_call_raw_with_token = _native.call_raw_blocking_with_token
#: The core's method indexes (`call_raw_blocking` takes an index, not a string: one FFI
#: crossing less per call). Read from the library itself, so they always agree.
_METHOD_INDEX: Dict[str, int] = {name: i for i, name in enumerate(_native.method_names())}
# One encoder for every call: json.dumps with options builds a new one each time.
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def encode_params(method: str, params: Dict[str, Any]) -> str:
    """Params as JSON; a value JSON cannot hold is named in a ValidationError."""
    try:
        return _encode(params)
    except (TypeError, ValueError):
        for name, value in params.items():
            try:
                json.dumps(value)
            except (TypeError, ValueError) as exc:
                raise ValidationError(
                    f"{method}: argument '{name}' cannot be sent as JSON "
                    f"({type(value).__name__}): {exc}",
                    code=ErrorCode.INVALID_ARGUMENT,
                ) from None
        raise


def convert_error(err: BaseException) -> MemoryRelayError:
    """The contract's exception class for an error raised by the native core."""
    try:
        code = ErrorCode(int(getattr(err, "code")))
    except (AttributeError, TypeError, ValueError):
        code = ErrorCode.INTERNAL
    details_json: Optional[str] = getattr(err, "details", None)
    details = json.loads(details_json) if details_json else None
    cls = class_for_code(code)
    return cls(
        str(getattr(err, "reason", err)),
        code=code,
        status_code=getattr(err, "status", None),
        request_id=getattr(err, "request_id", None),
        retry_after=getattr(err, "retry_after", None),
        details=details,
        body=getattr(err, "body", None),
    )


def decode_error(method: str, reply: Any, problem: str) -> APIError:
    """The DECODE error: a 2xx body that is not JSON or does not fit the method's model is an
    API error with the body and request id, as in the core (``unexpected response shape``)."""
    return APIError(
        f"{method}: {problem}",
        code=ErrorCode.API,
        status_code=reply.status,
        request_id=reply.request_id,
        body=reply.body,
    )


def decode(method: str, reply: Any, model: Type[M]) -> M:
    """The result as ``model``, validated by pydantic-core straight from the JSON text (the
    core checked it is JSON and passed it on unparsed)."""
    try:
        return model.model_validate_json(reply.body)
    except _ModelError as exc:
        invalid = any(e.get("type") == "json_invalid" for e in exc.errors())
        problem = "invalid JSON in response" if invalid else f"unexpected response shape: {exc}"
        raise decode_error(method, reply, problem) from None


def decode_raw(method: str, reply: Any) -> Any:
    """The result JSON as Python data (the JSON layer's lossless form)."""
    try:
        return json.loads(reply.body)
    except ValueError:
        raise decode_error(method, reply, "invalid JSON in response") from None


def checked_call(method: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Turns a Python-level TypeError for missing or unexpected arguments into the
    documented ValidationError (naming the argument); costs nothing on the normal path."""

    def wrap(func: Callable[P, R]) -> Callable[P, R]:
        sig = inspect.signature(func)

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return func(*args, **kwargs)
            except TypeError as exc:
                try:
                    sig.bind(*args, **kwargs)
                except TypeError as bind_error:
                    raise ValidationError(
                        f"{method}: {bind_error}", code=ErrorCode.INVALID_ARGUMENT
                    ) from None
                raise exc

        return wrapper

    return wrap


def _bad_call(method: object, exc: TypeError) -> ValidationError:
    # The generated converters reject a non-str method or a foreign token with a bare TypeError.
    return ValidationError(
        f"call: 'method' must be a str like 'memories.get' and 'cancel_token' a "
        f"CancellationToken (method={method!r}): {exc}",
        code=ErrorCode.INVALID_ARGUMENT,
    )


class Transport:
    """Owns one native client; shared by a client's resources."""

    __slots__ = ("_native", "_id")

    def __init__(
        self,
        api_key: Optional[str],
        base_url: Optional[str],
        timeout: Optional[float],
        max_retries: Optional[int],
        max_retry_after: Optional[float],
        allow_insecure_http: bool,
    ) -> None:
        # JSON rather than the typed record: the core then names a wrongly typed option.
        options = encode_params(
            "client options",
            {
                "api_key": api_key,
                "base_url": base_url,
                "timeout": timeout,
                "max_retries": max_retries,
                "max_retry_after": max_retry_after,
                "allow_insecure_http": allow_insecure_http,
                "user_agent_suffix": "python",
            },
        )
        try:
            self._native = _native.MemoryRelayClient.from_json(options)
        except _NativeError as err:
            raise convert_error(err) from None
        # The number `call_raw_blocking` finds this client by; `_native` keeps it alive.
        self._id: int = self._native.raw_id()

    def call_sync(
        self,
        method: str,
        params: Dict[str, Any],
        token: Optional[_native.CancellationToken] = None,
    ) -> Any:
        """The raw reply (``body``: the result's JSON text, ``status``, ``request_id``) of a
        blocking call."""
        payload = encode_params(method, params)
        index = _METHOD_INDEX.get(method) if isinstance(method, str) else None
        try:
            if index is None:
                # Not a method name: the string call reports it as the core words it.
                text = self._native.call_blocking(method, payload)
                return _native.RawReply(body=text, status=200, request_id=None)
            # The params go as bytes: the core borrows them, no buffer is allocated.
            if token is None:
                return _call_raw(self._id, index, payload.encode())
            return _call_raw_with_token(self._id, index, payload.encode(), token)
        except _NativeError as err:
            raise convert_error(err) from None
        except TypeError as exc:
            raise _bad_call(method, exc) from None

    async def call_async(
        self,
        method: str,
        params: Dict[str, Any],
        token: Optional[_native.CancellationToken] = None,
    ) -> Any:
        """The raw reply of an async call."""
        payload = encode_params(method, params)
        try:
            return await self._native.call_raw(method, payload, token)
        except TypeError as exc:
            raise _bad_call(method, exc) from None
        except _NativeError as err:
            converted = convert_error(err)
            if converted.code == ErrorCode.CANCELLED:
                # Contract §2.3: in async code a cancelled call is asyncio's cancellation.
                raise asyncio.CancelledError(converted.message) from None
            raise converted from None

    def call_typed(self, method: str, params: Dict[str, Any], model: Type[M]) -> M:
        """A blocking call whose result is decoded into ``model``."""
        return decode(method, self.call_sync(method, params), model)

    async def call_typed_async(self, method: str, params: Dict[str, Any], model: Type[M]) -> M:
        """An async call whose result is decoded into ``model``."""
        return decode(method, await self.call_async(method, params), model)

    def close(self) -> None:
        self._native.shutdown()

    @property
    def closed(self) -> bool:
        return bool(self._native.is_shut_down())


def native_token(token: "Optional[CancellationToken]") -> Any:
    """The core's token behind a :class:`CancellationToken` argument (None stays None)."""
    if token is None:
        return None
    if not isinstance(token, CancellationToken):
        raise ValidationError(
            f"call: 'cancel_token' must be a memoryrelay.CancellationToken, "
            f"not {type(token).__name__}",
            code=ErrorCode.INVALID_ARGUMENT,
        )
    return token._native


class CancellationToken:
    """Cancels in-flight calls made with it (``client.call(..., cancel_token=token)``).

    A cancelled call raises ``MemoryRelayError`` with code ``CANCELLED`` (sync) or
    ``asyncio.CancelledError`` (async). A token stays cancelled once cancelled.
    """

    __slots__ = ("_native",)

    def __init__(self) -> None:
        self._native = _native.CancellationToken()  # type: ignore[no-untyped-call,unused-ignore]

    def cancel(self) -> None:
        self._native.cancel()

    @property
    def cancelled(self) -> bool:
        return bool(self._native.is_cancelled())
