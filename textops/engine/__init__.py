"""Running pipelines over large corpora: background jobs with progress persisted in the store."""

from textops.engine._jobs import JobRunner, ProgressFn, Work
from textops.engine._tracking import EmbeddingLinker, TrackingEmbedder

__all__ = ["EmbeddingLinker", "JobRunner", "ProgressFn", "TrackingEmbedder", "Work"]
