"""Deleting one document, with everything derived from it: the reports of its corpus and cached vectors.

A report must not outlive its source: the reports computed from a corpus quote its documents (sentences,
call ids, speakers), and nothing in a report says which of the corpus's documents it quotes. So deleting
a document deletes every report that read its corpus, in the same transaction. Likewise the cached
vectors: the sentences an analysis embedded are not the stored texts, so the vectors linked to the corpus
(``Store.link_embeddings``) go, with those of the document's own texts; the corpus's other documents are
simply embedded again by the next analysis.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from textops.embeddings._protocol import text_key
from textops.errors import ConflictError, NotFoundError
from textops.store._base import StoreMixin
from textops.store._jobs import lock_live_corpora, rowcount
from textops.store._schema import (
    CorpusRow,
    DocumentRow,
    EmbeddingLinkRow,
    EmbeddingRow,
    JobRow,
    ReportRow,
    UtteranceRow,
)

__all__ = ["DocumentDeletion", "DocumentsMixin", "job_corpus_ids"]

_BATCH = 500


class DocumentDeletion(BaseModel):
    """What :meth:`Store.delete_document` removed."""

    document_id: int
    corpus_id: int
    kind: str
    """``transcript`` or ``copy``."""
    external_id: str
    """The call id (transcripts) or document id (copy)."""
    title: str | None = None
    utterances: int = 0
    reports: int = 0
    """Reports computed from the document's corpus, deleted with it (they may quote the document)."""
    report_ids: list[str] = []
    embeddings: int = 0
    embedding_keys: list[str] = Field(default=[], exclude=True)
    """The cache keys removed (so a process can drop them from its in-memory cache too); not serialised."""


def job_corpus_ids(params: dict[str, Any]) -> list[int]:
    """The corpora a job reads, from its stored request (while it runs) or its report's params (once done)."""
    request = params.get("request")
    source: dict[str, Any] = request if isinstance(request, dict) else params
    single = source.get("corpus_id")  # POST /v1/analyses: one corpus of calls
    ids: list[int] = [single] if isinstance(single, int) else []
    for key in ("copy_corpus_ids", "call_corpus_ids", "corpus_ids"):
        for value in source.get(key) or []:
            if isinstance(value, int) and value not in ids:
                ids.append(value)
    return ids


class DocumentsMixin(StoreMixin):
    """Document methods of :class:`textops.store.Store` (scoped by workspace like everything else)."""

    def delete_document(
        self, ws: int, document_id: int, *, corpus: int | str | None = None
    ) -> DocumentDeletion:
        """Delete a document, the reports of its corpus and the corpus's cached vectors, in one transaction.

        Removed: the document and its utterances; every report computed from its corpus (``corpus_ids``
        names it); from the shared embedding cache, the vectors of the document's own texts (under every
        model the cache holds) and the vectors the corpus's analyses computed (keys linked to the corpus).

        ``corpus`` (id or name), when given, must be the document's corpus. A document of another
        workspace or corpus raises :class:`NotFoundError`, as one that does not exist. While a background
        analysis of the corpus is queued or running, :class:`ConflictError` (it would store a report with
        the document in it after the delete).
        """
        with self.session() as s:
            corpus_id = _document_corpus(s, ws, document_id, corpus)
            # locked first, as Store.delete_corpus does: a report being written for this corpus
            # (lock_live_corpora in save_report / finish_job) commits before this delete, which then
            # removes it, or waits for it and finds the job no longer running
            lock_live_corpora(s, ws, [corpus_id])
            row = s.scalar(
                select(DocumentRow).where(DocumentRow.id == document_id, DocumentRow.corpus_id == corpus_id)
            )
            if row is None:  # deleted by a concurrent request while this one waited for the lock
                raise _not_found(document_id)
            out = DocumentDeletion(
                document_id=row.id,
                corpus_id=corpus_id,
                kind=row.kind,
                external_id=row.external_id,
                title=row.title,
            )
            texts = list(_document_texts(s, row))
            # the first write: on SQLite it takes the database's write lock, so what is read from here on
            # (running jobs, reports, linked vectors) cannot change before the commit
            out.utterances = rowcount(
                s.execute(delete(UtteranceRow).where(UtteranceRow.document_id == row.id))
            )
            if rowcount(s.execute(delete(DocumentRow).where(DocumentRow.id == row.id))) != 1:
                raise _not_found(document_id)  # a concurrent delete won
            _refuse_while_analysed(s, ws, corpus_id)  # raising rolls the deletes back
            keys = set(s.scalars(select(EmbeddingLinkRow.key).where(EmbeddingLinkRow.corpus_id == corpus_id)))
            models = list(s.scalars(select(EmbeddingRow.model).distinct()))
            keys.update(text_key(m, t) for t in texts for m in models)
            out.report_ids = _corpus_report_ids(s, ws, corpus_id)
            for lo in range(0, len(out.report_ids), _BATCH):
                chunk = out.report_ids[lo : lo + _BATCH]
                out.reports += rowcount(s.execute(delete(ReportRow).where(ReportRow.id.in_(chunk))))
            ordered = sorted(keys)
            for lo in range(0, len(ordered), _BATCH):
                chunk = ordered[lo : lo + _BATCH]
                gone = list(s.scalars(select(EmbeddingRow.key).where(EmbeddingRow.key.in_(chunk))))
                if gone:
                    s.execute(delete(EmbeddingRow).where(EmbeddingRow.key.in_(gone)))
                out.embeddings += len(gone)
                out.embedding_keys.extend(gone)
            # the links went with their vectors; the corpus's next analysis links what it embeds again
            s.execute(delete(EmbeddingLinkRow).where(EmbeddingLinkRow.corpus_id == corpus_id))
            return out

    def document_corpus(self, ws: int, document_id: int, *, corpus: int | str | None = None) -> int:
        """The id of the document's corpus (:class:`NotFoundError` as :meth:`delete_document` raises it)."""
        with self.session() as s:
            return _document_corpus(s, ws, document_id, corpus)

    def count_corpus_reports(self, ws: int, corpus_id: int) -> int:
        """How many reports were computed from corpus ``corpus_id`` (those a document delete takes along)."""
        with self.session() as s:
            return len(_corpus_report_ids(s, ws, corpus_id))


