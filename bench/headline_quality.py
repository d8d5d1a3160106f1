"""Pairwise accuracy and log loss of the shipped headline scorer on Upworthy tests it was not trained on.

Default data: the shared exploratory file, evaluated on its validation fifth (latest 20 % of test weeks —
the split rule of bench/train_headline_model.py). ``--data PATH`` evaluates another CSV with the same columns
(all its pairs unless ``--split val``). Pairs: same clickability_test_id and eyecatcher_id, different
headlines; "significant" = two-proportion z-test p < 0.05. Baselines: "pick the shorter" (accuracy of the
rule; log loss of the shipped 1-feature length model) and the shipped embeddings-only model.

Usage: python bench/headline_quality.py [--data CSV] [--split val|all]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from _common import ROOT, SHARED_DATA

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from train_headline_model import embed_texts

from textops.headlines._encoder import headline_encoder
from textops.headlines._features import feature_matrix
from textops.headlines._scorer import load_scorer
from textops.headlines._upworthy import build_pairs, read_arms, split_weeks

DEFAULT_DATA = SHARED_DATA / "upworthy" / "upworthy_exploratory_train.csv"


def _metrics(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    correct = np.where(p == 0.5, 0.5, ((p > 0.5) == (y == 1)).astype(float))
    return float(correct.mean()), float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--split", choices=("val", "all"), default=None)
    args = ap.parse_args()
    split = args.split or ("val" if args.data.resolve() == DEFAULT_DATA.resolve() else "all")
    t0 = time.perf_counter()
    arms = read_arms(args.data)
    pairs = build_pairs(arms)
    if split == "val":
        _, val_weeks = split_weeks(arms)
        pairs = [p for p in pairs if p.week in val_weeks]
    if not pairs:
        sys.exit(f"{args.data}: no usable pairs")
    scorer = load_scorer()
    encoder = headline_encoder()
    if not scorer.uses_embeddings(encoder.model_id, scorer.embedding_dim):
        sys.exit(
            f"the scorer was trained on {scorer.embedding_model} vectors, the headline encoder is "
            f"{encoder.model_id}: retrain with bench/train_headline_model.py "
            "or change TEXTOPS_HEADLINE_ENCODER"
        )
    print(f"headline encoder: {encoder.model_id}")
    texts = sorted({t for p in pairs for t in (p.a, p.b)})
    feats = dict(zip(texts, feature_matrix(texts), strict=True))
    vecs = embed_texts(texts)
    fa = np.stack([feats[p.a] for p in pairs])
    fb = np.stack([feats[p.b] for p in pairs])
    zf = (fa - fb) / scorer.feature_scale
    ze = (
        np.stack([vecs[p.a] for p in pairs]) - np.stack([vecs[p.b] for p in pairs])
    ) / scorer.embedding_scale
    y = np.array([p.label for p in pairs], dtype=float)
    sig = np.array([p.significant for p in pairs])

    def sigmoid(x: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-x))

    preds = {
        "scorer (features+embeddings)": sigmoid(np.hstack([zf, ze]) @ scorer.coef_full),
        "scorer (features only)": sigmoid(zf @ scorer.coef_features),
        "baseline: embeddings only": sigmoid(ze @ scorer.coef_embeddings),
        "baseline: pick the shorter": sigmoid(zf[:, :1] @ scorer.coef_length),
    }
    shorter = np.where(fa[:, 0] == fb[:, 0], 0.5, (fa[:, 0] < fb[:, 0]).astype(float))
    n_tests = len({p.test_id for p in pairs})
    print(
        f"data: {args.data.name}  split: {split}  pairs: {len(pairs)} from {n_tests} tests  "
        f"significant (p<0.05): {int(sig.sum())}"
    )
    print(f"{'model':<30} {'acc all':>8} {'logloss':>8} {'acc sig':>8} {'logloss':>8}")
    for name, p in preds.items():
        if name == "baseline: pick the shorter":
            acc_all = float(np.mean(np.where(shorter == 0.5, 0.5, shorter == y)))
            acc_sig = float(np.mean(np.where(shorter[sig] == 0.5, 0.5, shorter[sig] == y[sig])))
            ll_all, ll_sig = _metrics(p, y)[1], _metrics(p[sig], y[sig])[1]
        else:
            acc_all, ll_all = _metrics(p, y)
            acc_sig, ll_sig = _metrics(p[sig], y[sig])
        print(f"{name:<30} {acc_all:8.4f} {ll_all:8.4f} {acc_sig:8.4f} {ll_sig:8.4f}")
    print(f"{'coin flip':<30} {0.5:8.4f} {np.log(2):8.4f} {0.5:8.4f} {np.log(2):8.4f}")
    print(f"({time.perf_counter() - t0:.1f}s)")


if __name__ == "__main__":
    main()
