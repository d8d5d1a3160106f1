"""Inferring who sells from what each speaker says, when neither the file nor the labels say it.

The seller presents the product ("our platform", "we integrate with", "let me show you"), states prices
("$40 per user a month"), asks discovery questions about the buyer's business ("how are you handling that
today?", "how many people are on the team?") and proposes next steps. The buyer talks about *their* setup
("we currently use", "our finance team"), asks about *the vendor's* product ("does your tool", "how much
is it") and pushes back. Each speaker gets a score: seller cues minus buyer cues per 100 words, the rate of
discovery questions, naming the seller company, and a small bonus for speaking first. The speaker with
the highest score is the rep; the margin over the next speaker gives the confidence.

The cue lists are regular expressions over lower-cased text without punctuation, so they also work on
ASR-like transcripts. They were written from what sellers and buyers say in general and checked on the
demo corpus with its roles removed (``bench/role_inference.py``); the figures on held-out calls are in
the README.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from textops.types import Role, Utterance

__all__ = [
    "MIN_CONFIDENCE",
    "SpeakerScore",
    "clean_text",
    "infer_from_content",
    "speaker_scores",
    "word_logit",
]

MIN_CONFIDENCE = 0.6
"""Below this the inference says nothing: the speakers stay ``unknown`` and reports say so."""

WORDS_WEIGHT = 1.0
"""Weight of the mean seller-vs-buyer log-odds of the speaker's sentences (the shipped word model)."""
CUES_WEIGHT = 1.0
"""Weight of the hand-written cues (seller minus buyer cues per 100 words)."""
QUESTION_WEIGHT = 0.3
"""Weight of the share of the speaker's turns that ask a question."""
FIRST_BONUS = 0.3
"""Added for the first speaker of the call."""

_SELLER = [
    r"\bour (platform|product|products|software|solution|solutions|tool|app|system|service|services|team|"
    r"customers|clients|pricing|plans?|tiers?|onboarding|support team|implementation team|engineers|api|"
    r"integrations?|dashboard|roadmap|contract|standard contract|msa|trial|pilot|starter|pro|"
    r"enterprise plan)\b",
    r"\bwe (offer|provide|integrate|support|include|charge|built|build|handle|help|work with|partner|"
    r"guarantee|typically|usually|also have|can set|can get|can do|can offer|can walk|can send|can include|"
    r"can waive|can start|can give|can throw|can discount|could offer|could do|could start|could include|"
    r"have a (free|pilot|trial|starter)|have customers|have clients|see (a lot|this|that))\b",
    r"\b(let me|i can|i ll|i will|i d be happy to|happy to) (show|share|walk|send|set up|loop in|get you|"
    r"pull up|demo|put together|follow up|bring|introduce|check with (my|our) (team|manager))\b",
    r"\b(per (user|seat|month|year|license|location|truck|vehicle|employee|invoice|agent|site))\b",
    r"\b(free trial|pilot program|proof of concept|onboarding|case study|case studies|roi calculator)\b",
    r"\b(your (team|business|company|current|process|workflow|reps|staff|techs|drivers|customers|clients|"
    r"org|organization|side|stack|setup|needs|goals|budget|timeline|volume|use case))\b",
    r"\b(how (are|do) you (currently|handle|handling|manage|managing|track|tracking|do|doing)|"
    r"what (are|is) you(r)? (currently|using|biggest|main|top)|how many (users|people|seats|employees|"
    r"locations|reps|agents|trucks|sites|techs)|tell me (a bit )?(more )?about|walk me through|"
    r"what does (that|your) .{0,30} look like|who else (is|would be|should be)|what would it take|"
    r"does that make sense|does that sound|would it help if|what if we)\b",
    r"\b(thanks for (taking|making|joining|hopping)|thank you for (taking|making|joining)|"
    r"appreciate you (taking|making|joining)|the reason (for|i) (my|the) call)\b",
    r"\b(next steps|send (you|over) (a|the) (proposal|quote|contract|deck|recap|summary|calendar)|"
    r"schedule a (demo|follow up|call)|book a (demo|time))\b",
]

