"""Objection detection speed: utterances/s over >= 20k prospect utterances vs a naive baseline, and the
single-utterance ``classify`` latency (p50/p99).

Workload: --utterances prospect turns built deterministically (seed 7) from the prospect sentences of the
demo corpus and the seed set, each given a spoken lead-in and tail ("So,", "I mean,", "… for us.") so that
most sentences are new text, with 1–3 sentences per turn and one turn in five a backchannel ("Yeah, okay.").
They are packed into calls of 15 prospect turns (with short rep turns between) for the full report.

textops (same model, same machine, same run): ``mine_objections`` over all turns with an empty embedding
cache — regex sentences, backchannels skipped, one batched embedding pass (length-sorted batches, each
distinct text once), tokenizer-only spaCy rules, one vectorised classifier pass — then replies, themes
and tables. The detection stage is timed on its own too.
naive baseline: per turn, unbatched — ``classify_utterance`` with an uncached embedder, one call per turn
(what a client calling /classify for every utterance gets), on --baseline turns run in small slices between
the batched run's embedding chunks (their time is subtracted from it), so that both see the same load of
a shared machine.
Latency: ``classify_utterance`` on --latency distinct new utterances with the warm, cached embedder.

The work is embedding-bound (MiniLM's forward pass is ~90% of the time on CPU), so the batched gain is what
batching buys the transformer on the cores at hand plus the sentences it never embeds (backchannels,
repeats).

Usage: python bench/objection_speed.py [--utterances 20000] [--baseline 600] [--latency 300]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

import numpy as np
from _common import ROOT, peak_rss_mib

from textops.embeddings import CachedEmbedder, TransformerEmbedder, get_embedder
from textops.ingest import read_paths
from textops.objections import classify_utterance, get_model, mine_objections
from textops.objections._encoder import encoder_label, objection_embedder
from textops.objections._text import sentence_pieces
from textops.types import Transcript, Utterance

LEADS = ["", "So, ", "I mean, ", "Honestly, ", "Look, ", "Well, ", "Okay so ", "And ", "Right, ", "Yeah, "]
TAILS = ["", ", you know", " for us", " right now", " at this point", ", to be fair", ", I think", " anyway"]
BACKCHANNELS = ["Yeah.", "Okay, got it.", "Mm-hmm.", "Right, right.", "Sure.", "Yeah, okay.", "Gotcha."]
REP = ["Right.", "Got it.", "Makes sense, tell me more.", "Okay.", "Sure, go on."]


def sentence_pool() -> list[str]:
    demo = read_paths([ROOT / "corpora" / "demo" / "calls"]).transcripts
    pool = {
        p.text for t in demo for u in t.utterances if u.role == "prospect" for p in sentence_pieces(u.text)
    }
    for path in [ROOT / "corpora" / "objections" / "seed.jsonl"]:
        with path.open(encoding="utf-8") as f:
            pool |= {json.loads(line)["text"] for line in f if line.strip()}
    return sorted(s for s in pool if len(s.split()) >= 3)


def vary(sentence: str, rng: random.Random) -> str:
    core = sentence.rstrip(".!?")
    lead = rng.choice(LEADS)
    if lead and core[:1].isupper() and not core.startswith("I "):
        core = core[0].lower() + core[1:]
    end = "?" if sentence.endswith("?") else "."
    return f"{lead}{core}{rng.choice(TAILS)}{end}"


def workload(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    pool = sentence_pool()
    out = []
    for _ in range(n):
        if rng.random() < 0.2:
            out.append(rng.choice(BACKCHANNELS))
        else:
            out.append(" ".join(vary(rng.choice(pool), rng) for _ in range(rng.choice((1, 1, 2, 2, 3)))))
    return out


def calls_of(turns: list[str], per_call: int = 15) -> list[Transcript]:
    calls = []
    for c, lo in enumerate(range(0, len(turns), per_call)):
        utts: list[Utterance] = []
        for text in turns[lo : lo + per_call]:
            utts.append(Utterance(speaker="Rep", role="rep", text=REP[len(utts) % len(REP)], index=len(utts)))
            utts.append(Utterance(speaker="Prospect", role="prospect", text=text, index=len(utts)))
        calls.append(
            Transcript(call_id=f"bench-{c:05d}", utterances=utts, outcome="won" if c % 2 else "lost")
        )
    return calls


class NaiveBaseline:
    """The naive path, one ``classify_utterance`` per turn with no batching and no cache, run in slices."""

    def __init__(self, texts: list[str], model: object) -> None:
        self.texts, self.model = texts, model
        self.embedder = CachedEmbedder(TransformerEmbedder(), memory_items=0)  # forgets every vector
        self.done = 0
        self.seconds = 0.0
        for text in ("Warm-up one.", "Warm-up two, untimed."):
            classify_utterance(text, embedder=self.embedder, model=model)  # type: ignore[arg-type]

    def run(self, n: int) -> float:
        """Classify the next ``n`` turns; returns the seconds it took."""
        t0 = time.perf_counter()
        for text in self.texts[self.done : self.done + n]:
            classify_utterance(text, embedder=self.embedder, model=self.model)  # type: ignore[arg-type]
        self.done = min(len(self.texts), self.done + n)
        spent = time.perf_counter() - t0
        self.seconds += spent
        return spent

    @property
    def rate(self) -> float:
        """Utterances/s over the slices run so far."""
        return self.done / self.seconds if self.seconds else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--utterances", type=int, default=20_000)
    ap.add_argument("--baseline", type=int, default=600, help="turns for the naive per-turn baseline")
    ap.add_argument("--latency", type=int, default=300, help="single-utterance classify calls")
    args = ap.parse_args()

    turns = workload(args.utterances)
    words = sum(len(t.split()) for t in turns)
    sentences = sum(len(sentence_pieces(t)) for t in turns)
    distinct = len({p.text for t in turns for p in sentence_pieces(t)})
    print(
        f"workload: {len(turns)} prospect turns, {sentences} sentences ({distinct} distinct), {words} words"
    )

    shared = get_embedder()
    embedder = objection_embedder(shared)  # the fine-tuned objection encoder, when it applies
    t0 = time.perf_counter()
    model = get_model(embedder)
    embedder.encode(["warm-up"])
    print(
        f"encoder {encoder_label(embedder)}; model load + training ({model.cv.n} training sentences): "
        f"{time.perf_counter() - t0:.1f} s"
    )

    naive = NaiveBaseline(workload(args.baseline, seed=11), model)
    slice_size = max(1, args.baseline // 24)
    # same loaded model, empty cache: every sentence is embedded
    fresh = objection_embedder(CachedEmbedder(shared.inner))
    assert isinstance(fresh, CachedEmbedder)
    marks: dict[str, float] = {}
    paused = {"detection": 0.0, "total": 0.0}

    def progress(message: str, fraction: float) -> None:
        marks.setdefault(message, time.perf_counter())
        if message == "scoring sentences" and naive.done < len(naive.texts):
            spent = naive.run(slice_size)  # interleaved, so both paths see the same machine load
            paused["detection"] += spent
            paused["total"] += spent

    t0 = time.perf_counter()
    report = mine_objections(calls_of(turns), embedder=fresh, model=model, progress=progress)
    if naive.done < len(naive.texts):
        naive.run(len(naive.texts) - naive.done)
    full_s = time.perf_counter() - t0 - paused["total"]
    detect_s = marks.get("finding themes", t0 + full_s) - t0 - paused["detection"]
    print(
        f"textops full report: {len(turns) / full_s:8.1f} utterances/s ({full_s:.1f} s: detection "
        f"{detect_s:.1f} s for {report.sentences_scored} sentences/clauses, then replies, themes over "
        f"{len(report.objections)} objections and tables {full_s - detect_s:.1f} s; "
        f"{fresh.misses} texts embedded, {fresh.hits} served by the cache)"
    )
    print(f"textops detection alone: {len(turns) / detect_s:8.1f} utterances/s")
    print(
        f"naive per-utterance baseline: {naive.rate:8.1f} utterances/s ({naive.done} turns in slices of "
        f"{slice_size} run between the batched embedding chunks; their time is not counted above)"
    )
    print(
        f"speed-up over the baseline: detection {len(turns) / detect_s / naive.rate:.1f}x, "
        f"full report {len(turns) / full_s / naive.rate:.1f}x"
    )

    rng = random.Random(3)
    pool = sentence_pool()
    new_texts = [f"{vary(rng.choice(pool), rng)} {rng.randint(2, 99)} seats" for _ in range(args.latency)]
    latencies = []
    for text in new_texts:
        t0 = time.perf_counter()
        classify_utterance(text, embedder=embedder, model=model)
        latencies.append(1000 * (time.perf_counter() - t0))
    p50 = statistics.median(latencies)
    p99 = float(np.percentile(latencies, 99))
    print(
        f"single-utterance classify latency (warm, new text): p50 {p50:.1f} ms, p99 {p99:.1f} ms "
        f"over {len(latencies)} calls"
    )
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
