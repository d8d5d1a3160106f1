"""The embedding cache (implements ``VectorStore``) and the links from cached vectors to their corpora."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from sqlalchemy import Engine, delete, func, select

from textops.embeddings._protocol import Vectors
from textops.store._base import StoreMixin
from textops.store._jobs import missing_corpora, source_deleted
from textops.store._schema import EmbeddingLinkRow, EmbeddingRow


class VectorsMixin(StoreMixin):
    """Embedding-cache methods of :class:`textops.store.Store`."""

    engine: Engine

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


def _insert_ignoring_duplicates(dialect: str) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert
