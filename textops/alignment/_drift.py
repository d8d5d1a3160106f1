"""Terminology drift: which terms marketing uses and reps don't (and vice versa), and what reps say instead.

* :func:`extract_terms` counts lemmatised content words and multi-word noun chunks in spaCy docs.
* :func:`fightin_words` ranks terms by the weighted log-odds ratio with an informative Dirichlet prior of
  Monroe, Colaresi & Quinn (2008), "Fightin' Words: Lexical Feature Selection and Evaluation for Identifying
  the Content of Political Conflict", *Political Analysis* 16(4): 372–403 (eqs. 16, 18–20).
* :func:`term_pairs` pairs a side-A distinctive term with a side-B distinctive term that names the same thing
  differently (close in embedding space, not the same words).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from spacy.tokens import Doc, Span, Token

from textops.embeddings import Embedder
from textops.nlp import FILLERS

__all__ = [
    "CONTENT_POS",
    "DEFAULT_ALPHA0",
    "SPOKEN_FILLERS",
    "TermPair",
    "TermScore",
    "distinctive_terms",
    "extract_terms",
    "fightin_words",
    "term_pairs",
]

CONTENT_POS: frozenset[str] = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
"""Universal POS tags counted as content words."""

SPOKEN_FILLERS: frozenset[str] = FILLERS | frozenset(
    {
        "yeah",
        "yep",
        "yup",
        "yes",
        "okay",
        "ok",
        "oh",
        "hey",
        "alright",
        "huh",
        "gonna",
        "wanna",
        "gotta",
        "kinda",
        "sorta",
        "uh-huh",
    }
)
"""Filled pauses and discourse markers that are never terms (lowercase lemmas)."""

DEFAULT_ALPHA0 = 1000.0
"""Default total pseudo-count α0 of the Dirichlet prior (a textops choice, not a value from the paper)."""

_CHUNK_STRIP_POS = frozenset({"DET", "PRON", "PUNCT", "NUM", "CCONJ", "ADP", "PART", "INTJ", "SPACE"})


def _lemma(token: Token) -> str:
    """Lowercase lemma, or the lowercase text when the pipeline has no lemmatizer."""
    return (token.lemma_ or token.text).lower()


def _is_term_token(token: Token, tagged: bool, extra_stop: Collection[str]) -> bool:
    if token.is_stop or token.is_punct or token.is_space or token.like_num or token.like_url:
        return False
    if tagged and token.pos_ not in CONTENT_POS:
        return False
    lemma = _lemma(token)
    return any(c.isalpha() for c in lemma) and lemma not in SPOKEN_FILLERS and lemma not in extra_stop


def _chunk_term(chunk: Span, extra_stop: Collection[str]) -> str | None:
    tokens = [t for t in chunk if _lemma(t) not in SPOKEN_FILLERS]
    while tokens and (
        tokens[0].pos_ in _CHUNK_STRIP_POS
        or tokens[0].is_stop
        or tokens[0].is_punct
        or tokens[0].like_num
        or _lemma(tokens[0]) in extra_stop
    ):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    if sum(1 for t in tokens if not t.is_punct) < 2:
        return None
    parts = [_lemma(t) + (t.whitespace_ and " ") for t in tokens[:-1]] + [_lemma(tokens[-1])]
    return "".join(parts).strip()


def extract_terms(
    docs: Iterable[Doc], *, noun_chunks: bool = True, extra_stop: Collection[str] = ()
) -> Counter[str]:
    """Count terms: lemmatised content words plus (optionally) multi-word noun chunks.

    Content words are tokens tagged NOUN, PROPN, VERB or ADJ that are not stop words, punctuation, numbers,
    URLs, fillers (:data:`SPOKEN_FILLERS`) or in ``extra_stop``; each counts as its lowercase lemma. When a
    doc carries no POS tags (e.g. ``spacy.blank("en")``) every other token passing those filters counts, and
    when there is no lemmatizer the lowercase text stands in for the lemma.

    Noun chunks need a dependency parser (the ``parse`` profile of :func:`textops.nlp.get_nlp`); docs without
    a parse contribute no chunks, silently. A chunk counts as its lemmatised text after stripping leading
    determiners, pronouns, stop words, numbers and punctuation (and fillers anywhere), if at least two
    words remain: "our new invoice automation tools" → "new invoice automation tool".
    """
    counts: Counter[str] = Counter()
    for doc in docs:
        tagged = doc.has_annotation("POS")
        counts.update(_lemma(t) for t in doc if _is_term_token(t, tagged, extra_stop))
        if noun_chunks and doc.has_annotation("DEP"):
            try:
                chunks = list(doc.noun_chunks)
            except (NotImplementedError, ValueError):  # language without a noun-chunk iterator
                chunks = []
            counts.update(term for chunk in chunks if (term := _chunk_term(chunk, extra_stop)))
    return counts


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class TermScore(_Model):
    """One term's weighted log-odds ratio, side A against side B (positive z: distinctive of A)."""

    term: str
    delta: float = Field(description="log-odds of the term on side A minus side B, prior-smoothed (eq. 16)")
    variance: float = Field(gt=0, description="approximate variance of delta (eq. 19)")
    z: float = Field(description="delta / sqrt(variance) (eq. 20)")
    count_a: int = Field(ge=0)
    count_b: int = Field(ge=0)
    rate_a: float = Field(ge=0, description="count_a / total terms of side A")
    rate_b: float = Field(ge=0, description="count_b / total terms of side B")
    prior: float = Field(gt=0, description="the term's prior pseudo-count α_w")


