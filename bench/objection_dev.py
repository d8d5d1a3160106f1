"""Dev figures behind the objection model's choices: leave one *author* out, never the held-out sets.

The head's gap is author shift: out-of-fold on its own training text it reaches ~0.89 detection F1, on text
by people it never learned from (the held-out sets) ~0.70. So every choice is judged on text by an author
the head did not learn from: the labelled training sentences are grouped by author (``seed``, each
``train/*.jsonl``, ``author4_*`` together, ``smalltalk_logistics``, each later ``pending/authorN_*``
group; :func:`textops.objections._seed.author_of`), and for each author the head is trained on all the
others and scored on that one, sentence by sentence, each with its rep turn.

Vectors: the sentences of ``seed.jsonl`` and ``train/`` are represented by the out-of-fold vectors shipped
with the fine-tuned encoder (each embedded by an encoder fine-tuned without it — never the final encoder,
which was tuned on them), the ``pending/`` sentences by the shipped encoder, which never saw them. Caveat:
the encoder's folds were not split by author, so a left-out ``seed``/``train`` author's vectors come from an
encoder that saw *other* sentences by that author; the ``pending/`` authors are fully unseen and their mean
is printed apart (the cleanest measure of what the held-out sets measure).

Per author: detection precision/recall/F1 at the head's own threshold, raw and with negatives re-weighted to
a 30% share of objections (``p30``, the share in calls; the authors wrote 35–65% objections), and category
macro-F1 of the categoriser on the author's gold objections. An author with no objections (small talk)
gets its false-positive rate instead. The summary is the mean over authors with objections.

``--variants`` picks head configurations (:class:`~textops.objections._training.HeadConfig`) by name (see
``VARIANTS``); ``--errors`` prints false positives/negatives by kind over all left-out authors. Needs the
fine-tuned encoder (``textops/data/objection_encoder.npz``); a few minutes per variant on one core, seed 0.

Tried on 2026-12-07 and not kept: Platt scaling and the threshold fitted on out-of-fold predictions whose
folds keep each author whole (``StratifiedGroupKFold`` over the authors, not stratified folds that mix them).
Mean over the four ``pending/`` authors with objections, shipped → author folds → author folds with author
weights ``n ** -0.5``: p30 F1 0.823 → 0.827 → 0.828, category macro-F1 0.839 → 0.839 → 0.841, ECE 0.083 →
0.083 → 0.077 (over every author 0.065 → 0.067 → 0.067); the chosen thresholds moved by 0.02 at most. Gains of
this size are a few sentences per author, not a clear win, so the option was dropped.

Since 2026-12-07 ``pending/`` is empty: its files (authors 4–7, small talk) moved into ``train/`` and the
encoder was tuned on them, so every author's sentences are represented by out-of-fold vectors (from encoder
folds that mixed authors) and no author is fully unseen any more.

Usage: python bench/objection_dev.py [--variants shipped,...] [--errors N] [--json OUT]
"""

from __future__ import annotations

import textops  # noqa: F401 - first: it sets OpenBLAS's spin timeout before numpy loads

# isort: split
import argparse
import hashlib
import json
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from _common import ROOT
from sklearn.metrics import f1_score

from textops.embeddings import Vectors
from textops.objections._classifier import Floats, prepare
from textops.objections._encoder import tuned_encoder
from textops.objections._rules import rule_hits
from textops.objections._seed import SeedExample, load_head_set, load_training_set
from textops.objections._taxonomy import NONE
from textops.objections._training import HeadConfig, train_model
from textops.settings import get_settings

SEED = 0
PREVALENCE = 0.30

_FAST = HeadConfig(pain=False, temperature=False)
"""The shipped head without what the dev figures do not use (pain head, categoriser temperature)."""

