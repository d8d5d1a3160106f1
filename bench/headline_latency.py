"""Latency of built-in strategies + filters + scoring for one headline and 20 variants (warm), p50/p99.

Two measured paths, each with the embedding cache emptied before every run (no cache hits):
* generate+filter+score: ``generate_variants(headline, n=20)`` with the built-in strategies;
* score 20 user variants: ``score_headlines(headline, 20 variants)``.
Baselines measured in the same run, interleaved: one encode of the same 21 texts by the 6-layer MiniLM on
the original path (one padded batch, torch's intra-op threads), on the packed path on torch, and on the
packed path on the runtime in use (ONNX Runtime when it is installed and matches torch; printed); and by
the headline encoder the pipeline uses (the distilled 3-layer MiniLM unless TEXTOPS_HEADLINE_ENCODER=full).
Prints how many variants each headline's report kept and why candidates were dropped, the torch thread
count and the load average before and after (the machine is shared; compare runs at a similar load), and
the process CPU time per call (all threads), which other jobs on the machine disturb less than wall time.

Usage: python bench/headline_latency.py [--runs 200]
"""

from __future__ import annotations

import textops  # noqa: F401 - first, as in the CLI and API: it sets OpenBLAS's spin timeout before numpy loads

# isort: split
import argparse
import os
import sys
import time
from collections import Counter

import numpy as np
from _common import ROOT

sys.path.insert(0, str(ROOT))

from textops.embeddings import TransformerEmbedder, get_embedder
from textops.headlines import generate_variants, headline_encoder, score_headlines
from textops.nlp import get_nlp

HEADLINES = [
    "Access cash from the equity in your home",
    "Refinance your mortgage to lower your monthly payment",
    "Homeowners can now access cash from their equity",
    "This Dad Made A Video For His Daughter And It Is Beautiful",
    "Our new app helps teams close deals faster",
]
BODY = "Get approved in 10 days."


def _loadavg() -> str:
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "n/a"


def main() -> None:
    import torch

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=200)
    args = ap.parse_args()
    threads = torch.get_num_threads()
    print(
        f"load average before: {_loadavg()}  (cpus: {os.cpu_count()}, torch threads: {threads}, "
        f"OPENBLAS_THREAD_TIMEOUT={os.environ.get('OPENBLAS_THREAD_TIMEOUT')})"
    )
    get_nlp("parse")
    emb = get_embedder()
    padded = TransformerEmbedder(emb.name, packed=False)
    torch_packed = TransformerEmbedder(emb.name, runtime="torch")
    emb.inner.warm()
    runtime = emb.inner.active_runtime if isinstance(emb.inner, TransformerEmbedder) else "?"
    head = headline_encoder().embedder
    head_inner = getattr(head, "inner", head)
    if isinstance(head_inner, TransformerEmbedder):
        head_inner.warm()
    print(f"packed path runs on: {runtime}; headline encoder: {headline_encoder().model_id}")
    gen_ms, score_ms, base_ms, tpacked_ms, packed_ms, head_ms = [], [], [], [], [], []
    cpu: dict[str, list[float]] = {k: [] for k in ("gen", "score", "base", "tpacked", "packed", "head")}
    variants = [f"{h} {i}" for i, h in enumerate(HEADLINES * 4)]
    kept: dict[str, list[int]] = {h: [] for h in HEADLINES}
    dropped: dict[str, Counter[str]] = {h: Counter() for h in HEADLINES}
    for h in HEADLINES:  # warm-up
        generate_variants(h, n=20, audience="homeowners", body=BODY)
        score_headlines(h, variants)
        padded.encode([h, *variants])
        torch_packed.encode([h, *variants])
    for i in range(args.runs):
        h = HEADLINES[i % len(HEADLINES)]
        emb._memory.clear()  # no embedding cache hits: measure the real work
        getattr(head, "_memory", {}).clear()
        t0, c0 = time.perf_counter(), time.process_time()
        report = generate_variants(h, n=20, audience="homeowners", body=BODY)
        gen_ms.append((time.perf_counter() - t0) * 1000)
        cpu["gen"].append((time.process_time() - c0) * 1000)
        kept[h].append(len(report.variants))
        dropped[h] = Counter(report.dropped)
        emb._memory.clear()
        getattr(head, "_memory", {}).clear()
        t0, c0 = time.perf_counter(), time.process_time()
        scored = score_headlines(h, variants)
        score_ms.append((time.perf_counter() - t0) * 1000)
        cpu["score"].append((time.process_time() - c0) * 1000)
        assert len(scored.variants) == len(variants)
        t0, c0 = time.perf_counter(), time.process_time()
        padded.encode([h, *variants])
        base_ms.append((time.perf_counter() - t0) * 1000)
        cpu["base"].append((time.process_time() - c0) * 1000)
        t0, c0 = time.perf_counter(), time.process_time()
        torch_packed.encode([h, *variants])
        tpacked_ms.append((time.perf_counter() - t0) * 1000)
        cpu["tpacked"].append((time.process_time() - c0) * 1000)
        t0, c0 = time.perf_counter(), time.process_time()
        emb.inner.encode([h, *variants])
        packed_ms.append((time.perf_counter() - t0) * 1000)
        cpu["packed"].append((time.process_time() - c0) * 1000)
        t0, c0 = time.perf_counter(), time.process_time()
        head_inner.encode([h, *variants])
        head_ms.append((time.perf_counter() - t0) * 1000)
        cpu["head"].append((time.process_time() - c0) * 1000)
    print(f"runs: {args.runs}  (variants scored per run: generate path as below, score path {len(variants)})")
    for h in HEADLINES:
        drops = ", ".join(f"{k} {v}" for k, v in sorted(dropped[h].items())) or "none"
        counts = sorted(set(kept[h]))
        print(f"  {h!r}: {'/'.join(map(str, counts))} variants kept (n=20 asked); dropped: {drops}")
    for name, xs, key in (
        ("generate+filter+score (built-in)", gen_ms, "gen"),
        ("score 20 user variants", score_ms, "score"),
        ("baseline: encode 21 texts, padded", base_ms, "base"),
        ("encode 21 texts, packed, torch", tpacked_ms, "tpacked"),
        (f"encode 21 texts, packed, {runtime}", packed_ms, "packed"),
        ("encode 21 texts, headline encoder", head_ms, "head"),
    ):
        a = np.array(xs)
        print(
            f"{name:<38} p50 {np.percentile(a, 50):7.1f} ms  p99 {np.percentile(a, 99):7.1f} ms  "
            f"({np.percentile(a, 50) / np.percentile(base_ms, 50):.2f}× baseline p50)  "
            f"cpu p50 {np.percentile(cpu[key], 50):6.1f} ms"
        )
    print(f"load average after: {_loadavg()}")


if __name__ == "__main__":
    main()
