"""Fit the word model that tells a seller's sentence from a buyer's, for role inference (fixed seed).

Training text (written for textops, never from an evaluation set): the rep turns and prospect sentences of
``corpora/objections/train/*.jsonl`` (each line has a prospect unit and, often, the rep turn before it)
and the prospect sentences of ``corpora/objections/seed.jsonl``. Rep turns are split into sentences so both
classes are sentence-sized. Features: binary word uni- and bigrams of the lower-cased text without
punctuation (the same cleaning as :mod:`textops.ingest._role_inference`, so it works on ASR-like text).
Model: L2 logistic regression with balanced classes; n-grams seen in fewer than 3 sentences are dropped,
and so are weights below 0.05 in magnitude, to keep the shipped file small.

Writes ``textops/data/role_words.json`` and prints 5-fold cross-validated accuracy (on the training text:
optimistic) and speaker-level accuracy on the demo corpus's calls with roles removed (a development figure).

Usage: python bench/train_role_model.py [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
from _common import ROOT
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

from textops.ingest._role_inference import clean_text

TRAIN = ROOT / "corpora" / "objections" / "train"
SEED = ROOT / "corpora" / "objections" / "seed.jsonl"
OUT = ROOT / "textops" / "data" / "role_words.json"
C = 1.0
MIN_DF = 3
MIN_WEIGHT = 0.05


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if len(s.split()) >= 2]


def load() -> tuple[list[str], list[int]]:
    texts: list[str] = []
    labels: list[int] = []
    seen: set[str] = set()

    def add(text: str, label: int) -> None:
        key = clean_text(text)
        if key and key not in seen:
            seen.add(key)
            texts.append(key)
            labels.append(label)

    for path in sorted(TRAIN.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            add(row["text"], 0)
            for s in sentences(row.get("rep") or ""):
                add(s, 1)
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.strip():
            add(json.loads(line)["text"], 0)
    return texts, labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    texts, labels = load()
    y = np.array(labels)
    print(f"training sentences: {len(texts)} ({int(y.sum())} rep, {int((1 - y).sum())} prospect)")
    vec = CountVectorizer(ngram_range=(1, 2), min_df=MIN_DF, binary=True, token_pattern=r"\S+")
    x = vec.fit_transform(texts)
    lr = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=0)
    cv = cross_val_score(lr, x, y, cv=5, scoring="accuracy")
    print(f"5-fold accuracy on the training text (optimistic): {cv.mean():.3f}")
    lr.fit(x, y)
    vocab = vec.get_feature_names_out()
    weights = {
        str(t): round(float(w), 3) for t, w in zip(vocab, lr.coef_[0], strict=True) if abs(w) >= MIN_WEIGHT
    }
    payload = {
        "about": "word uni/bigram weights: positive = said by the seller (bench/train_role_model.py)",
        "intercept": round(float(lr.intercept_[0]), 4),
        "weights": dict(sorted(weights.items())),
    }
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} n-grams)")


if __name__ == "__main__":
    main()
