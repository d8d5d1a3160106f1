"""Database errors made safe to log: the driver's message can quote the values of the failing row.

PostgreSQL's ``DETAIL: Key (name)=(jane.doe@example.com …) already exists`` carries user data even with
SQLAlchemy's ``hide_parameters``; :func:`log_safe` replaces such an error with one that keeps the
traceback, the error class, the SQLSTATE and the statement, and withholds the message.
"""

from __future__ import annotations

from sqlalchemy.exc import StatementError

__all__ = ["DatabaseFailure", "log_safe"]


class DatabaseFailure(Exception):
    """A database error whose driver message (which may quote stored text) was withheld from the log."""


def _statement_error(exc: BaseException) -> StatementError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, StatementError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def log_safe(exc: BaseException) -> BaseException:
    """``exc``, or a :class:`DatabaseFailure` in its place when it is (or wraps) a database error.

    The replacement keeps the traceback and withholds the driver's message.
    """
    db = _statement_error(exc)
    if db is None:
        return exc
    orig = getattr(db, "orig", None)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    statement = " ".join(str(db.statement or "").split())[:300]
    where = f"{type(orig).__name__}, SQLSTATE {state}" if state else type(orig or db).__name__
    safe = DatabaseFailure(
        f"{type(db).__name__} ({where}); the database's message is withheld because it may quote stored "
        f"text; statement: {statement}"
    )
    return safe.with_traceback(exc.__traceback__)
