"""Running pipelines over large corpora: background jobs, and one analysis of a corpus on an engine.

:func:`analyze` (and :func:`analyze_corpus` for a stored corpus) makes the alignment and objection reports in
one pass, on the local engine (threads of this process) or on Ray (``TEXTOPS_ENGINE=ray``). Those names load
the pipelines on first use, so importing this package for the job runner stays cheap; the job runner's
names (which import the store) load on first use too, so the spaCy parse process (``._parse``), a child
that imports this package, carries neither.
"""

from typing import TYPE_CHECKING, Any

from textops.engine._parallel import Engine, LocalEngine, Task, get_engine

if TYPE_CHECKING:
    from textops.engine._analyze import (
        Analysis,
        AnalysisConfig,
        AnalysisSummary,
        CorpusSource,
        analyze,
        analyze_corpus,
        read_corpus,
    )
    from textops.engine._jobs import (
        JobBudgetError,
        JobRunner,
        ProgressFn,
        Work,
        job_memory_limit_mb,
        report_parts,
    )

__all__ = [
    "Analysis",
    "AnalysisConfig",
    "AnalysisSummary",
    "CorpusSource",
    "Engine",
    "JobBudgetError",
    "JobRunner",
    "LocalEngine",
    "ProgressFn",
    "Task",
    "Work",
    "analyze",
    "analyze_corpus",
    "get_engine",
    "job_memory_limit_mb",
    "read_corpus",
    "report_parts",
]


_JOBS = frozenset(
    {"JobBudgetError", "JobRunner", "ProgressFn", "Work", "job_memory_limit_mb", "report_parts"}
)


def __getattr__(name: str) -> Any:
    if name in _JOBS:  # the job runner's names, imported on first use (they import the store)
        from textops.engine import _jobs

        return getattr(_jobs, name)
    if name in __all__:  # a name of the analysis module, imported on first use (it imports the models)
        from textops.engine import _analyze

        return getattr(_analyze, name)
    raise AttributeError(f"module 'textops.engine' has no attribute {name!r}")
