"""Where the per-call work of an analysis runs: threads of this process, or a Ray cluster.

An analysis hands the engine a list of independent :class:`Task` s — one alignment, many slices of prospect
turns to detect objections in — and gets their results back in order. The local engine runs them in a thread
pool with one torch thread per worker: spaCy parsing (which holds the GIL) overlaps the transformer's forward
passes and the tokenizers (which release it), so both cores are busy, and each forward pass stays on one core,
which on a loaded machine is faster than two threads fighting over two cores.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from textops.errors import ConfigError

__all__ = ["Engine", "LocalEngine", "Portable", "Task", "TaskProgress", "get_engine"]

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

TaskProgress = Callable[[str, float], None]
"""``progress(message, fraction)`` of one task."""


@dataclass(frozen=True)
class Portable:
    """A task in a form another process can run: ``fn(setup(spec), item)``.

    ``setup`` and ``fn`` are module-level functions; ``spec`` (shared by the tasks of a group, e.g. the
    trained objection model and its settings) and ``item`` (one slice of the work) pickle. A worker runs
    ``setup`` once per ``spec`` — that is where it loads its models — and ``fn`` for every item it is given.
    """

    setup: Callable[[Any], Any]
    spec: Any
    fn: Callable[[Any, Any], Any]
    item: Any


@dataclass(frozen=True)
class Task(Generic[R_co]):
    """One independent piece of an analysis: ``run(progress)``, with its share of the whole job's work.

    ``portable`` is the same work for an engine that runs it in other processes (Ray); the local engine
    calls ``run``.
    """

    name: str
    run: Callable[[TaskProgress], R_co]
    weight: float = 1.0
    portable: Portable | None = None


class Engine(Protocol):
    """Runs independent tasks and returns their results in the order given."""

    @property
    def name(self) -> str:
        """``local`` or ``ray``."""
        ...

    def run(self, tasks: Sequence[Task[R]], progress: TaskProgress | None = None) -> list[R]:
        """Run ``tasks``; ``progress(message, fraction)`` over all of them; the first failure is raised."""
        ...


class LocalEngine:
    """Threads of this process; ``workers`` defaults to the CPU count (at most 4)."""

    name = "local"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or min(4, os.cpu_count() or 1))
        _limit_arenas(self.workers)

    def run(self, tasks: Sequence[Task[R]], progress: TaskProgress | None = None) -> list[R]:
        """Run ``tasks`` in the thread pool, started in the order given; results in the same order."""
        tracker = _Tracker(tasks, progress)
        if self.workers == 1 or len(tasks) == 1:
            return [t.run(tracker.of(i)) for i, t in enumerate(tasks)]
        results: dict[int, R] = {}
        with (
            one_torch_thread(),
            ThreadPoolExecutor(self.workers, thread_name_prefix="textops-engine") as pool,
        ):
            futures: dict[Future[R], int] = {
                pool.submit(_trimmed, t, tracker.of(i)): i for i, t in enumerate(tasks)
            }
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    exc = f.exception()
                    if exc is not None:
                        for p in pending:
                            p.cancel()
                        raise exc
                    results[futures[f]] = f.result()
        return [results[i] for i in range(len(tasks))]


def _trimmed(task: Task[R], progress: TaskProgress) -> R:
    """Run ``task``, then hand the heap memory it freed back to the system."""
    try:
        return task.run(progress)
    finally:
        release_memory()


_libc: Any = None


def _glibc() -> Any:
    global _libc
    if _libc is None:
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _libc = libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else False
        except OSError:
            _libc = False
    return _libc


def release_memory() -> None:
    """Return freed heap pages to the system (glibc's ``malloc_trim``; nothing elsewhere).

    A slice's parses, token tensors and activations are freed when it ends, but glibc keeps the pages of
    each thread's arena, so without this the peak RSS of an analysis grows with the number of slices.
    """
    libc = _glibc()
    if libc:
        libc.malloc_trim(0)


_M_ARENA_MAX = -8


def _limit_arenas(workers: int) -> None:
    """At most one glibc malloc arena per worker thread, plus the main one.

    Many arenas, each holding its own freed pages, made an analysis's RSS grow with the corpus.
    """
    libc = _glibc()
    if libc:
        libc.mallopt(_M_ARENA_MAX, workers + 1)


class _Tracker:
    """Combines the tasks' own progress into one fraction, weighted by the tasks' weights."""

    def __init__(self, tasks: Sequence[Task[object]], progress: TaskProgress | None) -> None:
        self._weights = [max(t.weight, 1e-9) for t in tasks]
        self._total = sum(self._weights)
        self._done = [0.0] * len(tasks)
        self._names = [t.name for t in tasks]
        self._progress = progress
        self._lock = threading.Lock()

    def of(self, i: int) -> TaskProgress:
        def report(message: str, fraction: float) -> None:
            if self._progress is None:
                return
            with self._lock:
                self._done[i] = max(self._done[i], min(1.0, max(0.0, fraction)))
                overall = sum(w * d for w, d in zip(self._weights, self._done, strict=True)) / self._total
            self._progress(f"{self._names[i]}: {message}", overall)

        return report


class SharedSetting:
    """A process-wide setting held while any user needs it: applied by the first, undone by the last.

    ``apply()`` makes the change and returns what undoes it. Overlapping users (analyses in two jobs, an
    engine inside an analysis) share one application, so none of them restores the setting under another.
    """

    def __init__(self, apply: Callable[[], Callable[[], None]]) -> None:
        self._apply = apply
        self._lock = threading.Lock()
        self._users = 0
        self._undo: Callable[[], None] | None = None

    @contextmanager
    def held(self) -> Iterator[None]:
        """The setting applied while the block runs."""
        with self._lock:
            if self._users == 0:
                self._undo = self._apply()
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0 and self._undo is not None:
                    undo, self._undo = self._undo, None
                    undo()


def _one_torch_thread() -> Callable[[], None]:
    import torch

    saved = torch.get_num_threads()
    torch.set_num_threads(1)
    return lambda: torch.set_num_threads(saved)


_ONE_TORCH_THREAD = SharedSetting(_one_torch_thread)


def one_torch_thread() -> AbstractContextManager[None]:
    """Torch's intra-op threads set to one while the block runs (restored after the last user leaves)."""
    return _ONE_TORCH_THREAD.held()


def get_engine(name: str | None = None) -> Engine:
    """The engine named by ``name`` or ``TEXTOPS_ENGINE`` (``local``, the default, or ``ray``)."""
    from textops.settings import get_settings

    chosen = (name or get_settings().engine).lower()
    if chosen == "local":
        return LocalEngine(get_settings().engine_workers)
    if chosen == "ray":
        from textops.engine._ray import RayEngine

        engine: Engine = RayEngine(get_settings().ray_address)
        return engine
    raise ConfigError(f"unknown engine {chosen!r}", hint="use local or ray (TEXTOPS_ENGINE / --engine)")
