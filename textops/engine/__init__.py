"""Running pipelines over large corpora: background jobs with progress persisted in the store."""

from textops.engine._jobs import JobRunner, ProgressFn

__all__ = ["JobRunner", "ProgressFn"]