VARIANTS: dict[str, HeadConfig] = {
    "shipped": _FAST,
    "authors-0.5": replace(_FAST, author_power=0.5),
    "authors-1": replace(_FAST, author_power=1.0),
    "prior-0.25": replace(_FAST, prevalence=0.25),
    "prior-0.35": replace(_FAST, prevalence=0.35),
    "det-c1": replace(_FAST, detector_c=1.0),
    "det-c16": replace(_FAST, detector_c=16.0),
    "cat-c2": replace(_FAST, categoriser_c=2.0),
    "cat-c32": replace(_FAST, categoriser_c=32.0),
    "emb-2": replace(_FAST, embedding_weight=2.0),
    "chars-0.25": replace(_FAST, char_weight=0.25),
    "words-0.5": replace(_FAST, word_weight=0.5, char_weight=0.25),
    "no-context": replace(_FAST, context_weight=0.0),
    "context-1": replace(_FAST, context_weight=1.0),
    "mlp-0.5": replace(_FAST, mlp_blend=0.5),
    "mlp-1": replace(_FAST, mlp_blend=1.0),
}


class _Named:
    """train_model needs only the embedder's name when the vectors are given."""

    name = "objection-dev"
    dim = 384


def dev_set(pending: Path | None = None) -> tuple[list[SeedExample], Vectors, int]:
    """Every labelled training sentence with its vector; the number of them the encoder was tuned on.

    ``pending``: a folder with a copy of ``pending/*.jsonl`` to use instead (a snapshot, so that variants
    compared in several runs see the same sentences while authors are still adding some).
    """
    tuned = tuned_encoder()
    if tuned is None:
        raise SystemExit(
            "the fine-tuned objection encoder is not available (see textops/objections/_encoder.py)"
        )
    train = load_training_set()
    head = load_head_set(sorted(pending.glob("*.jsonl")) if pending else None)
    if len(train) != len(tuned.oof_vectors):
        raise SystemExit("the training files changed since the encoder was tuned")
    if not head:  # pending/ is empty since its files moved into train/
        return train, tuned.oof_vectors, len(train)
    texts = [prepare(e.text) for e in head]
    return train + head, np.vstack([tuned.oof_vectors, _embed(tuned.embedder, texts)]), len(train)


def _embed(embedder: Any, texts: list[str]) -> Vectors:
    """The shipped encoder's vectors of ``texts``, kept in ``<data_dir>/dev/`` between runs."""
    cache = Path(get_settings().data_dir) / "dev" / "objection_dev_vectors.npz"
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    known: dict[str, np.ndarray] = {}
    if cache.is_file():
        with np.load(cache) as z:
            known = dict(zip(z["keys"].tolist(), z["vectors"], strict=True))
    todo = [i for i, k in enumerate(keys) if k not in known]
    if todo:
        fresh = embedder.encode([texts[i] for i in todo])
        for i, v in zip(todo, fresh, strict=True):
            known[keys[i]] = v
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, keys=np.array(list(known)), vectors=np.array(list(known.values())))
    return np.array([known[k] for k in keys], dtype=np.float32)


def prf(y: np.ndarray, pred: np.ndarray, prevalence: float | None) -> tuple[float, float, float]:
    """Precision, recall, F1; negatives re-weighted to ``prevalence`` (``None``: as they are)."""
    w = 1.0 if prevalence is None else (1 - prevalence) / prevalence * y.sum() / max(1, (~y).sum())
    tp, fp, fn = float((pred & y).sum()), w * float((pred & ~y).sum()), float((~pred & y).sum())
    precision, recall = tp / max(1e-9, tp + fp), tp / max(1e-9, tp + fn)
    return precision, recall, 2 * precision * recall / max(1e-9, precision + recall)


