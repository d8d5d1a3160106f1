"""API keys and the web UI's server-side browser sessions.

Keys are created with a random secret shown once, stored as a SHA-256 digest, and revocable.

A key looks like ``tok_<prefix>_<secret>``. The prefix (public, unique) finds the row; the digest of the
whole key is compared in constant time. Keys are 256-bit random strings, so a fast hash is enough — there
is nothing to brute-force that a slow password hash would protect.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import delete, select

from textops.errors import InvalidInputError, NotFoundError
from textops.store._base import StoreMixin
from textops.store._schema import ApiKeyRow, BrowserSessionRow, WorkspaceRow, utcnow

Role = Literal["read", "write", "admin"]
ROLES: tuple[Role, ...] = ("read", "write", "admin")
"""Roles in increasing power: read < write < admin."""


class KeyInfo(BaseModel):
    """An API key without its secret."""

    id: int
    workspace_id: int
    workspace: str
    name: str
    role: Role
    prefix: str
    created_at: datetime
    revoked_at: datetime | None = None


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _aware(dt: datetime) -> datetime:
    """``dt`` as timezone-aware UTC (SQLite hands back naive datetimes)."""
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


class BrowserSession(BaseModel):
    """A live browser session: the key it was opened with and the CSRF token bound to it."""

    key: KeyInfo
    csrf: str
    expires_at: datetime


def _prefix_of(key: str) -> str | None:
    parts = key.split("_")
    if len(parts) != 3 or parts[0] != "tok" or not parts[1] or not parts[2]:
        return None
    return parts[1]


class KeysMixin(StoreMixin):
    """API-key methods of :class:`textops.store.Store`."""

    def workspace(self, name: str = "default") -> int:  # provided by Store
        raise NotImplementedError

    def create_key(self, ws: int, role: str, name: str = "") -> tuple[KeyInfo, str]:
        """Create a key for workspace ``ws`` with ``role``; returns its info and the secret (shown once)."""
        if role not in ROLES:
            raise InvalidInputError(f"unknown role {role!r}", hint=f"choose one of {', '.join(ROLES)}")
        prefix = secrets.token_hex(6)
        secret = f"tok_{prefix}_{secrets.token_urlsafe(32).replace('_', '-')}"
        with self.session() as s:
            if s.get(WorkspaceRow, ws) is None:
                raise NotFoundError(f"workspace {ws} not found")
            row = ApiKeyRow(
                workspace_id=ws,
                name=name[:200] or f"{role} key",
                role=role,
                prefix=prefix,
                digest=_digest(secret),
            )
            s.add(row)
            s.flush()
            return self._key_info(s, row), secret

    def has_keys(self) -> bool:
        """True when any key exists, in any workspace (revoked ones included)."""
        with self.session() as s:
            return s.scalar(select(ApiKeyRow.id).limit(1)) is not None

    def list_keys(self, ws: int, *, include_revoked: bool = False) -> list[KeyInfo]:
        """The keys of workspace ``ws`` (never their secrets)."""
        with self.session() as s:
            q = select(ApiKeyRow).where(ApiKeyRow.workspace_id == ws).order_by(ApiKeyRow.id)
            if not include_revoked:
                q = q.where(ApiKeyRow.revoked_at.is_(None))
            return [self._key_info(s, r) for r in s.scalars(q)]

    def revoke_key(self, ws: int, key_id: int) -> KeyInfo:
        """Revoke key ``key_id`` of workspace ``ws``; it stops working at once. Revoking twice is a no-op."""
        with self.session() as s:
            row = s.get(ApiKeyRow, key_id)
            if row is None or row.workspace_id != ws:
                raise NotFoundError(f"API key {key_id} not found")
            if row.revoked_at is None:
                row.revoked_at = utcnow()
            s.execute(delete(BrowserSessionRow).where(BrowserSessionRow.key_id == key_id))
            return self._key_info(s, row)

    def authenticate(self, key: str) -> KeyInfo | None:
        """The live key matching ``key``, or None (unknown, malformed or revoked)."""
        prefix = _prefix_of(key.strip())
        if prefix is None or len(key) > 200:
            return None
        with self.session() as s:
            row = s.scalar(select(ApiKeyRow).where(ApiKeyRow.prefix == prefix))
            if row is None or row.revoked_at is not None:
                return None
            if not hmac.compare_digest(row.digest, _digest(key.strip())):
                return None
            return self._key_info(s, row)

    # -- browser sessions (the web UI's sign-in) ------------------------------------------------------

    def open_browser_session(self, key_id: int, ttl: timedelta) -> tuple[str, str]:
        """Open a session for live key ``key_id``; returns ``(session id, CSRF token)``, the id shown once.

        Expired sessions of every key are purged on the way.
        """
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(24)
        now = utcnow()
        with self.session() as s:
            row = s.get(ApiKeyRow, key_id)
            if row is None or row.revoked_at is not None:
                raise NotFoundError(f"API key {key_id} not found")
            s.execute(delete(BrowserSessionRow).where(BrowserSessionRow.expires_at < now))
            s.add(BrowserSessionRow(digest=_digest(token), key_id=key_id, csrf=csrf, expires_at=now + ttl))
        return token, csrf

    def browser_session(self, token: str) -> BrowserSession | None:
        """The live session with id ``token`` (not expired, its key not revoked), or None."""
        if not token or len(token) > 200:
            return None
        with self.session() as s:
            row = s.scalar(select(BrowserSessionRow).where(BrowserSessionRow.digest == _digest(token)))
            if row is None:
                return None
            expires = _aware(row.expires_at)
            if expires <= utcnow():
                s.delete(row)
                return None
            key = s.get(ApiKeyRow, row.key_id)
            if key is None or key.revoked_at is not None:
                return None
            return BrowserSession(key=self._key_info(s, key), csrf=row.csrf, expires_at=expires)

    def close_browser_session(self, token: str) -> bool:
        """Sign a browser session out (its id stops working at once); False when there was none."""
        if not token or len(token) > 200:
            return False
        with self.session() as s:
            gone = s.execute(delete(BrowserSessionRow).where(BrowserSessionRow.digest == _digest(token)))
            return bool(getattr(gone, "rowcount", 0))

    @staticmethod
    def _key_info(s: Any, row: ApiKeyRow) -> KeyInfo:
        ws = s.get(WorkspaceRow, row.workspace_id)
        return KeyInfo(
            id=row.id,
            workspace_id=row.workspace_id,
            workspace=ws.name if ws is not None else "",
            name=row.name,
            role=row.role,  # type: ignore[arg-type]
            prefix=row.prefix,
            created_at=row.created_at,
            revoked_at=row.revoked_at,
        )
