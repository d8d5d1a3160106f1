"""Strategies that set the offer against its cost ("X without Y", "Yes, X — without Y") or add a fact.

The costs come from the headline's own words, the body copy and, with a calls corpus, from what prospects
said; a fact comes only from the lede or body copy, never invented.
"""

from __future__ import annotations

import re

from textops.headlines._frame import Frame
from textops.headlines._lexicons import NUMBER_WORDS
from textops.headlines._strategies._base import (
    Rewrite,
    Skip,
    StrategyContext,
    action_verb,
    doubtful,
    low_unless_name,
    simple_clause,
)
from textops.headlines._text import cap, clean, strip_end

__all__ = ["objection_frame", "specific_benefit", "without"]


def _frictions(f: Frame, ctx: StrategyContext) -> list[tuple[str, str | None]]:
    # only pains the copy or the calls name: a stock "without the wait" invents a promise
    return list(ctx.frictions)


def without(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """X without Y: the offer against the pain it spares (from the headline's own claim, body or calls)."""
    if f.question:
        return Skip("it asks a question; there is no offer to set against a cost")
    if any(t.lower_ in ("without", "no") for t in f.core.tokens):
        return Skip("it already says what it spares the reader")
    if f.story or f.style == "title":
        return Skip("it tells a story, not an offer with a cost to spare")
    found = [
        (friction, quote)
        for friction, quote in _frictions(f, ctx)
        if not _MODAL_WORDS & set(friction.lower().split())  # "child should ever": a clause cut short
    ]
    if not found:
        return Skip(
            "nothing in the headline or copy names a cost or pain to spare (add body copy or a calls corpus)"
        )
    if not (f.vp or f.offer or f.np):
        return Skip("no offer to set against a cost")
    base = cap(f.vp) if f.vp and f.kind in ("imperative", "gerund") else strip_end(f.core_text)
    if f.opener == "how_to":
        base = f"How to {f.vp}"
    elif f.opener in ("why", "how") and f.clause:
        base = f"{cap(f.opener)} {f.clause}"
    out = [
        Rewrite(clean(f.rebuild(f"{strip_end(base)} without {friction}")), source=quote)
        for friction, quote in found[:3]
    ]
    return out


def objection_frame(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Answer the doubt: "Yes, you can X — without Y" / "Yes, X"."""
    if f.question:
        return Skip("it asks a question; answering it would add a claim")
    if f.story or (f.kind in ("np", "fragment") and not f.product):
        return Skip("there is no claim or offer a buyer would doubt")
    if f.style == "title":
        # "Yes, You Can Take 3 Minutes Out of Your Day …" (2026-12-07d review): a teaser, not a doubted offer
        return Skip("a story's teaser, not an offer a buyer would doubt")
    if f.vp and action_verb(f) and doubtful(f):
        claim = f"you can {f.vp}"
    elif f.vp:
        return Skip("nothing a buyer would doubt; \u201cYes, you can …\u201d would only restyle it")
    elif f.clause and f.core.root.tag_ == "VBD":
        return Skip("it reports something that happened; \u201cYes, …\u201d answers no doubt")
    elif f.clause and (f.offer or f.kind == "modal") and simple_clause(f) and doubtful(f):
        claim = f.clause
    else:
        return Skip("there is no claim or offer a buyer would doubt")
    found = _frictions(f, ctx) if not any(t.lower_ == "without" for t in f.core.tokens) else []
    out = [Rewrite(f"Yes, {strip_end(claim)} \u2014 without {fr}", source=q) for fr, q in found[:2]]
    out.append(Rewrite(f"Yes, {strip_end(claim)}"))
    return out


_BODY_SENT = re.compile(r"(?<=[.!?])\s+")


_SPECIFIC = re.compile(r"\d|%|\$|€|£")


def specific_benefit(f: Frame, ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Bring one specific fact from the lede or body copy into the headline (never an invented one)."""
    if not ctx.body.strip():
        return Skip("no body copy or lede to take a specific fact from")
    if f.style == "title":
        return Skip("a story's lede sets a scene rather than giving a fact the headline can carry")
    if f.original.islower():
        return Skip("a lower-case e-mail subject line; a fact tacked on makes it too long to scan")
    body = re.sub(r"<[^>]+>", " ", ctx.body)
    sentences = [s.strip() for s in _BODY_SENT.split(" ".join(body.split())) if s.strip()]
    picked = [s for s in sentences if _SPECIFIC.search(s)][:2]
    if not picked:
        return Skip("the body copy has no number or specific fact to bring in")
    out: list[Rewrite] = []
    core = f.rebuild(f.wrap(f.core_text)) if not f.question else f.core_text
    for sentence in picked:
        phrase = _fact_phrase(sentence)
        if not phrase:
            continue
        phrase = low_unless_name(phrase)
        joined = f"{core} — {phrase}" if core.endswith("?") else f"{strip_end(core)}: {phrase}"
        if len(joined) > _MAX_JOINED:
            continue  # a spec pasted after the headline, not a hook (the 2026-12-07c review)
        out.append(Rewrite(joined, source=sentence))
    return out or Skip("the facts in the body copy are too long to fit a headline")


_MODAL_WORDS = {"should", "would", "could", "can", "will", "ever", "must", "might"}

_MAX_JOINED = 90
"""The longest headline with a fact from the copy (characters); longer ones read as a pasted sentence."""

_DANGLING = {"them", "it", "they", "this", "these", "those", "its", "their", "theirs", "he", "she", "him"}

_NOT_A_START = {
    "and", "but", "or", "so", "where", "when", "which", "while", "how", "what", "who", "then", "it", "they",
    "he", "she", "this", "that", "these", "those", "drawn", "saves", "had", "has", "is", "was",
    "across", "in", "over", "for", "from", "at", "by", "with", "on", "of", "to", "after", "before", "during",
    "within", "among", "since",
}  # fmt: skip


def _fact_phrase(sentence: str) -> str | None:
    """The sentence, or its first clause, when it holds the number and stands alone (3–12 words).

    Never a clause from the middle of a sentence ("where Ironveil already protects …", "saves nurses …"):
    without its subject it is a fragment. Nor one that starts with a pronoun whose referent stays behind.
    """
    text = sentence.rstrip(".!?").strip()
    first = re.split(r"[,;:]\s+|\s+(?:and|but|while|so|which)\s+", text)[0]
    for part in (text, first):
        words = part.split()
        if not (3 <= len(words) <= 12) or not _SPECIFIC.search(part):
            continue
        if not words[0][:1].isalnum() or words[0].lower().strip("'\"") in _NOT_A_START:
            continue
        if any(w.lower().strip(".,;:'\"") in _DANGLING for w in words):
            continue  # "Three errors caused 71% of them": the referent stays behind in the copy
        if words[0].lower() in NUMBER_WORDS:
            words[0] = words[0].lower()  # "… notices: three errors caused …", not a capital after the colon
        return " ".join(words)
    return None
