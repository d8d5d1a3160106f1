"""An objection report filtered to some of its calls (``filter_report``), and the views over the store."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.objections.obj_helpers import make_call
from textops.embeddings import HashingEmbedder
from textops.errors import InvalidInputError, NotFoundError
from textops.objections import (
    CallFilter,
    ObjectionModel,
    ObjectionReport,
    call_view,
    filter_report,
    filtered_report,
    load_report,
    mine_objections,
)
from textops.store import Store
from textops.types import Transcript

PRICE = "Honestly it's just too expensive for us."
COMPETITOR = "We already use Salesforce for that."


def calls() -> list[Transcript]:
    """Eight calls: smb in January, enterprise in February; price in six, a competitor in every third."""
    out = []
    for i in range(8):
        turns = [
            ("rep", "Thanks for joining, how's the week?"),
            ("prospect", PRICE if i < 6 else "No problem at all."),
            ("rep", "That's fair. What do you spend on this today?"),
            ("prospect", COMPETITOR if i % 3 == 0 else "Yeah, okay."),
        ]
        out.append(
            make_call(
                f"call-{i}",
                turns,
                outcome="won" if i % 2 else "lost",
                segment="smb" if i < 4 else "enterprise",
                started_at=datetime(2026, 1 + i // 4, 5 + i, 15, tzinfo=UTC),
            )
        )
    return out


@pytest.fixture(scope="module")
def report(fake: HashingEmbedder, model: ObjectionModel) -> ObjectionReport:
    return mine_objections(calls(), embedder=fake, model=model)


def test_no_filter_is_the_report_itself(report: ObjectionReport) -> None:
    assert filter_report(report, calls(), CallFilter()) is report


def test_a_segment_counts_like_the_pipeline_over_its_calls(
    report: ObjectionReport, fake: HashingEmbedder, model: ObjectionModel
) -> None:
    """The filtered tables come from the pipeline's own builder: the same counts as mining those calls."""
    smb = [t for t in calls() if t.segment == "smb"]
    alone = mine_objections(smb, embedder=fake, model=model)
    view = filter_report(report, calls(), CallFilter(segment="smb"))
    assert (view.calls, view.calls_with_objections, view.prospect_utterances) == (
        alone.calls,
        alone.calls_with_objections,
        alone.prospect_utterances,
    )
    assert [(c.category, c.count, c.calls) for c in view.categories] == [
        (c.category, c.count, c.calls) for c in alone.categories
    ]
    assert [c.model_dump() for c in view.per_call] == [c.model_dump() for c in alone.per_call]
    assert [g.model_dump() for g in view.by_segment] == [g.model_dump() for g in alone.by_segment]
    assert {o.call_id for o in view.objections} == {"call-0", "call-1", "call-2", "call-3"}
    assert view.cross_themes == [] and view.sentences_scored == report.sentences_scored
    assert "filtered to segment smb: 4 of 8 calls" in view.warnings[-1]
    for theme in view.themes:
        kept = {o.id for o in view.objections}
        assert set(theme.objection_ids) <= kept and theme.size == len(theme.objection_ids)
        assert theme.representative.objection_id in kept


def test_dates_leave_out_calls_outside_the_range_and_calls_without_a_date(report: ObjectionReport) -> None:
    undated = calls()
    undated[5] = undated[5].model_copy(update={"started_at": None})
    view = filter_report(report, undated, CallFilter(since=date(2026, 2, 1), until=date(2026, 2, 28)))
    assert [c.call_id for c in view.per_call] == ["call-4", "call-6", "call-7"]
    assert all(o.call_id in {"call-4", "call-6", "call-7"} for o in view.objections)
    assert sum(p.counts.get("price", 0) for p in view.trend) == 1  # call-4 only: 6 and 7 have none
    assert "since 2026-02-01, until 2026-02-28" in view.warnings[-1]


def test_a_call_not_in_the_report_is_not_counted(report: ObjectionReport) -> None:
    extra = make_call("call-99", [("prospect", PRICE)], segment="smb")
    view = filter_report(report, [*calls(), extra], CallFilter(segment="smb"))
    assert view.calls == 4 and "call-99" not in {c.call_id for c in view.per_call}


def _stored(store: Store, report: ObjectionReport, *, with_corpus: bool) -> tuple[int, str]:
    ws = store.workspace()
    corpus_ids: list[int] = []
    if with_corpus:
        corpus = store.create_corpus(ws, "calls")
        store.add_documents(ws, corpus.id, calls())
        corpus_ids = [corpus.id]
    return ws, store.save_report(ws, "objections", report.model_dump(mode="json"), corpus_ids=corpus_ids)


def test_a_stored_report_is_filtered_over_its_stored_calls(store: Store, report: ObjectionReport) -> None:
    ws, rid = _stored(store, report, with_corpus=True)
    assert load_report(store, ws, rid) == report
    assert filtered_report(store, ws, rid, CallFilter()) == report
    by_rep = filtered_report(store, ws, rid, CallFilter(rep="Dana"))
    assert by_rep.calls == 8 and "filtered to rep Dana" in by_rep.warnings[-1]
    assert filtered_report(store, ws, rid, CallFilter(segment="enterprise")).calls == 4
    with pytest.raises(InvalidInputError, match="after until"):
        filtered_report(store, ws, rid, CallFilter(since=date(2026, 3, 1), until=date(2026, 1, 1)))


def test_a_report_of_inline_calls_cannot_be_filtered(store: Store, report: ObjectionReport) -> None:
    ws, rid = _stored(store, report, with_corpus=False)
    assert filtered_report(store, ws, rid, CallFilter()) == report
    with pytest.raises(InvalidInputError, match="inline calls"):
        filtered_report(store, ws, rid, CallFilter(segment="smb"))


def test_call_view_joins_the_stored_transcript_and_its_objections(
    store: Store, report: ObjectionReport
) -> None:
    ws, rid = _stored(store, report, with_corpus=True)
    view = call_view(store, ws, rid, "call-0")
    assert view.transcript is not None and view.transcript.call_id == "call-0"
    found = store.find_transcript(ws, store.report_corpus_ids(ws, rid), "call-0")
    assert found is not None and view.document_id == found[0]
    assert {o.category for o in view.objections} == {"price", "competitor"}
    assert all(o.call_id == "call-0" for o in view.objections)
    with pytest.raises(NotFoundError):
        call_view(store, ws, rid, "call-42")
    inline_ws, inline = _stored(store, report, with_corpus=False)
    gone = call_view(store, inline_ws, inline, "call-0")
    assert gone.transcript is None and gone.document_id is None and gone.objections


def test_a_rep_filter_keeps_the_calls_whose_rep_label_differs_only_in_case(
    fake: HashingEmbedder, model: ObjectionModel
) -> None:
    """`dana` in one call, `Dana` in the others: one rep in the report; filtering by it keeps every call."""
    mixed = calls()
    mixed[1] = mixed[1].model_copy(
        update={
            "utterances": [
                u.model_copy(update={"speaker": "dana"}) if u.role == "rep" else u
                for u in mixed[1].utterances
            ]
        }
    )
    report = mine_objections(mixed, embedder=fake, model=model)
    assert [r.name for r in report.by_rep] == ["Dana"]
    view = filter_report(report, mixed, CallFilter(rep="Dana"))
    assert view.calls == 8 and [r.name for r in view.by_rep] == ["Dana"]
