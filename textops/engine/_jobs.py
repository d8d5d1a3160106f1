"""Background jobs: state in the database (so it survives a restart), work on a few threads, fairly.

Fairness and budgets: queued jobs are started workspace by workspace (the workspace with the fewest running
jobs goes first, then the oldest job), at most ``per_workspace`` at a time each, so one workspace's long
job cannot keep another's waiting while a worker is free. A job that runs past ``time_limit_s`` or finds
the process above ``memory_limit_mb`` is stopped at its next progress report and fails with a message
that says which budget it exceeded and what to do.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass
from typing import Any

import psutil
from pydantic import BaseModel

from textops.errors import DatabaseUnavailableError, TextopsError
from textops.store import JobInfo, ReportPart, Store, log_safe

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, float], None]
"""``progress(message, fraction_done)`` — what a pipeline reports while it works."""

Work = Callable[[ProgressFn], BaseModel]


def report_parts(report: BaseModel) -> list[ReportPart]:
    """Further reports a job's report carries (``report.parts()``: an analysis's own two), else none."""
    parts = getattr(report, "parts", None)
    return list(parts()) if callable(parts) else []


class JobBudgetError(TextopsError):
    """A job ran past its time budget or the process past its memory budget."""

    code = "job_budget_exceeded"


def job_memory_limit_mb(setting: float | None) -> float | None:
    """The memory budget in force: the setting, 80% of the machine's memory when unset, None for 0."""
    if setting is not None:
        return setting or None
    total: int = psutil.virtual_memory().total
    return 0.8 * total / 2**20


@dataclass
class _Queued:
    seq: int
    ws: int
    job_id: str
    kind: str
    work: Work
    params: dict[str, Any]
    corpus_ids: list[int]
    future: Future[None]


