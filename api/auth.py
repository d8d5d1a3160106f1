"""Who is calling, what they may do, and how often.

Every ``/v1`` route runs :func:`authorize` (installed on the routers in :func:`api.app.create_app`):

1. **Who** — an API key from ``Authorization: Bearer <key>`` or ``X-API-Key``, or the web UI's HTTP-only
   session cookie set by ``POST /v1/session``: a random server-side session id (never the key) that expires
   (``TEXTOPS_SESSION_HOURS``) and ends at sign-out or when its key is revoked. With
   ``TEXTOPS_AUTH_ENABLED=false`` (local single-user mode, the demo)
   every caller is the admin of the ``default`` workspace, and the server says so loudly.
2. **Where** — the key's workspace. Every store query is scoped by it, so another workspace's ids are
   answered 404, exactly like ids that never existed.
3. **What** — the route's minimum role: reads (GET, and the pure computations in :data:`READ_ONLY_POSTS`)
   need ``read``, other writes need ``write``, key management needs ``admin``.
4. **CSRF** — a cookie-authenticated unsafe request must send its session's CSRF token (stored with the
   session on the server, also in the ``textops_csrf`` cookie and the page) in the ``X-CSRF-Token`` header
   (or a ``csrf_token`` form field), on top of ``SameSite=Strict``.
5. **How often** — a moving-window rate limit per key (per client address before a key is known, so
   guessing keys is limited too); 429 with ``Retry-After``. The client address is the peer's, unless the
   peer is one of ``TEXTOPS_TRUSTED_PROXIES`` (default none): then ``X-Forwarded-For`` is read from the
   right, skipping trusted proxies.

Over HTTPS (``TEXTOPS_COOKIE_SECURE=true``) the cookies are Secure and named ``__Host-textops_session`` and
``__Host-textops_csrf``.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Annotated, Literal

from fastapi import Depends, Request, Response
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from api.errors import ApiError
from textops.errors import ConfigError
from textops.settings import Settings
from textops.store import ROLES, Role, Store

__all__ = [
    "ADMIN_PREFIXES",
    "CSRF_COOKIE",
    "CSRF_HEADER",
    "READ_ONLY_POSTS",
    "SAFE_METHODS",
    "SESSION_COOKIE",
    "Principal",
    "PrincipalDep",
    "RateLimiter",
    "authorize",
    "clear_session_cookies",
    "client_address",
    "cookie_name",
    "ensure_csrf_cookie",
    "optional_principal",
    "required_role",
    "set_session_cookies",
]

SESSION_COOKIE = "textops_session"
CSRF_COOKIE = "textops_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

READ_ONLY_POSTS: frozenset[tuple[str, str]] = frozenset(
    {
        ("POST", "/v1/headlines/variants"),
        ("POST", "/v1/headlines/score"),
        ("POST", "/v1/objections/classify"),
        ("POST", "/v1/experiments/plan"),
    }
)
"""POST routes that compute and store nothing: a ``read`` key may call them."""

ADMIN_PREFIXES: tuple[str, ...] = ("/v1/keys",)
"""Routes under these paths need an ``admin`` key."""


@dataclass(frozen=True)
class Principal:
    """The caller: their workspace and role, and how they proved it."""

    workspace_id: int
    workspace: str
    role: Role
    key_id: int | None
    via: Literal["header", "cookie", "local"]
    csrf: str | None = None
    """The CSRF token of the browser session (``via == "cookie"``), else None."""

    def can(self, role: Role) -> bool:
        """True when this caller's role is at least ``role``."""
        return ROLES.index(self.role) >= ROLES.index(role)


