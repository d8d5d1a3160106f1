"""The :class:`Store`: persistence of corpora, documents, embeddings, reports, jobs and experiments."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel
from sqlalchemy import Engine, create_engine, delete, event, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from textops.embeddings._protocol import Vectors, text_key
from textops.errors import ConflictError, InvalidInputError, NotFoundError
from textops.settings import get_settings
from textops.store._experiments import ExperimentsMixin
from textops.store._jobs import JobsMixin, lock_live_corpora, missing_corpora, rowcount, source_deleted
from textops.store._keys import KeysMixin
from textops.store._migrate import upgrade_schema
from textops.store._schema import (
    CorpusRow,
    DocumentRow,
    EmbeddingLinkRow,
    EmbeddingRow,
    ReportRow,
    UtteranceRow,
    WorkspaceRow,
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


class CorpusDeletion(BaseModel):
    """What :meth:`Store.delete_corpus` removed."""

    corpus_id: int
    documents: int = 0
    utterances: int = 0
    reports: int = 0
    embeddings: int = 0
    embedding_keys: list[str] = []
    """The cache keys removed (so a process can drop them from its in-memory cache too)."""


_ROLE_FIELDS: dict[str, Any] = {
    "source": True,
    "participants": {"__all__": {"role", "role_source", "role_confidence"}},
    "utterances": {"__all__": {"role"}},
}


def content_hash(doc: Document) -> str:
    """Hash of a document's content (not its file name, not the roles decided for its speakers).

    The key that makes re-ingest idempotent: the same call uploaded again after its roles were changed
    (:meth:`Store.update_transcripts`) or with another ``--rep`` is still a duplicate.
    """
    exclude: Any = _ROLE_FIELDS if isinstance(doc, Transcript) else {"source"}
    return hashlib.sha256(doc.model_dump_json(exclude=exclude).encode()).hexdigest()


class Store(ExperimentsMixin, KeysMixin, JobsMixin):
    """SQL persistence (SQLite file by default, any SQLAlchemy URL by setting).

    Every read and write takes the workspace id and is scoped by it: ids from another workspace behave
    as if they did not exist (:class:`NotFoundError`).
    """

    def __init__(self, url: str | None = None, *, create: bool = True) -> None:
        self.url = url or get_settings().resolved_database_url
        self.engine: Engine = _make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if create:
            upgrade_schema(self.engine)

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

    def _corpus_row(self, s: Session, ws: int, ref: int | str, *, lock: bool = False) -> CorpusRow:
        query = select(CorpusRow).where(CorpusRow.workspace_id == ws)
        if lock:
            query = query.with_for_update()
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

    def delete_corpus(self, ws: int, ref: int | str) -> CorpusDeletion:
        """Delete a corpus with everything derived from it, in one transaction.

        Removed: its documents and utterances; the reports computed from it (``corpus_ids`` names it); and
        from the shared embedding cache, the vectors its analyses computed (keys linked to it by
        :meth:`link_embeddings`) and the vectors of its raw texts (utterance, block, title and heading
        texts under every model in the cache). A vector another corpus also used goes too: that corpus
        simply embeds the text again.
        """
        with self.session() as s:
            # locked first: a report or vectors being written for this corpus (lock_live_corpora) either
            # commit before this delete, which then removes them, or find the corpus gone
            row = self._corpus_row(s, ws, ref, lock=True)
            out = CorpusDeletion(corpus_id=row.id)
            keys = set(s.scalars(select(EmbeddingLinkRow.key).where(EmbeddingLinkRow.corpus_id == row.id)))
            models = list(s.scalars(select(EmbeddingRow.model).distinct()))
            if models:
                keys.update(text_key(m, t) for t in self._corpus_texts(s, row.id) for m in models)
            doc_ids = select(DocumentRow.id).where(DocumentRow.corpus_id == row.id)
            out.utterances = rowcount(
                s.execute(delete(UtteranceRow).where(UtteranceRow.document_id.in_(doc_ids)))
            )
            out.documents = rowcount(s.execute(delete(DocumentRow).where(DocumentRow.corpus_id == row.id)))
            reports = s.execute(
                select(ReportRow.id, ReportRow.corpus_ids).where(ReportRow.workspace_id == ws)
            )
            dead = [rid for rid, cids in reports if row.id in (cids or [])]
            for lo in range(0, len(dead), 500):
                out.reports += rowcount(
                    s.execute(delete(ReportRow).where(ReportRow.id.in_(dead[lo : lo + 500])))
                )
            ordered = sorted(keys)
            for lo in range(0, len(ordered), 500):
                chunk = ordered[lo : lo + 500]
                gone = list(s.scalars(select(EmbeddingRow.key).where(EmbeddingRow.key.in_(chunk))))
                if gone:
                    s.execute(delete(EmbeddingRow).where(EmbeddingRow.key.in_(gone)))
                out.embeddings += len(gone)
                out.embedding_keys.extend(gone)
            s.execute(delete(EmbeddingLinkRow).where(EmbeddingLinkRow.corpus_id == row.id))
            s.delete(row)
            return out

    @staticmethod
    def _corpus_texts(s: Session, corpus_id: int) -> Iterator[str]:
        """Every raw text of a corpus: utterances, copy blocks and their headings, document titles."""
        doc_ids = select(DocumentRow.id).where(DocumentRow.corpus_id == corpus_id)
        yield from s.scalars(select(UtteranceRow.text).where(UtteranceRow.document_id.in_(doc_ids)))
        for title, kind, body in s.execute(
            select(DocumentRow.title, DocumentRow.kind, DocumentRow.body).where(
                DocumentRow.corpus_id == corpus_id
            )
        ):
            if title:
                yield title
            if kind == "copy":
                for block in body.get("blocks", []):
                    yield block.get("text", "")
                    if block.get("heading"):
                        yield block["heading"]

    def link_embeddings(self, corpus_ids: Sequence[int], keys: Iterable[str]) -> None:
        """Record that an analysis of ``corpus_ids`` embedded the texts with cache ``keys``.

        Call it before the vectors are stored, so a process killed in between leaves at worst a link
        without a vector, and :meth:`confirm_embeddings` after. Raises
        :class:`~textops.errors.SourceDeletedError` when one of the corpora no longer exists (the analysis
        must stop: it would cache vectors of deleted text).
        """
        keys = sorted(set(keys))
        if not keys or not corpus_ids:
            return
        insert = _insert_ignoring_duplicates(self.engine.dialect.name)
        with self.session() as s:
            gone = missing_corpora(s, corpus_ids)
            if gone:
                raise source_deleted(gone)
            rows = [{"key": k, "corpus_id": c} for c in sorted(set(corpus_ids)) for k in keys]
            for lo in range(0, len(rows), 500):
                s.execute(insert(EmbeddingLinkRow).on_conflict_do_nothing(), rows[lo : lo + 500])

    def confirm_embeddings(self, corpus_ids: Sequence[int], keys: Iterable[str]) -> None:
        """After vectors for ``keys`` were stored: check the corpora still exist.

        A corpus deleted between :meth:`link_embeddings` and the vectors' write took its links with it, so
        its delete could not remove vectors written after it. Here those vectors are deleted (with their
        links to the other corpora of the analysis, as :meth:`delete_corpus` does for a vector two corpora
        used) and :class:`~textops.errors.SourceDeletedError` is raised.
        """
        keys = sorted(set(keys))
        if not keys or not corpus_ids:
            return
        with self.session() as s:
            gone = missing_corpora(s, corpus_ids)
        if not gone:
            return
        with self.session() as s:
            for lo in range(0, len(keys), 500):
                chunk = keys[lo : lo + 500]
                s.execute(delete(EmbeddingRow).where(EmbeddingRow.key.in_(chunk)))
                s.execute(delete(EmbeddingLinkRow).where(EmbeddingLinkRow.key.in_(chunk)))
        raise source_deleted(gone)

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

    def update_transcripts(
        self,
        ws: int,
        corpus: int | str,
        change: Callable[[Transcript], Transcript | None],
        *,
        call_ids: Iterable[str] | None = None,
    ) -> int:
        """Rewrite stored transcripts of a corpus in one transaction; returns the calls whose roles changed.

        ``change`` gets each transcript (only those whose call id is in ``call_ids``, when given) and returns
        the new one, or ``None`` to leave it. The content hash is kept (it does not cover roles), and so are
        the utterances' texts: only the body and the utterances' roles are rewritten. A call rewritten with
        the same roles (e.g. the user confirmed what the labels said: only ``role_source`` changes) is saved
        but not counted.
        """
        wanted = None if call_ids is None else set(call_ids)
        changed = 0
        with self.session() as s:
            corpus_row = self._corpus_row(s, ws, corpus)
            rows = s.scalars(
                select(DocumentRow)
                .where(DocumentRow.corpus_id == corpus_row.id, DocumentRow.kind == "transcript")
                .order_by(DocumentRow.id)
            ).all()
            for row in rows:
                if wanted is not None and row.external_id not in wanted:
                    continue
                old = Transcript.model_validate(row.body)
                new = change(old)
                if new is None or new == old:
                    continue
                row.body = new.model_dump(mode="json")
                roles = {u.index: u.role for u in new.utterances}
                for urow in s.scalars(select(UtteranceRow).where(UtteranceRow.document_id == row.id)).all():
                    urow.role = roles.get(urow.idx, urow.role)
                if [u.role for u in new.utterances] != [u.role for u in old.utterances]:
                    changed += 1
        return changed

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

    # -- embedding cache (implements textops.embeddings.VectorStore) -------------------------------

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
        """Persist a report; returns its id.

        Raises :class:`~textops.errors.SourceDeletedError` when one of ``corpus_ids`` no longer exists.
        """
        rid = report_id or str(uuid.uuid4())
        with self.session() as s:
            lock_live_corpora(s, ws, corpus_ids)
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

    def latest_report_id(self, ws: int, kind: str, corpus_id: int) -> str | None:
        """The id of the newest report of ``kind`` computed over corpus ``corpus_id``, or None.

        Every report of the workspace is considered (not only the newest page of them); only ids and corpus
        ids are read.
        """
        with self.session() as s:
            rows = s.execute(
                select(ReportRow.id, ReportRow.corpus_ids)
                .where(ReportRow.workspace_id == ws, ReportRow.kind == kind)
                .order_by(ReportRow.created_at.desc())
                .execution_options(yield_per=500)
            )
            return next((rid for rid, cids in rows if corpus_id in (cids or [])), None)

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


def _insert_ignoring_duplicates(dialect: str) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def make_engine(url: str) -> Engine:
    """The SQLAlchemy engine textops uses for ``url`` (SQLite pragmas, bound values hidden in errors)."""
    return _make_engine(url)


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    # hide_parameters: a database error's message (logged with its traceback) must never carry the bound
    # values — they are transcript text, speaker names, emails
    engine = create_engine(url, hide_parameters=True, **kwargs)
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


__all__ = [
    "AddResult",
    "CorpusDeletion",
    "CorpusInfo",
    "DocumentInfo",
    "Store",
    "content_hash",
]
