"""Background-job persistence: state, progress, parameters; restart marks unfinished jobs interrupted."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select, update

from textops.errors import ConflictError, InvalidInputError, NotFoundError, SourceDeletedError
from textops.store._base import StoreMixin
from textops.store._schema import CorpusRow, JobRow, RawJSON, ReportRow, utcnow

JOB_STATES = ("queued", "running", "done", "failed", "interrupted")
RERUNNABLE_JOB_STATES = ("failed", "interrupted")
"""States from which ``POST /v1/jobs/{id}/rerun`` may start a job again."""


class JobInfo(BaseModel):
    """A background job's state."""

    id: str
    kind: str
    status: str
    done: int
    total: int
    message: str | None
    report_id: str | None
    error: str | None
    created_at: datetime
    updated_at: datetime


def rowcount(result: Any) -> int:
    """Rows a DML statement touched (0 where the driver does not say)."""
    return int(getattr(result, "rowcount", 0) or 0)


class JobsMixin(StoreMixin):
    """Job methods of :class:`textops.store.Store`."""

    def create_job(self, ws: int, kind: str, params: dict[str, Any] | None = None) -> JobInfo:
        """Record a queued job."""
        with self.session() as s:
            row = JobRow(id=str(uuid.uuid4()), workspace_id=ws, kind=kind, params=params or {})
            s.add(row)
            s.flush()
            return _job_info(row)

    def update_job(self, job_id: str, **fields: Any) -> None:
        """Update a job: ``status``, ``done``, ``total``, ``message``, ``report_id`` or ``error``."""
        if "status" in fields and fields["status"] not in JOB_STATES:
            raise ValueError(f"unknown job status {fields['status']!r}")
        with self.session() as s:
            row = s.get(JobRow, job_id)
            if row is None:
                raise NotFoundError(f"job {job_id!r} not found")
            for key, value in fields.items():
                setattr(row, key, value)
            row.updated_at = utcnow()

    def get_job(self, ws: int, job_id: str) -> JobInfo:
        """A job's state."""
        with self.session() as s:
            row = s.scalar(select(JobRow).where(JobRow.id == job_id, JobRow.workspace_id == ws))
            if row is None:
                raise NotFoundError(f"job {job_id!r} not found")
            return _job_info(row)

    def job_params(self, ws: int, job_id: str) -> dict[str, Any]:
        """The parameters a job was started with (to re-run it)."""
        with self.session() as s:
            row = s.scalar(select(JobRow).where(JobRow.id == job_id, JobRow.workspace_id == ws))
            if row is None:
                raise NotFoundError(f"job {job_id!r} not found")
            return dict(row.params)

    def mark_interrupted_jobs(self) -> int:
        """On start-up: jobs left queued/running by a previous process are marked ``interrupted``."""
        with self.session() as s:
            rows = s.scalars(select(JobRow).where(JobRow.status.in_(("queued", "running")))).all()
            for row in rows:
                row.status = "interrupted"
                row.message = "the server stopped while this job ran; start it again"
                row.updated_at = utcnow()
            return len(rows)

    def list_jobs(self, ws: int, *, status: str | None = None, limit: int = 50) -> list[JobInfo]:
        """A workspace's jobs, newest first, optionally only those in ``status``."""
        if status is not None and status not in JOB_STATES:
            raise InvalidInputError(f"unknown job status {status!r}", hint=f"one of {', '.join(JOB_STATES)}")
        with self.session() as s:
            query = select(JobRow).where(JobRow.workspace_id == ws)
            if status is not None:
                query = query.where(JobRow.status == status)
            rows = s.scalars(query.order_by(JobRow.created_at.desc(), JobRow.id).limit(limit)).all()
            return [_job_info(r) for r in rows]

    def requeue_job(self, ws: int, job_id: str) -> JobInfo:
        """Put a ``failed`` or ``interrupted`` job back to ``queued`` (atomically: one caller wins).

        Raises :class:`ConflictError` for a job that is queued, running or done.
        """
        with self.session() as s:
            changed = s.execute(
                update(JobRow)
                .where(
                    JobRow.id == job_id,
                    JobRow.workspace_id == ws,
                    JobRow.status.in_(RERUNNABLE_JOB_STATES),
                )
                .values(
                    status="queued",
                    done=0,
                    error=None,
                    report_id=None,
                    message="queued again",
                    updated_at=utcnow(),
                )
            )
            row = s.scalar(select(JobRow).where(JobRow.id == job_id, JobRow.workspace_id == ws))
            if row is None:
                raise NotFoundError(f"job {job_id!r} not found")
            if rowcount(changed) != 1:
                raise ConflictError(
                    f"job {job_id!r} is {row.status}; only failed or interrupted jobs can be run again",
                    hint="poll GET /v1/jobs/{id} while it runs; a done job's report is at its report_id",
                )
            s.refresh(row)
            return _job_info(row)

    def finish_job(
        self,
        ws: int,
        job_id: str,
        kind: str,
        result: dict[str, Any],
        *,
        corpus_ids: Sequence[int] = (),
        params: dict[str, Any] | None = None,
        parts: Sequence[ReportPart] = (),
    ) -> str:
        """Save a job's report and mark the job done in ONE transaction; returns the report id.

        The job's stored parameters are replaced by ``params`` (the report's summary of them): a done job
        cannot be run again, so inline texts it was started with are not kept. ``parts`` are further reports
        the job made (an analysis's alignment and objection reports), saved in the same transaction.
        """
        rid = str(uuid.uuid4())
        with self.session() as s:
            row = s.get(JobRow, job_id)
            if row is None:
                raise NotFoundError(f"job {job_id!r} not found")
            for p in parts:
                add_report(s, ws, p.id, p.kind, p.result, corpus_ids=p.corpus_ids, params=p.params)
            add_report(s, ws, rid, kind, result, corpus_ids=corpus_ids, params=params)
            row.status, row.done, row.message, row.report_id, row.error = "done", 100, "done", rid, None
            row.params = params or {}
            row.updated_at = utcnow()
        return rid


