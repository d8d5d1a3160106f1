"""Bulk encoding in bfloat16 vs float32: speed, how far the vectors move, and how many decisions change.

``embedding_precision=auto`` runs bulk encoding (padded batches: corpus analyses, large requests) under
bfloat16 autocast on CPUs that compute bfloat16 natively. This bench measures, in one run, on this machine:

1. **Speed**: the demo calls' sentences encoded on one torch thread, float32 vs bfloat16 (best of 3 each).
2. **STS Benchmark test split** (``../shared/data/stsb``, public data): cosine of each sentence's two vectors,
   Spearman correlation with the gold scores under each precision, and the share of pairs whose side of
   each alignment threshold (the configured similarity thresholds) changes.
3. **Reports**: ``analyze`` on the demo corpus and on a generated corpus (``bench/corpus_scale.py``'s
   generator), once per precision, each in a fresh process; the share of changed decisions — objections
   (call, turn, span, category), pain points, faithful/distorted pillar deliveries per call, unbacked claims
   — as |A △ B| / |A ∪ B|, and the largest change of a score.

Usage: ``python bench/embedding_precision.py [--calls 30]`` (prints ``bf16 not native here`` and measures the
forced path where the CPU lacks bfloat16 units).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT, SHARED_DATA

STSB = SHARED_DATA / "stsb"
DEMO = ROOT / "corpora" / "demo"

CHILD = r"""
import json, sys
from pathlib import Path
from textops.alignment import AlignmentConfig
from textops.engine import AnalysisConfig, analyze
from textops.ingest import load_pillars, read_paths
from textops.types import CopyDocument
folder, out = Path(sys.argv[1]), Path(sys.argv[2])
copy = [d for _, d in read_paths([folder / "copy"], kind="copy").documents if isinstance(d, CopyDocument)]
calls = list(read_paths([folder / "calls"], kind="transcript").transcripts)
config = AnalysisConfig(framework=load_pillars(folder / "messaging.json"),
                        alignment=AlignmentConfig(own_names=frozenset({"brightlane"})))
res = analyze(copy, calls, config=config)
out.write_text(json.dumps({"alignment": res.alignment.model_dump(mode="json") if res.alignment else None,
                           "objections": res.objections.model_dump(mode="json")}))
"""


def _env(precision: str, data: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "TEXTOPS_EMBEDDING_PRECISION": precision,
            "TEXTOPS_DATA_DIR": str(data),
            "TEXTOPS_DATABASE_URL": f"sqlite:///{data / 'db.sqlite'}",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def run_reports(folder: Path, precision: str, work: Path) -> dict[str, Any]:
    """``analyze`` of the corpus in ``folder`` (calls/, copy/, messaging.json) in a fresh process."""
    data = work / f"data-{precision}"
    data.mkdir(exist_ok=True)
    out = work / f"{folder.name}-{precision}.json"
    subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(out)], env=_env(precision, data), check=True
    )
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def decisions(rep: dict[str, Any]) -> dict[str, set[tuple[Any, ...]]]:
    """The report's yes/no decisions as sets of keys."""
    obj = rep["objections"]
    out: dict[str, set[tuple[Any, ...]]] = {
        "objections": {
            (o["call_id"], o["utterance_index"], o["text"], o["category"]) for o in obj["objections"]
        },
        "pain points": {(o["call_id"], o["utterance_index"], o["text"]) for o in obj["pain_points"]["items"]},
    }
    al = rep["alignment"]
    if al is not None:
        out["pillar deliveries"] = {
            (c["call_id"], p, kind)
            for c in al["call_scores"]
            for kind, names in (("faithful", c["pillars_delivered"]), ("distorted", c["pillars_distorted"]))
            for p in names
        }
        out["unbacked claims"] = {(u["call_id"], u["sentence"]) for u in al["unbacked_claims"]}
    return out


def _numbers(x: Any, path: str = "") -> dict[str, float]:
    """Every number in a JSON value, by its path."""
    if isinstance(x, bool):
        return {}
    if isinstance(x, int | float):
        return {path: float(x)}
    if isinstance(x, dict):
        return {k: v for key, val in x.items() for k, v in _numbers(val, f"{path}.{key}").items()}
    if isinstance(x, list):
        return {k: v for i, val in enumerate(x) for k, v in _numbers(val, f"{path}[{i}]").items()}
    return {}


