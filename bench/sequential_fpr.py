"""False-positive rate of daily peeking over simulated A/A tests: sequential vs fixed-horizon z-test.

    .venv/bin/python bench/sequential_fpr.py [--sims 20000] [--days 28] [--alpha 0.05]
        [--daily-visitors 500] [--rate 0.05] [--lift 0.10] [--seed 7]

Every simulated test is looked at once a day and stopped at the first p <= alpha. Also prints power for a
true relative ``--lift`` (the price of always-valid inference), with binomial standard errors.
"""

from __future__ import annotations

import argparse
import math
import time

from _common import ROOT  # noqa: F401  (puts the repository on sys.path)

from textops.experiments import simulate_aa_peeking
from textops.experiments._simulate import fixed_p_values, sequential_p_values, simulate_counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sims", type=int, default=20_000)
    ap.add_argument("--days", type=int, default=28)
    ap.add_argument("--alpha", type=float, default=0.05)
    ap.add_argument("--daily-visitors", type=float, default=500.0, help="per arm and day (Poisson mean)")
    ap.add_argument("--rate", type=float, default=0.05, help="baseline conversion rate")
    ap.add_argument("--lift", type=float, default=0.10, help="relative lift for the power rows (0 to skip)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    t0 = time.perf_counter()
    sim = simulate_aa_peeking(
        args.sims,
        args.days,
        daily_visitors_per_arm=args.daily_visitors,
        rate=args.rate,
        alpha=args.alpha,
        seed=args.seed,
    )
    se = sim.standard_error_at_alpha
    print(
        f"A/A tests: {args.sims} sims x {args.days} daily looks, {args.daily_visitors:g} visitors/arm/day, "
        f"rate {args.rate:g}, alpha {args.alpha:g}, seed {args.seed}"
    )
    print(f"{'method':<48} {'false-positive rate':>20} {'± SE':>8}")
    rows = [
        ("sequential mSPRT (default tau), daily peeking", sim.fpr_msprt_peeking),
        ("sequential gbstats asymptotic CS, daily peeking", sim.fpr_gbstats_peeking),
        ("fixed-horizon z-test, daily peeking", sim.fpr_fixed_peeking),
        ("fixed-horizon z-test, end only", sim.fpr_fixed_end_only),
    ]
    for name, fpr in rows:
        print(f"{name:<48} {fpr:>20.4f} {math.sqrt(max(fpr * (1 - fpr), 1e-12) / args.sims):>8.4f}")
    print(f"(binomial SE of a rate equal to alpha: {se:.4f}; alpha + 3 SE = {args.alpha + 3 * se:.4f})")

    if args.lift > 0:
        rate_v = args.rate * (1 + args.lift)
        n_c, x_c, n_v, x_v = simulate_counts(
            args.sims, args.days, args.daily_visitors, args.rate, args.seed + 1, rate_variant=rate_v
        )
        seq = sequential_p_values(n_c, x_c, n_v, x_v, args.alpha, "msprt")
        gb = sequential_p_values(n_c, x_c, n_v, x_v, args.alpha, "gbstats_asymptotic")
        fixed = fixed_p_values(n_c, x_c, n_v, x_v)
        print(
            f"\nPower for a true {args.lift:.0%} relative lift ({args.rate:g} -> {rate_v:g}), share detected:"
        )
        print(f"{'method':<48} {'power':>16} {'median day':>11}")
        for name, p in (
            ("sequential mSPRT, daily peeking", seq),
            ("sequential gbstats asymptotic CS, daily peeking", gb),
        ):
            hit = p <= args.alpha
            detected = hit.any(axis=1)
            days = hit.argmax(axis=1)[detected] + 1
            med = f"{sorted(days)[len(days) // 2]}" if len(days) else "-"
            print(f"{name:<48} {detected.mean():>16.4f} {med:>11}")
        end_power = (fixed[:, -1] <= args.alpha).mean()
        print(f"{'fixed-horizon z-test, end only':<48} {end_power:>16.4f} {args.days:>11}")
    print(f"\n{time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
