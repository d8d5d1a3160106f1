"""What the browser tests share: the ``web`` fixture's tools, scripts they evaluate in the page, and how they
tell a real failure from a cut-off poll."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from tests.support import AppFactory

__all__ = ["OVERFLOW_JS", "RECORD_UPLOADS_JS", "Web", "aborted_poll"]


@dataclass(frozen=True)
class Web:
    """The ``web`` fixture: serve an app over the test's store, open browser pages on it, save screenshots."""

    make_app: AppFactory
    live_server: Callable[[FastAPI], Any]
    open_page: Callable[[Any], Any]
    """A fresh page on a server (``page.outside`` and ``page.errors`` record what went wrong)."""
    shots: Callable[..., Path]
    """``shots(page, name, full_page=True)``: a screenshot named after the test module."""

    def serve(self, **settings: Any) -> Any:
        """A live server of ``make_app(**settings)``, stopped at the end of the test."""
        return self.live_server(self.make_app(**settings))


OVERFLOW_JS = """(w) => Array.from(document.querySelectorAll('body *'))
  .filter((e) => e.getBoundingClientRect().right > w + 0.5 && e.offsetParent !== null)
  .filter((e) => !e.closest('.scroll-x, table.data, table.heatmap, table.file-list'))
  .slice(0, 5)
  .map((e) => `${e.tagName}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""
"""The elements whose right edge passes the viewport width ``w``: named in a failure message."""

RECORD_UPLOADS_JS = """(() => {
  const fetch0 = window.fetch;
  window.__uploads = [];
  window.fetch = function (url, opts) {
    if (opts && opts.body instanceof FormData && /\\/files$/.test(String(url)))
      window.__uploads.push(opts.body.getAll("files").map((f) => f.name));
    return fetch0.apply(this, arguments);
  };
})();"""
"""An init script recording the file names of each upload request in ``window.__uploads`` (the browser
does not expose multipart bodies of files)."""


def aborted_poll(request: Any) -> bool:
    """A page's background GET cut off because the test navigated away (Chromium: net::ERR_ABORTED).

    The jobs list and job pages poll the API; leaving the page cancels the poll in flight. That is the
    browser's doing, not a failed request of the app, so it is not counted as one.
    """
    return bool(request.method == "GET" and "ERR_ABORTED" in str(request.failure or ""))
