"""How far two people agree on the held-out objection labels: the ceiling the model's figures sit under.

A second annotator (a helper session that saw only the calls, the unit list without labels and the
labelling guide — the definitions in corpora/objections/README.md — never the gold labels, the model or the
training data) labelled every unit of both held-out sets. This prints the second annotator's figures
against the gold labels, computed exactly like the model's in bench/objection_quality.py: detection
(objection vs not; pain counts as not), categorisation macro-F1 on the units both call objections, and
pain-point F1.

Usage: python bench/objection_agreement.py
"""

from __future__ import annotations

import json
from pathlib import Path

from _common import ROOT
from sklearn.metrics import cohen_kappa_score, f1_score, precision_recall_fscore_support

from textops.objections._taxonomy import CATEGORY_KEYS

SETS = ("heldout", "heldout-registers")


def _read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    """Print the agreement figures for both held-out sets."""
    cats = list(CATEGORY_KEYS)
    for name in SETS:
        folder = ROOT / "corpora" / "objections" / name
        gold_rows, second_rows = _read(folder / "sentences.jsonl"), _read(folder / "second_annotator.jsonl")
        if [(r["call_id"], r["text"]) for r in gold_rows] != [(r["call_id"], r["text"]) for r in second_rows]:
            raise SystemExit(f"{name}: the second annotator's units do not match sentences.jsonl")
        gold = [str(r["label"]) for r in gold_rows]
        second = [str(r["label"]) for r in second_rows]
        g_obj = [x in cats for x in gold]
        s_obj = [x in cats for x in second]
        p, r, f, _ = precision_recall_fscore_support(g_obj, s_obj, average="binary", zero_division=0.0)
        both = [(g, s) for g, s in zip(gold, second, strict=True) if g in cats and s in cats]
        macro = f1_score(
            [g for g, _ in both], [s for _, s in both], labels=cats, average="macro", zero_division=0.0
        )
        accuracy = sum(g == s for g, s in both) / max(1, len(both))
        g_pain, s_pain = [x == "pain" for x in gold], [x == "pain" for x in second]
        pain = (
            f"{f1_score(g_pain, s_pain, zero_division=0.0):.3f}"
            if any(g_pain)
            else "(no pain labels in gold)"
        )
        kappa = cohen_kappa_score(g_obj, s_obj)
        print(
            f"{name}: {len(gold)} units. Second annotator vs gold — detection P {p:.3f} / R {r:.3f} / "
            f"F1 {f:.3f} (Cohen's kappa {kappa:.3f}); categorisation macro-F1 {macro:.3f}, "
            f"accuracy {accuracy:.3f} on the {len(both)} units both call objections; pain-point F1 {pain}"
        )


if __name__ == "__main__":
    main()