class JobRunner:
    """Runs jobs a few at a time, fairly across workspaces, each within its time and memory budget.

    Models are CPU-bound, so more workers than cores gain nothing; the default of two lets a second
    workspace's job start while another workspace's long job runs.

    A job's state — queued, running with progress, done with its report id, failed with its error — is
    written to the store as it changes, so ``GET /v1/jobs/{id}`` works from any process and after a
    restart (unfinished jobs are then marked ``interrupted``).
    """

    def __init__(
        self,
        store: Store,
        *,
        workers: int = 1,
        per_workspace: int = 1,
        time_limit_s: float | None = None,
        memory_limit_mb: float | None = None,
        min_update_seconds: float = 0.5,
        on_finish: Callable[[str, str, float], None] | None = None,
    ) -> None:
        """``on_finish(kind, status, seconds)`` is told of every job that ends (e.g. for metrics).

        ``workers`` jobs run at once, at most ``per_workspace`` of one workspace; ``time_limit_s`` and
        ``memory_limit_mb`` (None: no limit) are each job's budgets.
        """
        self.store = store
        self._on_finish = on_finish
        self._min_update = min_update_seconds
        self.per_workspace = max(1, per_workspace)
        self.time_limit_s = time_limit_s
        self.memory_limit_mb = memory_limit_mb
        self._queue: list[_Queued] = []
        self._running: dict[int, int] = {}
        self._futures: dict[str, Future[None]] = {}
        self._seq = itertools.count()
        self._lock = threading.Condition()
        self._closed = False
        self._threads = [
            threading.Thread(target=self._worker, name=f"textops-job-{i}", daemon=True)
            for i in range(max(1, workers))
        ]
        for t in self._threads:
            t.start()

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
        future: Future[None] = Future()
        item = _Queued(
            next(self._seq), ws, job.id, job.kind, work, report_params or {}, corpus_ids or [], future
        )
        with self._lock:
            if self._closed:
                future.cancel()
                return
            self._futures[job.id] = future
            self._queue.append(item)
            self._lock.notify()

    def wait(self, job_id: str, timeout: float | None = None) -> None:
        """Block until a job submitted by this runner ends (for tests and the CLI)."""
        with self._lock:
            future = self._futures.get(job_id)
        if future is not None:
            with contextlib.suppress(CancelledError):
                future.result(timeout=timeout)

    def shutdown(self) -> None:
        """Stop taking jobs; running ones finish, queued ones are marked interrupted at the next start."""
        with self._lock:
            self._closed = True
            for item in self._queue:
                item.future.cancel()
                self._futures.pop(item.job_id, None)
            self._queue.clear()
            self._lock.notify_all()

    def _next(self) -> _Queued | None:
        """The next job to start: from the workspace with the fewest running jobs, then the oldest."""
        best: _Queued | None = None
        for item in self._queue:
            running = self._running.get(item.ws, 0)
            if running >= self.per_workspace:
                continue
            if best is None or (running, item.seq) < (self._running.get(best.ws, 0), best.seq):
                best = item
        return best

    def _worker(self) -> None:
        while True:
            with self._lock:
                item = self._next()
                while item is None and not self._closed:
                    self._lock.wait()
                    item = self._next()
                if item is None:
                    return
                self._queue.remove(item)
                self._running[item.ws] = self._running.get(item.ws, 0) + 1
            try:
                if item.future.set_running_or_notify_cancel():
                    self._run(item.ws, item.job_id, item.kind, item.work, item.params, item.corpus_ids)
                    item.future.set_result(None)
            except Exception as exc:  # never lose a worker: the queue would stall behind it
                log.exception("job %s: the worker caught an error", item.job_id)
                if not item.future.done():
                    item.future.set_exception(exc)
            finally:
                with self._lock:
                    self._running[item.ws] -= 1
                    self._futures.pop(item.job_id, None)
                    self._lock.notify_all()

    def _run(
        self, ws: int, job_id: str, kind: str, work: Work, params: dict[str, Any], corpus_ids: list[int]
    ) -> None:
        last = 0.0
        started = time.monotonic()
        status = "interrupted"

        def progress(message: str, fraction: float) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= self._min_update:  # budgets and the stored progress, at most every 0.5 s
                last = now
                self._check_budgets(now - started)
                self.store.update_job(job_id, done=int(max(0.0, min(1.0, fraction)) * 100), message=message)

        try:
            self.store.update_job(job_id, status="running", total=100, done=0, message="starting")
            report = work(progress)
            # the report and the job's "done" are one transaction: a kill between them cannot leave a
            # saved report under a job that a restart then marks interrupted (and a re-run duplicates);
            # an analysis's own reports (its parts) are saved in the same transaction
            self.store.finish_job(
                ws,
                job_id,
                kind,
                report.model_dump(mode="json"),
                corpus_ids=corpus_ids,
                params=params,
                parts=report_parts(report),
            )
            status = "done"
        except DatabaseUnavailableError as exc:  # which database and why is for the server log, not the job
            status = "failed"
            log.error("job %s (%s) failed: %s", job_id, kind, exc)
            self._record_failure(
                job_id, "the database could not be reached while the job ran; run it again when it answers"
            )
        except TextopsError as exc:
            status = "failed"
            self._record_failure(job_id, str(exc))
        except Exception as exc:  # a bug: keep the server alive, record it, log the traceback
            status = "failed"
            log.error("job %s (%s) failed", job_id, kind, exc_info=log_safe(exc))
            self._record_failure(job_id, f"internal error: {type(exc).__name__}")
        finally:
            if self._on_finish is not None:
                try:
                    self._on_finish(kind, status, time.monotonic() - started)
                except Exception:  # metrics must never break a job
                    log.exception("on_finish hook failed for job %s", job_id)

    def _record_failure(self, job_id: str, error: str) -> None:
        try:
            self.store.update_job(job_id, status="failed", error=error, message="failed")
        except Exception:  # the database itself failed: the next start marks the job interrupted
            log.exception("could not record the failure of job %s", job_id)

    def _check_budgets(self, elapsed: float) -> None:
        if self.time_limit_s is not None and elapsed > self.time_limit_s:
            raise JobBudgetError(
                f"stopped after {elapsed:.0f} s: over the job time budget of {self.time_limit_s:.0f} s",
                hint="analyse fewer calls at a time (split the corpus or filter by date), or ask the "
                "operator to raise TEXTOPS_JOB_TIME_LIMIT_S",
            )
        if self.memory_limit_mb is not None:
            used = psutil.Process().memory_info().rss / 2**20
            if used > self.memory_limit_mb:
                raise JobBudgetError(
                    f"stopped at {used:.0f} MiB: over the server's memory budget of "
                    f"{self.memory_limit_mb:.0f} MiB for jobs",
                    hint="analyse fewer calls at a time, or ask the operator to raise "
                    "TEXTOPS_JOB_MEMORY_LIMIT_MB",
                )
