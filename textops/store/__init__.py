"""Persistence: SQLAlchemy models and the :class:`Store` (SQLite by default, PostgreSQL by URL)."""

from textops.store._experiments import ArmInfo, ExperimentInfo, Observation
from textops.store._jobs import JOB_STATES, RERUNNABLE_JOB_STATES, JobInfo
from textops.store._keys import ROLES, BrowserSession, KeyInfo, Role
from textops.store._store import AddResult, CorpusDeletion, CorpusInfo, DocumentInfo, Store, content_hash

__all__ = [
    "JOB_STATES",
    "RERUNNABLE_JOB_STATES",
    "ROLES",
    "AddResult",
    "ArmInfo",
    "BrowserSession",
    "CorpusDeletion",
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
