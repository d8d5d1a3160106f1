"""What the analysis routers share: kinds of job, running now or as a job, and report downloads.

A router registers each kind of analysis here (:func:`register_job_kind`) with its request model and the
function that turns a request into work; the :class:`JobKind` it gets back runs a request now (storing its
report) or starts it as a job, and reads its stored reports back (as JSON, or rendered as a download). The
job row stores the request (``{"request": ...}``), so ``POST /v1/jobs/{id}/rerun`` (:mod:`api.routers.jobs`)
can rebuild the same work after a failure or a server restart. Routers import this module, never each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import Depends, Query, Response, status
from pydantic import BaseModel

from api.deps import EmbedderDep, SettingsDep, StoreDep, WorkspaceDep
from textops.embeddings import Embedder, TrackingEmbedder
from textops.engine import JobRunner, Work, report_parts
from textops.errors import InputTooLargeError
from textops.reports import DOWNLOAD_HEADERS, MEDIA_TYPES
from textops.settings import Settings
from textops.store import JobInfo, ReportSummary, Store

__all__ = [
    "BACKGROUND_ABOVE",
    "DOWNLOAD_RESPONSES",
    "JOB_RESPONSES",
    "FormatQuery",
    "JobAccepted",
    "JobContext",
    "JobContextDep",
    "JobKind",
    "LimitQuery",
    "PreparedJob",
    "ReportFormat",
    "accepted",
    "check_call_count",
    "download",
    "get_job_context",
    "job_kind",
    "register_job_kind",
    "run_or_start",
    "start_job",
]

BACKGROUND_ABOVE = 25
"""Requests with more calls than this run as a background job unless ``background`` says otherwise."""


class JobAccepted(BaseModel):
    """A background job was started: poll ``status_url``; its report id fills ``report_url_template``."""

    job: JobInfo
    status_url: str
    report_url_template: str


JOB_RESPONSES: dict[int | str, dict[str, Any]] = {
    202: {"model": JobAccepted, "description": "started as a background job"}
}
"""The OpenAPI ``responses`` of a ``POST`` that may start a job."""
DOWNLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {m.split(";")[0]: {} for f, m in MEDIA_TYPES.items() if f != "json"}}
}
"""The OpenAPI ``responses`` of a ``GET`` that also answers Markdown, HTML or CSV (``?format=``)."""
ReportFormat = Literal["json", "md", "html", "csv"]
FormatQuery = Annotated[ReportFormat, Query(alias="format")]
"""``?format=``: a report as JSON (the default) or rendered as a Markdown, HTML or CSV download."""
LimitQuery = Annotated[int, Query(ge=1, le=500)]
"""``?limit=``: how many reports a list answers at most."""


@dataclass(frozen=True)
class JobContext:
    """What building a job's work needs: the caller's workspace and the app's store, embedder, settings."""

    store: Store
    ws: int
    embedder: Embedder
    settings: Settings

    def tracked(self, corpus_ids: Sequence[int]) -> Embedder:
        """The embedder for an analysis of ``corpus_ids``: the vectors it caches are deleted with them."""
        return TrackingEmbedder(self.embedder, self.store, corpus_ids)


def get_job_context(
    store: StoreDep, ws: WorkspaceDep, embedder: EmbedderDep, settings: SettingsDep
) -> JobContext:
    """The request's :class:`JobContext` (a FastAPI dependency)."""
    return JobContext(store, ws, embedder, settings)


JobContextDep = Annotated[JobContext, Depends(get_job_context)]


@dataclass(frozen=True)
class PreparedJob:
    """A request turned into work: the callable, its size, the corpora it reads and the report's params."""

    work: Work
    calls: int
    corpus_ids: list[int]
    report_params: dict[str, Any]


RequestT = TypeVar("RequestT", bound=BaseModel)
StoredT = TypeVar("StoredT", bound=BaseModel)


