"""Read-only views of a stored alignment report: the evidence behind a number, and one call of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from textops.alignment._models import AlignmentReport, CallAlignment, Delivery, Message, UnbackedClaim
from textops.errors import NotFoundError
from textops.roles import named_reps
from textops.types import ReportCall

if TYPE_CHECKING:
    from textops.store import Store

__all__ = ["CallView", "Evidence", "EvidenceItem", "call_view", "evidence", "load_report"]


class EvidenceItem(BaseModel):
    """A rep sentence beside the approved message it delivers (or distorts)."""

    message: Message
    delivery: Delivery
    status: Literal["delivered", "distorted"]


class Evidence(BaseModel):
    """The evidence behind a number of an alignment report, for a pillar, rep, call and/or message."""

    report_id: str
    pillar: str | None = None
    rep: str | None = None
    call_id: str | None = None
    message_id: int | None = None
    items: list[EvidenceItem]
    unbacked: list[UnbackedClaim]
    calls: list[CallAlignment] = Field(
        description="the calls in scope (for a pillar: the calls that delivered it)"
    )
    note: str = Field(
        default=(
            "A report keeps the strongest delivery and up to five distorted ones per message; open a call "
            "for what its rep said there."
        )
    )


class CallView(ReportCall):
    """One call of a report: its scores, its stored transcript, and the report's evidence from it."""

    call: CallAlignment | None
    items: list[EvidenceItem]
    unbacked: list[UnbackedClaim]


def load_report(store: Store, ws: int, report_id: str) -> AlignmentReport:
    """A stored alignment report as its model (:class:`~textops.errors.NotFoundError` if there is none)."""
    return AlignmentReport.model_validate(store.get_report(ws, report_id, kind="alignment").body)


def evidence(
    report: AlignmentReport,
    report_id: str,
    *,
    pillar: str | None = None,
    rep: str | None = None,
    call_id: str | None = None,
    message_id: int | None = None,
) -> Evidence:
    """The stored deliveries, unbacked claims and calls that match every filter given.

    Unbacked claims belong to no pillar or message: they are listed only when neither is given.
    """
    if pillar is not None and pillar not in {p.name for p in report.pillars}:
        raise NotFoundError(f"pillar {pillar!r} is not in this report")
    items: list[EvidenceItem] = []
    for p in report.pillars:
        if pillar is not None and p.name != pillar:
            continue
        for m in p.messages:
            if message_id is not None and m.message.id != message_id:
                continue
            found = [m.best_evidence] if m.best_evidence is not None else []
            found += [d for d in m.distorted_examples if d not in found]
            for d in found:
                if (rep is None or d.speaker == rep) and (call_id is None or d.call_id == call_id):
                    status = "distorted" if d.distortions else "delivered"
                    items.append(EvidenceItem(message=m.message, delivery=d, status=status))
    scoped = pillar is None and message_id is None
    unbacked = [
        u
        for u in report.unbacked_claims
        if scoped and (rep is None or u.speaker == rep) and (call_id is None or u.call_id == call_id)
    ]
    # the calls of the pillar's evidence too: the catch-all pillar is in no call's pillar lists
    evidence_calls = {i.delivery.call_id for i in items}
    calls = [
        c
        for c in report.call_scores
        if (rep is None or rep in c.reps)
        and (call_id is None or c.call_id == call_id)
        and (
            pillar is None
            or pillar in c.pillars_delivered
            or pillar in c.pillars_distorted
            or c.call_id in evidence_calls
        )
    ]
    return Evidence(
        report_id=report_id,
        pillar=pillar,
        rep=rep,
        call_id=call_id,
        message_id=message_id,
        items=items,
        unbacked=unbacked,
        calls=calls,
    )


def call_view(store: Store, ws: int, report_id: str, call_id: str) -> CallView:
    """One call of a stored report with its transcript and the report's evidence from it."""
    stored = store.get_report(ws, report_id, kind="alignment")
    report = AlignmentReport.model_validate(stored.body)
    call = next((c for c in report.call_scores if c.call_id == call_id), None)
    if call is None:
        raise NotFoundError(f"call {call_id!r} is not in report {report_id!r}")
    document_id, transcript = store.find_transcript(ws, stored.corpus_ids, call_id) or (None, None)
    if transcript is not None:  # its speakers as the report names them (a header's rep for "Speaker 1")
        transcript = named_reps(transcript)
    ev = evidence(report, report_id, call_id=call_id)
    return CallView(
        report_id=report_id,
        call_id=call_id,
        document_id=document_id,
        transcript=transcript,
        call=call,
        items=ev.items,
        unbacked=ev.unbacked,
    )
