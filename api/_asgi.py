"""The base of the app's pure ASGI middlewares (:mod:`api.limits`, :mod:`api.observability`)."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["HttpMiddleware"]


class HttpMiddleware:
    """A pure ASGI middleware that acts on HTTP requests; lifespan and websocket scopes pass straight on.

    A subclass implements :meth:`http`, which gets the request's headers as a dict (lower-case byte names).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hand an HTTP request to :meth:`http`; pass any other scope on to the app."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send, dict(scope.get("headers") or []))

    async def http(self, scope: Scope, receive: Receive, send: Send, headers: dict[bytes, bytes]) -> None:
        """Serve one HTTP request (the subclass's work)."""
        raise NotImplementedError