def compare_reports(name: str, a: dict[str, Any], b: dict[str, Any]) -> None:
    """Print the share of changed decisions and the largest change of a score between two reports."""
    da, db = decisions(a), decisions(b)
    for kind in da:
        union = da[kind] | db[kind]
        changed = da[kind] ^ db[kind]
        share = len(changed) / len(union) if union else 0.0
        print(
            f"  {name:<10s} {kind:<18s} {len(da[kind]):6d} fp32 {len(db[kind]):6d} bf16  changed {share:6.2%}"
        )
        for item in sorted(changed, key=str)[:4]:
            side = "fp32 only" if item in da[kind] else "bf16 only"
            print(f"      {side}: {str(item)[:140]}")
    if a["alignment"] and b["alignment"]:
        sa, sb = a["alignment"]["components"], b["alignment"]["components"]
        keys = [k for k in sa if isinstance(sa[k], int | float)]
        worst = max((abs(sa[k] - sb[k]), k) for k in keys)
        print(
            f"  {name:<10s} consistency score {sa['score']} fp32 vs {sb['score']} bf16; "
            f"largest component change {worst[0]:.3g} ({worst[1]})"
        )


def sts(precision_embedders: dict[str, Any], thresholds: dict[str, float]) -> None:
    """STS test split: Spearman per precision, vector agreement, threshold-side changes."""
    import numpy as np
    from scipy.stats import spearmanr

    from textops.alignment._calibration import load_sts

    pairs = load_sts(STSB / "sts-test.csv")
    left = [p.sentence1 for p in pairs]
    right = [p.sentence2 for p in pairs]
    gold = np.array([p.score for p in pairs])
    cos: dict[str, Any] = {}
    vecs: dict[str, Any] = {}
    for prec, emb in precision_embedders.items():
        va, vb = emb.encode(left), emb.encode(right)
        vecs[prec] = np.vstack([va, vb])
        cos[prec] = (va * vb).sum(1)
        rho = spearmanr(cos[prec], gold).statistic
        print(f"  STS test ({len(pairs)} pairs) {prec}: Spearman {rho:.4f}")
    agree = (vecs["fp32"] * vecs["bf16"]).sum(1)
    print(f"  vector cosine fp32 vs bf16: mean {agree.mean():.6f}, min {agree.min():.6f}")
    diff = np.abs(cos["fp32"] - cos["bf16"])
    print(f"  pair similarity change: mean {diff.mean():.2e}, max {diff.max():.2e}")
    for name, t in sorted(thresholds.items()):
        flips = int(((cos["fp32"] >= t) != (cos["bf16"] >= t)).sum())
        share = flips / len(pairs)
        print(f"  threshold {name} = {t:.3f}: {flips} of {len(pairs)} pairs change side ({share:.2%})")


def speed(embedders: dict[str, Any], texts: list[str]) -> dict[str, float]:
    """Best of three encodes of ``texts`` per precision, seconds."""
    out = {}
    for prec, emb in embedders.items():
        emb.encode(texts[:64])
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            emb.encode(texts)
            best = min(best, time.perf_counter() - t0)
        out[prec] = best
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", type=int, default=30, help="size of the generated corpus (0: demo only)")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT))
    import torch

    from textops.alignment._calibration import load_calibration
    from textops.embeddings._transformer import TransformerEmbedder, native_bf16
    from textops.ingest import read_paths

    torch.set_num_threads(1)
    print(f"bf16 {'native' if native_bf16() else 'not native'} here; torch {torch.__version__}, 1 thread")
    embedders = {p: TransformerEmbedder(packed=False, precision=p) for p in ("fp32", "bf16")}
    texts = [
        s
        for t in read_paths([DEMO / "calls"], kind="transcript").transcripts
        for u in t.utterances
        for s in re.split(r"(?<=[.!?])\s+", u.text)
        if s.strip()
    ]
    secs = speed(embedders, texts)
    print(
        f"speed: {len(texts)} demo sentences, fp32 {secs['fp32']:.2f} s, bf16 {secs['bf16']:.2f} s "
        f"-> {secs['fp32'] / secs['bf16']:.2f}x"
    )
    thresholds = load_calibration().thresholds
    sts(embedders, thresholds)
    with tempfile.TemporaryDirectory(prefix="textops-precision-") as tmp:
        work = Path(tmp)
        folders = [DEMO]
        if args.calls:
            sys.path.insert(0, str(ROOT / "bench"))
            from corpus_scale import build_corpus

            built = build_corpus(args.calls, work / f"generated-{args.calls}")
            folders.append(built.folder)
        for folder in folders:
            reps = {p: run_reports(folder, p, work) for p in ("fp32", "bf16")}
            compare_reports(folder.name if folder != DEMO else "demo", reps["fp32"], reps["bf16"])


if __name__ == "__main__":
    main()
