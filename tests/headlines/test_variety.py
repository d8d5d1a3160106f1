"""The variety engine end to end (issue 19): the five headlines of the issue, the brief, the guards and the
explanation of a short answer. Uses the real headline encoder (the meaning filters need its thresholds)."""

from __future__ import annotations

import re

import pytest
from spacy.language import Language

from textops.headlines import Constraints, generate_variants, invented_claims
from textops.headlines._guards import punctuation_problem

pytestmark = pytest.mark.model

ISSUE = [
    "Access cash from the equity in your home",
    "The 7 mistakes new managers make in their first 90 days",
    "Why our invoicing software saves finance teams 10 hours a week",
    "This dad built a treehouse for his daughter. What happened next is amazing.",
    "Introducing Acme Cloud: faster builds for every team",
]
STORY = ISSUE[3]


@pytest.fixture(scope="module")
def nlp() -> Language:
    from textops.nlp import get_nlp

    return get_nlp("parse")


@pytest.mark.parametrize("headline", ISSUE)
def test_issue_headlines_get_ten_variants_from_many_strategies(nlp: Language, headline: str) -> None:
    report = generate_variants(headline, n=10, nlp=nlp)
    texts = [v.text for v in report.variants]
    # precision first (the 2026-12-06 review found 17.5% usable): fewer variants, each one the parse supports;
    # a short answer says so
    # (round 3: "Try/Meet Acme Cloud: …" for "Introducing Acme Cloud: …" are restyles, no longer offered)
    # (round 4: no "lead with the number" reorders of a list — 1 of 16 usable in the blind reviews — and
    # no "<benefit>, from Acme Cloud" reorder)
    least = {ISSUE[1]: 2, ISSUE[3]: 3, ISSUE[4]: 7}.get(headline, 4)
    assert len(texts) >= least, report.explanation
    assert len({v.strategy for v in report.variants}) >= min(least, 7)
    if len(texts) < 10:
        assert report.explanation.summary.startswith("Fewer than asked")  # type: ignore[union-attr]
    # no casing-only variant: casing is a styling note
    assert all(t.lower() != headline.lower() for t in texts)
    assert all(v.strategy not in ("title_case", "sentence_case") for v in report.variants)


def test_casing_comes_back_as_a_styling_note(nlp: Language) -> None:
    report = generate_variants(ISSUE[0], n=5, nlp=nlp)
    assert [s.style for s in report.styling] == ["title_case"]
    assert report.styling[0].text == "Access Cash from the Equity in Your Home"
    assert "not a test arm" in report.styling[0].note


def test_a_banned_term_in_the_original_is_rewritten_out(nlp: Language) -> None:
    report = generate_variants(STORY, n=10, constraints=Constraints(banned_terms=["amazing"]), nlp=nlp)
    assert len(report.variants) >= 3
    assert not any("amazing" in v.text.lower() for v in report.variants)
    assert report.banned_terms[0].term == "amazing" and report.banned_terms[0].removed
    # a modifier is dropped
    report = generate_variants(
        "Get a shockingly simple budget template",
        n=5,
        constraints=Constraints(banned_terms=["simple"]),
        nlp=nlp,
    )
    assert report.variants and report.banned_terms[0].removed
    assert not any(re.search(r"\bsimple\b", v.text.lower()) for v in report.variants)


def test_a_banned_term_that_cannot_go_is_explained(nlp: Language) -> None:
    report = generate_variants(STORY, n=10, constraints=Constraints(banned_terms=["treehouse"]), nlp=nlp)
    note = report.banned_terms[0]
    assert not note.removed and "object" in note.how
    assert not any("treehouse" in v.text.lower() for v in report.variants)


