"""Dev figures behind the objection model's choices, on data that is neither training text nor held out.

The dev data is ``corpora/objections/pending/*.jsonl`` (a fourth author's 1,431 labelled sentences and 449
small-talk / logistics lines), scored sentence by sentence (each with its rep turn) — never the held-out sets.

  (1) the head trained on the training set alone (the fine-tuned encoder's out-of-fold vectors), scored on
      all of ``pending/``, at the thresholds chosen for several assumed shares of objections (the
      ``TARGET_PREVALENCE`` choice);
  (2) 5-fold CV over ``pending/`` (seed 0): the head trained on the training set plus four fifths of
      ``pending/``, scored on the fifth left out (the choice to train the head on ``pending/``).

Detection is reported raw and with negatives re-weighted to a 30% share of objections (``p30``), as in calls;
categorisation is macro-F1 of the categoriser on the gold objections. Needs the fine-tuned encoder
(``textops/data/objection_encoder.npz``); about 4 minutes on 2 cores.

Usage: python bench/objection_dev.py
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from textops.embeddings import Vectors
from textops.objections._classifier import Floats, features_of, prepare
from textops.objections._encoder import tuned_encoder
from textops.objections._rules import rule_hits
from textops.objections._seed import SeedExample, default_head_paths, load_seed, load_training_set
from textops.objections._taxonomy import NONE
from textops.objections._training import _best_threshold, _fit_detector, train_model

SEED = 0


class _Named:
    """train_model needs only the embedder's name when the vectors are given."""

    name = "objection-dev"
    dim = 384


def figures(
    y: np.ndarray, p: Floats, threshold: float, prevalence: float | None
) -> tuple[float, float, float]:
    """Precision, recall, F1 at ``threshold``, negatives re-weighted to ``prevalence`` (``None``: as is)."""
    pred = p >= threshold
    w = 1.0 if prevalence is None else (1 - prevalence) / prevalence * y.sum() / max(1, (~y).sum())
    tp, fp, fn = float((pred & y).sum()), w * float((pred & ~y).sum()), float((~pred & y).sum())
    precision, recall = tp / max(1e-9, tp + fp), tp / max(1e-9, tp + fn)
    return precision, recall, 2 * precision * recall / max(1e-9, precision + recall)


def line(
    name: str, y: np.ndarray, labels: np.ndarray, p: Floats, cats: Floats, keys: tuple[str, ...], t: float
) -> None:
    """One row of figures."""
    raw, p30 = figures(y, p, t, None), figures(y, p, t, 0.30)
    guess = np.array(keys)[cats[y].argmax(axis=1)]
    macro = f1_score(labels[y], guess, average="macro", zero_division=0.0)
    print(
        f"{name:<34} thr {t:.2f}  raw P/R/F1 {raw[0]:.3f}/{raw[1]:.3f}/{raw[2]:.3f}  "
        f"p30 P/R/F1 {p30[0]:.3f}/{p30[1]:.3f}/{p30[2]:.3f}  category macro-F1 {macro:.3f}"
    )


def main() -> None:
    tuned = tuned_encoder()
    if tuned is None:
        raise SystemExit(
            "the fine-tuned objection encoder is not available (see textops/objections/_encoder.py)"
        )
    train = load_training_set()
    dev: list[SeedExample] = [e for path in default_head_paths() for e in load_seed(path, whole_set=False)]
    texts, contexts = [e.text for e in dev], [e.context for e in dev]
    labels = np.array([e.label for e in dev])
    y = labels != NONE
    vectors: Vectors = tuned.embedder.encode([prepare(t) for t in texts])
    hits = [rule_hits(t) for t in texts]
    print(f"dev: {len(dev)} sentences from pending/, {int(y.sum())} objections; training set {len(train)}")

    model = train_model(train, _Named(), vectors=tuned.oof_vectors, random_state=SEED)
    p, cats, _ = model.predict_all(texts, vectors, hits, contexts)
    train_y = np.array([e.label != NONE for e in train])
    x = features_of(
        model.vectorizer,
        [e.text for e in train],
        tuned.oof_vectors,
        [rule_hits(e.text) for e in train],
        [e.context for e in train],
    )
    _, _, _, p_oof = _fit_detector(x, train_y, SEED)
    print("(1) head on the training set only; threshold chosen for an assumed share of objections")
    for share in (0.15, 0.20, 0.25, 0.30, 0.35):
        line(
            f"share {share:.2f}", y, labels, p, cats, model.categories, _best_threshold(train_y, p_oof, share)
        )

    print("(2) 5-fold CV over pending/: head on training set + 4/5 of pending/, scored on the other fifth")
    p_cv, cats_cv = np.zeros(len(dev)), np.zeros((len(dev), len(model.categories)))
    thresholds = []
    for fit, held in StratifiedKFold(5, shuffle=True, random_state=SEED).split(texts, labels):
        m = train_model(
            train + [dev[i] for i in fit],
            _Named(),
            vectors=np.vstack([tuned.oof_vectors, vectors[fit]]),
            random_state=SEED,
        )
        pp, cc, _ = m.predict_all(
            [texts[i] for i in held], vectors[held], [hits[i] for i in held], [contexts[i] for i in held]
        )
        p_cv[held], cats_cv[held] = pp, cc
        thresholds.append(m.threshold)
    line(
        "training set only (share 0.30)",
        y,
        labels,
        p,
        cats,
        model.categories,
        _best_threshold(train_y, p_oof, 0.30),
    )
    line(
        "training set + pending/ (CV)", y, labels, p_cv, cats_cv, model.categories, float(np.mean(thresholds))
    )


if __name__ == "__main__":
    main()
