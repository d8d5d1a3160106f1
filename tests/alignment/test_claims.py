from __future__ import annotations

import pytest
from spacy.language import Language

from textops.alignment import analyse_claim, distortions, is_small_talk, numbers_in
from textops.nlp import get_nlp


@pytest.mark.parametrize(
    "text",
    [
        "Can you hear me ok?",
        "Let me share my screen real quick.",
        "Does Thursday at 2 work for you?",
        "Yeah, totally.",
        "Thanks so much for making the time today.",
        "Sorry, go ahead.",
        "I'll send over the calendar invite after this.",
        "How was your weekend?",
        "Okay.",
    ],
)
def test_small_talk_and_logistics_are_dropped(text: str) -> None:
    assert is_small_talk(text)


@pytest.mark.parametrize(
    "text",
    [
        "Our platform cuts invoice processing time by about sixty percent.",
        "We sync with NetSuite every fifteen minutes, both directions.",
        "Most of our customers go live in under a month.",
        "Duplicate invoices get flagged before anybody pays them.",
    ],
)
def test_messages_are_kept(text: str) -> None:
    assert not is_small_talk(text)


def test_numbers_are_normalised() -> None:
    assert numbers_in("cuts time by 60% in 30 days") == {"60%", "30 day"}
    assert numbers_in("by 60 percent, twice as fast") == {"60%", "2x"}
    assert numbers_in("no numbers here") == set()


@pytest.fixture(scope="module")
def nlp() -> Language:
    return get_nlp("parse")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("We cut invoice processing time by 90%, guaranteed.", {"guarantee", "number"}),
        ("Honestly our system never fails.", {"guarantee"}),
        ("We are twice as fast as Ledgerwise.", {"comparison"}),
        ("Our price is lower than Invoxa.", {"comparison"}),
        ("It syncs with Xero and Workday out of the box.", {"capability"}),
    ],
)
def test_claims_are_detected_with_their_kinds(nlp: Language, text: str, kinds: set[str]) -> None:
    info = analyse_claim(nlp(text))
    assert info.is_claim and kinds <= set(info.kinds)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "So what does your approval process look like today?",
        "I was in Denver last week.",
        "That makes sense.",
    ],
)
def test_non_claims(nlp: Language, text: str) -> None:
    assert not analyse_claim(nlp(text)).is_claim


@pytest.mark.model
def test_distortions_numbers_negation_strength(nlp: Language) -> None:
    approved = nlp("Brightlane AP cuts invoice processing time by 60%.")
    assert distortions(nlp("We cut your invoice processing time by about 60 percent."), approved) == []
    assert "changed_number" in distortions(nlp("It cuts invoice processing time by 90%."), approved)
    assert "stronger_claim" in distortions(nlp("It always cuts invoice processing time by 60%."), approved)
    assert "added_comparison" in distortions(
        nlp("It cuts invoice processing time by 60%, more than Ledgerwise does."), approved
    )
    sla = nlp("Backed by a 99.9% uptime SLA.")
    assert "negation" in distortions(nlp("There is no 99.9% uptime SLA."), sla)
    assert "negation" in distortions(nlp("We don't offer a 99.9% uptime SLA."), sla)
    routed = nlp("Each invoice is routed to the right approver in minutes, not days.")
    assert distortions(nlp("Each invoice gets routed to the right approver in minutes."), routed) == []
    assert distortions(nlp("Sync runs every 5 minutes."), nlp("Sync runs every 15 minutes.")) == [
        "changed_number"
    ]
    assert "changed_number" not in distortions(
        nlp("Teams cut processing time by 60%."), nlp("Live in 30 days.")
    )
