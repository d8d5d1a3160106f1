"""The :class:`Store`: persistence of corpora, documents, embeddings, reports, jobs and experiments."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel
from sqlalchemy import Engine, create_engine, delete, event, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from textops.embed import Vectors
from textops.errors import ConflictError, InvalidInputError, NotFoundError
from textops.settings import get_settings
from textops.store._experiments import ExperimentsMixin
from textops.store._keys import KeysMixin
from textops.store._schema import (
    Base,
    CorpusRow,
    DocumentRow,
    EmbeddingRow,
    JobRow,
    ReportRow,
    UtteranceRow,
    WorkspaceRow,
    utcnow,
)
from textops.types import CopyDocument, Document, Transcript


class CorpusInfo(BaseModel):
    """A corpus with its document counts."""

    id: int
    name: str
    description: str | None = None
    created_at: datetime
    transcripts: int = 0
    copy_documents: int = 0
    utterances: int = 0
    words: int = 0


class DocumentInfo(BaseModel):
    """A stored document's summary (without its body)."""

    id: int
    corpus_id: int
    kind: str
    external_id: str
    source: str | None
    title: str | None
    started_at: datetime | None
    outcome: str | None
    segment: str | None
    units: int
    words: int


class AddResult(BaseModel):
    """What :meth:`Store.add_documents` did."""

    added: int = 0
    duplicates: int = 0
    document_ids: list[int] = []


class JobInfo(BaseModel):
    """A background job's state."""

    id: str
    kind: str
    status: str
    done: int
    total: int
    message: str | None
    report_id: str | None
    error: str | None
    created_at: datetime
    updated_at: datetime


JOB_STATES = ("queued", "running", "done", "failed", "interrupted")


def content_hash(doc: Document) -> str:
    """Hash of a document's content (not its file name): the key that makes re-ingest idempotent."""
    return hashlib.sha256(doc.model_dump_json(exclude={"source"}).encode()).hexdigest()


