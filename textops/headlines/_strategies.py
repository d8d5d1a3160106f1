"""Built-in rewrite strategies, each driven by the spaCy parse of the headline (no model needed).

Every strategy is a function ``(HeadlineParse, StrategyContext) -> str | None``; ``None`` means "does not
apply to this headline" (e.g. the question form of a headline that already is a question).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from textops.headlines._lexicons import (
    CURIOSITY_OPENERS,
    HEDGES,
    NUMBER_WORDS,
    POWER_VERBS,
    SMALL_WORDS,
    URGENCY_WORDS,
    VERB_FORMS,
)
from textops.headlines._parse import HeadlineParse

__all__ = ["STRATEGIES", "StrategyContext", "StrategyFn", "sentence_case", "title_case"]


@dataclass(frozen=True)
class StrategyContext:
    """What a strategy may use besides the headline: body/lede text and the audience."""

    body: str = ""
    audience: str | None = None


StrategyFn = Callable[[HeadlineParse, StrategyContext], str | None]

_NEGATORS = {"not", "no", "never", "don't", "dont", "without", "n't", "nothing", "can't", "won't"}
_TO_THIRD = {"your": "their", "you": "they", "yours": "theirs", "yourself": "themselves"}
_TO_SECOND = {"their": "your", "theirs": "yours", "themselves": "yourself", "they": "you", "them": "you"}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _low(text: str) -> str:
    if len(text) > 1 and text.split(" ", 1)[0].isupper() and len(text.split(" ", 1)[0]) > 1:
        return text  # keep a leading acronym
    return text[:1].lower() + text[1:] if text else text


def _span_text(span: Span | list[Token], mapping: dict[str, str] | None = None) -> str:
    parts: list[str] = []
    for tok in span:
        word = tok.text
        if mapping and tok.lower_ in mapping:
            word = mapping[tok.lower_]
        parts.append(word + tok.whitespace_)
    return "".join(parts).strip()


def _strip_end(text: str) -> str:
    return text.rstrip(" .!;:")


def _vp(p: HeadlineParse, mapping: dict[str, str] | None = None) -> str:
    """An imperative headline's verb phrase, lower-cased first word, no final stop."""
    return _strip_end(_low(_span_text(p.tokens, mapping)))


def second_person(p: HeadlineParse, ctx: StrategyContext) -> str | None:
    """Reframe to the reader: "It's true — you can …" for imperatives, "You can …" for modal statements."""
    if p.kind == "question" or p.has("you", "you're", "you'll"):
        return None
    if p.kind == "imperative":
        return f"It's true — you can {_vp(p)}"
    if p.kind == "modal":
        subj = p.subject()
        if subj is None or subj[0].lower_ in ("i", "we"):
            return None
        aux = next(c for c in p.root.children if c.dep_ == "aux" and c.tag_ == "MD")
        rest = p.doc[aux.i + 1 :]
        return _strip_end(f"You {aux.lower_} {_span_text(rest, _TO_SECOND)}")
    return None


def question(p: HeadlineParse, ctx: StrategyContext) -> str | None:
    """Question form by inversion ("Can homeowners …?", "Does X …?") or "Could you …?" for imperatives."""
    if p.kind == "question" or p.tokens[0].lower_ in ("why", "how", "what", "who", "when", "where"):
        return None
    if p.kind == "imperative":
        return f"Could you {_vp(p)}?"
    if p.kind not in ("modal", "statement"):
        return None
    root, subj = p.root, p.subject()
    if subj is None or subj[0].i != p.offset:
        return None
    if any(c.dep_ == "conj" and _has_own_subject(c) for c in root.children):
        return None  # "X did A and it is B": inverting the first clause leaves the second a statement
    aux = next(
        (c for c in root.children if c.dep_ in ("aux", "auxpass") and c.i < root.i and c.lower_ != "to"), None
    )
    if aux is None and root.lemma_ == "be" and root.i > subj[-1].i:
        aux = root
    subj_text = _low(_span_text(subj)) if subj[0].pos_ != "PROPN" else _span_text(subj)
    if aux is not None:
        before = _span_text(p.doc[subj[-1].i + 1 : aux.i])
        after = _span_text(p.doc[aux.i + 1 :])
        middle = f" {before}" if before else ""
        return _strip_end(f"{_cap(aux.text.lower())} {subj_text}{middle} {after}".replace("  ", " ")) + "?"
    do = {"VBZ": "Does", "VBP": "Do", "VBD": "Did"}.get(root.tag_)
    if do is None or root.i != subj[-1].i + 1:
        return None
    return _strip_end(f"{do} {subj_text} {root.lemma_} {_span_text(p.doc[root.i + 1 :])}") + "?"


def _has_own_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in token.children)


