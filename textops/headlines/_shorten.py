"""Parse-driven shortening: drop optional modifiers (filler, hype, asides, trailing phrases) to fit a limit.

Only whole subtrees that the parse marks as optional are dropped — hedges and hype adverbs, appositions and
parentheticals, prepositional phrases and relative clauses hanging off a noun or the verb, adjectives that
are not comparatives — so the head of every phrase stays and the result still parses. Numbers, negations,
comparatives ("faster") and the verb's object are never dropped: they carry the point.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from textops.headlines._lexicons import HEDGES, HYPE_WORDS
from textops.headlines._text import cap, render

__all__ = ["cuts", "shorten_doc"]

_PHRASE_CUTS = [
    (re.compile(r"(?i)\bin order to\b"), "to"),
    (re.compile(r"(?i)\b(?:may|might) be able to\b"), "can"),
    (re.compile(r"(?i)\bis able to\b"), "can"),
    (re.compile(r"(?i)\ba (?:lot|number) of\b"), "many"),
    (re.compile(r"(?i)\b(?:kind|sort) of\b "), ""),
]
_KEEP_PREPS = {"without", "than", "of", "like", "vs", "versus", "per", "by"}


def _has_number(tokens: Span | list[Token]) -> bool:
    return any(t.like_num or any(ch.isdigit() for ch in t.text) for t in tokens)


def cuts(doc: Doc, start: int = 0) -> list[tuple[int, set[int]]]:
    """Optional pieces of ``doc[start:]``: (priority, token indices); lower priority goes first."""
    out: list[tuple[int, set[int]]] = []
    root = next((t for t in doc[start:] if t.dep_ == "ROOT"), None)
    if root is None:
        return out
    for tok in doc[start:]:
        low = tok.lower_
        if tok.left_edge.i > start and not doc[tok.left_edge.i - 1].whitespace_:
            continue  # inside a hyphenated or quoted word ("one-on-one")
        if (tok.dep_ == "advmod" and (low in HEDGES or low in HYPE_WORDS) and tok.pos_ == "ADV") or (
            tok.dep_ == "amod" and low in HYPE_WORDS
        ):
            out.append((0, set(range(tok.left_edge.i, tok.i + 1))))  # "most adorable": the whole modifier
        elif tok.dep_ in ("appos", "parataxis") and tok.i > start + 1:
            span = set(range(tok.left_edge.i, tok.right_edge.i + 1))
            prev = doc[tok.left_edge.i - 1]
            if prev.text in (",", "(", "—", "–"):
                span.add(prev.i)
            nxt = tok.right_edge.i + 1
            if nxt < len(doc) and doc[nxt].text in (",", ")"):
                span.add(nxt)
            out.append((1, span))
        elif tok.dep_ == "prep" and low not in _KEEP_PREPS and tok.i > start:
            sub = doc[tok.left_edge.i : tok.right_edge.i + 1]
            if any(t.dep_ == "neg" or t.lower_ in ("not", "no", "never") for t in sub):
                continue
            head = tok.head
            only_complement = head.pos_ in ("VERB", "AUX") and not any(
                c.dep_ in ("dobj", "attr", "acomp", "xcomp", "ccomp", "dative") for c in head.children
            )
            if only_complement and head.i == root.i:
                continue  # "Access cash from …" keeps its object; "Think about X" keeps "about X"
            after = doc[tok.right_edge.i + 1 : tok.right_edge.i + 3]
            if len(after) == 2 and after[0].text == "," and after[1].lower_ in ("not", "no"):
                continue  # "in minutes, not days": the contrast needs both sides
            prio = 2 if tok.right_edge.i == len(doc) - 1 or doc[tok.right_edge.i + 1].is_punct else 4
            out.append((7 if _has_number(sub) else prio, set(range(tok.left_edge.i, tok.right_edge.i + 1))))
        elif tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i != root.i:
            sub = doc[tok.left_edge.i : tok.right_edge.i + 1]
            if not _has_number(sub):
                out.append((3, set(range(tok.left_edge.i, tok.right_edge.i + 1))))
        elif tok.dep_ == "amod" and tok.tag_ == "JJ" and tok.head.pos_ == "NOUN" and not tok.children:
            if tok.head.dep_ not in ("ROOT",) or len(list(tok.head.lefts)) > 1:
                out.append((5, {tok.i}))
        elif (
            tok.dep_ == "advmod" and tok.tag_ == "RB" and tok.head.i == root.i and low not in ("not", "never")
        ):
            if low not in ("how", "why", "when", "where", "now", "today"):
                out.append((5, {tok.i}))
        elif tok.dep_ == "conj" and tok.head.i == root.i and tok.i > root.i:
            cc = [c.i for c in tok.head.children if c.dep_ == "cc" and root.i < c.i < tok.i]
            if cc:
                out.append((6, set(range(cc[0], tok.right_edge.i + 1))))
    out.sort(key=lambda c: (c[0], -max(c[1])))
    return out


def _apply(doc: Doc, start: int, drop: set[int]) -> str:
    text = render(doc[start:], drop=drop)
    for pattern, repl in _PHRASE_CUTS:
        text = pattern.sub(repl, text)
    return re.sub(r"\s+", " ", text).strip(" ,;:—–-")


def shorten_doc(doc: Doc, limit: int | None, start: int = 0, *, min_words: int = 3) -> list[str]:
    """Shorter versions of ``doc[start:]``: to fit ``limit`` characters, or (no limit) one cut at a time.

    With a limit: the fewest optional pieces dropped (lowest priority first) to fit, or ``[]`` when it cannot
    fit. Without: at most one version, 15% shorter, dropping only filler (hedges, hype): a trailing phrase
    ("for every dock door") or an aside often carries the point.
    """
    full = render(doc[start:])
    # a phrase with a number is the proof; never cut it (the number carries the point)
    pieces = [(prio, piece) for prio, piece in cuts(doc, start) if prio < 7]
    out: list[str] = []
    if limit is not None:
        drop: set[int] = set()
        for _prio, piece in pieces:
            if len(_apply(doc, start, drop)) <= limit:
                break
            drop |= piece
        text = _apply(doc, start, drop)
        if drop and len(text) <= limit and len(text.split()) >= min_words:
            out.append(cap(text) if full[:1].isupper() else text)
        return out
    filler = {i for prio, piece in pieces if prio == 0 for i in piece}
    if filler:
        out.append(_apply(doc, start, filler))
    for prio, piece in pieces:
        if prio > 0:
            break  # without a limit only filler goes: a trailing phrase or an aside often carries the point
        text = _apply(doc, start, piece | filler)
        if len(text.split()) >= min_words and len(text) <= 0.85 * len(full) and text not in out:
            out.append(text)
        if len(out) >= 2:
            break
    return [cap(t) if full[:1].isupper() else t for t in out if t and t != full]
