"""``/v1/jobs``: background analyses — list them, poll one, run a failed or interrupted one again.

Routers register their kinds of job in :mod:`api._analyses`; each job keeps its request, so a failed or
interrupted job can be rebuilt here. Once a job is done its stored request is replaced by the report's short
summary: a done job is not re-run, and inline texts it was started with are not kept.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, status
from pydantic import ValidationError

from api._analyses import JobAccepted, JobContextDep, accepted, job_kind
from api.deps import RunnerDep, StoreDep, WorkspaceDep
from textops.errors import ConflictError, TextopsError
from textops.store import RERUNNABLE_JOB_STATES, JobInfo

router = APIRouter(prefix="/v1", tags=["jobs"])

JobId = Annotated[str, Path(min_length=1, max_length=64, description="job id")]


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
def rerun_job(job_id: JobId, ctx: JobContextDep, runner: RunnerDep) -> JobAccepted:
    """Start a ``failed`` or ``interrupted`` job again from the request it was started with (same job id).

    Stored corpora are read again, so the job sees their current content. 409 for a job that is queued,
    running or done, or whose request can no longer be run (e.g. a corpus it read was deleted).
    """
    store, ws = ctx.store, ctx.ws
    job = store.get_job(ws, job_id)
    if job.status not in RERUNNABLE_JOB_STATES:
        raise ConflictError(
            f"job {job_id!r} is {job.status}; only failed or interrupted jobs can be run again",
            hint="poll GET /v1/jobs/{id} while it runs; a done job's report is at its report_id",
        )
    kind = job_kind(job.kind)
    request = store.job_params(ws, job_id).get("request")
    if kind is None or not isinstance(request, dict):
        raise ConflictError(
            f"job {job_id!r} ({job.kind}) did not keep the request it was started with",
            hint="submit the analysis again",
        )
    try:
        prepared = kind.build(request, ctx)
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
    return accepted(job)
