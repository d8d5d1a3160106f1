"""Running pipelines over large corpora: background jobs with progress persisted in the store."""

from textops.engine._jobs import JobBudgetError, JobRunner, ProgressFn, Work, job_memory_limit_mb
from textops.engine._tracking import EmbeddingLinker, TrackingEmbedder

__all__ = [
    "EmbeddingLinker",
    "JobBudgetError",
    "JobRunner",
    "ProgressFn",
    "TrackingEmbedder",
    "Work",
    "job_memory_limit_mb",
]
