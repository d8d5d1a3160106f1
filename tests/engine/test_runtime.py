"""The process settings an analysis runs under are restored when the last running analysis ends."""

from __future__ import annotations

import gc

from threadpoolctl import threadpool_info

from textops.engine._analyze import _lean_runtime
from textops.engine._parallel import LocalEngine, Task, one_torch_thread, release_memory


def _blas_threads() -> list[int]:
    return [int(i["num_threads"]) for i in threadpool_info() if i["user_api"] == "blas"]


def test_overlapping_analyses_restore_gc_and_blas_only_when_the_last_one_ends() -> None:
    threshold, blas = gc.get_threshold(), _blas_threads()
    first = _lean_runtime()
    second = _lean_runtime()
    first.__enter__()
    assert gc.get_threshold()[0] >= 50_000 and gc.get_freeze_count() > 0
    assert all(n == 1 for n in _blas_threads())
    second.__enter__()
    first.__exit__(None, None, None)  # the first one ends while the second still runs
    assert gc.get_threshold()[0] >= 50_000 and all(n == 1 for n in _blas_threads())
    second.__exit__(None, None, None)
    assert gc.get_threshold() == threshold and gc.get_freeze_count() == 0
    assert _blas_threads() == blas


def test_one_torch_thread_nests_and_restores() -> None:
    import torch

    before = torch.get_num_threads()
    with one_torch_thread():
        with one_torch_thread():
            assert torch.get_num_threads() == 1
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before


def test_local_engine_trims_after_each_task_and_keeps_results_in_order() -> None:
    release_memory()  # a no-op where glibc is not the allocator; never an error
    tasks = [Task(f"t{i}", lambda _p, i=i: i * i, 1.0) for i in range(6)]
    assert LocalEngine(2).run(tasks) == [0, 1, 4, 9, 16, 25]
