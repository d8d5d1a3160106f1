"""The HTML reports: one Jinja environment for the downloads, and the template family the web UI shares.

The templates live in ``textops/reports/templates/``: the downloads (``alignment.html``,
``objections.html``) and, under ``partials/``, the pieces the downloads and the web UI's report pages both
render (the score's reading, the pillar × rep heatmap, the distorted calls, the approved messages).
:func:`use_report_templates` lets any environment — the UI's — load those partials with the same filters
(:func:`~textops.reports.pct`, :func:`~textops.reports.num`) and heat colour
(:func:`~textops.reports.heat_style`) as the downloads, so the page and its download cannot drift apart.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import BaseLoader, ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from textops.alignment import METHOD, AlignmentReport, read_score
from textops.objections import ObjectionReport
from textops.reports._alignment import (
    SCALE_NOTE,
    heatmap_cells,
    raw_beside,
    shown_pillars,
    unnamed_reps_alignment,
)
from textops.reports._objections import (
    BEST_REPLIES_NOTE,
    NO_OUTCOMES,
    bar_chart_svg,
    checked_best_replies,
    decided_calls,
    outcome_line,
    trend_multiples_svg,
    trend_note,
    trend_shares,
    trend_value,
    unnamed_reps_note,
)
from textops.reports._shared import DISTORTED_COLOUR, ci, clock, diff_ci, heat_style, num, pct
from textops.reports._words import words

__all__ = ["alignment_html", "objections_html", "report_templates_loader", "use_report_templates"]


def report_templates_loader() -> BaseLoader:
    """The loader of the report templates: the downloads, and the shared partials as ``partials/…``."""
    return PackageLoader("textops.reports", "templates")


def use_report_templates(env: Environment) -> Environment:
    """Let ``env`` render the report partials: their loader after its own, their filters and globals.

    The filters ``pct``, ``num``, ``clock`` and ``words`` (codes in human words, as on the pages) and the
    globals ``heat_style``, ``distorted_colour`` and ``alignment_scale_note`` are the downloads' own; ``env``
    keeps its other filters. Returns ``env``.
    """
    own = env.loader
    env.loader = report_templates_loader() if own is None else ChoiceLoader([own, report_templates_loader()])
    env.filters.update(pct=pct, num=num, clock=clock, words=words)
    env.globals.update(
        heat_style=heat_style, distorted_colour=DISTORTED_COLOUR, alignment_scale_note=SCALE_NOTE
    )
    return env


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=report_templates_loader(), autoescape=select_autoescape(["html"]))
    env.filters.update(ci=ci, diff_ci=diff_ci)
    return use_report_templates(env)


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
            unnamed_reps=unnamed_reps_alignment(report),
            pillars=pillars,
            heat=heatmap_cells(report, pillars),
            reading=read_score(report.components),
            raw_beside=lambda key: raw_beside(report, key),
            method=METHOD,
        )
    )


def objections_html(report: ObjectionReport) -> str:
    """A self-contained HTML page: tables plus server-side SVG charts (no scripts, no external assets).

    The trend is small multiples of the share of calls per category (:func:`trend_multiples_svg`) with a
    table of every category's shares, as on the page.
    """
    report = checked_best_replies(report)
    labels = {c.category: c.label for c in report.categories}
    bars = bar_chart_svg([(c.label, c.count) for c in report.categories])
    active = [c.category for c in report.categories if c.count]
    trend = trend_shares(report)
    drawn = bool(trend.periods and trend.series)
    return (
        _env()
        .get_template("objections.html")
        .render(
            report=report,
            labels=labels,
            bars=Markup(bars),
            trend=trend,
            trend_note=trend_note(trend) if drawn else None,
            trend_svg=Markup(trend_multiples_svg(trend)) if drawn else None,
            trend_value=lambda v: trend_value(trend, v),
            best_replies_note=BEST_REPLIES_NOTE,
            decided=decided_calls(report),
            no_outcomes=NO_OUTCOMES,
            unnamed_reps=unnamed_reps_note(report),
            outcome_line=outcome_line,
            active=active,
        )
    )
