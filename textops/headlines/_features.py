"""Interpretable headline features: fast, text-only (no parse), identical at training and serving time."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from textops.headlines._lexicons import ABSTRACT_SUFFIXES, NEGATIVE_WORDS, NUMBER_WORDS, POSITIVE_WORDS
from textops.headlines._readability import reading_grade

__all__ = ["FEATURE_GROUPS", "FEATURE_NAMES", "feature_matrix", "headline_features"]

FEATURE_NAMES: tuple[str, ...] = (
    "chars",
    "words",
    "question",
    "number",
    "second_person",
    "first_person",
    "negative_words",
    "positive_words",
    "abstractness",
    "reading_grade",
    "exclamation",
    "curiosity",
)
"""Names of the interpretable features, in column order."""

FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "length": ("chars", "words"),
    "question": ("question",),
    "numbers": ("number",),
    "person": ("second_person", "first_person"),
    "sentiment": ("negative_words", "positive_words"),
    "concreteness": ("abstractness",),
    "readability": ("reading_grade",),
    "punctuation_curiosity": ("exclamation", "curiosity"),
}
"""Feature groups used in the ablation of ``bench/train_headline_model.py``."""

_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_SECOND = frozenset({"you", "your", "you're", "yours", "yourself", "you've", "you'll", "you’re"})
_FIRST = frozenset({"i", "we", "my", "our", "me", "us", "i'm", "we're"})
_CURIOUS = frozenset({"this", "these", "here's", "here", "what", "why", "how"})


def headline_features(text: str) -> npt.NDArray[np.float64]:
    """The interpretable features of one headline (see :data:`FEATURE_NAMES`)."""
    words = [w.lower().replace("’", "'") for w in _WORD_RE.findall(text)]
    n = max(len(words), 1)
    stripped = text.strip()
    number = any(ch.isdigit() for ch in text) or any(w in NUMBER_WORDS for w in words)
    abstract = sum(1 for w in words if len(w) > 5 and w.endswith(ABSTRACT_SUFFIXES))
    grade = reading_grade(stripped) if words else 0.0
    return np.array(
        [
            float(len(stripped)),
            float(len(words)),
            float(stripped.endswith("?") or "?" in stripped),
            float(number),
            float(any(w in _SECOND for w in words)),
            float(any(w in _FIRST for w in words)),
            sum(w in NEGATIVE_WORDS for w in words) / n,
            sum(w in POSITIVE_WORDS for w in words) / n,
            abstract / n,
            min(max(grade, -5.0), 25.0),
            float("!" in stripped),
            float(any(w in _CURIOUS for w in words[:2])),
        ],
        dtype=np.float64,
    )


def feature_matrix(texts: Sequence[str]) -> npt.NDArray[np.float64]:
    """Stack :func:`headline_features` for many headlines: shape ``(len(texts), len(FEATURE_NAMES))``."""
    if not texts:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float64)
    return np.stack([headline_features(t) for t in texts])
