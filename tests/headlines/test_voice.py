"""Voice of the customer: prospects' phrases from an objection report become variants tagged with quotes."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

from textops.headlines import generate_variants, voice_from_report

pytestmark = pytest.mark.model

REPORT: dict[str, Any] = {
    "objections": [
        {"text": "Honestly the price is too high for a team our size.", "call_id": "c1", "category": "price"},
        {"text": "The price is a stretch for us this year.", "call_id": "c2", "category": "price"},
        {"text": "Let me check with my boss and get back to you.", "call_id": "c3", "category": "authority"},
    ],
    "pain_points": {
        "items": [
            {"text": "We keep chasing invoices by email every single month.", "call_id": "c1"},
            {"text": "Our clerks waste hours on manual data entry.", "call_id": "c2"},
            {"text": "It's all manual data entry and a shared spreadsheet.", "call_id": "c3"},
            {"text": "Our auditors flagged approvals last year.", "call_id": "c3"},
        ]
    },
}


@pytest.fixture(scope="module")
def nlp() -> Language:
    from textops.nlp import get_nlp

    return get_nlp("parse")


def test_phrases_are_the_prospects_pains_with_their_quotes(nlp: Language) -> None:
    voice = voice_from_report(REPORT, nlp, source="test calls")
    by_phrase = {p.phrase: p for p in voice.phrases}
    assert by_phrase["chasing invoices"].kind == "pain" and by_phrase["chasing invoices"].form == "gerund"
    assert by_phrase["chasing invoices"].quote == "We keep chasing invoices by email every single month."
    entry = by_phrase["manual data entry"]
    assert entry.count == 2 and entry.quote == "Our clerks waste hours on manual data entry."  # the shorter
    assert by_phrase["price"].kind == "objection" and by_phrase["price"].category == "price"
    # what others did ("auditors flagged approvals"), people and logistics objections are not pains
    assert "flagging approvals" not in by_phrase and "auditors" not in by_phrase
    assert not any(p.category == "authority" for p in voice.phrases)
    # pains first, the ones said in more calls first
    assert voice.phrases[0].kind == "pain" and voice.phrases[0].count >= voice.phrases[1].count


def test_variants_reuse_the_prospects_words_and_cite_them(nlp: Language) -> None:
    voice = voice_from_report(REPORT, nlp, source="test calls")
    report = generate_variants("Automate your invoice reminders", n=30, voice=voice, nlp=nlp)
    cited = [v for v in report.variants if v.sources]
    assert any(v.strategy == "voice_of_customer" for v in cited), [v.text for v in report.variants]
    for v in cited:
        quote = v.sources[0].strip("\u201c\u201d")
        assert any(quote == p.quote for p in voice.phrases)
    assert any(v.text.startswith("Still chasing invoices?") for v in cited)
    assert any(
        "voice of the customer" in line and "chasing invoices" in line for line in report.explanation.brief
    )  # type: ignore[union-attr]


def test_unrelated_calls_are_not_forced_in(nlp: Language) -> None:
    voice = voice_from_report(REPORT, nlp)
    report = generate_variants("This dad built a treehouse for his daughter", n=30, voice=voice, nlp=nlp)
    assert not any(v.sources for v in report.variants)
    skipped = {s.strategy: s.reason for s in report.explanation.strategies_not_applied}  # type: ignore[union-attr]
    assert "close enough" in skipped["voice_of_customer"]
