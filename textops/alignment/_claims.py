"""Linguistic checks on single sentences: small talk, claims, numbers, negation, strength.

All checks read a spaCy ``Span``/``Doc`` with POS tags and lemmas (the ``lemmas`` profile is enough; the
dependency parse is used when present). They are deliberately transparent rules so a content lead can see
*why* a sentence was flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from textops.alignment._lexicons import (
    ABSOLUTE_WORDS,
    BACKCHANNEL,
    BENEFIT_LEMMAS,
    CALENDAR_WORDS,
    NEGATIONS,
    OUTCOME_SUBJECTS,
    SELLER_WORDS,
    SMALL_NUMBERS,
    SMALL_TALK_PATTERNS,
    TENS,
    UNIT_NAMES,
    WORD_NUMBERS,
)

_SMALL_TALK_RE = re.compile("|".join(f"(?:{p})" for p in SMALL_TALK_PATTERNS), re.IGNORECASE)
_AS_AS_RE = re.compile(
    r"\bas (fast|quick|cheap|easy|good|accurate|secure|reliable|simple)\w* as\b", re.IGNORECASE
)
_UNIT = (
    r"%|percent\b|per cent\b|x\b|times\b|days?\b|weeks?\b|months?\b|minutes?\b|mins?\b|hours?\b|hrs?\b|"
    r"seconds?\b|years?\b|k\b|m\b"
)
_NUMBER_RE = re.compile(rf"(?<![\w.,])(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*({_UNIT})?", re.IGNORECASE)
_SPOKEN_RE = re.compile(
    r"\b((?:a |one )?(?:(?:"
    + "|".join([*SMALL_NUMBERS, *TENS, "hundred", "thousand", "point"])
    + r")[ -]?)+)(?=\s*(?:"
    + _UNIT
    + r"))",
    re.IGNORECASE,
)


def _spoken_value(words: str) -> str | None:
    """``"ninety-nine point nine"`` → ``"99.9"``; ``"a hundred"`` → ``"100"``; None when not a number."""
    tokens = [t for t in re.split(r"[ -]+", words.lower().strip()) if t]
    if tokens and tokens[0] == "a":
        tokens[0] = "one"
    total = current = 0
    decimals = ""
    in_decimals = False
    seen = False
    for tok in tokens:
        if in_decimals:
            if tok not in SMALL_NUMBERS or SMALL_NUMBERS[tok] > 9:
                return None
            decimals += str(SMALL_NUMBERS[tok])
        elif tok in SMALL_NUMBERS:
            current += SMALL_NUMBERS[tok]
        elif tok in TENS:
            current += TENS[tok]
        elif tok == "hundred":
            current = max(current, 1) * 100
        elif tok == "thousand":
            total += max(current, 1) * 1000
            current = 0
        elif tok == "point":
            in_decimals = True
        else:
            return None
        seen = True
    if not seen:
        return None
    value = str(total + current)
    return f"{value}.{decimals}" if decimals else value


def _digits_for_spoken_numbers(text: str) -> str:
    """Rewrite spoken quantities followed by a unit ("sixty percent", "fifteen minutes") as digits."""

    def repl(m: re.Match[str]) -> str:
        value = _spoken_value(m.group(1))
        return f"{value} " if value is not None else m.group(0)

    return _SPOKEN_RE.sub(repl, text)


_MULTIPLIER_RE = re.compile(
    r"\b(half|double|twice|triple|thrice)(?= (?:as|the|that)\b)|(?<=\bin )(half)\b|(?<=\bby )(half)\b",
    re.IGNORECASE,
)


def is_small_talk(text: str) -> bool:
    """True for greetings, logistics, back-channels and other turns that carry no message.

    Examples: "Can you hear me ok?", "Let me share my screen.", "Does Thursday at 2 work?", "Yeah, totally."
    """
    stripped = text.strip().lower().strip(".!?,;: ")
    if not stripped:
        return True
    if stripped in BACKCHANNEL or len(re.findall(r"[a-z0-9%]+", stripped)) < 3:
        return True
    return bool(_SMALL_TALK_RE.search(stripped)) and len(stripped.split()) < 25


def numbers_in(text: str) -> set[str]:
    """Normalised quantities in a sentence: ``{"60%", "3 minute", "2x", "30 day"}``.

    Spoken numbers followed by a unit count too ("sixty percent" → ``60%``); bare years (1900–2099) and
    "24/7" are not quantities.
    """
    text = _digits_for_spoken_numbers(re.sub(r"\b24/7\b", " ", text))
    found: set[str] = set()
    for value, unit in _NUMBER_RE.findall(text):
        v = value.replace(",", "")
        u = (unit or "").lower()
        if not u and re.fullmatch(r"(19|20)\d\d", v):
            continue
        if u in UNIT_NAMES:
            u = UNIT_NAMES[u]
        u = "%" if u == "%" else ("x" if u == "x" else (" " + u.rstrip("s") if u else ""))
        found.add(f"{v}{u}")
    for m in _MULTIPLIER_RE.finditer(text):
        found.add(WORD_NUMBERS[m.group(0).lower()])
    return found


@dataclass(frozen=True)
class ClaimInfo:
    """Why a sentence is (or is not) a claim, and how risky it is."""

    is_claim: bool
    kinds: tuple[str, ...] = ()
    risk: int = 0
    numbers: frozenset[str] = field(default_factory=frozenset)
    is_question: bool = False


def _is_other_name(token: Token, known: frozenset[str]) -> bool:
    """A proper noun naming some other company or product.

    Not a known name, not a date word, not a PERSON/DATE/TIME entity, and not the first word of its
    sentence (a vocative such as "Sam, this is ..." or a capitalised sentence start).
    """
    if token.pos_ != "PROPN" or not token.is_alpha or token.lower_ in known or token.lower_ in CALENDAR_WORDS:
        return False
    if token.ent_type_ in {"PERSON", "DATE", "TIME", "GPE", "NORP"}:
        return False
    return token.i != token.sent.start


def _lemmas(span: Span | Doc) -> list[str]:
    """Lemmas; without a lemmatizer (blank pipelines) a crude suffix strip stands in."""
    out: list[str] = []
    for t in span:
        if t.lemma_:
            out.append(t.lemma_.lower())
            continue
        word = t.lower_
        out.append(word)
        for suffix in ("es", "ed", "s"):
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                out.append(word[: -len(suffix)])
    return out


_PROPOSAL_RE = re.compile(
    r"^\W*(?:so,? |okay,? |ok,? |and |but )?(?:let's|let us|why don't we|how about|shall we|what if we|"
    r"quick agenda|next steps?)\b",
    re.IGNORECASE,
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl"})


def _seller_subject(span: Span | Doc, own_names: frozenset[str]) -> bool:
    """Tell whether the seller, its product or its customers' outcome is what the sentence is about.

    With a parse: the subject of a main clause is "we", "it", "our …", the product or company name, or
    "customers"/"teams"/"you"; without a parse, any such word anywhere.
    """
    words = SELLER_WORDS | own_names | OUTCOME_SUBJECTS
    if not any(t.dep_ for t in span):
        return bool({t.lower_ for t in span} & (SELLER_WORDS | own_names))
    for t in span:
        main_clause = t.head.dep_ == "ROOT" or (
            t.head.dep_ in {"conj", "ccomp", "parataxis"} and t.head.head.dep_ == "ROOT"
        )
        about_seller = t.lower_ in words or any(c.lower_ in {"our", *own_names} for c in t.subtree)
        if t.dep_ in _SUBJECT_DEPS and main_clause and about_seller:
            return True
    return False


def analyse_claim(
    span: Span | Doc, *, own_names: frozenset[str] = frozenset(), seller_text: bool = False
) -> ClaimInfo:
    """Tell whether a sentence asserts a benefit, capability, number, comparison or guarantee.

    ``own_names`` are lower-cased names of the seller's company and products (so "Brightlane syncs ..."
    counts as the seller speaking about itself, and is not a comparison with another company).

    ``seller_text`` marks text the seller wrote about itself (campaign copy): every sentence there is about
    the seller, so the subject is not checked.

    Risk ranks what a content lead should read first: guarantees (3), numbers (2), comparisons with
    others (2), capabilities/benefits (1); kinds add up.
    """
    text = span.text
    if text.rstrip().endswith("?"):
        return ClaimInfo(is_claim=False, is_question=True)
    if _PROPOSAL_RE.search(text):
        return ClaimInfo(is_claim=False)  # a proposal about the call or the deal, not about the product
    lemmas = _lemmas(span)
    lower = {t.lower_ for t in span}
    tags = {t.tag_ for t in span}
    kinds: list[str] = []
    risk = 0
    nums = frozenset(numbers_in(text))
    subject_we = seller_text or _seller_subject(span, own_names)
    absolute = bool(lower & {"always", "never", "100%", "zero", "instantly"}) or "100%" in text
    if lower & {"guarantee", "guaranteed", "guarantees", "promise", "promises"} or (absolute and subject_we):
        kinds.append("guarantee")
        risk += 3
    if nums and subject_we:
        kinds.append("number")
        risk += 2
    comparative = (
        bool(tags & {"JJR", "RBR", "JJS", "RBS"})
        or bool(lower & {"than", "versus", "vs", "unlike"})
        or bool(_AS_AS_RE.search(text))
    )
    other_org = any(_is_other_name(t, own_names) for t in span)
    if (
        comparative
        and "rather" not in lower
        and (
            bool(lower & {"than", "unlike"})
            or other_org
            or bool(lower & {"competitor", "competitors", "others", "anyone"})
        )
    ):
        kinds.append("comparison")
        risk += 2
    benefit = bool(set(lemmas) & BENEFIT_LEMMAS) and subject_we
    if benefit:
        kinds.append("capability")
        risk += 1
    is_claim = bool(kinds) and len([t for t in span if t.is_alpha]) >= 4
    return ClaimInfo(is_claim=is_claim, kinds=tuple(kinds), risk=risk if is_claim else 0, numbers=nums)


def _negated(span: Span | Doc, *, ignore: Token | None = None) -> bool:
    """Tell whether the main claim is negated.

    With a parse: a negation on the root verb (``neg``, "never", "without", "cannot") or "no" determining
    its subject or object ("there is no SLA"). A negation whose head is ``ignore`` is left out (see
    :func:`negated_description`).

    Negation inside a subordinate clause ("so a double payment doesn't happen") or of a contrasted noun
    ("in minutes, not days") does not negate the claim. Without a parse, any negation word counts.
    """
    if not any(t.dep_ for t in span):
        return bool({t.lower_ for t in span} & NEGATIONS)
    for t in span:
        if ignore is not None and t.head == ignore and t.dep_ == "neg":
            continue
        marker = t.dep_ == "neg" or t.lower_ in {"never", "without", "cannot"}
        if marker and t.head.dep_ == "ROOT" and t.head.pos_ in {"VERB", "AUX"}:
            return True
        if t.lower_ == "no" and t.dep_ == "det" and t.head.head.dep_ == "ROOT":
            return True
    return False


def negated_description(span: Span | Doc) -> Token | None:
    """The noun of a denied description in a main clause — "it's not an IT project" → ``project`` — or None.

    A copula with ``not`` and an indefinite noun ("is not a/an X", "isn't a X") describes what something is
    not; it denies a burden ("not an IT project": easy) rather than the benefit the sentence claims. The
    clause may hang off the root as spoken run-ons are parsed ("It's not an IT project, honestly, your team
    sets it up": a ``ccomp`` of "sets"). Needs a parse; None without one.
    """
    for t in span:
        if t.dep_ != "neg" or t.head.lemma_.lower() != "be" or t.head.pos_ not in {"AUX", "VERB"}:
            continue
        clause = t.head
        if not (
            clause.dep_ == "ROOT"
            or (clause.dep_ in {"ccomp", "parataxis", "conj"} and clause.head.dep_ == "ROOT")
        ):
            continue
        for attr in clause.children:
            indefinite = any(d.dep_ == "det" and d.lower_ in {"a", "an"} for d in attr.children)
            if attr.dep_ == "attr" and attr.pos_ in {"NOUN", "PROPN"} and indefinite:
                return attr
    return None


def _lemma(t: Token) -> str:
    return (t.lemma_ or t.lower_).lower()


def _quantities(text: str) -> dict[str, set[str]]:
    by_unit: dict[str, set[str]] = {}
    for q in numbers_in(text):
        unit = re.sub(r"^[\d.,]+", "", q).strip() or "#"
        by_unit.setdefault(unit, set()).add(q)
    return by_unit


def distortions(
    spoken: Span | Doc,
    approved: Span | Doc,
    *,
    backed_numbers: frozenset[str] = frozenset(),
    backed_names: frozenset[str] | None = None,
) -> list[str]:
    """How a spoken sentence changes the approved message it resembles (empty list: faithful).

    Checks, each a transparent rule on the parse:

    * ``changed_number`` — a quantity in the same unit as one of the message's, with another value
      ("90%" where the message says "60%");
    * ``added_number`` — a quantity in a unit the message does not use and that no approved message backs;
    * ``negation`` — the claim is negated in one and not the other (see :func:`_negated`); a denied
      description ("it's not an IT project", :func:`negated_description`) counts as a negation only when
      the message speaks of the same thing ("No IT project required" agrees with it);
    * ``stronger_claim`` — guarantee or absolute words the message does not use ("guaranteed", "always",
      "never", "100%", "instantly", ...);
    * ``added_comparison`` — a "than"/"as ... as" comparison the message does not make;
    * ``unbacked_name`` — (when ``backed_names`` is given) a proper noun — an integration, product or
      company — that no approved message names ("integrates with Salesforce" against an ERP list).
    """
    issues: list[str] = []
    spoken_q, approved_q = _quantities(spoken.text), _quantities(approved.text)
    if any(unit in approved_q and values - approved_q[unit] for unit, values in spoken_q.items()):
        issues.append("changed_number")
    elif any(unit not in approved_q and values - backed_numbers for unit, values in spoken_q.items()):
        issues.append("added_number")
    described = negated_description(spoken)
    spoken_negated = _negated(spoken, ignore=described.head if described is not None else None)
    if described is not None and _lemma(described) in {_lemma(t) for t in approved}:
        # "It's not an IT project" against "No IT project required": the same denial, not a flipped claim;
        # a denied description of something the message does not speak of does not flip it either
        spoken_negated = True
    if spoken_negated != _negated(approved):
        issues.append("negation")
    s_low = {t.lower_ for t in spoken}
    a_low = {t.lower_ for t in approved}
    strong_s = (s_low & ABSOLUTE_WORDS) | (
        {"100%"} if "100%" in spoken.text or "hundred percent" in spoken.text.lower() else set()
    )
    strong_a = (a_low & ABSOLUTE_WORDS) | ({"100%"} if "100%" in approved.text else set())
    if strong_s - strong_a:
        issues.append("stronger_claim")
    if ("than" in s_low or _AS_AS_RE.search(spoken.text)) and not (
        "than" in a_low or _AS_AS_RE.search(approved.text)
    ):
        issues.append("added_comparison")
    if backed_names is not None and any(_is_other_name(t, backed_names) for t in spoken):
        issues.append("unbacked_name")
    return issues


FLAGGED_KINDS = frozenset({"guarantee", "comparison"})
"""Claim kinds the alignment check flags whatever the copy says: a guarantee or absolute ("guaranteed",
"always", "never", "I promise") is a stronger claim than any approved message unless the copy makes the
same promise, and a comparison with others is an added comparison or an unbacked claim (risk 3 and 2)."""


class ClaimFlag(BaseModel):
    """A sentence the claims check flags, with its claim kinds (``guarantee``, ``comparison``)."""

    sentence: str
    kinds: list[str]


def flag_claims(
    text: str,
    nlp: Language,
    *,
    own_names: frozenset[str] = frozenset(),
    kinds: frozenset[str] = FLAGGED_KINDS,
) -> list[ClaimFlag]:
    """The sentences of ``text`` whose claims the alignment check would flag without seeing any copy.

    Each sentence (small talk and questions left out, as in the alignment) goes through
    :func:`analyse_claim`; it is flagged when it is a claim of one of ``kinds``. "You will never pay a
    duplicate invoice again, that's guaranteed" and "I promise you, it works" are flagged; "That's fair —
    what would your CFO need to see?" is not. ``nlp`` needs sentence boundaries; with a tagger and parser
    the subject check is exact (see :func:`analyse_claim`).
    """
    from textops.nlp import normalise_speech

    out: list[ClaimFlag] = []
    for sent in nlp(normalise_speech(text)).sents:
        sentence = sent.text.strip()
        if not sentence or is_small_talk(sentence):
            continue
        info = analyse_claim(sent, own_names=own_names)
        found = [k for k in info.kinds if k in kinds]
        if info.is_claim and found:
            out.append(ClaimFlag(sentence=sentence, kinds=found))
    return out