def _not_found(document_id: int) -> NotFoundError:
    return NotFoundError(
        f"document {document_id} not found",
        hint="list a corpus's documents with GET /v1/corpora/{id}/documents or `textops corpus docs`",
    )


def _document_corpus(s: Session, ws: int, document_id: int, corpus: int | str | None) -> int:
    """The id of the document's corpus, checked against the workspace and ``corpus`` (id or name)."""
    query = (
        select(DocumentRow.corpus_id, CorpusRow.name)
        .join(CorpusRow, CorpusRow.id == DocumentRow.corpus_id)
        .where(DocumentRow.id == document_id, CorpusRow.workspace_id == ws)
    )
    found = s.execute(query).first()
    if found is None:
        raise _not_found(document_id)
    corpus_id, name = found
    if corpus is not None:
        wanted = str(corpus)
        if wanted != str(corpus_id) and wanted != name:
            raise _not_found(document_id)
    return int(corpus_id)


def _refuse_while_analysed(s: Session, ws: int, corpus_id: int) -> None:
    """Raise while a queued or running job of the workspace reads the corpus."""
    jobs = s.execute(
        select(JobRow.id, JobRow.kind, JobRow.params).where(
            JobRow.workspace_id == ws, JobRow.status.in_(("queued", "running"))
        )
    )
    for job_id, kind, params in jobs:
        if corpus_id in job_corpus_ids(params or {}):
            raise ConflictError(
                f"an analysis of this corpus is running ({kind} job {job_id}); the document cannot be "
                "deleted while it reads it",
                hint=f"delete the document when the job has finished (GET /v1/jobs/{job_id})",
            )


def _corpus_report_ids(s: Session, ws: int, corpus_id: int) -> list[str]:
    rows = s.execute(
        select(ReportRow.id, ReportRow.corpus_ids)
        .where(ReportRow.workspace_id == ws)
        .execution_options(yield_per=_BATCH)
    )
    return [rid for rid, cids in rows if corpus_id in (cids or [])]


def _document_texts(s: Session, row: DocumentRow) -> Iterator[str]:
    """The document's raw texts: its utterances, or its copy blocks and their headings; and its title."""
    if row.title:
        yield row.title
    if row.kind == "copy":
        for block in row.body.get("blocks", []):
            yield block.get("text", "")
            if block.get("heading"):
                yield block["heading"]
        return
    yield from s.scalars(select(UtteranceRow.text).where(UtteranceRow.document_id == row.id))
