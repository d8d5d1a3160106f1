"""What every report renderer shares: number formats, the heat colour, a Markdown cell, the roles lines.

The downloads and the web UI's report pages format numbers and colour the heatmap with these same
functions (see :func:`textops.reports.use_report_templates`), so a figure reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from textops.roles import RolesCheck, generic_label

__all__ = [
    "DISTORTED_COLOUR",
    "ci",
    "clock",
    "diff_ci",
    "heat_style",
    "md_cell",
    "num",
    "pct",
    "roles_lines",
]

DISTORTED_COLOUR = "#b3541e"
"""Orange: distortions, drawn apart from the faithful deliveries (the report page's colour)."""


def pct(value: float | None, digits: int = 0) -> str:
    """A share as a percentage (``0.25`` → ``"25%"``); ``–`` for none; never ``-0%``."""
    if value is None:
        return "–"
    text = f"{100 * value:.{digits}f}"
    return ("0" + text[2:] if text.startswith("-0") and not text.strip("-0.") else text) + "%"


def num(value: float | None, digits: int = 1) -> str:
    """A number with ``digits`` decimals and thousands separators; ``–`` for none."""
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def clock(seconds: float | None) -> str:
    """A time into a call as ``m:ss`` (``h:mm:ss`` from an hour on); empty for none."""
    if seconds is None:
        return ""
    s = int(seconds)
    return f"{s // 3600:d}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:d}:{s % 60:02d}"


def ci(interval: tuple[float, float] | None) -> str:
    """A confidence interval of a rate, in percent (``"40–70%"``); ``–`` for none."""
    return "–" if interval is None else f"{100 * interval[0]:.0f}–{100 * interval[1]:.0f}%"


def diff_ci(interval: tuple[float, float] | None) -> str:
    """A confidence interval of a difference of rates, in percentage points; ``–`` for none."""
    return "–" if interval is None else f"{100 * interval[0]:+.0f} to {100 * interval[1]:+.0f} pts"


def heat_style(share: float | None) -> str:
    """Background and text colour of a heatmap cell for a share in [0, 1] (an inline ``style``).

    Near-white → mid teal, never darker than dark text can be read on (contrast ≥ 6:1 over the whole scale);
    grey where there is no share (no calls).
    """
    if share is None:
        return "background:#eef0f3;color:#3b4250"
    v = max(0.0, min(1.0, share))
    r, g, b = int(246 - 151 * v), int(248 - 78 * v), int(250 - 80 * v)
    return f"background:rgb({r},{g},{b});color:#14202b"


def md_cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def roles_lines(roles: RolesCheck) -> list[str]:
    """The roles warning (first, bold) and summary lines of a Markdown report."""
    out = [f"**⚠ {roles.warning}**", ""] if roles.warning else []
    return [*out, roles.summary, ""] if roles.summary else out


def unnamed_reps_line(reps: Iterable[tuple[str, int]], calls: int) -> str | None:
    """The note under a per-rep table whose rows are role labels, from (rep, calls) pairs; ``None`` if none.

    A label such as ``Sales Rep`` (or a ``Speaker 1`` whose role was inferred) is the same in every call of
    an export, so its row pools the reps.
    """
    bare = [(name, n) for name, n in reps if generic_label(name)]
    if not bare:
        return None
    labels = ", ".join(f"'{name}'" for name, _ in bare)
    pooled = sum(n for _, n in bare)
    return (
        f"{pooled} of {calls} calls name their rep only by a role label ({labels}), so those rows pool "
        'every rep: add a "# rep: Name" line to each file\'s header (or a JSON call\'s "rep" field) to see '
        "figures per rep."
    )
