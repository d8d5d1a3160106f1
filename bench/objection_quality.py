"""Quality of objection detection and categorisation on labelled calls the classifier never saw.

Default: the held-out set ``corpora/objections/heldout/`` (written independently of the seed set; see its
README). The whole pipeline runs on its transcripts (``calls/``) and is scored against
``sentences.jsonl`` (one label per prospect sentence) and ``labels.jsonl`` (categories per call):

  (a) detection, sentence level: a labelled sentence counts as detected when an objection span of the
      report overlaps it — precision, recall, F1 at the shipped threshold, plus a threshold sweep;
  (b) categorisation: macro-F1 (and accuracy) of the categoriser on the gold objection sentences, each
      classified on its own text (categorisation given detection), and the end-to-end category of the
      detected ones; per-category precision/recall/F1;
  (c) calibration of P(objection) on the sentences (Brier, ECE, reliability bins);
  (d) call level: per-category precision/recall of "the call raised this category" vs labels.jsonl.

``--transcripts DIR --labels FILE`` scores any transcripts in a supported format (docs/formats.md) against
a JSONL file with one ``{"call_id": "...", "categories": ["price", ...]}`` per call (categories: price,
timing, authority, need, competitor, trust, implementation, contract, security, other) and prints (d).
``--demo`` prints the objection mix recovered on the synthetic demo corpus next to its ground truth.
The cross-validated figures on the seed set (which the model was trained on) are printed for contrast.

(e) pain points (sets that label them), (f) a fixed random sample of 50 reported quotes judged against the
labels, (g) speaker roles: as read against ``roles.jsonl``, or decided with the files' role information
removed.
Both held-out sets are read exactly as a user has them (the second has no headers and generic labels).

Usage: python bench/objection_quality.py [--heldout DIR ...] [--transcripts DIR --labels FILE] [--demo]
       [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from _common import ROOT, peak_rss_mib
from sklearn.metrics import f1_score, precision_recall_fscore_support

from textops.embeddings import get_embedder
from textops.ingest import read_paths
from textops.objections import CATEGORY_KEYS, ObjectionConfig, ObjectionReport, get_model, mine_objections
from textops.objections._classifier import prepare
from textops.objections._encoder import encoder_label, objection_embedder
from textops.objections._rules import rule_hits
from textops.types import Transcript

HELDOUT = ROOT / "corpora" / "objections" / "heldout"
REGISTERS = ROOT / "corpora" / "objections" / "heldout-registers"
LABELS = {*CATEGORY_KEYS, "none", "pain"}
QUOTE_SAMPLE = 50
QUOTE_SEED = 20261206


def fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(2)


def table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    print(fmt.format(*header))
    print(fmt.format(*["-" * w for w in widths]))
    for r in rows:
        print(fmt.format(*r))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                fail(f"{path}:{n}: not JSON ({exc})")
    return rows


def read_calls(folder: Path) -> list[Transcript]:
    if not folder.is_dir():
        fail(f"transcript folder {folder} not found")
    read = read_paths([folder], kind="transcript")
    for err in read.errors:
        print(f"skipped: {err}", file=sys.stderr)
    if not read.transcripts:
        fail(f"no transcripts in {folder} (see docs/formats.md)")
    return read.transcripts


def run(calls: list[Transcript]) -> tuple[ObjectionReport, float]:
    t0 = time.perf_counter()
    report = mine_objections(calls, embedder=get_embedder(), config=ObjectionConfig())
    return report, time.perf_counter() - t0


def call_level(report: ObjectionReport, labels_path: Path) -> dict[str, Any]:
    rows = read_jsonl(labels_path)
    gold: dict[str, set[str]] = {}
    for n, r in enumerate(rows, start=1):
        if "call_id" not in r or not isinstance(r.get("categories"), list):
            fail(f'{labels_path}:{n}: expected {{"call_id": ..., "categories": [...]}}')
        bad = set(r["categories"]) - set(CATEGORY_KEYS)
        if bad:
            fail(f"{labels_path}:{n}: unknown categories {sorted(bad)}; use {', '.join(CATEGORY_KEYS)}")
        gold[str(r["call_id"])] = set(r["categories"])
    found = {c.call_id: set(c.categories) for c in report.per_call}
    missing = sorted(set(gold) - set(found))
    if missing:
        print(
            f"warning: {len(missing)} labelled call(s) not among the transcripts: {missing[:5]}",
            file=sys.stderr,
        )
    ids = sorted(set(gold) & set(found))
    if not ids:
        fail("no call id of the labels file matches a transcript")
    out_rows, figures = [], {}
    tp_all = fp_all = fn_all = 0
    for cat in CATEGORY_KEYS:
        tp = sum(cat in gold[i] and cat in found[i] for i in ids)
        fp = sum(cat not in gold[i] and cat in found[i] for i in ids)
        fn = sum(cat in gold[i] and cat not in found[i] for i in ids)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        figures[cat] = {"precision": p, "recall": r, "calls_labelled": tp + fn, "calls_found": tp + fp}
        out_rows.append([cat, str(tp + fn), str(tp + fp), str(tp), f"{p:.3f}", f"{r:.3f}"])
    micro_p = tp_all / max(1, tp_all + fp_all)
    micro_r = tp_all / max(1, tp_all + fn_all)
    print(f"\nCall level ({len(ids)} calls): does the call raise the category?")
    table(["category", "labelled", "found", "both", "precision", "recall"], out_rows)
    print(f"micro: precision {micro_p:.3f}, recall {micro_r:.3f}")
    return {"calls": len(ids), "per_category": figures, "micro_precision": micro_p, "micro_recall": micro_r}


def locate(calls: list[Transcript], sentences: list[dict[str, Any]]) -> list[tuple[int, int] | None]:
    """Character range of each labelled sentence in its utterance (None when it cannot be found)."""
    text_of = {(t.call_id, u.index): u.text for t in calls for u in t.utterances}
    cursor: dict[tuple[str, int], int] = {}
    out: list[tuple[int, int] | None] = []
    for s in sentences:
        key = (s["call_id"], int(s["utterance_index"]))
        text = text_of.get(key)
        if text is None:
            out.append(None)
            continue
        start = text.find(s["text"], cursor.get(key, 0))
        if start < 0:
            start = text.find(s["text"])
        if start < 0:
            out.append(None)
            continue
        cursor[key] = start + len(s["text"])
        out.append((start, start + len(s["text"])))
    return out


def sentence_level(calls: list[Transcript], report: ObjectionReport, sentences_path: Path) -> dict[str, Any]:
    sentences = read_jsonl(sentences_path)
    for n, s in enumerate(sentences, start=1):
        if not {"call_id", "utterance_index", "text", "label"} <= s.keys() or s["label"] not in LABELS:
            fail(
                f"{sentences_path}:{n}: expected call_id, utterance_index, text and a label "
                f"in {sorted(LABELS)}"
            )
    spans = locate(calls, sentences)
    unmatched = sum(s is None for s in spans)
    by_utt: dict[tuple[str, int], list[Any]] = {}
    for o in report.objections:
        by_utt.setdefault((o.call_id, o.utterance_index), []).append(o)
    raw_gold = np.array([s["label"] for s in sentences])
    gold = np.where(raw_gold == "pain", "none", raw_gold)
    pred = []
    conf = []
    for s, span in zip(sentences, spans, strict=True):
        best, best_overlap = "none", 0
        for o in by_utt.get((s["call_id"], int(s["utterance_index"])), []) if span else []:
            overlap = min(span[1], o.end_char) - max(span[0], o.start_char)
            if overlap > best_overlap:
                best, best_overlap = o.category, overlap
        pred.append(best)
        conf.append(best_overlap)
    pred_arr = np.array(pred)
    y, yhat = gold != "none", pred_arr != "none"
    tp = int((y & yhat).sum())
    precision, recall = tp / max(1, int(yhat.sum())), tp / max(1, int(y.sum()))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(
        f"\n(a) Detection, sentence level ({len(sentences)} prospect sentences, {int(y.sum())} objections; "
        f"{unmatched} not located in the transcripts)"
    )
    print(
        f"pipeline at the shipped threshold {report.threshold:.2f}: precision {precision:.3f}, "
        f"recall {recall:.3f}, F1 {f1:.3f}"
    )
    # the model on each sentence alone: threshold sweep, categorisation and calibration
    embedder = objection_embedder(get_embedder())
    model = get_model(embedder)
    texts = [s["text"] for s in sentences]
    vectors = embedder.encode([prepare(t) for t in texts])
    p, cats, _ = model.predict_all(texts, vectors, [rule_hits(t) for t in texts])
    sweep = []
    for thr in (0.3, 0.4, 0.5, model.threshold, 0.7, 0.8):
        hat = p >= thr
        tp_ = int((hat & y).sum())
        pr, rc = tp_ / max(1, int(hat.sum())), tp_ / max(1, int(y.sum()))
        sweep.append(
            [
                f"{thr:.2f}" + (" (shipped)" if thr == model.threshold else ""),
                f"{pr:.3f}",
                f"{rc:.3f}",
                f"{2 * pr * rc / max(1e-9, pr + rc):.3f}",
            ]
        )
    print("each sentence classified alone (no turn context, no clause spans):")
    table(["threshold", "precision", "recall", "F1"], sweep)
    cat_guess = np.array([model.categories[int(i)] for i in cats.argmax(axis=1)])
    obj = y
    macro = f1_score(
        gold[obj], cat_guess[obj], labels=list(CATEGORY_KEYS), average="macro", zero_division=0.0
    )
    acc = float((gold[obj] == cat_guess[obj]).mean())
    e2e_mask = y & yhat
    e2e_acc = float((gold[e2e_mask] == pred_arr[e2e_mask]).mean()) if e2e_mask.any() else float("nan")
    joint = f1_score(gold, pred_arr, labels=[*CATEGORY_KEYS, "none"], average="macro", zero_division=0.0)
    print(
        f"\n(b) Categorisation of the {int(obj.sum())} gold objection sentences "
        "(categoriser on each sentence): "
        f"macro-F1 {macro:.3f}, accuracy {acc:.3f}"
    )
    print(
        f"    end to end: category correct on {e2e_acc:.3f} of detected objections; macro-F1 over 11 labels "
        f"(10 categories + none) {joint:.3f}"
    )
    pr_, rc_, f_, sup = precision_recall_fscore_support(
        gold[obj], cat_guess[obj], labels=list(CATEGORY_KEYS), zero_division=0.0
    )
    table(
        ["category", "support", "precision", "recall", "F1"],
        [
            [c, str(int(n)), f"{a:.3f}", f"{b:.3f}", f"{d:.3f}"]
            for c, a, b, d, n in zip(CATEGORY_KEYS, pr_, rc_, f_, sup, strict=True)
        ],
    )
    bins = np.clip((p * 10).astype(int), 0, 9)
    ece = float(
        sum(
            abs(p[bins == b].mean() - y[bins == b].mean()) * (bins == b).mean()
            for b in range(10)
            if (bins == b).any()
        )
    )
    brier = float(np.mean((p - y) ** 2))
    print(
        f"\n(c) Calibration of P(objection) on these sentences: Brier {brier:.3f}, ECE {ece:.3f} "
        f"(the training set has {100 * model.cv.positives / model.cv.n:.0f}% objections, "
        f"this set {100 * y.mean():.0f}%)"
    )
    table(
        ["P bin", "sentences", "mean P", "share objections"],
        [
            [
                f"{b / 10:.1f}-{(b + 1) / 10:.1f}",
                str(int((bins == b).sum())),
                f"{p[bins == b].mean():.2f}",
                f"{y[bins == b].mean():.2f}",
            ]
            for b in range(10)
            if (bins == b).any()
        ],
    )
    pain_figures = pain_level(report, sentences, spans, raw_gold)
    quotes = quote_sample(report, sentences, spans, raw_gold)
    return {
        "pain": pain_figures,
        "quotes": quotes,
        "sentences": len(sentences),
        "objections": int(y.sum()),
        "unmatched": unmatched,
        "detection": {"precision": precision, "recall": recall, "f1": f1, "threshold": report.threshold},
        "categorisation": {
            "macro_f1": float(macro),
            "accuracy": acc,
            "end_to_end_accuracy": e2e_acc,
            "joint_macro_f1": float(joint),
        },
        "calibration": {"brier": brier, "ece": ece},
    }


def _overlaps(span: tuple[int, int] | None, start: int, end: int) -> bool:
    return span is not None and min(span[1], end) - max(span[0], start) > 0


def pain_level(
    report: ObjectionReport,
    sentences: list[dict[str, Any]],
    spans: list[tuple[int, int] | None],
    raw_gold: np.ndarray,
) -> dict[str, Any] | None:
    """(e) Pain points, sentence level: a labelled ``pain`` sentence is found when a pain span overlaps it."""
    gold = raw_gold == "pain"
    if not gold.any():
        print("\n(e) Pain points: this set labels none (its sentences are objection / none only)")
        return None
    by_utt: dict[tuple[str, int], list[Any]] = {}
    for o in report.pain_points.items:
        by_utt.setdefault((o.call_id, o.utterance_index), []).append(o)
    hat = np.array(
        [
            any(
                _overlaps(span, o.start_char, o.end_char)
                for o in by_utt.get((s["call_id"], int(s["utterance_index"])), [])
            )
            for s, span in zip(sentences, spans, strict=True)
        ]
    )
    tp = int((hat & gold).sum())
    precision, recall = tp / max(1, int(hat.sum())), tp / max(1, int(gold.sum()))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    also_objection = int((hat & (raw_gold != "pain") & (raw_gold != "none")).sum())
    print(
        f"\n(e) Pain points, sentence level ({int(gold.sum())} labelled): precision {precision:.3f}, "
        f"recall {recall:.3f}, F1 {f1:.3f}; {report.pain_points.count} pain spans reported in "
        f"{report.pain_points.calls} calls; {also_objection} found pain sentences are labelled objections"
    )
    return {"precision": precision, "recall": recall, "f1": f1, "labelled": int(gold.sum())}


def quote_sample(
    report: ObjectionReport,
    sentences: list[dict[str, Any]],
    spans: list[tuple[int, int] | None],
    raw_gold: np.ndarray,
) -> dict[str, Any]:
    """(f) A fixed random sample of reported objection quotes, judged against the sentence labels."""
    rng = np.random.default_rng(QUOTE_SEED)
    objections = report.objections
    picked = [
        objections[int(i)]
        for i in rng.choice(len(objections), min(QUOTE_SAMPLE, len(objections)), replace=False)
    ]
    by_utt: dict[tuple[str, int], list[int]] = {}
    for i, s in enumerate(sentences):
        by_utt.setdefault((s["call_id"], int(s["utterance_index"])), []).append(i)
    verdicts: Counter[str] = Counter()
    for o in picked:
        labels = [
            str(raw_gold[i])
            for i in by_utt.get((o.call_id, o.utterance_index), [])
            if _overlaps(spans[i], o.start_char, o.end_char)
        ]
        objection_labels = [x for x in labels if x not in ("none", "pain")]
        if o.category in objection_labels:
            verdicts["right category"] += 1
        elif objection_labels:
            verdicts["objection, wrong category"] += 1
        elif "pain" in labels:
            verdicts["a pain point"] += 1
        else:
            verdicts["not an objection"] += 1
    n = max(1, len(picked))
    print(
        f"\n(f) {len(picked)} reported quotes drawn at random (seed {QUOTE_SEED}), judged against the "
        "labels: "
        + ", ".join(f"{k} {v}" for k, v in verdicts.most_common())
        + f" — precision (right category) {verdicts['right category'] / n:.2f}, "
        f"(any objection) {(verdicts['right category'] + verdicts['objection, wrong category']) / n:.2f}"
    )
    return {"sampled": len(picked), **dict(verdicts)}


def roles_level(folder: Path, calls: list[Transcript]) -> dict[str, Any]:
    """(g) Speaker roles: as read (files as they are) against roles.jsonl, or, for sets whose files name the
    reps, decided again with everything that states a role removed (bench/role_inference.py)."""
    import role_inference

    roles_file = folder / "roles.jsonl"
    if roles_file.is_file():
        truth: dict[str, dict[str, str]] = {}
        for r in read_jsonl(roles_file):
            truth[r["call_id"]] = {
                **{role_inference._key(n): "prospect" for n in r["prospects"]},
                **{role_inference._key(n): "rep" for n in r["reps"]},
            }
        by_style: dict[str, list[bool]] = {}
        styles = {r["call_id"]: r.get("labels_style", "all") for r in read_jsonl(folder / "labels.jsonl")}
        for t in calls:
            got = {role_inference._key(u.speaker): u.role for u in t.utterances}
            ok = all(got.get(k) == v for k, v in truth.get(t.call_id, {}).items()) and t.call_id in truth
            by_style.setdefault(styles.get(t.call_id, "all"), []).append(ok)
        figures = {k: sum(v) / len(v) for k, v in by_style.items()}
        print(
            "\n(g) Speaker roles as read, calls with every speaker right: "
            + ", ".join(f"{k} {sum(v)}/{len(v)} ({sum(v) / len(v):.0%})" for k, v in sorted(by_style.items()))
        )
        return figures
    ok, n, _ = role_inference.evaluate("heldout", verbose=False) if folder == HELDOUT else (0, 0, None)
    if n:
        print(
            f"\n(g) Speaker roles with headers, roles, emails and domains removed: {ok}/{n} calls right "
            f"({ok / n:.0%})"
        )
        return {"names_no_header": ok / n}
    return {}


def demo() -> dict[str, Any]:
    root = ROOT / "corpora" / "demo"
    truth = json.loads((root / "ground_truth.json").read_text())
    report, seconds = run(read_calls(root / "calls"))
    found = Counter(o.category for o in report.objections)
    gold = truth["objection_mix"]
    print(f"\nDemo corpus (synthetic; shows only that the designed-in mix is recovered), {seconds:.1f} s")
    table(
        ["category", "designed", "found"],
        [[c, str(gold.get(c, 0)), str(found.get(c, 0))] for c in CATEGORY_KEYS],
    )
    from scipy.stats import spearmanr

    cats = list(gold)
    rho = float(spearmanr([gold[c] for c in cats], [found.get(c, 0) for c in cats])[0])
    print(
        f"total designed {sum(gold.values())}, found {len(report.objections)}; "
        f"Spearman rho of the mix {rho:.2f}"
    )
    return {"designed": gold, "found": dict(found), "spearman": rho}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--heldout",
        type=Path,
        action="append",
        help="held-out folder (calls/, sentences.jsonl, labels.jsonl; roles.jsonl optional); repeatable "
        "(default: corpora/objections/heldout and corpora/objections/heldout-registers)",
    )
    ap.add_argument("--transcripts", type=Path, help="score these transcripts at call level (with --labels)")
    ap.add_argument("--labels", type=Path, help="JSONL: {call_id, categories} per call")
    ap.add_argument("--demo", action="store_true", help="also print the demo-corpus recovery")
    ap.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = ap.parse_args()
    if (args.transcripts is None) != (args.labels is None):
        fail("--transcripts and --labels go together")
    if args.transcripts is None:
        needed = [
            f / name
            for f in args.heldout or [HELDOUT, REGISTERS]
            for name in ("calls", "sentences.jsonl", "labels.jsonl")
        ]
        absent = [str(p) for p in needed if not p.exists()]
        if absent:
            fail(
                f"the held-out set is incomplete, missing: {', '.join(absent)} "
                "(it is written separately; see corpora/objections/README.md)"
            )
    elif not args.labels.is_file():
        fail(f"labels file {args.labels} not found")
    figures: dict[str, Any] = {}
    embedder = objection_embedder(get_embedder())
    model = get_model(embedder)
    cv = model.cv
    print(
        f"Model: {encoder_label(embedder)} + training set {model.digest} ({cv.n} sentences, {cv.positives} "
        f"objections); classifier trained in {cv.seconds:.1f} s"
    )
    print(
        f"Training set, 5-fold out-of-fold (the data it was trained on, optimistic): detection precision "
        f"{cv.precision:.3f}, recall {cv.recall:.3f}, F1 {cv.f1:.3f} at {cv.threshold:.2f}; "
        f"category macro-F1 {cv.category_macro_f1:.3f}"
    )
    if args.transcripts is not None:
        report, seconds = run(read_calls(args.transcripts))
        print(f"\n{report.calls} calls, {len(report.objections)} objections found in {seconds:.1f} s")
        figures["call_level"] = call_level(report, args.labels)
    else:
        for folder in args.heldout or [HELDOUT, REGISTERS]:
            name = folder.name
            calls = read_calls(folder / "calls")
            report, seconds = run(calls)
            print(
                f"\n=== Held-out set {folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}: "
                f"{report.calls} calls, {report.prospect_utterances} prospect turns, "
                f"{len(report.objections)} objection spans found in {seconds:.1f} s; "
                f"{report.roles.summary}"
            )
            figures[name] = sentence_level(calls, report, folder / "sentences.jsonl")
            print("\n(d)", end="")
            figures[f"{name}_calls"] = call_level(report, folder / "labels.jsonl")
            figures[f"{name}_roles"] = roles_level(folder, calls)
    if args.demo:
        figures["demo"] = demo()
    print(f"\npeak RSS {peak_rss_mib():.0f} MiB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=float))


if __name__ == "__main__":
    main()
