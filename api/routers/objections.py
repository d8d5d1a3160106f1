"""``/v1/objections``: objection reports (stored corpora, inline or uploaded transcripts) and ``classify``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, Field, model_validator

from api.deps import EmbedderDep, RunnerDep, SettingsDep, StoreDep, WorkspaceDep
from api.routers.jobs import JobAccepted, JobContext, PreparedJob, register_job_kind, start_job
from textops.engine import ProgressFn
from textops.errors import InputTooLargeError, InvalidInputError
from textops.ingest import read_bytes
from textops.objections import (
    ClassifyResult,
    CustomCategory,
    ObjectionConfig,
    ObjectionReport,
    classify_utterance,
    mine_objections,
)
from textops.types import Transcript

router = APIRouter(prefix="/v1", tags=["objections"])

BACKGROUND_ABOVE = 25
"""Requests with more calls than this run as a background job unless ``background`` says otherwise."""


class TranscriptFile(BaseModel):
    """A transcript file sent inline: its name (the extension picks the format) and its text."""

    name: str = Field(min_length=1, max_length=255, description="e.g. 'call-17.vtt' (.txt .vtt .srt .json)")
    content: str = Field(min_length=1, max_length=2_000_000)


class ObjectionsRequest(BaseModel):
    """Which calls to mine (stored corpora, typed transcripts and/or transcript files) and how."""

    corpus_ids: list[int] = Field(default_factory=list, max_length=50)
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


def _prepare_objections(body: ObjectionsRequest, ctx: JobContext) -> PreparedJob:
    """Read the calls a request names and build its work (also when a job is re-run)."""
    store, ws, settings = ctx.store, ctx.ws, ctx.settings
    calls = [*store.load_transcripts(ws, body.corpus_ids), *body.calls, *_read_files(body.files)]
    if not calls:
        raise InvalidInputError(
            "the request holds no transcripts", hint="upload transcripts to the corpora first"
        )
    if len(calls) > settings.max_calls_per_analysis:
        raise InputTooLargeError(
            f"{len(calls)} calls; one analysis takes at most {settings.max_calls_per_analysis}",
            hint="use `since`, split the corpus, or raise TEXTOPS_MAX_CALLS_PER_ANALYSIS",
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


register_job_kind(
    "objections", ObjectionsRequest, _prepare_objections, report_url_template="/v1/objections/{report_id}"
)


@router.post(
    "/objections",
    response_model=StoredObjectionReport | JobAccepted,
    summary="Objection mining over calls",
    responses={202: {"model": JobAccepted, "description": "started as a background job"}},
)
def create_objections(
    body: ObjectionsRequest,
    response: Response,
    store: StoreDep,
    ws: WorkspaceDep,
    embedder: EmbedderDep,
    settings: SettingsDep,
    runner: RunnerDep,
) -> Any:
    """Detect, categorise and cluster objections. Small inputs answer at once; large ones start a job."""
    prepared = _prepare_objections(body, JobContext(store, ws, embedder, settings))
    background = body.background if body.background is not None else prepared.calls > BACKGROUND_ABOVE
    if background:
        response.status_code = status.HTTP_202_ACCEPTED
        return start_job(runner, ws, "objections", body, prepared)
    report = prepared.work(lambda _m, _f: None)
    rid = store.save_report(
        ws,
        "objections",
        report.model_dump(mode="json"),
        corpus_ids=prepared.corpus_ids,
        params=prepared.report_params,
    )
    return StoredObjectionReport(id=rid, **report.model_dump())


_MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


@router.get(
    "/objections/{report_id}",
    response_model=StoredObjectionReport,
    summary="A stored objection report (JSON, or Markdown/HTML/CSV with `format`)",
    responses={200: {"content": {m.split(";")[0]: {} for m in _MEDIA.values()}}},
)
def get_objections(
    report_id: str,
    store: StoreDep,
    ws: WorkspaceDep,
    fmt: Annotated[Literal["json", "md", "html", "csv"], Query(alias="format")] = "json",
) -> Any:
    """A report made earlier (directly or by a job); ``?format=html`` gives the page with charts."""
    stored = store.get_report(ws, report_id, kind="objections")
    if fmt == "json":
        return stored
    from textops.reports import render

    report = ObjectionReport.model_validate(
        {k: v for k, v in stored.items() if k not in ("id", "created_at")}
    )
    return Response(content=render(report, fmt), media_type=_MEDIA[fmt])


@router.post(
    "/objections/classify", response_model=ClassifyResult, summary="Classify one utterance (low latency)"
)
def classify(body: ClassifyRequest, embedder: EmbedderDep) -> ClassifyResult:
    """Objection spans in one utterance, with category, calibrated confidence and evidence."""
    return classify_utterance(
        body.text, embedder=embedder, custom_categories=body.custom_categories, threshold=body.threshold
    )
