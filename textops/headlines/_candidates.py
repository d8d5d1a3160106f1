"""Generation: the built-in strategies' candidates, parsed once, fitted to the length limit, shortened."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from textops.headlines._brief import apply_tone
from textops.headlines._frame import Frame, build_frame
from textops.headlines._guards import set_coarse_pos
from textops.headlines._models import StrategyNote
from textops.headlines._parse import detect_style, sentence_case_naive
from textops.headlines._shorten import shorten_doc
from textops.headlines._strategies import LABELS, STRATEGIES, Rewrite, Skip, StrategyContext, run_strategy
from textops.headlines._text import title_case

__all__ = [
    "Candidate",
    "analysed",
    "builtin_candidates",
    "fit_length",
    "from_rewrite",
    "parse_all",
    "shorter_versions",
]


@dataclass
class Candidate:
    """A variant on its way through the filters: text, where it came from, flags, the quotes it reuses."""

    text: str
    strategy: str
    backend: str
    alt: int = 0
    flags: list[str] = field(default_factory=list)
    verb_pair: tuple[str, str] | None = None
    sources: list[str] = field(default_factory=list)


@lru_cache(maxsize=4096)
def analysed(text: str) -> str:
    """The text as it is parsed: a Title Case headline in sentence case (spaCy reads it better)."""
    return sentence_case_naive(text) if detect_style(text) == "title" else text


def parse_all(texts: list[str], nlp: Language, known: dict[str, Doc], *, fast: bool = False) -> list[Doc]:
    """Parse each distinct (sentence-cased) text once.

    ``fast``: without the attribute ruler and the lemmatizer (a third of the parse time), the coarse POS
    set from the fine tag (:func:`set_coarse_pos`); no lemmas, so not for texts whose verbs are compared.
    """
    keys = [analysed(t) for t in texts]
    todo = [t for t in dict.fromkeys(keys) if t not in known]
    if fast:
        skip = [name for name in ("attribute_ruler", "lemmatizer") if name in nlp.pipe_names]
        parsed = list(nlp.pipe(todo, disable=skip))
        for doc in parsed:
            set_coarse_pos(doc)
    else:
        parsed = list(nlp.pipe(todo))
    known.update(zip(todo, parsed, strict=True))
    return [known[t] for t in keys]


_FROM_STATEMENT = ("curiosity_gap", "benefit_first", "number_first", "audience_callout", "specific_benefit")


def builtin_candidates(
    frame: Frame, nlp: Language, ctx: StrategyContext, style_title: bool, avoid: frozenset[str]
) -> tuple[list[Candidate], list[StrategyNote]]:
    """Every built-in strategy's rewrites as candidates, and a note for each strategy that did not apply.

    ``avoid``: strategies that do not suit the channel. A question's hedged statement ("Your CRM may be …")
    is given to the strategies that need a statement.
    """
    out: list[Candidate] = []
    skipped: list[StrategyNote] = []
    for name in STRATEGIES:
        if name in avoid:
            skipped.append(
                StrategyNote(strategy=name, label=LABELS[name], reason="it does not suit the channel")
            )
            continue
        result = run_strategy(name, frame, ctx)
        if isinstance(result, Skip):
            skipped.append(StrategyNote(strategy=name, label=LABELS[name], reason=result.reason))
            continue
        for alt, rw in enumerate(result):
            out.append(from_rewrite(rw, name, alt, ctx.tone, style_title))
    for cand in out:
        cand.text = restore_case(cand.text, frame.original)
    statement = next((c for c in out if c.strategy == "plain_statement"), None)
    if frame.question and statement is not None:
        # a question's hedged statement ("Your CRM may be slowing …") takes the statement strategies
        stated = build_frame(analysed(statement.text), nlp, ctx.audience)
        for note in list(skipped):
            if note.strategy not in _FROM_STATEMENT:
                continue
            result = run_strategy(note.strategy, stated, ctx)
            if isinstance(result, Skip):
                continue
            skipped.remove(note)
            for alt, rw in enumerate(result):
                out.append(from_rewrite(rw, note.strategy, alt, ctx.tone, style_title))
    return out, skipped


_WORD = re.compile(r"[A-Za-z][\w'’]*")


def restore_case(text: str, original: str) -> str:
    """Give back the original's spelling to words with inner capitals ("mcdonalds" → "McDonalds", "LEGO")."""
    marked = {w.lower(): w for w in _WORD.findall(original) if any(ch.isupper() for ch in w[1:])}
    if not marked:
        return text
    return _WORD.sub(lambda m: marked.get(m.group(0).lower(), m.group(0)), text)


def from_rewrite(rw: Rewrite, name: str, alt: int, tone: str, style_title: bool) -> Candidate:
    """A strategy's rewrite as a candidate: the tone applied, the original's casing kept."""
    text = apply_tone(" ".join(rw.text.split()), tone)
    text = text[:1].upper() + text[1:]
    if style_title:
        text = title_case(text)
    return Candidate(
        text, name, "builtin", alt=alt, verb_pair=rw.verb_pair, sources=[rw.source] if rw.source else []
    )


def fit_length(cands: list[Candidate], limit: int | None, nlp: Language, docs: dict[str, Doc]) -> None:
    """Shorten (parse-driven) every candidate longer than ``limit``; flag those it changed."""
    if limit is None:
        return
    long = [c for c in cands if len(c.text) > limit]
    if not long:
        return
    for cand, doc in zip(long, parse_all([c.text for c in long], nlp, docs), strict=True):
        outs = shorten_doc(doc, limit)
        if outs:
            text = outs[0]
            if cand.text[:1].isupper():
                text = text[:1].upper() + text[1:]
            if detect_style(cand.text) == "title":
                text = title_case(text)
            if cand.text.endswith("?") and not text.endswith("?"):
                text = text.rstrip(".!") + "?"
            cand.text = text
            cand.flags.append("shortened to fit the length limit")


def shorter_versions(
    cands: list[Candidate], docs: dict[str, Doc], style_title: bool, wanted: int
) -> list[Candidate]:
    """One parse-driven cut of the longest built-in survivors of 45+ characters (under their own strategy)."""
    out: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: -len(c.text)):
        if len(out) >= wanted:
            break
        if cand.backend != "builtin" or cand.strategy == "shorten" or len(cand.text) < 45:
            continue
        doc = docs.get(analysed(cand.text))
        if doc is None:
            continue
        cuts = shorten_doc(doc, None)
        if not cuts:
            continue
        text = cuts[-1] if len(cuts) > 1 and len(cuts[0]) > 0.9 * len(cand.text) else cuts[0]
        text = text[:1].upper() + text[1:]
        if cand.text.endswith("?") and not text.endswith("?"):
            text = text.rstrip(".!") + "?"
        if style_title:
            text = title_case(text)
        out.append(
            Candidate(
                text,
                cand.strategy,
                "builtin",
                alt=cand.alt + 10,
                flags=[*cand.flags, "shorter version"],
                sources=list(cand.sources),
            )
        )
    return out
