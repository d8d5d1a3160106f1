"""The shape-keyed copywriter frames (#19 round 3): each on a shape it serves, and one it must not."""

from __future__ import annotations

import pytest
from spacy.language import Language

from textops.headlines._frame import build_frame
from textops.headlines._strategies import LABELS, STRATEGIES, Skip, StrategyContext, run_strategy

pytestmark = pytest.mark.model

NONE = StrategyContext()
NEW = (
    "capability",
    "action_ask",
    "action_how",
    "reveal",
    "story_how",
    "claim_why",
    "event_invite",
    "ask_if",
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    from textops.nlp import get_nlp

    return get_nlp("parse")


def run(nlp: Language, name: str, headline: str) -> list[str] | str:
    """The strategy's rewrites, or its Skip reason (a string)."""
    out = run_strategy(name, build_frame(headline, nlp), NONE)
    return out.reason if isinstance(out, Skip) else [r.text for r in out]


def test_every_new_frame_is_registered_with_a_label() -> None:
    for name in NEW:
        assert name in STRATEGIES
        assert LABELS[name]


# (strategy, a headline of the shape it serves, one rewrite it must give)
FIRES = [
    (
        "capability",
        "Sketchloom now exports design tokens straight to code",
        "Export design tokens straight to code with Sketchloom",
    ),
    (
        "capability",
        "Moatline blocks risky logins before the password is even typed",
        "Want to block risky logins before the password is even typed? Try Moatline",
    ),
    (
        "action_ask",
        "What would you do with 10 extra hours a week?",
        "Imagine 10 extra hours a week. What would you do?",
    ),
    (
        "action_ask",
        "One dashboard for every meter across 40 substations",
        "Need one dashboard for every meter across 40 substations?",
    ),
    (
        "action_ask",
        "Lock down shared passwords in an afternoon",
        "Need to lock down shared passwords in an afternoon?",
    ),
    (
        "action_ask",
        "Real-time stock counts for every dock door",
        "Looking for real-time stock counts for every dock door?",
    ),
    (
        "action_ask",
        "Introducing Acme Cloud: faster builds for every team",
        "Looking for faster builds for every team? Try Acme Cloud",
    ),
    (
        "action_how",
        "Lock down shared passwords in an afternoon",
        "Here's how to lock down shared passwords in an afternoon",
    ),
    (
        "reveal",
        "How dispatchers plan 300 routes before breakfast",
        "See how dispatchers plan 300 routes before breakfast",
    ),
    (
        "reveal",
        "Why finance teams are moving forecasts out of spreadsheets",
        "Wondering why finance teams are moving forecasts out of spreadsheets?",
    ),
    (
        "story_how",
        "This dad built a treehouse for his daughter",
        "How this dad built a treehouse for his daughter",
    ),
    (
        "story_how",
        "This dad built a treehouse for his daughter",
        "What happened when this dad built a treehouse for his daughter",
    ),
    (
        "claim_why",
        "Science has been lying to you about some fundamental truths",
        "Here's why science has been lying to you about some fundamental truths",
    ),
    (
        "event_invite",
        "Live demo: automate vendor onboarding in 20 minutes",
        "Want to automate vendor onboarding in 20 minutes? Join our live demo",
    ),
    (
        "event_invite",
        "Roundtable: what healthcare CISOs are budgeting for next year",
        "Learn what healthcare CISOs are budgeting for next year at our roundtable",
    ),
    (
        "ask_if",
        "Is your plant losing an hour a day to changeovers?",
        "Find out if your plant is losing an hour a day to changeovers",
    ),
]


@pytest.mark.parametrize(("name", "headline", "expected"), FIRES)
def test_frame_fires_on_its_shape(nlp: Language, name: str, headline: str, expected: str) -> None:
    out = run(nlp, name, headline)
    assert isinstance(out, list), out
    assert expected in out


# (strategy, a headline of a shape it must leave alone)
SILENT = [
    ("capability", "Ironveil raises $42M Series B to secure the mid-market inbox"),  # company news
    ("capability", "Tessel Field now works with any parts catalog"),  # a property, not the reader's action
    ("capability", "Our invoicing software saves finance teams 10 hours a week"),  # not a named product
    ("action_ask", "Book a 20-minute compliance gap review"),  # a sign-up, not a goal
    ("action_ask", "Webinar: forecasting demand when nothing is normal"),  # a label, not the reader's action
    ("action_ask", "Understand Protein Synthesis With Killer Flute Solos"),  # a Title Case teaser
    ("action_ask", "Fewer alerts. Faster fixes."),  # two beats, not one benefit to ask for
    ("action_how", "Quillmark is now SOC 2 Type II certified"),  # an announcement has no steps
    ("action_how", "Get Ready To Be Horrified At What Schools Are Telling Kids About Sex"),
    ("reveal", "Quillmark is now SOC 2 Type II certified"),  # no how/why to tell
    ("reveal", "How to lock down shared passwords"),  # a how-to, not a report
    ("story_how", "This video goes from ordinary to very disturbing at 30 seconds"),  # the piece itself
    ("story_how", "Why we rebuilt our query engine from scratch"),  # already a why report
    ("story_how", "5 findings auditors raise at almost every first ISO 27001 audit"),  # a list
    ("claim_why", "This dad built a treehouse for his daughter"),  # a past event, not a claim
    ("claim_why", "Our invoicing software saves finance teams 10 hours a week"),  # an offer
    ("event_invite", "Data quality: the unglamorous foundation of trustworthy AI"),  # a topic label
    ("ask_if", "Are candidates ghosting you, or is your hiring process ghosting them first?"),  # two parts
    ("ask_if", "Still approving purchase orders by email?"),  # not an "Is/Are X …?" question
]


@pytest.mark.parametrize(("name", "headline"), SILENT)
def test_frame_skips_other_shapes(nlp: Language, name: str, headline: str) -> None:
    out = run(nlp, name, headline)
    assert isinstance(out, str) and out, out


@pytest.mark.parametrize(
    "headline",
    [
        "Freed Slaves Took These Jobs Originally, And The Reason Why Is Pretty Messed Up",  # a past form
        "Imagine If Doctors Prescribed Heat In The Winter and Food For Hunger.",  # a teaser
        "Get Ready To Be Horrified At What Schools Are Telling Kids About Sex",
        "Crew scheduling for job sites with no signal",  # a noun before a gerund
        "Purchase approvals that finish before lunch",  # as likely a noun phrase as a command
        "Release notes 4.2: faster exports, dark mode and bulk edits",  # a noun and a version number
    ],
)
def test_no_action_frames_on_lines_that_only_look_like_commands(nlp: Language, headline: str) -> None:
    frame = build_frame(headline, nlp)
    for name in ("question", "urgency", "curiosity_gap", "how_it_works", "action_ask", "action_how"):
        out = run_strategy(name, frame, NONE)
        texts = [] if isinstance(out, Skip) else [r.text.lower() for r in out]
        assert not any(
            t.startswith(
                (
                    "want to",
                    "ready to",
                    "it's time to",
                    "why you should",
                    "how to",
                    "need to",
                    "here's how to",
                )
            )
            for t in texts
        ), (name, texts)


@pytest.mark.parametrize(
    "headline",
    [
        "Get your fulfilment operation ready for peak season in 6 weeks",
        "Stop auditing carrier invoices by hand",
    ],
)
def test_real_commands_still_get_action_frames(nlp: Language, headline: str) -> None:
    out = run(nlp, "action_ask", headline)
    assert isinstance(out, list) and out[0].startswith("Need to ")
