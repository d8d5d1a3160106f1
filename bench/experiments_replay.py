"""Replay the Upworthy Research Archive A/B tests through textops.experiments.

    .venv/bin/python bench/experiments_replay.py [--data PATH] [--draws 20000] [--limit N]

One row per package (arm). For every test with >= 2 arms:

* control = the test's **first row in the file** (the archive's package order). The archive names no
  control; the most-impressions arm would make the choice depend on the outcome-correlated traffic counts.
* frequentist (Holm), Bayesian (exact, Beta(1, 1)), and sequential (mSPRT and gbstats' asymptotic CS; the
  totals are treated as one final look) each pick an arm or none: frequentist / sequential pick the
  significant winner with the largest lift (control if every variant significantly loses); Bayesian
  picks the arm whose chance to be best is >= 0.95.
* "agrees" = the pick is the arm the archive flags ``winner``. Tests are split by the archive's own
  ``significance`` score (not a p-value) *of its winner arm* at 95, plus tests without a winner. (The
  score is per arm and the top-CTR arm almost always has 100, so a per-test maximum would not split.)
* SRM: chi-square against an equal split (Upworthy randomised packages evenly), flagged at p < 0.001.
* A/A check: pairs of arms within a test with the same headline, excerpt and image: the share the
  frequentist test (alpha 0.05, no correction) calls different should be about 5%.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from _common import SHARED_DATA

from textops.experiments import (
    ArmCounts,
    DailyCounts,
    analyze_bayesian,
    analyze_frequentist,
    analyze_sequential,
    check_srm,
)
from textops.experiments._frequentist import relative_lift_se
from textops.experiments._sequential import DEFAULT_TAU_RELATIVE

DEFAULT_DATA = SHARED_DATA / "upworthy" / "upworthy_exploratory_train.csv"
DAY = date(2014, 1, 1)  # the totals as one final look


class Row(NamedTuple):
    arm: str
    aa_key: str
    impressions: int
    clicks: int
    significance: float
    winner: bool


METHODS = ("frequentist", "bayesian", "sequential_msprt", "sequential_gbstats")


def picks(arms: list[ArmCounts], draws: int) -> dict[str, str | None]:
    """The arm each method would ship (or None)."""
    daily = [
        DailyCounts(day=date(2014, 1, 1), arm=a.name, visitors=a.visitors, conversions=a.conversions)
        for a in arms
    ]
    names = [a.name for a in arms]
    return {
        "frequentist": analyze_frequentist(arms).best_arm,
        "bayesian": analyze_bayesian(arms, draws=draws).best_arm,
        "sequential_msprt": analyze_sequential(daily, arms=names).best_arm,
        "sequential_gbstats": analyze_sequential(daily, arms=names, method="gbstats_asymptotic").best_arm,
    }


def _pct(num: int, den: int) -> str:
    return f"{num / den:.1%}" if den else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--draws", type=int, default=10_000, help="Monte-Carlo draws for the Bayesian race")
    ap.add_argument("--limit", type=int, default=None, help="only the first N tests (quick runs)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    cols = ["clickability_test_id", "headline", "excerpt", "eyecatcher_id", "impressions", "clicks"]
    df = pd.read_csv(args.data, usecols=[*cols, "significance", "winner"])
    df["aa_key"] = (
        df["headline"].astype(str)
        + "\x1f"
        + df["excerpt"].astype(str)
        + "\x1f"
        + df["eyecatcher_id"].astype(str)
    )
    tests: dict[str, list[Row]] = {}
    for tid, key, imp, clk, sig, win in df[
        ["clickability_test_id", "aa_key", "impressions", "clicks", "significance", "winner"]
    ].itertuples(index=False, name=None):
        rows = tests.setdefault(tid, [])
        rows.append(Row(f"p{len(rows)}", key, int(imp), int(clk), float(sig), bool(win)))

    n_single = 0
    strata: dict[str, Counter[str]] = defaultdict(Counter)
    srm_flagged = srm_total = 0
    aa: Counter[str] = Counter()
    lifts: list[float] = []
    lift_vars: list[float] = []
    for k, rows in enumerate(tests.values()):
        if args.limit is not None and k >= args.limit:
            break
        if len(rows) < 2:
            n_single += 1
            continue
        arms = [ArmCounts(name=r.arm, visitors=r.impressions, conversions=r.clicks) for r in rows]
        srm = check_srm(arms)
        srm_total += 1
        srm_flagged += srm.flagged
        winners = [r for r in rows if r.winner]
        archive_winner = winners[0].arm if len(winners) == 1 else None
        if len(winners) != 1:
            sig = "no archive winner"
        else:
            sig = "winner sig >= 95" if winners[0].significance >= 95 else "winner sig < 95"
        chosen = picks(arms, args.draws)
        if not srm.flagged:  # spread of relative lifts vs control, for the mSPRT tau
            ctrl = arms[0]
            for v in arms[1:]:
                if ctrl.conversions > 0:
                    p_c, p_v = ctrl.conversions / ctrl.visitors, v.conversions / v.visitors
                    lifts.append(p_v / p_c - 1)
                    lift_vars.append(relative_lift_se(p_c, ctrl.visitors, p_v, v.visitors) ** 2)
        for stratum in (sig, "all tests", *(["SRM-flagged"] if srm.flagged else [])):
            c = strata[stratum]
            c["tests"] += 1
            c["archive_winner"] += archive_winner is not None
            for m in METHODS:
                pick = chosen[m]
                c[f"{m}:decided"] += pick is not None
                if archive_winner is not None:
                    c[f"{m}:agree"] += pick == archive_winner
                    c[f"{m}:decided_w"] += pick is not None
                else:
                    c[f"{m}:none_none"] += pick is None
        # A/A pairs: identical packages (headline, excerpt, image) within the test
        by_key: dict[str, list[ArmCounts]] = defaultdict(list)
        for r, a in zip(rows, arms, strict=True):
            by_key[r.aa_key].append(a)
        for same in by_key.values():
            for i in range(len(same)):
                for j in range(i + 1, len(same)):
                    pair = [same[i], same[j]]
                    daily = [
                        DailyCounts(day=DAY, arm=a.name, visitors=a.visitors, conversions=a.conversions)
                        for a in pair
                    ]
                    p_fixed = analyze_frequentist(pair, correction="none").comparisons[0].p_value
                    p_seq = analyze_sequential(daily).comparisons[0].p_value
                    for grp in ("all", "SRM-flagged" if srm.flagged else "no SRM"):
                        aa[f"{grp}:pairs"] += 1
                        aa[f"{grp}:fixed"] += p_fixed is not None and p_fixed <= 0.05
                        aa[f"{grp}:seq"] += p_seq <= 0.05

    print(
        f"Upworthy replay: {args.data.name}; {srm_total} tests with >= 2 arms (control = first row), "
        f"{n_single} single-arm tests skipped"
    )
    order = ["winner sig >= 95", "winner sig < 95", "no archive winner", "all tests", "SRM-flagged"]
    print(
        f"\n{'stratum':<20} {'method':<20} {'tests':>6} {'archive':>8} {'decided':>8} "
        f"{'agree':>7} {'agree|dec':>10} {'none|none':>10}"
    )
    for s in order:
        c = strata.get(s)
        if not c:
            continue
        for m in METHODS:
            aw, tests = c["archive_winner"], c["tests"]
            dec_w = c[f"{m}:decided_w"]
            print(
                f"{s:<20} {m:<20} {tests:>6} {aw:>8} {c[f'{m}:decided'] / tests:>8.1%} "
                f"{_pct(c[f'{m}:agree'], aw):>7} {_pct(c[f'{m}:agree'], dec_w):>10} "
                f"{_pct(c[f'{m}:none_none'], tests - aw):>10}"
            )
    print(
        "\narchive = tests with one archive winner; decided = share of tests where the method picks an"
        "\narm; agree = pick equals the archive winner (of tests with one); agree|dec = same among tests"
        "\nthe method decided; none|none = method picks nothing where the archive has no winner."
    )
    print(
        f"\nSRM (equal split, p < 0.001): {srm_flagged} of {srm_total} tests flagged "
        f"({_pct(srm_flagged, srm_total)})"
    )
    print(
        "\nA/A pairs (identical headline, excerpt and image within a test), share called different at 0.05:"
    )
    for grp in ("all", "no SRM", "SRM-flagged"):
        n = aa[f"{grp}:pairs"]
        print(
            f"  {grp:<12} {n:>5} pairs: fixed-horizon z-test {_pct(aa[f'{grp}:fixed'], n):>6}, "
            f"sequential mSPRT {_pct(aa[f'{grp}:seq'], n):>6} (a true A/A gives <= 5%)"
        )
    if len(lifts) > 2:
        spread = statistics.variance(lifts) - statistics.fmean(lift_vars)
        print(
            f"\nSpread of true relative lifts vs control (method of moments, {len(lifts)} variants in tests "
            f"without SRM): SD ~ {math.sqrt(max(spread, 0.0)):.2f} (mSPRT default tau = "
            f"{DEFAULT_TAU_RELATIVE:g} x baseline)"
        )
    print(f"\n{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