def leave_one_author_out(
    examples: list[SeedExample], vectors: Vectors, config: HeadConfig
) -> tuple[dict[str, dict[str, Any]], np.ndarray, np.ndarray, np.ndarray]:
    """Per author: figures of the head trained on the other authors. Also P(objection), the threshold and
    the guessed category of every sentence, as predicted with its author left out."""
    sources = np.array([e.source for e in examples])
    labels = np.array([e.label for e in examples])
    texts = [e.text for e in examples]
    contexts = [e.context for e in examples]
    hits = [rule_hits(t) for t in texts]
    p = np.zeros(len(examples))
    thr = np.zeros(len(examples))
    guess = np.full(len(examples), NONE, dtype=object)
    out: dict[str, dict[str, Any]] = {}
    for author in dict.fromkeys(sources.tolist()):
        held = np.flatnonzero(sources == author)
        fit = np.flatnonzero(sources != author)
        t0 = time.perf_counter()
        model = train_model(
            [examples[i] for i in fit], _Named(), vectors=vectors[fit], random_state=SEED, config=config
        )
        pp, cats, _ = model.predict_all(
            [texts[i] for i in held], vectors[held], [hits[i] for i in held], [contexts[i] for i in held]
        )
        p[held], thr[held] = pp, model.threshold
        guess[held] = np.array(model.categories)[cats.argmax(axis=1)]
        y = labels[held] != NONE
        pred = pp >= model.threshold
        row: dict[str, Any] = {
            "n": len(held),
            "objections": int(y.sum()),
            "threshold": model.threshold,
            "seconds": round(time.perf_counter() - t0, 1),
        }
        if y.sum():
            row["raw"] = [round(v, 4) for v in prf(y, pred, None)]
            row["p30"] = [round(v, 4) for v in prf(y, pred, PREVALENCE)]
            gold = labels[held][y]
            row["category_macro_f1"] = round(
                float(f1_score(gold, guess[held][y], average="macro", zero_division=0.0)), 4
            )
        else:
            row["false_positive_rate"] = round(float(pred.mean()), 4)
        out[author] = row
        print(f"  .. {author}: {row}", flush=True)
    return out, p, thr, guess.astype(str)


def summary(rows: dict[str, dict[str, Any]], unseen: set[str]) -> dict[str, float]:
    """Means over the authors with objections (all, and those the encoder never saw)."""
    out: dict[str, float] = {}
    for name, group in (("all", list(rows)), ("unseen", [a for a in rows if a in unseen])):
        scored = [rows[a] for a in group if "p30" in rows[a]]
        if scored:
            out[f"{name}_p30_f1"] = round(float(np.mean([r["p30"][2] for r in scored])), 4)
            out[f"{name}_raw_f1"] = round(float(np.mean([r["raw"][2] for r in scored])), 4)
            out[f"{name}_macro_f1"] = round(float(np.mean([r["category_macro_f1"] for r in scored])), 4)
    fpr = [rows[a]["false_positive_rate"] for a in rows if "false_positive_rate" in rows[a]]
    if fpr:
        out["no_objection_fpr"] = round(float(np.mean(fpr)), 4)
    return out


def print_rows(name: str, rows: dict[str, dict[str, Any]], means: dict[str, float]) -> None:
    """One block of figures per variant."""
    print(f"\n== {name}")
    for author, r in rows.items():
        if "p30" in r:
            raw, p30 = r["raw"], r["p30"]
            print(
                f"  {author:<20} n {r['n']:>5} obj {r['objections']:>5} thr {r['threshold']:.2f}  "
                f"raw P/R/F1 {raw[0]:.3f}/{raw[1]:.3f}/{raw[2]:.3f}  p30 {p30[0]:.3f}/{p30[1]:.3f}/"
                f"{p30[2]:.3f}  cat macro-F1 {r['category_macro_f1']:.3f}  ({r['seconds']:.0f} s)"
            )
        else:
            print(
                f"  {author:<20} n {r['n']:>5} obj     0 thr {r['threshold']:.2f}  "
                f"false-positive rate {r['false_positive_rate']:.3f}  ({r['seconds']:.0f} s)"
            )
    print(
        "  MEAN (authors with objections): "
        + "  ".join(f"{k} {v:.3f}" for k, v in means.items() if k.startswith("all"))
    )
    print(
        "  MEAN (authors the encoder never saw): "
        + "  ".join(f"{k} {v:.3f}" for k, v in means.items() if not k.startswith("all"))
    )


