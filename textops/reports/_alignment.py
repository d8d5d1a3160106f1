"""The alignment report as Markdown, HTML (tables + a pillar × rep heatmap) and CSV.

Every download says what the report page says: coverage and the heatmap count **faithful** deliveries only,
calls with a distorted delivery are counted apart (orange in the HTML), the parts of the score carry the
names they enter it under (backed claims, shared vocabulary) and the score comes with its reading
(:func:`~textops.alignment.read_score`).
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel

from textops.alignment import METHOD, AlignmentReport, ScoreComponents, read_score
from textops.reports._csv import csv_text
from textops.reports._objections import roles_lines

__all__ = [
    "DISTORTED_COLOUR",
    "HeatCell",
    "alignment_csv",
    "alignment_html",
    "alignment_markdown",
    "heatmap_cells",
    "shown_pillars",
]

DISTORTED_COLOUR = "#b3541e"
"""Orange: distortions, drawn apart from the faithful deliveries (the report page's colour)."""

SCALE_NOTE = (
    "The score is 100 minus the points each part loses, weighted 0.4, 0.3, 0.2 and 0.1 (over the parts "
    "that apply). As a rule of thumb, 70 or more is on message, 50 to 70 partly, under 50 off message: a "
    "team whose calls deliver 3 of 5 pillars faithfully, with 90% of deliveries faithful, 80% of claims "
    "backed and half the copy's words shared, scores about 72."
)
"""How to read the score's scale (the page's sentence)."""


class HeatCell(BaseModel):
    """One pillar × rep cell: calls of the rep with a faithful delivery (``n``, the colour) and apart."""

    n: int
    distorted: int
    calls: int
    share: float | None
    """``n / calls``: the share of the rep's calls that deliver the pillar faithfully (``None``: no calls)."""


def shown_pillars(report: AlignmentReport) -> list[str]:
    """Pillars of the heatmap: the catch-all of copy claims outside the framework only when reps touch it."""
    return [
        p.name
        for p in report.pillars
        if not (p.name.startswith("(") and p.calls_delivered == 0 and p.calls_distorted == 0)
    ]


def heatmap_cells(report: AlignmentReport, pillars: list[str]) -> dict[str, dict[str, HeatCell]]:
    """Rep → pillar → the cell: faithful calls colour it; calls with a distorted delivery are counted apart.

    An off-message rep therefore does not get the darkest cells for what they distort.
    """
    return {
        r.rep: {
            pl: HeatCell(
                n=r.pillars_delivered.get(pl, 0),
                distorted=r.pillars_distorted.get(pl, 0),
                calls=r.calls,
                share=r.pillars_delivered.get(pl, 0) / r.calls if r.calls else None,
            )
            for pl in pillars
        }
        for r in report.reps
    }


def _fmt(x: float | None, pct: bool = False, digits: int | None = None) -> str:
    if x is None:
        return "–"
    if pct:
        return f"{100 * x:.{0 if digits is None else digits}f}%"
    return f"{x:.{1 if digits is None else digits}f}"


def _raw_beside(report: AlignmentReport, key: str) -> str:
    """The raw rate shown beside a part that enters the score inverted (as on the page)."""
    c = report.components
    if key == "claims":
        return f"unbacked-claim rate {_fmt(c.unbacked_rate, True, 1)}"
    if key == "vocabulary":
        return f"divergence (JSD) {_fmt(c.vocabulary_divergence, digits=3)}"
    return ""


def _cell_md(cell: HeatCell) -> str:
    text = f"{_fmt(cell.share, True)} ({cell.n}/{cell.calls})"
    return text + (f" ▲ {cell.distorted} distorted" if cell.distorted else "")


def alignment_markdown(report: AlignmentReport) -> str:
    """A Markdown summary: score and its reading, the parts, pillar × rep, pillars, reps, claims, terms.

    Coverage, the heatmap and "never delivered" count faithful deliveries only; distortions have their own
    column and marker (▲ n distorted).
    """
    c = report.components
    reading = read_score(c)
    lines = [
        f"# Messaging alignment{': ' + report.campaign if report.campaign else ''}",
        "",
        f"**Consistency score: {_fmt(c.score)} / 100** over {report.calls} calls.",
        "",
        f"**{reading.summary}**",
        "",
        *(f"- {d}" for d in reading.drivers),
        *([""] if reading.drivers else []),
        "| part of the score | weight | value | what it means |",
        "| --- | ---: | ---: | --- |",
    ]
    for part in reading.parts:
        raw = _raw_beside(report, part.key)
        lines.append(
            f"| {part.label} | {part.weight} | {_fmt(part.value, True, 1)}{f' ({raw})' if raw else ''} | "
            f"{_md(part.meaning)} |"
        )
    lines += ["", SCALE_NOTE, "", *roles_lines(report.roles)]
    if report.never_delivered_pillars:
        lines += [f"**Never delivered faithfully:** {', '.join(report.never_delivered_pillars)}", ""]
    if report.drifting_reps:
        lines += [f"**Reps drifting off message:** {', '.join(report.drifting_reps)}", ""]
    if report.watch_reps:
        lines += [
            f"**Reps to watch** (p < 0.05, not significant after correction): {', '.join(report.watch_reps)}",
            "",
        ]
    pillars = shown_pillars(report)
    heat = heatmap_cells(report, pillars)
    if report.reps and pillars:
        lines += [
            "## Pillar × rep",
            "",
            "Share of each rep's calls in which they delivered the pillar **faithfully** (faithful calls / "
            "the rep's calls). Calls where they delivered it distorted are counted apart "
            "(▲ n distorted) and do not count as delivered.",
            "",
            "| pillar | " + " | ".join(_md(r.rep) for r in report.reps) + " |",
            "| --- | " + " | ".join("---:" for _ in report.reps) + " |",
        ]
        for pl in pillars:
            cells = " | ".join(_cell_md(heat[r.rep][pl]) for r in report.reps)
            lines.append(f"| {_md(pl)} | {cells} |")
        lines.append("")
    lines += [
        "## Coverage by pillar",
        "",
        "| pillar | calls delivering it faithfully | calls distorting it | score | fidelity "
        "| reps delivering it faithfully |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for p in report.pillars:
        lines.append(
            f"| {_md(p.name)} | {p.calls_delivered}/{p.calls_total} | {p.calls_distorted}/{p.calls_total} | "
            f"{_fmt(p.components.score)} | {_fmt(p.components.fidelity, True)} | "
            f"{_md(', '.join(p.reps_delivering)) or '–'} |"
        )
    lines += [
        "",
        "## Reps",
        "",
        "| rep | calls | score | coverage | fidelity | distorted deliveries | unbacked / claims | drifting |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in report.reps:
        lines.append(
            f"| {_md(r.rep)} | {r.calls} | {_fmt(r.components.score)} | "
            f"{_fmt(r.components.coverage, True)} | {_fmt(r.components.fidelity, True)} | "
            f"{r.distorted}/{r.deliveries} | {r.unbacked_claims}/{r.claims} | "
            f"{_md('; '.join(r.drift_reasons)) if r.drifting else 'no'} |"
        )
    lines += [
        "",
        "## Unbacked claims (riskiest first)",
        "",
        "| call | speaker | time | claim | kinds |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for u in report.unbacked_claims[:30]:
        lines.append(
            f"| {_md(u.call_id)} | {_md(u.speaker)} | {_time(u.start)} | {_md(u.sentence)} | "
            f"{', '.join(u.kinds)} |"
        )
    t = report.terminology
    lines += [
        "",
        "## Terminology",
        "",
        "Copy says more: " + ", ".join(x.term for x in t.copy_terms[:15]),
        "",
        "Reps say more: " + ", ".join(x.term for x in t.rep_terms[:15]),
    ]
    if t.pairs:
        lines += [
            "",
            "Same thing, different words: " + "; ".join(f"{p.copy_term} ↔ {p.rep_term}" for p in t.pairs),
        ]
    lines += ["", "## How this is measured", "", METHOD, ""]
    for w in report.warnings:
        lines.append(f"> {w}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _time(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("textops.reports", "templates"), autoescape=select_autoescape(["html"])
    )
    env.filters["fmt"] = _fmt
    env.filters["clock"] = _time
    return env


def _heat(value: float | None) -> str:
    if value is None:
        return "#f3f4f6"
    # white → teal; text stays dark enough for contrast
    v = max(0.0, min(1.0, value))
    r, g, b = int(255 - 200 * v), int(255 - 100 * v), int(255 - 110 * v)
    return f"rgb({r},{g},{b})"


def alignment_html(report: AlignmentReport) -> str:
    """A self-contained HTML page: the score with its reading, tables and a pillar × rep heatmap.

    No scripts, no external assets. Heatmap cells are coloured by faithful deliveries only; distortions
    are counted apart in orange.
    """
    pillars = shown_pillars(report)
    return (
        _env()
        .get_template("alignment.html")
        .render(
            report=report,
            pillars=pillars,
            heat=heatmap_cells(report, pillars),
            reading=read_score(report.components),
            raw_beside=lambda key: _raw_beside(report, key),
            scale_note=SCALE_NOTE,
            method=METHOD,
            color=_heat,
            distorted_colour=DISTORTED_COLOUR,
        )
    )


CSV_HEADER = [
    "scope",
    "name",
    "score",
    "coverage",
    "fidelity",
    "unbacked_rate",
    "vocabulary_divergence",
    "backed_claims",
    "shared_vocabulary",
    "pillar",
    "calls",
    "calls_delivered_faithfully",
    "calls_distorted",
]
"""Columns of the alignment CSV (the first seven as before; the rest added with issue #17)."""


def alignment_csv(report: AlignmentReport) -> str:
    """One row per scope (campaign, pillar, rep, call, and each rep × pillar) with the score and its parts.

    ``backed_claims`` and ``shared_vocabulary`` are the parts as they enter the score (1 − unbacked rate,
    1 − divergence). Pillar rows count calls delivering the pillar faithfully and, apart, calls distorting
    it; ``rep_pillar`` rows (``name`` the rep, ``pillar`` the pillar) are the heatmap's cells.
    """
    pillars = shown_pillars(report)
    heat = heatmap_cells(report, pillars)
    rows: list[list[object]] = []

    def scored(scope: str, name: str, c: ScoreComponents, extra: list[object]) -> None:
        parts = {p.key: None if p.value is None else round(p.value, 4) for p in read_score(c).parts}
        rows.append(
            [
                scope,
                name,
                c.score,
                c.coverage,
                c.fidelity,
                c.unbacked_rate,
                c.vocabulary_divergence,
                parts["claims"],
                parts["vocabulary"],
                *extra,
            ]
        )

    scored("campaign", report.campaign or "", report.components, ["", report.calls, "", ""])
    for p in report.pillars:
        scored("pillar", p.name, p.components, ["", p.calls_total, p.calls_delivered, p.calls_distorted])
    for r in report.reps:
        scored("rep", r.rep, r.components, ["", r.calls, "", ""])
    for cs in report.call_scores:
        scored("call", cs.call_id, cs.components, ["", "", "", ""])
    for r in report.reps:
        for pl in pillars:
            cell = heat[r.rep][pl]
            rows.append(["rep_pillar", r.rep, *([""] * 7), pl, cell.calls, cell.n, cell.distorted])
    return csv_text(CSV_HEADER, rows)
