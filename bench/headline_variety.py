"""How many testable variants the built-in engine gives, on a fixed headline list (issue 19).

Sets (``--set``):
* ``dev`` — the development list the generator is tuned on: the 100 Upworthy headlines drawn with seed 19
  from the distinct headlines of ``../shared/data/upworthy/upworthy_exploratory_train.csv`` (CC BY 4.0,
  Matias et al. 2021), the 60 B2B headlines of ``corpora/headlines/variety/b2b.jsonl`` (both were the first
  evaluation list; seen in the 2026-12-06 review), the round-1 evaluation list (``eval2`` below; seen in the
  2026-12-07 review), the round-2 evaluation list (``eval3`` below; seen in the 2026-12-07b review), the
  round-3 evaluation list (``eval4`` below; seen in the 2026-12-07c review), the round-4 evaluation list
  (``eval5`` below; seen in the 2026-12-07d review), the round-5 evaluation list (``eval6`` below; seen in
  the 2026-12-07e review) and ``bench/dev_headlines.txt``.
  All of it is development data now.
* ``eval2`` — the round-1 evaluation list, kept selectable for the record: 100 Upworthy headlines drawn with
  seed 20261207 from the same pool *minus every headline seen before* (the seed-19 draw and the seed-7 draw
  the first development list used, compared by normalised text), plus the 60 B2B headlines of
  ``corpora/headlines/variety/b2b_eval2.jsonl``. Reviewed on 2026-12-07, so now development data.
* ``eval3`` — the round-2 evaluation list, kept selectable for the record: 100 Upworthy headlines drawn with
  seed 20261208 from the pool minus every earlier draw (seeds 19, 7 and 20261207), plus the B2B headlines of
  ``corpora/headlines/variety/b2b_eval3.jsonl``. Reviewed on 2026-12-07 (``review-2026-12-07b/``), so now
  development data (part of ``dev``).
* ``eval4`` — the round-3 evaluation list, kept selectable for the record: 100 Upworthy headlines drawn with
  seed 20261209 from the pool minus every earlier draw, plus ``corpora/headlines/variety/b2b_eval4.jsonl``.
  Reviewed on 2026-12-07 (``review-2026-12-07c/``), so now development data (part of ``dev``).
* ``eval5`` — the round-4 evaluation list, kept selectable for the record: 100 Upworthy headlines drawn with
  seed 20261210 from the pool minus every earlier draw, plus ``corpora/headlines/variety/b2b_eval5.jsonl``.
  Reviewed on 2026-12-07 (``review-2026-12-07d/``), so now development data (part of ``dev``).
* ``eval6`` — the round-5 evaluation list, kept selectable for the record: 100 Upworthy headlines drawn with
  seed 20261211 from the pool minus every earlier draw, plus ``corpora/headlines/variety/b2b_eval6.jsonl``.
  Reviewed on 2026-12-07 (``review-2026-12-07e/``), so now development data (part of ``dev``).
* ``eval`` — the evaluation list of round 6, run once at the end of development: 100 Upworthy headlines drawn
  with seed 20261212 from the pool minus every earlier draw (seeds 19, 7, 20261207 … 20261211), plus the B2B
  headlines of ``corpora/headlines/variety/b2b_eval7.jsonl`` (written by a helper who never saw the generator;
  frozen before tuning) less any that are word for word (normalised) headlines of ``dev``.
  ``--review DIR`` writes a blind review sample of the eval run there.

For each headline, built-in engine only, three requests: ``n=10`` with no other constraint; ``n=10`` with
``max_chars=60``; ``n=10`` with the lede (Upworthy's ``lede``, the B2B sets' ``lede``) as body copy.
Prints variants per headline (median, 10th percentile), distinct strategies per headline, the share of
generated candidates the grammar/punctuation checks and the meaning checks (verb sense, meaning drift)
removed, the share of casing-only variants, and the scorer's mean P(win) of the top 3 against the original
(the predicted lift is that minus 0.5). ``--dump PATH`` writes every (headline, variant, strategy) as JSONL.
``--review DIR`` draws 200 variants (seed 20261207) from the ``n=10`` and ``n=10, lede`` runs and writes
``variants.jsonl`` (id, original, lede, variant: what the reviewer sees) and ``key.jsonl`` (id → strategy,
score, source headline) there.

Usage: python bench/headline_variety.py --set dev|eval2|eval3|eval4|eval5|eval6|eval [--dump PATH]
       [--limit 20] [--show] [--runs n10,n10_lede]
"""

