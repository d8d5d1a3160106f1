"""Small text helpers shared by the headline frame, strategies, tone and guards (no model needed)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Span, Token

__all__ = [
    "cap",
    "clean",
    "low",
    "past",
    "render",
    "strip_end",
    "third_singular",
]

_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.:;!?%])")
_A_BEFORE_CONSONANT = re.compile(r"\b([Aa])n ([bcdfgjklmnpqrstvwxz][a-z])")
_A_BEFORE_VOWEL = re.compile(r"\b([Aa]) (?!one\b|once\b|eu|uni|use)([aeio][a-z])")
_IRREGULAR_PAST = {
    "be": "was", "have": "had", "do": "did", "make": "made", "get": "got", "build": "built", "go": "went",
    "take": "took", "give": "gave", "find": "found", "see": "saw", "say": "said", "tell": "told",
    "write": "wrote", "cut": "cut", "put": "put", "run": "ran", "win": "won", "lose": "lost", "buy": "bought",
    "bring": "brought", "think": "thought", "teach": "taught", "leave": "left", "keep": "kept",
    "feel": "felt", "meet": "met", "send": "sent", "spend": "spent", "pay": "paid", "sell": "sold",
    "come": "came", "become": "became", "know": "knew", "grow": "grew", "show": "showed", "begin": "began",
}  # fmt: skip


def cap(text: str) -> str:
    """First character upper-case."""
    return text[:1].upper() + text[1:] if text else text


def low(text: str) -> str:
    """First character lower-case, unless the first word is an acronym, ``I`` or looks like a name."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if (len(first) > 1 and first.isupper()) or first in ("I", "I'm", "I've"):
        return text
    if len(first) > 1 and any(ch.isupper() for ch in first[1:]):
        return text  # "iPhone", "McDonald's", "AcmeCloud"
    return text[:1].lower() + text[1:]


def strip_end(text: str) -> str:
    """Without trailing stops, colons and spaces (a final ``?`` is kept)."""
    return text.rstrip(" .!;:,—–-")


def clean(text: str) -> str:
    """Collapse whitespace, drop spaces before punctuation, tidy doubled punctuation left by edits."""
    text = " ".join(text.split())
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"^[,;:—–-]\s*", "", text)
    text = _A_BEFORE_CONSONANT.sub(r"\1 \2", text)  # "an college" left by a dropped word
    text = _A_BEFORE_VOWEL.sub(r"\1n \2", text)
    text = re.sub(r"\s+[,;]\s*$", "", text)
    return text.strip()


def render(
    tokens: Span | Iterable[Token], replace: dict[int, str] | None = None, drop: set[int] | None = None
) -> str:
    """Join tokens with their own whitespace, replacing ``replace[i]`` and skipping ``drop`` (doc indices)."""
    replace = replace or {}
    drop = drop or set()
    parts: list[str] = []
    for tok in tokens:
        if tok.i in drop:
            if parts and not tok.whitespace_:
                parts[-1] = parts[-1].rstrip()
            continue
        word = replace.get(tok.i, tok.text)
        parts.append(word + (tok.whitespace_ if word else ""))
    return clean("".join(parts))


def third_singular(base: str) -> str:
    """``save`` → ``saves``, ``fix`` → ``fixes``, ``carry`` → ``carries``; ``be``/``have`` irregular."""
    if base == "be":
        return "is"
    if base == "have":
        return "has"
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        return base + "es"
    if base.endswith("y") and len(base) > 1 and base[-2] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


def past(base: str) -> str:
    """Simple past of a verb (a short irregular list, else the regular rules)."""
    if base in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[base]
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and len(base) > 1 and base[-2] not in "aeiou":
        return base[:-1] + "ied"
    return base + "ed"
