"""Plumbing shared by the web UI pages: templates, sign-in redirect, CSRF token, error pages, headers.

Pages render what the store already holds (reports, corpora, experiments) with the same functions the
``/v1`` routers call; anything that computes or writes goes through the JSON API from the page's script.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from api.auth import Principal, ensure_csrf_cookie, optional_principal
from api.deps import get_app_settings, get_store
from api.errors import told_to_clients
from api.ui._words import WORDS, words
from textops.errors import DatabaseUnavailableError, NotFoundError, TextopsError
from textops.reports import use_report_templates

__all__ = [
    "CSP",
    "STATIC_DIR",
    "Built",
    "env",
    "page",
    "settings_of",
    "store_of",
]

log = logging.getLogger("textops.api")

STATIC_DIR = Path(__file__).resolve().parent / "static"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""Pages load nothing from elsewhere (no CDN, no external fonts); inline styles carry chart colours only."""

Built = tuple[str, dict[str, Any]] | Response
"""What a page builder returns: a template name and its context, or a finished response."""


store_of = get_store
"""The app's store (the API's dependency, called by the pages)."""
settings_of = get_app_settings
"""The app's settings (the API's dependency, called by the pages)."""


def _pvalue(value: float | None) -> str:
    if value is None:
        return "–"
    return "< 0.0001" if value < 0.0001 else f"{value:.4f}"


def _int(value: int | float | None) -> str:
    if value is None:
        return "–"
    return f"{int(value):,}"


def _when(value: str | datetime | None) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    return value.strftime("%Y-%m-%d %H:%M")


def _day(value: str | datetime | None) -> str:
    text = _when(value)
    return text[:10]


def _q(value: Any) -> str:
    """A value quoted for one URL path segment."""
    return quote(str(value), safe="")


def _query(params: Mapping[str, Any]) -> str:
    clean = {k: v for k, v in params.items() if v is not None and v != ""}
    return urlencode(clean)


@lru_cache(maxsize=1)
def env() -> Environment:
    """The UI's Jinja2 environment (autoescaped, strict about undefined names).

    It renders the report partials and formats numbers (``pct``, ``num``), times into a call (``clock``) and
    heat colours as the downloads do (:func:`textops.reports.use_report_templates`).
    """
    e = Environment(
        loader=PackageLoader("api.ui", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    e.filters.update(pvalue=_pvalue, int=_int, when=_when, day=_day, q=_q, query=_query)
    e.filters["words"] = words  # codes and enums in human words: one mapping for every template
    e.globals["WORDS"] = WORDS
    return use_report_templates(e)


def _login_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/ui/login?{urlencode({'next': target})}", status_code=303)


def _error_page(exc: TextopsError) -> tuple[int, str, dict[str, Any]]:
    if isinstance(exc, DatabaseUnavailableError):
        log.error("database unavailable: %s", exc)
        return 503, "error.html", {"title": "Database unavailable", "error": told_to_clients(exc)}
    status = 404 if isinstance(exc, NotFoundError) else 422
    return status, "error.html", {"title": "Not found" if status == 404 else "Cannot show this", "error": exc}


def page(
    request: Request,
    build: Callable[[Principal], Built],
    *,
    nav: str,
    public: bool = False,
    download: str | None = None,
) -> Response:
    """Render a page: sign-in redirect, the builder's template, CSRF token, security and timing headers.

    ``build`` gets the caller and returns ``(template, context)``; a :class:`TextopsError` it raises becomes
    an error page (404 for what does not exist, else 422) instead of the API's JSON body. ``download`` names
    a file: the page is rendered self-contained (inline CSS, no scripts) and sent as an attachment.
    """
    started = time.perf_counter()
    principal = optional_principal(request)
    if principal is None and not public:
        return _login_redirect(request)
    status = 200
    try:
        built = build(principal) if principal is not None else build(_anonymous())
    except TextopsError as exc:
        status, template, context = _error_page(exc)
    else:
        if isinstance(built, Response):
            return built
        template, context = built
    holder = Response()
    token = ensure_csrf_cookie(request, holder, principal)
    html = (
        env()
        .get_template(template)
        .render(
            principal=principal,
            auth_on=settings_of(request).auth_enabled,
            csrf_token=token,
            nav=nav,
            path=request.url.path,
            standalone=download is not None and status == 200,
            inline_css=_inline_css() if download is not None else "",
            now=datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
            **context,
        )
    )
    response = HTMLResponse(html, status_code=status)
    for key, value in holder.raw_headers:
        if key == b"set-cookie":
            response.raw_headers.append((key, value))
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if download is not None and status == 200:
        response.headers["Content-Disposition"] = f'attachment; filename="{download}"'
    response.headers["Server-Timing"] = f"app;dur={1000 * (time.perf_counter() - started):.1f}"
    return response


@lru_cache(maxsize=1)
def _inline_css() -> str:
    return (STATIC_DIR / "ui.css").read_text(encoding="utf-8")


def _anonymous() -> Principal:
    return Principal(0, "", "read", None, "header")
