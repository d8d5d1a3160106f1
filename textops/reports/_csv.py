"""The one CSV writer of every export: cells that a spreadsheet would run as a formula are neutralised.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (after any leading
spaces) is opened by Excel, LibreOffice and Google Sheets as a formula — CSV injection (OWASP). Such cells get
a leading apostrophe, which spreadsheets show as plain text. Numbers stay numbers (``-0.25`` is a value, not a
formula); ``None`` is an empty cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

__all__ = ["csv_text", "safe_cell"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as a CSV cell that no spreadsheet runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    text = str(value)
    return "'" + text if text.lstrip(" ").startswith(_FORMULA_START) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document (header + rows), every cell passed through :func:`safe_cell`."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buf.getvalue()
