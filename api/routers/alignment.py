"""``/v1/alignment``: messaging-alignment reports (inline texts or stored corpora)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field, model_validator

from api.deps import EmbedderDep, RunnerDep, SettingsDep, StoreDep, WorkspaceDep
from api.routers.jobs import JobAccepted, JobContext, PreparedJob, register_job_kind, start_job
from textops.alignment import AlignmentConfig, AlignmentReport, align
from textops.corpus import prepare_transcript
from textops.engine import ProgressFn
from textops.errors import InputTooLargeError, InvalidInputError
from textops.ingest import MessagingFramework, read_bytes
from textops.types import CopyDocument, Transcript

router = APIRouter(prefix="/v1", tags=["alignment"])


class CopyText(BaseModel):
    """A piece of copy given inline as text (paragraphs separated by blank lines)."""

    title: str | None = Field(default=None, max_length=300)
    text: str = Field(min_length=1, max_length=200_000)


class AlignmentRequest(BaseModel):
    """What to align: copy (corpora and/or inline) against calls (corpora and/or inline)."""

    copy_corpus_ids: list[Annotated[int, Field(ge=1, le=2**62)]] = Field(default_factory=list, max_length=50)
    call_corpus_ids: list[Annotated[int, Field(ge=1, le=2**62)]] = Field(default_factory=list, max_length=50)
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
    prepared = _prepare_alignment(body, JobContext(store, ws, embedder, settings))
    background = body.background if body.background is not None else prepared.calls > 25
    if background:
        response.status_code = status.HTTP_202_ACCEPTED
        return start_job(runner, ws, "alignment", body, prepared)
    report = prepared.work(lambda _m, _f: None)
    rid = store.save_report(
        ws,
        "alignment",
        report.model_dump(mode="json"),
        corpus_ids=prepared.corpus_ids,
        params=prepared.report_params,
    )
    return StoredAlignmentReport(id=rid, **report.model_dump())


@router.get(
    "/alignment/{report_id}", response_model=StoredAlignmentReport, summary="A stored alignment report"
)
def get_alignment(report_id: str, store: StoreDep, ws: WorkspaceDep) -> dict[str, Any]:
    """A report made earlier (directly or by a job)."""
    return store.get_report(ws, report_id, kind="alignment")
