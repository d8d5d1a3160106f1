"""``GET /v1/jobs/{id}``: progress and result of a background analysis."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import StoreDep, WorkspaceDep
from textops.store import JobInfo

router = APIRouter(prefix="/v1", tags=["jobs"])


class JobAccepted(BaseModel):
    """A background job was started: poll ``status_url``; its report id fills ``report_url_template``."""

    job: JobInfo
    status_url: str
    report_url_template: str


@router.get("/jobs/{job_id}", response_model=JobInfo, summary="A background job's state")
def get_job(job_id: str, store: StoreDep, ws: WorkspaceDep) -> JobInfo:
    """A job's state: ``queued``, ``running``, ``done``, ``failed`` or ``interrupted``.

    While running, ``done`` of ``total`` percent and ``message`` show progress; when done, ``report_id``
    names the report; ``failed`` carries ``error``; ``interrupted`` means the server stopped while it ran
    (start it again).
    """
    return store.get_job(ws, job_id)
