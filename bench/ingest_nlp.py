"""Words/s for ingest + sentence segmentation + embedding over the demo corpus, vs a naive baseline.

textops path: read every demo call file (repeated until >= --words words), split all utterances into
sentences with ``nlp.pipe`` on the trimmed ``sentences`` pipeline, and embed the sentences with the
batched, cached embedder (the cache is what makes repeated text free — the figure with the cache off is
printed too, so the batching gain is visible on its own).

naive baseline (same run, same machine): one full ``nlp()`` call per utterance and one ``encode()`` call per
utterance, no batching, no cache. It is measured on a sample of --baseline-words words and reported per word.

Usage: python bench/ingest_nlp.py [--words 200000] [--baseline-words 15000]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _common import ROOT, peak_rss_mib

from textops.embeddings import CachedEmbedder, TransformerEmbedder
from textops.ingest import read_file
from textops.loaders import load_spacy
from textops.nlp import get_nlp, split_sentences
from textops.settings import get_settings
from textops.types import Transcript


def demo_files() -> list[Path]:
    calls = ROOT / "corpora" / "demo" / "calls"
    return sorted(
        p
        for p in calls.iterdir()
        if p.suffix in {".txt", ".vtt", ".json"} and not p.name.endswith(".meta.json")
    )


def read_all(files: list[Path], target_words: int) -> tuple[list[str], int, int]:
    texts: list[str] = []
    words = reads = 0
    while words < target_words:
        for f in files:
            for doc in read_file(f):
                assert isinstance(doc, Transcript)
                texts.extend(u.text for u in doc.utterances)
                words += doc.word_count
            reads += 1
            if words >= target_words:
                break
    return texts, words, reads


def textops_path(files: list[Path], target_words: int, *, cache: bool) -> dict[str, float]:
    t0 = time.perf_counter()
    texts, words, reads = read_all(files, target_words)
    t1 = time.perf_counter()
    sentences = [s.text for sents in split_sentences(texts) for s in sents]
    t2 = time.perf_counter()
    inner = TransformerEmbedder()
    if cache:
        CachedEmbedder(inner).encode(sentences)
    else:
        inner.encode(sentences)
    t3 = time.perf_counter()
    return {
        "words": words,
        "files": reads,
        "sentences": len(sentences),
        "read_s": t1 - t0,
        "split_s": t2 - t1,
        "embed_s": t3 - t2,
        "total_s": t3 - t0,
    }


def naive_path(files: list[Path], target_words: int) -> dict[str, float]:
    nlp = load_spacy(get_settings().spacy_model, "full")
    embedder = TransformerEmbedder(batch_size=10_000)
    t0 = time.perf_counter()
    texts, words, reads = read_all(files, target_words)
    n_sent = 0
    for text in texts:
        doc = nlp(text)
        sents = [s.text for s in doc.sents]
        n_sent += len(sents)
        embedder.encode(sents)
    return {"words": words, "files": reads, "sentences": n_sent, "total_s": time.perf_counter() - t0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="words for the textops path (>= 200k)")
    parser.add_argument(
        "--baseline-words", type=int, default=15_000, help="words for the naive baseline sample"
    )
    args = parser.parse_args()
    files = demo_files()
    # load models before timing either path
    get_nlp("sentences")
    load_spacy(get_settings().spacy_model, "full")
    TransformerEmbedder().warm()
    rss_models = peak_rss_mib()

    naive = naive_path(files, args.baseline_words)
    fast_nocache = textops_path(files, args.baseline_words * 4, cache=False)
    fast = textops_path(files, args.words, cache=True)

    def wps(r: dict[str, float]) -> float:
        return r["words"] / r["total_s"]

    print(f"demo files: {len(files)}; models loaded, peak RSS {rss_models:.0f} MiB")
    print(f"{'path':44s} {'words':>8s} {'sentences':>9s} {'seconds':>8s} {'words/s':>9s}")
    print(
        f"{'naive (nlp()+encode() per utterance)':44s} {naive['words']:8.0f} {naive['sentences']:9.0f} "
        f"{naive['total_s']:8.1f} {wps(naive):9.0f}"
    )
    print(
        f"{'textops, batched, cache off':44s} {fast_nocache['words']:8.0f} {fast_nocache['sentences']:9.0f} "
        f"{fast_nocache['total_s']:8.1f} {wps(fast_nocache):9.0f}"
    )
    print(
        f"{'textops, batched + content-hash cache':44s} {fast['words']:8.0f} {fast['sentences']:9.0f} "
        f"{fast['total_s']:8.1f} {wps(fast):9.0f}"
    )
    print(
        f"  (read {fast['read_s']:.1f}s, split {fast['split_s']:.1f}s, embed {fast['embed_s']:.1f}s; "
        f"the demo corpus repeats, so most sentences after the first pass are cache hits)"
    )
    print(
        f"speed-up vs naive: batched {wps(fast_nocache) / wps(naive):.1f}x, "
        f"batched + cache on repeated text {wps(fast) / wps(naive):.1f}x"
    )
    print(f"peak RSS: {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
