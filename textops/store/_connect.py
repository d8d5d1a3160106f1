"""A database that cannot be reached or opened, told as one :class:`DatabaseUnavailableError`.

The store translates here, in one place, what SQLAlchemy and the driver raise when there is no database to
talk to: no server at that host and port, a host name that does not resolve, a wrong user, password or
database name, a connection lost mid-way, a SQLite file whose folder cannot be made or written. The CLI
prints the error's message and hint like any other (exit 2), and the API answers 503 with it, so a user sees
which database (its URL, the password masked), what failed in a few words, and what to check — never a
traceback. Other database errors (a constraint, a bug in a statement) are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import URL, Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from textops.errors import DatabaseUnavailableError

__all__ = ["UNAVAILABLE_REASONS", "database_errors", "folder_error", "masked_url", "unavailable"]

# user:password@ (a password may hold "@"); also without a scheme, as a mistyped URL is when it is shown
_USERINFO_PASSWORD = re.compile(r"^(?P<head>[\w+.-]+://[^:/@?#]*:).*@")
_BARE_USERINFO_PASSWORD = re.compile(r"^(?P<head>[^:/@?#]*:).*@")
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)[^&#]*", re.IGNORECASE)

# (what the driver says, in lower case) -> what failed, in a few words. First match wins.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), reason)
    for pattern, reason in (
        (
            r"could not translate host name|failed to resolve host|name or service not known|"
            r"nodename nor servname|temporary failure in name resolution|unknown mysql server host|"
            r"no address associated with hostname",
            "host not found",
        ),
        (r"connection refused", "connection refused"),
        (r"socket \"[^\"]*\" failed: no such file or directory", "no server at that socket"),
        (
            r"password authentication failed|authentication failed|no password supplied|"
            r"access denied for user|role \"[^\"]*\" does not exist",
            "authentication failed",
        ),
        (r"database \"[^\"]*\" does not exist|unknown database", "database does not exist"),
        (r"no pg_hba\.conf entry", "the server does not accept connections from this host or user"),
        (r"too many (clients|connections)", "the server has too many connections"),
        (r"the database system is (starting up|shutting down|in recovery mode)", "the server is not ready"),
        (
            r"server closed the connection unexpectedly|terminating connection|connection is lost|"
            r"connection (is|already) closed|consuming input failed|lost connection to mysql server|"
            r"ssl connection has been closed unexpectedly",
            "the connection was lost",
        ),
        (r"unable to open database file", "the database file cannot be opened or created"),
        (r"readonly database|read-only database", "the database file cannot be written"),
    )
)
_TIMEOUT = re.compile(r"timeout expired|timed out")

UNAVAILABLE_REASONS = frozenset({reason for _, reason in _REASONS} | {"timed out"})
"""The reasons :func:`unavailable` words itself; any other is the first line of the driver's message, which
may name a host or a path (the API does not pass those on to its clients)."""

_SERVER_HINT = (
    "check the URL (--db or TEXTOPS_DATABASE_URL), and that the database server is running and accepts "
    "connections from here"
)
_HINTS = {
    "authentication failed": "check the user and password in the URL (--db or TEXTOPS_DATABASE_URL)",
    "database does not exist": "create the database on the server (textops makes its tables, not the "
    "database), or fix its name in the URL (--db or TEXTOPS_DATABASE_URL)",
}
_SQLITE_HINT = (
    "check the URL (--db or TEXTOPS_DATABASE_URL): the SQLite file's folder must exist or be one textops "
    "can create, and textops must be allowed to write in it"
)


def masked_url(url: str | URL) -> str:
    """``url`` as the user wrote it, any password (``user:password@``, ``?password=``) shown as ``***``."""
    text = url if isinstance(url, str) else _rendered(url)
    userinfo = _USERINFO_PASSWORD if "://" in text else _BARE_USERINFO_PASSWORD
    text = userinfo.sub(r"\g<head>***@", text)
    return _QUERY_PASSWORD.sub(r"\g<head>***", text)


def _rendered(url: URL) -> str:
    """``url`` as text (its password masked), unquoted as a user writes it (``?host=/tmp/sock``)."""
    return unquote(url.render_as_string(hide_password=True))


def _is_sqlite(url: str | URL) -> bool:
    name = url.get_backend_name() if isinstance(url, URL) else url.split(":", 1)[0].split("+", 1)[0]
    return name == "sqlite"


def _error(url: str | URL, reason: str) -> DatabaseUnavailableError:
    shown = masked_url(url)
    if _is_sqlite(url):
        return DatabaseUnavailableError(
            f"cannot open the SQLite database {shown}: {reason}", url=shown, reason=reason, hint=_SQLITE_HINT
        )
    return DatabaseUnavailableError(
        f"cannot connect to the database {shown}: {reason}",
        url=shown,
        reason=reason,
        hint=_HINTS.get(reason, _SERVER_HINT),
    )


def _first_line(message: str) -> str:
    line = message.strip().splitlines()[0] if message.strip() else "no message from the driver"
    line = re.sub(r"^(connection failed|connection is bad):\s*", "", line)
    return line if len(line) <= 160 else line[:157] + "..."


def unavailable(exc: BaseException, url: str | URL) -> DatabaseUnavailableError | None:
    """The :class:`DatabaseUnavailableError` that ``exc`` means for the database at ``url``, or None.

    ``exc`` means it when it is SQLAlchemy's ``OperationalError``/``InterfaceError`` raised while connecting
    (no statement), on a connection that broke, or with a driver message that says the database cannot be
    reached or opened (host not found, connection refused, authentication failed, database does not exist,
    the connection was lost, a SQLite file that cannot be opened or written). Any other error gives None.
    """
    if not isinstance(exc, OperationalError | InterfaceError):
        return None
    message = str(exc.orig if exc.orig is not None else exc)
    lower = message.lower()
    reason = next((r for pattern, r in _REASONS if pattern.search(lower)), None)
    connecting = exc.statement is None or exc.connection_invalidated
    if reason is None and connecting:
        reason = "timed out" if _TIMEOUT.search(lower) else _first_line(message)
    return None if reason is None else _error(url, reason)


def folder_error(url: str | URL, folder: Path, exc: OSError) -> DatabaseUnavailableError:
    """The error for a SQLite file whose folder ``folder`` could not be made (``exc`` says why)."""
    if isinstance(exc, FileExistsError):
        why = "a file of that name is in the way"
    elif isinstance(exc, NotADirectoryError):
        why = "a part of its path is a file, not a folder"
    else:
        why = (exc.strerror or type(exc).__name__).lower()
    return _error(url, f"its folder {folder} cannot be made ({why})")


@contextmanager
def database_errors(engine: Engine) -> Iterator[None]:
    """Raise :func:`unavailable`'s error in place of a database error of the block that means one."""
    try:
        yield
    except DBAPIError as exc:
        error = unavailable(exc, engine.url)
        if error is None:
            raise
        raise error from exc
