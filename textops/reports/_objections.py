"""The objection report as Markdown, HTML (inline SVG category bars and trend lines, no CDN) and CSV."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from html import escape

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from textops.objections import ObjectionReport, OutcomeStat
from textops.reports._csv import csv_text
from textops.roles import RolesCheck

__all__ = ["bar_chart_svg", "line_chart_svg", "objections_csv", "objections_html", "objections_markdown"]

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


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def _ci(ci: tuple[float, float] | None) -> str:
    return "–" if ci is None else f"{100 * ci[0]:.0f}–{100 * ci[1]:.0f}%"


def _diff_ci(ci: tuple[float, float] | None) -> str:
    return "–" if ci is None else f"{100 * ci[0]:+.0f} to {100 * ci[1]:+.0f} pts"


def outcome_line(o: OutcomeStat) -> str:
    """One outcome row as words: counts always; rates and intervals only when there are enough calls."""
    counts = f"{o.wins_with}/{o.calls_with} won with, {o.wins_without}/{o.calls_without} won without"
    if o.status != "ok":
        return f"{counts} — too few calls for a rate"
    diff = f"{100 * o.difference:+.0f} pts" if o.difference is not None else "–"
    p = f", Fisher p = {o.fisher_p:.3f}" if o.fisher_p is not None else ""
    return (
        f"{counts}: {_pct(o.win_rate_with)} (95% CI {_ci(o.win_rate_with_ci)}) vs {_pct(o.win_rate_without)} "
        f"(95% CI {_ci(o.win_rate_without_ci)}), difference {diff} (95% CI {_diff_ci(o.difference_ci)}){p}"
    )


def roles_lines(roles: RolesCheck) -> list[str]:
    """The roles warning (first, bold) and summary lines of a Markdown report."""
    out = [f"**⚠ {roles.warning}**", ""] if roles.warning else []
    return [*out, roles.summary, ""] if roles.summary else out


def objections_markdown(report: ObjectionReport) -> str:
    """A Markdown report: categories, themes, outcomes, trend, reps, segments, quotes and best replies."""
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
            f"| {c.label} | {c.count} | {c.calls} | {_pct(c.share_of_calls)} | {c.repeats} | {c.outliers} |"
        )
    lines += [
        "",
        "## Themes",
        "",
        "| theme | category | objections | calls | representative quote |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    for t in report.themes[:40]:
        q = t.representative
        lines.append(
            f"| {t.label} | {labels.get(t.category, t.category)} | {t.size} | {t.calls} | "
            f"“{q.text}” — {q.speaker}, {q.call_id} {_clock(q.start)} |"
        )
    if report.cross_themes:
        lines += ["", "Across categories:", ""]
        for x in report.cross_themes[:10]:
            mix = ", ".join(f"{labels.get(k, k)} {v}" for k, v in x.categories.items())
            lines.append(f"- **{x.label}** ({x.size}: {mix}) — “{x.representative.text}”")
    lines += ["", "## Win rate with vs without (decided calls)", ""]
    for stat in report.outcomes:
        lines.append(f"- **{labels.get(stat.category, stat.category)}**: {outcome_line(stat)}")
    lines += ["", f"## Trend by {report.trend_granularity}", ""]
    cats = [c.category for c in report.categories if c.count]
    lines += [
        "| period | calls | " + " | ".join(labels[c] for c in cats) + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in cats) + " |",
    ]
    for p in report.trend:
        lines.append(
            f"| {p.period} | {p.calls} | " + " | ".join(str(p.counts.get(c, 0)) for c in cats) + " |"
        )
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
    lines += ["", "## Top quotes", ""]
    for cat, quotes in report.top_quotes.items():
        lines.append(f"**{labels.get(cat, cat)}**")
        lines += [
            f"- “{q.text}” — {q.speaker}, {q.call_id} {_clock(q.start)} ({q.confidence:.2f})" for q in quotes
        ]
        lines.append("")
    pp = report.pain_points
    lines += ["## Pain points (not objections)", ""]
    if pp.count:
        lines.append(
            f"{pp.count} pain points in {pp.calls} of {report.calls} calls ({_pct(pp.share_of_calls)}): what "
            "prospects say hurts today — reasons to buy, in their words."
        )
        lines += [
            f"- **{t.label}** ({t.size} in {t.calls} calls): “{t.representative.text}”" for t in pp.themes[:8]
        ]
        lines += [f"- “{q.text}” — {q.speaker}, {q.call_id} {_clock(q.start)}" for q in pp.quotes[:5]]
    else:
        lines.append("No pain points found.")
    lines += ["", "## Best replies (won calls)", ""]
    for cat, items in report.best_replies.items():
        lines.append(f"**{labels.get(cat, cat)}**")
        for o in items:
            if o.reply is not None:
                where = f"{o.call_id} {_clock(o.reply.start)}"
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


def line_chart_svg(
    periods: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    width: int = 760,
    height: int = 300,
) -> str:
    """One line per series over ``periods``, with axes, ticks and a legend, as an ``<svg>`` string."""
    left, right, top, bottom = 64, 230, 12, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((max(v) for _, v in series if len(v)), default=0) or 1
    n = max(1, len(periods) - 1)

    def xy(i: int, v: int) -> tuple[float, float]:
        return round(left + plot_w * i / n, 1), round(top + plot_h * (1 - v / peak), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="objections over time" font-family="system-ui,sans-serif" font-size="11">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#9ca3af"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#9ca3af"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak}</text>',
        f'<text x="{left - 6}" y="{top + plot_h + 4}" text-anchor="end">0</text>',
    ]
    step = max(1, len(periods) // 8)
    for i, p in enumerate(periods):
        if i % step == 0 or i == len(periods) - 1:
            x, _ = xy(i, 0)
            parts.append(
                f'<text x="{x}" y="{top + plot_h + 16}" text-anchor="end" '
                f'transform="rotate(-35 {x} {top + plot_h + 16})">{escape(p)}</text>'
            )
    for k, (name, values) in enumerate(series):
        color = PALETTE[k % len(PALETTE)]
        points = " ".join(f"{x},{y}" for x, y in (xy(i, v) for i, v in enumerate(values)))
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{points}"/>')
        ly = top + 14 * k + 8
        parts.append(f'<rect x="{left + plot_w + 12}" y="{ly - 8}" width="10" height="10" fill="{color}"/>')
        parts.append(f'<text x="{left + plot_w + 26}" y="{ly + 1}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("textops.reports", "templates"), autoescape=select_autoescape(["html"])
    )
    env.filters["clock"] = _clock
    env.filters["pct"] = _pct
    env.filters["ci"] = _ci
    env.filters["diff_ci"] = _diff_ci
    return env


def objections_html(report: ObjectionReport) -> str:
    """A self-contained HTML page: tables plus server-side SVG charts (no scripts, no external assets)."""
    labels = {c.category: c.label for c in report.categories}
    bars = bar_chart_svg([(c.label, c.count) for c in report.categories])
    active = [c.category for c in report.categories if c.count]
    periods = [p.period for p in report.trend]
    lines = line_chart_svg(periods, [(labels[c], [p.counts.get(c, 0) for p in report.trend]) for c in active])
    return (
        _env()
        .get_template("objections.html")
        .render(
            report=report,
            labels=labels,
            bars=Markup(bars),
            trend_svg=Markup(lines) if periods else None,
            outcome_line=outcome_line,
            active=active,
        )
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
