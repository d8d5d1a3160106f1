from __future__ import annotations

import json

import pytest
from spacy.language import Language

from tests.support import DEMO
from textops.alignment import AlignmentConfig, align
from textops.embeddings import HashingEmbedder
from textops.errors import InvalidInputError
from textops.ingest import MessagingFramework, load_pillars, read_paths
from textops.reports import render
from textops.types import CopyDocument, Participant, Transcript

CONFIG = AlignmentConfig(match_threshold=0.8, topical_threshold=0.4, own_names=frozenset({"acme"}))


def test_deliveries_distortions_unbacked_and_coverage(
    blank_nlp: Language, framework: MessagingFramework, copy_docs: list[CopyDocument], calls: list[Transcript]
) -> None:
    report = align(
        copy_docs, calls, framework=framework, embedder=HashingEmbedder(512), nlp=blank_nlp, config=CONFIG
    )
    pillars = {p.name: p for p in report.pillars}
    # faithful in c1, c2 (coverage counts these); distorted in c3, c4 (counted apart)
    assert pillars["Speed"].calls_delivered == 2 and pillars["Speed"].calls_distorted == 2
    speed = pillars["Speed"].messages[0]
    assert speed.calls_distorted == 2 and speed.reps == ["Dana", "Tom"]
    assert {"changed_number", "stronger_claim"} <= set(speed.distorted_examples[0].distortions)
    assert speed.best_evidence is not None and speed.best_evidence.speaker == "Dana"
    assert pillars["Security"].calls_delivered == 2 and pillars["Security"].reps_delivering == ["Dana"]
    assert report.never_delivered_pillars == ["Suppliers"]
    assert [(u.call_id, u.speaker) for u in report.unbacked_claims] == [("c3", "Tom"), ("c4", "Tom")]
    assert "number" in report.unbacked_claims[0].kinds and report.unbacked_claims[0].risk >= 2
    assert report.rep_sentences_dropped_small_talk == 4  # "can you hear me", "share my screen" x2 each
    reps = {r.rep: r for r in report.reps}
    assert reps["Dana"].components.fidelity == 1.0 and reps["Tom"].components.fidelity == 0.0
    assert reps["Dana"].components.unbacked_rate == 0.0 and reps["Tom"].components.unbacked_rate == 0.5
    assert reps["Dana"].components.score is not None and reps["Tom"].components.score is not None
    assert reps["Dana"].components.score > reps["Tom"].components.score
    assert reps["Dana"].components.coverage == pytest.approx(2 / 3, abs=1e-3)
    calls_by_id = {c.call_id: c for c in report.call_scores}
    assert calls_by_id["c1"].pillars_delivered == ["Security", "Speed"] and calls_by_id["c3"].distorted == 1
    c = report.components
    # c3 and c4 deliver Speed only distorted: no coverage for it, the distortion is counted apart
    assert calls_by_id["c3"].pillars_delivered == [] and calls_by_id["c3"].pillars_distorted == ["Speed"]
    assert reps["Tom"].pillars_delivered == {} and reps["Tom"].pillars_distorted == {"Speed": 2}
    assert c.coverage == pytest.approx((2 / 3 + 2 / 3 + 0 + 0) / 4, abs=1e-3)
    assert report.warnings  # few calls


def test_a_header_rep_over_speaker_labels_is_the_rep_the_report_names(
    blank_nlp: Language, framework: MessagingFramework, copy_docs: list[CopyDocument], calls: list[Transcript]
) -> None:
    """Each call's rep speaks as 'Speaker 1' and the header names them: the report's rows are the names."""
    relabelled = [
        c.model_copy(
            update={
                "utterances": [
                    u.model_copy(update={"speaker": "Speaker 1"}) if u.role == "rep" else u
                    for u in c.utterances
                ],
                "participants": [Participant(name=c.reps[0], role="rep", role_source="explicit")],
            }
        )
        for c in calls
    ]
    named, plain = (
        align(copy_docs, cs, framework=framework, embedder=HashingEmbedder(512), nlp=blank_nlp, config=CONFIG)
        for cs in (relabelled, calls)
    )
    assert [r.rep for r in named.reps] == [r.rep for r in plain.reps] == ["Dana", "Tom"]
    assert [(u.call_id, u.speaker) for u in named.unbacked_claims] == [("c3", "Tom"), ("c4", "Tom")]
    assert [c.reps for c in named.call_scores] == [c.reps for c in plain.call_scores]


def test_score_formula_is_the_documented_one(
    blank_nlp: Language, framework: MessagingFramework, copy_docs: list[CopyDocument], calls: list[Transcript]
) -> None:
    report = align(
        copy_docs, calls, framework=framework, embedder=HashingEmbedder(512), nlp=blank_nlp, config=CONFIG
    )
    for scope in [report.components, *(r.components for r in report.reps)]:
        parts = {
            0.4: scope.coverage,
            0.3: scope.fidelity,
            0.2: None if scope.unbacked_rate is None else 1 - scope.unbacked_rate,
            0.1: None if scope.vocabulary_divergence is None else 1 - scope.vocabulary_divergence,
        }
        used = {w: v for w, v in parts.items() if v is not None}
        expected = 100 * sum(w * v for w, v in used.items()) / sum(used)
        assert scope.score == pytest.approx(expected, abs=0.1)