from __future__ import annotations

import textops  # noqa: F401 - first: sets OpenBLAS's spin timeout before numpy loads

# isort: split
import argparse
import csv
import html
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from _common import ROOT, SHARED_DATA

sys.path.insert(0, str(ROOT))

from textops.headlines import Constraints, generate_variants
from textops.nlp import get_nlp

UPWORTHY = SHARED_DATA / "upworthy" / "upworthy_exploratory_train.csv"
VARIETY = ROOT / "corpora" / "headlines" / "variety"
B2B_DEV = VARIETY / "b2b.jsonl"
B2B_SETS = {
    "eval2": VARIETY / "b2b_eval2.jsonl",
    "eval3": VARIETY / "b2b_eval3.jsonl",
    "eval4": VARIETY / "b2b_eval4.jsonl",
    "eval5": VARIETY / "b2b_eval5.jsonl",
    "eval6": VARIETY / "b2b_eval6.jsonl",
    "eval": VARIETY / "b2b_eval7.jsonl",
}
"""The blind B2B set of each evaluation list (``eval`` is round 6's; the others are development data now)."""
DEV_FILE = ROOT / "bench" / "dev_headlines.txt"
DEV_SEED, DEV_N = 19, 100
"""The first evaluation draw (reviewed on 2026-12-06), now development data."""
OLD_DEV_SEED, OLD_DEV_N = 7, 60
"""The first development draw (from the pool minus the seed-19 draw); seen in tuning, so kept out of eval."""
EVAL_SEEDS = {
    "eval2": 20261207,  # round 1, reviewed 2026-12-07 (review-2026-12-07/)
    "eval3": 20261208,  # round 2 (review-2026-12-07b/)
    "eval4": 20261209,  # round 3 (review-2026-12-07c/)
    "eval5": 20261210,  # round 4 (review-2026-12-07d/)
    "eval6": 20261211,  # round 5 (review-2026-12-07e/)
    "eval": 20261212,  # round 6 (review-2026-12-07f/)
}
"""The Upworthy evaluation draws in order; every one but the last is development data now."""
EVAL_N = 100
REVIEW_SEED, REVIEW_N = 20261207, 200

_TAG = re.compile(r"<[^>]+>")


