"""``/v1/alignment``: messaging-alignment reports (inline texts or stored corpora)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field, model_validator

from api._analyses import JobContext, PreparedJob, check_call_count, register_job_kind
from api.deps import EvidenceQueryParams, StoreDep, WorkspaceDep
from api.routers._common import RouteText, add_job_routes
from textops.alignment import (
    AlignmentConfig,
    AlignmentReport,
    CallView,
    Evidence,
    align,
    call_view,
    evidence,
    load_report,
)
from textops.corpus import prepare_transcript, redacted_calls
from textops.engine import ProgressFn
from textops.errors import InvalidInputError
from textops.ingest import MessagingFramework, read_bytes
from textops.ingest.redact import redactor_from_settings
from textops.settings import Settings
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
    calls = redacted_calls(body.calls, r)
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
    check_call_count(len(calls), settings, hint="split the corpus, or raise TEXTOPS_MAX_CALLS_PER_ANALYSIS")
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


ALIGNMENT = register_job_kind(
    "alignment",
    AlignmentRequest,
    _prepare_alignment,
    stored=StoredAlignmentReport,
    report_url_template="/v1/alignment/{report_id}",
    report=AlignmentReport,
    redact=_redacted,
)


add_job_routes(
    router,
    ALIGNMENT,
    "/alignment",
    create=RouteText(
        "create_alignment",
        "Messaging alignment of copy against calls",
        "Align campaign copy with what reps say. Small inputs answer at once; large ones start a job.",
    ),
    read=RouteText(
        "get_alignment",
        "A stored alignment report (JSON, or Markdown/HTML/CSV with `format`)",
        "A report made earlier (directly or by a job); ``?format=html`` gives the page with the heatmap.",
    ),
    listing=RouteText(
        "list_alignment", "List alignment reports", "The workspace's alignment reports, newest first."
    ),
)


# -- read-only views for the web UI and scripts: evidence, one call ------------------------------------------


@router.get(
    "/alignment/{report_id}/evidence",
    response_model=Evidence,
    summary="The evidence behind a number (pillar, rep, call or message)",
)
def get_evidence(
    report_id: str,
    store: StoreDep,
    ws: WorkspaceDep,
    query: EvidenceQueryParams,
) -> Evidence:
    """The rep sentences beside the approved messages they deliver or distort (filtered by every given key).

    Also the unbacked claims (when no pillar or message is given) and the calls in scope.
    """
    report = load_report(store, ws, report_id)
    return evidence(report, report_id, **query.model_dump())


@router.get(
    "/alignment/{report_id}/calls/{call_id:path}", response_model=CallView, summary="One call of a report"
)
def get_call(report_id: str, call_id: str, store: StoreDep, ws: WorkspaceDep) -> CallView:
    """The call's scores, its stored transcript and the report's evidence from that call."""
    return call_view(store, ws, report_id, call_id)
