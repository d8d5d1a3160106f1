"""The brief around a headline: channel limits, tone wording, banned terms rewritten out, copy frictions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language

from textops.headlines._hype import hype_sentence, split_sentences
from textops.headlines._lexicons import CONTRACTIONS, HYPE_WORDS, URGENCY_WORDS
from textops.headlines._parse import sentence_case_naive
from textops.headlines._text import cap, clean, is_verb_word, render, strip_end

__all__ = [
    "CHANNELS",
    "Channel",
    "TermOutcome",
    "apply_tone",
    "body_frictions",
    "rewrite_banned",
]


@dataclass(frozen=True)
class Channel:
    """Where the headline runs: the length it must fit and strategies that do not suit it."""

    name: str
    max_chars: int | None
    label: str
    avoid: frozenset[str] = frozenset()


CHANNELS: dict[str, Channel] = {
    "any": Channel("any", None, "any channel"),
    "email": Channel("email", 60, "an email subject line (60 characters on desktop; 40 show on phones)"),
    "search": Channel(
        "search",
        60,
        "a search result title (about 60 characters before it is cut)",
        frozenset({"curiosity_gap", "social_proof", "objection_frame"}),
    ),
    "social": Channel("social", 70, "a social link headline (about 70 characters)"),
}
"""Channel profiles: ``max_chars`` is the length the channel shows before cutting the headline."""


_CONTRACTION_RE = re.compile(r"(?i)\b(" + "|".join(re.escape(k) for k in CONTRACTIONS) + r")\b")
_EXPANDED = {v: k for k, v in CONTRACTIONS.items() if v.lower() != "let us"}
_EXPANSION_RE = re.compile(r"(?i)\b(" + "|".join(re.escape(k) for k in _EXPANDED) + r")\b")
_HYPE_RE = re.compile(
    r"(?i)\b(" + "|".join(sorted(map(re.escape, HYPE_WORDS), key=len, reverse=True)) + r")\s+"
)


def _match_case(found: str, repl: str) -> str:
    return cap(repl) if found[:1].isupper() else repl


def apply_tone(text: str, tone: str) -> str:
    """Reword ``text`` for ``tone``.

    Plain drops hype and '!', formal expands contractions and softens the ask, playful contracts and
    loosens the opener, urgent adds a time cue to actions; ``any`` leaves it as it is.
    """
    if tone == "formal":
        text = _CONTRACTION_RE.sub(lambda m: _match_case(m.group(0), CONTRACTIONS[m.group(0).lower()]), text)
        text = re.sub(r"^Want to (.+)\?$", r"Would you like to \1?", text)
        text = re.sub(r"^Want (.+)\?$", r"Looking for \1?", text)
        text = re.sub(r"^Ready to (.+)\?$", r"Are you ready to \1?", text)
        return text.replace("!", "").strip()
    if tone == "plain":
        text = _HYPE_RE.sub("", text)
        text = re.sub(r"^Yes, ", "", text)
        return cap(clean(text.replace("!", "")))
    if tone == "playful":
        text = _EXPANSION_RE.sub(lambda m: _match_case(m.group(0), _EXPANDED[m.group(0).lower()]), text)
        text = re.sub(r"^How to ", "Here's how to ", text)
        text = re.sub(r"^Yes, you can ", "Yes, you really can ", text)
        text = re.sub(r"^Could you (.+)\?$", r"What if you could \1?", text)
        if re.match(r"^Why [^?]+$", text):
            text = f"Ever wondered why {text[4:]}?"
        return text
    if tone == "urgent":
        low = text.lower()
        if any(re.search(rf"\b{re.escape(w)}\b", low) for w in URGENCY_WORDS):
            return text
        if re.match(r"^(How to|Want to|Ready to) ", text):
            return text[:-1] + " today?" if text.endswith("?") else f"{text} today"
        return text
    return text


@dataclass(frozen=True)
class TermOutcome:
    """What happened to a banned term found in the original headline."""

    term: str
    removed: bool
    how: str


_SAFE_SWAPS = {
    "amazing": "", "incredible": "", "awesome": "", "shocking": "", "unbelievable": "", "epic": "",
    "cheap": "low-cost", "hack": "tip", "hacks": "tips", "tricks": "tips", "trick": "tip",
    "ultimate": "complete", "secret": "little-known", "secrets": "little-known facts", "easy": "simple",
    "simple": "straightforward", "fast": "quick", "quick": "fast", "best": "top", "crazy": "",
    "insane": "", "guru": "expert", "killer": "standout", "boost": "improve", "unlock": "get",
}  # fmt: skip


def rewrite_banned(text: str, banned: list[str], nlp: Language) -> tuple[str, list[TermOutcome]]:
    """Rewrite banned terms out of the original before any strategy runs.

    A term only in a curiosity-gap sentence goes with that sentence; a modifier (adjective, adverb) or an
    optional phrase is dropped; a few hype or jargon words have a plain swap. A term that is the headline's
    subject, verb, object or a name cannot go without changing what the headline says: it stays, the
    outcome says why, and variants that still contain it are filtered out.
    """
    outcomes: list[TermOutcome] = []
    terms = [t.strip() for t in banned if t.strip()]
    present = [t for t in terms if re.search(rf"(?i)(?<!\w){re.escape(t)}(?!\w)", text)]
    if not present:
        return text, outcomes
    sentences = split_sentences(text)
    for term in present:
        pattern = re.compile(rf"(?i)(?<!\w){re.escape(term)}(?!\w)")
        holders = [s for s in sentences if pattern.search(s)]
        if holders and all(hype_sentence(s) for s in holders) and len(sentences) > len(holders):
            sentences = [s for s in sentences if s not in holders]
            outcomes.append(
                TermOutcome(term, True, "it was in a curiosity-gap sentence, which the variants leave out")
            )
            continue
        joined = " ".join(sentences)
        analysed = sentence_case_naive(joined) if joined == text and _is_title(text) else joined
        doc = nlp(analysed)
        words = term.lower().split()
        hits = [t for t in doc if t.lower_ == words[0]]
        done = False
        for tok in hits:
            span = doc[tok.i : tok.i + len(words)]
            if [t.lower_ for t in span] != words:
                continue
            head = span.root
            if head.dep_ in ("amod", "advmod", "npadvmod", "acomp") or head.lower_ in _SAFE_SWAPS:
                swap = _SAFE_SWAPS.get(term.lower())
                replace = {span.start: swap} if swap else {}
                drop = set(range(span.start, span.end)) - set(replace)
                if head.dep_ == "acomp":  # "… is amazing": the clause says nothing without it
                    break
                new = render(doc, replace=replace, drop=drop)
                how = f"replaced with \u201c{swap}\u201d" if swap else "dropped (it only qualified a word)"
                sentences = split_sentences(new)
                outcomes.append(TermOutcome(term, True, how))
                done = True
                break
            if head.dep_ == "prep" or (
                head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.pos_ == "NOUN"
            ):
                prep = head if head.dep_ == "prep" else head.head
                drop = set(range(prep.left_edge.i, prep.right_edge.i + 1))
                new = render(doc, drop=drop)
                if len(new.split()) >= 3:
                    sentences = split_sentences(new)
                    outcomes.append(TermOutcome(term, True, "dropped the phrase it was in"))
                    done = True
                    break
        if not done:
            role = _role_of(doc, words)
            outcomes.append(
                TermOutcome(
                    term,
                    False,
                    f"it is {role}; removing it would change what the headline says — "
                    "variants that still contain it are filtered out",
                )
            )
    return strip_end(" ".join(sentences)) + ("?" if text.rstrip().endswith("?") else ""), outcomes


def _is_title(text: str) -> bool:
    from textops.headlines._parse import detect_style

    return detect_style(text) == "title"


def _role_of(doc: object, words: list[str]) -> str:
    from spacy.tokens import Doc

    assert isinstance(doc, Doc)
    tok = next((t for t in doc if t.lower_ == words[0]), None)
    if tok is None:
        return "part of the wording"
    if tok.pos_ == "PROPN":
        return "a name (the product, brand or person)"
    if tok.dep_ == "ROOT" and tok.pos_ in ("VERB", "AUX"):
        return "the main verb"
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return "the subject"
    if tok.dep_ in ("dobj", "pobj", "attr"):
        return "what the headline is about (its object)"
    if tok.dep_ == "ROOT":
        return "the headline's main word"
    if tok.dep_ == "acomp":
        return "the whole point of its sentence"
    return "part of the headline's core"


_FRICTION_RE = re.compile(
    r"(?i)\b(?:without|no more|no|never|zero|skip(?:ping)? the|free of|instead of)\s+"
    r"((?:the\s+|any\s+|a\s+)?[a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){0,2})"
)
_STOP_END = {
    "a",
    "an",
    "the",
    "to",
    "of",
    "for",
    "and",
    "or",
    "in",
    "on",
    "with",
    "your",
    "our",
    "their",
    "is",
    "are",
}


def body_frictions(body: str) -> list[tuple[str, str]]:
    """Pains the copy says the offer removes ("without manual entry", "no paperwork"), with the sentence."""
    out: list[tuple[str, str]] = []
    text = re.sub(r"<[^>]+>", " ", body)
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
        for m in _FRICTION_RE.finditer(sentence):
            words = m.group(1).split()
            while words and words[-1].lower() in _STOP_END:
                words.pop()
            if not words or len(words) > 4:
                continue
            phrase = " ".join(words).lower()
            if (
                is_verb_word(words[0])
                and not words[0].lower().endswith("ing")
                and words[0].lower()
                not in (
                    "manual",
                    "paper",
                )
            ):
                continue  # "without fall behind": a bare verb does not read after "without"
            if not phrase.startswith(("the ", "any ", "a ")) and len(words) == 1 and words[0].endswith("s"):
                phrase = words[0].lower()
            if all(phrase != p for p, _ in out):
                out.append((phrase, sentence.strip()))
    return out[:3]
