"""The parse of a headline that the rewrite strategies work from.

Headlines are often Title Case, which derails a statistical tagger ("Access Cash From ..." comes out as a
noun phrase), so a Title Case headline is analysed in a naive sentence case and the output restyled. A
headline that starts with a bare verb is confirmed as an imperative by parsing it behind the probe
"You can ..." (the tagger then reads the first word as a verb when it is one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from textops.headlines._text import is_verb_word

__all__ = ["HeadlineParse", "Kind", "Style", "detect_style", "parse_headline", "sentence_case_naive"]

Kind = Literal["imperative", "modal", "statement", "question", "fragment"]
Style = Literal["title", "sentence", "other"]

_PROBE = "You can "
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_NOT_IMPERATIVE_POS = {"DET", "PRON", "ADP", "NUM", "PROPN", "CCONJ", "SCONJ", "PUNCT", "AUX", "PART"}


def detect_style(text: str) -> Style:
    """``title`` when most longer words start upper-case, ``sentence`` when only the first does."""
    words = [w for w in _WORD_RE.findall(text) if len(w) > 3]
    if len(words) < 2:
        return "other"
    caps = sum(w[0].isupper() for w in words[1:])
    if caps >= 0.7 * (len(words) - 1):
        return "title"
    return "sentence" if text[:1].isupper() else "other"


def sentence_case_naive(text: str) -> str:
    """Lower-case every word but the first, ``I`` and all-caps acronyms."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if match.start() == 0 or word == "I" or (len(word) > 1 and word.isupper()):
            return word
        return word.lower()

    return _WORD_RE.sub(fix, text)


@dataclass(frozen=True)
class HeadlineParse:
    """A parsed headline: the doc, where the headline's own tokens start in it, and its grammatical kind."""

    text: str
    style: Style
    doc: Doc
    offset: int
    kind: Kind

    @property
    def tokens(self) -> Span:
        """The headline's tokens (without the probe prefix)."""
        return self.doc[self.offset :]

    @property
    def root(self) -> Token:
        """The syntactic root of the headline."""
        return next((t for t in self.tokens if t.dep_ == "ROOT"), self.tokens[0])

    @property
    def analysed_text(self) -> str:
        """The text the strategies rewrite (sentence-cased when the headline is Title Case)."""
        return self.tokens.text

    def subject(self) -> Span | None:
        """The nominal subject of the root, if any."""
        for child in self.root.children:
            if child.dep_ in ("nsubj", "nsubjpass", "expl") and child.i >= self.offset:
                return self.doc[child.left_edge.i : child.right_edge.i + 1]
        return None

    def has(self, *lowers: str) -> bool:
        """Whether any of the given lower-case words occurs."""
        return any(t.lower_ in lowers for t in self.tokens)


_NOT_VERBS = frozenset(
    {"last", "new", "first", "next", "free", "best", "top", "big", "great", "more", "less", "latest", "smart",
     "simple", "easy", "quick", "fast", "faster", "better", "every", "all", "shared", "today", "now", "one"}
)  # fmt: skip


def parse_headline(text: str, nlp: Language, style: Style | None = None) -> HeadlineParse:
    """Parse ``text`` (needs a pipeline with tagger and parser, e.g. profile ``parse``).

    ``style``: the casing to assume (a part of a longer headline is too short to tell on its own).
    """
    text = " ".join(text.split())
    style = style or detect_style(text)
    analysed = sentence_case_naive(text) if style == "title" else text
    doc = nlp(analysed)
    if text.rstrip().endswith("?"):
        return HeadlineParse(text, style, doc, 0, "question")
    first = doc[0] if len(doc) else None
    verbish = (
        first is not None
        and first.lower_ not in _NOT_VERBS
        and first.tag_ not in ("JJR", "JJS", "RBR", "VBN", "VBD")
    )
    if (
        first is not None
        and verbish
        and first.is_alpha
        and first.pos_ not in _NOT_IMPERATIVE_POS - {"PROPN"}
        and is_verb_word(first.text)  # "Pallora HR …", "Payroll without …": a name or noun, not a verb
    ):
        if first.tag_ == "VB" and first.dep_ == "ROOT" and not _has_subject(first):
            return HeadlineParse(text, style, doc, 0, "imperative")
        if first.pos_ != "VERB" or first.dep_ != "ROOT":
            probe = nlp(_PROBE + analysed[:1].lower() + analysed[1:])
            verb = probe[2] if len(probe) > 2 else None
            if (
                verb is not None
                and verb.tag_ == "VB"
                and verb.dep_ == "ROOT"
                and verb.lower_ == verb.lemma_.lower()
                and not _clause_follows(verb)  # "Finance teams are moving …": a subject, not a verb
            ):
                return HeadlineParse(text, style, probe, 2, "imperative")
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return HeadlineParse(text, style, doc, 0, "fragment")
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in root.children) and _has_subject(root):
        return HeadlineParse(text, style, doc, 0, "modal")
    return HeadlineParse(text, style, doc, 0, "statement" if _has_subject(root) else "fragment")


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in token.children)


def _clause_follows(verb: Token) -> bool:
    """Whether the word after ``verb`` starts a clause of its own ("finance *teams are* moving …")."""
    return any(
        c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass") and g.i == verb.i + 1 for g in c.subtree)
        for c in verb.children
    )
