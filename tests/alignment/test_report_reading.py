"""Issue #17 item 6: faithful coverage and heatmap, distortions apart, a reading of the score, plain method,
and "it's not an IT project" is not a flipped claim."""

from __future__ import annotations

import pytest
from spacy.language import Language

from textops.alignment import METHOD, AlignmentReport, distortions, read_score
from textops.alignment._score import components
from textops.nlp import get_nlp
from textops.reports import heatmap_cells, shown_pillars


def test_the_distorting_rep_gets_no_colour_for_what_he_distorts(report: AlignmentReport) -> None:
    """Tom distorts Speed on both his calls: his cell is empty (0%), the distortions are counted apart."""
    heat = heatmap_cells(report, shown_pillars(report))
    assert heat["Tom"]["Speed"].model_dump() == {"n": 0, "distorted": 2, "calls": 2, "share": 0.0}
    assert heat["Dana"]["Speed"].model_dump() == {"n": 2, "distorted": 0, "calls": 2, "share": 1.0}
    speed = next(p for p in report.pillars if p.name == "Speed")
    assert (speed.calls_delivered, speed.calls_distorted, speed.reps_delivering) == (2, 2, ["Dana"])
    tom = next(r for r in report.reps if r.rep == "Tom")
    assert tom.components.coverage == 0.0 and tom.pillars_distorted == {"Speed": 2}


def test_old_reports_without_the_distorted_counts_still_load(old_report: AlignmentReport) -> None:
    assert heatmap_cells(old_report, shown_pillars(old_report))["Tom"]["Speed"].distorted == 0


def test_the_score_reading_names_what_drives_it_down() -> None:
    c = components(0.35, 0.8, 0.216, 0.494)
    reading = read_score(c)
    assert reading.band == "partly" and reading.summary.startswith(
        f"{c.score:.1f} out of 100: partly on message"
    )
    assert "coverage pulls it down most" in reading.summary
    assert reading.drivers[0].startswith("Coverage: −26 points")
    parts = {p.key: p for p in reading.parts}
    # the tiles show each part as it enters the score: 1 − rate, 1 − divergence
    assert parts["claims"].value == pytest.approx(0.784) and parts["claims"].label == "Backed claims"
    assert (
        parts["vocabulary"].value == pytest.approx(0.506) and parts["vocabulary"].label == "Shared vocabulary"
    )
    lost = sum(p.points_lost or 0 for p in reading.parts)
    assert c.score is not None and 100 - lost == pytest.approx(c.score, abs=0.2)
    assert read_score(components(0.9, 1.0, 0.0, 0.3)).band == "on_message"
    assert read_score(components(0.1, 0.5, 0.6, 0.7)).band == "off_message"
    empty = read_score(components(None, None, None, None))
    assert empty.score is None and empty.drivers == []
    partial = read_score(components(0.5, None, None, None))  # parts that do not apply are left out
    assert [p.points_lost for p in partial.parts] == [50.0, None, None, None]


def test_the_method_is_plain_words() -> None:
    assert "ScoreComponents" not in METHOD and "coverage" in METHOD and "0.4" in METHOD
    assert "ScoreComponents" not in AlignmentReport.model_fields["method"].get_default(
        call_default_factory=True
    )


@pytest.fixture(scope="module")
def nlp() -> Language:
    return get_nlp("parse")


NO_IT = "No IT project required: your finance team sets it up with our help."


@pytest.mark.model
@pytest.mark.parametrize(
    "spoken",
    [
        "It's not an IT project, honestly, your finance team sets it up with our help.",
        "Yeah, so. It's not an IT project, honestly, your finance team sets it up with our help.",
        "It's not an IT project.",
        "This isn't an IT project.",
    ],
)
def test_its_not_an_it_project_is_not_a_distorted_negation(nlp: Language, spoken: str) -> None:
    assert "negation" not in distortions(nlp(spoken), nlp(NO_IT))
    # a denied description of something the message does not speak of does not flip it either
    other = nlp("Most teams go live in 30 days or less, with a dedicated onboarding specialist.")
    assert "negation" not in distortions(nlp(spoken), other)


@pytest.mark.model
def test_real_negations_are_still_caught(nlp: Language) -> None:
    assert "negation" in distortions(nlp("It is an IT project, honestly."), nlp(NO_IT))
    assert "negation" in distortions(
        nlp("It is not a SOC 2 certified platform."), nlp("Brightlane is a SOC 2 Type II certified platform.")
    )
    assert "negation" in distortions(nlp("It is not SOC 2 certified."), nlp("Brightlane is SOC 2 certified."))
    sla = nlp("Backed by a 99.9% uptime SLA.")
    assert "negation" in distortions(nlp("There is no 99.9% uptime SLA."), sla)
    assert "negation" in distortions(nlp("We don't offer a 99.9% uptime SLA."), sla)