class TermPair(_Model):
    """A side-A term and a side-B term that probably name the same thing differently."""

    term_a: str
    term_b: str
    similarity: float = Field(description="cosine similarity of the two terms' embeddings")
    z_a: float | None = Field(default=None, description="z of term_a, when scores were given")
    z_b: float | None = Field(default=None, description="z of term_b, when scores were given")


def fightin_words(
    counts_a: Counter[str],
    counts_b: Counter[str],
    *,
    prior: Counter[str] | None = None,
    alpha0: float = DEFAULT_ALPHA0,
) -> list[TermScore]:
    """Weighted log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    With counts y_a, y_b of term w, totals n_a, n_b and prior pseudo-counts α_w summing to α0:

    * δ̂_w = log((y_a+α_w) / (n_a+α0−y_a−α_w)) − log((y_b+α_w) / (n_b+α0−y_b−α_w))   (eq. 16)
    * σ²(δ̂_w) ≈ 1/(y_a+α_w) + 1/(y_b+α_w)                                           (eqs. 18–19)
    * z_w = δ̂_w / √σ²(δ̂_w)                                                           (eq. 20)

    The prior is ``prior`` (e.g. counts from a background corpus) or, by default, the combined counts of
    both sides, scaled so the α_w sum to ``alpha0`` over the vocabulary of both sides. Terms of either side
    that a given ``prior`` lacks are given a prior count of 1 before scaling, so every α_w > 0.

    ``alpha0`` sets the prior's strength: larger values pull every term towards its prior rate, rare terms
    hardest. For a term used by one side only, z peaks at α0 of roughly 0.1–1 times the total count of both
    sides and falls off slowly outside that range; the default (1000) suits a campaign's copy (hundreds to a
    few thousand terms) against tens of calls. z magnitudes depend on α0: compare them only at equal α0.

    Results are sorted by z, most distinctive of A first (so the most distinctive of B come last); ties by
    term.
    """
    if alpha0 <= 0 or not math.isfinite(alpha0):
        raise ValueError(f"alpha0 must be a positive number, got {alpha0}")
    for name, c in (("counts_a", counts_a), ("counts_b", counts_b), ("prior", prior or Counter())):
        if any(v < 0 for v in c.values()):
            raise ValueError(f"{name} has negative counts")
    vocab = sorted(t for t in set(counts_a) | set(counts_b) if counts_a[t] + counts_b[t] > 0)
    if not vocab:
        return []
    if prior is None:
        raw = np.array([counts_a[t] + counts_b[t] for t in vocab], dtype=np.float64)
    else:
        raw = np.array([prior[t] if prior[t] > 0 else 1.0 for t in vocab], dtype=np.float64)
    alpha = alpha0 * raw / raw.sum()
    y_a = np.array([counts_a[t] for t in vocab], dtype=np.float64)
    y_b = np.array([counts_b[t] for t in vocab], dtype=np.float64)
    n_a, n_b = float(y_a.sum()), float(y_b.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((y_a + alpha) / (n_a + alpha0 - y_a - alpha)) - np.log(
            (y_b + alpha) / (n_b + alpha0 - y_b - alpha)
        )
    # a one-term vocabulary has infinite odds on both sides: no difference to report
    delta = np.where(np.isfinite(delta), delta, 0.0)
    variance = 1.0 / (y_a + alpha) + 1.0 / (y_b + alpha)
    z = delta / np.sqrt(variance)
    scores = [
        TermScore(
            term=t,
            delta=float(delta[i]),
            variance=float(variance[i]),
            z=float(z[i]),
            count_a=int(y_a[i]),
            count_b=int(y_b[i]),
            rate_a=float(y_a[i] / n_a) if n_a else 0.0,
            rate_b=float(y_b[i] / n_b) if n_b else 0.0,
            prior=float(alpha[i]),
        )
        for i, t in enumerate(vocab)
    ]
    scores.sort(key=lambda s: (-s.z, s.term))
    return scores


def distinctive_terms(
    result: Sequence[TermScore],
    side: Literal["a", "b"],
    k: int = 20,
    min_count: int = 1,
    *,
    min_z: float = 0.0,
) -> list[TermScore]:
    """The ``k`` terms most distinctive of ``side``: z above ``min_z`` (A) or below ``-min_z`` (B).

    Only terms the side itself uses at least ``min_count`` times qualify. Ordered most distinctive first.
    ``min_z=1.96`` keeps terms whose difference is significant at the usual two-sided 5% level.
    """
    if side == "a":
        picked = [s for s in result if s.z > min_z and s.count_a >= min_count]
        picked.sort(key=lambda s: (-s.z, s.term))
    else:
        picked = [s for s in result if s.z < -min_z and s.count_b >= min_count]
        picked.sort(key=lambda s: (s.z, s.term))
    return picked[: max(k, 0)]


def _words(term: str) -> list[str]:
    return term.lower().split()


def _nested(a: list[str], b: list[str]) -> bool:
    """Whether one word sequence occurs contiguously inside the other."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def term_pairs(
    terms_a: Sequence[str | TermScore],
    terms_b: Sequence[str | TermScore],
    embedder: Embedder,
    *,
    threshold: float,
    k: int = 20,
    allow_nested: bool = False,
) -> list[TermPair]:
    """Pair side-A terms with side-B terms that name the same thing differently.

    A pair qualifies when the cosine similarity of the terms' embeddings is at least ``threshold`` and the
    terms differ (not equal as lowercase lemmas) and, unless ``allow_nested``, neither is a word-level
    substring of the other ("invoice automation" inside "invoice automation tool" is the same name, longer,
    not a different name). Pairs are taken greedily by decreasing similarity, each term used at most once,
    up to ``k`` pairs. ``threshold`` has no default on purpose: the sentence-level thresholds of
    :mod:`textops.alignment._calibration` were calibrated on sentences, not on short terms.
    """
    a_terms = list(dict.fromkeys((t.term if isinstance(t, TermScore) else t).strip() for t in terms_a))
    b_terms = list(dict.fromkeys((t.term if isinstance(t, TermScore) else t).strip() for t in terms_b))
    a_terms, b_terms = [t for t in a_terms if t], [t for t in b_terms if t]
    if not a_terms or not b_terms or k <= 0:
        return []
    z_of = {("a", t.term.strip()): t.z for t in terms_a if isinstance(t, TermScore)}
    z_of |= {("b", t.term.strip()): t.z for t in terms_b if isinstance(t, TermScore)}
    vectors = np.asarray(embedder.encode(a_terms + b_terms), dtype=np.float64)
    sims = vectors[: len(a_terms)] @ vectors[len(a_terms) :].T
    candidates: list[tuple[float, int, int]] = []
    for i, ta in enumerate(a_terms):
        wa = _words(ta)
        for j, tb in enumerate(b_terms):
            wb = _words(tb)
            if sims[i, j] < threshold or wa == wb or (not allow_nested and _nested(wa, wb)):
                continue
            candidates.append((-float(sims[i, j]), i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[TermPair] = []
    for neg_sim, i, j in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        ta, tb = a_terms[i], b_terms[j]
        pairs.append(
            TermPair(
                term_a=ta, term_b=tb, similarity=-neg_sim, z_a=z_of.get(("a", ta)), z_b=z_of.get(("b", tb))
            )
        )
        if len(pairs) >= k:
            break
    return pairs
