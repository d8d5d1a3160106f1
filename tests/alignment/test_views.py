"""The evidence behind an alignment report's numbers, and one call of a stored report (``call_view``)."""

from __future__ import annotations

import pytest

from textops.alignment import AlignmentReport, call_view, evidence, load_report
from textops.errors import NotFoundError
from textops.store import Store
from textops.types import Participant, Transcript


def test_evidence_without_filters_lists_every_kept_delivery(report: AlignmentReport) -> None:
    ev = evidence(report, "r1")
    assert ev.report_id == "r1" and ev.pillar is None
    kinds = sorted((i.message.pillar, i.delivery.speaker, i.status) for i in ev.items)
    assert kinds == [
        ("Security", "Dana", "delivered"),
        ("Speed", "Dana", "delivered"),
        ("Speed", "Tom", "distorted"),
        ("Speed", "Tom", "distorted"),
    ]
    assert [(u.call_id, u.speaker) for u in ev.unbacked] == [("c3", "Tom"), ("c4", "Tom")]
    assert [c.call_id for c in ev.calls] == ["c1", "c2", "c3", "c4"]


def test_every_filter_given_must_match(report: AlignmentReport) -> None:
    speed = evidence(report, "r1", pillar="Speed")
    assert {i.message.pillar for i in speed.items} == {"Speed"}
    assert speed.unbacked == []  # unbacked claims belong to no pillar
    assert [c.call_id for c in speed.calls] == ["c1", "c2", "c3", "c4"]  # delivered or distorted there
    tom = evidence(report, "r1", rep="Tom")
    assert {i.delivery.speaker for i in tom.items} == {"Tom"} and all(
        i.status == "distorted" for i in tom.items
    )
    assert [c.call_id for c in tom.calls] == ["c3", "c4"] and len(tom.unbacked) == 2
    c3 = evidence(report, "r1", rep="Tom", call_id="c3")
    assert {i.delivery.call_id for i in c3.items} == {"c3"} and [u.call_id for u in c3.unbacked] == ["c3"]
    security = next(p for p in report.pillars if p.name == "Security").messages[0].message
    by_message = evidence(report, "r1", message_id=security.id)
    assert [i.message.id for i in by_message.items] == [security.id] and by_message.unbacked == []
    assert evidence(report, "r1", pillar="Suppliers").items == []  # never delivered
    with pytest.raises(NotFoundError, match="pillar 'Nope'"):
        evidence(report, "r1", pillar="Nope")


def test_call_view_of_a_stored_report(store: Store, report: AlignmentReport, calls: list[Transcript]) -> None:
    ws = store.workspace()
    corpus = store.create_corpus(ws, "calls")
    doc_ids = store.add_documents(ws, corpus.id, calls).document_ids
    rid = store.save_report(ws, "alignment", report.model_dump(mode="json"), corpus_ids=[corpus.id])
    assert load_report(store, ws, rid) == report
    view = call_view(store, ws, rid, "c3")
    assert view.document_id == doc_ids[2] and view.transcript == calls[2]
    assert view.call is not None and view.call.pillars_distorted == ["Speed"]
    assert [i.status for i in view.items] == ["distorted"] and [u.call_id for u in view.unbacked] == ["c3"]
    with pytest.raises(NotFoundError, match="not in report"):
        call_view(store, ws, rid, "c9")
    with pytest.raises(NotFoundError):
        call_view(store, store.workspace("other"), rid, "c3")  # another workspace's report does not exist
    inline = store.save_report(ws, "alignment", report.model_dump(mode="json"))
    unstored = call_view(store, ws, inline, "c1")
    assert unstored.transcript is None and unstored.document_id is None and unstored.items


def test_the_call_view_names_a_speaker_1_rep_as_the_header_does(
    store: Store, report: AlignmentReport, calls: list[Transcript]
) -> None:
    """The stored call keeps 'Speaker 1'; the call view shows it as the header's rep, as the report does."""
    c3 = calls[2]
    relabelled = c3.model_copy(
        update={
            "utterances": [
                u.model_copy(update={"speaker": "Speaker 1"}) if u.role == "rep" else u for u in c3.utterances
            ],
            "participants": [Participant(name="Tom", role="rep", role_source="explicit")],
        }
    )
    ws = store.workspace()
    corpus = store.create_corpus(ws, "calls")
    store.add_documents(ws, corpus.id, [relabelled])
    rid = store.save_report(ws, "alignment", report.model_dump(mode="json"), corpus_ids=[corpus.id])
    view = call_view(store, ws, rid, "c3")
    assert view.transcript is not None
    assert {u.speaker for u in view.transcript.utterances if u.role == "rep"} == {"Tom"}
    found = store.find_transcript(ws, [corpus.id], "c3")
    assert found is not None and {u.speaker for u in found[1].utterances if u.role == "rep"} == {"Speaker 1"}