def test_tone_changes_the_wording(nlp: Language) -> None:
    def texts(tone: str) -> set[str]:
        report = generate_variants(ISSUE[0], n=12, constraints=Constraints(tone=tone), nlp=nlp)  # type: ignore[arg-type]
        return {v.text for v in report.variants}

    plain, urgent, playful, formal = texts("plain"), texts("urgent"), texts("playful"), texts("formal")
    assert len({frozenset(plain), frozenset(urgent), frozenset(playful), frozenset(formal)}) == 4
    assert not any("today" in t.lower() or t.startswith("What to know") for t in plain)
    assert any("Don't wait" in t or "today" in t for t in urgent)
    assert any(t.startswith("Here's how to") for t in playful)
    assert not any("'" in t for t in formal) and any(t.startswith("Would you like to") for t in formal)


def test_channel_shapes_length_and_form(nlp: Language) -> None:
    email = generate_variants(ISSUE[2], n=10, channel="email", nlp=nlp)
    assert email.variants and all(len(v.text) <= 60 for v in email.variants)
    assert any("channel email" in b for b in email.explanation.brief)  # type: ignore[union-attr]
    search = generate_variants(ISSUE[0], n=20, channel="search", nlp=nlp)
    assert not any(v.strategy == "curiosity_gap" for v in search.variants)


def test_audience_shapes_the_call_out(nlp: Language) -> None:
    report = generate_variants(ISSUE[0], n=20, audience="homeowners", nlp=nlp)
    assert any(v.text.startswith("Homeowners: ") for v in report.variants)


class _Stub:
    """A neural backend that proposes the rewrites the issue complained about."""

    name = "stub"
    backend = "openai"

    def __init__(self, outputs: list[str]) -> None:
        self.outputs = outputs

    def generate(self, headline: str, n: int, *, body: str = "", audience: str | None = None) -> list[str]:
        return list(self.outputs)


def test_verb_swaps_that_change_the_event_are_caught(nlp: Language) -> None:
    stub = _Stub(
        ["This dad forged a treehouse for his daughter", "This dad made a treehouse for his daughter"]
    )
    report = generate_variants(STORY, n=30, generators=[stub], nlp=nlp)
    texts = [v.text for v in report.variants]
    assert "This dad forged a treehouse for his daughter" not in texts
    assert report.dropped.get("verb_sense", 0) >= 1


def test_broken_clause_joins_are_caught(nlp: Language) -> None:
    bad = "Did this dad build a treehouse for his daughter. What happened next is amazing?"
    doc = nlp(bad)
    assert punctuation_problem(bad, doc) is not None
    assert (
        punctuation_problem("Did this dad build a treehouse for his daughter….", nlp("x"))
        == "doubled punctuation"
    )
    good = "Want faster builds for every team? Meet Acme Cloud"
    assert punctuation_problem(good, nlp(good)) is None
    stub = _Stub([bad, "Did this dad build a treehouse for his daughter…. What happened next?"])
    report = generate_variants(STORY, n=30, generators=[stub], nlp=nlp)
    assert report.dropped.get("punctuation", 0) == 2


def test_invented_claims_are_dropped_but_lede_facts_are_allowed(nlp: Language) -> None:
    assert invented_claims("Get the fastest builds", ["Get builds"]) == ["fastest"]
    assert invented_claims("Save $50 in 2x less time", ["Save time"]) == ["$50", "2x"]
    assert invented_claims("Our app saved 10 hours", ["Our app saves 10 hours a week"]) == []
    stub = _Stub(["Access free cash from the equity in your home"])
    report = generate_variants(ISSUE[0], n=30, generators=[stub], nlp=nlp, body="Approval takes 10 days.")
    assert report.dropped.get("invented_claim", 0) >= 1
    assert any("10 days" in v.text for v in report.variants)


def test_fewer_than_asked_says_why(nlp: Language) -> None:
    report = generate_variants(ISSUE[0], n=40, nlp=nlp)
    exp = report.explanation
    assert exp is not None and exp.asked == 40 and exp.returned == len(report.variants) < 40
    assert exp.summary.startswith("Fewer than asked")
    skipped = {s.strategy: s.reason for s in exp.strategies_not_applied}
    assert "audience" in skipped["audience_callout"] and "body copy" in skipped["specific_benefit"]
    assert all(f.reason and f.removed > 0 for f in exp.filters)
