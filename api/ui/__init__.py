"""The web UI: server-rendered pages over the same store and functions as the ``/v1`` API.

``mount_ui(app)`` adds the pages (``/ui/...``, ``/`` redirects there) and the static files (``/static``).
Pages only render what is stored; uploads, analyses and experiments are API calls made by the page's script
with the browser's session cookie and CSRF token.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.ui._common import STATIC_DIR
from api.ui._home import router as home_router
from api.ui._lab import router as lab_router
from api.ui._reports import router as reports_router

__all__ = ["mount_ui"]


def mount_ui(app: FastAPI) -> None:
    """Add the UI's pages and ``/static`` to ``app`` (a second call does nothing)."""
    if getattr(app.state, "ui_mounted", False):
        return
    app.state.ui_mounted = True
    for router in (home_router, reports_router, lab_router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
