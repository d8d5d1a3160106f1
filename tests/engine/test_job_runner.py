"""The job runner: fair across workspaces, time and memory budgets (#16 item 6)."""

from __future__ import annotations

import threading
import time

import pytest
from pydantic import BaseModel

from textops.engine import JobRunner
from textops.engine._jobs import ProgressFn
from textops.errors import DatabaseUnavailableError
from textops.store import Store


class _Done(BaseModel):
    ok: bool = True


def _wait_status(store: Store, ws: int, job_id: str, states: set[str], timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = store.get_job(ws, job_id).status
        if status in states:
            return status
        time.sleep(0.02)
    return store.get_job(ws, job_id).status


def test_another_workspaces_job_does_not_wait_behind_a_long_one(store: Store) -> None:
    a, b = store.workspace("a"), store.workspace("b")
    release = threading.Event()

    def long_work(progress: ProgressFn) -> _Done:
        while not release.wait(0.01):
            progress("working", 0.5)
        return _Done()

    runner = JobRunner(store, workers=2, per_workspace=1, min_update_seconds=0)
    try:
        long_job = runner.submit(a, "objections", long_work)
        # a worker has taken a's long job (on a loaded machine that can come after the jobs below are queued)
        assert _wait_status(store, a, long_job.id, {"running"}) == "running"
        second_a = runner.submit(a, "objections", lambda p: _Done())
        small_b = runner.submit(b, "objections", lambda p: _Done())
        assert _wait_status(store, b, small_b.id, {"done"}) == "done"
        assert store.get_job(a, long_job.id).status == "running"
        # a's second job waits for a's first: one job per workspace at a time
        assert store.get_job(a, second_a.id).status == "queued"
        release.set()
        runner.wait(long_job.id, timeout=20)
        runner.wait(second_a.id, timeout=20)
        assert store.get_job(a, second_a.id).status == "done"
    finally:
        release.set()
        runner.shutdown()


def test_a_job_over_its_time_budget_fails_with_what_to_do(store: Store) -> None:
    ws = store.workspace()

    def slow(progress: ProgressFn) -> _Done:
        for _ in range(1000):
            progress("spans", 0.8)
            time.sleep(0.01)
        return _Done()

    runner = JobRunner(store, time_limit_s=0.1, min_update_seconds=0)
    try:
        job = runner.submit(ws, "objections", slow)
        runner.wait(job.id, timeout=20)
        info = store.get_job(ws, job.id)
        assert info.status == "failed"
        assert (
            info.error is not None
            and "time budget" in info.error
            and "TEXTOPS_JOB_TIME_LIMIT_S" in info.error
        )
    finally:
        runner.shutdown()


def test_a_job_over_the_memory_budget_fails(store: Store) -> None:
    ws = store.workspace()

    def work(progress: ProgressFn) -> _Done:
        progress("embedding", 0.1)
        return _Done()

    runner = JobRunner(store, memory_limit_mb=1, min_update_seconds=0)
    try:
        job = runner.submit(ws, "objections", work)
        runner.wait(job.id, timeout=20)
        info = store.get_job(ws, job.id)
        assert info.status == "failed" and info.error is not None and "memory budget" in info.error
    finally:
        runner.shutdown()


def test_a_database_outage_fails_the_job_without_naming_the_database_and_keeps_the_worker(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The job's error (which clients read) names no host; a failure that cannot even be recorded does not
    end the worker thread, so the next job still runs."""
    ws = store.workspace()
    down = DatabaseUnavailableError(
        "cannot connect to postgresql://u:***@db-7.internal/x",
        url="postgresql://u:***@db-7.internal/x",
        reason="connection refused",
    )

    def outage(progress: ProgressFn) -> _Done:
        raise down

    runner = JobRunner(store, workers=1, per_workspace=1, min_update_seconds=0)
    try:
        failed = runner.submit(ws, "objections", outage)
        runner.wait(failed.id, timeout=20)
        job = store.get_job(ws, failed.id)
        assert job.status == "failed" and job.error and "could not be reached" in job.error
        assert "db-7" not in job.error
        real_update = store.update_job
        calls = {"n": 0}

        def flaky_update(*args: object, **kwargs: object) -> None:
            calls["n"] += 1
            if kwargs.get("status") == "failed":
                raise down  # the database is still down when the failure is recorded
            real_update(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(store, "update_job", flaky_update)
        unrecorded = runner.submit(ws, "objections", outage)
        runner.wait(unrecorded.id, timeout=20)
        monkeypatch.setattr(store, "update_job", real_update)
        after = runner.submit(ws, "objections", lambda p: _Done())
        assert _wait_status(store, ws, after.id, {"done", "failed"}) == "done"
    finally:
        runner.shutdown()
