"""The learned layer: calibrated logistic regressions on sentence embeddings, rule cues and word n-grams.

Features of a sentence: its L2-normalised embedding (from the fine-tuned objection encoder, see
:mod:`._encoder`, or any embedder), the rule columns of :mod:`._rules`, a question flag, TF-IDF of word uni-
and bigrams and of character 3–5-grams (spelling, ASR and chat variants), and TF-IDF of the rep's turn just
before it (a price just quoted, "who else is involved?"). The n-grams carry polarity ("isn't an issue",
"can't") that a sentence embedding blurs; the embedding carries meaning across wording.

* **Detector** — ``P(objection)``: a ``LogisticRegression`` with Platt scaling fitted on out-of-fold decision
  values (5 stratified folds), i.e. ``CalibratedClassifierCV(method="sigmoid", ensemble=False)`` written
  out so the same out-of-fold predictions also give the threshold and the cross-validated figures.
* **Categoriser** — ``P(category | objection)`` over the ten built-in categories: a multinomial
  ``LogisticRegression`` on the training objections, temperature-scaled on out-of-fold logits.
* **Pain points** — ``P(pain point)``: the detector's recipe on pain vs everything else (a pain point is a
  problem the prospect has: a reason *to* buy, reported apart from objections).
* **Threshold** — near-best out-of-fold F1 on the training set (median of the thresholds within 0.01 of the
  best), with negatives re-weighted to :data:`TARGET_PREVALENCE` (15% of prospect sentences are objections).
* **Evidence** — the three nearest training sentences (cosine of embeddings) with their labels.

Training set: ``corpora/objections/seed.jsonl`` and ``corpora/objections/train/*.jsonl`` (~4,800 sentences).
With the fine-tuned encoder the classifier is trained on its *out-of-fold* vectors shipped with it (never on
vectors of sentences the encoder was tuned on) and cached on disk; with any other embedder it is trained at
first use, once per process (~15 s on two cores). All randomness is seeded.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from threadpoolctl import threadpool_limits

from textops.embeddings import Embedder, Vectors
from textops.errors import InvalidInputError
from textops.nlp import normalise_speech
from textops.objections._rules import RuleHit, rule_features, rule_hits
from textops.objections._seed import SeedExample, load_training_set, seed_digest
from textops.objections._taxonomy import CATEGORY_KEYS, NONE
from textops.settings import get_settings

__all__ = [
    "CvFigures",
    "Neighbour",
    "ObjectionModel",
    "clear_model_cache",
    "get_model",
    "prepare",
    "train_model",
]

Floats = npt.NDArray[np.float64]
log = logging.getLogger(__name__)

DETECTOR_C = 4.0
"""Inverse L2 strength of the detector (5-fold CV on the seed set with MiniLM; flat between 2 and 16)."""
CATEGORISER_C = 8.0
"""Inverse L2 strength of the categoriser (same procedure)."""
RULE_WEIGHT = 1.0
"""Scale of the rule and question columns next to the unit-length embedding."""
CHAR_WEIGHT = 0.5
"""Scale of the character 3–5-gram TF-IDF block (spelling variants, ASR and chat text)."""
CONTEXT_WEIGHT = 0.5
"""Scale of the TF-IDF block of the rep's previous turn (a price just quoted, "who else is involved?")."""
PAIN_PREVALENCE = 0.08
"""Share of prospect sentences assumed to be pain points when the pain threshold is chosen."""
TARGET_PREVALENCE = 0.15
"""Share of prospect sentences assumed to be objections when the threshold is chosen (the seed set has ~46%).

Out-of-fold negatives are re-weighted to this share before maximising F1, so the threshold suits calls,
where most sentences are not objections, rather than the balanced seed set."""
KNN_K = 3
_FOLDS = 5
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


def _sigmoid(z: Floats) -> Floats:
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


def _softmax(z: Floats) -> Floats:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float64)


@dataclass
class TextFeatures:
    """The fitted word features: word uni-/bigrams, character n-grams, and the rep's turn before."""

    words: TfidfVectorizer
    chars: TfidfVectorizer
    context: TfidfVectorizer | None


