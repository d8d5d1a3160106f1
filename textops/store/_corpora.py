"""Corpus persistence: create, find, count and delete corpora (with everything derived from them)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from textops.embeddings._protocol import text_key
from textops.errors import ConflictError, InvalidInputError, NotFoundError
from textops.store._base import StoreMixin
from textops.store._jobs import rowcount
from textops.store._schema import (
    CorpusRow,
    DocumentRow,
    EmbeddingLinkRow,
    EmbeddingRow,
    ReportRow,
    UtteranceRow,
)


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


class CorpusDeletion(BaseModel):
    """What :meth:`Store.delete_corpus` removed."""

    corpus_id: int
    documents: int = 0
    utterances: int = 0
    reports: int = 0
    embeddings: int = 0
    embedding_keys: list[str] = []
    """The cache keys removed (so a process can drop them from its in-memory cache too)."""


class CorporaMixin(StoreMixin):
    """Corpus methods of :class:`textops.store.Store`."""

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
