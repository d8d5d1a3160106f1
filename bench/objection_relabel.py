"""What proposed label corrections would change: the head trained on them, scored on the held-out sets.

Reads a corrections file (default ``corpora/objections/relabel-2026-12-08.jsonl``: one
``{"file", "line", "label", "proposed"}`` per changed training line, ``pain`` for a pain point), applies it in
memory to the training set, trains the classifier head on the shipped fine-tuned encoder's out-of-fold
vectors (the encoder itself is left as it was tuned) and runs ``bench/objection_quality.py`` with that head.
``--as-shipped`` applies nothing, for the figures of the shipped head in the same run.

The encoder is not retuned: that takes about an hour on 2 cores (``bench/train_objection_encoder.py``), and
the shipped encoder is only used while the training files are unchanged, so the corrections stay in their own
file until it is run again.

Usage: python bench/objection_relabel.py [--corrections FILE] [--as-shipped] [--json OUT]
"""

from __future__ import annotations

import textops  # noqa: F401 - first: it sets OpenBLAS's spin timeout before numpy loads

# isort: split
import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import objection_quality
from _common import ROOT

from textops.embeddings import get_embedder
from textops.objections import _training
from textops.objections._encoder import objection_embedder, tuned_encoder
from textops.objections._seed import (
    SeedExample,
    _key,
    default_training_paths,
    load_head_set,
    load_training_set,
    seed_digest,
)

CORRECTIONS = ROOT / "corpora" / "objections" / "relabel-2026-12-08.jsonl"


def line_ids() -> list[tuple[str, int]]:
    """(file relative to corpora/objections, line) of every example :func:`load_training_set` returns."""
    base = ROOT / "corpora" / "objections"
    seen: set[str] = set()
    out: list[tuple[str, int]] = []
    for path in default_training_paths():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            key = _key(str(json.loads(line)["text"]).strip())
            if key not in seen:
                seen.add(key)
                out.append((str(path.relative_to(base)), n))
    return out


def corrected(examples: list[SeedExample], corrections: Path) -> tuple[list[SeedExample], int]:
    """The examples with the proposed labels, and how many changed."""
    proposed = {}
    for line in corrections.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            proposed[(row["file"], int(row["line"]))] = str(row["proposed"])
    ids = line_ids()
    if len(ids) != len(examples):
        raise SystemExit(
            "the training files and the loaded training set disagree; is TEXTOPS_OBJECTION_SEED set?"
        )
    out, changed = [], 0
    for e, where in zip(examples, ids, strict=True):
        label = proposed.get(where)
        if label is None:
            out.append(e)
            continue
        if label == "pain":
            new = replace(e, label="none", kind="pain")
        elif label == "none":
            new = replace(
                e, label="none", kind=e.kind if e.label == "none" and e.kind != "pain" else "hard_negative"
            )
        else:
            new = replace(e, label=label, kind=e.kind if e.label != "none" else "objection")
        changed += (new.label, new.is_pain) != (e.label, e.is_pain)
        out.append(new)
    return out, changed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corrections", type=Path, default=CORRECTIONS)
    ap.add_argument("--as-shipped", action="store_true", help="apply no correction")
    ap.add_argument("--json", type=Path, help="write objection_quality's figures here")
    args = ap.parse_args()
    examples = load_training_set()
    embedder = objection_embedder(get_embedder())
    tuned = tuned_encoder()
    if tuned is None or tuned.embedder.name != embedder.name:
        raise SystemExit(
            "the fine-tuned objection encoder is not in use (see textops/objections/_encoder.py)"
        )
    labelled, changed = (examples, 0) if args.as_shipped else corrected(examples, args.corrections)
    print(f"{changed} of {len(examples)} training labels changed", flush=True)
    model = _training.train_model(
        labelled, embedder, vectors=tuned.oof_vectors, evidence_vectors=tuned.final_vectors
    )
    model.embedder_name = embedder.name
    # the pipeline asks get_model for the model of the files on disk: hand it this one instead
    _training._CACHE[(embedder.name, seed_digest(examples + load_head_set()))] = model
    sys.argv = ["objection_quality.py", *(["--json", str(args.json)] if args.json else [])]
    objection_quality.main()


if __name__ == "__main__":
    main()
