"""Calls/s of the alignment pipeline for 500 calls vs a naive per-sentence baseline, and peak memory.

textops path: ``textops.alignment.align`` over the demo calls repeated to --calls calls (call ids made
distinct), with the plain (uncached) MiniLM embedder so repeated text is really re-embedded — batched
``nlp.pipe`` parsing, batched embedding, chunked sentence × message matrix products.

naive baseline (same run): one full-pipeline ``nlp()`` call per rep utterance, one ``encode()`` call per
rep sentence, and a Python loop over every (sentence, message) pair for the similarity — measured on the
first --baseline-calls calls and reported per call.

Peak memory is measured in child processes for 100 calls and for --calls calls: it should grow linearly
(the similarity matrix is sentences × messages, never sentences × sentences).

Usage: python bench/alignment_speed.py [--calls 500] [--baseline-calls 15]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, peak_rss_mib

from textops.alignment import AlignmentConfig, align
from textops.embeddings import TransformerEmbedder
from textops.ingest import MessagingFramework, load_pillars, read_paths
from textops.loaders import load_spacy
from textops.nlp import get_nlp, normalise_speech
from textops.settings import get_settings
from textops.types import CopyDocument, Transcript

DEMO = ROOT / "corpora" / "demo"


def load(n_calls: int) -> tuple[list[CopyDocument], list[Transcript], MessagingFramework]:
    copy = [d for _, d in read_paths([DEMO / "copy"], kind="copy").documents if isinstance(d, CopyDocument)]
    base = [
        d for _, d in read_paths([DEMO / "calls"], kind="transcript").documents if isinstance(d, Transcript)
    ]
    calls = [
        base[i % len(base)].model_copy(update={"call_id": f"{base[i % len(base)].call_id}-r{i // len(base)}"})
        for i in range(n_calls)
    ]
    return copy, calls, load_pillars(DEMO / "messaging.json")


def run_textops(n_calls: int) -> tuple[float, int]:
    copy, calls, framework = load(n_calls)
    get_nlp("parse")
    embedder = TransformerEmbedder()
    embedder.warm()
    t0 = time.perf_counter()
    report = align(
        copy,
        calls,
        framework=framework,
        embedder=embedder,
        config=AlignmentConfig(own_names=frozenset({"brightlane"})),
    )
    return time.perf_counter() - t0, report.rep_sentences


def run_naive(n_calls: int) -> float:
    _, calls, framework = load(n_calls)
    nlp = load_spacy(get_settings().spacy_model, "full")
    embedder = TransformerEmbedder()
    messages = [s for p in framework.pillars for s in p.statements]
    msg_vecs = [embedder.encode([m])[0] for m in messages]
    t0 = time.perf_counter()
    for call in calls:
        for u in call.utterances:
            if u.role != "rep":
                continue
            for sent in nlp(normalise_speech(u.text)).sents:
                vec = embedder.encode([sent.text])[0]
                best = max(float(vec @ m) for m in msg_vecs)  # all pairs, one at a time
                _ = best
    return time.perf_counter() - t0


def child(n_calls: int) -> None:
    seconds, sentences = run_textops(n_calls)
    print(f"{seconds:.3f} {sentences} {peak_rss_mib():.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--baseline-calls", type=int, default=15)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    naive_s = run_naive(args.baseline_calls)
    results = {}
    for n in (100, args.calls):
        out = subprocess.run(
            [sys.executable, str(Path(__file__)), "--child", str(n)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        results[n] = (float(out[0]), int(out[1]), float(out[2]))
    secs, sentences, rss = results[args.calls]
    naive_cps = args.baseline_calls / naive_s
    print(f"{'path':40s} {'calls':>6s} {'seconds':>8s} {'calls/s':>8s}")
    print(f"{'naive (per-sentence, all pairs)':40s} {args.baseline_calls:6d} {naive_s:8.1f} {naive_cps:8.2f}")
    print(f"{'textops align (no embedding cache)':40s} {args.calls:6d} {secs:8.1f} {args.calls / secs:8.2f}")
    print(
        f"speed-up: {(args.calls / secs) / naive_cps:.1f}x  ({sentences} rep sentences in {args.calls} calls)"
    )
    r100 = results[100][2]
    print(
        f"peak RSS: {r100:.0f} MiB for 100 calls, {rss:.0f} MiB for {args.calls} calls "
        f"(+{(rss - r100) / (args.calls - 100):.2f} MiB per extra call)"
    )


if __name__ == "__main__":
    main()
