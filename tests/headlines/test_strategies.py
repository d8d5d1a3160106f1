from __future__ import annotations

import pytest
from spacy.language import Language

from textops.headlines import STRATEGIES, sentence_case, title_case
from textops.headlines._parse import parse_headline
from textops.headlines._strategies import StrategyContext

pytestmark = pytest.mark.model

IMPERATIVE = "Access cash from the equity in your home"
CTX = StrategyContext(body="Most homeowners get approved in 10 days.", audience="homeowners")


@pytest.fixture(scope="module")
def nlp() -> Language:
    from textops.nlp import get_nlp

    return get_nlp("parse")


def run(nlp: Language, name: str, text: str, ctx: StrategyContext = CTX) -> str | None:
    return STRATEGIES[name](parse_headline(text, nlp), ctx)


# (strategy, input where it must fire, expected output, input where it must not fire)
CASES = [
    (
        "second_person",
        IMPERATIVE,
        "It's true — you can access cash from the equity in your home",
        "Is your home worth more than you think?",
    ),
    (
        "question",
        "Homeowners can now access cash from their equity",
        "Can homeowners now access cash from their equity?",
        "Is your home worth more than you think?",
    ),
    (
        "how_to",
        IMPERATIVE,
        "How to access cash from the equity in your home",
        "How to save money on groceries",
    ),
    ("number", "Get five tips for better sleep", "Get 5 tips for better sleep", "Is your home worth it?"),
    (
        "benefit_first",
        "Refinance your mortgage to lower your monthly payment",
        "Lower your monthly payment: refinance your mortgage",
        "This dad made a video for his daughter",
    ),
    (
        "urgency",
        IMPERATIVE,
        "access cash from the equity in your home today",
        "Access cash from your home today",
    ),
    (
        "curiosity_gap",
        IMPERATIVE,
        "What to know before you access cash from the equity in your home",
        "Why we need to talk about climate change",
    ),
    (
        "social_proof",
        IMPERATIVE,
        "Why more homeowners choose to access cash from the equity in their home",
        "Is your home worth more than you think?",
    ),
    (
        "negation_contrast",
        IMPERATIVE,
        "Don't overlook cash from the equity in your home",
        "Never pay full price for a mattress",
    ),
    (
        "concision",
        "Why we really just need to talk about climate change",
        "Why we need to talk about climate change",
        "Why we need to talk about climate change",
    ),
    (
        "power_verb",
        "Get better sleep with our app",
        "Unlock better sleep with our app",
        "Is your home worth more than you think?",
    ),
    (
        "title_case",
        IMPERATIVE,
        "Access Cash from the Equity in Your Home",
        "Access Cash from the Equity in Your Home",
    ),
    ("sentence_case", "Access Cash From The Equity In Your Home", IMPERATIVE, IMPERATIVE),
]


@pytest.mark.parametrize(("name", "fires", "expected", "silent"), CASES, ids=[c[0] for c in CASES])
def test_strategy_fires_and_stays_silent(
    nlp: Language, name: str, fires: str, expected: str, silent: str
) -> None:
    out = run(nlp, name, fires)
    assert out is not None and out.lower() == expected.lower()
    assert run(nlp, name, silent) is None


def test_every_strategy_is_covered() -> None:
    assert {c[0] for c in CASES} == set(STRATEGIES)


def test_social_proof_needs_an_audience(nlp: Language) -> None:
    assert run(nlp, "social_proof", IMPERATIVE, StrategyContext()) is None


def test_number_from_body_and_not_without_one(nlp: Language) -> None:
    assert run(nlp, "number", IMPERATIVE) == "access cash from the equity in your home: in 10 days"
    assert run(nlp, "number", IMPERATIVE, StrategyContext(body="no figures here")) is None


def test_power_verb_agrees_in_form(nlp: Language) -> None:
    assert (
        run(nlp, "power_verb", "This dad made a video for his daughter")
        == "This dad created a video for his daughter"
    )
    # bare-infinitive complement ("make you cry") would break with "create": not swapped
    assert run(nlp, "power_verb", "This video will make you cry") is None


def test_question_by_do_support(nlp: Language) -> None:
    assert (
        run(nlp, "question", "This dad made a video for his daughter")
        == "Did this dad make a video for his daughter?"
    )


def test_question_leaves_two_clause_headlines_alone(nlp: Language) -> None:
    # inverting only the first clause gave "Did this dad make a video … and it is beautiful?"
    assert run(nlp, "question", "This Dad Made A Video For His Daughter And It Is Beautiful") is None
    assert run(nlp, "question", "This dad made a video for his daughter and it is beautiful") is None


def test_case_helpers() -> None:
    assert title_case("the art of war: a guide for the NFL") == "The Art of War: A Guide for the NFL"
    assert sentence_case("The Art Of War For NASA Teams") == "The art of war for NASA teams"
