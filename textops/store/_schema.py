"""SQLAlchemy tables. Every user-visible row belongs to a workspace, directly or through its corpus."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated, Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from textops.types import MAX_CALL_ID, MAX_SEGMENT, MAX_SOURCE, MAX_SPEAKER, MAX_TITLE


class RawJSON(str):
    """A JSON document serialised already (e.g. by pydantic's ``model_dump_json``), for a JSON column.

    :func:`dump_json` writes it as it is: a large report goes to the database without being turned into
    Python dicts and dumped again (which held three copies of it in memory at once).
    """


def dump_json(value: Any) -> str:
    """The JSON columns' serialiser (the engines'): :class:`RawJSON` as it is, anything else by ``json``."""
    return value if isinstance(value, RawJSON) else json.dumps(value)


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


IntPk = Annotated[int, mapped_column(primary_key=True)]
"""A table's integer primary key."""
CreatedAt = Annotated[datetime, mapped_column(DateTime(timezone=True), default=utcnow)]
"""When the row was created (UTC)."""
WorkspaceId = Annotated[int, mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)]
"""The workspace a row belongs to (its rows go with it)."""


class Base(DeclarativeBase):
    """Declarative base of all textops tables."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class WorkspaceRow(Base):
    """A team's space: corpora, reports, experiments and jobs live in exactly one workspace."""

    __tablename__ = "workspaces"
    id: Mapped[IntPk]
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[CreatedAt]


class CorpusRow(Base):
    """A named set of documents (transcripts and/or copy)."""

    __tablename__ = "corpora"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)
    id: Mapped[IntPk]
    workspace_id: Mapped[WorkspaceId]
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[CreatedAt]
    documents: Mapped[list[DocumentRow]] = relationship(
        back_populates="corpus", cascade="all, delete-orphan", passive_deletes=True
    )


class DocumentRow(Base):
    """One transcript or copy document; ``body`` is the full typed document as JSON."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("corpus_id", "content_hash"),)
    id: Mapped[IntPk]
    corpus_id: Mapped[int] = mapped_column(ForeignKey("corpora.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(MAX_CALL_ID))
    source: Mapped[str | None] = mapped_column(String(MAX_SOURCE), default=None)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(String(MAX_TITLE), default=None)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    outcome: Mapped[str | None] = mapped_column(String(20), default=None)
    segment: Mapped[str | None] = mapped_column(String(MAX_SEGMENT), default=None)
    n_units: Mapped[int] = mapped_column(Integer, default=0)
    n_words: Mapped[int] = mapped_column(Integer, default=0)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[CreatedAt]
    corpus: Mapped[CorpusRow] = relationship(back_populates="documents")


class UtteranceRow(Base):
    """A transcript turn, denormalised for queries (by role, speaker, call)."""

    __tablename__ = "utterances"
    __table_args__ = (Index("ix_utterances_doc_idx", "document_id", "idx"),)
    id: Mapped[IntPk]
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    idx: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(MAX_SPEAKER))
    role: Mapped[str] = mapped_column(String(20), index=True)
    start: Mapped[float | None] = mapped_column(Float, default=None)
    end: Mapped[float | None] = mapped_column(Float, default=None)
    text: Mapped[str] = mapped_column(Text)


class EmbeddingRow(Base):
    """Embedding cache: vector of a text under a model, keyed by the content hash."""

    __tablename__ = "embeddings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(String(300))
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class ReportRow(Base):
    """A finished analysis (alignment, objections, ...) as its JSON report model."""

    __tablename__ = "reports"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workspace_id: Mapped[WorkspaceId]
    kind: Mapped[str] = mapped_column(String(50))
    corpus_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[CreatedAt]


class JobRow(Base):
    """A background job; its state lives here so it survives a restart."""

    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workspace_id: Mapped[WorkspaceId]
    kind: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text, default=None)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    report_id: Mapped[str | None] = mapped_column(String(36), default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class ExperimentRow(Base):
    """An A/B experiment: arms (usually headline variants) and their daily counts."""

    __tablename__ = "experiments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workspace_id: Mapped[WorkspaceId]
    name: Mapped[str] = mapped_column(String(300))
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[CreatedAt]
    arms: Mapped[list[ArmRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ArmRow.position"
    )


class ArmRow(Base):
    """One arm of an experiment."""

    __tablename__ = "experiment_arms"
    __table_args__ = (UniqueConstraint("experiment_id", "name"),)
    id: Mapped[IntPk]
    experiment_id: Mapped[str] = mapped_column(ForeignKey("experiments.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str | None] = mapped_column(Text, default=None)
    planned_share: Mapped[float | None] = mapped_column(Float, default=None)


class ObservationRow(Base):
    """Counts of one arm on one day; (experiment, arm, day) is unique, so re-posting a day replaces it."""

    __tablename__ = "experiment_observations"
    __table_args__ = (UniqueConstraint("arm_id", "day"),)
    id: Mapped[IntPk]
    arm_id: Mapped[int] = mapped_column(ForeignKey("experiment_arms.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    visitors: Mapped[int] = mapped_column(BigInteger)  # the API allows up to 1e12 a day
    conversions: Mapped[int] = mapped_column(BigInteger)


class ApiKeyRow(Base):
    """An API key: only its SHA-256 digest is stored; the secret is shown once, at creation."""

    __tablename__ = "api_keys"
    id: Mapped[IntPk]
    workspace_id: Mapped[WorkspaceId]
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    prefix: Mapped[str] = mapped_column(String(32), unique=True)
    digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[CreatedAt]
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class BrowserSessionRow(Base):
    """A signed-in browser: a random session id (only its SHA-256 digest is stored) bound to an API key.

    The web UI's cookie holds the session id, never the key. The row carries the session's CSRF token and
    its expiry; signing out deletes it, revoking the key deletes all of its sessions.
    """

    __tablename__ = "browser_sessions"
    id: Mapped[IntPk]
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[CreatedAt]
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EmbeddingLinkRow(Base):
    """Which corpus's analysis embedded a cached text: lets a corpus delete take its vectors with it.

    The embedding cache is shared (keyed by content hash); a key linked to several corpora goes when any of
    them is deleted, and the others simply embed that text again.
    """

    __tablename__ = "embedding_links"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    corpus_id: Mapped[int] = mapped_column(
        ForeignKey("corpora.id", ondelete="CASCADE"), primary_key=True, index=True
    )
