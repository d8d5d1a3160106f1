"""Who is calling, what they may do, and how often.

Every ``/v1`` route runs :func:`authorize` (installed on the routers in :func:`api.app.create_app`):

1. **Who** — an API key from ``Authorization: Bearer <key>`` or ``X-API-Key``, or the web UI's HTTP-only
   cookie set by ``POST /v1/session``. With ``TEXTOPS_AUTH_ENABLED=false`` (local single-user mode, the demo)
   every caller is the admin of the ``default`` workspace, and the server says so loudly.
2. **Where** — the key's workspace. Every store query is scoped by it, so another workspace's ids are
   answered 404, exactly like ids that never existed.
3. **What** — the route's minimum role: reads (GET, and the pure computations in :data:`READ_ONLY_POSTS`)
   need ``read``, other writes need ``write``, key management needs ``admin``.
4. **CSRF** — a cookie-authenticated unsafe request must echo the ``textops_csrf`` cookie in the
   ``X-CSRF-Token`` header (or a ``csrf_token`` form field): double-submit, on top of ``SameSite=Strict``.
5. **How often** — a moving-window rate limit per key (per client address before a key is known, so
   guessing keys is limited too); 429 with ``Retry-After``.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass
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
    "KEY_COOKIE",
    "READ_ONLY_POSTS",
    "SAFE_METHODS",
    "Principal",
    "PrincipalDep",
    "RateLimiter",
    "authorize",
    "clear_session_cookies",
    "ensure_csrf_cookie",
    "optional_principal",
    "required_role",
    "set_session_cookies",
]

KEY_COOKIE = "textops_key"
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


def _presented_key(request: Request) -> tuple[str | None, Literal["header", "cookie"] | None]:
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip(), "header"
    if "x-api-key" in request.headers:
        return request.headers["x-api-key"].strip(), "header"
    cookie = request.cookies.get(KEY_COOKIE)
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


def _client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def authorize(request: Request) -> Principal:
    """Authenticate, rate-limit, check the role and CSRF; the principal is also left on ``request.state``."""
    settings = _settings(request)
    limiter: RateLimiter = request.app.state.rate_limiter
    if not settings.auth_enabled:
        principal = _local_principal(request)
        request.state.principal = principal
        limiter.hit(f"addr:{_client_address(request)}")
    else:
        key, via = _presented_key(request)
        principal_or_none = optional_principal(request) if key else None
        if principal_or_none is None:
            limiter.hit(f"addr:{_client_address(request)}")
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
            await _check_csrf(request)
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


async def _check_csrf(request: Request) -> None:
    expected = request.cookies.get(CSRF_COOKIE, "")
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


def ensure_csrf_cookie(request: Request, response: Response) -> str:
    """The request's CSRF token, setting a new cookie on ``response`` when it has none (for UI pages)."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token:
        token = secrets.token_urlsafe(24)
        response.set_cookie(
            CSRF_COOKIE, token, httponly=False, samesite="strict", secure=_settings(request).cookie_secure
        )
    return token


def set_session_cookies(request: Request, response: Response, key: str) -> str:
    """Sign a browser in: the key in an HTTP-only SameSite cookie, plus a fresh CSRF token (returned)."""
    secure = _settings(request).cookie_secure
    response.set_cookie(KEY_COOKIE, key, httponly=True, samesite="strict", secure=secure)
    token = secrets.token_urlsafe(24)
    response.set_cookie(CSRF_COOKIE, token, httponly=False, samesite="strict", secure=secure)
    return token


def clear_session_cookies(response: Response) -> None:
    """Sign a browser out."""
    response.delete_cookie(KEY_COOKIE)
    response.delete_cookie(CSRF_COOKIE)


PrincipalDep = Annotated[Principal, Depends(authorize)]
