"""The packaged MiniLM model: hard negatives, clear forms, and recovery of the demo corpus's designed mix.

The demo corpus is synthetic: these tests show only that the pipeline recovers what the generator put
there (see corpora/README.md); quality is measured by bench/objection_quality.py on the held-out set.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from scipy.stats import spearmanr

from tests.objections.test_objections_detect import HARD_NEGATIVES, OBJECTIONS
from tests.support import DEMO
from textops.embeddings import get_embedder
from textops.ingest import read_paths
from textops.objections import ObjectionReport, classify_utterance, mine_objections

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def truth() -> dict:  # type: ignore[type-arg]
    return json.loads((DEMO / "ground_truth.json").read_text())


@pytest.fixture(scope="module")
def demo_report() -> ObjectionReport:
    return mine_objections(read_paths([DEMO / "calls"]).transcripts, embedder=get_embedder())


@pytest.mark.parametrize(
    "text", [*HARD_NEGATIVES, "I'll need to loop in our CFO for the next demo, she'll love it."]
)
def test_hard_negatives_with_minilm(text: str) -> None:
    assert not classify_utterance(text, embedder=get_embedder()).is_objection


KNOWN_MISSES: set[str] = set()
"""Clear objections the shipped model misses, kept visible as strict xfails (the test fails once the model
finds one, and its entry must go). "It's not a priority for us right now." (0.7596 against the old threshold
0.76) is found since the threshold is chosen for a 30% share of objections."""


@pytest.mark.parametrize(
    ("text", "category"),
    [
        *(
            pytest.param(t, c, marks=pytest.mark.xfail(strict=True, reason="known miss, see KNOWN_MISSES"))
            if t in KNOWN_MISSES
            else (t, c)
            for t, c in OBJECTIONS
        ),
        ("I need to run it by my CFO first.", "authority"),
        ("We can't have our data leave the EU.", "security"),
    ],
)
def test_clear_objections_with_minilm(text: str, category: str) -> None:
    result = classify_utterance(text, embedder=get_embedder())
    assert [d.category for d in result.detections] == [category]
    assert result.elapsed_ms > 0


def test_the_objection_clause_of_a_mixed_sentence_is_the_span_with_minilm() -> None:
    text = "Looks good, but honestly it's just too expensive for us."
    result = classify_utterance(text, embedder=get_embedder())
    assert [d.category for d in result.detections] == ["price"]
    span = result.detections[0]
    assert span.text.startswith("but honestly") and text[span.start_char : span.end_char] == span.text


@pytest.mark.xfail(
    strict=True,
    reason="known: on the demo calls the model finds 36 competitor objections where 20 were designed "
    "(status-quo descriptions such as 'Honestly, someone walks over to purchasing and asks.') and 30 "
    "'other' (brush-offs such as 'Send me that and I'll take a look.', which the taxonomy counts and the "
    "demo's ground truth does not)",
)
def test_demo_recovers_the_designed_objection_mix(demo_report: ObjectionReport, truth: dict) -> None:  # type: ignore[type-arg]
    designed = truth["objection_mix"]
    found = Counter(o.category for o in demo_report.objections)
    for category, n in designed.items():
        assert 0.6 <= found[category] / n <= 1.7, (category, n, found[category])
    rho = spearmanr([designed[c] for c in designed], [found[c] for c in designed])[0]
    assert rho >= 0.8, rho
    assert 0.85 * sum(designed.values()) <= sum(found[c] for c in designed) <= 1.35 * sum(designed.values())


def test_demo_objection_turns_are_found_and_categorised(demo_report: ObjectionReport, truth: dict) -> None:  # type: ignore[type-arg]
    gold = {(cid, ob["utterance_index"]): ob for cid, c in truth["calls"].items() for ob in c["objections"]}
    found: dict[tuple[str, int], set[str]] = {}
    replies: dict[tuple[str, int], int | None] = {}
    for o in demo_report.objections:
        found.setdefault((o.call_id, o.utterance_index), set()).add(o.category)
        replies[(o.call_id, o.utterance_index)] = o.reply.utterance_index if o.reply else None
    hit = [k for k in gold if k in found]
    assert len(hit) / len(gold) >= 0.75
    assert sum(k in gold for k in found) / len(found) >= 0.65
    assert sum(gold[k]["category"] in found[k] for k in hit) / len(hit) >= 0.8
    assert sum(replies[k] == gold[k]["reply_index"] for k in hit) / len(hit) >= 0.95
    repeats = [k for k, ob in gold.items() if ob["repeat"]]
    flagged = {(o.call_id, o.utterance_index) for o in demo_report.objections if o.repeat_of is not None}
    assert sum(k in flagged for k in repeats) >= 0.6 * len(repeats)


def test_demo_trend_and_segments(demo_report: ObjectionReport, truth: dict) -> None:  # type: ignore[type-arg]
    month = {cid: c["started_at"][:7] for cid, c in truth["calls"].items()}
    segment = {cid: c["segment"] for cid, c in truth["calls"].items()}
    security = [o for o in demo_report.objections if o.category == "security"]
    assert sum(month[o.call_id] in ("2026-03", "2026-04") for o in security) >= 0.75 * len(security)
    legal = Counter(
        segment[o.call_id] for o in demo_report.objections if o.category in ("contract", "security")
    )
    assert legal["smb"] <= 2 and legal["enterprise"] >= 2 * max(1, legal["smb"])
    quiet = [cid for cid, c in truth["calls"].items() if not c["objections"]]
    per_call = Counter(o.call_id for o in demo_report.objections)
    assert all(per_call[cid] <= 1 for cid in quiet)
    assert demo_report.trend_granularity == "week" and len(demo_report.trend) >= 14
