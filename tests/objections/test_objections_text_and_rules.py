"""Step 1a: splitting spoken turns, and the spaCy rule layer (clear forms, negation and question guards)."""

from __future__ import annotations

import pytest

from textops.objections._rules import RULE_FEATURES, _matched, _may_match, rule_doc, rule_features, rule_hits
from textops.objections._seed import load_training_set
from textops.objections._text import clause_pieces, is_backchannel, sentence_pieces


def test_sentences_keep_offsets_and_skip_abbreviations() -> None:
    text = "Yeah the, uh— the cost. The cost is the problem for us! Mr. Li pays 3.5 dollars a seat. Right?"
    pieces = sentence_pieces(text)
    assert [p.text for p in pieces] == [
        "Yeah the, uh— the cost.",
        "The cost is the problem for us!",
        "Mr. Li pays 3.5 dollars a seat.",
        "Right?",
    ]
    assert all(text[p.start : p.end] == p.text for p in pieces)


def test_unpunctuated_run_on_is_windowed() -> None:
    text = " ".join(["word"] * 100)
    pieces = sentence_pieces(text)
    assert len(pieces) == 3
    assert max(len(p.text.split()) for p in pieces) <= 45


def test_clauses_split_at_contrast_and_only_additively_when_asked() -> None:
    text = "It looks great, but honestly it is way too expensive, and we just renewed with Gong anyway."
    sentence = sentence_pieces(text)[0]
    contrast = [p.text for p in clause_pieces(text, sentence)]
    assert contrast == [
        "It looks great",
        "but honestly it is way too expensive, and we just renewed with Gong anyway.",
    ]
    both = [p.text for p in clause_pieces(text, sentence, additive=True)]
    assert both == [
        "It looks great",
        "but honestly it is way too expensive",
        "and we just renewed with Gong anyway.",
    ]
    single = sentence_pieces("We already use Salesforce for this.")[0]
    assert clause_pieces("We already use Salesforce for this.", single) == []


@pytest.mark.parametrize("text", ["Yeah.", "Okay, got it.", "Mm-hmm, sure.", "Right, right.", "uh huh"])
def test_backchannels(text: str) -> None:
    assert is_backchannel(text)


@pytest.mark.parametrize("text", ["Not interested.", "Too expensive.", "Not now.", "We use HubSpot."])
def test_short_content_is_not_a_backchannel(text: str) -> None:
    assert not is_backchannel(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Honestly it's way too expensive for us.", "price"),
        ("That's just not in the budget this year.", "price"),
        ("We already use Salesforce for all of that.", "competitor"),
        ("I'll need to run it by my CFO first.", "authority"),
        ("It's not a priority for us this quarter.", "timing"),
        ("Just send me some info and I'll take a look.", "other"),
        ("Auto-renewal is a deal-breaker for our legal team.", "contract"),
        ("Our data has to stay in the EU.", "security"),
        ("Why would we switch when our current tool does the same?", "competitor"),
    ],
)
def test_clear_forms_fire_their_rule(text: str, category: str) -> None:
    assert category in {h.category for h in rule_hits(text)}


@pytest.mark.parametrize(
    "text",
    [
        "It's not too expensive at all.",  # negated
        "Is it too expensive for a team of ten?",  # a question about price
        "We can't afford not to fix this.",  # a buying signal
        "Can you send me some info on the API?",  # a request, not a brush-off
        "How does the auto-renewal work?",  # contract question
    ],
)
def test_guards_keep_rules_from_firing_on_non_objections(text: str) -> None:
    assert not [h for h in rule_hits(text) if h.category not in ("reassure",)]


@pytest.mark.parametrize(
    "text",
    [
        "No problem at all.",
        "That's not an issue for us.",
        "Budget's already approved.",
        "The price looks reasonable.",
    ],
)
def test_reassurance_cues(text: str) -> None:
    hits = rule_hits(text)
    assert [h.category for h in hits] == ["reassure"]


def test_rule_features_columns() -> None:
    feats = rule_features([rule_hits("It's way too expensive."), rule_hits("No problem."), []])
    assert feats.shape == (3, len(RULE_FEATURES))
    assert feats[0, RULE_FEATURES.index("price")] == 1.0
    assert feats[1, RULE_FEATURES.index("reassure")] == 1.0
    assert feats[2].sum() == 0.0


def test_word_check_before_the_matcher_changes_no_hit() -> None:
    """The pre-check skips the matcher only where it finds nothing: every training sentence, and each one
    lower-cased without punctuation (ASR-like), gets the same hits either way, and some do get hits."""
    texts = [e.text for e in load_training_set()]
    texts += [" ".join(t.lower().replace(",", " ").replace(".", " ").split()) for t in texts]
    skipped = 0
    for text in texts:
        doc = rule_doc(text)
        if not _may_match(doc):
            skipped += 1
            assert _matched(text, doc) == [], text
    assert 0 < skipped < len(texts)
    assert sum(bool(rule_hits(t)) for t in texts) > len(texts) // 20


def test_a_pattern_that_needs_no_word_turns_the_word_check_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from textops.objections import _rules

    _rules._by_first_word.cache_clear()
    monkeypatch.setattr(_rules, "RULES", (_rules.Rule("any_two", "other", ("~2",)),))
    try:
        assert _may_match(rule_doc("nothing any rule names"))
    finally:
        _rules._by_first_word.cache_clear()
    monkeypatch.undo()
    assert not _may_match(rule_doc("nothing any rule names"))
