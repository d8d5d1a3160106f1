"""The catch-all pillar: copy claims close to no framework pillar are reported under a flagged pillar that
counts in no coverage and is never "never delivered" (issue 15: a flag, not a name in parentheses)."""

from __future__ import annotations

from spacy.language import Language

from textops.alignment import AlignmentConfig, align
from textops.embeddings import HashingEmbedder
from textops.ingest import MessagingFramework
from textops.types import CopyBlock, CopyDocument, Transcript

CONFIG = AlignmentConfig(match_threshold=0.8, topical_threshold=0.4, own_names=frozenset({"acme"}))
OFF_FRAMEWORK = "Acme integrates with thirty payroll providers across Brazil and Mexico."


def test_copy_claims_outside_the_framework_make_the_flagged_catch_all(
    blank_nlp: Language, framework: MessagingFramework, copy_docs: list[CopyDocument], calls: list[Transcript]
) -> None:
    copy = [
        *copy_docs,
        CopyDocument(doc_id="extra", blocks=[CopyBlock(kind="paragraph", text=OFF_FRAMEWORK)]),
    ]
    report = align(
        copy, calls, framework=framework, embedder=HashingEmbedder(512), nlp=blank_nlp, config=CONFIG
    )

    flags = {p.name: p.catch_all for p in report.pillars}
    assert flags == {"Speed": False, "Security": False, "Suppliers": False, "(other copy claims)": True}
    catch_all = next(p for p in report.pillars if p.catch_all)
    assert [m.message.text for m in catch_all.messages] == [OFF_FRAMEWORK]
    assert catch_all.never_delivered  # no rep says it ...
    assert report.never_delivered_pillars == ["Suppliers"]  # ... but it is not a pillar of the messaging
    # coverage counts the framework's three pillars only: Dana's calls deliver two of them faithfully
    dana_call = next(c for c in report.call_scores if c.call_id == "c1")
    assert dana_call.pillars_delivered == ["Security", "Speed"]
    assert dana_call.components.coverage == round(2 / 3, 4)


def test_pillars_found_by_clustering_have_no_catch_all(
    blank_nlp: Language, copy_docs: list[CopyDocument], calls: list[Transcript]
) -> None:
    report = align(copy_docs, calls, embedder=HashingEmbedder(512), nlp=blank_nlp, config=CONFIG)
    assert report.pillars and not any(p.catch_all for p in report.pillars)


def test_a_delivered_catch_all_claim_is_in_the_evidence_not_in_a_zero_heatmap_row(
    blank_nlp: Language, framework: MessagingFramework, copy_docs: list[CopyDocument], calls: list[Transcript]
) -> None:
    """The heatmap's cells count real pillars only, so it shows no catch-all row (which would read 0% for a
    rep who does deliver such a claim); the evidence of the catch-all lists the call it was delivered in."""
    from tests.shared_fixtures import rep_call
    from textops.alignment import evidence
    from textops.reports import heatmap_cells, shown_pillars

    copy = [
        *copy_docs,
        CopyDocument(doc_id="extra", blocks=[CopyBlock(kind="paragraph", text=OFF_FRAMEWORK)]),
    ]
    talking = [*calls, rep_call("c5", "Ana", ["Thanks for the time today.", OFF_FRAMEWORK])]
    report = align(
        copy, talking, framework=framework, embedder=HashingEmbedder(512), nlp=blank_nlp, config=CONFIG
    )
    catch_all = next(p for p in report.pillars if p.catch_all)
    assert catch_all.calls_delivered == 1
    assert shown_pillars(report) == ["Speed", "Security", "Suppliers"]
    assert set(heatmap_cells(report, shown_pillars(report))["Ana"]) == {"Speed", "Security", "Suppliers"}
    found = evidence(report, "r1", pillar=catch_all.name, rep="Ana")
    assert [i.delivery.call_id for i in found.items] == ["c5"]
    assert [c.call_id for c in found.calls] == ["c5"]