_BUYER = [
    r"\b(your (platform|product|software|solution|tool|app|system|service|pricing|price|company|team|"
    r"contract|terms|integration|api|support|demo|proposal|quote|reps|sales|offer|trial|pilot))\b",
    r"\bwe (currently|already|use|re using|are using|ve been|have been|tried|struggle|spend|lose|need|"
    r"don t have|dont have|re on|are on|just signed|just renewed|looked at|re looking|are looking|"
    r"re evaluating|are evaluating|switched|had|signed|re locked|are locked|run everything)\b",
    r"\bour (current|existing|old|legacy) (system|vendor|tool|provider|process|contract|setup|software)\b",
    r"\b(how much (does|is|would|will)|what does (it|this|that) cost|do you (guys )?(have|offer|support|"
    r"integrate|work)|does (it|your|the|this) (work|integrate|support|have|handle|connect|sync)|"
    r"can (it|your|you guys)|is there a|are you guys)\b",
    r"\b(my (boss|manager|cfo|ceo|team|director|vp|partner|owner|board)|our (cfo|ceo|it|legal|procurement|"
    r"finance|board|owner|vp)|run (it|this) by|check with (my|our)|talk to (my|our))\b",
    r"\b(send me|email me|i ll take a look|i ll think about it|we ll think about it|we ll discuss|"
    r"let me think|too expensive|not in the budget|out of our budget|not a priority|bad timing)\b",
]

_SELLER_RX = [re.compile(p) for p in _SELLER]
_BUYER_RX = [re.compile(p) for p in _BUYER]
_PUNCT = re.compile(r"[^\w\s$%]")


