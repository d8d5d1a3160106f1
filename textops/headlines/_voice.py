"""Voice of the customer: variants that reuse the words prospects use for their problem, tagged with quotes.

The words come from an objection-mining report over a calls corpus (:func:`textops.objections.
mine_objections`): the pain points prospects describe ("we spend hours chasing invoices"), the objections
they raise ("the price is too high for a team our size") and the theme keyphrases. :func:`voice_from_report`
cuts them into short phrases with the parse — a problem as a gerund phrase ("chasing invoices") or a noun
phrase ("manual data entry") — counts how often each comes back, and keeps the verbatim quote it came from.
The pipeline ranks the phrases by embedding similarity to the headline (only related ones are used) and
:func:`voice_rewrites` writes them in: "Still chasing invoices? …", "Tired of manual data entry? …",
"Worried about the price? …", and "X without <their words>" through the ``without``/objection strategies.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from spacy.language import Language
from spacy.tokens import Span, Token

from textops.headlines._frame import Frame
from textops.headlines._lexicons import NEGATIVE_WORDS, PEOPLE_NOUNS, PERSON_NOUNS
from textops.headlines._strategies import Rewrite, Skip, StrategyContext
from textops.headlines._text import cap, low, strip_end

__all__ = ["VoiceOfCustomer", "VoicePhrase", "voice_from_report", "voice_rewrites"]

PhraseKind = Literal["pain", "objection"]

_STOP_LEMMAS = {
    "be",
    "have",
    "do",
    "get",
    "go",
    "say",
    "think",
    "know",
    "want",
    "need",
    "mean",
    "let",
    "make",
}
_WHO = (
    PEOPLE_NOUNS
    | PERSON_NOUNS
    | {"auditor", "clerk", "vendor", "location", "entity", "ledger", "cfo", "ciso"}
)
_PAIN_NOUNS = {
    "delay", "error", "mistake", "backlog", "bottleneck", "chaos", "paperwork", "workaround", "overtime",
    "downtime", "churn", "fraud", "fine", "penalty", "risk", "cost", "fee", "price", "spreadsheet", "rework",
    "complaint", "outage", "bug", "headache", "hassle", "friction", "waste", "typo", "duplicate", "chasing",
    "lock-in", "renewal", "contract", "integration", "rollout", "migration", "training", "residency",
}  # fmt: skip
_PAIN_MODIFIERS = NEGATIVE_WORDS | {
    "duplicate", "manual", "slow", "late", "lost", "missing", "messy", "broken", "weak", "hard", "costly",
    "expensive", "long", "tedious", "endless", "shared", "clunky", "legacy", "outdated", "extra", "hidden",
    "surprise", "unpaid", "overdue", "auto-renewal", "renewal", "homegrown",
}  # fmt: skip
_LOGISTICS = {"timing", "logistics", "brush_off", "brush-off", "not_now", "authority", "send_info"}
_VAGUE = {
    "thing", "stuff", "lot", "way", "time", "bit", "kind", "sort", "something", "anything", "one", "guy",
    "people", "question", "problem", "issue", "point", "moment", "today", "year", "month", "week", "day",
    "couple", "number", "look", "bunch", "team", "call", "email", "date", "stop", "hour", "minute", "headset",
    "sense", "idea", "part", "side", "end", "spot", "guys", "folks", "person", "meeting", "demo",
}  # fmt: skip


@dataclass(frozen=True)
class VoicePhrase:
    """A prospect's phrase for a problem, how often it came back, and one verbatim quote it came from."""

    phrase: str
    kind: PhraseKind
    form: Literal["gerund", "noun"]
    quote: str
    call_id: str | None = None
    count: int = 1
    category: str | None = None


@dataclass
class VoiceOfCustomer:
    """The phrases of a calls corpus (most frequent first) and where they come from."""

    phrases: list[VoicePhrase] = field(default_factory=list)
    source: str = ""


def _gerund_of(verb: Token) -> str:
    if verb.tag_ == "VBG":
        return verb.lower_
    base = verb.lemma_.lower()
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        return base[:-1] + "ing"
    one_syllable = len(re.findall(r"[aeiou]+", base)) == 1
    if one_syllable and re.search(r"[^aeiou][aeiou][^aeiouwxy]$", base):
        return base + base[-1] + "ing"  # flag → flagging, stop → stopping
    return base + "ing"