@dataclass
class PainHead:
    """A calibrated pain-point detector on the same features, with its threshold."""

    model: LogisticRegression
    platt: tuple[float, float]
    threshold: float
    f1: float
    """Out-of-fold F1 on the training set (optimistic)."""


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

    def features(
        self,
        texts: Sequence[str],
        vectors: Vectors,
        hits: Sequence[Sequence[RuleHit]],
        contexts: Sequence[str] | None = None,
    ) -> sp.csr_matrix:
        """The classifier input of sentences (``texts``, their embeddings, rule hits, the rep turn before)."""
        return _features(self.vectorizer, texts, vectors, hits, contexts)

    def predict(
        self,
        texts: Sequence[str],
        vectors: Vectors,
        hits: Sequence[Sequence[RuleHit]],
        contexts: Sequence[str] | None = None,
    ) -> tuple[Floats, Floats]:
        """``P(objection)`` and ``P(category | objection)`` per row (columns = :attr:`categories`)."""
        p_obj, cats, _ = self.predict_all(texts, vectors, hits, contexts)
        return p_obj, cats

    def predict_all(
        self,
        texts: Sequence[str],
        vectors: Vectors,
        hits: Sequence[Sequence[RuleHit]],
        contexts: Sequence[str] | None = None,
    ) -> tuple[Floats, Floats, Floats]:
        """``P(objection)``, ``P(category | objection)`` and ``P(pain point)`` per row.

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
            x = self.features(texts[sl], vectors[sl], hits[sl], None if contexts is None else contexts[sl])
            p_obj[sl] = _sigmoid(a * self.detector.decision_function(x) + b)
            cats[sl][:, order] = _softmax(self.categoriser.decision_function(x) / self.temperature)
            if self.pain is not None:
                pa, pb = self.pain.platt
                p_pain[sl] = _sigmoid(pa * self.pain.model.decision_function(x) + pb)
        return p_obj, cats, p_pain

    def nearest(self, vectors: Vectors, k: int = 3) -> list[list[Neighbour]]:
        """The ``k`` most similar seed sentences of each row (cosine), as evidence."""
        if len(vectors) == 0:
            return []
        sims = vectors @ self.seed_vectors.T
        k = min(k, sims.shape[1])
        top = np.argsort(-sims, axis=1)[:, :k]
        return [
            [Neighbour(self.seed[j].text, self.seed[j].label, round(float(sims[i, j]), 4)) for j in row]
            for i, row in enumerate(top)
        ]

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


def top_k_mean(sims: npt.NDArray[np.float32], k: int) -> Floats:
    """Row-wise mean of the ``k`` largest values."""
    k = min(k, sims.shape[1])
    part = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:]
    return np.asarray(part.mean(axis=1), dtype=np.float64)


def _features(
    vectorizer: TextFeatures,
    texts: Sequence[str],
    vectors: Vectors,
    hits: Sequence[Sequence[RuleHit]],
    contexts: Sequence[str] | None = None,
) -> sp.csr_matrix:
    questions = np.array([[1.0 if t.rstrip().endswith("?") else 0.0] for t in texts]).reshape(-1, 1)
    dense = np.hstack(
        [
            vectors.astype(np.float64),
            RULE_WEIGHT * rule_features(hits).astype(np.float64),
            RULE_WEIGHT * questions,
        ]
    )
    low = [prepare(t).lower() for t in texts]
    parts = [
        sp.csr_matrix(dense),
        vectorizer.words.transform(low),
        CHAR_WEIGHT * vectorizer.chars.transform(low),
    ]
    if vectorizer.context is not None:
        ctx = [(c or "").lower() for c in contexts] if contexts is not None else [""] * len(texts)
        parts.append(CONTEXT_WEIGHT * vectorizer.context.transform(ctx))
    return sp.hstack(parts, format="csr")


def _vectorizer(texts: Sequence[str], contexts: Sequence[str]) -> TextFeatures:
    low = [prepare(t).lower() for t in texts]
    words = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"(?u)\b\w+\b|n't", dtype=np.float64
    ).fit(low)
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        min_df=3,
        sublinear_tf=True,
        max_features=30_000,
        dtype=np.float64,
    ).fit(low)
    given = [c.lower() for c in contexts if c]
    context = (
        TfidfVectorizer(
            ngram_range=(1, 2),
            min_df=3,
            sublinear_tf=True,
            token_pattern=r"(?u)\b\w+\b|n't",
            dtype=np.float64,
        ).fit(given)
        if len(given) >= 50
        else None
    )
    return TextFeatures(words, chars, context)


def _folds(y: npt.NDArray[np.str_] | npt.NDArray[np.bool_], random_state: int) -> StratifiedKFold:
    smallest = int(np.unique(y, return_counts=True)[1].min())
    return StratifiedKFold(max(2, min(_FOLDS, smallest)), shuffle=True, random_state=random_state)


def _fit_detector(
    x: sp.csr_matrix, y: npt.NDArray[np.bool_], rs: int
) -> tuple[LogisticRegression, float, float, Floats]:
    lr = LogisticRegression(C=DETECTOR_C, class_weight="balanced", max_iter=3000)
    d_oof = cross_val_predict(lr, x, y, cv=_folds(y, rs), method="decision_function")
    platt = LogisticRegression(C=1e4, max_iter=1000).fit(d_oof.reshape(-1, 1), y)
    a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    return lr.fit(x, y), a, b, _sigmoid(a * d_oof + b)


def _fit_categoriser(
    x: sp.csr_matrix, labels: npt.NDArray[np.str_], rs: int
) -> tuple[LogisticRegression, float, npt.NDArray[np.str_]]:
    lr = LogisticRegression(C=CATEGORISER_C, class_weight="balanced", max_iter=3000)
    logits = cross_val_predict(lr, x, labels, cv=_folds(labels, rs), method="decision_function")
    classes = np.unique(labels)
    idx = np.searchsorted(classes, labels)

    def nll(log_t: float) -> float:
        p = _softmax(logits / np.exp(log_t))
        return float(-np.log(np.clip(p[np.arange(len(idx)), idx], 1e-12, None)).mean())

    log_t = float(minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded").x)
    return lr.fit(x, labels), float(np.exp(log_t)), classes[np.argmax(logits, axis=1)]


def _best_threshold(
    y: npt.NDArray[np.bool_], p: Floats, prevalence: float | None = TARGET_PREVALENCE
) -> float:
    """A threshold in 0.20…0.90 with near-best out-of-fold F1, negatives re-weighted to ``prevalence``.

    The F1 curve is flat near its top, so the arg-max jumps with small changes of the seed set; the median
    of the thresholds within 0.01 of the best F1 is stable.
    """
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    w_neg = 1.0 if prevalence is None else (1 - prevalence) / prevalence * n_pos / max(1, n_neg)
    grid = np.round(np.arange(0.20, 0.905, 0.01), 2)
    scores = []
    for t in grid:
        pred = p >= t
        tp = float((pred & y).sum())
        scores.append(
            2 * tp / max(1e-9, 2 * tp + w_neg * float((pred & ~y).sum()) + float((~pred & y).sum()))
        )
    best = max(scores)
    near = [float(t) for t, f in zip(grid, scores, strict=True) if f >= best - 0.01]
    return round(float(np.median(near)), 2)


def _ece(y: npt.NDArray[np.bool_], p: Floats, bins: int = 10) -> float:
    idx = np.clip((p * bins).astype(int), 0, bins - 1)
    return float(
        sum(
            abs(p[idx == b].mean() - y[idx == b].mean()) * (idx == b).mean()
            for b in range(bins)
            if (idx == b).any()
        )
    )


def _figures(
    y: npt.NDArray[np.bool_],
    p: Floats,
    threshold: float,
    gold: npt.NDArray[np.str_],
    guess: npt.NDArray[np.str_],
) -> CvFigures:
    pred = p >= threshold
    tp = int((pred & y).sum())
    precision = tp / max(1, int(pred.sum()))
    recall = tp / max(1, int(y.sum()))
    return CvFigures(
        n=len(y),
        positives=int(y.sum()),
        threshold=threshold,
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(2 * precision * recall / max(1e-9, precision + recall), 4),
        brier=round(float(np.mean((p - y) ** 2)), 4),
        ece=round(_ece(y, p), 4),
        category_accuracy=round(float((gold == guess).mean()), 4),
        category_macro_f1=round(float(f1_score(gold, guess, average="macro", zero_division=0.0)), 4),
    )


def _fit_pain(x: sp.csr_matrix, y: npt.NDArray[np.bool_], rs: int) -> PainHead:
    model, a, b, p_oof = _fit_detector(x, y, rs)
    threshold = _best_threshold(y, p_oof, PAIN_PREVALENCE)
    pred = p_oof >= threshold
    tp = int((pred & y).sum())
    precision, recall = tp / max(1, int(pred.sum())), tp / max(1, int(y.sum()))
    return PainHead(
        model, (a, b), threshold, round(2 * precision * recall / max(1e-9, precision + recall), 4)
    )


def train_model(
    seed: Sequence[SeedExample],
    embedder: Embedder,
    *,
    random_state: int = 0,
    vectors: Vectors | None = None,
    evidence_vectors: Vectors | None = None,
) -> ObjectionModel:
    """Fit the calibrated detector, categoriser and pain detector on ``seed`` embedded with ``embedder``.

    ``vectors``: the sentences' vectors to train on, when given (the fine-tuned encoder's out-of-fold
    vectors); ``evidence_vectors``: the vectors the nearest-example evidence is searched in (default: the
    training vectors).
    """
    examples = list(seed)
    labels = np.array([e.label for e in examples])
    y = labels != NONE
    if y.sum() < 10 or (~y).sum() < 10 or len(set(labels[y])) < 2:
        raise InvalidInputError(
            "the seed set needs at least 10 objections in 2+ categories and 10 non-objections",
            hint="add labelled sentences",
        )
    texts = [e.text for e in examples]
    contexts = [e.context for e in examples]
    if vectors is None:
        vectors = embedder.encode([prepare(t) for t in texts])
    elif len(vectors) != len(texts):
        raise InvalidInputError(f"{len(vectors)} vectors for {len(texts)} training sentences")
    t0 = time.perf_counter()
    hits = [rule_hits(t) for t in texts]
    pain_y = np.array([e.is_pain for e in examples])
    with threadpool_limits(limits=1):  # small problems: BLAS threads only add contention
        vectorizer = _vectorizer(texts, contexts)
        x = _features(vectorizer, texts, vectors, hits, contexts)
        detector, a, b, p_oof = _fit_detector(x, y, random_state)
        categoriser, temperature, guess = _fit_categoriser(x[np.flatnonzero(y)], labels[y], random_state)
        pain = _fit_pain(x, pain_y, random_state) if pain_y.sum() >= 10 else None
    threshold = _best_threshold(y, p_oof)
    cv = replace(_figures(y, p_oof, threshold, labels[y], guess), seconds=round(time.perf_counter() - t0, 3))
    return ObjectionModel(
        embedder_name=embedder.name,
        seed=examples,
        seed_vectors=vectors if evidence_vectors is None else evidence_vectors,
        vectorizer=vectorizer,
        detector=detector,
        platt=(a, b),
        categoriser=categoriser,
        temperature=temperature,
        threshold=threshold,
        cv=cv,
        digest=seed_digest(examples),
        pain=pain,
    )


_CACHE: dict[tuple[str, str], ObjectionModel] = {}
_LOCK = threading.Lock()


def get_model(embedder: Embedder, seed: Sequence[SeedExample] | None = None) -> ObjectionModel:
    """The model for ``embedder`` trained on the seed set (default file), trained once per process."""
    examples = list(seed) if seed is not None else load_training_set()
    key = (embedder.name, seed_digest(examples))
    with _LOCK:
        model = _CACHE.get(key)
        if model is None:
            from textops.objections._encoder import tuned_encoder

            tuned = tuned_encoder() if seed is None else None
            if tuned is not None and tuned.embedder.name == embedder.name and tuned.training_digest == key[1]:
                # the fine-tuned encoder: train on its out-of-fold vectors (never on vectors of sentences it
                # was tuned on), search evidence among the final encoder's vectors; the fitted classifier
                # is kept on disk, so only the first process after an upgrade trains it
                path = _disk_path(tuned.model_id, key[1])
                model = _load(path)
                if model is None:
                    model = train_model(
                        examples, embedder, vectors=tuned.oof_vectors, evidence_vectors=tuned.final_vectors
                    )
                    _save(path, model)
                model.embedder_name = embedder.name
            else:
                model = train_model(examples, embedder)
            _CACHE[key] = model
        return model


_FORMAT = 1
"""Bumped whenever :class:`ObjectionModel` or its training changes (old cached classifiers are ignored)."""


def _disk_path(model_id: str, digest: str) -> Path:
    import sklearn

    tag = f"{model_id}-{digest}-{sklearn.__version__}-{np.__version__}-v{_FORMAT}"
    return Path(get_settings().data_dir) / "models" / f"objection-classifier-{tag}.pkl"


def _load(path: Path) -> ObjectionModel | None:
    """A classifier this textops fitted and wrote into its own data folder (never a user's file)."""
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            model = pickle.load(handle)
    except Exception:
        log.warning("ignoring the unreadable cached objection classifier %s", path)
        return None
    return model if isinstance(model, ObjectionModel) else None


def _save(path: Path, model: ObjectionModel) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:  # a read-only data folder: train again next time
        log.warning("could not cache the objection classifier in %s: %s", path.parent, exc)


def clear_model_cache() -> None:
    """Forget trained models (tests; after editing the seed file in a long-running process)."""
    with _LOCK:
        _CACHE.clear()