def how_to(p: HeadlineParse, ctx: StrategyContext) -> str | None:
    """How-to form: "How to …" for imperatives, "How X can …" for modal statements."""
    if p.kind == "question" or p.tokens[0].lower_ == "how":
        return None
    if p.kind == "imperative":
        return f"How to {_vp(p)}"
    if p.kind == "modal":
        subj = p.subject()
        if subj is None or subj[0].i != p.offset:
            return None
        return _strip_end(f"How {_low(_span_text(p.tokens))}")
    return None


_BODY_NUMBER = re.compile(r"\b(?:in |with |for |of |by )?\d[\d,.]*%?(?: [a-z]+){1,2}\b")


def number(p: HeadlineParse, ctx: StrategyContext) -> str | None:
    """Specificity: spell number words as digits, or bring a number from the body into the headline."""
    tokens = list(p.tokens)
    if any(t.lower_ in NUMBER_WORDS and t.like_num for t in tokens):
        return _strip_end("".join((NUMBER_WORDS.get(t.lower_, t.text)) + t.whitespace_ for t in tokens))
    has_number = any(t.like_num or any(ch.isdigit() for ch in t.text) for t in tokens)
    if has_number or not ctx.body or p.kind == "question":
        return None
    match = _BODY_NUMBER.search(ctx.body)
    if match is None:
        return None
    return f"{_strip_end(p.analysed_text)}: {match.group(0).strip()}"


def benefit_first(p: HeadlineParse, ctx: StrategyContext) -> str | None:
    """Move the outcome to the front: the purpose clause ("… to lower X" → "Lower X: …") or the object."""
    if p.kind != "imperative":
        return None
    root = p.root
    purpose = next(
        (c for c in root.children if c.dep_ in ("advcl", "xcomp") and any(a.lower_ == "to" for a in c.lefts)),
        None,
    )
    if purpose is not None:
        start = min(a.i for a in purpose.lefts if a.lower_ == "to")
        outcome = _span_text(p.doc[start + 1 : purpose.right_edge.i + 1])
        means = _span_text(p.doc[p.offset : start])
        return f"{_cap(_strip_end(outcome))}: {_strip_end(_low(means))}"
    obj = next((c for c in root.children if c.dep_ == "dobj"), None)
    if obj is None or (
        obj.i != root.i + 1 and p.doc[root.i + 1].dep_ not in ("det", "poss", "amod", "compound")
    ):
        return None
    tail = p.doc[obj.left_edge.i : p.doc[-1].i + 1]
    pronoun = "them" if obj.tag_ in ("NNS", "NNPS") else "it"
    return f"{_cap(_strip_end(_span_text(tail)))}: {root.lower_} {pronoun}"


def urgency(p: HeadlineParse, ctx: StrategyContext) -> str | None:
    """Add a time cue ("… today"; "can now …") unless the headline already has one."""
    text = p.analysed_text.lower()
    if p.kind == "question" or any(re.search(rf"\b{re.escape(w)}\b", text) for w in URGENCY_WORDS):
        return None
    if p.kind == "imperative":
        return f"{_cap(_vp(p))} today"
    if p.kind == "modal":
        aux = next(c for c in p.root.children if c.dep_ == "aux" and c.tag_ == "MD")
        return _strip_end(f"{_span_text(p.doc[p.offset : aux.i + 1])} now {_span_text(p.doc[aux.i + 1 :])}")
    return None


def curiosity_gap(p: HeadlineParse, ctx: StrategyContext) -> str | None:
    """Open a gap: "What to know before you …" (imperatives) or "Why …" (statements)."""
    text = p.analysed_text.lower()
    if p.kind in ("question", "fragment") or text.startswith(CURIOSITY_OPENERS):
        return None
    if p.kind == "imperative":
        return f"What to know before you {_vp(p)}"
    first = p.tokens[0]
    lead = first.text if first.pos_ == "PROPN" or first.text == "I" else _low(first.text)
    return _strip_end(f"Why {lead}{first.whitespace_}{_span_text(p.doc[first.i + 1 :])}")


def social_proof(p: HeadlineParse, ctx: StrategyContext) -> str | None:
    """Point at peers of the audience: "Why more <audience> choose to …" (needs an audience)."""
    if not ctx.audience or p.kind != "imperative":
        return None
    audience = ctx.audience.strip().lower()
    return f"Why more {audience} choose to {_vp(p, _TO_THIRD)}"


def negation_contrast(p: HeadlineParse, ctx: StrategyContext) -> str | None:
    """Negative framing of an imperative: "Don't overlook …" (never on an already negated headline)."""
    if p.kind != "imperative" or any(t.lower_ in _NEGATORS or t.dep_ == "neg" for t in p.tokens):
        return None
    root = p.root
    if not any(c.dep_ == "dobj" for c in root.children):
        return None
    rest = _span_text(p.doc[root.i + 1 :])
    return _strip_end(f"Don't overlook {rest}")


