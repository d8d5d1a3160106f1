"""The one error hierarchy of textops.

Every message says what went wrong *and* what to do about it. The API maps these classes to HTTP
status codes in one place (``api/errors.py``); library code never raises ``HTTPException``.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "ConflictError",
    "DatabaseUnavailableError",
    "IngestError",
    "InputTooLargeError",
    "InvalidInputError",
    "ModelNotAvailableError",
    "NotFoundError",
    "TextopsError",
]


class TextopsError(Exception):
    """Base class of every error textops raises on purpose."""

    code: str = "textops_error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConfigError(TextopsError):
    """A setting is missing or invalid."""

    code = "config_error"


class ModelNotAvailableError(TextopsError):
    """A model package or folder is not installed where the settings say."""

    code = "model_not_available"


class InvalidInputError(TextopsError):
    """Input is well-formed at the transport level but cannot be used (empty, inconsistent, ...)."""

    code = "invalid_input"


class InputTooLargeError(InvalidInputError):
    """Input exceeds a configured size limit."""

    code = "input_too_large"


class ConflictError(InvalidInputError):
    """The request conflicts with what exists (a name already taken, ...)."""

    code = "conflict"


class SourceDeletedError(ConflictError):
    """A corpus an analysis read was deleted while it ran: its report and vectors are not kept."""

    code = "source_deleted"


class DatabaseUnavailableError(TextopsError):
    """The database cannot be reached or opened.

    No server answers there, the host, user, password or database name is wrong, or a SQLite file's folder
    cannot be made or written. ``url`` is the database's URL with any password masked; ``reason`` says in a
    few words what failed (``connection refused``, ``host not found``, ...).
    """

    code = "database_unavailable"

    def __init__(self, message: str, *, url: str, reason: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.url = url
        self.reason = reason


class NotFoundError(TextopsError):
    """A named corpus, document, report or experiment does not exist (in this workspace)."""

    code = "not_found"


class IngestError(InvalidInputError):
    """A file could not be read. Carries the file name and, where known, the line number."""

    code = "ingest_error"

    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None, hint: str | None = None
    ) -> None:
        where = file or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}", hint=hint)
        self.file = file
        self.line = line
        self.reason = message
