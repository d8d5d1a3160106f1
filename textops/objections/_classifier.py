"""The objection classifier: a detector, a categoriser and a pain-point head on one feature matrix.

Features of a sentence: its L2-normalised embedding (from the fine-tuned objection encoder, see
:mod:`._encoder`, or any embedder), the rule columns of :mod:`._rules`, a question flag, TF-IDF of word uni-
and bigrams and of character 3–5-grams (spelling, ASR and chat variants), and TF-IDF of the rep's turn just
before it (a price just quoted, "who else is involved?"). The n-grams carry polarity ("isn't an issue",
"can't") that a sentence embedding blurs; the embedding carries meaning across wording.

* **Detector** — ``P(objection)``: a logistic regression with Platt scaling.
* **Categoriser** — ``P(category | objection)`` over the ten built-in categories, temperature-scaled.
* **Pain points** — ``P(pain point)``: the detector's recipe on pain vs everything else (a pain point is a
  problem the prospect has: a reason *to* buy, reported apart from objections).
* **Evidence** — the three nearest training sentences (cosine of embeddings) with their labels.

How it is trained, calibrated, cached and shared by a process: :mod:`._training`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

from textops.embeddings import Vectors
from textops.nlp import normalise_speech
from textops.objections._rules import RULE_FEATURES, RuleHit, rule_features
from textops.objections._seed import SeedExample
from textops.objections._taxonomy import CATEGORY_KEYS

__all__ = [
    "KNN_K",
    "CvFigures",
    "Floats",
    "Neighbour",
    "ObjectionModel",
    "PainHead",
    "TextFeatures",
    "dense_width",
    "features_of",
    "mlp_logit",
    "prepare",
    "sigmoid",
    "softmax",
    "top_k_mean",
]

Floats = npt.NDArray[np.float64]

RULE_WEIGHT = 1.0
"""Scale of the rule and question columns next to the unit-length embedding."""
CHAR_WEIGHT = 0.5
"""Scale of the character 3–5-gram TF-IDF block (spelling variants, ASR and chat text)."""
CONTEXT_WEIGHT = 0.5
"""Scale of the TF-IDF block of the rep's previous turn (a price just quoted, "who else is involved?")."""
KNN_K = 3
"""Nearest seed objections averaged per category (:meth:`ObjectionModel.category_similarity`)."""
_CHUNK = 4096


def prepare(text: str) -> str:
    """The text that gets embedded: fillers and stutters removed (the quote keeps them)."""
    return normalise_speech(text) or text.strip()


@dataclass(frozen=True)
class Neighbour:
    """A labelled seed sentence near a detection, as evidence."""

    text: str
    label: str
    similarity: float


@dataclass(frozen=True)
class CvFigures:
    """Out-of-fold figures on the model's own seed set (5 stratified folds): optimistic, a sanity check."""

    n: int
    positives: int
    threshold: float
    precision: float
    recall: float
    f1: float
    brier: float
    ece: float
    category_accuracy: float
    category_macro_f1: float
    seconds: float = 0.0


def sigmoid(z: Floats) -> Floats:
    """The logistic function, element-wise."""
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


def softmax(z: Floats) -> Floats:
    """Row-wise softmax of logits."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float64)


@dataclass
class TextFeatures:
    """The fitted word features: word uni-/bigrams, character n-grams, and the rep's turn before."""

    words: TfidfVectorizer
    chars: TfidfVectorizer
    context: TfidfVectorizer | None
    embedding_weight: float = 1.0
    """Scale of the embedding block."""
    word_weight: float = 1.0
    """Scale of the word n-gram block."""
    char_weight: float = CHAR_WEIGHT
    """Scale of the character n-gram block."""
    context_weight: float = CONTEXT_WEIGHT
    """Scale of the rep-turn block."""


@dataclass
class PainHead:
    """A calibrated pain-point detector on the same features, with its threshold."""

    model: LogisticRegression
    platt: tuple[float, float]
    threshold: float
    f1: float
    """Out-of-fold F1 on the training set (optimistic)."""


_NEAREST_BLOCK = 256
"""Rows of :meth:`ObjectionModel.nearest` per matrix product (a block of similarities is ~10 MB)."""