@dataclass(frozen=True)
class JobKind(Generic[RequestT, StoredT]):
    """A kind of analysis: its request model, how a request becomes work, and how its report is answered."""

    name: str
    request_model: type[RequestT]
    prepare: Callable[[RequestT, JobContext], PreparedJob]
    stored: type[StoredT]
    """The report model with its ``id``: the answer when the analysis ran in the request."""
    report_url_template: str
    report: type[BaseModel] | None = None
    """The report model that :func:`download` renders (None: this kind's reports are JSON only)."""
    redact: Callable[[RequestT, Settings], RequestT] | None = None
    """What :meth:`run` does to a request before anything reads or stores it (None: nothing)."""

    def build(self, request: dict[str, Any], ctx: JobContext) -> PreparedJob:
        """The work of a stored request (``POST /v1/jobs/{id}/rerun``)."""
        return self.prepare(self.request_model.model_validate(request), ctx)

    def run(
        self,
        body: RequestT,
        ctx: JobContext,
        runner: JobRunner,
        response: Response,
        *,
        background: bool | None,
    ) -> JobAccepted | StoredT:
        """Prepare ``body`` and run it now (its report stored and returned with its id) or as a job (202).

        ``background`` None: a job when the request holds more than :data:`BACKGROUND_ABOVE` calls.
        """
        if self.redact is not None:
            body = self.redact(body, ctx.settings)
        prepared = self.prepare(body, ctx)
        if background is None:
            background = prepared.calls > BACKGROUND_ABOVE
        outcome = run_or_start(
            runner, ctx.store, ctx.ws, self.name, body, prepared, background=background, response=response
        )
        if isinstance(outcome, JobAccepted):
            return outcome
        rid, report = outcome
        return self.stored(id=rid, **report.model_dump())

    def load(self, store: Store, ws: int, report_id: str) -> StoredT:
        """A stored report of this kind with its id (:class:`~textops.errors.NotFoundError` if none)."""
        stored = store.get_report(ws, report_id, kind=self.name)
        return self.stored(id=stored.id, **stored.body)

    def answer(self, store: Store, ws: int, report_id: str, fmt: ReportFormat = "json") -> StoredT | Response:
        """A stored report of this kind as JSON with its id, or (``fmt`` md, html, csv) as a download."""
        if fmt == "json" or self.report is None:
            return self.load(store, ws, report_id)
        stored = store.get_report(ws, report_id, kind=self.name)
        return download(self.report.model_validate(stored.body), fmt)

    def summaries(self, store: Store, ws: int, limit: int) -> list[ReportSummary]:
        """The workspace's reports of this kind, newest first."""
        return store.list_reports(ws, kind=self.name, limit=limit)


_KINDS: dict[str, JobKind[Any, Any]] = {}


def register_job_kind(
    name: str,
    request_model: type[RequestT],
    prepare: Callable[[RequestT, JobContext], PreparedJob],
    *,
    stored: type[StoredT],
    report_url_template: str,
    report: type[BaseModel] | None = None,
    redact: Callable[[RequestT, Settings], RequestT] | None = None,
) -> JobKind[RequestT, StoredT]:
    """Register a kind of analysis (its jobs re-run as ``prepare(request_model(stored request), ctx)``)."""
    kind = JobKind(name, request_model, prepare, stored, report_url_template, report, redact)
    _KINDS[name] = kind
    return kind


def job_kind(kind: str) -> JobKind[Any, Any] | None:
    """The registered kind ``kind``, or None."""
    return _KINDS.get(kind)


def accepted(job: JobInfo) -> JobAccepted:
    """The answer to a request that started (or re-started) ``job``."""
    known = _KINDS.get(job.kind)
    template = known.report_url_template if known else "/v1/" + job.kind + "/{report_id}"
    return JobAccepted(job=job, status_url=f"/v1/jobs/{job.id}", report_url_template=template)


def check_call_count(calls: int, settings: Settings, *, hint: str) -> None:
    """Refuse an analysis of more calls than ``TEXTOPS_MAX_CALLS_PER_ANALYSIS`` allows."""
    if calls > settings.max_calls_per_analysis:
        raise InputTooLargeError(
            f"{calls} calls; one analysis takes at most {settings.max_calls_per_analysis}", hint=hint
        )


def start_job(runner: JobRunner, ws: int, kind: str, body: BaseModel, prepared: PreparedJob) -> JobAccepted:
    """Submit prepared work as a background job whose stored request (``body``) lets it be re-run."""
    request = body.model_dump(mode="json", by_alias=True, exclude={"background"})
    job = runner.submit(
        ws,
        kind,
        prepared.work,
        params={"request": request},
        corpus_ids=prepared.corpus_ids,
        report_params=prepared.report_params,
    )
    return accepted(job)


def run_or_start(
    runner: JobRunner,
    store: Store,
    ws: int,
    kind: str,
    body: BaseModel,
    prepared: PreparedJob,
    *,
    background: bool,
    response: Response,
) -> JobAccepted | tuple[str, BaseModel]:
    """Start ``prepared`` as a job (202 + :class:`JobAccepted`), or run it now and store its report.

    Returns the job's answer, or ``(report_id, report)`` when it ran in the request.
    """
    if background:
        response.status_code = status.HTTP_202_ACCEPTED
        return start_job(runner, ws, kind, body, prepared)
    report = prepared.work(lambda _m, _f: None)
    rid = store.save_report(
        ws,
        kind,
        report.model_dump(mode="json"),
        corpus_ids=prepared.corpus_ids,
        params=prepared.report_params,
        parts=report_parts(report),
    )
    return rid, report


def download(report: BaseModel, fmt: Literal["md", "html", "csv"]) -> Response:
    """A report rendered as Markdown, HTML or CSV, as a file download."""
    from textops.reports import render

    return Response(content=render(report, fmt), media_type=MEDIA_TYPES[fmt], headers=DOWNLOAD_HEADERS)
