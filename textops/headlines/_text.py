"""Small text helpers shared by the headline frame, strategies, tone and guards (no model needed).

Including Title Case and sentence case, which the pipeline reports as styling notes (casing is not a
strategy).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from lemminflect import getAllLemmas, getInflection
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span, Token

from textops.headlines._lexicons import SMALL_WORDS

__all__ = [
    "cap",
    "clean",
    "gerund",
    "indefinite",
    "inflect",
    "is_verb_word",
    "lemma",
    "low",
    "past",
    "render",
    "sentence_case",
    "strip_end",
    "third_singular",
    "title_case",
]

_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.:;!?%])")
_A_BEFORE_CONSONANT = re.compile(r"\b([Aa])n ([bcdfgjklmnpqrstvwxz][a-z])")
_A_BEFORE_VOWEL = re.compile(r"\b([Aa]) (?!one\b|once\b|eu|uni|use)([aeio][a-z])")


def indefinite(phrase: str) -> str:
    """With "a/an" for a leading "the": "the support assistant …" → "a support assistant …"."""
    head, _, rest = phrase.partition(" ")
    if head.lower() != "the" or not rest:
        return phrase
    return f"{'an' if rest[:1].lower() in 'aeiou' else 'a'} {rest}"


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
    if _looks_like_name(first):
        return text  # "Metricmoor's report", "Ticketfern syncs …": a brand keeps its capital
    return text[:1].lower() + text[1:]


_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@lru_cache(maxsize=4096)
def _looks_like_name(word: str) -> bool:
    """A capitalised word that is no English word lemminflect knows ("Metricmoor", "Ticketfern's")."""
    bare = _POSSESSIVE.sub("", word.strip("\"'“”‘,.:;!?()"))
    if len(bare) < 3 or not bare[:1].isupper() or not bare.isalpha():
        return False
    low_bare = bare.lower()
    return low_bare not in STOP_WORDS and not getAllLemmas(low_bare) and not getAllLemmas(bare)


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
    gap = False  # a dropped token had a space after it: "Malala, an … old, asks" → "Malala asks"
    for tok in tokens:
        if tok.i in drop:
            if parts and not tok.whitespace_:
                parts[-1] = parts[-1].rstrip()
            gap = gap or bool(tok.whitespace_)
            continue
        word = replace.get(tok.i, tok.text)
        if gap and parts and parts[-1] and not parts[-1][-1].isspace() and word[:1].isalnum():
            parts[-1] += " "
        gap = False
        parts.append(word + (tok.whitespace_ if word else ""))
    return clean("".join(parts))


@lru_cache(maxsize=4096)
def is_verb_word(word: str) -> bool:
    """Whether ``word`` is a known English verb (lemminflect's dictionary): "Pallora", "payroll" are not."""
    return bool(getAllLemmas(word.lower(), upos="VERB"))


def lemma(tok: Token) -> str:
    """A verb's lemma from lemminflect's dictionary ("rebuilt" → "rebuild"), else spaCy's."""
    found = getAllLemmas(tok.lower_, upos="VERB").get("VERB")
    return str(found[0]) if found else str(tok.lemma_.lower())


def inflect(base: str, tag: str) -> str:
    """``base`` in the form of the Penn ``tag`` ("rebuild", "VBD" → "rebuilt").

    lemminflect's dictionary, and its suffix rules for words it does not know.
    """
    forms = getInflection(base, tag=tag)
    return str(forms[0]) if forms else base


def third_singular(base: str) -> str:
    """``save`` → ``saves``, ``fix`` → ``fixes``, ``carry`` → ``carries``, ``be`` → ``is``."""
    return inflect(base, "VBZ")


def past(base: str) -> str:
    """Simple past of a verb: ``build`` → ``built``, ``save`` → ``saved``."""
    return inflect(base, "VBD")


def gerund(base: str) -> str:
    """``save`` → ``saving``, ``tie`` → ``tying``, ``stop`` → ``stopping``."""
    return inflect(base, "VBG")


def title_case(text: str) -> str:
    """Title Case: capitalise words except short function words (not first or last); keep acronyms."""
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        core = word.strip("\"'“”‘’()[]—–-:;,.!?")
        if (
            core.lower() in SMALL_WORDS
            and 0 < i < len(words) - 1
            and not words[i - 1].endswith((":", "?", "."))
        ):
            out.append(word.lower() if not core.isupper() or len(core) < 2 else word)
        elif core.isupper() and len(core) > 1:
            out.append(word)
        else:
            out.append("-".join(_cap_word(part) for part in word.split("-")))
    return " ".join(out)


def _cap_word(word: str) -> str:
    if word[:1].isdigit():
        return word  # "3rd", "10x"
    for i, ch in enumerate(word):
        if ch.isalpha():
            return word[:i] + ch.upper() + word[i + 1 :]
    return word


def sentence_case(text: str, proper: set[str] | None = None) -> str:
    """Sentence case: first word capitalised, others lower-case except acronyms, "I" and ``proper`` words."""
    proper = proper or set()
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        core = word.strip("\"'“”‘’()[]—–-:;,.!?")
        if i == 0 or words[i - 1].endswith((":", ".", "?", "!")):
            out.append(_cap_word(word))
        elif (core.isupper() and len(core) > 1) or core == "I" or core in proper:
            out.append(word)
        else:
            out.append(word.lower())
    return " ".join(out)
