"""Read-only views of a stored objection report: the report (filtered or not) and one call of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textops.errors import InvalidInputError, NotFoundError
from textops.objections._filter import CallFilter, filter_report
from textops.objections._models import Objection, ObjectionReport
from textops.roles import named_reps
from textops.types import ReportCall, Transcript

if TYPE_CHECKING:
    from textops.store import Store

__all__ = ["ObjectionCallView", "call_view", "filtered_report", "load_report", "report_calls"]


class ObjectionCallView(ReportCall):
    """One call of an objection report: its stored transcript and the objections raised in it."""

    objections: list[Objection]


def load_report(store: Store, ws: int, report_id: str) -> ObjectionReport:
    """A stored objection report as its model (:class:`~textops.errors.NotFoundError` if there is none)."""
    return ObjectionReport.model_validate(store.get_report(ws, report_id, kind="objections").body)


def report_calls(store: Store, ws: int, report_id: str) -> list[Transcript]:
    """The stored transcripts a report read (from its corpora)."""
    corpus_ids = store.report_corpus_ids(ws, report_id)
    if not corpus_ids:
        raise InvalidInputError(
            "this report was made from inline calls, which are not stored: it cannot be filtered",
            hint="upload the calls to a corpus and run the report on it",
        )
    return store.load_transcripts(ws, corpus_ids)


def filtered_report(
    store: Store, ws: int, report_id: str, where: CallFilter, *, report: ObjectionReport | None = None
) -> ObjectionReport:
    """A stored report, filtered (the report itself when no filter is given); ``report`` if already loaded."""
    report = report or load_report(store, ws, report_id)
    if not where.active:
        return report
    where.check()
    return filter_report(report, report_calls(store, ws, report_id), where)


def call_view(store: Store, ws: int, report_id: str, call_id: str) -> ObjectionCallView:
    """One call of a stored report with its transcript and objections."""
    stored = store.get_report(ws, report_id, kind="objections")
    report = ObjectionReport.model_validate(stored.body)
    if call_id not in {c.call_id for c in report.per_call}:
        raise NotFoundError(f"call {call_id!r} is not in report {report_id!r}")
    document_id, transcript = store.find_transcript(ws, stored.corpus_ids, call_id) or (None, None)
    if transcript is not None:  # its speakers as the report names them (a header's rep for "Speaker 1")
        transcript = named_reps(transcript)
    return ObjectionCallView(
        report_id=report_id,
        call_id=call_id,
        document_id=document_id,
        transcript=transcript,
        objections=[o for o in report.objections if o.call_id == call_id],
    )