def missing_corpora(
    s: Any, corpus_ids: Sequence[int], *, ws: int | None = None, lock: bool = False
) -> list[int]:
    """Which of ``corpus_ids`` no longer exist (in workspace ``ws``, when given), inside transaction ``s``.

    With ``lock`` the live rows are locked (``FOR UPDATE`` where the database has it): writes derived from
    corpora (reports) take the lock, and ``Store.delete_corpus`` takes it first, so a report can never be
    stored after its source was deleted, nor survive the delete.
    """
    wanted = set(corpus_ids)
    if not wanted:
        return []
    query = select(CorpusRow.id).where(CorpusRow.id.in_(wanted))
    if ws is not None:
        query = query.where(CorpusRow.workspace_id == ws)
    if lock:
        query = query.with_for_update()
    return sorted(wanted - set(s.scalars(query)))


def source_deleted(gone: Sequence[int]) -> SourceDeletedError:
    """The error of an analysis whose corpora ``gone`` were deleted while it ran."""
    return SourceDeletedError(
        f"corpus {', '.join(map(str, gone))} was deleted while the analysis ran; nothing it computed "
        "was kept",
        hint="start the analysis again on the corpora that still exist",
    )


def lock_live_corpora(s: Any, ws: int, corpus_ids: Sequence[int]) -> None:
    """Inside a writing transaction: lock the rows of ``corpus_ids``, or raise if one is gone."""
    gone = missing_corpora(s, corpus_ids, ws=ws, lock=True)
    if gone:
        raise source_deleted(gone)


@dataclass(frozen=True)
class ReportPart:
    """A report saved together with another one (see ``finish_job`` and ``save_report``)."""

    id: str
    kind: str
    result: dict[str, Any] | RawJSON
    """The report model's JSON: a dict, or the document serialised already (:class:`RawJSON`)."""
    corpus_ids: Sequence[int]
    params: dict[str, Any] | None = None


def add_report(
    s: Any,
    ws: int,
    report_id: str,
    kind: str,
    result: dict[str, Any] | RawJSON,
    *,
    corpus_ids: Sequence[int],
    params: dict[str, Any] | None,
) -> None:
    """Inside a writing transaction: add a report computed over ``corpus_ids``, which must still exist."""
    lock_live_corpora(s, ws, corpus_ids)
    s.add(
        ReportRow(
            id=report_id,
            workspace_id=ws,
            kind=kind,
            corpus_ids=list(corpus_ids),
            params=params or {},
            result=result,
        )
    )


def _job_info(row: JobRow) -> JobInfo:
    return JobInfo.model_validate(row, from_attributes=True)
