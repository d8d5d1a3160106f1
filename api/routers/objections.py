"""``/v1/objections``: objection reports (stored corpora, inline or uploaded transcripts) and ``classify``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, model_validator

from api._analyses import (
    BACKGROUND_ABOVE,
    DOWNLOAD_RESPONSES,
    FormatQuery,
    JobContext,
    PreparedJob,
    check_call_count,
    download,
    register_job_kind,
)
from api.deps import EmbedderDep, StoreDep, WorkspaceDep
from api.routers._common import RouteText, add_job_routes
from textops.corpus import prepare_transcript, redacted_calls
from textops.engine import ProgressFn
from textops.errors import InvalidInputError
from textops.ingest import read_bytes
from textops.ingest.redact import redactor_from_settings
from textops.ingest.redact_inline import redact_transcript_file
from textops.objections import (
    CallFilter,
    ClassifyResult,
    CustomCategory,
    ObjectionCallView,
    ObjectionConfig,
    ObjectionReport,
    call_view,
    classify_utterance,
    filtered_report,
    mine_objections,
)
from textops.settings import Settings
from textops.types import RowId, Transcript

router = APIRouter(prefix="/v1", tags=["objections"])


class TranscriptFile(BaseModel):
    """A transcript file sent inline: its name (the extension picks the format) and its text."""

    name: str = Field(min_length=1, max_length=255, description="e.g. 'call-17.vtt' (.txt .vtt .srt .json)")
    content: str = Field(min_length=1, max_length=2_000_000)


class ObjectionsRequest(BaseModel):
    """Which calls to mine (stored corpora, typed transcripts and/or transcript files) and how."""

    corpus_ids: list[RowId] = Field(default_factory=list, max_length=50)
    calls: list[Transcript] = Field(default_factory=list, max_length=200)
    files: list[TranscriptFile] = Field(default_factory=list, max_length=200)
    since: date | None = Field(default=None, description="only calls that started on or after this date")
    threshold: float | None = Field(
        default=None, gt=0, lt=1, description="P(objection) cut; default calibrated"
    )
    custom_categories: list[CustomCategory] = Field(default_factory=list, max_length=20)
    trend: Literal["auto", "week", "month"] = "auto"
    background: bool | None = Field(
        default=None,
        description=f"run as a job (202 + job id); default: above {BACKGROUND_ABOVE} calls",
    )
    redact: bool | None = Field(
        default=None,
        description="replace emails, phone numbers, card numbers, IBANs and US SSNs in `calls` and `files` "
        "(texts, call ids, file names) before mining, so neither the report nor a job keeps them (default: "
        "the server's TEXTOPS_REDACT_UPLOADS, which is on)",
    )

    @model_validator(mode="after")
    def _something_to_mine(self) -> ObjectionsRequest:
        if not (self.corpus_ids or self.calls or self.files):
            raise ValueError("give calls: `corpus_ids`, `calls` or `files`")
        return self


class ClassifyRequest(BaseModel):
    """One utterance to classify, optionally with custom categories."""

    text: str = Field(min_length=1, max_length=5_000)
    custom_categories: list[CustomCategory] = Field(default_factory=list, max_length=20)
    threshold: float | None = Field(default=None, gt=0, lt=1)


class StoredObjectionReport(ObjectionReport):
    """An objection report with its id."""

    id: str


def _read_files(files: list[TranscriptFile]) -> list[Transcript]:
    out: list[Transcript] = []
    for f in files:
        for doc in read_bytes(f.content.encode("utf-8"), f.name, kind="transcript"):
            if isinstance(doc, Transcript):
                out.append(doc)
    return out


def _redacted(body: ObjectionsRequest, settings: Settings) -> ObjectionsRequest:
    """The request with its inline calls and files redacted, as the report and a job's request keep them.

    Inline calls get their roles decided first (redaction may remove the e-mail domains that decide them).

    Files become JSON call exports of their redacted calls (same calls, same roles).
    """
    if not (settings.redact_uploads if body.redact is None else body.redact) or not (
        body.calls or body.files
    ):
        return body
    redactor = redactor_from_settings(settings)
    files = [redact_transcript_file(f.name, f.content, redactor) for f in body.files]
    calls = redacted_calls(body.calls, redactor)
    return body.model_copy(
        update={
            "calls": calls,
            "files": [TranscriptFile.model_construct(name=n, content=c) for n, c in filter(None, files)],
        }
    )


def _prepare_objections(body: ObjectionsRequest, ctx: JobContext) -> PreparedJob:
    """Read the calls a request names and build its work (also when a job is re-run)."""
    store, ws, settings = ctx.store, ctx.ws, ctx.settings
    calls = [
        *store.load_transcripts(ws, body.corpus_ids),
        *(prepare_transcript(c) for c in body.calls),  # roles from labels, as a file or an upload gets them
        *_read_files(body.files),
    ]
    if not calls:
        raise InvalidInputError(
            "the request holds no transcripts", hint="upload transcripts to the corpora first"
        )
    check_call_count(
        len(calls), settings, hint="use `since`, split the corpus, or raise TEXTOPS_MAX_CALLS_PER_ANALYSIS"
    )
    config = ObjectionConfig(
        threshold=body.threshold, since=body.since, custom_categories=body.custom_categories, trend=body.trend
    )
    params = body.model_dump(mode="json", include={"corpus_ids", "since", "threshold", "trend"})
    params["custom_categories"] = [c.key for c in body.custom_categories]
    embedder = ctx.tracked(body.corpus_ids)

    def work(progress: ProgressFn) -> ObjectionReport:
        return mine_objections(calls, embedder=embedder, config=config, progress=progress)

    return PreparedJob(work=work, calls=len(calls), corpus_ids=list(body.corpus_ids), report_params=params)


OBJECTIONS = register_job_kind(
    "objections",
    ObjectionsRequest,
    _prepare_objections,
    stored=StoredObjectionReport,
    report_url_template="/v1/objections/{report_id}",
    report=ObjectionReport,
    redact=_redacted,
)


add_job_routes(
    router,
    OBJECTIONS,
    "/objections",
    create=RouteText(
        "create_objections",
        "Objection mining over calls",
        "Detect, categorise and cluster objections. Small inputs answer at once; large ones start a job.",
    ),
    read=RouteText(
        "get_objections",
        "A stored objection report (JSON, or Markdown/HTML/CSV with `format`)",
        "A report made earlier (directly or by a job); ``?format=html`` gives the page with charts.",
    ),
    listing=RouteText(
        "list_objections", "List objection reports", "The workspace's objection reports, newest first."
    ),
)


@router.post(
    "/objections/classify", response_model=ClassifyResult, summary="Classify one utterance (low latency)"
)
def classify(body: ClassifyRequest, embedder: EmbedderDep) -> ClassifyResult:
    """Objection spans in one utterance, with category, calibrated confidence and evidence."""
    return classify_utterance(
        body.text, embedder=embedder, custom_categories=body.custom_categories, threshold=body.threshold
    )


# -- read-only views for the web UI and scripts: filtered view, one call ------------------------


@router.get(
    "/objections/{report_id}/view",
    response_model=StoredObjectionReport,
    summary="A stored report filtered by rep, segment and dates (JSON, or Markdown/HTML/CSV)",
    responses=DOWNLOAD_RESPONSES,
)
def view_objections(
    report_id: str,
    store: StoreDep,
    ws: WorkspaceDep,
    rep: Annotated[str | None, Query(max_length=300)] = None,
    segment: Annotated[str | None, Query(max_length=300)] = None,
    since: Annotated[date | None, Query(description="calls that started on or after this day")] = None,
    until: Annotated[date | None, Query(description="calls that started on or before this day")] = None,
    fmt: FormatQuery = "json",
) -> Any:
    """Every table of the report recomputed over the calls that match the filters (no re-detection)."""
    report = filtered_report(store, ws, report_id, CallFilter(rep, segment, since, until))
    if fmt != "json":
        return download(report, fmt)
    return StoredObjectionReport(id=report_id, **report.model_dump())


@router.get(
    "/objections/{report_id}/calls/{call_id:path}",
    response_model=ObjectionCallView,
    summary="One call of a report with its objections and the rep's replies",
)
def get_objection_call(report_id: str, call_id: str, store: StoreDep, ws: WorkspaceDep) -> ObjectionCallView:
    """The stored transcript of a call and the report's objections in it (spans, categories, replies)."""
    return call_view(store, ws, report_id, call_id)
