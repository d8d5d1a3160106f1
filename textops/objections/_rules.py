"""The rule layer: spaCy ``Matcher`` patterns for the clear, common forms of each objection category.

Patterns match on lower-cased tokens of the English tokenizer alone (no tagger, parser or lemmatizer), so
the layer costs a tokenizer pass and works the same with ``spacy.blank("en")`` and ``en_core_web_sm``.
They are written in a small notation compiled to ``Matcher`` token patterns: tokens are separated by
spaces, ``a|b|c`` is one token from a set, a trailing ``?`` makes a token optional and ``~3`` skips up to
three tokens. Intra-word hyphens are spaces to the rules ("auto-renewal" reads "auto renewal").

Two guards keep the clear forms clear:

* **negation**: a negator ("not", "n't", "no", "never") within three tokens before the match cancels rules
  marked ``negatable`` ("it's not too expensive", "that's not a dealbreaker");
* **questions**: a match in a sentence ending with "?" is dropped unless the rule is marked ``questions``
  ("is it too expensive for a team our size?" asks; "why would we switch when X does the same?" objects).

Rule hits are features of the learned classifier (it weighs them against the sentence embedding) and the
evidence shown with each detection; a rule alone never decides. Besides the category rules there are
*generic* objection markers ("deal-breaker", "sticking point") and *reassurance* cues ("that's not an issue",
"budget's approved", "looks reasonable") that speak against an objection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from textops.objections._taxonomy import CATEGORY_KEYS

__all__ = [
    "GENERIC",
    "REASSURE",
    "RULES",
    "RULE_FEATURES",
    "Rule",
    "RuleHit",
    "compile_pattern",
    "rule_doc",
    "rule_features",
    "rule_hits",
    "tokenizer",
]

GENERIC = "generic"
"""Pseudo-category of rules that mark an objection without saying which kind ("deal-breaker")."""

REASSURE = "reassure"
"""Pseudo-category of rules that mark a *non*-objection ("that's not an issue", "budget's approved")."""

RULE_FEATURES: tuple[str, ...] = (*CATEGORY_KEYS, GENERIC, REASSURE)
"""Order of the rule feature columns: one per category, then ``generic`` and ``reassure``."""

_NEG = frozenset({"not", "n't", "no", "never", "nothing", "neither", "nor", "without"})
_Pattern = list[dict[str, Any]]


@dataclass(frozen=True)
class Rule:
    """A named group of patterns (in the notation above) pointing to a category."""

    name: str
    category: str
    patterns: tuple[str, ...]
    negatable: bool = True
    questions: bool = False


@dataclass(frozen=True)
class RuleHit:
    """A rule that fired on a sentence: the rule, its category and the matched words."""

    rule: str
    category: str
    text: str


# fmt: off
RULES: tuple[Rule, ...] = (
    # -- price / budget --------------------------------------------------------------------------------------
    Rule("too_expensive", "price", (
        "too|so|way|really|pretty|very|super|bit|little|quite "
        "expensive|pricey|costly|steep|spendy|overpriced",
        "overpriced|unaffordable",
        "cost prohibitive",
        "lot|ton of money",
    )),
    Rule("not_in_budget", "price", (
        "not|n't in|within the|our|my|this|that? year|year's|current? budget|budgets",
        "out|outside|beyond|above|over of? our|my|the budget|range",
        "no|zero real|extra|spare? budget|money|funding",
        "budget|budget's|budgets is|'s|was|has|got|been|just|already? "
        "been|already|pretty|really|very|super|all? "
        "tight|frozen|cut|gone|spent|locked|allocated|exhausted|blown",
        "blew|blown|spent through|all of? our|the|my software? budget|money",
    ), negatable=False),
    Rule("cant_afford", "price", (
        "ca|can|could|wo|would|do|does not|n't afford|justify|swing",
        "hard|tough|difficult to|sell justify|sell?",
        "more|higher than we|i can|could|'d|would|usually? "
        "budgeted|pay|spend|afford|expected|wanted|thought",
    ), negatable=False),
    # -- timing / priority -----------------------------------------------------------------------------------
    Rule("not_a_priority", "timing", (
        "not|n't really|exactly|currently? a|the|our|my? top|high|big? priority|focus|urgent",
        "low|lower priority|on",
    ), negatable=False),
    Rule("bad_timing", "timing", (
        "timing|timing's is|'s|just? just|really|a|bit? bad|off|tough|terrible|awful|wrong",
        "not|n't a|the good|great|right? time",
        "bad|terrible|tough|busy time for|right",
    ), negatable=False),
    Rule("later", "timing", (
        "circle back",
        "revisit|reconnect|reach|check|touch|pick ~3 next|after|later|fall|spring|q1|q2|q3|q4|january|new",
        "on|hold hold",
        "put|putting it|this|that|everything on hold",
        "maybe|probably next|in year|quarter|six|a|few|couple",
    ), questions=True),
    Rule("no_bandwidth", "timing", (
        "no|zero|any real|spare? bandwidth|cycles|capacity",
        "too|so|completely|totally|really busy|swamped|slammed|stretched",
        "other|bigger fires|priorities",
    )),
    # -- authority / decision process ------------------------------------------------------------------------
    Rule("run_it_by", "authority", (
        "run it|this|that|things by|past",
        "check|talk|clear|discuss with my|our|the boss|manager|team|cfo|ceo|vp|director|partners|board?",
        "take|bring it|this to|up the|my|our|with?",
    ), questions=True),
    Rule("not_my_call", "authority", (
        "not|n't my|our call|decision|decide",
        "not|n't up to me|us",
        "not|n't the final? decision|one",
        "sign|signs off from|on",
        "signoff|approval from|of",
        "buy|sign in|off from|of",
        "has|have|needs|need to approve|sign|bless|vote",
        "committee|procurement|board|legal|finance has|have|needs|owns|decides",
        "hands are|'re tied",
    ), negatable=False),
    # -- need / fit ------------------------------------------------------------------------------------------
    Rule("dont_need", "need", (
        "do|does|did not|n't really|actually|even? need "
        "it|this|that|something|anything|one|more|another|all",
        "do|does not|n't really? have that|this|the problem|issue|pain|need",
        "overkill|irrelevant",
        "not|n't really|just? seeing|see the value|need|point",
        "does|do|would not|n't really? fit|work for|with|how",
        "nice to have",
    ), negatable=False),
    # -- competitor / status quo -----------------------------------------------------------------------------
    Rule("already_use", "competitor", (
        "already use|using|have|pay|license|licensed|own|run|got",
        "already on|with|covered|standardized",
        "happy|satisfied|fine with our|the|what current|existing|we?",
        "homegrown|inhouse",
        "in|home house|grown",
        "built|build|wrote ~3 own|internally",
        "locked|standardized in|into|on",
        "just signed|renewed|moved",
        "why would|should we|i switch|change|move|pay|go|pick|choose",
    ), questions=True),
    # -- trust / risk ----------------------------------------------------------------------------------------
    Rule("skeptical", "trust", (
        "too good to be true",
        "never heard of",
        "got|been|get burned|burnt",
        "skeptical|sceptical|wary|leery|nervous",
        "bad experience|experiences|reputation",
        "risky|gamble",
        "not|n't totally|fully|really? sold|convinced on|that|it",
    ), negatable=False, questions=True),
    # -- implementation / integration ------------------------------------------------------------------------
    Rule("integration_effort", "implementation", (
        "integration|integrations|integrating|migration|migrating|rollout|onboarding ~3 "
        "nightmare|pain|mess|lift|project|hard|headache|forever|scares",
        "ca|can|could|wo|would|do|does not|n't really? integrate|connect|talk|sync",
        "no|n't have? the|any? it|dev|developer|engineering|technical|admin resources|people|team",
        "learn|retrain|retraining another|a|the|whole new? app|tool|system|team|staff",
    )),
    # -- contract / legal ------------------------------------------------------------------------------------
    Rule("contract_terms", "contract", (
        "autorenewal|evergreen",
        "auto renew|renewal|renews|renewing",
        "multi year",
        "two|three|five|2|3|5 year contract|commitment|term|deal|agreement|lock|minimum",
        "indemnification|indemnity|liability|redline|redlines",
        "non solicit|compete",
        "termination|out clause|for",
        "legal|lawyers|counsel will|would|is|are? never|not|n't? accept|allow|sign|approve|redline|flagged",
    )),
    # -- security / compliance -------------------------------------------------------------------------------
    Rule("security_gate", "security", (
        "without|no|lack a|an|the? soc|soc2|iso|baa|sso|saml|mfa|encryption|fedramp|dpa",
        "data residency|sovereignty|privacy",
        "infosec|ciso|security|compliance team|review|folks? ~3 "
        "block|blocked|flag|kill|reject|never|problem|strict|scrutiny",
        "stay|stored|hosted|live in the? eu|europe|canada|uk|germany|country",
        "pii|phi|hipaa|gdpr|pci|ferpa",
    )),
    # -- other: brush-offs -----------------------------------------------------------------------------------
    Rule("send_me_info", "other", (
        "just go? ahead? and? send|email|shoot|mail me|us|over|it ~3 "
        "info|information|something|materials|deck|brochure|pager|email|stuff",
        "send|email me|us some|something|more|a "
        "info|information|materials|details|stuff|deck|brochure? and|over",
    )),
    Rule("why_dont_you_send", "other", (
        "why do not|n't you just? send|email|shoot",
    ), negatable=False, questions=True),
    Rule("not_interested", "other", (
        "not|n't really|that|very|at|all? interested",
        "not|n't for us|me",
    ), negatable=False),
    # -- reassurance: the prospect says something is *not* a problem (a non-objection cue) -------------------
    Rule("reassurance", REASSURE, (
        "no|not|n't|never a|an|the|any|really|much|too|real|big? a|an|big|real|major? "
        "problem|problems|issue|issues|concern|concerns|obstacle|blocker|blockers|dealbreaker|worry|worries|biggie|rush",
        "no|not a? big deal",
        "not|n't too|that|really|very|at|overly? worried|concerned",
        "looks|look|sounds|sound|seems|seem really|pretty|totally|very|super? "
        "good|great|fine|reasonable|fair|solid|straightforward|doable|manageable|painless|perfect",
        "is|'s|are|'re|was really|pretty|totally|actually|very|super? "
        "reasonable|fair|solid|straightforward|painless|manageable|perfect|doable",
        "already|'s|been|got|is|was|all been? approved|budgeted|covered",
        "plenty of",
        "pays for itself",
    )),
    # -- generic objection markers (no category) -------------------------------------------------------------
    Rule("deal_breaker", GENERIC, (
        "dealbreaker|nonstarter|showstopper",
        "deal|non|show breaker|starter|stopper",
        "hard no|pass",
        "sticking|stumbling point|block",
        "worried|worry|concerned|scares|scary",
    )),
)
"""Every rule, in evaluation order."""
# fmt: on


def compile_pattern(notation: str) -> list[_Pattern]:
    """``Matcher`` patterns for one notation string; the first token's set is expanded to single words.

    ``IN`` sets are evaluated in Python and exact values in C, so expanding the first token (and dropping
    an optional first token in a second variant) makes the matcher several times faster: most tokens
    fail the first test without a Python call.
    """
    tokens: _Pattern = []
    for part in notation.split():
        if part.startswith("~"):
            tokens.append({"OP": f"{{0,{int(part[1:])}}}"})
            continue
        optional = part.endswith("?")
        words = part.rstrip("?").split("|")
        spec: dict[str, Any] = {"LOWER": words[0] if len(words) == 1 else {"IN": words}}
        if optional:
            spec["OP"] = "?"
        tokens.append(spec)
    return _expand_first(tokens)


def _expand_first(pattern: _Pattern) -> list[_Pattern]:
    head, rest = pattern[0], pattern[1:]
    low = head.get("LOWER")
    words = low["IN"] if isinstance(low, dict) else [low] if low is not None else None
    if words is None or head.get("OP") not in (None, "?"):
        return [pattern]
    out: list[_Pattern] = [[{"LOWER": w}, *rest] for w in words]
    if head.get("OP") == "?" and rest:
        out.extend(_expand_first(rest))
    return out


@lru_cache(maxsize=1)
def tokenizer() -> Language:
    """A blank English pipeline: the tokenizer the rules run on (same rules as ``en_core_web_sm``'s)."""
    return spacy.blank("en")


@lru_cache(maxsize=1)
def _matcher() -> tuple[Matcher, dict[int, Rule]]:
    nlp = tokenizer()
    matcher = Matcher(nlp.vocab)
    by_id: dict[int, Rule] = {}
    for rule in RULES:
        matcher.add(rule.name, [p for notation in rule.patterns for p in compile_pattern(notation)])
        by_id[nlp.vocab.strings[rule.name]] = rule
    return matcher, by_id


_Needs = tuple[frozenset[str], ...]


def _needs(pattern: _Pattern) -> _Needs:
    """The words a pattern cannot match without: one set of alternatives per token that is not optional."""
    out: list[frozenset[str]] = []
    for spec in pattern:
        low = spec.get("LOWER")
        if low is None or spec.get("OP") is not None:
            continue
        out.append(frozenset(low["IN"]) if isinstance(low, dict) else frozenset([low]))
    return tuple(out)


@lru_cache(maxsize=1)
def _by_first_word() -> dict[str, list[_Needs]] | None:
    """Every pattern's needed words, indexed by each word its first needed token may be.

    ``None`` when some pattern needs no word at all (only optional tokens): then any sentence may match.
    """
    index: dict[str, list[_Needs]] = {}
    for rule in RULES:
        for notation in rule.patterns:
            for pattern in compile_pattern(notation):
                needs = _needs(pattern)
                if not needs:
                    return None
                for word in needs[0]:
                    index.setdefault(word, []).append(needs[1:])
    return index


def _may_match(doc: Doc) -> bool:
    """False when no pattern can match: some word every match of it needs is missing from the sentence.

    Running every pattern of the matcher over every token is most of the rules' cost, and most sentences
    lack a word each pattern needs; the answer for the others is the matcher's, so the hits are the same.
    """
    index = _by_first_word()
    if index is None:
        return True
    words = {t.lower_ for t in doc}
    return any(
        all(not words.isdisjoint(alternatives) for alternatives in rest)
        for word in words & index.keys()
        for rest in index[word]
    )


_HYPHEN = re.compile(r"(?<=[A-Za-z0-9])[-‐‑](?=[A-Za-z0-9])")


def rule_doc(text: str) -> Doc:
    """The tokens the rules see: intra-word hyphens become spaces ("auto-renewal" → "auto renewal")."""
    return tokenizer().make_doc(_HYPHEN.sub(" ", text))


def _negated(doc: Doc, start: int) -> bool:
    return any(t.lower_ in _NEG for t in doc[max(0, start - 3) : start])


def rule_hits(text: str, doc: Doc | None = None) -> list[RuleHit]:
    """The rules that fire on one sentence (after the negation and question guards), first hit per rule.

    ``doc`` is :func:`rule_doc` of ``text`` when the caller tokenized it already (batch use).
    """
    doc = doc if doc is not None else rule_doc(text)
    return _matched(text, doc) if _may_match(doc) else []


def _matched(text: str, doc: Doc) -> list[RuleHit]:
    """:func:`rule_hits` by the matcher alone."""
    matcher, by_id = _matcher()
    is_question = text.rstrip().endswith("?")
    hits: dict[str, RuleHit] = {}
    for match_id, start, end in matcher(doc):
        rule = by_id[match_id]
        if rule.name in hits:
            continue
        if is_question and not rule.questions:
            continue
        if rule.negatable and _negated(doc, start):
            continue
        if rule.name == "cant_afford" and end < len(doc) and doc[end].lower_ == "not":
            continue  # "we can't afford not to" is a buying signal
        hits[rule.name] = RuleHit(rule.name, rule.category, doc[start:end].text)
    return list(hits.values())


def rule_features(hits_per_text: Iterable[Sequence[RuleHit]]) -> npt.NDArray[np.float32]:
    """One row per text: 1.0 in the column of each category (and ``generic``) that a rule fired for."""
    rows = list(hits_per_text)
    out = np.zeros((len(rows), len(RULE_FEATURES)), dtype=np.float32)
    col = {c: i for i, c in enumerate(RULE_FEATURES)}
    for r, hits in enumerate(rows):
        for h in hits:
            out[r, col[h.category]] = 1.0
    return out
