"""Sign-in for the web UI (``/v1/session``) and API-key management (``/v1/keys``, admin only)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, Field

from api.auth import (
    PrincipalDep,
    RateLimiter,
    clear_session_cookies,
    client_address,
    ensure_csrf_cookie,
    set_session_cookies,
)
from api.deps import SettingsDep, StoreDep
from api.errors import ApiError
from textops.store import KeyInfo, Role
from textops.types import MAX_ROW_ID

__all__ = ["keys_router", "public_router", "session_router"]

session_router = APIRouter(prefix="/v1", tags=["access"])
public_router = APIRouter(prefix="/v1", tags=["access"])
"""Routes that need no key: signing in and out (rate-limited by client address)."""
keys_router = APIRouter(prefix="/v1", tags=["access"])


class WhoAmI(BaseModel):
    """The caller as the server sees them."""

    auth: Literal["on", "off"]
    workspace: str
    role: Role
    key_id: int | None = None
    via: Literal["header", "cookie", "local"]
    csrf_token: str | None = Field(
        default=None, description="for a signed-in browser: echo it in the X-CSRF-Token header"
    )


class SignIn(BaseModel):
    """An API key to sign a browser in with."""

    api_key: str = Field(min_length=1, max_length=200)


class NewKey(BaseModel):
    """A key to create in the caller's workspace."""

    role: Role
    name: str = Field(default="", max_length=200)


class CreatedKey(BaseModel):
    """A new key. ``secret`` is shown this once; only its hash is stored."""

    key: KeyInfo
    secret: str


def _whoami(principal: PrincipalDep, auth_on: bool, csrf: str | None = None) -> WhoAmI:
    return WhoAmI(
        auth="on" if auth_on else "off",
        workspace=principal.workspace,
        role=principal.role,
        key_id=principal.key_id,
        via=principal.via,
        csrf_token=csrf,
    )


@session_router.get("/session", response_model=WhoAmI, summary="Who am I")
def whoami(principal: PrincipalDep, settings: SettingsDep) -> WhoAmI:
    """The caller's workspace and role (and whether the server runs with auth at all)."""
    return _whoami(principal, settings.auth_enabled)


@public_router.post(
    "/session",
    response_model=WhoAmI,
    summary="Sign a browser in with an API key",
    openapi_extra={"security": []},
)
def sign_in(
    body: SignIn, request: Request, response: Response, store: StoreDep, settings: SettingsDep
) -> WhoAmI:
    """Check the key and open a server-side session for the browser.

    The session's random id (never the key) goes in an HTTP-only, SameSite=Strict cookie, with the CSRF
    token bound to it for writes. It lasts ``TEXTOPS_SESSION_HOURS`` and ends at sign-out or when the key
    is revoked.
    """
    limiter: RateLimiter = request.app.state.rate_limiter
    limiter.hit(f"addr:{client_address(request)}")
    info = store.authenticate(body.api_key)
    if info is None:
        raise ApiError(
            401,
            "invalid_key",
            "the API key is unknown or has been revoked",
            hint="check the key, or ask an admin of your workspace for a new one",
        )
    token = set_session_cookies(request, response, info.id)
    return WhoAmI(
        auth="on" if settings.auth_enabled else "off",
        workspace=info.workspace,
        role=info.role,
        key_id=info.id,
        via="cookie",
        csrf_token=token,
    )


@public_router.delete("/session", status_code=204, summary="Sign a browser out")
def sign_out(request: Request) -> Response:
    """End the browser's session on the server (its cookie stops working at once) and drop the cookies."""
    out = Response(status_code=204)
    clear_session_cookies(request, out)
    return out


@session_router.get("/session/csrf", response_model=WhoAmI, summary="The browser's CSRF token")
def csrf(principal: PrincipalDep, request: Request, response: Response, settings: SettingsDep) -> WhoAmI:
    """The caller, with the CSRF token a signed-in browser must send on writes (set if missing)."""
    return _whoami(principal, settings.auth_enabled, ensure_csrf_cookie(request, response, principal))


@keys_router.get("/keys", response_model=list[KeyInfo], summary="The workspace's API keys")
def list_keys(principal: PrincipalDep, store: StoreDep, include_revoked: bool = False) -> list[KeyInfo]:
    """The keys of the caller's workspace (never their secrets)."""
    return store.list_keys(principal.workspace_id, include_revoked=include_revoked)


@keys_router.post("/keys", response_model=CreatedKey, status_code=201, summary="Create an API key")
def create_key(body: NewKey, principal: PrincipalDep, store: StoreDep) -> CreatedKey:
    """A new key in the caller's workspace. Its secret is in this answer only: store it now."""
    info, secret = store.create_key(principal.workspace_id, body.role, body.name)
    return CreatedKey(key=info, secret=secret)


@keys_router.delete("/keys/{key_id}", response_model=KeyInfo, summary="Revoke an API key")
def revoke_key(
    key_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="key id")],
    principal: PrincipalDep,
    store: StoreDep,
) -> KeyInfo:
    """Revoke a key of the caller's workspace; it stops working at once."""
    return store.revoke_key(principal.workspace_id, key_id)