_PHRASE_CUTS = [
    (re.compile(r"(?i)\bin order to\b"), "to"),
    (re.compile(r"(?i)\b(?:may|might) be able to\b"), "can"),
    (re.compile(r"(?i)\bis able to\b"), "can"),
    (re.compile(r"(?i)\ba (?:lot|number) of\b"), "many"),
    (re.compile(r"(?i)\b(?:kind|sort) of\b "), ""),
]


def concision(p: HeadlineParse, ctx: StrategyContext) -> str | None:
    """Drop hedges and filler adverbs ("really", "just", "in order to")."""
    kept = [t for t in p.tokens if not (t.lower_ in HEDGES and t.pos_ == "ADV" and t.dep_ == "advmod")]
    text = "".join(t.text + t.whitespace_ for t in kept).strip()
    for pattern, repl in _PHRASE_CUTS:
        text = pattern.sub(repl, text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text or text == p.analysed_text.strip():
        return None
    return _cap(text) if p.analysed_text[:1].isupper() else text


_TAG_FORM = {"VB": 0, "VBP": 0, "VBZ": 1, "VBD": 2, "VBN": 3, "VBG": 4}


def power_verb(p: HeadlineParse, ctx: StrategyContext) -> str | None:
    """Swap the first weak verb for a stronger one in the same inflection ("get" → "unlock")."""
    for tok in p.tokens:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in POWER_VERBS or tok.tag_ not in _TAG_FORM:
            continue
        main = tok.dep_ == "ROOT" or (
            tok.dep_ in ("xcomp", "advcl", "conj") and any(a.lower_ == "to" for a in tok.lefts)
        )
        if not main or tok.i < p.offset or any(c.dep_ == "prt" for c in tok.children):
            continue
        bare_infinitive = any(
            t.tag_ == "VB" and t.i > tok.i and p.doc[t.i - 1].lower_ != "to" and t.head.i != t.i
            for t in tok.subtree
        )
        if bare_infinitive:  # "helps teams close deals": a swap would need another complement pattern
            continue
        nxt = p.doc[tok.i + 1] if tok.i + 1 < len(p.doc) else None
        if nxt is not None and nxt.dep_ == "prep" and nxt.head.i == tok.i:
            continue
        new = VERB_FORMS[POWER_VERBS[tok.lemma_.lower()]][_TAG_FORM[tok.tag_]]
        if tok.text[:1].isupper():
            new = _cap(new)
        out = "".join((new if t.i == tok.i else t.text) + t.whitespace_ for t in p.tokens)
        return _strip_end(out.strip()) if not p.analysed_text.rstrip().endswith("?") else out.strip()
    return None


def title_case(text: str) -> str:
    """Title Case: capitalise words except short function words (not first or last); keep acronyms."""
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        core = word.strip("\"'“”‘’()[]—–-:;,.!?")
        if core.lower() in SMALL_WORDS and 0 < i < len(words) - 1 and not words[i - 1].endswith(":"):
            out.append(word.lower() if not core.isupper() or len(core) < 2 else word)
        elif core.isupper() and len(core) > 1:
            out.append(word)
        else:
            out.append("-".join(_cap_word(part) for part in word.split("-")))
    return " ".join(out)


def _cap_word(word: str) -> str:
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


def title_case_style(p: HeadlineParse, ctx: StrategyContext) -> str | None:
    """Restyle in Title Case (fires only when that changes the headline)."""
    out = title_case(p.text)
    return out if out != p.text else None


def sentence_case_style(p: HeadlineParse, ctx: StrategyContext) -> str | None:
    """Restyle in sentence case, keeping proper nouns the parse recognises (fires only when it changes)."""
    proper = {t.text for t in p.tokens if t.pos_ == "PROPN" and t.i > p.offset}
    original_words = {w.strip("\"'“”‘’()[]—–-:;,.!?").lower(): w for w in p.text.split(" ")}
    proper_original = {original_words.get(w.lower(), w).strip("\"'“”‘’()[]—–-:;,.!?") for w in proper}
    out = sentence_case(p.text, proper_original if p.style != "title" else set())
    return out if out != p.text else None


STRATEGIES: dict[str, StrategyFn] = {
    "second_person": second_person,
    "question": question,
    "how_to": how_to,
    "number": number,
    "benefit_first": benefit_first,
    "urgency": urgency,
    "curiosity_gap": curiosity_gap,
    "social_proof": social_proof,
    "negation_contrast": negation_contrast,
    "concision": concision,
    "power_verb": power_verb,
    "title_case": title_case_style,
    "sentence_case": sentence_case_style,
}
"""Every built-in strategy by name, in the order they run."""

STYLING = frozenset({"title_case", "sentence_case"})
"""Strategies that change only the casing (exempt from the "not a copy" similarity check)."""
