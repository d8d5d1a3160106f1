"""Step 1c/2: detection spans, hard negatives, categories and custom categories (fake embedder)."""

from __future__ import annotations

import pytest

from textops.embeddings import HashingEmbedder
from textops.errors import ConfigError, InvalidInputError
from textops.objections import CustomCategory, ObjectionModel, classify_utterance
from textops.objections._detect import DetectConfig, Detector

# Hand-written for these tests (not in the seed set): things prospects say that are NOT objections.
HARD_NEGATIVES = [
    "What would the annual price be for sixty users?",  # a question about price
    "Is onboarding included in the subscription cost?",
    "How long is the typical contract?",
    "Do you integrate with Workday?",
    "Can you send over your SOC 2 report?",
    "No problem.",
    "No problem at all, take your time.",
    "Not a problem, we can do Tuesday.",
    "The pricing looks fair to me.",
    "That price is totally reasonable.",
    "Sorry, I was muted.",
    "Yeah, okay.",
]
OBJECTIONS = [
    ("Honestly it's just too expensive for us.", "price"),
    ("That's not in the budget this year.", "price"),
    ("We already use Salesforce for that.", "competitor"),
    ("It's not a priority for us right now.", "timing"),
    ("Just send me some info and I'll look at it.", "other"),
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_are_not_objections(text: str, fake: HashingEmbedder, model: ObjectionModel) -> None:
    result = classify_utterance(text, embedder=fake, model=model)
    assert not result.is_objection, result.detections
    assert result.confidence < result.threshold


@pytest.mark.parametrize(("text", "category"), OBJECTIONS)
def test_clear_objections_are_found_and_categorised(
    text: str, category: str, fake: HashingEmbedder, model: ObjectionModel
) -> None:
    result = classify_utterance(text, embedder=fake, model=model)
    assert result.is_objection
    (d,) = result.detections
    assert d.category == category
    assert d.text == text and (d.start_char, d.end_char) == (0, len(text))
    assert 0.5 < d.confidence <= 1.0
    assert 0.0 < d.category_confidence <= 1.0
    assert next(iter(d.category_scores)) == category
    assert len(d.evidence.neighbours) == 3
    assert d.evidence.rules, "a clear form comes with the rule that fired"


def test_a_turn_can_hold_several_objections_and_partial_sentences(
    fake: HashingEmbedder, model: ObjectionModel
) -> None:
    text = (
        "Thanks for the demo. It looks great, but honestly it's way too expensive for us. "
        "We already use Salesforce for that."
    )
    found = Detector(model, fake).detect([text])[0]
    assert [d.category for d in found] == ["price", "competitor"]
    price = found[0]
    assert price.text.startswith("but honestly"), "a partial sentence: the positive clause, not the praise"
    assert text[price.start_char : price.end_char] == price.text


def test_adjacent_sentences_of_one_category_merge(fake: HashingEmbedder, model: ObjectionModel) -> None:
    text = "It's way too expensive for us. That's not in the budget this year."
    found = Detector(model, fake).detect([text])[0]
    assert len(found) == 1
    assert found[0].category == "price" and found[0].text == text


def test_threshold_override_and_scores(fake: HashingEmbedder, model: ObjectionModel) -> None:
    text = "We already use Salesforce for that."
    strict = Detector(model, fake, config=DetectConfig(threshold=0.999))
    assert strict.detect([text]) == [[]]
    assert strict.scored == 1 and strict.max_confidence > 0.5


def test_empty_text_is_rejected(fake: HashingEmbedder) -> None:
    with pytest.raises(InvalidInputError, match="empty"):
        classify_utterance("   ", embedder=fake)


CUSTOM = CustomCategory(
    key="data_quality",
    label="Data quality",
    examples=[
        "Our CRM data is way too messy for this to work.",
        "Half our contact data is out of date.",
        "The data quality in our CRM is terrible.",
    ],
)


def test_custom_category_without_retraining(fake: HashingEmbedder, model: ObjectionModel) -> None:
    # a stated reason not to buy ("too messy for this to work"); "our data is messy" alone is a pain point
    text = "Our CRM data is too messy for this to work, half of it is out of date."
    detector = Detector(
        model, fake, [CUSTOM], DetectConfig(custom_min_similarity=0.3, custom_detect_similarity=0.5)
    )
    (d,) = detector.detect([text])[0]
    assert d.category == "data_quality" and d.category_label == "Data quality"
    assert d.evidence.neighbours[0].label == "data_quality"
    # a built-in objection keeps its built-in category next to the custom one
    other = detector.detect(["Honestly it's just too expensive for us."])[0]
    assert [x.category for x in other] == ["price"]


def test_custom_category_keys_must_not_clash(fake: HashingEmbedder, model: ObjectionModel) -> None:
    clash = CustomCategory(key="price", examples=["too much money", "way over budget"])
    with pytest.raises(InvalidInputError, match="clashes"):
        Detector(model, fake, [clash])
    with pytest.raises(InvalidInputError, match="twice"):
        Detector(model, fake, [CUSTOM, CUSTOM])


def test_custom_category_validation() -> None:
    with pytest.raises(ValueError, match="lower-case"):
        CustomCategory(key="Data Quality!", examples=["a", "b"])
    with pytest.raises(ValueError, match="at least 2"):
        CustomCategory(key="x", examples=["only one", "  "])


def test_model_and_embedder_must_match(model: ObjectionModel) -> None:
    with pytest.raises(ConfigError, match="trained with embedder 'hashing-128'"):
        Detector(model, HashingEmbedder(64))
