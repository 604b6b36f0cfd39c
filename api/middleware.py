"""Pure ASGI middleware: the request-body cap and the structured access log.

Why hand-written ASGI and not Starlette's `BaseHTTPMiddleware` or `RequestBodyLimitMiddleware`:
the body cap must answer with a problem document (Starlette's answers in plain text) and must
count streamed bytes, not only trust `Content-Length`; both must see every response, including
the 413s and errors produced below them, without buffering streamed bodies.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.api.problems import problem_response

access_log = logging.getLogger("geokg.access")


class _BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Refuse request bodies above `max_bytes` with 413: at once when `Content-Length` says
    so, otherwise as soon as the streamed bytes pass the cap (chunked uploads included)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    def _too_large(self, size: str) -> JSONResponse:
        return problem_response(
            413,
            "body-too-large",
            "Request body too large",
            f"the request body ({size}) exceeds the limit of {self.max_bytes} bytes "
            "(GEOKG_MAX_BODY_BYTES on the server); send less, e.g. one article per request",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._too_large(f"{declared} bytes")(scope, receive, send)
            return
        received = 0
        tripped = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, tripped
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    tripped = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if tripped and not started:
                return  # whatever the app made of the interrupted body is replaced by the 413
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        with contextlib.suppress(_BodyTooLarge):  # raised by counting_receive above
            await self.app(scope, counting_receive, guarded_send)
        if tripped and not started:
            await self._too_large(f"more than {self.max_bytes} bytes")(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class AccessLogMiddleware:
    """One JSON line per request on the `geokg.access` logger: method, path, status,
    duration_ms, client. The query string is left out (it may carry search terms) and so
    are headers (they may carry the API key)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client sees if the app raises before answering

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            if access_log.isEnabledFor(logging.INFO):
                client = scope.get("client")
                access_log.info(
                    json.dumps(
                        {
                            "method": scope.get("method"),
                            "path": scope.get("path"),
                            "status": status,
                            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                            "client": f"{client[0]}:{client[1]}" if client else None,
                        }
                    )
                )
