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
