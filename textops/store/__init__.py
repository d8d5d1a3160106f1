"""Persistence: SQLAlchemy models and the :class:`Store` (SQLite by default, PostgreSQL by URL)."""

from textops.store._experiments import ArmInfo, ExperimentInfo, Observation
from textops.store._keys import ROLES, KeyInfo, Role
from textops.store._store import JOB_STATES, AddResult, CorpusInfo, DocumentInfo, JobInfo, Store, content_hash

__all__ = [
    "JOB_STATES",
    "ROLES",
    "AddResult",
    "ArmInfo",
    "CorpusInfo",
    "DocumentInfo",
    "ExperimentInfo",
    "JobInfo",
    "KeyInfo",
    "Observation",
    "Role",
    "Store",
    "content_hash",
]
