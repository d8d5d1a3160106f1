"""The alignment report as Markdown, HTML (tables + a pillar × rep heatmap) and CSV."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from textops.alignment import AlignmentReport
from textops.reports._csv import csv_text
from textops.reports._objections import roles_lines

__all__ = ["alignment_csv", "alignment_html", "alignment_markdown"]


def _fmt(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "–"
    return f"{100 * x:.0f}%" if pct else f"{x:.1f}"


def alignment_markdown(report: AlignmentReport) -> str:
    """A Markdown summary: score, pillars, reps, unbacked claims, terminology."""
    c = report.components
    lines = [
        f"# Messaging alignment{': ' + report.campaign if report.campaign else ''}",
        "",
        f"**Consistency score: {_fmt(c.score)} / 100** over {report.calls} calls — "
        f"coverage {_fmt(c.coverage, True)}, "
        f"fidelity {_fmt(c.fidelity, True)}, unbacked claims {_fmt(c.unbacked_rate, True)}, "
        f"vocabulary divergence {_fmt(c.vocabulary_divergence)}.",
        "",
        *roles_lines(report.roles),
    ]
    if report.never_delivered_pillars:
        lines += [f"**Never delivered:** {', '.join(report.never_delivered_pillars)}", ""]
    if report.drifting_reps:
        lines += [f"**Reps drifting off message:** {', '.join(report.drifting_reps)}", ""]
    if report.watch_reps:
        lines += [
            f"**Reps to watch** (p < 0.05, not significant after correction): {', '.join(report.watch_reps)}",
            "",
        ]
    lines += [
        "## Pillars",
        "",
        "| pillar | score | calls delivering | reps | fidelity |",
        "| --- | ---: | ---: | --- | ---: |",
    ]
    for p in report.pillars:
        lines.append(
            f"| {_md(p.name)} | {_fmt(p.components.score)} | {p.calls_delivered}/{p.calls_total} | "
            f"{', '.join(p.reps_delivering) or '–'} | {_fmt(p.components.fidelity, True)} |"
        )
    lines += [
        "",
        "## Reps",
        "",
        "| rep | calls | score | coverage | fidelity | unbacked | drifting |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in report.reps:
        lines.append(
            f"| {_md(r.rep)} | {r.calls} | {_fmt(r.components.score)} | "
            f"{_fmt(r.components.coverage, True)} | "
            f"{_fmt(r.components.fidelity, True)} | {r.unbacked_claims}/{r.claims} | "
            f"{'; '.join(r.drift_reasons) if r.drifting else 'no'} |"
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
    lines += ["", f"_Method: {report.method}_", ""]
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
    """A self-contained HTML page: tables and a pillar × rep heatmap (no scripts, no external assets)."""
    # the catch-all pillar of copy claims outside the framework is shown only when reps deliver any of it
    pillars = [p.name for p in report.pillars if not (p.name.startswith("(") and p.calls_delivered == 0)]
    heat = {
        r.rep: {p: (r.pillars_delivered.get(p, 0) / r.calls if r.calls else None) for p in pillars}
        for r in report.reps
    }
    return (
        _env().get_template("alignment.html").render(report=report, pillars=pillars, heat=heat, color=_heat)
    )


def alignment_csv(report: AlignmentReport) -> str:
    """One row per scope (campaign, pillar, rep, call) with the score and its components."""
    scopes = [
        ("campaign", report.campaign or "", report.components),
        *(("pillar", p.name, p.components) for p in report.pillars),
        *(("rep", r.rep, r.components) for r in report.reps),
        *(("call", c.call_id, c.components) for c in report.call_scores),
    ]
    return csv_text(
        ["scope", "name", "score", "coverage", "fidelity", "unbacked_rate", "vocabulary_divergence"],
        (
            [scope, name, c.score, c.coverage, c.fidelity, c.unbacked_rate, c.vocabulary_divergence]
            for scope, name, c in scopes
        ),
    )
