"""Issue 15: one HTML alignment report family — the download and the web UI's page render the same partials
with the same formulas (heat colour, number and time formats) from textops.reports."""

from __future__ import annotations

import re

from jinja2 import DictLoader, Environment, StrictUndefined
from spacy.language import Language

from api.ui._common import env as ui_env
from textops.alignment import AlignmentConfig, align
from textops.embeddings import HashingEmbedder
from textops.ingest import MessagingFramework
from textops.reports import (
    clock,
    heat_style,
    heatmap_cells,
    num,
    pct,
    render,
    shown_pillars,
    use_report_templates,
)
from textops.types import CopyDocument, Transcript

CONFIG = AlignmentConfig(match_threshold=0.8, topical_threshold=0.4, own_names=frozenset({"acme"}))


def test_one_heat_formula_readable_over_the_whole_scale() -> None:
    assert heat_style(None) == "background:#eef0f3;color:#3b4250"  # no calls: grey, not "none delivered"
    assert heat_style(0.0) == "background:rgb(246,248,250);color:#14202b"
    assert heat_style(1.0) == "background:rgb(95,170,170);color:#14202b"
    assert heat_style(2.0) == heat_style(1.0) and heat_style(-1.0) == heat_style(0.0)  # clamped
    assert (pct(-0.0001), pct(0.256, 1), num(1234.5), clock(65), clock(3725)) == (
        "0%",
        "25.6%",
        "1,234.5",
        "1:05",
        "1:02:05",
    )


def test_any_environment_gets_the_partials_after_its_own_templates() -> None:
    env = Environment(loader=DictLoader({"page.html": "mine"}), undefined=StrictUndefined, autoescape=True)
    use_report_templates(env)
    assert env.get_template("page.html").render() == "mine"  # its own loader first
    macros = env.get_template("partials/alignment.html").module
    legend = str(macros.heat_legend())  # type: ignore[attr-defined]
    assert [heat_style(v) for v in (0.0, 0.5, 1.0)] == re.findall(r'class="swatch" style="([^"]*)"', legend)
    assert env.filters["pct"] is pct and env.filters["num"] is num and env.globals["heat_style"] is heat_style


def test_the_web_ui_renders_the_same_partials_with_the_same_functions() -> None:
    from textops.reports._html import _env as download_env

    ui, download = ui_env(), download_env()
    assert (
        ui.get_template("partials/alignment.html").filename
        == download.get_template("partials/alignment.html").filename
    )
    for name in ("pct", "num", "clock", "words"):
        assert ui.filters[name] is download.filters[name], name
    assert ui.globals["heat_style"] is download.globals["heat_style"] is heat_style


def test_download_cells_are_coloured_by_the_one_formula(
    blank_nlp: Language, framework: MessagingFramework, copy_docs: list[CopyDocument], calls: list[Transcript]
) -> None:
    report = align(
        copy_docs, calls, framework=framework, embedder=HashingEmbedder(512), nlp=blank_nlp, config=CONFIG
    )
    html = render(report, "html")
    heat = heatmap_cells(report, shown_pillars(report))
    cells = re.findall(r'<td style="([^"]*)" data-pillar="([^"]*)" data-rep="([^"]*)"', html)
    assert len(cells) == len(report.reps) * len(shown_pillars(report)) > 0
    for style, pillar, rep in cells:
        assert style == heat_style(heat[rep][pillar].share) == heat[rep][pillar].style, (pillar, rep)
    assert heat["Dana"]["Speed"].style != heat["Tom"]["Speed"].style  # faithful vs distorted only
