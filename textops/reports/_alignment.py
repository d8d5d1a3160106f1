"""The alignment report as Markdown and CSV, and the heatmap cells its HTML page shares (``_html``).

Every download says what the report page says: coverage and the heatmap count **faithful** deliveries only,
calls with a distorted delivery are counted apart (orange in the HTML), the parts of the score carry the
names they enter it under (backed claims, shared vocabulary) and the score comes with its reading
(:func:`~textops.alignment.read_score`).
"""

from __future__ import annotations

from pydantic import BaseModel

from textops.alignment import METHOD, AlignmentReport, ScoreComponents, read_score
from textops.reports._csv import csv_text
from textops.reports._shared import clock, heat_style, md_cell, num, pct, roles_lines, unnamed_reps_line
from textops.reports._words import words

__all__ = [
    "SCALE_NOTE",
    "HeatCell",
    "alignment_csv",
    "alignment_markdown",
    "heatmap_cells",
    "raw_beside",
    "shown_pillars",
    "unnamed_reps_alignment",
]

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

    @property
    def style(self) -> str:
        """The cell's colours (an inline ``style``): :func:`~textops.reports.heat_style` of its share."""
        return heat_style(self.share)


def shown_pillars(report: AlignmentReport) -> list[str]:
    """Pillars of the heatmap: the real pillars, never the catch-all of copy claims outside the framework.

    The per-rep counts the cells read (``pillars_delivered`` / ``pillars_distorted``) count real pillars
    only, so a catch-all row would read 0% for every rep even where a rep delivers such a claim; its
    deliveries are in the pillar table and the evidence instead.
    """
    return [p.name for p in report.pillars if not p.catch_all]


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


def unnamed_reps_alignment(report: AlignmentReport) -> str | None:
    """What the per-rep table cannot show when calls name their rep only by a role label ("Sales Rep")."""
    return unnamed_reps_line(((r.rep, r.calls) for r in report.reps), report.calls)


def raw_beside(report: AlignmentReport, key: str) -> str:
    """The raw rate shown beside a part that enters the score inverted (as on the page); empty for others."""
    c = report.components
    if key == "claims":
        return f"unbacked-claim rate {pct(c.unbacked_rate, 1)}"
    if key == "vocabulary":
        return f"divergence (JSD) {num(c.vocabulary_divergence, 3)}"
    return ""


def _cell_md(cell: HeatCell) -> str:
    text = f"{pct(cell.share)} ({cell.n}/{cell.calls})"
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
        f"**Consistency score: {num(c.score)} / 100** over {report.calls} calls.",
        "",
        f"**{reading.summary}**",
        "",
        *(f"- {d}" for d in reading.drivers),
        *([""] if reading.drivers else []),
        "| part of the score | weight | value | what it means |",
        "| --- | ---: | ---: | --- |",
    ]
    for part in reading.parts:
        raw = raw_beside(report, part.key)
        lines.append(
            f"| {part.label} | {part.weight} | {pct(part.value, 1)}{f' ({raw})' if raw else ''} | "
            f"{md_cell(part.meaning)} |"
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
            "| pillar | " + " | ".join(md_cell(r.rep) for r in report.reps) + " |",
            "| --- | " + " | ".join("---:" for _ in report.reps) + " |",
        ]
        for pl in pillars:
            cells = " | ".join(_cell_md(heat[r.rep][pl]) for r in report.reps)
            lines.append(f"| {md_cell(pl)} | {cells} |")
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
            f"| {md_cell(p.name)} | {p.calls_delivered}/{p.calls_total} | "
            f"{p.calls_distorted}/{p.calls_total} | {num(p.components.score)} | "
            f"{pct(p.components.fidelity)} | "
            f"{md_cell(', '.join(p.reps_delivering)) or '–'} |"
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
            f"| {md_cell(r.rep)} | {r.calls} | {num(r.components.score)} | "
            f"{pct(r.components.coverage)} | {pct(r.components.fidelity)} | "
            f"{r.distorted}/{r.deliveries} | {r.unbacked_claims}/{r.claims} | "
            f"{md_cell('; '.join(r.drift_reasons)) if r.drifting else 'no'} |"
        )
    if note := unnamed_reps_alignment(report):
        lines += ["", note]
    lines += [
        "",
        "## Unbacked claims (riskiest first)",
        "",
        "| call | speaker | time | claim | kinds |",
        "| --- | --- | ---: | --- | --- |",
    ]
    for u in report.unbacked_claims[:30]:
        lines.append(
            f"| {md_cell(u.call_id)} | {md_cell(u.speaker)} | {clock(u.start)} | {md_cell(u.sentence)} | "
            f"{', '.join(words(k, 'claim_kind') for k in u.kinds)} |"
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
