"""Background jobs: state in the database (so it survives a restart), work on a thread pool."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from typing import Any

from pydantic import BaseModel

from textops.errors import TextopsError
from textops.store import JobInfo, Store

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, float], None]
"""``progress(message, fraction_done)`` — what a pipeline reports while it works."""

Work = Callable[[ProgressFn], BaseModel]


class JobRunner:
    """Runs jobs one or a few at a time (models are CPU-bound; 2 cores gain nothing from more).

    A job's state — queued, running with progress, done with its report id, failed with its error — is
    written to the store as it changes, so ``GET /v1/jobs/{id}`` works from any process and after a
    restart (unfinished jobs are then marked ``interrupted``).
    """

    def __init__(
        self,
        store: Store,
        *,
        workers: int = 1,
        min_update_seconds: float = 0.5,
        on_finish: Callable[[str, str, float], None] | None = None,
    ) -> None:
        """``on_finish(kind, status, seconds)`` is told of every job that ends (e.g. for metrics)."""
        self.store = store
        self._on_finish = on_finish
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="textops-job")
        self._min_update = min_update_seconds
        self._futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()

    def submit(
        self,
        ws: int,
        kind: str,
        work: Work,
        *,
        params: dict[str, Any] | None = None,
        corpus_ids: list[int] | None = None,
        report_params: dict[str, Any] | None = None,
    ) -> JobInfo:
        """Queue ``work``; its returned report is saved under the job's workspace when it finishes.

        ``params`` are stored with the job: enough to build ``work`` again when the job is re-run after a
        failure or a restart. ``report_params`` (default: ``params``) are stored with the report, and
        replace the job's ``params`` once it is done.
        """
        job = self.store.create_job(ws, kind, params)
        self.enqueue(ws, job, work, corpus_ids=corpus_ids, report_params=report_params or params)
        return job

    def enqueue(
        self,
        ws: int,
        job: JobInfo,
        work: Work,
        *,
        corpus_ids: list[int] | None = None,
        report_params: dict[str, Any] | None = None,
    ) -> None:
        """Run ``work`` for an already recorded job (a new one, or one re-queued by ``Store.requeue_job``)."""
        future = self._pool.submit(
            self._run, ws, job.id, job.kind, work, report_params or {}, corpus_ids or []
        )
        with self._lock:
            self._futures[job.id] = future

    def wait(self, job_id: str, timeout: float | None = None) -> None:
        """Block until a job submitted by this runner ends (for tests and the CLI)."""
        with self._lock:
            future = self._futures.get(job_id)
        if future is not None:
            with contextlib.suppress(CancelledError):
                future.result(timeout=timeout)

    def shutdown(self) -> None:
        """Stop taking jobs; running ones finish, queued ones are marked interrupted at the next start."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(
        self, ws: int, job_id: str, kind: str, work: Work, params: dict[str, Any], corpus_ids: list[int]
    ) -> None:
        last = 0.0
        started = time.monotonic()
        status = "interrupted"

        def progress(message: str, fraction: float) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= self._min_update:
                last = now
                self.store.update_job(job_id, done=int(max(0.0, min(1.0, fraction)) * 100), message=message)

        try:
            self.store.update_job(job_id, status="running", total=100, done=0, message="starting")
            report = work(progress)
            # the report and the job's "done" are one transaction: a kill between them cannot leave a
            # saved report under a job that a restart then marks interrupted (and a re-run duplicates)
            self.store.finish_job(
                ws, job_id, kind, report.model_dump(mode="json"), corpus_ids=corpus_ids, params=params
            )
            status = "done"
        except TextopsError as exc:
            status = "failed"
            self.store.update_job(job_id, status="failed", error=str(exc), message="failed")
        except Exception as exc:  # a bug: keep the server alive, record it, log the traceback
            status = "failed"
            log.exception("job %s (%s) failed", job_id, kind)
            try:
                self.store.update_job(
                    job_id, status="failed", error=f"internal error: {type(exc).__name__}", message="failed"
                )
            except Exception:  # the database itself failed: the next start marks the job interrupted
                log.exception("could not record the failure of job %s", job_id)
        finally:
            with self._lock:
                self._futures.pop(job_id, None)
            if self._on_finish is not None:
                try:
                    self._on_finish(kind, status, time.monotonic() - started)
                except Exception:  # metrics must never break a job
                    log.exception("on_finish hook failed for job %s", job_id)