class Store(ExperimentsMixin, KeysMixin):
    """SQL persistence (SQLite file by default, any SQLAlchemy URL by setting).

    Every read and write takes the workspace id and is scoped by it: ids from another workspace behave
    as if they did not exist (:class:`NotFoundError`).
    """

    def __init__(self, url: str | None = None, *, create: bool = True) -> None:
        self.url = url or get_settings().resolved_database_url
        self.engine: Engine = _make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if create:
            Base.metadata.create_all(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any exception."""
        with self._sessions.begin() as s:
            yield s

    def ping(self) -> bool:
        """True when the database answers."""
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT 1")).scalar() == 1

    # -- workspaces ---------------------------------------------------------------------------------

    def workspace(self, name: str = "default") -> int:
        """The id of workspace ``name``, created if absent (safe when two callers create it at once)."""
        for attempt in range(2):
            try:
                with self.session() as s:
                    row = s.scalar(select(WorkspaceRow).where(WorkspaceRow.name == name))
                    if row is None:
                        row = WorkspaceRow(name=name)
                        s.add(row)
                        s.flush()
                    return row.id
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    # -- corpora --------------------------------------------------------------------------------------

    def create_corpus(
        self, ws: int, name: str, description: str | None = None, *, exist_ok: bool = False
    ) -> CorpusInfo:
        """Create corpus ``name``; with ``exist_ok`` return the existing one instead of failing."""
        name = name.strip()
        if not name:
            raise InvalidInputError("a corpus needs a non-empty name")
        if name.isdigit():
            raise InvalidInputError(
                f"corpus name {name!r} is all digits, which reads as a corpus id",
                hint="add a letter to the name",
            )
        try:
            return self._create_corpus(ws, name, description, exist_ok=exist_ok)
        except IntegrityError:  # created concurrently by another request
            if not exist_ok:
                raise ConflictError(f"corpus {name!r} already exists", hint="choose another name") from None
            return self.get_corpus(ws, name)

    def _create_corpus(self, ws: int, name: str, description: str | None, *, exist_ok: bool) -> CorpusInfo:
        with self.session() as s:
            row = s.scalar(select(CorpusRow).where(CorpusRow.workspace_id == ws, CorpusRow.name == name))
            if row is not None:
                if not exist_ok:
                    raise ConflictError(
                        f"corpus {name!r} already exists", hint="choose another name or add documents to it"
                    )
            else:
                row = CorpusRow(workspace_id=ws, name=name, description=description)
                s.add(row)
                s.flush()
            corpus_id = row.id
        return self.get_corpus(ws, corpus_id)

    def _corpus_row(self, s: Session, ws: int, ref: int | str) -> CorpusRow:
        query = select(CorpusRow).where(CorpusRow.workspace_id == ws)
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            row = s.scalar(query.where(CorpusRow.id == int(ref)))
            if row is None and isinstance(ref, str):
                row = s.scalar(query.where(CorpusRow.name == ref))
        else:
            row = s.scalar(query.where(CorpusRow.name == ref))
        if row is None:
            raise NotFoundError(
                f"corpus {ref!r} not found", hint="list corpora with `textops corpora` or GET /v1/corpora"
            )
        return row

    def get_corpus(self, ws: int, ref: int | str) -> CorpusInfo:
        """A corpus by id or name, with counts."""
        with self.session() as s:
            row = self._corpus_row(s, ws, ref)
            return self._corpus_info(s, row)

    def list_corpora(self, ws: int) -> list[CorpusInfo]:
        """All corpora of a workspace, with counts."""
        with self.session() as s:
            rows = s.scalars(
                select(CorpusRow).where(CorpusRow.workspace_id == ws).order_by(CorpusRow.id)
            ).all()
            return [self._corpus_info(s, r) for r in rows]

    def _corpus_info(self, s: Session, row: CorpusRow) -> CorpusInfo:
        counts = s.execute(
            select(
                DocumentRow.kind,
                func.count(),
                func.coalesce(func.sum(DocumentRow.n_units), 0),
                func.coalesce(func.sum(DocumentRow.n_words), 0),
            )
            .where(DocumentRow.corpus_id == row.id)
            .group_by(DocumentRow.kind)
        ).all()
        by_kind = {k: (int(n), int(units), int(words)) for k, n, units, words in counts}
        t = by_kind.get("transcript", (0, 0, 0))
        c = by_kind.get("copy", (0, 0, 0))
        return CorpusInfo(
            id=row.id,
            name=row.name,
            description=row.description,
            created_at=row.created_at,
            transcripts=t[0],
            copy_documents=c[0],
            utterances=t[1],
            words=t[2] + c[2],
        )

    def delete_corpus(self, ws: int, ref: int | str) -> None:
        """Delete a corpus with its documents and utterances (reports that used it are deleted too)."""
        with self.session() as s:
            row = self._corpus_row(s, ws, ref)
            doc_ids = select(DocumentRow.id).where(DocumentRow.corpus_id == row.id)
            s.execute(delete(UtteranceRow).where(UtteranceRow.document_id.in_(doc_ids)))
            s.execute(delete(DocumentRow).where(DocumentRow.corpus_id == row.id))
            for report in s.scalars(select(ReportRow).where(ReportRow.workspace_id == ws)).all():
                if row.id in (report.corpus_ids or []):
                    s.delete(report)
            s.delete(row)

    # -- documents ------------------------------------------------------------------------------------

    def add_documents(self, ws: int, corpus: int | str, docs: Sequence[Document]) -> AddResult:
        """Add documents to a corpus in one transaction; already-stored content is skipped.

        When another writer stores the same content at the same moment, the transaction is retried once
        and the concurrent copy counts as a duplicate.
        """
        try:
            return self._add_documents(ws, corpus, docs)
        except IntegrityError:
            return self._add_documents(ws, corpus, docs)

    def _add_documents(self, ws: int, corpus: int | str, docs: Sequence[Document]) -> AddResult:
        result = AddResult()
        with self.session() as s:
            corpus_row = self._corpus_row(s, ws, corpus)
            seen: set[str] = set()
            hashes = [content_hash(d) for d in docs]
            existing = (
                set(
                    s.scalars(
                        select(DocumentRow.content_hash).where(
                            DocumentRow.corpus_id == corpus_row.id, DocumentRow.content_hash.in_(hashes)
                        )
                    ).all()
                )
                if hashes
                else set()
            )
            for doc, digest in zip(docs, hashes, strict=True):
                if digest in existing or digest in seen:
                    result.duplicates += 1
                    continue
                seen.add(digest)
                row = _document_row(corpus_row.id, doc, digest)
                s.add(row)
                s.flush()
                if isinstance(doc, Transcript):
                    s.add_all(
                        UtteranceRow(
                            document_id=row.id,
                            idx=u.index,
                            speaker=u.speaker,
                            role=u.role,
                            start=u.start,
                            end=u.end,
                            text=u.text,
                        )
                        for u in doc.utterances
                    )
                result.added += 1
                result.document_ids.append(row.id)
        return result

    def list_documents(
        self, ws: int, corpus: int | str, *, kind: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[DocumentInfo]:
        """Summaries of a corpus's documents, oldest first."""
        with self.session() as s:
            corpus_row = self._corpus_row(s, ws, corpus)
            query = select(DocumentRow).where(DocumentRow.corpus_id == corpus_row.id)
            if kind:
                query = query.where(DocumentRow.kind == kind)
            rows = s.scalars(query.order_by(DocumentRow.id).limit(limit).offset(offset)).all()
            return [_document_info(r) for r in rows]

    def get_document(self, ws: int, document_id: int) -> Document:
        """A stored document, typed."""
        with self.session() as s:
            row = s.scalar(
                select(DocumentRow)
                .join(CorpusRow)
                .where(DocumentRow.id == document_id, CorpusRow.workspace_id == ws)
            )
            if row is None:
                raise NotFoundError(f"document {document_id} not found")
            return _document_model(row)

    def load_documents(
        self, ws: int, corpora: Sequence[int | str], *, kind: str | None = None
    ) -> list[Document]:
        """All documents of the given corpora (typed), in insertion order."""
        with self.session() as s:
            ids = [self._corpus_row(s, ws, c).id for c in corpora]
            query = select(DocumentRow).where(DocumentRow.corpus_id.in_(ids))
            if kind:
                query = query.where(DocumentRow.kind == kind)
            return [_document_model(r) for r in s.scalars(query.order_by(DocumentRow.id)).all()]

    def load_transcripts(self, ws: int, corpora: Sequence[int | str]) -> list[Transcript]:
        """All transcripts of the given corpora."""
        return [d for d in self.load_documents(ws, corpora, kind="transcript") if isinstance(d, Transcript)]

    def load_copy(self, ws: int, corpora: Sequence[int | str]) -> list[CopyDocument]:
        """All copy documents of the given corpora."""
        return [d for d in self.load_documents(ws, corpora, kind="copy") if isinstance(d, CopyDocument)]

    # -- embedding cache (implements textops.embed.VectorStore) -------------------------------------

    def get_vectors(self, model: str, keys: Sequence[str]) -> dict[str, Vectors]:
        """Cached vectors for ``keys``."""
        out: dict[str, Vectors] = {}
        with self.session() as s:
            for lo in range(0, len(keys), 500):
                chunk = list(keys[lo : lo + 500])
                for row in s.scalars(select(EmbeddingRow).where(EmbeddingRow.key.in_(chunk))).all():
                    out[row.key] = np.frombuffer(row.vector, dtype=np.float32).copy()
        return out

    def put_vectors(self, model: str, items: dict[str, Vectors]) -> None:
        """Store vectors not stored yet."""
        if not items:
            return
        rows = [
            {"key": k, "model": model, "dim": int(v.shape[0]), "vector": np.asarray(v, np.float32).tobytes()}
            for k, v in items.items()
        ]
        insert = _insert_ignoring_duplicates(self.engine.dialect.name)
        with self.session() as s:
            for lo in range(0, len(rows), 500):
                # keys another writer stored first are skipped: the vectors are identical
                s.execute(
                    insert(EmbeddingRow).on_conflict_do_nothing(index_elements=["key"]), rows[lo : lo + 500]
                )

    def count_vectors(self) -> int:
        """How many vectors the cache holds."""
        with self.session() as s:
            return int(s.scalar(select(func.count()).select_from(EmbeddingRow)) or 0)

    # -- reports --------------------------------------------------------------------------------------

    def save_report(
        self,
        ws: int,
        kind: str,
        result: dict[str, Any],
        *,
        corpus_ids: Sequence[int] = (),
        params: dict[str, Any] | None = None,
        report_id: str | None = None,
    ) -> str:
        """Persist a report; returns its id."""
        rid = report_id or str(uuid.uuid4())
        with self.session() as s:
            s.add(
                ReportRow(
                    id=rid,
                    workspace_id=ws,
                    kind=kind,
                    corpus_ids=list(corpus_ids),
                    params=params or {},
                    result=result,
                )
            )
        return rid

    def get_report(self, ws: int, report_id: str, *, kind: str | None = None) -> dict[str, Any]:
        """A report's JSON (with ``id``, ``kind``, ``created_at`` added)."""
        with self.session() as s:
            row = s.scalar(select(ReportRow).where(ReportRow.id == report_id, ReportRow.workspace_id == ws))
            if row is None or (kind is not None and row.kind != kind):
                raise NotFoundError(f"report {report_id!r} not found")
            return {"id": row.id, "kind": row.kind, "created_at": row.created_at.isoformat(), **row.result}

    def list_reports(self, ws: int, kind: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Newest reports first: id, kind, corpus ids, created_at."""
        with self.session() as s:
            query = select(ReportRow).where(ReportRow.workspace_id == ws)
            if kind:
                query = query.where(ReportRow.kind == kind)
            rows = s.scalars(query.order_by(ReportRow.created_at.desc()).limit(limit)).all()
            return [
                {
                    "id": r.id,
                    "kind": r.kind,
                    "corpus_ids": r.corpus_ids,
                    "created_at": r.created_at.isoformat(),
                }
                for r in rows
            ]

    # -- jobs -----------------------------------------------------------------------------------------

    def create_job(self, ws: int, kind: str, params: dict[str, Any] | None = None) -> JobInfo:
        """Record a queued job."""
        with self.session() as s:
            row = JobRow(id=str(uuid.uuid4()), workspace_id=ws, kind=kind, params=params or {})
            s.add(row)
            s.flush()
            return _job_info(row)

    def update_job(self, job_id: str, **fields: Any) -> None:
        """Update a job: ``status``, ``done``, ``total``, ``message``, ``report_id`` or ``error``."""
        if "status" in fields and fields["status"] not in JOB_STATES:
            raise ValueError(f"unknown job status {fields['status']!r}")
        with self.session() as s:
            row = s.get(JobRow, job_id)
            if row is None:
                raise NotFoundError(f"job {job_id!r} not found")
            for key, value in fields.items():
                setattr(row, key, value)
            row.updated_at = utcnow()

    def get_job(self, ws: int, job_id: str) -> JobInfo:
        """A job's state."""
        with self.session() as s:
            row = s.scalar(select(JobRow).where(JobRow.id == job_id, JobRow.workspace_id == ws))
            if row is None:
                raise NotFoundError(f"job {job_id!r} not found")
            return _job_info(row)

    def job_params(self, ws: int, job_id: str) -> dict[str, Any]:
        """The parameters a job was started with (to re-run it)."""
        with self.session() as s:
            row = s.scalar(select(JobRow).where(JobRow.id == job_id, JobRow.workspace_id == ws))
            if row is None:
                raise NotFoundError(f"job {job_id!r} not found")
            return dict(row.params)

    def mark_interrupted_jobs(self) -> int:
        """On start-up: jobs left queued/running by a previous process are marked ``interrupted``."""
        with self.session() as s:
            rows = s.scalars(select(JobRow).where(JobRow.status.in_(("queued", "running")))).all()
            for row in rows:
                row.status = "interrupted"
                row.message = "the server stopped while this job ran; start it again"
                row.updated_at = utcnow()
            return len(rows)


def _insert_ignoring_duplicates(dialect: str) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if ":memory:" not in url:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

    return engine


def _document_row(corpus_id: int, doc: Document, digest: str) -> DocumentRow:
    if isinstance(doc, Transcript):
        return DocumentRow(
            corpus_id=corpus_id,
            kind="transcript",
            external_id=doc.call_id,
            source=doc.source,
            content_hash=digest,
            title=doc.title,
            started_at=doc.started_at,
            outcome=doc.outcome,
            segment=doc.segment,
            n_units=len(doc.utterances),
            n_words=doc.word_count,
            body=doc.model_dump(mode="json"),
        )
    return DocumentRow(
        corpus_id=corpus_id,
        kind="copy",
        external_id=doc.doc_id,
        source=doc.source,
        content_hash=digest,
        title=doc.title,
        n_units=len(doc.blocks),
        n_words=doc.word_count,
        body=doc.model_dump(mode="json"),
    )


def _document_model(row: DocumentRow) -> Document:
    if row.kind == "transcript":
        return Transcript.model_validate(row.body)
    return CopyDocument.model_validate(row.body)


def _document_info(row: DocumentRow) -> DocumentInfo:
    return DocumentInfo(
        id=row.id,
        corpus_id=row.corpus_id,
        kind=row.kind,
        external_id=row.external_id,
        source=row.source,
        title=row.title,
        started_at=row.started_at,
        outcome=row.outcome,
        segment=row.segment,
        units=row.n_units,
        words=row.n_words,
    )


def _job_info(row: JobRow) -> JobInfo:
    return JobInfo(
        id=row.id,
        kind=row.kind,
        status=row.status,
        done=row.done,
        total=row.total,
        message=row.message,
        report_id=row.report_id,
        error=row.error,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


__all__ = ["JOB_STATES", "AddResult", "CorpusInfo", "DocumentInfo", "JobInfo", "Store", "content_hash"]
