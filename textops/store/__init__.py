"""Persistence: SQLAlchemy models and the :class:`Store` (SQLite by default, PostgreSQL by URL)."""

from textops.store._connect import UNAVAILABLE_REASONS, masked_url
from textops.store._corpora import CorpusDeletion, CorpusInfo
from textops.store._documents import DocumentDeletion, job_corpus_ids
from textops.store._experiments import ArmInfo, ExperimentInfo, Observation
from textops.store._jobs import JOB_STATES, RERUNNABLE_JOB_STATES, JobInfo, ReportPart
from textops.store._keys import ROLES, BrowserSession, KeyInfo, Role
from textops.store._logsafe import DatabaseFailure, log_safe
from textops.store._migrate import SchemaState, head_revision, schema_state, upgrade_schema
from textops.store._reports import ReportSummary, StoredReport, report_json
from textops.store._schema import RawJSON
from textops.store._store import AddResult, DocumentInfo, Store, content_hash, make_engine

__all__ = [
    "JOB_STATES",
    "RERUNNABLE_JOB_STATES",
    "ROLES",
    "UNAVAILABLE_REASONS",
    "AddResult",
    "ArmInfo",
    "BrowserSession",
    "CorpusDeletion",
    "CorpusInfo",
    "DatabaseFailure",
    "DocumentDeletion",
    "DocumentInfo",
    "ExperimentInfo",
    "JobInfo",
    "KeyInfo",
    "Observation",
    "RawJSON",
    "ReportPart",
    "ReportSummary",
    "Role",
    "SchemaState",
    "Store",
    "StoredReport",
    "content_hash",
    "head_revision",
    "job_corpus_ids",
    "log_safe",
    "make_engine",
    "masked_url",
    "report_json",
    "schema_state",
    "upgrade_schema",
]
