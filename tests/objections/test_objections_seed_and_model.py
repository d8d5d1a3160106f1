"""Step 1b: the labelled seed set and the calibrated classifier (fake embedder)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from textops.embeddings import HashingEmbedder
from textops.errors import ConfigError, InvalidInputError
from textops.objections import CATEGORY_KEYS, ObjectionModel, SeedExample, load_seed, train_model
from textops.objections._rules import rule_hits
from textops.objections._seed import default_training_paths, load_head_set, load_training_set


def test_seed_set_shape() -> None:
    seed = load_seed()
    labels = Counter(e.label for e in seed)
    kinds = Counter(e.kind for e in seed)
    assert len(seed) >= 500
    assert labels["none"] / len(seed) >= 0.40
    assert set(CATEGORY_KEYS) <= set(labels)
    assert all(labels[c] >= 20 for c in CATEGORY_KEYS)
    assert {"hard_negative", "small_talk", "neutral", "pain", "question"} <= set(kinds)
    texts = [e.text.lower() for e in seed]
    assert len(texts) == len(set(texts)), "duplicate seed sentences"


def test_training_set_spans_registers_and_has_pain_points() -> None:
    paths = default_training_paths()
    assert {p.name for p in paths} >= {
        "seed.jsonl",
        "asr_rambling.jsonl",
        "chat_informal.jsonl",
        "formal_spoken.jsonl",
    }
    examples = load_training_set()
    assert len(examples) > 4000
    assert sum(e.is_pain for e in examples) > 400
    assert sum(bool(e.context) for e in examples) > 1500
    keys = [" ".join(e.text.lower().split()) for e in examples]
    assert len(keys) == len(set(keys))


def test_head_set_is_new_sentences_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    training = load_training_set()
    # the later authors' files and the small talk are in the encoder's training set since 2026-12-07
    assert len(training) > 9000 and sum(e.kind == "small_talk" for e in training) > 100
    pending = tmp_path / "author9_new.jsonl"
    rows = [
        {"text": training[0].text.upper(), "label": training[0].label},  # already in the training set
        {"text": "Honestly the per-seat price scares our controller off.", "label": "price"},
        {"text": "Not before the merger closes in spring.", "label": "timing"},
        {"text": "Sure, Thursday works for the follow-up.", "label": "none"},
    ]
    pending.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    head = load_head_set([pending])
    assert [(e.label, e.source) for e in head] == [
        ("price", "author9"),
        ("timing", "author9"),
        ("none", "author9"),
    ]
    # another seed file is the whole training set: no head-only sentences are added to it
    monkeypatch.setenv("TEXTOPS_OBJECTION_SEED", str(tmp_path / "seed.jsonl"))
    assert load_head_set() == []


def test_pain_head_finds_a_pain_point_not_an_objection(model: ObjectionModel, fake: HashingEmbedder) -> None:
    assert model.pain is not None and 0.2 <= model.pain.threshold <= 0.9 and model.pain.f1 > 0.4
    texts = ["Every month end we lose three days re-keying invoices by hand."]
    p_obj, _, p_pain = model.predict_all(texts, fake.encode(texts), [rule_hits(t) for t in texts])
    assert p_pain[0] > model.pain.threshold and p_obj[0] < model.threshold


def test_seed_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_seed(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "too pricey", "label": "pricing"}) + "\n")
    with pytest.raises(InvalidInputError, match="label 'pricing'"):
        load_seed(bad)
    bad.write_text("not json\n")
    with pytest.raises(InvalidInputError, match="not a seed record"):
        load_seed(bad)


def test_trained_model_is_calibrated_and_sane(model: ObjectionModel) -> None:
    cv = model.cv
    assert 0.2 <= model.threshold <= 0.9
    assert cv.n == len(load_training_set()) + len(load_head_set())
    # out-of-fold figures exist and are far above chance even with the model-free fake embedder
    assert cv.f1 > 0.55
    assert cv.category_accuracy > 0.35
    assert 0.0 <= cv.ece < 0.1


def test_predict_shapes_and_probabilities(model: ObjectionModel, fake: HashingEmbedder) -> None:
    texts = ["Honestly it's way too expensive for us.", "Can you hear me okay?"]
    vectors = fake.encode(texts)
    p, cats, _ = model.predict_all(texts, vectors, [rule_hits(t) for t in texts])
    assert p.shape == (2,) and cats.shape == (2, len(CATEGORY_KEYS))
    assert np.all((p >= 0) & (p <= 1))
    assert np.allclose(cats.sum(axis=1), 1.0)
    assert p[0] > model.threshold > p[1]
    assert model.categories[int(cats[0].argmax())] == "price"


def test_nearest_examples_are_labelled_evidence(model: ObjectionModel, fake: HashingEmbedder) -> None:
    near = model.nearest(fake.encode(["We already use Salesforce for all of this."]), k=3)[0]
    assert len(near) == 3
    assert near[0].similarity >= near[1].similarity >= near[2].similarity
    assert near[0].label in {*CATEGORY_KEYS, "none"}
    assert "Salesforce" in near[0].text


def test_nearest_does_not_depend_on_the_rows_searched_with_it(
    model: ObjectionModel, fake: HashingEmbedder
) -> None:
    """A corpus analysis searches a slice's detections in blocks: a row's neighbours are the same alone, in a
    block with other rows, or in any order; the float64 copy of the seed vectors is not pickled."""
    import pickle

    from textops.objections import _classifier

    texts = [e.text for e in model.seed[:40]] + ["The price is a lot for us.", "We already use Salesforce."]
    vectors = fake.encode(texts)
    together = model.nearest(vectors, k=3)
    alone = [model.nearest(vectors[i : i + 1], k=3)[0] for i in range(len(texts))]
    reversed_rows = model.nearest(vectors[::-1], k=3)[::-1]
    assert together == alone == reversed_rows
    old_block = _classifier._NEAREST_BLOCK
    try:
        _classifier._NEAREST_BLOCK = 7  # a row's block holds other rows, or none
        assert model.nearest(vectors, k=3) == together
    finally:
        _classifier._NEAREST_BLOCK = old_block
    everything = model.nearest(vectors[:1], k=len(model.seed))[0]
    assert len(everything) == len(model.seed)
    assert [n.similarity for n in everything] == sorted((n.similarity for n in everything), reverse=True)
    assert "_seed64_cache" not in pickle.loads(pickle.dumps(model)).__dict__


def test_training_is_deterministic(fake: HashingEmbedder) -> None:
    seed = [e for i, e in enumerate(load_seed()) if i % 3 == 0]
    a, b = train_model(seed, fake), train_model(seed, fake)
    texts = ["That's not in the budget.", "We love it."]
    v = fake.encode(texts)
    hits = [rule_hits(t) for t in texts]
    assert a.threshold == b.threshold
    assert np.allclose(a.predict_all(texts, v, hits)[0], b.predict_all(texts, v, hits)[0])


def test_training_needs_enough_data(fake: HashingEmbedder) -> None:
    tiny = [SeedExample("Too expensive.", "price"), SeedExample("Hello.", "none")]
    with pytest.raises(InvalidInputError, match="at least 10"):
        train_model(tiny, fake)


def test_author_weights_balance_authors() -> None:
    from textops.objections._training import author_weights

    examples = [SeedExample(f"a{i}", "none", source="a") for i in range(30)] + [
        SeedExample(f"b{i}", "price", source="b") for i in range(10)
    ]
    assert np.allclose(author_weights(examples, 0.0), 1.0)
    equal = author_weights(examples, 1.0)
    assert np.isclose(equal.mean(), 1.0)
    assert np.isclose(equal[:30].sum(), equal[30:].sum())  # each author counts the same
    half = author_weights(examples, 0.5)
    assert equal[0] < half[0] < 1.0 < half[-1] < equal[-1]


def test_head_config_changes_the_fit_not_the_defaults(fake: HashingEmbedder) -> None:
    from textops.objections._training import HeadConfig

    seed = [e for i, e in enumerate(load_seed()) if i % 3 == 0]
    base, same = train_model(seed, fake), train_model(seed, fake, config=HeadConfig())
    texts = ["That's not in the budget.", "We love it."]
    v, hits = fake.encode(texts), [rule_hits(t) for t in texts]
    assert np.allclose(base.predict_all(texts, v, hits)[0], same.predict_all(texts, v, hits)[0])
    lean = train_model(seed, fake, config=HeadConfig(pain=False, temperature=False, context_weight=0.0))
    assert lean.pain is None and lean.temperature == 1.0 and lean.vectorizer.context is None
    assert lean.predict_all(texts, v, hits)[0][0] > lean.threshold
    blended = train_model(seed, fake, config=HeadConfig(pain=False, mlp_blend=1.0))
    assert blended.detector_mlp is not None and blended.mlp_blend == 1.0
    p = blended.predict_all(texts, v, hits)[0]
    assert p[0] > blended.threshold and p[0] > p[1] and 0.0 <= p[1] <= 1.0


def test_fitted_head_is_cached_on_disk_by_training_content(
    model: ObjectionModel, fake: HashingEmbedder, tmp_path: Path
) -> None:
    """The fitted classifier is kept in the data folder, keyed by the training content's hash."""
    from textops.objections._training import _disk_path, _load, _save
    from textops.settings import override_settings

    with override_settings(data_dir=tmp_path):
        path = _disk_path("encoder-x", model.digest)
        other = _disk_path("encoder-x", "another-digest")
        assert path.parent == tmp_path / "models" and path != other
        assert _load(path) is None
        _save(path, model)
        loaded = _load(path)
        assert loaded is not None and loaded.digest == model.digest and _load(other) is None
        texts = ["Honestly it's way too expensive for us."]
        v, hits = fake.encode(texts), [rule_hits(t) for t in texts]
        assert np.allclose(loaded.predict_all(texts, v, hits)[0], model.predict_all(texts, v, hits)[0])
        path.write_bytes(b"not a pickle")
        assert _load(path) is None  # an unreadable file is ignored (trained again)
