"""What every built-in strategy shares: its context, its result types, and parse helpers used by several.

Every strategy is a function ``(Frame, StrategyContext) -> list[Rewrite] | Skip``: its rewrites in order of
preference (the first is the strategy's pick; the others are fall-backs used when filters remove it or
more variants are asked for), or a :class:`Skip` that says, in a marketer's words, why it does not apply
to this headline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from textops.headlines._frame import Frame
from textops.headlines._lexicons import TO_SECOND
from textops.headlines._parse import HeadlineParse
from textops.headlines._text import clean, render, strip_end

__all__ = [
    "Rewrite",
    "Skip",
    "StrategyContext",
    "StrategyFn",
    "object_to_end",
    "rewrites",
    "second_person_map",
    "to_clause",
]


@dataclass(frozen=True)
class StrategyContext:
    """What a strategy may use besides the headline: the brief and the copy around the headline.

    ``frictions``: pains or costs the offer spares the buyer, for "X without Y" and "Yes, X — without Y"
    (from the body copy and, with a calls corpus, from what prospects said), each with the quote it came
    from. ``limit``: the character limit to shorten to (the brief's ``max_chars`` or the channel's).
    """

    body: str = ""
    audience: str | None = None
    tone: str = "any"
    channel: str = "any"
    limit: int | None = None
    frictions: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class Rewrite:
    """One rewrite: its text, the verb swap it made (for the sense check) and the quote it reuses."""

    text: str
    verb_pair: tuple[str, str] | None = None
    source: str | None = None


@dataclass(frozen=True)
class Skip:
    """A strategy that does not apply, and why (shown to the marketer)."""

    reason: str


StrategyFn = Callable[[Frame, StrategyContext], "list[Rewrite] | Skip"]


def rewrites(*texts: str | None) -> list[Rewrite]:
    """The texts as rewrites, tidied (:func:`~textops.headlines._text.clean`), empties and repeats dropped."""
    seen: list[str] = []
    for t in texts:
        if t:
            t = clean(t)
            if t and t not in seen:
                seen.append(t)
    return [Rewrite(t) for t in seen]


def to_clause(noun: Token) -> str | None:
    """The "to …" clause that modifies ``noun`` ("ways *to save money*"), or ``None``."""
    for c in noun.children:
        if c.dep_ in ("relcl", "acl", "xcomp") and any(a.lower_ == "to" and a.i < c.i for a in c.lefts):
            return strip_end(render(noun.doc[c.i : c.right_edge.i + 1]))
    return None


def object_to_end(p: HeadlineParse) -> Token | None:
    """The root's direct object when everything after the verb is that object (or a from/in/of phrase)."""
    root = p.root
    obj = next((c for c in root.children if c.dep_ == "dobj"), None)
    if obj is None or obj.i <= root.i or obj.left_edge.i != root.i + 1:
        return None
    for c in root.children:
        if (
            c.i > obj.right_edge.i
            and not (c.dep_ == "prep" and c.lower_ in ("from", "in", "of"))
            and not c.is_punct
        ):
            return None
    return obj


def second_person_map(p: HeadlineParse) -> dict[int, str]:
    """Token replacements that turn third-person possessives and pronouns into "your"/"you"."""
    return {t.i: TO_SECOND[t.lower_] for t in p.tokens if t.lower_ in TO_SECOND}
