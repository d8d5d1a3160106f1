"""Train the pairwise headline scorer on Upworthy A/B tests; writes textops/data/headline_scorer.npz.

Reproducible: fixed seed, deterministic solver, and this split rule (see textops/headlines/_upworthy.py):
sort the distinct ``test_week`` values; the latest 20 % of weeks (rounded up) are held out for validation
(never used here except to print figures — nothing is tuned on them); the earlier weeks train. Pairs are
formed only inside one clickability_test_id AND one eyecatcher_id, from arms with different headlines and
different click rates; the label says which headline got the higher click rate.

Model: logistic regression without intercept on standardised feature DIFFERENCES (a - b), fitted on both
orders of every pair (so P(a beats b) = 1 - P(b beats a)). Features: the interpretable ones of
``textops.headlines._features`` plus the 384-d sentence vector of the headline encoder (the distilled
3-layer MiniLM, textops/headlines/_encoder.py; TEXTOPS_HEADLINE_ENCODER picks it). The L2 strength C is
chosen by 5-fold cross-validation grouped by test, on the training weeks only. Uncertainty: the Laplace
(inverse Hessian) covariance of the penalised fit, inflated by the design effect
n_pairs / n_independent_contrasts because pairs from one test share headlines.

Usage: python bench/train_headline_model.py [--data CSV] [--out PATH] [--no-write]
Embeddings of the CSV's headlines are cached under <data_dir>/cache/ (training script only).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from _common import ROOT, SHARED_DATA

sys.path.insert(0, str(ROOT))

from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from textops.headlines._encoder import headline_encoder
from textops.headlines._features import FEATURE_GROUPS, FEATURE_NAMES, feature_matrix
from textops.headlines._upworthy import build_pairs, read_arms, split_weeks

SEED = 20240605
C_GRID = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 1.0)
DEFAULT_DATA = SHARED_DATA / "upworthy" / "upworthy_exploratory_train.csv"


def embed_texts(texts: list[str]) -> dict[str, np.ndarray]:
    """Headline-encoder vectors of ``texts``, cached in <data_dir>/cache/ (only new texts are embedded)."""
    from textops.settings import get_settings

    encoder = headline_encoder()
    cache = get_settings().data_dir / "cache" / f"headline_embeddings_{encoder.model_id}.npz"
    known: dict[str, np.ndarray] = {}
    if cache.exists():
        data = np.load(cache, allow_pickle=False)
        known = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
    missing = sorted(set(texts) - set(known))
    if missing:
        t0 = time.perf_counter()
        known.update(zip(missing, encoder.embedder.encode(missing), strict=True))
        print(f"embedded {len(missing)} headlines in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        cache.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(known)
        np.savez(cache, texts=np.array(keys, dtype=str), vectors=np.stack([known[k] for k in keys]))
    return known


def design(pairs: list, feats: dict[str, np.ndarray], vecs: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    fa = np.stack([feats[p.a] for p in pairs])
    fb = np.stack([feats[p.b] for p in pairs])
    ea = np.stack([vecs[p.a] for p in pairs]).astype(np.float64)
    eb = np.stack([vecs[p.b] for p in pairs]).astype(np.float64)
    y = np.array([p.label for p in pairs])
    return fa - fb, ea - eb, y


def fit(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, grid: tuple[float, ...]
) -> tuple[LogisticRegression, float]:
    xx, yy, gg = np.vstack([x, -x]), np.concatenate([y, 1 - y]), np.concatenate([groups, groups])
    best_c, best_loss = grid[0], np.inf
    if len(grid) > 1:
        for c in grid:
            losses = []
            for tr, te in GroupKFold(n_splits=5).split(xx, yy, gg):
                m = LogisticRegression(C=c, fit_intercept=False, max_iter=2000, random_state=SEED).fit(
                    xx[tr], yy[tr]
                )
                p = np.clip(m.predict_proba(xx[te])[:, 1], 1e-9, 1 - 1e-9)
                losses.append(-np.mean(yy[te] * np.log(p) + (1 - yy[te]) * np.log(1 - p)))
            if np.mean(losses) < best_loss:
                best_c, best_loss = c, float(np.mean(losses))
    model = LogisticRegression(C=best_c, fit_intercept=False, max_iter=5000, random_state=SEED).fit(xx, yy)
    return model, best_c


def metrics(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    acc = float(np.mean(np.where(p == 0.5, 0.5, (p > 0.5) == (y == 1))))
    return acc, float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def covariance(model: LogisticRegression, x: np.ndarray, c: float, design_effect: float) -> np.ndarray:
    w = model.coef_[0]
    p = 1 / (1 + np.exp(-(x @ w)))
    info = (x * (p * (1 - p))[:, None]).T @ x  # one order of each pair
    prior_precision = 1.0 / (2.0 * c)  # both orders were fitted with C: objective/(2C) = |w|²/(4C) + Σ loss
    cov = np.linalg.inv(info + prior_precision * np.eye(x.shape[1]))
    return cov * design_effect


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "textops" / "data" / "headline_scorer.npz")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    np.random.seed(SEED)
    arms = read_arms(args.data)
    train_weeks, val_weeks = split_weeks(arms)
    pairs = build_pairs(arms)
    train = [p for p in pairs if p.week in train_weeks]
    val = [p for p in pairs if p.week in val_weeks]
    texts = sorted({t for p in pairs for t in (p.a, p.b)})
    feats = dict(zip(texts, feature_matrix(texts), strict=True))
    vecs = embed_texts(texts)
    fd_tr, ed_tr, y_tr = design(train, feats, vecs)
    fd_va, ed_va, y_va = design(val, feats, vecs)
    g_tr = np.array([hash(p.test_id) % (2**31) for p in train])
    f_scale = np.sqrt(np.mean(fd_tr**2, axis=0)) + 1e-9
    e_scale = np.sqrt(np.mean(ed_tr**2, axis=0)) + 1e-9
    zf_tr, zf_va = fd_tr / f_scale, fd_va / f_scale
    ze_tr, ze_va = ed_tr / e_scale, ed_va / e_scale
    print(
        f"pairs: train {len(train)} (weeks {min(train_weeks)}–{max(train_weeks)}), "
        f"validation {len(val)} (weeks {min(val_weeks)}–{max(val_weeks)}, "
        f"{sum(p.significant for p in val)} significant)"
    )

    results: dict[str, dict[str, float]] = {}
    models: dict[str, tuple[LogisticRegression, float]] = {}
    for name, xtr, xva in [
        ("features", zf_tr, zf_va),
        ("embeddings", ze_tr, ze_va),
        ("full", np.hstack([zf_tr, ze_tr]), np.hstack([zf_va, ze_va])),
        ("length", zf_tr[:, :1], zf_va[:, :1]),
    ]:
        m, c = fit(xtr, y_tr, g_tr, C_GRID if name != "length" else (1.0,))
        models[name] = (m, c)
        acc, ll = metrics(m.predict_proba(xva)[:, 1], y_va)
        results[name] = {"C": c, "val_accuracy": acc, "val_log_loss": ll}
        print(f"{name:>12}: C={c:<6} validation accuracy {acc:.4f}  log loss {ll:.4f}")
    print("ablation (features model without one group; validation):")
    for group, names in FEATURE_GROUPS.items():
        keep = [i for i, n in enumerate(FEATURE_NAMES) if n not in names]
        m, _ = fit(zf_tr[:, keep], y_tr, g_tr, (results["features"]["C"],))
        acc, ll = metrics(m.predict_proba(zf_va[:, keep])[:, 1], y_va)
        results[f"features_without_{group}"] = {"val_accuracy": acc, "val_log_loss": ll}
        print(f"  without {group:<22} accuracy {acc:.4f}  log loss {ll:.4f}")
    n_tests = len({p.test_id for p in train})
    n_contrasts = sum(
        len({h for p in train if p.test_id == t for h in (p.a, p.b)}) - 1 for t in {p.test_id for p in train}
    )
    deff = max(1.0, len(train) / max(n_contrasts, 1))
    full, c_full = models["full"]
    feat_model, c_feat = models["features"]
    meta = {
        "feature_names": list(FEATURE_NAMES),
        "embedding_model": headline_encoder().model_id,
        "embedding_dim": int(ed_tr.shape[1]),
        "data": args.data.name,
        "split": "time split by test_week: latest 20% of distinct weeks = validation",
        "train_weeks": [min(train_weeks), max(train_weeks)],
        "validation_weeks": [min(val_weeks), max(val_weeks)],
        "n_train_pairs": len(train),
        "n_train_tests": n_tests,
        "design_effect": deff,
        "seed": SEED,
        "results": results,
        "uncertainty": "Laplace covariance of the penalised logistic fit x design effect; "
        "delta method on the logit",
    }
    if args.no_write:
        return
    np.savez_compressed(
        args.out,
        meta=np.array(json.dumps(meta)),
        feature_scale=f_scale,
        embedding_scale=e_scale.astype(np.float32),
        coef_full=full.coef_[0],
        cov_full=covariance(full, np.hstack([zf_tr, ze_tr]), c_full, deff).astype(np.float32),
        coef_features=feat_model.coef_[0],
        cov_features=covariance(feat_model, zf_tr, c_feat, deff),
        coef_embeddings=models["embeddings"][0].coef_[0],
        coef_length=models["length"][0].coef_[0],
    )
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
