"""Issue #17: the report downloads (HTML, Markdown, CSV) say what the report pages say.

Alignment: coverage and the pillar × rep heatmap count faithful deliveries only, distortions counted apart
(orange in the HTML); the parts of the score under their own names and the score's reading. Objections: the
trend is the share of calls per category (small multiples in an inline SVG, no script), not raw counts; best
replies never promote a reply the claims check flags.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from textops.alignment import METHOD, AlignmentReport, read_score
from textops.embeddings import HashingEmbedder
from textops.objections import CategoryStat, ObjectionModel, ObjectionReport, TrendPoint, mine_objections
from textops.reports import render, unnamed_reps_alignment
from textops.types import Transcript, Utterance


def make_call(call_id: str, turns: list[tuple[str, str]], **meta: Any) -> Transcript:
    """A transcript from (role, text) turns; rep turns are spoken by 'Dana', prospect turns by 'Sam'."""
    utts = [
        Utterance(speaker="Dana" if role == "rep" else "Sam", role=role, text=text, index=i, start=10.0 * i)
        for i, (role, text) in enumerate(turns)
    ]
    return Transcript(call_id=call_id, utterances=utts, **meta)


ORANGE = "#b3541e"


def _cell(html: str, pillar: str, rep: str) -> str:
    m = re.search(rf'<td [^>]*data-pillar="{pillar}" data-rep="{rep}"[^>]*>(.*?)</td>', html)
    assert m, f"no heatmap cell {pillar} × {rep}"
    return m.group(0)


def test_the_fixture_has_a_distorting_rep(report: AlignmentReport) -> None:
    speed = next(p for p in report.pillars if p.name == "Speed")
    assert (speed.calls_delivered, speed.calls_distorted, speed.reps_delivering) == (2, 2, ["Dana"])
    tom = next(r for r in report.reps if r.rep == "Tom")
    assert tom.pillars_delivered.get("Speed", 0) == 0 and tom.pillars_distorted == {"Speed": 2}


def test_html_heatmap_shows_distortions_apart_and_not_as_delivered(report: AlignmentReport) -> None:
    html = render(report, "html")
    tom = _cell(html, "Speed", "Tom")
    assert 'data-value="0.0"' in tom and 'data-distorted="2"' in tom and "▲ 2 distorted" in tom
    assert "delivered faithfully in 0 of 2 calls, distorted in 2" in tom
    dana = _cell(html, "Speed", "Dana")
    assert 'data-value="1.0"' in dana and 'data-distorted="0"' in dana and "distorted</span>" not in dana
    assert ORANGE in html  # the distortions' own colour (the page's)
    # coverage: faithful calls and, apart, the calls distorting the pillar — the numbers of the JSON
    row = re.search(r'<tr data-pillar="Speed">(.*?)</tr>', html, re.S)
    assert row
    assert '<td class="num" data-field="calls_delivered">2/4</td>' in row.group(1)
    assert 'data-field="calls_distorted">2</span>/4' in row.group(1)
    assert "Calls delivering it faithfully".lower() in html.lower() and "calls distorting it" in html
    assert "Never delivered faithfully: Suppliers" in html
    assert "<script" not in html


def test_reps_named_only_by_a_role_label_are_pointed_out_under_the_reps_table(
    report: AlignmentReport,
) -> None:
    assert unnamed_reps_alignment(report) is None  # the fixture's reps have names
    first = report.reps[0]
    labelled = report.model_copy(
        update={"reps": [first.model_copy(update={"rep": "Sales Rep"}), *report.reps[1:]]}
    )
    note = unnamed_reps_alignment(labelled)
    assert note is not None and note.startswith(f"{first.calls} of {report.calls} calls name their rep only")
    assert note in render(labelled, "md") and "name their rep only by a role label" in render(
        labelled, "html"
    )


def test_markdown_heatmap_and_coverage_count_faithful_deliveries_only(report: AlignmentReport) -> None:
    md = render(report, "md")
    assert "| Speed | 100% (2/2) | 0% (0/2) ▲ 2 distorted |" in md
    assert "| Speed | 2/4 | 2/4 |" in md  # faithful calls, then distorting calls
    assert "**Never delivered faithfully:** Suppliers" in md
    assert "| Tom | 2 |" in md and "| 2/2 |" in md  # Tom's deliveries: 2 of 2 distorted


def test_csv_counts_distortions_in_their_own_column(report: AlignmentReport) -> None:
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    speed = next(r for r in rows if r["scope"] == "pillar" and r["name"] == "Speed")
    assert (speed["calls"], speed["calls_delivered_faithfully"], speed["calls_distorted"]) == ("4", "2", "2")
    cell = next(
        r for r in rows if r["scope"] == "rep_pillar" and r["name"] == "Tom" and r["pillar"] == "Speed"
    )
    assert (cell["calls"], cell["calls_delivered_faithfully"], cell["calls_distorted"]) == ("2", "0", "2")
    campaign = next(r for r in rows if r["scope"] == "campaign")
    c = report.components
    assert c.unbacked_rate is not None and c.vocabulary_divergence is not None
    assert float(campaign["backed_claims"]) == pytest.approx(1 - c.unbacked_rate, abs=1e-4)
    assert float(campaign["shared_vocabulary"]) == pytest.approx(1 - c.vocabulary_divergence, abs=1e-4)


def test_downloads_use_the_pages_heatmap_cells(report: AlignmentReport) -> None:
    """The shared cell rule: the heatmap never shows the catch-all pillar (no per-rep counts of it)."""
    from textops.reports import heatmap_cells, shown_pillars

    data = report.model_dump(mode="json")
    data["pillars"].append(
        {
            **data["pillars"][0],
            "name": "(claims outside the framework)",
            "calls_delivered": 0,
            "calls_distorted": 1,
            "catch_all": True,
        }
    )
    with_catch_all = AlignmentReport.model_validate(data)
    assert "(claims outside the framework)" not in shown_pillars(with_catch_all)
    assert shown_pillars(with_catch_all) == [p.name for p in report.pillars if not p.catch_all]
    # the flag, not the name, makes the catch-all: a framework pillar named in parentheses is a pillar
    data["pillars"][-1]["catch_all"] = False
    assert "(claims outside the framework)" in shown_pillars(AlignmentReport.model_validate(data))
    # a report stored before the flag existed: its catch-all was the pillar named in parentheses
    del data["pillars"][-1]["catch_all"]
    for p in data["pillars"][:-1]:
        del p["catch_all"]
    older = AlignmentReport.model_validate(data)
    assert [p.catch_all for p in older.pillars] == [False] * (len(data["pillars"]) - 1) + [True]
    assert "(claims outside the framework)" not in shown_pillars(older)
    heat = heatmap_cells(report, shown_pillars(report))
    assert heat["Tom"]["Speed"].model_dump() == {"n": 0, "distorted": 2, "calls": 2, "share": 0.0}


def test_parts_carry_the_pages_names_and_the_score_its_reading(report: AlignmentReport) -> None:
    reading = read_score(report.components)
    html, md = render(report, "html"), render(report, "md")
    for text in (html, md):
        assert reading.summary in text.replace("&#39;", "'")
        for line in reading.drivers:
            assert line in text.replace("&#39;", "'")
        assert "Backed claims" in text and "Shared vocabulary" in text
        assert "ScoreComponents" not in text and METHOD in text.replace("&#39;", "'")
        assert "vocabulary divergence" not in text.lower().replace("(jsd)", "")
    claims = next(p for p in reading.parts if p.key == "claims")
    assert claims.value is not None
    assert f'<dd data-field="claims">{100 * claims.value:.1f}%</dd>' in html
    assert f"| Backed claims | 0.2 | {100 * claims.value:.1f}% (unbacked-claim rate" in md


def test_old_alignment_reports_without_distortion_counts_still_render(
    old_report: AlignmentReport,
) -> None:
    assert 'data-distorted="0"' in _cell(render(old_report, "html"), "Speed", "Tom")
    assert "| Speed | 2/4 | 0/4 |" in render(old_report, "md")


# --- objections: the trend as the share of calls per category ---------------------------------------------


def _stat(category: str, label: str, count: int, calls: int, share: float) -> CategoryStat:
    return CategoryStat(
        category=category,
        label=label,
        count=count,
        calls=calls,
        share_of_calls=share,
        repeats=0,
        outliers=0,
        mean_confidence=0.9,
    )


def _trend_report(*, with_calls: bool = True) -> ObjectionReport:
    """12 calls over three weeks: week 10 has 10 calls (7 price objections in 2 of them), week 11 none,
    week 12 two calls that both raise price. Counts and shares tell different stories."""

    def point(period: str, calls: int, counts: dict[str, int], raised: dict[str, int]) -> TrendPoint:
        return TrendPoint(period=period, calls=calls, counts=counts, calls_with=raised if with_calls else {})

    return ObjectionReport(
        calls=12,
        calls_with_objections=5,
        prospect_utterances=40,
        sentences_scored=40,
        objections=[],
        categories=[_stat("price", "Price / budget", 9, 4, 4 / 12), _stat("timing", "Timing", 2, 2, 2 / 12)],
        themes=[],
        cross_themes=[],
        trend_granularity="week",
        trend=[
            point("2026-W10", 10, {"price": 7, "timing": 1}, {"price": 2, "timing": 1}),
            point("2026-W11", 0, {"price": 0, "timing": 0}, {"price": 0, "timing": 0}),
            point("2026-W12", 2, {"price": 2, "timing": 1}, {"price": 2, "timing": 1}),
        ],
        by_rep=[],
        by_segment=[],
        outcomes=[],
        top_quotes={},
        best_replies={},
        per_call=[],
        threshold=0.5,
        model="test",
        method="test",
    )


def test_trend_shares_are_the_jsons_calls_with_over_calls() -> None:
    from textops.reports import trend_shares

    report = _trend_report()
    trend = trend_shares(report)
    assert trend.share and trend.metric == "share of calls" and trend.scale == 1.0
    assert [s.category for s in trend.series] == ["price", "timing"]
    points = report.model_dump(mode="json")["trend"]
    for s in trend.series:
        expected = [p["calls_with"][s.category] / p["calls"] if p["calls"] else None for p in points]
        assert s.values == pytest.approx(expected)
    assert trend.series[0].values == [0.2, None, 1.0]  # a week without calls is a gap, not a zero


def test_markdown_trend_shows_shares_not_counts() -> None:
    md = render(_trend_report(), "md")
    assert "## Trend by week: share of calls" in md
    assert "| period | calls | Price / budget | Timing |" in md
    assert "| 2026-W10 | 10 | 20% | 10% |" in md
    assert "| 2026-W11 | 0 | – | – |" in md
    assert "| 2026-W12 | 2 | 100% | 50% |" in md
    assert "| 2026-W10 | 10 | 7 |" not in md


def test_html_trend_is_small_multiples_of_shares_in_inline_svg() -> None:
    html = render(_trend_report(), "html")
    assert "<script" not in html and "<polyline" not in html
    assert "Trend by week: share of calls" in html
    svg = html[html.index('<div class="chart" id="trend-multiples">') :]
    svg = svg[: svg.index("</svg>")]
    assert svg.count('<g data-category="') == 2  # one panel per category
    assert "Price / budget: share of calls per week, from 20% to 100% (highest 100%)" in svg
    assert ">100%</text>" in svg and ">0%</text>" in svg  # the shared scale
    price_path = re.search(r'data-category="price">.*?<path d="([^"]+)"', svg)
    assert price_path and price_path.group(1).count("M") == 2  # broken at the week without calls
    table = html[html.index('<table id="trend-table">') :]
    table = table[: table.index("</table>")]
    assert '<td class="num" data-category="price" title="2 of 10 calls">20%</td>' in table
    assert '<td class="num" data-category="price" title="2 of 2 calls">100%</td>' in table
    assert ">7<" not in table


def test_old_objection_reports_say_objections_per_call() -> None:
    old = _trend_report(with_calls=False)
    md = render(old, "md")
    assert "## Trend by week: objections per call" in md and "| 2026-W10 | 10 | 0.70 | 0.10 |" in md
    assert "run the report again for the share of calls" in md
    assert "objections per call" in render(old, "html")


def test_no_dated_calls_no_trend() -> None:
    report = _trend_report().model_copy(update={"trend": []})
    assert "No dated calls: no trend." in render(report, "md")
    html = render(report, "html")
    assert "No dated calls: no trend." in html and "trend-multiples" not in html


GUARANTEE = (
    "That's fair, and you will never pay a duplicate invoice again, that's guaranteed. Shall we start?"
)
GOOD = "That's fair. Can I ask what you spend on this today, roughly per month, across the team?"


def test_downloads_of_old_reports_leave_out_flagged_best_replies(
    fake: HashingEmbedder, model: ObjectionModel
) -> None:
    calls = [
        make_call(
            f"won-{i}",
            [
                ("rep", "Thanks for joining today, how is the week going?"),
                ("prospect", "Honestly it's just too expensive for us."),
                ("rep", reply),
                ("prospect", "Okay, makes sense."),
            ],
            outcome="won",
            started_at=datetime(2026, 3, 2 + i, tzinfo=UTC),
        )
        for i, reply in enumerate([GUARANTEE, GOOD, GUARANTEE])
    ]
    report = mine_objections(calls, embedder=fake, model=model)
    assert GUARANTEE not in render(report, "md")
    # a report made before the claims check: unchecked replies, the guarantee among the best replies
    data = report.model_dump(mode="json")
    price = [o for o in data["objections"] if o["category"] == "price"]
    for o in price:
        o["reply"]["flagged_claims"] = None
    data["best_replies"] = {"price": price}
    old = ObjectionReport.model_validate(data)
    for fmt in ("md", "html"):
        text = render(old, fmt).replace("&#39;", "'")
        assert GUARANTEE not in text and GOOD in text
