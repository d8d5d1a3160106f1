"""One error body for every failure: ``{"error": {"code", "message", "hint", "details"}}``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from textops.errors import (
    ConfigError,
    ConflictError,
    DatabaseUnavailableError,
    InputTooLargeError,
    InvalidInputError,
    ModelNotAvailableError,
    NotFoundError,
    TextopsError,
)
from textops.store import UNAVAILABLE_REASONS, log_safe

log = logging.getLogger("textops.api")

__all__ = [
    "ApiError",
    "ErrorBody",
    "ErrorResponse",
    "error_response",
    "install_error_handlers",
    "told_to_clients",
]


class ErrorBody(BaseModel):
    """What went wrong, and what to do about it."""

    code: str
    message: str
    hint: str | None = None
    details: Any = None


class ErrorResponse(BaseModel):
    """The body of every non-2xx answer."""

    error: ErrorBody


class ApiError(Exception):
    """An HTTP-level failure (401, 403, 429, ...) answered in the project's error body."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        hint: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.hint = hint
        self.headers = headers or {}


_STATUS: list[tuple[type[TextopsError], int]] = [
    (NotFoundError, 404),
    (ConflictError, 409),
    (InputTooLargeError, 413),
    (InvalidInputError, 422),
    (ModelNotAvailableError, 503),
    (ConfigError, 500),
]


def told_to_clients(exc: DatabaseUnavailableError) -> DatabaseUnavailableError:
    """What a client is told of a database the server cannot reach: why, not which (no host, user or path).

    The whole error (which database, masked) goes to the server log, where its operator reads it. A reason
    in the driver's own words (which may name the host) is told as "it does not answer".
    """
    reason = exc.reason if exc.reason in UNAVAILABLE_REASONS else "it does not answer"
    return DatabaseUnavailableError(
        f"the server cannot reach its database: {reason}",
        url=exc.url,
        reason=reason,
        hint="try again in a moment; if it lasts, the server's operator should check its database (the "
        "server log says which and why)",
    )


def error_response(
    status: int,
    code: str,
    message: str,
    hint: str | None = None,
    details: Any = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A JSON error answer in the project's shape."""
    body = ErrorResponse(error=ErrorBody(code=code, message=message, hint=hint, details=details))
    return JSONResponse(status_code=status, content=body.model_dump(mode="json"), headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Map library errors, validation errors and HTTP errors to the error body."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.hint, headers=exc.headers)

    @app.exception_handler(DatabaseUnavailableError)
    async def _database(_: Request, exc: DatabaseUnavailableError) -> JSONResponse:
        log.error("database unavailable: %s", exc)  # which database (password masked) and why
        told = told_to_clients(exc)
        return error_response(503, told.code, told.message, told.hint)

    @app.exception_handler(TextopsError)
    async def _textops(_: Request, exc: TextopsError) -> JSONResponse:
        status = next((s for cls, s in _STATUS if isinstance(exc, cls)), 400)
        return error_response(status, exc.code, exc.message, exc.hint)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"] if p != "body") or "request"
        return error_response(
            422, "validation_error", f"{where}: {first['msg']}", "fix the field and retry", details
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {
            401: "auth_required",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            413: "payload_too_large",
            429: "rate_limited",
        }
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        return error_response(
            exc.status_code,
            codes.get(exc.status_code, "http_error"),
            detail,
            headers=dict(exc.headers) if exc.headers else None,
        )

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=log_safe(exc))
        return error_response(500, "internal_error", "an unexpected error occurred", "see the server log")