def sweep(examples: list[SeedExample], p: Floats, unseen: set[str]) -> None:
    """Mean p30 F1 over authors at fixed thresholds (what threshold would have suited unseen authors)."""
    sources = np.array([e.source for e in examples])
    y = np.array([e.label != NONE for e in examples])
    authors = [a for a in dict.fromkeys(sources.tolist()) if y[sources == a].any()]
    cells = []
    for t in np.arange(0.30, 0.86, 0.05):
        f_all = [prf(y[sources == a], p[sources == a] >= t, PREVALENCE)[2] for a in authors]
        f_new = [f for a, f in zip(authors, f_all, strict=True) if a in unseen]
        cells.append(f"{t:.2f}: {np.mean(f_all):.3f}/{np.mean(f_new) if f_new else 0:.3f}")
    print("  mean p30 F1 at a fixed threshold (all / unseen authors): " + "  ".join(cells))


def errors(examples: list[SeedExample], p: Floats, thr: np.ndarray, guess: np.ndarray, n: int) -> None:
    """False positives / negatives by kind, category confusions, and a few examples of each."""
    labels = np.array([e.label for e in examples])
    kinds = np.array([e.kind or "?" for e in examples])
    y, pred = labels != NONE, p >= thr
    fn, fp = np.flatnonzero(y & ~pred), np.flatnonzero(~y & pred)
    print(
        "\nfalse negatives by kind / label:",
        Counter(kinds[fn]).most_common(),
        Counter(labels[fn]).most_common(),
    )
    neg_kinds = Counter(kinds[~y])
    print(
        "false positives by kind (share of that kind):",
        [(k, c, round(c / neg_kinds[k], 3)) for k, c in Counter(kinds[fp]).most_common()],
    )
    wrong = np.flatnonzero(y & (guess != labels))
    print(
        "category confusions (gold → guess):",
        Counter(zip(labels[wrong], guess[wrong], strict=True)).most_common(15),
    )
    rng = np.random.default_rng(SEED)
    for name, idx in (("FN", fn), ("FP", fp)):
        for i in rng.choice(idx, size=min(n, len(idx)), replace=False):
            e = examples[int(i)]
            print(f"  {name} [{e.source}/{e.kind}/{e.label}] p={p[i]:.2f}  {e.text[:150]!r}")


