"""What several browser tests evaluate in the page, and how they tell a real failure from a cut-off poll."""

from __future__ import annotations

from typing import Any

__all__ = ["OVERFLOW_JS", "RECORD_UPLOADS_JS", "aborted_poll"]

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
