"""Exploratory: how does the scorer's accuracy depend on the headline embedding? (Informed the distillation.)

Re-fits the pairwise models of ``bench/train_headline_model.py`` (same time split, pairs, C chosen by
grouped 5-fold CV on the training weeks only) with different embeddings, and prints validation accuracy /
log loss, all pairs and significant pairs:
* the headline encoder in use (the distilled 3-layer MiniLM, unless TEXTOPS_HEADLINE_ENCODER=full);
* MiniLM, all 6 layers;
* MiniLM's static token vectors (mean of the input word embeddings, no transformer layers);
* MiniLM's first 2 or 3 layers, mean-pooled.
Five embeddings are compared on the same validation weeks, so the best of them is slightly flattered.

Usage: python bench/headline_embedding_probe.py
"""

from __future__ import annotations

import textops  # noqa: F401 - first: it sets OpenBLAS's spin timeout before numpy loads

# isort: split
import sys
import time
from collections.abc import Callable

import numpy as np
from _common import ROOT

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from train_headline_model import C_GRID, DEFAULT_DATA, design, embed_texts, fit, metrics

from textops.embeddings import get_embedder
from textops.headlines._features import feature_matrix
from textops.headlines._upworthy import build_pairs, read_arms, split_weeks
from textops.loaders import load_transformer

Encoder = Callable[[list[str]], np.ndarray]


def main() -> None:
    import torch

    arms = read_arms(DEFAULT_DATA)
    train_weeks, val_weeks = split_weeks(arms)
    pairs = build_pairs(arms)
    train = [p for p in pairs if p.week in train_weeks]
    val = [p for p in pairs if p.week in val_weeks]
    texts = sorted({t for p in pairs for t in (p.a, p.b)})
    print(f"headlines {len(texts)}, pairs: train {len(train)}, validation {len(val)}", flush=True)
    feats = dict(zip(texts, feature_matrix(texts), strict=True))
    loaded = load_transformer(get_embedder().name)
    tok, model = loaded.tokenizer, loaded.model

    def static(ts: list[str]) -> np.ndarray:
        table = model.embeddings.word_embeddings.weight.detach().numpy()
        vecs = [table[ids[1:-1] or ids].mean(axis=0) for ids in tok(ts)["input_ids"]]
        out = np.array(vecs, dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def first_layers(k: int) -> Encoder:
        def encode(ts: list[str]) -> np.ndarray:
            out = []
            with torch.inference_mode():
                for lo in range(0, len(ts), 256):
                    batch = tok(
                        ts[lo : lo + 256], padding=True, truncation=True, max_length=64, return_tensors="pt"
                    )
                    hidden = model(**batch, output_hidden_states=True).hidden_states[k]
                    mask = batch["attention_mask"].unsqueeze(-1).float()
                    pooled = (hidden * mask).sum(1) / mask.sum(1)
                    out.append(torch.nn.functional.normalize(pooled, dim=1).numpy())
            return np.vstack(out)

        return encode

    groups = np.array([hash(p.test_id) % (2**31) for p in train])
    significant = np.array([p.significant for p in val])
    encoders: list[tuple[str, Encoder | None]] = [
        ("headline encoder (shipped)", None),
        ("MiniLM, 6 layers", first_layers(6)),
        ("static token vectors", static),
        ("MiniLM, first 2 layers", first_layers(2)),
        ("MiniLM, first 3 layers", first_layers(3)),
    ]
    for name, encode in encoders:
        t0 = time.perf_counter()
        vecs = embed_texts(texts) if encode is None else dict(zip(texts, encode(texts), strict=True))
        fd_tr, ed_tr, y_tr = design(train, feats, vecs)
        fd_va, ed_va, y_va = design(val, feats, vecs)
        f_scale = np.sqrt(np.mean(fd_tr**2, axis=0)) + 1e-9
        e_scale = np.sqrt(np.mean(ed_tr**2, axis=0)) + 1e-9
        cells = []
        for label, xtr, xva in [
            ("embeddings", ed_tr / e_scale, ed_va / e_scale),
            (
                "features+embeddings",
                np.hstack([fd_tr / f_scale, ed_tr / e_scale]),
                np.hstack([fd_va / f_scale, ed_va / e_scale]),
            ),
        ]:
            m, _ = fit(xtr, y_tr, groups, C_GRID)
            p = m.predict_proba(xva)[:, 1]
            acc, loss = metrics(p, y_va)
            acc_sig, _ = metrics(p[significant], y_va[significant])
            cells.append(f"{label}: acc {acc:.3f} log loss {loss:.3f} significant {acc_sig:.3f}")
        print(f"{name:<28} " + " | ".join(cells) + f"  ({time.perf_counter() - t0:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
