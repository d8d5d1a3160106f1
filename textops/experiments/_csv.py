"""Daily counts from CSV text: the format of ``textops experiment analyze`` and of the counts download.

One row per arm and day with that day's counts only; the header names ``day`` (or ``date``), ``arm`` (or
``variant``), ``visitors`` (or ``impressions``/``views``) and ``conversions`` (or ``clicks``), in any order
and case. Extra columns are ignored. Cells are separated by commas, semicolons or tabs: whichever the header
line holds most of, as in the CSV of ads (:mod:`textops.ingest`).

Days are calendar dates (``2026-03-01``), not day numbers: the health checks count calendar days from the
first to the last (the under-a-week check, gaps included), the read-outs name the date a difference was
first found, and a stored experiment keeps its counts by date.
"""

from __future__ import annotations

import csv
import re
from datetime import date

from textops.errors import InvalidInputError

__all__ = ["COUNTS_COLUMNS", "COUNTS_FORMAT", "parse_counts_csv"]

COUNTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "day": ("day", "date"),
    "arm": ("arm", "variant"),
    "visitors": ("visitors", "impressions", "views"),
    "conversions": ("conversions", "clicks"),
}
"""Each column the CSV needs and the header names accepted for it."""

COUNTS_FORMAT = (
    "one row per arm and day, cells separated by commas, semicolons or tabs, under a header naming: "
    "day (or date): a date like 2026-03-01; "
    "arm (or variant): the arm's name, the first arm in the file being the control; "
    "visitors (or impressions, views): that day's new visitors, a whole number; "
    "conversions (or clicks): that day's converting visitors, a whole number"
)
"""What each column of a CSV of daily counts must hold, in words (help texts and hints)."""

_DELIMITERS = (",", ";", "\t")
_WHOLE = re.compile(r"[+-]?\d+(?:\.0*)?")
_MAX_DIGITS = 18
_DAY_HINT = (
    "write each day as a date like 2026-03-01 (year-month-day). Day numbers (1, 2, …) are not read: the "
    "checks count calendar days and the read-out names the date a difference was found"
)
_COUNT_HINT = "visitors and conversions count people: whole numbers like 1200, without decimals"


def parse_counts_csv(text: str, source: str = "CSV") -> list[tuple[date, str, int, int]]:
    """Rows ``(day, arm, visitors, conversions)`` of a CSV of daily counts (see the module docstring).

    ``source`` names the file in messages. A missing column, a bad date or count, or no data rows raise
    :class:`InvalidInputError` saying the line (the header is line 1), the column, the value and what it
    should be. Blank lines are skipped. Counts are checked for sign and totals later, by
    :class:`~textops.experiments.DailyCounts` and :func:`~textops.experiments.cumulative_by_arm`.
    """
    try:
        return _parse(text.removeprefix("\ufeff"), source)
    except csv.Error as exc:  # e.g. a field over the csv module's size limit: the file's fault, not ours
        raise InvalidInputError(f"{source}: not a readable CSV ({exc})", hint=COUNTS_FORMAT) from exc


def _delimiter(lines: list[str]) -> str:
    """The delimiter the header line (the first non-blank one) holds most of; a comma when it holds none."""
    header = next((line for line in lines if line.strip()), "")
    best = max(_DELIMITERS, key=header.count)
    return best if header.count(best) else ","


def _parse(text: str, source: str) -> list[tuple[date, str, int, int]]:
    lines = text.splitlines()
    reader = csv.DictReader(lines, delimiter=_delimiter(lines))
    shown = {h.strip().lower(): h.strip() for h in reader.fieldnames or [] if h}
    cols: dict[str, str] = {}
    for key, names in COUNTS_COLUMNS.items():
        found = next((h for h in shown if h in names), None)
        if found is None:
            others = f" (or {', '.join(names[1:])})" if len(names) > 1 else ""
            raise InvalidInputError(
                f"{source}:1: no {key!r} column{others}; the header has: "
                f"{', '.join(shown.values()) or 'nothing'}",
                hint=COUNTS_FORMAT,
            )
        cols[key] = found
    rows: list[tuple[date, str, int, int]] = []
    for raw in reader:
        line_no = reader.line_num  # the file's own line (blank lines and quoted line breaks counted)
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        where = f"{source}:{line_no}"
        arm = row[cols["arm"]]
        if not arm:
            raise InvalidInputError(
                f"{where}: no arm name in column {shown[cols['arm']]!r}",
                hint="name the arm of each row, e.g. control or B",
            )
        rows.append(
            (
                _day(row[cols["day"]], where, shown[cols["day"]]),
                arm,
                _count(row[cols["visitors"]], where, shown[cols["visitors"]]),
                _count(row[cols["conversions"]], where, shown[cols["conversions"]]),
            )
        )
    if not rows:
        raise InvalidInputError(f"{source}: no data rows", hint="one row per arm and day below the header")
    return rows


def _day(value: str, where: str, column: str) -> date:
    if not value:
        raise InvalidInputError(f"{where}: column {column!r} is empty; it needs a date", hint=_DAY_HINT)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(
            f"{where}: column {column!r} holds {value!r}, not a date like 2026-03-01", hint=_DAY_HINT
        ) from None


def _count(value: str, where: str, column: str) -> int:
    if not value:
        raise InvalidInputError(
            f"{where}: column {column!r} is empty; it needs a whole number", hint=_COUNT_HINT
        )
    if _WHOLE.fullmatch(value) is None:
        raise InvalidInputError(
            f"{where}: column {column!r} holds {value!r}, not a whole number", hint=_COUNT_HINT
        )
    digits = value.split(".")[0]
    if len(digits.lstrip("+-")) > _MAX_DIGITS:
        raise InvalidInputError(
            f"{where}: column {column!r} holds a number with {len(digits)} digits, too large for a count",
            hint=_COUNT_HINT,
        )
    return int(digits)