def whole_calls(
    examples: list[SeedExample],
    vectors: Vectors,
    config: HeadConfig,
    clause_floor: float | None = None,
    pending: Path | None = None,
) -> None:
    """The detection pipeline on the whole calls of ``train/author5_calls.jsonl``, head trained without it.

    Since 2026-12-07 the shipped encoder was tuned on author 5 too, so its vectors of these calls are not
    out-of-sample: the figures are optimistic (before, author 5 was in ``pending/`` and unseen).

    The prospect units of a call that follow the same rep turn are joined into one turn, as a transcript has
    them; the detector (sentence split, clauses, spans, with the rep turn as context) runs on the turns, and
    a labelled unit counts as detected when an objection span overlaps it — the held-out sets' measure, on
    an author the head did not learn from. Also call-level recall/precision per category.
    """
    from textops.objections._detect import DetectConfig, Detector

    path = (pending or ROOT / "corpora" / "objections" / "train") / "author5_calls.jsonl"
    if not path.is_file():
        return
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    author = "author5"
    tuned = tuned_encoder()
    assert tuned is not None
    fit = [i for i, e in enumerate(examples) if e.source != author]
    model = train_model(
        [examples[i] for i in fit], _Named(), vectors=vectors[fit], random_state=SEED, config=config
    )
    model.embedder_name = tuned.embedder.name
    turns: list[str] = []
    contexts: list[str] = []
    calls: list[str] = []
    units: list[tuple[int, int, int, str]] = []  # turn, start, end, label
    for r in rows:
        text = str(r["text"]).strip()
        if not (turns and calls[-1] == r["call"] and contexts[-1] == (r.get("rep") or "")):
            turns.append("")
            contexts.append(r.get("rep") or "")
            calls.append(r["call"])
        start = len(turns[-1]) + (1 if turns[-1] else 0)
        turns[-1] = f"{turns[-1]} {text}" if turns[-1] else text
        units.append((len(turns) - 1, start, start + len(text), r["label"]))
    cfg = DetectConfig() if clause_floor is None else DetectConfig(clause_floor=clause_floor)
    found = Detector(model, tuned.embedder, config=cfg).run(turns, contexts=contexts)
    y = np.array([u[3] != NONE for u in units])
    pred = np.array(
        [any(d.start_char < e and s < d.end_char for d in found.objections[t]) for t, s, e, _ in units]
    )
    p, r, f = prf(y, pred, None)
    print(
        f"  whole calls ({author}, {len(set(calls))} calls, {len(turns)} prospect turns, {len(units)} units, "
        f"clause floor {cfg.clause_floor}): unit P/R/F1 {p:.3f}/{r:.3f}/{f:.3f}  "
        f"spans {sum(map(len, found.objections))}"
    )
    gold: dict[str, set[str]] = {}
    guess: dict[str, set[str]] = {}
    for (_, _, _, label), call in zip(units, [calls[u[0]] for u in units], strict=True):
        gold.setdefault(call, set())
        if label != NONE:
            gold[call].add(label)
    for t, dets in enumerate(found.objections):
        guess.setdefault(calls[t], set()).update(d.category for d in dets)
    cells = []
    for cat in sorted({c for g in gold.values() for c in g}):
        raised = [c for c in gold if cat in gold[c]]
        said = [c for c in guess if cat in guess[c]]
        hit = len([c for c in raised if cat in guess.get(c, set())])
        cells.append(f"{cat} {hit}/{len(raised)} (P {hit / max(1, len(said)):.2f})")
    print("  call-level recall per category (precision): " + ", ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variants", default="shipped", help=f"comma-separated: {', '.join(VARIANTS)}")
    parser.add_argument("--errors", type=int, default=0, help="print N example errors of the first variant")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument(
        "--calls", action="store_true", help="also run the detection pipeline on author5's whole calls"
    )
    parser.add_argument("--pending", type=Path, help="a snapshot of pending/*.jsonl to use instead")
    parser.add_argument("--no-loao", action="store_true", help="skip the leave-one-author-out figures")
    args = parser.parse_args()
    names = args.variants.split(",")
    unknown = [v for v in names if v not in VARIANTS]
    if unknown:
        raise SystemExit(f"unknown variant(s) {unknown}; known: {sorted(VARIANTS)}")
    examples, vectors, n_tuned = dev_set(args.pending)
    sources = Counter(e.source for e in examples)
    unseen = {e.source for e in examples[n_tuned:]}
    print(
        f"{len(examples)} labelled sentences by {len(sources)} authors: "
        + ", ".join(f"{a} {c}" for a, c in sources.items())
    )
    figures: dict[str, Any] = {}
    for i, name in enumerate(names):
        if args.calls:
            print(f"\n== {name}: whole calls")
            whole_calls(examples, vectors, VARIANTS[name], pending=args.pending)
            whole_calls(examples, vectors, VARIANTS[name], clause_floor=1.01, pending=args.pending)
        if args.no_loao:
            continue
        rows, p, thr, guess = leave_one_author_out(examples, vectors, VARIANTS[name])
        means = summary(rows, unseen)
        print_rows(name, rows, means)
        sweep(examples, p, unseen)
        figures[name] = {"authors": rows, "mean": means}
        if i == 0 and args.errors:
            errors(examples, p, thr, guess, args.errors)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