def test_pillars_are_clustered_without_a_framework(
    blank_nlp: Language, copy_docs: list[CopyDocument], calls: list[Transcript]
) -> None:
    report = align(copy_docs, calls, embedder=HashingEmbedder(512), nlp=blank_nlp, config=CONFIG)
    assert len(report.pillars) == 2  # the two copy claims are unrelated; the CTA is not a claim
    assert all(p.keyphrases for p in report.pillars)
    assert any("no messaging framework" in w for w in report.warnings)


def test_bad_input_is_a_clear_error(
    blank_nlp: Language, copy_docs: list[CopyDocument], calls: list[Transcript]
) -> None:
    kw = {"embedder": HashingEmbedder(64), "nlp": blank_nlp, "config": CONFIG}
    with pytest.raises(InvalidInputError, match="no call transcripts"):
        align(copy_docs, [], **kw)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="no campaign copy"):
        align([], calls, **kw)  # type: ignore[arg-type]
    prospects_only = [
        c.model_copy(update={"utterances": [u for u in c.utterances if u.role != "rep"]}) for c in calls
    ]
    with pytest.raises(InvalidInputError, match="no rep speech"):
        align(copy_docs, prospects_only, **kw)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="thresholds"):
        align(
            copy_docs,
            calls,
            embedder=HashingEmbedder(64),
            nlp=blank_nlp,
            config=AlignmentConfig(match_threshold=0.3, topical_threshold=0.5),
        )


def test_renderers(
    blank_nlp: Language, framework: MessagingFramework, copy_docs: list[CopyDocument], calls: list[Transcript]
) -> None:
    report = align(
        copy_docs, calls, framework=framework, embedder=HashingEmbedder(512), nlp=blank_nlp, config=CONFIG
    )
    md = render(report, "md")
    assert "Never delivered faithfully:** Suppliers" in md and "| Tom |" in md
    html = render(report, "html")
    assert (
        "<table" in html
        and "Suppliers" in html
        and "http" not in html.split("</style>")[0].split("<style>")[0]
    )
    assert "<script" not in html
    rows = render(report, "csv").splitlines()
    assert rows[0].startswith("scope,name,score") and any(r.startswith("rep,Tom,") for r in rows)
    assert json.loads(render(report, "json"))["never_delivered_pillars"] == ["Suppliers"]
    with pytest.raises(InvalidInputError, match="unknown format"):
        render(report, "pdf")


@pytest.mark.model
def test_demo_corpus_ground_truth_is_recovered() -> None:
    """The synthetic demo corpus: the report finds the reps built to drift and the pillar nobody delivers."""
    truth = json.loads((DEMO / "ground_truth.json").read_text())
    copy = [d for _, d in read_paths([DEMO / "copy"], kind="copy").documents if isinstance(d, CopyDocument)]
    calls = [
        d for _, d in read_paths([DEMO / "calls"], kind="transcript").documents if isinstance(d, Transcript)
    ]
    report = align(
        copy,
        calls,
        framework=load_pillars(DEMO / "messaging.json"),
        config=AlignmentConfig(own_names=frozenset({"brightlane"})),
    )
    assert report.never_delivered_pillars == truth["undelivered_pillars"]
    drifting = {name for name, rep in truth["reps"].items() if not rep["on_message"]}
    # every rep built to drift is named (significant after the FDR correction, or at least to watch),
    # for the kind of drift it was built with; no on-message rep is flagged as drifting
    assert set(report.drifting_reps) <= drifting and report.drifting_reps
    assert set(report.drifting_reps) | set(report.watch_reps) >= drifting
    reasons = {r.rep: " ".join(r.drift_reasons + r.watch_reasons) for r in report.reps}
    for name in drifting:
        kind = truth["reps"][name]["drift_kind"]
        assert ("distorts" in reasons[name]) if kind == "distorts_claims" else ("unbacked" in reasons[name])
    rates = {r.rep: r.unbacked_claims / r.claims for r in report.reps if r.claims}
    unbacked_rep = next(n for n in drifting if truth["reps"][n]["drift_kind"] == "unbacked_claims")
    assert max(rates, key=rates.__getitem__) == unbacked_rep
    delivered = {p.name: p.calls_delivered for p in report.pillars}
    # pillars the corpus delivers more often are found in more calls (rank agreement on the delivered ones)
    designed = sorted(
        (n for n in truth["pillar_delivery"] if truth["pillar_delivery"][n] > 0),
        key=lambda n: -truth["pillar_delivery"][n],
    )
    assert delivered[designed[0]] > delivered[designed[-1]]