class RateLimiter:
    """Moving-window rate limits (``limits`` library, in memory: one server process)."""

    def __init__(self, spec: str) -> None:
        try:
            self.items: list[RateLimitItem] = parse_many(spec) if spec.strip() else []
        except ValueError as exc:
            raise ConfigError(
                f"TEXTOPS_RATE_LIMIT={spec!r} is not a rate limit",
                hint="write it like '600/minute;20/second', or '' to turn rate limiting off",
            ) from exc
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, identity: str) -> None:
        """Count one request of ``identity``; raise a 429 :class:`ApiError` when over a limit."""
        for item in self.items:
            if not self._limiter.hit(item, identity):
                reset = self._limiter.get_window_stats(item, identity).reset_time
                retry = max(1, int(reset - time.time() + 0.999))
                raise ApiError(
                    429,
                    "rate_limited",
                    f"rate limit exceeded: at most {item.amount} requests per {item.multiples} "
                    f"{item.GRANULARITY.name} for this {'key' if identity.startswith('key:') else 'address'}",
                    hint=f"retry after {retry} s, or ask the operator to raise TEXTOPS_RATE_LIMIT",
                    headers={"Retry-After": str(retry)},
                )


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def cookie_name(request: Request, base: str) -> str:
    """The cookie's name as this server sets it: ``__Host-`` prefixed when serving over HTTPS."""
    return f"__Host-{base}" if _settings(request).cookie_secure else base


def _presented_key(request: Request) -> tuple[str | None, Literal["header", "cookie"] | None]:
    """The API key from a header, or the browser session id from the session cookie."""
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip(), "header"
    if "x-api-key" in request.headers:
        return request.headers["x-api-key"].strip(), "header"
    cookie = request.cookies.get(cookie_name(request, SESSION_COOKIE))
    if cookie:
        return cookie, "cookie"
    return None, None


def _local_principal(request: Request) -> Principal:
    return Principal(request.app.state.default_workspace, "default", "admin", None, "local")


def optional_principal(request: Request) -> Principal | None:
    """The caller if they are signed in (or auth is off), else None. For UI pages that redirect to sign-in."""
    if not _settings(request).auth_enabled:
        return _local_principal(request)
    key, via = _presented_key(request)
    if not key or via is None:
        return None
    store: Store = request.app.state.store
    if via == "cookie":
        session = store.browser_session(key)
        if session is None:
            return None
        k = session.key
        return Principal(k.workspace_id, k.workspace, k.role, k.id, via, session.csrf)
    info = store.authenticate(key)
    if info is None:
        return None
    return Principal(info.workspace_id, info.workspace, info.role, info.id, via)


def required_role(method: str, path: str) -> Role:
    """The minimum role a route needs (``path`` is the route's template, e.g. ``/v1/corpora/{corpus_id}``)."""
    if path.startswith(ADMIN_PREFIXES):
        return "admin"
    if method.upper() in SAFE_METHODS or (method.upper(), path) in READ_ONLY_POSTS:
        return "read"
    return "write"


