"""Request limits at the edge: body size, and NUL characters.

The size is enforced on ``Content-Length`` and on the streamed body alike. NUL characters are refused in
URLs and JSON bodies: no text field may hold one (PostgreSQL cannot store them).
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api._asgi import HttpMiddleware
from api.errors import error_response

__all__ = ["BodySizeLimit", "RejectNul"]

_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)
"""A ``\\u0000`` escape in JSON text that is not itself an escaped backslash followed by ``u0000``."""


class RejectNul(HttpMiddleware):
    """ASGI middleware answering 422 when the URL or a JSON body holds a NUL character.

    Uploaded files are not checked here: the readers drop NUL characters from the documents they build.
    """

    async def http(self, scope: Scope, receive: Receive, send: Send, headers: dict[bytes, bytes]) -> None:
        """Check the path and query string, then (for JSON) the buffered body."""
        raw_path = scope.get("raw_path") or scope.get("path", "").encode()
        query = scope.get("query_string", b"")
        if b"\x00" in unquote_to_bytes(raw_path) or b"\x00" in unquote_to_bytes(query):
            await _reject_nul(scope, receive, send, "the URL")
            return
        if b"json" not in headers.get(b"content-type", b"").lower():
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)  # a disconnect: let the app see it
                return
            chunks.append(message.get("body", b""))
            more = bool(message.get("more_body"))
        body = b"".join(chunks)
        if b"\x00" in body or _JSON_NUL.search(body):
            await _reject_nul(scope, receive, send, "the JSON body")
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _reject_nul(scope: Scope, receive: Receive, send: Send, where: str) -> None:
    response = error_response(
        422,
        "invalid_input",
        f"{where} holds a NUL character (\\u0000), which no textops field can store",
        "remove NUL characters from names, ids and texts",
    )
    await response(scope, receive, send)


class BodySizeLimit(HttpMiddleware):
    """ASGI middleware answering 413 when a request body exceeds ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        super().__init__(app)
        self.max_bytes = max_bytes

    async def http(self, scope: Scope, receive: Receive, send: Send, headers: dict[bytes, bytes]) -> None:
        """Check the declared length, then count the streamed bytes."""
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, receive, send)
            return
        received = 0
        started = False
        rejected = False

        async def limited_receive() -> Message:
            nonlocal received, rejected
            if rejected:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    rejected = True
                    if not started:
                        await self._reject(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if rejected:
                return  # the 413 has been sent; whatever the app answers after the disconnect is dropped
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not rejected:
                raise

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        mib = self.max_bytes / (1024 * 1024)
        response = error_response(
            413,
            "payload_too_large",
            f"request body is larger than the limit of {self.max_bytes} bytes ({mib:.1f} MiB)",
            "send fewer or smaller files per request, or raise TEXTOPS_MAX_REQUEST_BYTES",
        )
        await response(scope, receive, send)
