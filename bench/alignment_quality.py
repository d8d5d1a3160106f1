"""Quality of the similarity core of messaging alignment, measured on data textops did not write.

Prints, for MiniLM cosine similarity on the STS Benchmark (../shared/data/stsb):
  (a) Spearman correlation with the gold scores on dev and test;
  (b) the match (gold >= 3.5) and topical (gold >= 2.0) thresholds chosen by F1 on train+dev, with
      precision / recall / F1 on train+dev (in-sample) and on test (held out);
  (c) with --pairs PATH, the same figures for that file (header: sentence1, sentence2, score; scale
      0..--scale-max) at the shipped thresholds.

Every distinct sentence is embedded once, with the batched embedder. --write re-runs the calibration and
writes textops/data/similarity_calibration.json (the file textops ships).

Usage: python bench/alignment_quality.py [--write] [--pairs PATH [--scale-max 5] [--preprocess speech]]
       [--no-sts]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from _common import ROOT, SHARED_DATA, peak_rss_mib

from textops.alignment._calibration import (
    CALIBRATION_RESOURCE,
    MATCH_CUT,
    TOPICAL_CUT,
    SimilarityCalibration,
    StsPair,
    build_calibration,
    evaluate_threshold,
    load_calibration,
    load_pairs,
    load_sts,
    pair_similarities,
    spearman,
)
from textops.embeddings import get_embedder
from textops.nlp import normalise_speech

STSB = SHARED_DATA / "stsb"
SPLITS = ("train", "dev", "test")


def row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(
        c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print(row(header, widths))
    print(row(["-" * w for w in widths], widths))
    for r in rows:
        print(row(r, widths))


def figures_rows(cal: SimilarityCalibration, split_names: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for cut_name, cut in (("match", cal.match_cut), ("topical", cal.topical_cut)):
        for split in split_names:
            fig = cal.splits[split]
            t = fig.match if cut_name == "match" else fig.topical
            out.append(
                [
                    cut_name,
                    f">= {cut:g}",
                    f"{t.threshold:.4f}",
                    split,
                    str(t.n),
                    str(t.positives),
                    f"{t.precision:.3f}",
                    f"{t.recall:.3f}",
                    f"{t.f1:.3f}",
                ]
            )
    return out


FIG_HEADER = ["cut", "gold", "cosine thr", "split", "n", "positives", "precision", "recall", "F1"]


def run_sts(write: bool) -> SimilarityCalibration:
    embedder = get_embedder()
    data = {name: load_sts(STSB / f"sts-{name}.csv") for name in SPLITS}
    all_pairs: list[StsPair] = [p for name in SPLITS for p in data[name]]
    distinct = len({s for p in all_pairs for s in (p.sentence1, p.sentence2)})
    t0 = time.perf_counter()
    sims = pair_similarities(all_pairs, embedder.encode)
    embed_s = time.perf_counter() - t0
    scores: dict[str, tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]] = {}
    lo = 0
    for name in SPLITS:
        hi = lo + len(data[name])
        scores[name] = (sims[lo:hi], np.array([p.score for p in data[name]]))
        lo = hi
    scores["train+dev"] = (
        np.concatenate([scores["train"][0], scores["dev"][0]]),
        np.concatenate([scores["train"][1], scores["dev"][1]]),
    )
    cal = build_calibration(
        {k: scores[k] for k in ("train", "dev", "train+dev", "test")}, model=embedder.name
    )

    print(f"STS Benchmark, model {embedder.name}, preprocessing: {cal.preprocessing}")
    print(
        "pairs: "
        + ", ".join(f"{n} {len(data[n])}" for n in SPLITS)
        + f"; {distinct} distinct sentences embedded once in {embed_s:.1f}s"
    )
    print("\n(a) Spearman of cosine vs gold")
    print_table(
        ["split", "pairs", "Spearman"],
        [[s, str(cal.splits[s].n_pairs), f"{cal.splits[s].spearman:.4f}"] for s in ("dev", "test")],
    )
    print(
        f"\n(b) thresholds chosen on {cal.fitted_on} (max F1, ties -> higher precision); "
        "train+dev figures are in-sample, test is held out"
    )
    print_table(FIG_HEADER, figures_rows(cal, ["train+dev", "test"]))

    print("\n(b2) test by genre, at the same thresholds (F1 of match / topical)")
    genre_rows: list[list[str]] = []
    test_sims, test_gold = scores["test"]
    genres = np.array([p.genre for p in data["test"]])
    for genre in sorted(set(genres.tolist())):
        s, g = test_sims[genres == genre], test_gold[genres == genre]
        m = evaluate_threshold(s, g, MATCH_CUT, cal.match_threshold)
        t = evaluate_threshold(s, g, TOPICAL_CUT, cal.topical_threshold)
        genre_rows.append(
            [
                genre,
                str(len(s)),
                f"{spearman(s, g):.4f}",
                f"{m.precision:.3f}/{m.recall:.3f}/{m.f1:.3f}",
                f"{t.precision:.3f}/{t.recall:.3f}/{t.f1:.3f}",
            ]
        )
    print_table(["genre", "pairs", "Spearman", "match P/R/F1", "topical P/R/F1"], genre_rows)

    target = ROOT / "textops" / CALIBRATION_RESOURCE
    if write:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(cal.model_dump(mode="json"), indent=2) + "\n", encoding="utf-8")
        load_calibration.cache_clear()
        print(f"\nwrote {target.relative_to(ROOT)}")
    elif target.exists():
        shipped = load_calibration()
        same = np.isclose(shipped.match_threshold, cal.match_threshold) and np.isclose(
            shipped.topical_threshold, cal.topical_threshold
        )
        print(
            f"\nshipped thresholds: match {shipped.match_threshold:.4f}, "
            f"topical {shipped.topical_threshold:.4f}"
            f" ({'same as this run' if same else 'DIFFERENT from this run: re-run with --write?'})"
        )
    return cal


def run_pairs(
    path: str,
    scale_max: float,
    preprocess: Callable[[str], str] | None,
    cal: SimilarityCalibration,
    label: str,
) -> None:
    pairs = load_pairs(path, scale_max=scale_max)
    sims = pair_similarities(pairs, get_embedder().encode, preprocess=preprocess)
    gold = np.array([p.score for p in pairs])
    print(
        f"\n(c) {path}: {len(pairs)} pairs, scores 0..{scale_max:g} rescaled to 0..5, "
        f"preprocessing: {'speech' if preprocess else 'none'}, thresholds: {label}"
    )
    print(f"Spearman {spearman(sims, gold):.4f}")
    rows: list[list[str]] = []
    for cut_name, cut, thr in (
        ("match", MATCH_CUT, cal.match_threshold),
        ("topical", TOPICAL_CUT, cal.topical_threshold),
    ):
        if not (gold >= cut).any():
            rows.append([cut_name, f">= {cut:g}", f"{thr:.4f}", "pairs", str(len(pairs)), "0", "-", "-", "-"])
            continue
        t = evaluate_threshold(sims, gold, cut, thr)
        rows.append(
            [
                cut_name,
                f">= {cut:g}",
                f"{thr:.4f}",
                "pairs",
                str(t.n),
                str(t.positives),
                f"{t.precision:.3f}",
                f"{t.recall:.3f}",
                f"{t.f1:.3f}",
            ]
        )
    print_table(FIG_HEADER, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write textops/data/similarity_calibration.json")
    parser.add_argument("--pairs", help="another pair file (CSV/TSV, header sentence1, sentence2, score)")
    parser.add_argument("--scale-max", type=float, default=5.0, help="top of the --pairs score scale")
    parser.add_argument(
        "--preprocess",
        choices=["none", "speech"],
        default="none",
        help="preprocessing of both --pairs sentences (speech: textops.nlp.normalise_speech)",
    )
    parser.add_argument("--no-sts", action="store_true", help="skip STS; only evaluate --pairs")
    args = parser.parse_args()
    if args.no_sts and (args.write or not args.pairs):
        parser.error("--no-sts needs --pairs and cannot be combined with --write")
    t0 = time.perf_counter()
    fresh = None if args.no_sts else run_sts(args.write)
    if args.pairs:
        try:
            cal, label = load_calibration(), "shipped"
        except FileNotFoundError:
            if fresh is None:
                parser.error("no shipped calibration yet: run without --no-sts (or with --write) first")
            cal, label = fresh, "this run (nothing shipped yet)"
        run_pairs(
            args.pairs, args.scale_max, normalise_speech if args.preprocess == "speech" else None, cal, label
        )
    print(f"\ntotal {time.perf_counter() - t0:.1f}s, peak RSS {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