def _clean(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", text or "")).split())


def upworthy_pool() -> list[tuple[str, str]]:
    """Distinct Upworthy headlines (sorted) with the first lede seen for each, HTML stripped."""
    csv.field_size_limit(10**8)
    ledes: dict[str, str] = {}
    with UPWORTHY.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            h = _clean(row["headline"])
            if 3 <= len(h.split()) <= 30 and h not in ledes:
                ledes[h] = _clean(row.get("lede", ""))[:600]
    return sorted(ledes.items())


def _key(headline: str) -> str:
    """A headline normalised for the overlap check: lower case, letters and digits only."""
    return " ".join(re.findall(r"[a-z0-9]+", headline.lower()))


def dev_upworthy(pool: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The 100 development headlines (seed 19; the first evaluation draw)."""
    return random.Random(DEV_SEED).sample(pool, DEV_N)


def _old_dev_upworthy(pool: list[tuple[str, str]], dev: list[tuple[str, str]]) -> list[tuple[str, str]]:
    held = {h for h, _ in dev}
    rest = [item for item in pool if item[0] not in held]
    return random.Random(OLD_DEV_SEED).sample(rest, OLD_DEV_N)


def _draw_after(
    pool: list[tuple[str, str]], earlier: list[tuple[str, str]], seed: int
) -> list[tuple[str, str]]:
    """100 headlines drawn with ``seed`` from the pool minus ``earlier`` (compared by normalised text)."""
    seen = {_key(h) for h, _ in earlier}
    rest = [item for item in pool if _key(item[0]) not in seen]
    return random.Random(seed).sample(rest, EVAL_N)


def upworthy_draws(pool: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """The evaluation draws of rounds 1–6 by set name, each from the pool minus every earlier draw."""
    dev = dev_upworthy(pool)
    earlier = dev + _old_dev_upworthy(pool, dev)
    draws: dict[str, list[tuple[str, str]]] = {}
    for name, seed in EVAL_SEEDS.items():
        draws[name] = _draw_after(pool, earlier, seed)
        earlier = earlier + draws[name]
    return draws


Item = tuple[str, str, str]
"""(source, headline, lede)."""


def _b2b(path: Path, source: str) -> list[Item]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(source, str(r["headline"]), str(r.get("lede") or "")) for r in rows]


def _dev_items(
    pool: list[tuple[str, str]], draws: dict[str, list[tuple[str, str]]], before: str
) -> list[Item]:
    """The development list as it stood when ``before`` was the evaluation list: the sets seen before it."""
    items = [("upworthy", h, lede) for h, lede in dev_upworthy(pool)]
    items += _b2b(B2B_DEV, "b2b")
    for seen_set in list(EVAL_SEEDS)[: list(EVAL_SEEDS).index(before)]:
        items += [("upworthy", h, lede) for h, lede in draws[seen_set]]
        items += _b2b(B2B_SETS[seen_set], "b2b")
    for line in DEV_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            h, _, lede = line.partition(" || ")
            items.append(("dev", h.strip(), lede.strip()))
    return items


def load_set(name: str) -> list[Item]:
    """(source, headline, lede) for the chosen set; the development list holds no headline twice.

    From round 5 on, an evaluation list leaves out the B2B headlines that repeat, word for word, one of the
    development list it ran against: the B2B sets are written blind, and 3 of b2b_eval6's came out as earlier
    headlines ("Why we stopped charging per seat"); evaluation shares no sentence with development data.
    Rounds 2 and 3 ran before that check and are kept as they ran (``eval3`` holds 1 such repeat, ``eval4``
    2). The files themselves stay frozen.
    """
    pool = upworthy_pool()
    draws = upworthy_draws(pool)
    if name == "dev":
        items = _dev_items(pool, draws, "eval")
    else:
        seen = {_key(h) for _, h, _ in _dev_items(pool, draws, name)} if name in ("eval6", "eval") else set()
        items = [("upworthy", h, lede) for h, lede in draws[name]]
        items += [item for item in _b2b(B2B_SETS[name], "b2b") if _key(item[1]) not in seen]
        return items
    unique: dict[str, Item] = {}
    for item in items:
        unique.setdefault(_key(item[1]), item)
    return list(unique.values())


def write_review(rows: list[dict[str, object]], folder: Path) -> None:
    """Draw the blind review sample: ``variants.jsonl`` (what the reviewer sees) and ``key.jsonl``."""
    pool = [r for r in rows if r["run"] in ("n10", "n10_lede")]
    unique = list({(r["headline"], r["variant"]): r for r in pool}.values())
    picked = random.Random(REVIEW_SEED).sample(unique, min(REVIEW_N, len(unique)))
    folder.mkdir(parents=True, exist_ok=True)
    with (
        (folder / "variants.jsonl").open("w", encoding="utf-8") as seen,
        (folder / "key.jsonl").open("w", encoding="utf-8") as key,
    ):
        for i, r in enumerate(picked, start=1):
            shown = {"id": i, "original": r["headline"], "lede": r["lede"], "variant": r["variant"]}
            seen.write(json.dumps(shown, ensure_ascii=False) + "\n")
            hidden = {
                "id": i,
                "strategy": r["strategy"],
                "win_probability": r["win_probability"],
                "source": r["source"],
                "source_id": r["source_id"],
                "run": r["run"],
            }
            key.write(json.dumps(hidden, ensure_ascii=False) + "\n")


def _casing_only(original: str, variant: str) -> bool:
    return original.strip().lower() == variant.strip().lower()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=("dev", *EVAL_SEEDS), required=True)
    ap.add_argument("--dump", type=Path, help="write every (headline, variant, strategy) as JSONL here")
    ap.add_argument("--limit", type=int, help="only the first N headlines (quick checks)")
    ap.add_argument("--show", action="store_true", help="print every headline's variants")
    ap.add_argument("--review", type=Path, help="write a blind review sample of 200 variants to this folder")
    ap.add_argument("--runs", help="comma-separated subset of n10,n10_max60,n10_lede (quick checks)")
    args = ap.parse_args()
    if args.review is not None and any(
        (args.review / name).exists() for name in ("variants.jsonl", "key.jsonl")
    ):
        # a review folder is a record (its judgements refer to its sample): never write a new sample over one
        ap.error(f"{args.review} already holds a review sample: choose a new folder for --review")
    items = load_set(args.set)[: args.limit]
    nlp = get_nlp("parse")
    runs = {
        "n10": dict(constraints=Constraints()),
        "n10_max60": dict(constraints=Constraints(max_chars=60)),
        "n10_lede": dict(constraints=Constraints()),
    }
    if args.runs:
        runs = {k: v for k, v in runs.items() if k in args.runs.split(",")}
    stats: dict[str, dict[str, list[float]]] = {
        k: {"count": [], "strategies": [], "top3": [], "casing": []} for k in runs
    }
    removed: dict[str, dict[str, int]] = {k: {"generated": 0, "grammar": 0, "meaning": 0} for k in runs}
    errors: dict[str, int] = {k: 0 for k in runs}
    by_source: dict[tuple[str, str], list[int]] = {}
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    every: list[dict[str, object]] = []
    t0 = time.perf_counter()
    for idx, (source, headline, lede) in enumerate(items):
        for run, kw in runs.items():
            body = lede if run == "n10_lede" else ""
            try:
                report = generate_variants(headline, n=10, body=body, nlp=nlp, **kw)  # type: ignore[arg-type]
            except Exception as exc:
                errors[run] += 1
                stats[run]["count"].append(0)
                stats[run]["strategies"].append(0)
                by_source.setdefault((run, source), []).append(0)
                if args.show:
                    print(f"!! {headline!r}: {exc}")
                continue
            variants = report.variants
            stats[run]["count"].append(len(variants))
            by_source.setdefault((run, source), []).append(len(variants))
            stats[run]["strategies"].append(len({v.strategy for v in variants}))
            stats[run]["casing"].extend(float(_casing_only(headline, v.text)) for v in variants)
            top = sorted((v.win_probability for v in variants), reverse=True)[:3]
            if top:
                stats[run]["top3"].append(float(np.mean(top)))
            d = report.dropped
            generated = len(variants) + sum(d.values())
            removed[run]["generated"] += generated
            removed[run]["grammar"] += d.get("grammar", 0) + d.get("punctuation", 0)
            removed[run]["meaning"] += d.get("verb_sense", 0) + d.get("meaning_drift", 0)
            if args.show and run == "n10":
                print(f"\n== [{source}] {headline}  -> {len(variants)}")
                for v in variants:
                    print(f"   {v.strategy:18} {v.win_probability:.2f} {v.text}")
                print("   dropped:", d)
            for v in variants:
                row: dict[str, object] = {
                    "set": args.set,
                    "source": source,
                    "source_id": f"{source}-{idx:03d}",
                    "run": run,
                    "headline": headline,
                    "lede": body,
                    "variant": v.text,
                    "strategy": v.strategy,
                    "win_probability": v.win_probability,
                }
                every.append(row)
                if dump is not None:
                    dump.write(json.dumps(row, ensure_ascii=False) + "\n")
    if dump is not None:
        dump.close()
    if args.review is not None:
        write_review(every, args.review)
    secs = time.perf_counter() - t0
    print(f"set: {args.set}  headlines: {len(items)}  ({secs:.0f} s; built-in engine only)")
    for run in runs:
        s = stats[run]
        counts = np.array(s["count"])
        label = {
            "n10": "n=10, no constraint",
            "n10_max60": "n=10, max 60 chars",
            "n10_lede": "n=10, lede as body",
        }
        r = removed[run]
        gen = max(r["generated"], 1)
        med, p10 = np.median(counts), np.percentile(counts, 10)
        strat = s["strategies"]
        top3 = float(np.mean(s["top3"])) if s["top3"] else float("nan")  # nan: no headline got a variant
        print(
            f"{label[run]:<22} variants/headline median {med:.0f}, p10 {p10:.0f}, "
            f"mean {counts.mean():.1f}, min {counts.min()}; ≥10: {np.mean(counts >= 10):.0%}; "
            f"distinct strategies median {statistics.median(strat):.0f} (mean {np.mean(strat):.1f}); "
            f"removed by grammar/punctuation {r['grammar'] / gen:.1%}, "
            f"by meaning checks {r['meaning'] / gen:.1%} of {r['generated']} candidates; "
            f"casing-only variants {np.mean(s['casing'] or [0]):.1%}; "
            + (
                f"top-3 mean P(win) {top3:.3f} (predicted lift {top3 - 0.5:+.3f}); "
                if s["top3"]
                else "top-3 mean P(win) n/a (no variants); "
            )
            + f"errors {errors[run]}"
        )
        for (rr, source), xs in sorted(by_source.items()):
            if rr == run:
                a = np.array(xs)
                print(
                    f"    {source:<9} n={len(a):<3} median {np.median(a):.0f}  p10 {np.percentile(a, 10):.0f}"
                )


if __name__ == "__main__":
    main()