def _names_seller(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b(at|from|with|here at|this is) {re.escape(name)}\b")


_QUESTION_START = re.compile(
    r"^(so |and |ok so |okay so |um |uh )*(how|what|who|when|where|why|which|are you|do you|does your|"
    r"is your|have you|can you tell|could you tell|would you)\b"
)


@dataclass(frozen=True)
class SpeakerScore:
    """The evidence for one speaker: turns, words, cue counts and the score (higher = more seller-like)."""

    name: str
    turns: int
    words: int
    seller_cues: int
    buyer_cues: int
    questions: float
    first: bool
    names_seller: bool
    score: float


def clean_text(text: str) -> str:
    """Lower case, apostrophes and punctuation to spaces (``$`` and ``%`` kept), single spaces."""
    return " ".join(_PUNCT.sub(" ", text.casefold().replace("'", " ").replace("’", " ")).split())


@lru_cache(maxsize=1)
def _word_model() -> tuple[float, dict[str, float]]:
    """The shipped seller-vs-buyer word weights (``textops/data/role_words.json``), or none."""
    path = Path(__file__).resolve().parent.parent / "data" / "role_words.json"
    if not path.is_file():
        return 0.0, {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return float(data["intercept"]), {str(k): float(v) for k, v in data["weights"].items()}


def word_logit(clean: str) -> float:
    """Log-odds that a (cleaned) sentence was said by the seller, from the shipped word weights."""
    intercept, weights = _word_model()
    if not weights:
        return 0.0
    tokens = clean.split()
    grams = set(tokens) | {f"{a} {b}" for a, b in itertools.pairwise(tokens)}
    return intercept + sum(weights.get(g, 0.0) for g in grams)


def speaker_scores(
    utterances: Sequence[Utterance],
    *,
    key: Callable[[str], str] | None = None,
    seller_names: Iterable[str] = (),
) -> dict[str, SpeakerScore]:
    """Score every speaker of a call (keyed by ``key(name)``, default the name itself)."""
    keyfn: Callable[[str], str] = key if key is not None else (lambda s: s)
    names = [n.casefold() for n in seller_names if n and n.strip()]
    acc: dict[str, dict[str, float]] = {}
    shown: dict[str, str] = {}
    first_key = keyfn(utterances[0].speaker) if utterances else None
    for u in utterances:
        k = keyfn(u.speaker)
        shown.setdefault(k, u.speaker)
        a = acc.setdefault(
            k, {"turns": 0, "words": 0, "seller": 0, "buyer": 0, "q": 0, "named": 0, "logit": 0, "n": 0}
        )
        clean = clean_text(u.text)
        a["turns"] += 1
        a["words"] += len(clean.split())
        a["seller"] += sum(len(rx.findall(clean)) for rx in _SELLER_RX)
        a["buyer"] += sum(len(rx.findall(clean)) for rx in _BUYER_RX)
        sentences = [s for s in re.split(r"(?<=[.?!])\s+", u.text.strip()) if s]
        for sentence in sentences:
            cleaned = clean_text(sentence)
            if len(cleaned.split()) >= 2:
                a["logit"] += max(-4.0, min(4.0, word_logit(cleaned)))
                a["n"] += 1
        a["q"] += any(s.rstrip().endswith("?") for s in sentences) or bool(_QUESTION_START.match(clean))
        if names and any(_names_seller(n).search(clean) for n in names):
            a["named"] += 1
    out: dict[str, SpeakerScore] = {}
    for k, a in acc.items():
        words = max(a["words"], 1.0)
        per100 = 100.0 * (a["seller"] - a["buyer"]) / max(words, 60.0)
        qrate = a["q"] / max(a["turns"], 1.0)
        first = k == first_key
        words_say = a["logit"] / a["n"] if a["n"] else 0.0
        score = (
            WORDS_WEIGHT * words_say
            + CUES_WEIGHT * per100
            + QUESTION_WEIGHT * qrate
            + (FIRST_BONUS if first else 0.0)
            + (2.0 if a["named"] else 0.0)
        )
        out[k] = SpeakerScore(
            name=shown[k],
            turns=int(a["turns"]),
            words=int(a["words"]),
            seller_cues=int(a["seller"]),
            buyer_cues=int(a["buyer"]),
            questions=round(qrate, 3),
            first=first,
            names_seller=bool(a["named"]),
            score=round(score, 4),
        )
    return out


def infer_from_content(
    scores: dict[str, SpeakerScore], known: dict[str, Role]
) -> dict[str, tuple[Role, float]]:
    """Roles for the speakers whose role is ``unknown`` in ``known``, each with a confidence in 0.5…1.

    Returns only the speakers it could decide with confidence ≥ :data:`MIN_CONFIDENCE`. The rep is the
    most seller-like speaker; with three or more undecided speakers the sellers are those above the widest
    gap between consecutive scores (a rep with a sales engineer, two prospects), the rest prospects.
    """
    undecided = [k for k in scores if known.get(k, "unknown") == "unknown"]
    if not undecided or len(scores) < 2:
        return {}
    reps = [k for k, r in known.items() if r == "rep" and k in scores]
    prospects = [k for k, r in known.items() if r == "prospect" and k in scores]
    out: dict[str, tuple[Role, float]] = {}
    if reps and not prospects:
        return {}  # the "rest are prospects" rule covers it
    if prospects and not reps:
        # the most seller-like undecided speaker is the rep, when it clearly out-scores the prospects
        best = max(undecided, key=lambda k: scores[k].score)
        ref = max(scores[k].score for k in prospects)
        conf = _confidence(scores[best].score - ref)
        if conf >= MIN_CONFIDENCE:
            out[best] = ("rep", conf)
            for k in undecided:
                if k != best:
                    c = _confidence(scores[best].score - scores[k].score)
                    if c >= MIN_CONFIDENCE:
                        out[k] = ("prospect", c)
        return out
    ranked = sorted(undecided, key=lambda k: -scores[k].score)
    if len(ranked) < 2:
        return {}
    values = [scores[k].score for k in ranked]
    # the sellers are the speakers above the widest gap between consecutive scores (one gap: two sides)
    gaps = [values[i] - values[i + 1] for i in range(len(values) - 1)]
    cut = max(range(len(gaps)), key=lambda i: gaps[i])
    conf = _confidence(gaps[cut])
    if conf < MIN_CONFIDENCE:
        return {}
    for i, k in enumerate(ranked):
        out[k] = ("rep" if i <= cut else "prospect", conf)
    return out


def _confidence(margin: float) -> float:
    """A margin of scores → a confidence in 0.5…1 (logistic; a margin of 2 is ~0.88)."""
    return round(1.0 / (1.0 + math.exp(-max(0.0, margin))), 3)
