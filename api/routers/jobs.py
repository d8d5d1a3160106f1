"""``/v1/jobs``: background analyses — list them, poll one, run a failed or interrupted one again.

A router that starts jobs registers its kind here (:func:`register_job_kind`) with the request model and
the function that turns a request into work. The job row stores the request (``{"request": ...}``), so
``POST /v1/jobs/{id}/rerun`` can rebuild the same work after a failure or a server restart. Once a job is
done its stored request is replaced by the report's short summary: a done job is not re-run, and inline
texts it was started with are not kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, ValidationError

from api.deps import EmbedderDep, RunnerDep, SettingsDep, StoreDep, WorkspaceDep
from textops.embeddings import Embedder, TrackingEmbedder
from textops.engine import JobRunner, Work
from textops.errors import ConflictError, TextopsError
from textops.settings import Settings
from textops.store import RERUNNABLE_JOB_STATES, JobInfo, Store

router = APIRouter(prefix="/v1", tags=["jobs"])

JobId = Annotated[str, Path(min_length=1, max_length=64, description="job id")]


class JobAccepted(BaseModel):
    """A background job was started: poll ``status_url``; its report id fills ``report_url_template``."""

    job: JobInfo
    status_url: str
    report_url_template: str


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


@dataclass(frozen=True)
class PreparedJob:
    """A request turned into work: the callable, its size, the corpora it reads and the report's params."""

    work: Work
    calls: int
    corpus_ids: list[int]
    report_params: dict[str, Any]


RequestT = TypeVar("RequestT", bound=BaseModel)


@dataclass(frozen=True)
class _JobKind:
    build: Callable[[dict[str, Any], JobContext], PreparedJob]
    report_url_template: str


_KINDS: dict[str, _JobKind] = {}


def register_job_kind(
    kind: str,
    request_model: type[RequestT],
    prepare: Callable[[RequestT, JobContext], PreparedJob],
    *,
    report_url_template: str,
) -> None:
    """Make jobs of ``kind`` re-runnable: ``prepare(request_model(stored request), ctx)`` rebuilds them."""

    def build(request: dict[str, Any], ctx: JobContext) -> PreparedJob:
        return prepare(request_model.model_validate(request), ctx)

    _KINDS[kind] = _JobKind(build, report_url_template)


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
    return _accepted(job)


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
    )
    return rid, report


def _accepted(job: JobInfo) -> JobAccepted:
    known = _KINDS.get(job.kind)
    template = known.report_url_template if known else "/v1/" + job.kind + "/{report_id}"
    return JobAccepted(job=job, status_url=f"/v1/jobs/{job.id}", report_url_template=template)


@router.get("/jobs", response_model=list[JobInfo], summary="The workspace's background jobs")
def list_jobs(
    store: StoreDep,
    ws: WorkspaceDep,
    job_status: Annotated[
        Literal["queued", "running", "done", "failed", "interrupted"] | None,
        Query(alias="status", description="only jobs in this state"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[JobInfo]:
    """Jobs of the caller's workspace, newest first; ``?status=interrupted`` lists those to run again."""
    return store.list_jobs(ws, status=job_status, limit=limit)


@router.get("/jobs/{job_id}", response_model=JobInfo, summary="A background job's state")
def get_job(job_id: JobId, store: StoreDep, ws: WorkspaceDep) -> JobInfo:
    """A job's state: ``queued``, ``running``, ``done``, ``failed`` or ``interrupted``.

    While running, ``done`` of ``total`` percent and ``message`` show progress; when done, ``report_id``
    names the report; ``failed`` carries ``error``; ``interrupted`` means the server stopped while it ran
    (start it again with ``POST /v1/jobs/{id}/rerun``).
    """
    return store.get_job(ws, job_id)


@router.post(
    "/jobs/{job_id}/rerun",
    response_model=JobAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Run a failed or interrupted job again",
    responses={409: {"description": "the job is queued, running or done, or cannot be rebuilt"}},
)
def rerun_job(
    job_id: JobId,
    store: StoreDep,
    ws: WorkspaceDep,
    embedder: EmbedderDep,
    settings: SettingsDep,
    runner: RunnerDep,
) -> JobAccepted:
    """Start a ``failed`` or ``interrupted`` job again from the request it was started with (same job id).

    Stored corpora are read again, so the job sees their current content. 409 for a job that is queued,
    running or done, or whose request can no longer be run (e.g. a corpus it read was deleted).
    """
    job = store.get_job(ws, job_id)
    if job.status not in RERUNNABLE_JOB_STATES:
        raise ConflictError(
            f"job {job_id!r} is {job.status}; only failed or interrupted jobs can be run again",
            hint="poll GET /v1/jobs/{id} while it runs; a done job's report is at its report_id",
        )
    kind = _KINDS.get(job.kind)
    request = store.job_params(ws, job_id).get("request")
    if kind is None or not isinstance(request, dict):
        raise ConflictError(
            f"job {job_id!r} ({job.kind}) did not keep the request it was started with",
            hint="submit the analysis again",
        )
    try:
        prepared = kind.build(request, JobContext(store, ws, embedder, settings))
    except ValidationError as exc:
        raise ConflictError(
            f"job {job_id!r} cannot be run again: its stored request is no longer valid ({exc.error_count()} "
            "error(s))",
            hint="submit the analysis again",
        ) from exc
    except TextopsError as exc:
        raise ConflictError(
            f"job {job_id!r} cannot be run again: {exc.message}", hint=exc.hint or "submit the analysis again"
        ) from exc
    job = store.requeue_job(ws, job_id)  # atomic: of two concurrent re-runs, one gets 409
    runner.enqueue(
        ws, job, prepared.work, corpus_ids=prepared.corpus_ids, report_params=prepared.report_params
    )
    return _accepted(job)
