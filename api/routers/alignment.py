"""``/v1/alignment``: messaging-alignment reports (inline texts or stored corpora)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field, model_validator

from api.deps import EmbedderDep, RunnerDep, SettingsDep, StoreDep, WorkspaceDep
from api.routers.jobs import JobAccepted, JobContext, PreparedJob, register_job_kind, run_or_start
from textops.alignment import (
    AlignmentConfig,
    AlignmentReport,
    CallAlignment,
    Delivery,
    Message,
    UnbackedClaim,
    align,
)
from textops.corpus import prepare_transcript
from textops.engine import ProgressFn
from textops.errors import InputTooLargeError, InvalidInputError, NotFoundError
from textops.ingest import MessagingFramework, read_bytes
from textops.ingest.redact import redactor_from_settings
from textops.reports import DOWNLOAD_HEADERS, MEDIA_TYPES
from textops.settings import Settings
from textops.store import Store
from textops.types import CopyDocument, RowId, Transcript

router = APIRouter(prefix="/v1", tags=["alignment"])


class CopyText(BaseModel):
    """A piece of copy given inline as text (paragraphs separated by blank lines)."""

    title: str | None = Field(default=None, max_length=300)
    text: str = Field(min_length=1, max_length=200_000)


class AlignmentRequest(BaseModel):
    """What to align: copy (corpora and/or inline) against calls (corpora and/or inline)."""

    copy_corpus_ids: list[RowId] = Field(default_factory=list, max_length=50)
    call_corpus_ids: list[RowId] = Field(default_factory=list, max_length=50)
    copy_texts: list[CopyText] = Field(default_factory=list, max_length=200, alias="copy")
    calls: list[Transcript] = Field(default_factory=list, max_length=200)
    framework: MessagingFramework | None = None
    match_threshold: float | None = Field(default=None, gt=0, lt=1)
    topical_threshold: float | None = Field(default=None, gt=0, lt=1)
    seller_names: list[str] = Field(
        default_factory=list, max_length=20, description="your company/product names"
    )
    background: bool | None = Field(
        default=None, description="run as a job (202 + job id); default: when there are more than 25 calls"
    )
    redact: bool | None = Field(
        default=None,
        description="replace emails, phone numbers, card numbers, IBANs and US SSNs in `calls`, `copy` and "
        "`framework` (texts, call ids) before aligning, so neither the report nor a job keeps them (default: "
        "the server's TEXTOPS_REDACT_UPLOADS, which is on)",
    )

    model_config = {"populate_by_name": True}

    @model_validator(mode="after")
    def _something_to_align(self) -> AlignmentRequest:
        if not (self.copy_corpus_ids or self.copy_texts or self.framework):
            raise ValueError("give campaign copy: `copy`, `copy_corpus_ids` or a `framework`")
        if not (self.call_corpus_ids or self.calls):
            raise ValueError("give calls: `calls` or `call_corpus_ids`")
        return self


class StoredAlignmentReport(AlignmentReport):
    """An alignment report with its id."""

    id: str


def _inline_copy(items: list[CopyText]) -> list[CopyDocument]:
    docs: list[CopyDocument] = []
    for i, item in enumerate(items):
        name = f"copy-{i + 1}.txt"
        for doc in read_bytes(item.text.encode(), name, kind="copy"):
            if isinstance(doc, CopyDocument):
                docs.append(doc.model_copy(update={"title": item.title or doc.title}))
    return docs


def _redacted(body: AlignmentRequest, settings: Settings) -> AlignmentRequest:
    """The request with its inline calls, copy and framework redacted (calls: once roles are decided)."""
    if not (settings.redact_uploads if body.redact is None else body.redact):
        return body
    if not (body.calls or body.copy_texts or body.framework):
        return body
    r = redactor_from_settings(settings)
    calls = [c for c in r.documents([prepare_transcript(c) for c in body.calls]) if isinstance(c, Transcript)]
    copy = [
        CopyText.model_construct(title=None if c.title is None else r.text(c.title), text=r.text(c.text))
        for c in body.copy_texts
    ]
    framework = body.framework
    if framework is not None:
        pillars = [
            p.model_copy(
                update={
                    "name": r.text(p.name),
                    "description": r.text(p.description),
                    "statements": [r.text(s) for s in p.statements],
                }
            )
            for p in framework.pillars
        ]
        campaign = None if framework.campaign is None else r.text(framework.campaign)
        framework = framework.model_copy(update={"campaign": campaign, "pillars": pillars})
    return body.model_copy(update={"calls": calls, "copy_texts": copy, "framework": framework})


def _prepare_alignment(body: AlignmentRequest, ctx: JobContext) -> PreparedJob:
    """Read the copy and calls a request names and build its work (also when a job is re-run)."""
    store, ws, settings = ctx.store, ctx.ws, ctx.settings
    copy_docs = (
        [*store.load_copy(ws, body.copy_corpus_ids), *_inline_copy(body.copy_texts)]
        if (body.copy_corpus_ids or body.copy_texts)
        else []
    )
    calls = [*store.load_transcripts(ws, body.call_corpus_ids), *(prepare_transcript(c) for c in body.calls)]
    if body.copy_corpus_ids and not copy_docs and body.framework is None:
        raise InvalidInputError(
            "the copy corpora hold no copy documents", hint="upload .md/.html/.txt/.csv copy first"
        )
    if not calls:
        raise InvalidInputError("the call corpora hold no transcripts", hint="upload transcripts first")
    if len(calls) > settings.max_calls_per_analysis:
        raise InputTooLargeError(
            f"{len(calls)} calls; one analysis takes at most {settings.max_calls_per_analysis}",
            hint="split the corpus, or raise TEXTOPS_MAX_CALLS_PER_ANALYSIS",
        )
    config = AlignmentConfig(
        match_threshold=body.match_threshold,
        topical_threshold=body.topical_threshold,
        own_names=frozenset(n.lower() for n in body.seller_names),
    )
    params = body.model_dump(
        mode="json", include={"copy_corpus_ids", "call_corpus_ids", "match_threshold", "topical_threshold"}
    )
    corpus_ids = [*body.copy_corpus_ids, *body.call_corpus_ids]
    embedder = ctx.tracked(corpus_ids)

    def work(progress: ProgressFn) -> AlignmentReport:
        return align(
            copy_docs, calls, framework=body.framework, embedder=embedder, config=config, progress=progress
        )

    return PreparedJob(work=work, calls=len(calls), corpus_ids=corpus_ids, report_params=params)


register_job_kind(
    "alignment", AlignmentRequest, _prepare_alignment, report_url_template="/v1/alignment/{report_id}"
)


@router.post(
    "/alignment",
    response_model=StoredAlignmentReport | JobAccepted,
    summary="Messaging alignment of copy against calls",
    responses={202: {"model": JobAccepted, "description": "started as a background job"}},
)
def create_alignment(
    body: AlignmentRequest,
    response: Response,
    store: StoreDep,
    ws: WorkspaceDep,
    embedder: EmbedderDep,
    settings: SettingsDep,
    runner: RunnerDep,
) -> Any:
    """Align campaign copy with what reps say. Small inputs answer at once; large ones start a job."""
    body = _redacted(body, settings)
    prepared = _prepare_alignment(body, JobContext(store, ws, embedder, settings))
    background = body.background if body.background is not None else prepared.calls > 25
    outcome = run_or_start(
        runner, store, ws, "alignment", body, prepared, background=background, response=response
    )
    if isinstance(outcome, JobAccepted):
        return outcome
    rid, report = outcome
    return StoredAlignmentReport(id=rid, **report.model_dump())


@router.get(
    "/alignment/{report_id}",
    response_model=StoredAlignmentReport,
    summary="A stored alignment report (JSON, or Markdown/HTML/CSV with `format`)",
    responses={200: {"content": {"text/markdown": {}, "text/html": {}, "text/csv": {}}}},
)
def get_alignment(
    report_id: str,
    store: StoreDep,
    ws: WorkspaceDep,
    fmt: Annotated[Literal["json", "md", "html", "csv"], Query(alias="format")] = "json",
) -> Any:
    """A report made earlier (directly or by a job); ``?format=html`` gives the page with the heatmap."""
    stored = store.get_report(ws, report_id, kind="alignment")
    if fmt == "json":
        return stored
    from textops.reports import render

    report = AlignmentReport.model_validate(
        {k: v for k, v in stored.items() if k not in ("id", "kind", "created_at")}
    )
    return Response(content=render(report, fmt), media_type=MEDIA_TYPES[fmt], headers=DOWNLOAD_HEADERS)


# -- read-only views for the web UI and scripts: report list, evidence, one call ----------------------------


class ReportSummary(BaseModel):
    """A stored report's id, kind, the corpora it read and when it was made."""

    id: str
    kind: str
    corpus_ids: list[int]
    created_at: str


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


