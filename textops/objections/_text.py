"""Splitting spoken turns into sentences and clauses (with character offsets), and spotting backchannels.

A regex splitter is the default: it needs no model, costs microseconds per turn, and gives the same spans in
batch reports and in the single-utterance ``classify`` endpoint. A spaCy pipeline with sentence boundaries
can be passed instead (see :func:`textops.objections.mine_objections`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

__all__ = ["Piece", "clause_pieces", "is_backchannel", "sentence_pieces"]

# A sentence ends at . ! ? … (or an em dash followed by a capital) followed by white space. Abbreviations
# and decimals ("Mr. Li", "e.g. this", "3.5") are protected by the look-behinds below.
_BOUNDARY = re.compile(
    r"""(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bInc)
        [.!?…]+["')\]]*\s+(?=["'(\[]?[A-Z0-9])
      | \s+[—–]\s+(?=[A-Z])
      | [—–]\s+(?=[A-Z])
      | \s*\n\s*""",
    re.VERBOSE,
)
# Clause boundaries inside a sentence where a second, possibly different, objection can start. Contrast
# markers ("but", "though", "plus") are strong: a clause after one may be an objection on its own. Additive
# ones (", and we ...", ", so our ...") only split a sentence that is an objection already.
_CONTRAST = re.compile(
    r"""(?:,|;|\s[—–-])\s+(?=(?:but|though|although|except|plus|and\s+also|and\s+plus|the\s+other\s+thing)\b)
      | ;\s+
      | \s[—–]\s+
      | \s+(?=(?:but|plus)\s)""",
    re.VERBOSE | re.IGNORECASE,
)
_ADDITIVE = re.compile(
    r",\s+(?=(?:and|so)\s+(?:we|we're|we've|we'd|our|i|i'm|i'd|they|they're|it's|that's|honestly|anyway)\b)",
    re.IGNORECASE,
)
_EDGE = " \t\r\n—–,;"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+")
_MAX_WORDS = 45

_BACKCHANNEL_WORDS = """
    yeah yes yep yup ya okay ok k sure right alright great good cool perfect nice totally exactly
    absolutely definitely gotcha got it mhm mm hmm uh huh um oh ah wow thanks thank you so well hi
    hello hey bye sounds makes sense true fair interesting awesome fine understood see i the that's
    that is thats correct agreed indeed same here too really lol haha ha go ahead please cheers
    morning afternoon mm-hmm uh-huh mhmm mm-hm
"""
_BACKCHANNEL = frozenset(_BACKCHANNEL_WORDS.split())


@dataclass(frozen=True)
class Piece:
    """A stretch of a turn: its verbatim text and character offsets in the turn."""

    text: str
    start: int
    end: int


def _trimmed(text: str, start: int, end: int) -> Piece | None:
    chunk = text[start:end]
    left = len(chunk) - len(chunk.lstrip(_EDGE))
    right = len(chunk.rstrip(_EDGE))
    if right <= left:
        return None
    return Piece(chunk[left:right], start + left, start + right)


def _window(text: str, piece: Piece) -> list[Piece]:
    """Cut an unpunctuated run-on (ASR output) into windows of at most ``_MAX_WORDS`` words."""
    words = list(_WORD.finditer(piece.text))
    if len(words) <= _MAX_WORDS:
        return [piece]
    out: list[Piece] = []
    for lo in range(0, len(words), _MAX_WORDS):
        chunk = words[lo : lo + _MAX_WORDS]
        end = chunk[-1].end() if lo + _MAX_WORDS < len(words) else len(piece.text)
        start = chunk[0].start() if lo else 0
        sub = _trimmed(text, piece.start + start, piece.start + end)
        if sub is not None:
            out.append(sub)
    return out


def sentence_pieces(text: str) -> list[Piece]:
    """Sentences of a spoken turn, with offsets; long unpunctuated runs are cut into 45-word windows."""
    pieces: list[Piece] = []
    last = 0
    for m in _BOUNDARY.finditer(text):
        piece = _trimmed(text, last, m.end())
        if piece is not None:
            pieces.extend(_window(text, piece))
        last = m.end()
    tail = _trimmed(text, last, len(text))
    if tail is not None:
        pieces.extend(_window(text, tail))
    return pieces


def clause_pieces(text: str, sentence: Piece, *, additive: bool = False, min_words: int = 2) -> list[Piece]:
    """The clauses of a sentence, split before "but", "though", "plus", "and also", ";" and dashes.

    With ``additive`` it is also split before ", and we …" / ", so our …". A part shorter than
    ``min_words`` words joins the next one ("Sure, but …" stays whole). Returns ``[]`` when the sentence
    has a single clause.
    """
    patterns = (_CONTRAST, _ADDITIVE) if additive else (_CONTRAST,)
    cuts = sorted({m.end() for pattern in patterns for m in pattern.finditer(sentence.text)})
    if not cuts:
        return []
    bounds = [0, *cuts, len(sentence.text)]
    spans: list[tuple[int, int]] = []
    for lo, hi in itertools.pairwise(bounds):
        if spans and len(_WORD.findall(sentence.text[spans[-1][0] : spans[-1][1]])) < min_words:
            spans[-1] = (spans[-1][0], hi)  # a too-short part joins the next
        else:
            spans.append((lo, hi))
    if len(spans) > 1 and len(_WORD.findall(sentence.text[spans[-1][0] : spans[-1][1]])) < min_words:
        spans[-2:] = [(spans[-2][0], spans[-1][1])]  # a too-short tail joins the previous part
    out = [
        p for lo, hi in spans if (p := _trimmed(text, sentence.start + lo, sentence.start + hi)) is not None
    ]
    return out if len(out) > 1 else []


def is_backchannel(text: str) -> bool:
    """True for turns like "Yeah.", "Okay, got it.", "Mm-hmm, sure." — nothing an objection could be in."""
    words = [w.lower().strip("'’-") for w in _WORD.findall(text)]
    if not words:
        return True
    return len(words) <= 4 and all(w in _BACKCHANNEL for w in words)
