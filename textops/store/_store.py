"""The :class:`Store`: persistence of corpora, documents, embeddings, reports, jobs and experiments.

The class holds the engine, sessions, workspaces and documents; each other area is a mixin in its own module
(``_corpora``, ``_vectors``, ``_reports``, ``_jobs``, ``_keys``, ``_experiments``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Engine, create_engine, event, make_url, or_, select, text
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from textops.errors import ConfigError, NotFoundError
from textops.settings import get_settings
from textops.store._connect import database_errors, folder_error, masked_url
from textops.store._corpora import CorporaMixin
from textops.store._documents import DocumentsMixin
from textops.store._experiments import ExperimentsMixin
from textops.store._jobs import JobsMixin
from textops.store._keys import KeysMixin
from textops.store._migrate import upgrade_schema
from textops.store._reports import ReportsMixin
from textops.store._schema import CorpusRow, DocumentRow, UtteranceRow, WorkspaceRow, dump_json
from textops.store._vectors import VectorsMixin
from textops.types import CopyDocument, Document, Transcript


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


class Store(CorporaMixin, DocumentsMixin, VectorsMixin, ReportsMixin, ExperimentsMixin, KeysMixin, JobsMixin):
    """SQL persistence (SQLite file by default, any SQLAlchemy URL by setting).

    Every read and write takes the workspace id and is scoped by it: ids from another workspace behave
    as if they did not exist (:class:`NotFoundError`).
    """

    def __init__(self, url: str | None = None, *, create: bool = True) -> None:
        """Open the database at ``url`` (default: the settings'); bring its schema up to date if ``create``.

        Raises :class:`~textops.errors.DatabaseUnavailableError` when it cannot be reached or opened, and
        :class:`~textops.errors.ConfigError` when ``url`` is not a database URL textops can use.
        """
        self.url = url or get_settings().resolved_database_url
        self.engine: Engine = _make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if create:
            upgrade_schema(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any exception.

        A database that cannot be reached (any more) raises :class:`~textops.errors.DatabaseUnavailableError`.
        """
        with database_errors(self.engine), self._sessions.begin() as s:
            yield s

    def ping(self) -> bool:
        """True when the database answers (else :class:`~textops.errors.DatabaseUnavailableError`)."""
        with database_errors(self.engine), self.engine.connect() as conn:
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

    def call_hashes(
        self, ws: int, corpus: int | str, call_ids: Sequence[str], prefixes: Sequence[str] = ()
    ) -> dict[str, set[str]]:
        """The content hashes (:func:`content_hash`) of the corpus's transcripts with these call ids.

        Also those whose id starts with one of ``prefixes``; only ids that exist come back.
        """
        out: dict[str, set[str]] = {}
        wanted = sorted(set(call_ids))
        starts = sorted(set(prefixes))
        if not wanted and not starts:
            return out
        with self.session() as s:
            corpus_row = self._corpus_row(s, ws, corpus)
            for start in range(0, max(len(wanted), 1), 500):  # within every backend's bound-parameter limit
                chunk = wanted[start : start + 500]
                match: list[ColumnElement[bool]] = [DocumentRow.external_id.in_(chunk)] if chunk else []
                if start == 0:
                    match += [DocumentRow.external_id.startswith(p, autoescape=True) for p in starts]
                rows = s.execute(
                    select(DocumentRow.external_id, DocumentRow.content_hash).where(
                        DocumentRow.corpus_id == corpus_row.id,
                        DocumentRow.kind == "transcript",
                        or_(*match),
                    )
                ).all()
                for call_id, digest in rows:
                    out.setdefault(call_id, set()).add(digest)
        return out

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

    def find_transcript(
        self, ws: int, corpus_ids: Sequence[int], call_id: str
    ) -> tuple[int, Transcript] | None:
        """The stored transcript with ``call_id`` in these corpora of the workspace (the newest if several).

        Returns its document id and the transcript, or None (no corpora given, or no such call in them).
        """
        if not corpus_ids:
            return None
        with self.session() as s:
            row = s.scalar(
                select(DocumentRow)
                .join(CorpusRow)
                .where(
                    CorpusRow.workspace_id == ws,
                    DocumentRow.corpus_id.in_(list(corpus_ids)),
                    DocumentRow.kind == "transcript",
                    DocumentRow.external_id == call_id,
                )
                .order_by(DocumentRow.id.desc())
                .limit(1)
            )
            if row is None:
                return None
            doc = _document_model(row)
            return (row.id, doc) if isinstance(doc, Transcript) else None


def make_engine(url: str) -> Engine:
    """The SQLAlchemy engine textops uses for ``url`` (SQLite pragmas, bound values hidden in errors).

    Makes a SQLite file's folder if it is missing. Raises :class:`~textops.errors.ConfigError` for a URL
    that is not one, or whose driver is not installed, and :class:`~textops.errors.DatabaseUnavailableError`
    when the folder cannot be made. It does not connect: the first use does.
    """
    return _make_engine(url)


def _make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(
            f"the database URL {masked_url(url)} is not one SQLAlchemy can read ({exc})",
            hint="write it like sqlite:///var/textops.db or postgresql+psycopg://user@host:5432/textops "
            "(--db or TEXTOPS_DATABASE_URL)",
        ) from exc
    database = parsed.database or ""
    sqlite_file = parsed.get_backend_name() == "sqlite" and database not in {"", ":memory:"}
    if sqlite_file and not database.startswith("file:"):  # a sqlite3 URI filename (`?uri=true`) is sqlite3's
        folder = Path(database).parent  # made if missing
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise folder_error(url, folder, exc) from exc
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    # hide_parameters: a database error's message (logged with its traceback) must never carry the bound
    # values — they are transcript text, speaker names, emails
    try:
        engine = create_engine(url, hide_parameters=True, json_serializer=dump_json, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        raise ConfigError(
            f"no database driver for {masked_url(url)} ({exc})",
            hint="check the URL's scheme (--db or TEXTOPS_DATABASE_URL), and that its driver is installed "
            "(PostgreSQL's: pip install -e '.[postgres]')",
        ) from exc
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
    row = DocumentRow(
        corpus_id=corpus_id,
        source=doc.source,
        content_hash=digest,
        title=doc.title,
        n_words=doc.word_count,
        body=doc.model_dump(mode="json"),
    )
    if isinstance(doc, Transcript):
        row.kind = "transcript"
        row.external_id = doc.call_id
        row.n_units = len(doc.utterances)
        row.started_at = doc.started_at
        row.outcome = doc.outcome
        row.segment = doc.segment
    else:
        row.kind = "copy"
        row.external_id = doc.doc_id
        row.n_units = len(doc.blocks)
    return row


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


__all__ = ["AddResult", "DocumentInfo", "Store", "content_hash", "make_engine"]