class CallView(BaseModel):
    """One call of a report: its scores, its stored transcript, and the report's evidence from it."""

    report_id: str
    call_id: str
    document_id: int | None = Field(
        description="the stored transcript (GET /v1/documents/{id}); None if gone"
    )
    transcript: Transcript | None
    call: CallAlignment | None
    items: list[EvidenceItem]
    unbacked: list[UnbackedClaim]


def report_corpus_ids(store: Store, ws: int, report_id: str) -> list[int]:
    """The corpora a stored report read (empty for reports of inline texts)."""
    from sqlalchemy import select

    from textops.store._schema import ReportRow

    with store.session() as s:
        ids = s.scalar(
            select(ReportRow.corpus_ids).where(ReportRow.id == report_id, ReportRow.workspace_id == ws)
        )
    return [int(i) for i in ids or []]


def find_call(store: Store, ws: int, corpus_ids: list[int], call_id: str) -> tuple[int, Transcript] | None:
    """The stored transcript with ``call_id`` in these corpora of the workspace (the newest if several)."""
    if not corpus_ids:
        return None
    from sqlalchemy import select

    from textops.store._schema import CorpusRow, DocumentRow

    with store.session() as s:
        doc_id = s.scalar(
            select(DocumentRow.id)
            .join(CorpusRow)
            .where(
                CorpusRow.workspace_id == ws,
                DocumentRow.corpus_id.in_(corpus_ids),
                DocumentRow.kind == "transcript",
                DocumentRow.external_id == call_id,
            )
            .order_by(DocumentRow.id.desc())
            .limit(1)
        )
    if doc_id is None:
        return None
    doc = store.get_document(ws, doc_id)
    return (doc_id, doc) if isinstance(doc, Transcript) else None