def _phrases_of(span: Span) -> Iterable[tuple[str, Literal["gerund", "noun"]]]:
    for tok in span:
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in _STOP_LEMMAS:
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if tok.tag_ != "VBG" and (subj is None or subj.lower_ not in ("we", "i")):
                continue  # the prospect's own chore ("we re-key every invoice"), not what others did
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if obj is None or obj.pos_ not in ("NOUN", "PROPN") or obj.lemma_.lower() in _VAGUE:
                continue
            mods = [t for t in obj.subtree if t.i < obj.i and t.dep_ in ("amod", "compound")]
            parts = [_gerund_of(tok), *(m.lower_ for m in mods), obj.lower_]
            if 2 <= len(parts) <= 4:
                yield " ".join(parts), "gerund"
    for chunk in span.noun_chunks:
        head = chunk.root
        if head.pos_ not in ("NOUN",) or head.lemma_.lower() in _VAGUE:
            continue
        words = [t for t in chunk if t.dep_ in ("amod", "compound") or t.i == head.i]
        if any(t.like_num or t.lemma_.lower() in _VAGUE for t in words) or head.lemma_.lower() in _WHO:
            continue
        text = " ".join(t.lower_ for t in words)
        # a pain is something that hurts: a negative modifier ("duplicate invoices", "manual data entry") or
        # a noun that names a cost ("delays", "paperwork"); a neutral noun ("invoice volume") is not one
        hurts = head.lemma_.lower() in _PAIN_NOUNS or any(t.lower_ in _PAIN_MODIFIERS for t in words)
        if hurts and len(words) <= 3 and len(text) >= 4 and words[0].lower_ not in ("enough", "more", "less"):
            yield text, "noun"


def voice_from_report(report: Any, nlp: Language, *, source: str = "", limit: int = 30) -> VoiceOfCustomer:
    """The prospects' phrases of an objection report (a ``ObjectionReport`` or its JSON dict).

    Pain points first, then objections; phrases said in at least two calls rank above one-offs.
    """
    data: Mapping[str, Any] = report if isinstance(report, Mapping) else report.model_dump()
    spans: list[tuple[str, PhraseKind, str | None, str | None]] = []
    for item in (data.get("pain_points") or {}).get("items", []):
        spans.append((str(item["text"]), "pain", item.get("call_id"), None))
    for item in data.get("objections", []):
        if item.get("category") in _LOGISTICS:
            continue
        spans.append((str(item["text"]), "objection", item.get("call_id"), item.get("category")))
    counts: Counter[tuple[str, PhraseKind]] = Counter()
    calls: dict[tuple[str, PhraseKind], set[str]] = {}
    first: dict[tuple[str, PhraseKind], tuple[str, str | None, str | None, Literal["gerund", "noun"]]] = {}
    texts = [s[0] for s in spans]
    for (text, kind, call_id, category), doc in zip(spans, nlp.pipe(texts), strict=True):
        for phrase, form in set(_phrases_of(doc[:])):
            key = (phrase, kind)
            counts[key] += 1
            calls.setdefault(key, set()).add(call_id or "")
            quote = " ".join(text.split())
            if key not in first or len(quote) < len(first[key][0]):
                first[key] = (quote, call_id, category, form)
    ranked = sorted(counts, key=lambda k: (k[1] != "pain", -len(calls[k]), -counts[k], k[0]))
    phrases = [
        VoicePhrase(
            phrase=p,
            kind=kind,
            form=first[(p, kind)][3],
            quote=first[(p, kind)][0],
            call_id=first[(p, kind)][1],
            count=len(calls[(p, kind)]),
            category=first[(p, kind)][2],
        )
        for p, kind in ranked[:limit]
    ]
    return VoiceOfCustomer(phrases=phrases, source=source)


def voice_rewrites(frame: Frame, related: list[VoicePhrase], ctx: StrategyContext) -> list[Rewrite] | Skip:
    """Rewrites in the prospects' words (``related``: the phrases the pipeline found near the headline)."""
    if not related:
        return Skip("no phrase from the calls is close enough to this headline's topic")
    if frame.question:
        return Skip("it already asks the reader a question")
    base = frame.rebuild(frame.wrap(frame.core_text))
    body = cap(strip_end(base))
    out: list[Rewrite] = []
    for vp in related[:3]:
        quote = f"\u201c{vp.quote}\u201d"
        if vp.kind == "pain" and vp.form == "gerund":
            out.append(Rewrite(f"Still {vp.phrase}? {body}", source=quote))
        elif vp.kind == "pain":
            out.append(Rewrite(f"Tired of {vp.phrase}? {body}", source=quote))
            out.append(Rewrite(f"{body} \u2014 no more {_bare(vp.phrase)}", source=quote))
        elif vp.form == "noun" and vp.category in _WORRIES:
            out.append(Rewrite(f"Worried about {_the(vp.phrase)}? {body}", source=quote))
    return out or Skip("the prospects' phrases near this topic do not fit a headline")


_WORRIES = {"price", "security", "implementation", "trust", "contract", "risk"}


def _the(phrase: str) -> str:
    return phrase if phrase.endswith("s") or phrase.startswith(("the ", "a ", "an ")) else f"the {phrase}"


def _bare(phrase: str) -> str:
    return re.sub(r"^(the|a|an) ", "", phrase)


def frictions_of(related: list[VoicePhrase]) -> list[tuple[str, str]]:
    """Pains as "X without <their words>" frictions, each with its quote."""
    out = []
    for vp in related:
        if vp.kind == "pain":
            out.append((vp.phrase if vp.form == "gerund" else _bare(vp.phrase), f"\u201c{vp.quote}\u201d"))
    return out


def describe(vp: VoicePhrase) -> str:
    """One line for the explanation: the phrase, how many calls, the quote."""
    calls = f"{vp.count} call{'s' if vp.count != 1 else ''}"
    return f"\u201c{vp.phrase}\u201d ({vp.kind}, {calls}): {low(vp.quote)[:140]}"