@dataclass
class ObjectionModel:
    """A trained detector + categoriser with the seed set it came from. Build with :func:`train_model`."""

    embedder_name: str
    seed: list[SeedExample]
    seed_vectors: Vectors
    vectorizer: TextFeatures
    detector: LogisticRegression
    platt: tuple[float, float]
    categoriser: LogisticRegression
    temperature: float
    threshold: float
    cv: CvFigures
    digest: str
    categories: tuple[str, ...] = field(default=CATEGORY_KEYS)
    pain: PainHead | None = None
    """The pain-point detector (``None`` when the training set has too few pain sentences)."""
    detector_mlp: MLPClassifier | None = None
    """A small MLP on the dense columns (embedding, rules, question), blended into the detector's decision
    value as ``mlp_blend * logit(P_mlp)`` before Platt scaling (``None``: the logistic regression alone)."""
    mlp_blend: float = 0.0

    def decision(self, x: sp.csr_matrix) -> Floats:
        """The detector's decision value (before Platt scaling) of feature rows."""
        d = np.asarray(self.detector.decision_function(x), dtype=np.float64)
        if self.detector_mlp is not None:
            dense = x[:, : dense_width(self.seed_vectors.shape[1])].toarray()
            d = d + self.mlp_blend * mlp_logit(self.detector_mlp, dense)
        return d

    def predict_all(
        self,
        texts: Sequence[str],
        vectors: Vectors,
        hits: Sequence[Sequence[RuleHit]],
        contexts: Sequence[str] | None = None,
    ) -> tuple[Floats, Floats, Floats]:
        """``P(objection)``, ``P(category | objection)`` (columns = :attr:`categories`) and ``P(pain point)``.

        ``P(pain point)`` is all zeros when the model has no pain head.
        """
        n = len(texts)
        p_obj = np.zeros(n)
        p_pain = np.zeros(n)
        cats = np.zeros((n, len(self.categories)))
        order = [self.categories.index(str(c)) for c in self.categoriser.classes_]
        a, b = self.platt
        for lo in range(0, n, _CHUNK):
            sl = slice(lo, lo + _CHUNK)
            ctx = None if contexts is None else contexts[sl]
            x = features_of(self.vectorizer, texts[sl], vectors[sl], hits[sl], ctx)
            p_obj[sl] = sigmoid(a * self.decision(x) + b)
            cats[sl][:, order] = softmax(self.categoriser.decision_function(x) / self.temperature)
            if self.pain is not None:
                pa, pb = self.pain.platt
                p_pain[sl] = sigmoid(pa * self.pain.model.decision_function(x) + pb)
        return p_obj, cats, p_pain

    def nearest(self, vectors: Vectors, k: int = 3) -> list[list[Neighbour]]:
        """The ``k`` most similar seed sentences of each row (cosine), as evidence, most similar first.

        Rows go through in blocks (one matrix product a block, not one a row: the seed vectors are read once
        a block), and only the top ``k`` of a row are sorted, ties by seed order. The products are taken in
        float64 (a float32 product is exact there) and rounded to 12 decimals, so that a row's similarities
        and ranks do not depend on the other rows of its block, which a corpus analysis's slices decide.
        """
        out: list[list[Neighbour]] = []
        n = len(self.seed_vectors)
        k = min(k, n)
        if k == 0:
            return [[] for _ in range(len(vectors))]
        seed, seed64 = self.seed, self._seed64()
        for lo in range(0, len(vectors), _NEAREST_BLOCK):
            sims = np.round(vectors[lo : lo + _NEAREST_BLOCK].astype(np.float64) @ seed64.T, 12)
            kth = -np.partition(-sims, k - 1, axis=1)[:, k - 1]  # each row's k-th best similarity
            for row, least in zip(sims, kth, strict=True):
                best = sorted(np.flatnonzero(row >= least).tolist(), key=lambda j: (-row[j], j))[:k]
                out.append([Neighbour(seed[j].text, seed[j].label, round(float(row[j]), 4)) for j in best])
        return out

    def _seed64(self) -> npt.NDArray[np.float64]:
        """The seed vectors in float64 for :meth:`nearest`, made once (not pickled: see ``__getstate__``)."""
        found: npt.NDArray[np.float64] | None = self.__dict__.get("_seed64_cache")
        if found is None:
            found = self.__dict__["_seed64_cache"] = self.seed_vectors.astype(np.float64)
        return found

    def __getstate__(self) -> dict[str, Any]:
        """The fields only (the float64 copy of the seed vectors is made again where it is needed)."""
        state = dict(self.__dict__)
        state.pop("_seed64_cache", None)
        return state

    def category_similarity(self, vectors: Vectors) -> Floats:
        """Per built-in category, the mean cosine of each row's 3 nearest seed objections of that category."""
        labels = np.array([e.label for e in self.seed])
        sims = vectors @ self.seed_vectors.T
        out = np.zeros((len(vectors), len(self.categories)))
        for j, cat in enumerate(self.categories):
            cols = sims[:, labels == cat]
            if cols.shape[1]:
                out[:, j] = top_k_mean(cols, KNN_K)
        return out


def dense_width(dim: int) -> int:
    """How many leading columns of :func:`features_of` are dense: embedding, rule columns, question flag."""
    return dim + len(RULE_FEATURES) + 1


def mlp_logit(net: MLPClassifier, dense: Floats) -> Floats:
    """``logit(P(objection))`` of an MLP on the dense columns, clipped to about ±8."""
    q = np.clip(net.predict_proba(dense)[:, 1], 3e-4, 1 - 3e-4)
    return np.asarray(np.log(q / (1 - q)), dtype=np.float64)


def top_k_mean(sims: npt.NDArray[np.float32], k: int) -> Floats:
    """Row-wise mean of the ``k`` largest values."""
    k = min(k, sims.shape[1])
    part = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:]
    return np.asarray(part.mean(axis=1), dtype=np.float64)


def features_of(
    vectorizer: TextFeatures,
    texts: Sequence[str],
    vectors: Vectors,
    hits: Sequence[Sequence[RuleHit]],
    contexts: Sequence[str] | None = None,
) -> sp.csr_matrix:
    """The classifier input of sentences: embedding, rule and question columns, then the TF-IDF blocks."""
    questions = np.array([[1.0 if t.rstrip().endswith("?") else 0.0] for t in texts]).reshape(-1, 1)
    dense = np.hstack(
        [
            vectorizer.embedding_weight * vectors.astype(np.float64),
            RULE_WEIGHT * rule_features(hits).astype(np.float64),
            RULE_WEIGHT * questions,
        ]
    )
    low = [prepare(t).lower() for t in texts]
    parts = [
        sp.csr_matrix(dense),
        vectorizer.word_weight * vectorizer.words.transform(low),
        vectorizer.char_weight * vectorizer.chars.transform(low),
    ]
    if vectorizer.context is not None:
        ctx = [(c or "").lower() for c in contexts] if contexts is not None else [""] * len(texts)
        parts.append(vectorizer.context_weight * vectorizer.context.transform(ctx))
    return sp.hstack(parts, format="csr")
