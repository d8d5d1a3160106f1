"""The checks of the headline filters that need no parse and no model.

The input itself, whether the constraints can be met at all, which constraint a text breaks (the tone's
included), the numbers and claim words no source has, and the normal form that finds duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from textops.errors import InputTooLargeError, InvalidInputError
from textops.headlines._lexicons import CLAIM_WORDS, HYPE_WORDS, NUMBER_WORDS, URGENCY_WORDS
from textops.headlines._models import MAX_HEADLINE_CHARS, Constraints, UnsatisfiableConstraintError
from textops.headlines._readability import reading_grade

__all__ = [
    "COVERAGE_MIN",
    "check_feasible",
    "check_input",
    "constraint_violation",
    "invented_claims",
    "lost_point",
    "norm",
]


_NORM_RE = re.compile(r"[^a-z0-9 ]+")


_CLAIM_RE = re.compile(r"[$€£]?\d[\d,.]*[%x×]?|#1|[A-Za-z][A-Za-z\-]*")


_CONTRACTION_RE = re.compile(r"(?i)\b\w+(?:n't|'re|'ll|'ve|'d|'m|’re|’ll)\b|\b(?:it|that|what|here)['’]s\b")


def norm(text: str) -> str:
    """Lower case, letters and digits only: the form two texts share when they are duplicates."""
    return " ".join(_NORM_RE.sub(" ", text.lower()).split())


def _stem(word: str) -> str:
    """Crude stem so that "save", "saves", "saved" and "saving" are one claim word."""
    for suffix in ("ings", "ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=64)
def _source_words(sources: tuple[str, ...]) -> frozenset[str]:
    words = {w.lower() for s in sources for w in _CLAIM_RE.findall(s)}
    words |= {_stem(w) for w in words}
    words |= {NUMBER_WORDS[w] for w in words if w in NUMBER_WORDS}
    words |= {k for k, v in NUMBER_WORDS.items() if v in words}
    words |= {w.rstrip("%x×") for w in words}
    return frozenset(words)


def invented_claims(text: str, sources: Sequence[str]) -> list[str]:
    """Numbers, amounts and claim words ("free", "guaranteed", "fastest", …) no source has.

    A number may come spelled out in one text and in digits in the other; "saves" and "saved" are one word.
    """
    source_words = _source_words(tuple(sources))
    found = []
    for word in _CLAIM_RE.findall(text):
        low = word.lower()
        is_claim = (
            low[0].isdigit() or low[0] in "$€£" or low in CLAIM_WORDS or low in NUMBER_WORDS or low == "#1"
        )
        if is_claim and low not in source_words and _stem(low) not in source_words and low not in found:
            found.append(low)
    return found


_WORD_RE = re.compile(r"[a-z0-9][a-z0-9'’\-]*")
_FUNCTION_TEXT = """
a an the this that these those it its it's is are was were be been being am do does did doing have has had
of in on at to for from by with about into over after before up down out off as and or but if so than then
too very just really only also even still not no i me my we our us you your he him his she her they them
their what why how when where who which here there can could will would should may might must shall get got
"""
_FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
COVERAGE_MIN = 0.75
"""Least share of the original's content words a variant keeps (shortening to a limit: 0.5)."""


def _content(text: str) -> set[str]:
    words = _WORD_RE.findall(text.lower().replace("’", "'"))
    return {NUMBER_WORDS.get(w, _stem(w)) for w in words if w not in _FUNCTION_WORDS and w not in HYPE_WORDS}


def lost_point(text: str, original: str, *, ignore: str = "", least: float = COVERAGE_MIN) -> bool:
    """Whether ``text`` drops the point of ``original`` (``ignore``: its hype, which may go).

    It does when it loses a number, or keeps fewer than ``least`` of the original's content words (stems,
    number words as digits): "Lessons from 40 distribution centers" for "Inventory accuracy at scale: …",
    "Get fewer alerts" for "Fewer alerts. Faster fixes.".
    """
    orig, new = _content(original) - _content(ignore), _content(text)
    if not orig:
        return False
    if any(w[:1].isdigit() and w not in new for w in orig):
        return True
    return len(orig & new) / len(orig) < least


def check_input(headline: str) -> str:
    """The headline with its whitespace collapsed; empty or longer than ``MAX_HEADLINE_CHARS`` is an error."""
    text = " ".join(headline.split())
    if not text:
        raise InvalidInputError("the headline is empty", hint="send the headline text to rewrite")
    if len(text) > MAX_HEADLINE_CHARS:
        raise InputTooLargeError(
            f"the headline has {len(text)} characters; at most {MAX_HEADLINE_CHARS} are accepted",
            hint="send a headline, not a body text (put body copy in `body`)",
        )
    return text


def check_feasible(c: Constraints) -> None:
    """Raise :class:`UnsatisfiableConstraintError` when the constraints contradict each other."""
    required = [t.strip() for t in c.required_terms if t.strip()]
    banned = {t.strip().lower() for t in c.banned_terms if t.strip()}
    for term in required:
        if term.lower() in banned or any(re.search(rf"(?i)\b{re.escape(b)}\b", term) for b in banned):
            raise UnsatisfiableConstraintError(
                "banned_terms", f"'{term}' is both a required term and (contains) a banned term"
            )
    need_chars = len(" ".join(required))
    if c.max_chars is not None and need_chars > c.max_chars:
        raise UnsatisfiableConstraintError(
            "max_chars", f"max_chars={c.max_chars} cannot hold the required terms ({need_chars} characters)"
        )
    need_words = sum(len(t.split()) for t in required)
    if c.max_words is not None and need_words > c.max_words:
        raise UnsatisfiableConstraintError(
            "max_words", f"max_words={c.max_words} cannot hold the required terms ({need_words} words)"
        )


def constraint_violation(text: str, c: Constraints) -> str | None:
    """The first constraint ``text`` breaks (``max_chars``, …, ``tone``), or ``None``."""
    if c.max_chars is not None and len(text) > c.max_chars:
        return "max_chars"
    if c.max_words is not None and len(text.split()) > c.max_words:
        return "max_words"
    low = text.lower()
    if any(
        not re.search(rf"(?<!\w){re.escape(t.strip().lower())}(?!\w)", low)
        for t in c.required_terms
        if t.strip()
    ):
        return "required_terms"
    if any(
        re.search(rf"(?<!\w){re.escape(t.strip().lower())}(?!\w)", low) for t in c.banned_terms if t.strip()
    ):
        return "banned_terms"
    if c.max_grade is not None and reading_grade(text) > c.max_grade:
        return "max_grade"
    if _tone_violation(text, c.tone):
        return "tone"
    return None


def _tone_violation(text: str, tone: str) -> bool:
    """Whether ``text`` breaks ``tone`` (formal: contractions or '!'; plain: '!', urgency or hype words)."""
    low = text.lower()
    if tone == "formal":
        return "!" in text or bool(_CONTRACTION_RE.search(text))
    if tone == "plain":
        return (
            "!" in text
            or any(re.search(rf"\b{re.escape(w)}\b", low) for w in URGENCY_WORDS)
            or any(w in HYPE_WORDS for w in re.findall(r"[a-z\-]+", low))
        )
    return False