@lru_cache(maxsize=32)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(request: Request) -> str:
    """The client's address: the peer's, or — when the peer is a trusted proxy — from ``X-Forwarded-For``.

    ``X-Forwarded-For`` is read right to left and the first address that is not itself a trusted proxy is
    the client (anything further left could have been written by the client). With no trusted proxies
    (the default) the header is ignored, so a client cannot pick its own address to dodge a rate limit.
    """
    peer = request.client.host if request.client else "unknown"
    networks = _networks(tuple(_settings(request).trusted_proxies))
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [h.strip() for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop[:64]
    return peer


async def authorize(request: Request) -> Principal:
    """Authenticate, rate-limit, check the role and CSRF; the principal is also left on ``request.state``."""
    settings = _settings(request)
    limiter: RateLimiter = request.app.state.rate_limiter
    if not settings.auth_enabled:
        principal = _local_principal(request)
        request.state.principal = principal
        limiter.hit(f"addr:{client_address(request)}")
    else:
        key, via = _presented_key(request)
        principal_or_none = optional_principal(request) if key else None
        if principal_or_none is None:
            limiter.hit(f"addr:{client_address(request)}")
            if not key:
                raise ApiError(
                    401,
                    "auth_required",
                    "this server needs an API key",
                    hint="send `Authorization: Bearer <key>` (or `X-API-Key`); an admin creates keys with "
                    "`textops keys create`",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            raise ApiError(
                401,
                "invalid_key",
                "the API key is unknown or has been revoked",
                hint="check the key, or ask an admin of your workspace for a new one",
                headers={"WWW-Authenticate": "Bearer"},
            )
        principal = principal_or_none
        request.state.principal = principal
        limiter.hit(f"key:{principal.key_id}")
        if via == "cookie" and request.method.upper() not in SAFE_METHODS:
            await _check_csrf(request, principal)
    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    needed = required_role(request.method, path)
    if not principal.can(needed):
        raise ApiError(
            403,
            "forbidden",
            f"this needs a {needed} key; yours is {principal.role}",
            hint="ask an admin of your workspace for a key with that role",
        )
    return principal


async def _check_csrf(request: Request, principal: Principal) -> None:
    """The request must carry the CSRF token bound to its browser session (header or form field)."""
    expected = principal.csrf or ""
    given = request.headers.get(CSRF_HEADER, "")
    ctype = request.headers.get("content-type", "")
    if not given and ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get("csrf_token")
        given = value if isinstance(value, str) else ""
    if not expected or not given or not hmac.compare_digest(expected, given):
        raise ApiError(
            403,
            "csrf_failed",
            "missing or wrong CSRF token for a signed-in browser request",
            hint=f"send the `{CSRF_COOKIE}` cookie's value in the `X-CSRF-Token` header "
            "(the web UI does this for you; reload the page)",
        )


def _set_cookie(request: Request, response: Response, base: str, value: str, *, httponly: bool) -> None:
    settings = _settings(request)
    response.set_cookie(
        cookie_name(request, base),
        value,
        max_age=int(settings.session_hours * 3600) if base == SESSION_COOKIE else None,
        path="/",
        httponly=httponly,
        samesite="strict",
        secure=settings.cookie_secure,
    )


def ensure_csrf_cookie(request: Request, response: Response, principal: Principal | None = None) -> str:
    """The CSRF token for a page: the browser session's, else the cookie's (set on ``response`` if new).

    ``principal`` is the caller when already known (pages look it up first; no second session lookup).
    """
    if principal is None:
        principal = optional_principal(request)
    if principal is not None and principal.csrf:
        token = principal.csrf
        if request.cookies.get(cookie_name(request, CSRF_COOKIE)) != token:
            _set_cookie(request, response, CSRF_COOKIE, token, httponly=False)
        return token
    existing = request.cookies.get(cookie_name(request, CSRF_COOKIE))
    if existing:
        return existing
    token = secrets.token_urlsafe(24)
    _set_cookie(request, response, CSRF_COOKIE, token, httponly=False)
    return token


def set_session_cookies(request: Request, response: Response, key_id: int) -> str:
    """Sign a browser in: open a server-side session for key ``key_id``; returns its CSRF token.

    The session id goes in an HTTP-only SameSite cookie, the CSRF token in a readable one.
    """
    store: Store = request.app.state.store
    ttl = timedelta(hours=_settings(request).session_hours)
    session_id, token = store.open_browser_session(key_id, ttl)
    _set_cookie(request, response, SESSION_COOKIE, session_id, httponly=True)
    _set_cookie(request, response, CSRF_COOKIE, token, httponly=False)
    return token


def clear_session_cookies(request: Request, response: Response) -> None:
    """Sign a browser out: end its server-side session (the id stops working at once) and drop the cookies."""
    store: Store = request.app.state.store
    session_id = request.cookies.get(cookie_name(request, SESSION_COOKIE))
    if session_id:
        store.close_browser_session(session_id)
    secure = _settings(request).cookie_secure
    for base in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(cookie_name(request, base), path="/", secure=secure, samesite="strict")


PrincipalDep = Annotated[Principal, Depends(authorize)]
