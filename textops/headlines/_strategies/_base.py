"""What every built-in strategy shares: its context, its result types, and parse helpers used by several.

Every strategy is a function ``(Frame, StrategyContext) -> list[Rewrite] | Skip``: its rewrites in order of
preference (the first is the strategy's pick; the others are fall-backs used when filters remove it or
more variants are asked for), or a :class:`Skip` that says, in a marketer's words, why it does not apply
to this headline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lemminflect import getAllLemmas
from spacy.tokens import Token

from textops.headlines._frame import Frame
from textops.headlines._lexicons import COGNITION_VERBS, CTA_VERBS, DEMONSTRATIVES, TO_SECOND
from textops.headlines._parse import HeadlineParse
from textops.headlines._text import clean, inflect, is_verb_word, lemma, low, render, strip_end

__all__ = [
    "MEDIA_NOUNS",
    "SIGN_UP_VERBS",
    "Rewrite",
    "Skip",
    "StrategyContext",
    "StrategyFn",
    "action_verb",
    "be_claim",
    "benefit_np",
    "doubtful",
    "inflect",
    "is_verb_word",
    "lemma",
    "low_unless_name",
    "names_format",
    "object_to_end",
    "past_event",
    "points_at",
    "points_at_piece",
    "rewrites",
    "second_person_map",
    "simple_clause",
    "to_clause",
    "topic_label",
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


_STATIVE = {
    "be",
    "have",
    "exist",
    "seem",
    "look",
    "sound",
    "use",
    "become",
    "get",
    "remain",
    "deserve",
    "need",
}
_WHY_STATES = {"need", "deserve", "use", "have"}
"""States a "why" explains well ("Why tower crews need maps that work offline") but a "how" would not."""


def _stative(f: Frame) -> set[str]:
    return _STATIVE - _WHY_STATES if f.opener == "why" else _STATIVE


_HARD = re.compile(
    r"(?i)\b(without|by hand|manual\w*|in (?:minutes|seconds|an afternoon|a day|one day|\d+ \w+))\b|\d"
)
_PAIN_VERBS = {"stop", "cut", "reduce", "avoid", "pass", "fix", "end", "skip", "replace", "automate", "close"}


def doubtful(f: Frame) -> bool:
    """A concrete promise a buyer might doubt: a pain stopped, a time or a number, "without" something."""
    return bool(_HARD.search(f.core_text)) or lemma(f.core.root) in _PAIN_VERBS


_PERCEPTION = {"see", "watch", "look", "listen", "read"}
_LINKS = {"why", "how", "because", "what", "but", "though", "although", "reason"}


def simple_clause(f: Frame, *, allow_be: bool = False, shared_subject: bool = False) -> bool:
    """One plain clause a "Why …"/"How …"/question frame can wrap without breaking or changing its point.

    No second sentence that carries the point, no clause joined by "but"/"and" with its own subject, no
    embedded why/how/because, no dash tag, a real action verb (not "be"/"have"/"exist"/thinking; ``allow_be``:
    "is" too; after "why", "need"/"have"/"use"/"deserve" too) with a subject that is not "I", and a subject
    that starts the clause. ``shared_subject``: a second verb phrase of the same subject is fine ("Scientists
    mapped … and found …").
    """
    p = f.core
    if f.extra or f.kind not in ("statement", "modal"):
        return False
    root, subj = p.root, p.subject()
    if subj is None or subj[0].i != p.offset or subj[0].lower_ in ("i", "there", "it"):
        return False
    if allow_be and root.lemma_ == "be" and root.i > subj[-1].i:
        pass  # "flaky tests are a leadership problem": a claim, fine after "why"
    elif root.pos_ != "VERB" or lemma(root) in _stative(f) | (COGNITION_VERBS - {"want"}) | _PERCEPTION:
        return False
    if any(t.lower_ in _LINKS for t in p.doc[subj.end :]):
        return False
    joined = ("parataxis", "ccomp") if shared_subject else ("conj", "parataxis", "ccomp")
    if any(c.dep_ in joined for c in root.children):
        return False
    if any(
        c.dep_ == "conj" and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
        for c in root.children
    ):
        return False
    if any(t.text in (";", "(", "*", "[", "...", "…", "—", "–") for t in p.tokens):
        return False
    return not any(t.lower_ == "to" and t.head.i == root.i and t.dep_ == "aux" for t in p.tokens)


SIGN_UP_VERBS: frozenset[str] = frozenset(
    {
        "book",
        "schedule",
        "register",
        "sign",
        "download",
        "claim",
        "grab",
        "reserve",
        "request",
        "save",
        "rsvp",
    }
)
"""Verbs of signing up for something: the ask itself, not a goal the reader has."""


_NOT_ACTIONS = CTA_VERBS | {"introduce", "announce", "present", "let", "try", "say", "tell"} | SIGN_UP_VERBS


def action_verb(f: Frame) -> bool:
    """An imperative whose verb is a real action for the reader ("Stop auditing …", not "Watch …")."""
    if f.vp is None or f.kind != "imperative":
        return False
    root = f.core.root
    if root.lower_.endswith("ing") or root.tag_ == "VBG":
        return False  # "Forecasting demand when …": a topic, not a command ("It's time to forecasting")
    base = lemma(root)
    if root.lower_ != base:
        return False  # "Freed slaves took …": a past form read as a command
    if any(t.tag_ in ("VBZ", "VBD") and t.dep_ != "relcl" and not _has_subject(t) for t in f.core.tokens):
        return False  # "Bill Nye only needs his voice …" read as "to bill": a finite verb with no subject
    if base == "get" and any(t.lower_ in ("free", "complimentary") for t in f.core.tokens):
        return False  # "Get a free IT asset health check": an offer to claim, not a goal ("How to get …")
    if _VISIT.search(f.core_text):
        # "Find X at Haulcon 2027, booth 312": where to find a stand, not a goal (the 2026-12-07d review:
        # every frame on it was rejected)
        return False
    after = root.doc[root.i + 1] if root.i + 1 < len(root.doc) else None
    if base in _TEASERS or (base == "get" and after is not None and after.lower_ == "ready"):
        return False  # "Imagine if …", "Bet you …", "Get ready to be horrified …": a teaser, not a goal
    if after is not None and after.tag_ == "VBG" and after.head.i == root.i and base not in _CATENATIVE:
        return False  # "Crew scheduling for …": a noun compound, not "crew" as a verb
    obj = next((c for c in root.children if c.dep_ == "dobj"), None)
    if (
        obj is not None
        and obj.i == root.i + 1
        and obj.tag_ == "NNS"
        and any(c.dep_ == "relcl" and not any(g.dep_ == "dobj" for g in c.children) for c in obj.children)
    ):
        return False  # "Purchase approvals that finish before lunch": as likely a noun phrase as a command
    if any(
        c.dep_ == "conj" and c.tag_ in ("VB", "VBP") and not _has_subject(c) and c.doc[c.i - 1].text == ","
        for c in root.children
    ) and not any(c.dep_ == "cc" for c in root.children):
        return False  # "Translate once, publish in 30 languages": two commands; a frame would take one
    if any(
        c.dep_ == "conj"
        and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        and (any(s.dep_ == "cc" for s in root.children) or root.doc[c.left_edge.i - 1].text == ",")
        for c in root.children
    ):
        return False  # "Ask people …, and their answers look …": a second clause a frame would break
        # (not "Stop paying for minutes nobody uses": a relative clause misread as a conjunct)
    return is_verb_word(root.text) and base not in _NOT_ACTIONS


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children)


_VISIT = re.compile(r"(?i)\b(booth|stand|hall|table)\s+#?\d|\b(visit|find|meet) us\b")

_TEASERS = {"imagine", "bet", "guess", "behold", "hear", "understand", "witness", "enjoy", "feel"}
_CATENATIVE = {
    "stop",
    "start",
    "keep",
    "avoid",
    "quit",
    "try",
    "begin",
    "finish",
    "skip",
    "consider",
    "resume",
}


def names_format(f: Frame) -> bool:
    """The noun phrase names a format ("a field guide", "the checklist"), so "X is a guide" would not read."""
    return f.np is not None and f.core.root.lemma_.lower() in _FORMAT_WORDS | _FORMAT_NOUNS


_FORMAT_NOUNS = {"checklist", "playbook", "primer", "handbook", "template", "toolkit", "explainer", "faq"}


def benefit_np(f: Frame) -> bool:
    """A noun phrase that names something a reader gets ("real-time stock counts", "faster builds")."""
    if (
        f.np is None
        or f.style == "title"
        or f.extra
        or f.joined  # "Less paperwork. More inspections.": "Get less paperwork and more …" (the review)
        or f.list_noun is not None
        or (f.label and not f.product)
    ):
        return False
    root, first = f.core.root, f.core.tokens[0]
    if first.lower_ in ("the", "a", "an", "what", "this", "these", "that", "those") or first.tag_ == "DT":
        return False
    if any(c.dep_ == "prep" and c.lower_ == "without" for c in root.children):
        return True  # "Payroll without the panic": the cost it spares makes it a benefit
    return root.tag_ in ("NNS", "NNPS") or any(c.tag_ == "JJR" for c in root.children)


def low_unless_name(phrase: str) -> str:
    """Lower-case the first word unless it is a name ("Dockwise syncs …" stays, "Most teams …" goes)."""
    first = phrase.split(" ", 1)[0].strip("\"'“")
    return low(phrase) if first.isalpha() and getAllLemmas(first.lower()) else phrase


_FORMAT_WORDS = {
    "re", "fwd", "fw", "webinar", "demo", "roundtable", "reminder", "podcast", "event", "new", "update",
    "guide", "report", "ebook", "workshop", "panel", "live", "notes", "available", "announcing",
    "introducing", "video", "watch", "office", "session", "sessions", "masterclass", "class", "course",
    "training", "summit", "meetup", "ama", "bootcamp", "conference", "trial", "offer", "sale", "free",
}  # fmt: skip


def topic_label(f: Frame) -> str | None:
    """The label when it names a topic ("Data quality: …"), not a format ("Webinar: …"), product, audience."""
    if not f.label or f.product or f.label_is_audience or f.style == "title":
        return None
    words = {w.strip("[]():,").lower() for w in f.label.split()}
    return None if words & _FORMAT_WORDS or len(words) > 5 else f.label


def points_at(f: Frame) -> bool:
    """A noun phrase that points at something ("that one trick …") rather than naming it."""
    return f.np is not None and low(f.np).startswith(DEMONSTRATIVES)


MEDIA_NOUNS: frozenset[str] = frozenset(
    {
        "video", "photo", "photos", "picture", "map", "ad", "clip", "chart", "image", "song", "poem", "film",
        "speech", "comic", "cartoon", "graphic", "infographic", "post", "story", "letter", "rant", "talk",
        "animation", "documentary", "trailer", "commercial", "tweet", "interview", "footage", "word", "words",
    }
)  # fmt: skip
"""A subject that is the piece itself ("This video goes …"): a teaser, not a story or a claim to explain."""


def past_event(f: Frame) -> bool:
    """The core reports a past event: a past-tense verb ("built") or a past passive ("was surprised")."""
    root = f.core.root
    if root.lemma_ in COGNITION_VERBS:
        return False
    if root.tag_ == "VBD":
        return True
    return root.tag_ == "VBN" and any(c.lower_ in ("was", "were") for c in root.children)


def points_at_piece(f: Frame) -> bool:
    """The clause points at what the piece shows instead of saying it ("A grape does *this* when …")."""
    return any(
        t.lower_ in ("this", "these", "that") and t.dep_ in ("dobj", "pobj", "attr") for t in f.core.tokens
    )


def be_claim(f: Frame) -> bool:
    """A claim about a state ("X is …", "X has been lying …", "X isn't that simple"), not an event told."""
    root = f.core.root
    return root.lemma_ == "be" or any(c.lower_ == "been" for c in root.children)