def list_reports(store: Store, ws: int, kind: str, limit: int) -> list[ReportSummary]:
    """The workspace's newest reports of one kind."""
    return [
        ReportSummary(
            id=r["id"], kind=r["kind"], corpus_ids=list(r["corpus_ids"] or []), created_at=r["created_at"]
        )
        for r in store.list_reports(ws, kind=kind, limit=limit)
    ]


def load_report(store: Store, ws: int, report_id: str) -> AlignmentReport:
    """A stored alignment report as its model."""
    stored = store.get_report(ws, report_id, kind="alignment")
    return AlignmentReport.model_validate(
        {k: v for k, v in stored.items() if k not in ("id", "kind", "created_at")}
    )


def evidence(
    report: AlignmentReport,
    report_id: str,
    *,
    pillar: str | None = None,
    rep: str | None = None,
    call_id: str | None = None,
    message_id: int | None = None,
) -> Evidence:
    """The stored deliveries, unbacked claims and calls that match every filter given."""
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
                    status_ = "distorted" if d.distortions else "delivered"
                    items.append(EvidenceItem(message=m.message, delivery=d, status=status_))
    scoped = pillar is None and message_id is None
    unbacked = [
        u
        for u in report.unbacked_claims
        if scoped and (rep is None or u.speaker == rep) and (call_id is None or u.call_id == call_id)
    ]
    calls = [
        c
        for c in report.call_scores
        if (rep is None or rep in c.reps)
        and (call_id is None or c.call_id == call_id)
        and (pillar is None or pillar in c.pillars_delivered or pillar in c.pillars_distorted)
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
    report = load_report(store, ws, report_id)
    call = next((c for c in report.call_scores if c.call_id == call_id), None)
    if call is None:
        raise NotFoundError(f"call {call_id!r} is not in report {report_id!r}")
    found = find_call(store, ws, report_corpus_ids(store, ws, report_id), call_id)
    ev = evidence(report, report_id, call_id=call_id)
    return CallView(
        report_id=report_id,
        call_id=call_id,
        document_id=found[0] if found else None,
        transcript=found[1] if found else None,
        call=call,
        items=ev.items,
        unbacked=ev.unbacked,
    )


@router.get("/alignment", response_model=list[ReportSummary], summary="List alignment reports")
def list_alignment(
    store: StoreDep, ws: WorkspaceDep, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[ReportSummary]:
    """The workspace's alignment reports, newest first."""
    return list_reports(store, ws, "alignment", limit)


@router.get(
    "/alignment/{report_id}/evidence",
    response_model=Evidence,
    summary="The evidence behind a number (pillar, rep, call or message)",
)
def get_evidence(
    report_id: str,
    store: StoreDep,
    ws: WorkspaceDep,
    pillar: Annotated[str | None, Query(max_length=300)] = None,
    rep: Annotated[str | None, Query(max_length=300)] = None,
    call_id: Annotated[str | None, Query(max_length=300)] = None,
    message_id: Annotated[int | None, Query(ge=0)] = None,
) -> Evidence:
    """The rep sentences beside the approved messages they deliver or distort (filtered by every given key).

    Also the unbacked claims (when no pillar or message is given) and the calls in scope.
    """
    report = load_report(store, ws, report_id)
    return evidence(report, report_id, pillar=pillar, rep=rep, call_id=call_id, message_id=message_id)


@router.get(
    "/alignment/{report_id}/calls/{call_id:path}", response_model=CallView, summary="One call of a report"
)
def get_call(report_id: str, call_id: str, store: StoreDep, ws: WorkspaceDep) -> CallView:
    """The call's scores, its stored transcript and the report's evidence from that call."""
    return call_view(store, ws, report_id, call_id)
