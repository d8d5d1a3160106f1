"""The objection report as Markdown and CSV, and the inline SVG charts of its HTML page (``_html``).

The trend says what the report page says: per category, the **share of each period's calls** in which
prospects raised it (``TrendPoint.calls_with / calls``), drawn as small multiples of the most frequent
categories on one shared scale; a period without calls is a gap. Reports made before ``calls_with`` existed
show objections per call instead, and say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Literal

from pydantic import BaseModel

from textops.objections import (
    CATEGORY_KEYS,
    ObjectionReport,
    OutcomeStat,
    best_replies,
    reply_claims_check,
)
from textops.reports._csv import csv_text
from textops.reports._shared import ci, clock, diff_ci, md_cell, pct, roles_lines, unnamed_reps_line

__all__ = [
    "BEST_REPLIES_NOTE",
    "NO_OUTCOMES",
    "TREND_TOP",
    "TrendSeries",
    "TrendShares",
    "bar_chart_svg",
    "checked_best_replies",
    "decided_calls",
    "objections_csv",
    "objections_markdown",
    "trend_multiples_svg",
    "trend_note",
    "trend_shares",
    "trend_value",
    "unnamed_reps_note",
]

BEST_REPLIES_NOTE = (
    "Replies that acknowledge, ask and keep the objection from coming back, on calls that were won. A reply "
    "that makes a claim the messaging check flags (a guarantee or promise, a comparison with others) is "
    "never shown here, however the call ended."
)
"""What the best replies are (the page's sentence)."""

NO_OUTCOMES = (
    "No call has a known outcome (won or lost), so there are no win rates: give calls an outcome "
    '("outcome: won" in a transcript\'s header, or the "outcome" field of a JSON call; docs/formats.md).'
)
"""What the win-rate section says when no call is decided."""

TREND_TOP = 6
"""Categories drawn as small multiples (the most frequent by share of calls); the tables have all of them."""

PALETTE = (
    "#2563eb",
    "#d97706",
    "#059669",
    "#dc2626",
    "#7c3aed",
    "#0891b2",
    "#db2777",
    "#65a30d",
    "#475569",
    "#a16207",
    "#9333ea",
    "#0d9488",
    "#ea580c",
    "#4f46e5",
)


def decided_calls(report: ObjectionReport) -> int:
    """Calls of the report with a known outcome (won or lost): each category splits them into with/without."""
    return max((o.calls_with + o.calls_without for o in report.outcomes), default=0)


def unnamed_reps_note(report: ObjectionReport) -> str | None:
    """What the per-rep table cannot show when calls name their rep only by a role label ("Sales Rep")."""
    return unnamed_reps_line(((g.name, g.calls) for g in report.by_rep), report.calls)


def outcome_line(o: OutcomeStat) -> str:
    """One outcome row as words: counts always; rates and intervals only when there are enough calls."""
    counts = f"{o.wins_with}/{o.calls_with} won with, {o.wins_without}/{o.calls_without} won without"
    if o.status != "ok":
        return f"{counts} — too few calls for a rate"
    diff = f"{100 * o.difference:+.0f} pts" if o.difference is not None else "–"
    p = f", Fisher p = {o.fisher_p:.3f}" if o.fisher_p is not None else ""
    return (
        f"{counts}: {pct(o.win_rate_with)} (95% CI {ci(o.win_rate_with_ci)}) vs {pct(o.win_rate_without)} "
        f"(95% CI {ci(o.win_rate_without_ci)}), difference {diff} (95% CI {diff_ci(o.difference_ci)}){p}"
    )


def objections_markdown(report: ObjectionReport) -> str:
    """A Markdown report: categories, themes, outcomes, trend, reps, segments, quotes and best replies.

    The trend is the share of each period's calls per category (:func:`trend_shares`), as on the page.
    """
    report = checked_best_replies(report)
    labels = {c.category: c.label for c in report.categories}
    lines = [
        "# Objection report",
        "",
        f"**{len(report.objections)} objections** in {report.calls_with_objections} of {report.calls} calls "
        f"({report.prospect_utterances} prospect turns, threshold {report.threshold:.2f}).",
        "",
        *roles_lines(report.roles),
        "## Categories",
        "",
        "| category | objections | calls | share of calls | repeats | outside themes |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for c in report.categories:
        lines.append(
            f"| {c.label} | {c.count} | {c.calls} | {pct(c.share_of_calls)} | {c.repeats} | {c.outliers} |"
        )
    lines += [
        "",
        "## Themes",
        "",
        "| theme | category | objections | calls | representative quote |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    if not report.themes:
        lines.append("| (no themes: too few objections to group) | | | | |")
    for t in report.themes[:40]:
        q = t.representative
        lines.append(
            f"| {t.label} | {labels.get(t.category, t.category)} | {t.size} | {t.calls} | "
            f"“{q.text}” — {q.speaker}, {q.call_id} {clock(q.start)} |"
        )
    if report.cross_themes:
        lines += ["", "Across categories:", ""]
        for x in report.cross_themes[:10]:
            mix = ", ".join(f"{labels.get(k, k)} {v}" for k, v in x.categories.items())
            lines.append(f"- **{x.label}** ({x.size}: {mix}) — “{x.representative.text}”")
    lines += ["", "## Win rate with vs without (decided calls)", ""]
    if decided_calls(report):
        for stat in report.outcomes:
            lines.append(f"- **{labels.get(stat.category, stat.category)}**: {outcome_line(stat)}")
    else:
        lines.append(NO_OUTCOMES)
    trend = trend_shares(report)
    lines += ["", f"## Trend by {trend.granularity}: {trend.metric}", ""]
    if trend.periods and trend.series:
        lines += [
            trend_note(trend),
            "",
            "| period | calls | " + " | ".join(md_cell(s.label) for s in trend.series) + " |",
            "| --- | ---: | " + " | ".join("---:" for _ in trend.series) + " |",
        ]
        for i, period in enumerate(trend.periods):
            lines.append(
                f"| {period} | {trend.calls[i]} | "
                + " | ".join(trend_value(trend, s.values[i]) for s in trend.series)
                + " |"
            )
    else:
        lines.append("No dated calls: no trend.")
    for title, groups in (("Reps", report.by_rep), ("Segments", report.by_segment)):
        lines += [
            "",
            f"## {title}",
            "",
            "| name | calls | objections | per call | top categories |",
            "| --- | ---: | ---: | ---: | --- |",
        ]
        for g in groups:
            top = sorted(((v, k) for k, v in g.counts.items() if v), reverse=True)[:3]
            tops = ", ".join(f"{labels.get(k, k)} {v}" for v, k in top) or "–"
            lines.append(f"| {g.name} | {g.calls} | {g.objections} | {g.per_call:.2f} | {tops} |")
        if title == "Reps" and (note := unnamed_reps_note(report)):
            lines += ["", note]
    lines += ["", "## Top quotes", ""]
    for cat, quotes in report.top_quotes.items():
        lines.append(f"**{labels.get(cat, cat)}**")
        lines += [
            f"- “{q.text}” — {q.speaker}, {q.call_id} {clock(q.start)} ({q.confidence:.2f})" for q in quotes
        ]
        lines.append("")
    pp = report.pain_points
    lines += ["## Pain points (not objections)", ""]
    if pp.count:
        lines.append(
            f"{pp.count} pain points in {pp.calls} of {report.calls} calls ({pct(pp.share_of_calls)}): what "
            "prospects say hurts today — reasons to buy, in their words."
        )
        lines += [
            f"- **{t.label}** ({t.size} in {t.calls} calls): “{t.representative.text}”" for t in pp.themes[:8]
        ]
        lines += [f"- “{q.text}” — {q.speaker}, {q.call_id} {clock(q.start)}" for q in pp.quotes[:5]]
    else:
        lines.append("No pain points found.")
    lines += ["", "## Best replies (won calls)", "", BEST_REPLIES_NOTE, ""]
    for cat, items in report.best_replies.items():
        lines.append(f"**{labels.get(cat, cat)}**")
        for o in items:
            if o.reply is not None:
                where = f"{o.call_id} {clock(o.reply.start)}"
                lines.append(f"- “{o.text}” → {o.reply.speaker}: “{o.reply.text}” ({where})")
        lines.append("")
    lines += [f"_Method: {report.method}_", ""]
    lines += [f"> {w}" for w in report.warnings]
    return "\n".join(lines) + "\n"


def bar_chart_svg(items: Sequence[tuple[str, int]], *, width: int = 640, bar_height: int = 22) -> str:
    """Horizontal bars with labels and values, as a standalone ``<svg>`` string (escaped)."""
    label_w, pad = 230, 8
    height = pad * 2 + bar_height * max(1, len(items))
    top = max((v for _, v in items), default=0) or 1
    span = width - label_w - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="objections per category" font-family="system-ui,sans-serif" font-size="13">'
    ]
    for i, (label, value) in enumerate(items):
        y = pad + i * bar_height
        w = round(span * value / top, 1)
        color = PALETTE[i % len(PALETTE)]
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{bar_height - 6}" fill="{color}"/>'
        )
        parts.append(f'<text x="{label_w + w + 5}" y="{y + 15}">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)


class TrendSeries(BaseModel):
    """One category over the trend's periods: its value per period and the calls (or objections) behind it."""

    category: str
    label: str
    values: list[float | None]
    """Per period: the share of the period's calls that raised the category (objections per call for reports
    made before ``calls_with``); ``None`` for a period without calls (a gap, not a zero)."""
    raised: list[int]
    """Per period: the calls that raised the category (``calls_with``; objections for older reports)."""
    overall: float
    """The category's share of all calls of the report (``CategoryStat.share_of_calls``)."""


class TrendShares(BaseModel):
    """The objection trend as the report page shows it: share of calls per category and period."""

    granularity: Literal["week", "month"]
    share: bool
    """True: values are shares of calls; False: objections per call (a report made before ``calls_with``)."""
    metric: Literal["share of calls", "objections per call"]
    periods: list[str]
    calls: list[int]
    scale: float
    """Upper bound of the small multiples' shared y axis (a round share: 10%, 20%, 25%, 50%, 75%, 100%)."""
    series: list[TrendSeries]
    """Every category that occurs, the most frequent by share of calls first (the panels are the first
    :data:`TREND_TOP`)."""


def _nice_ceiling(x: float) -> float:
    """A round upper bound for a share axis: 10%, 20%, 25%, 50%, 75% or 100%."""
    return next((b for b in (0.1, 0.2, 0.25, 0.5, 0.75) if x <= b), 1.0)


def trend_shares(report: ObjectionReport, top: int = TREND_TOP) -> TrendShares:
    """Per category, the share of each period's calls in which prospects raised it (the page's trend).

    ``calls_with[c] / calls`` of each :class:`~textops.objections.TrendPoint` (the numbers of the API's
    JSON); a period without calls has no value. The scale is shared by the ``top`` panels so they compare.
    Reports made before ``calls_with`` existed get objections per call (``share`` False).
    """
    points = report.trend
    share = any(t.calls_with for t in points)
    used = [c for c in sorted(report.categories, key=lambda c: (-c.share_of_calls, -c.count)) if c.count]
    series = []
    for c in used:
        raised = [(t.calls_with if share else t.counts).get(c.category, 0) for t in points]
        values = [n / t.calls if t.calls else None for n, t in zip(raised, points, strict=True)]
        series.append(
            TrendSeries(
                category=c.category, label=c.label, values=values, raised=raised, overall=c.share_of_calls
            )
        )
    peak = max((v for s in series[:top] for v in s.values if v is not None), default=0.0)
    return TrendShares(
        granularity=report.trend_granularity,
        share=share,
        metric="share of calls" if share else "objections per call",
        periods=[t.period for t in points],
        calls=[t.calls for t in points],
        scale=_nice_ceiling(peak) if share else max(peak, 1e-9),
        series=series,
    )


def trend_value(trend: TrendShares, v: float | None) -> str:
    """A value of the trend as the chart and table say it: a share in percent, else objections per call."""
    if v is None:
        return "–"
    return pct(v) if trend.share else f"{v:.2f}"


def trend_note(trend: TrendShares, top: int = TREND_TOP) -> str:
    """The sentence that says what the trend shows (the page's), for a trend with periods and categories."""
    unit = trend.granularity
    what = (
        f"Of each {unit}'s calls, the share in which prospects raised the category"
        if trend.share
        else f"Objections per call in each {unit} (run the report again for the share of calls)"
    )
    scale = pct(trend.scale) if trend.share else f"{trend.scale:.2f}"
    shown = min(top, len(trend.series))
    return (
        f"{what}, {trend.periods[0]} to {trend.periods[-1]}. The chart shows the {shown} most frequent "
        f"categories on one scale (0 to {scale}), the table all of them; a gap (–) is a {unit} without calls."
    )


def trend_multiples_svg(trend: TrendShares, *, top: int = TREND_TOP, columns: int = 3) -> str:
    """Small multiples of the trend as one standalone ``<svg>`` (escaped, no script): a panel per category.

    The ``top`` first series of ``trend``, each on the same y scale (0 to ``trend.scale``), the first and
    last period under the axis, the overall share and the last value under each panel; a period without
    calls breaks the line.
    """
    panels = trend.series[:top]
    pw, ph = 250, 124
    rows = max(1, -(-len(panels) // columns))
    width, height = pw * min(columns, max(1, len(panels))), ph * rows
    n = len(trend.periods)
    unit = trend.granularity
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(f"{trend.metric} per {unit}")}, '
        f'one panel per category, on one scale" font-family="system-ui,sans-serif" font-size="11">'
    ]
    for k, s in enumerate(panels):
        ox, oy = pw * (k % columns), ph * (k // columns)
        x0, x1, yt, yb = ox + 44, ox + pw - 12, oy + 26, oy + 86
        seen = [v for v in s.values if v is not None]
        summary = (
            f"{s.label}: {trend.metric} per {unit}, from {trend_value(trend, seen[0] if seen else None)} "
            f"to {trend_value(trend, seen[-1] if seen else None)} "
            f"(highest {trend_value(trend, max(seen) if seen else None)})"
        )
        parts.append(f'<g data-category="{escape(s.category)}"><title>{escape(summary)}</title>')
        parts.append(
            f'<text x="{ox + 4}" y="{oy + 15}" font-size="13" font-weight="600">{escape(s.label)}</text>'
        )
        parts.append(f'<line x1="{x0}" y1="{yt}" x2="{x1}" y2="{yt}" stroke="#e5e7eb"/>')
        parts.append(f'<line x1="{x0}" y1="{yb}" x2="{x1}" y2="{yb}" stroke="#9ca3af"/>')
        top_label = pct(trend.scale) if trend.share else f"{trend.scale:.2f}"
        parts.append(f'<text x="{x0 - 4}" y="{yt + 4}" text-anchor="end">{top_label}</text>')
        parts.append(
            f'<text x="{x0 - 4}" y="{yb + 4}" text-anchor="end">{"0%" if trend.share else "0"}</text>'
        )
        path: list[str] = []
        dots: list[tuple[float, float]] = []
        pen_up = True
        for i, v in enumerate(s.values):
            if v is None:
                pen_up = True
                continue
            x = (x0 + x1) / 2 if n == 1 else x0 + (x1 - x0) * i / (n - 1)
            y = yb - (yb - yt) * min(v / trend.scale, 1.0)
            path.append(f"{'M' if pen_up else 'L'}{x:.1f},{y:.1f}")
            isolated = (i == 0 or s.values[i - 1] is None) and (i == n - 1 or s.values[i + 1] is None)
            if n <= 20 or isolated:
                dots.append((round(x, 1), round(y, 1)))
            pen_up = False
        if path:
            parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="{PALETTE[0]}" stroke-width="2"/>')
        parts += [f'<circle cx="{x}" cy="{y}" r="2" fill="{PALETTE[0]}"/>' for x, y in dots]
        if n:
            parts.append(f'<text x="{x0}" y="{yb + 13}" font-size="10">{escape(trend.periods[0])}</text>')
            if n > 1:
                parts.append(
                    f'<text x="{x1}" y="{yb + 13}" font-size="10" text-anchor="end">'
                    f"{escape(trend.periods[-1])}</text>"
                )
        last = trend_value(trend, seen[-1] if seen else None)
        parts.append(
            f'<text x="{ox + 4}" y="{oy + 116}" fill="#4b5563">{pct(s.overall)} of all calls · '
            f"last {escape(unit)} {last}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def checked_best_replies(report: ObjectionReport) -> ObjectionReport:
    """``report`` with its best replies run through the claims check where they were not (older reports).

    The page does the same: a reply that makes a claim the alignment check flags is never a best reply.
    """
    unchecked = any(
        o.reply is not None and o.reply.flagged_claims is None
        for items in report.best_replies.values()
        for o in items
    )
    if not unchecked:
        return report
    order = [*CATEGORY_KEYS, *report.custom_categories]
    objections = [o.model_copy(deep=True) for o in report.objections]
    return report.model_copy(
        update={"best_replies": best_replies(objections, order, check=reply_claims_check())}
    )


def objections_csv(report: ObjectionReport) -> str:
    """One row per objection with its call context, category, confidence, theme and reply."""
    themes = {t.id: t.label for t in report.themes}
    header = [
        "id",
        "call_id",
        "utterance_index",
        "start",
        "speaker",
        "rep",
        "segment",
        "started_at",
        "outcome",
        "category",
        "confidence",
        "category_confidence",
        "theme_id",
        "theme",
        "repeat_of",
        "raised_again",
        "text",
        "reply_speaker",
        "reply_text",
    ]
    rows = (
        [
            o.id,
            o.call_id,
            o.utterance_index,
            o.start,
            o.speaker,
            o.rep,
            o.segment,
            o.started_at.isoformat() if o.started_at else "",
            o.outcome,
            o.category,
            o.confidence,
            o.category_confidence,
            o.theme_id,
            themes.get(o.theme_id or -1, ""),
            o.repeat_of,
            o.raised_again,
            o.text,
            o.reply.speaker if o.reply else "",
            o.reply.text if o.reply else "",
        ]
        for o in report.objections
    )
    return csv_text(header, rows)
