"""Latency of built-in strategies + filters + scoring for one headline and 20 variants (warm), p50/p99.

Baseline measured in the same run: one MiniLM encode of the same 21 texts (the unavoidable model cost).
Usage: python bench/headline_latency.py [--runs 200]
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
from _common import ROOT

sys.path.insert(0, str(ROOT))

from textops.embed import get_embedder
from textops.headlines import generate_variants, score_headlines
from textops.nlp import get_nlp

HEADLINES = [
    "Access cash from the equity in your home",
    "Refinance your mortgage to lower your monthly payment",
    "Homeowners can now access cash from their equity",
    "This Dad Made A Video For His Daughter And It Is Beautiful",
    "Our new app helps teams close deals faster",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200)
    args = ap.parse_args()
    get_nlp("parse")
    emb = get_embedder()
    gen_ms, score_ms, base_ms = [], [], []
    variants = [f"{h} {i}" for i, h in enumerate(HEADLINES * 4)]
    for h in HEADLINES:  # warm-up
        generate_variants(h, n=20, audience="homeowners")
    for i in range(args.runs):
        h = HEADLINES[i % len(HEADLINES)]
        emb._memory.clear()  # no embedding cache hits: measure the real work
        t0 = time.perf_counter()
        report = generate_variants(h, n=20, audience="homeowners", body="Get approved in 10 days.")
        gen_ms.append((time.perf_counter() - t0) * 1000)
        emb._memory.clear()
        t0 = time.perf_counter()
        score_headlines(h, variants)
        score_ms.append((time.perf_counter() - t0) * 1000)
        emb._memory.clear()
        t0 = time.perf_counter()
        emb.inner.encode([h, *variants])
        base_ms.append((time.perf_counter() - t0) * 1000)
    print(f"runs: {args.runs}  (last report: {len(report.variants)} variants)")
    for name, xs in (
        ("generate+filter+score (built-in)", gen_ms),
        ("score 20 user variants", score_ms),
        ("baseline: MiniLM encode 21 texts", base_ms),
    ):
        a = np.array(xs)
        print(
            f"{name:<36} p50 {np.percentile(a, 50):7.1f} ms  p99 {np.percentile(a, 99):7.1f} ms  "
            f"({np.percentile(a, 50) / np.percentile(base_ms, 50):.2f}× baseline p50)"
        )


if __name__ == "__main__":
    main()
