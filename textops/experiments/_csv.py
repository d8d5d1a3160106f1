"""Daily counts from CSV text: the format of ``textops experiment analyze`` and of the counts download.

One row per arm and day with that day's counts only; the header names ``day`` (or ``date``), ``arm`` (or
``variant``), ``visitors`` (or ``impressions``/``views``) and ``conversions`` (or ``clicks``), in any order
and case. Extra columns are ignored.
"""

from __future__ import annotations

import csv
from datetime import date

from textops.errors import InvalidInputError

__all__ = ["COUNTS_COLUMNS", "parse_counts_csv"]

COUNTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "day": ("day", "date"),
    "arm": ("arm", "variant"),
    "visitors": ("visitors", "impressions", "views"),
    "conversions": ("conversions", "clicks"),
}
"""Each column the CSV needs and the header names accepted for it."""


def parse_counts_csv(text: str, source: str = "CSV") -> list[tuple[date, str, int, int]]:
    """Rows ``(day, arm, visitors, conversions)`` of a CSV of daily counts (see the module docstring).

    ``source`` names the file in messages. A missing column, a bad date or count, or no data rows raise
    :class:`InvalidInputError` with the line number (the header is line 1). Blank lines are skipped.
    """
    try:
        return _parse(text.removeprefix("\ufeff"), source)
    except csv.Error as exc:  # e.g. a field over the csv module's size limit: the file's fault, not ours
        raise InvalidInputError(
            f"{source}: not a readable CSV ({exc})",
            hint="one row per arm and day: day, arm, visitors, conversions",
        ) from exc


def _parse(text: str, source: str) -> list[tuple[date, str, int, int]]:
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in reader.fieldnames or []]
    cols: dict[str, str] = {}
    for key, names in COUNTS_COLUMNS.items():
        found = next((h for h in header if h in names), None)
        if found is None:
            raise InvalidInputError(
                f"{source}: no {key!r} column (header: {header})",
                hint="columns: day, arm, visitors, conversions (impressions and clicks are accepted too)",
            )
        cols[key] = found
    rows: list[tuple[date, str, int, int]] = []
    for raw in reader:
        line_no = reader.line_num  # the file's own line (blank lines and quoted line breaks counted)
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        try:
            arm = row[cols["arm"]]
            if not arm:
                raise ValueError("no arm name")
            rows.append(
                (
                    date.fromisoformat(row[cols["day"]]),
                    arm,
                    int(row[cols["visitors"]]),
                    int(row[cols["conversions"]]),
                )
            )
        except ValueError as exc:
            raise InvalidInputError(
                f"{source}:{line_no}: {exc}", hint="day as YYYY-MM-DD, counts as whole numbers"
            ) from exc
    if not rows:
        raise InvalidInputError(f"{source}: no data rows", hint="one row per arm and day below the header")
    return rows
