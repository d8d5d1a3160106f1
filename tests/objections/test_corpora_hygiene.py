"""Training and evaluation data never share a sentence (after lower-casing and dropping punctuation)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.support import CORPORA as ALL_CORPORA

CORPORA = ALL_CORPORA / "objections"
EVALUATION = [CORPORA / "heldout" / "sentences.jsonl", CORPORA / "heldout-registers" / "sentences.jsonl"]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _rows(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_no_training_sentence_is_in_an_evaluation_set() -> None:
    evaluation = {_norm(r["text"]) for path in EVALUATION for r in _rows(path)}
    assert len(evaluation) > 2000
    training = [
        CORPORA / "seed.jsonl",
        *sorted((CORPORA / "train").glob("*.jsonl")),
        *sorted((CORPORA / "pending").glob("*.jsonl")),
    ]
    assert len(training) >= 4
    shared = [
        (path.name, text)
        for path in training
        for r in _rows(path)
        for text in (r["text"], r.get("rep") or "")
        if text and _norm(text) in evaluation
    ]
    assert shared == []


def test_every_training_file_loads_with_its_author_and_call_ids() -> None:
    """Each seed/train/pending file loads (extra fields such as ``call`` are allowed) and names its author."""
    from textops.objections._seed import author_of, load_seed

    files = [
        CORPORA / "seed.jsonl",
        *sorted((CORPORA / "train").glob("*.jsonl")),
        *sorted((CORPORA / "pending").glob("*.jsonl")),
    ]
    for path in files:
        examples = load_seed(path, whole_set=False)
        assert examples, path.name
        assert {e.source for e in examples} == {author_of(path)}
        rows = _rows(path)
        calls = [r["call"] for r in rows if "call" in r]
        # whole calls (author5): every line names its call, and a call has several prospect units
        if calls:
            assert len(calls) == len(rows) and all(isinstance(c, str) and c for c in calls), path.name
            assert len(rows) / len(set(calls)) >= 3, path.name
    assert author_of(CORPORA / "pending" / "author4_asr.jsonl") == "author4"
    assert author_of(CORPORA / "seed.jsonl") == "seed"
    assert author_of(CORPORA / "pending" / "smalltalk_logistics.jsonl") == "smalltalk_logistics"
