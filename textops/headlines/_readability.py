"""Flesch–Kincaid grade and Flesch reading ease, textstat's formulas with pyphen syllable counts.

textstat's English path loads NLTK's ``cmudict`` corpus and *downloads* it when it is missing; textops never
downloads anything, so the same formulas are computed here with pyphen (textstat's own fallback syllabifier,
installed with it). On short headlines both figures are noisy; treat them as a rough guide.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen

__all__ = ["reading_ease", "reading_grade", "reading_scores", "syllables"]

_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_SENT_RE = re.compile(r"[.!?]+(?:\s|$)")


@lru_cache(maxsize=1)
def _dic() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables of one word (hyphenation points + 1, at least 1)."""
    return len(_dic().positions(word.lower())) + 1


def _counts(text: str) -> tuple[int, int, int]:
    words = _WORD_RE.findall(text)
    sentences = max(1, len(_SENT_RE.findall(text.strip())))
    return len(words), sentences, sum(syllables(w) for w in words)


def reading_grade(text: str) -> float:
    """Flesch–Kincaid grade level (0 for text without words)."""
    w, s, syl = _counts(text)
    if w == 0:
        return 0.0
    return round(0.39 * (w / s) + 11.8 * (syl / w) - 15.59, 2)


def reading_ease(text: str) -> float:
    """Flesch reading ease (higher is easier; 0 for text without words)."""
    w, s, syl = _counts(text)
    if w == 0:
        return 0.0
    return round(206.835 - 1.015 * (w / s) - 84.6 * (syl / w), 2)


def reading_scores(text: str) -> tuple[float, float]:
    """``(reading_grade(text), reading_ease(text))`` from one count of words and syllables."""
    w, s, syl = _counts(text)
    if w == 0:
        return 0.0, 0.0
    grade = round(0.39 * (w / s) + 11.8 * (syl / w) - 15.59, 2)
    ease = round(206.835 - 1.015 * (w / s) - 84.6 * (syl / w), 2)
    return grade, ease
