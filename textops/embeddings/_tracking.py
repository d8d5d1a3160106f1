"""An embedder wrapper that records which corpora an analysis embedded texts for.

The embedding cache is keyed by content hash and shared by every corpus, so deleting a corpus cannot tell
by itself which cached vectors came from its texts: the sentences and clauses the pipelines embed are not
the stored utterances. :class:`TrackingEmbedder` links every key it is asked to encode to the analysed
corpora (``Store.link_embeddings``) *before* the vectors are computed and stored, so ``DELETE`` of a corpus
also removes them, even when the analysis was killed half-way; a corpus deleted while the analysis runs
stops it (``SourceDeletedError``) and the vectors written for it after the delete are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from textops.embeddings._protocol import Embedder, EmbedderWrapper, Vectors, text_key

__all__ = ["EmbeddingLinker", "TrackingEmbedder"]


class EmbeddingLinker(Protocol):
    """What :class:`TrackingEmbedder` needs from the store."""

    def link_embeddings(self, corpus_ids: Sequence[int], keys: Sequence[str]) -> None:
        """Record that ``keys`` were embedded for ``corpus_ids`` (raise if one of them is gone)."""
        ...

    def confirm_embeddings(self, corpus_ids: Sequence[int], keys: Sequence[str]) -> None:
        """After the vectors were stored: raise (and drop them) if one of ``corpus_ids`` was deleted."""
        ...


class TrackingEmbedder(EmbedderWrapper):
    """Wraps an embedder (usually a store's :class:`~textops.embeddings.CachedEmbedder`); same name, vectors.

    With no corpus ids it records nothing and only passes calls through.
    """

    def __init__(self, inner: Embedder, linker: EmbeddingLinker, corpus_ids: Sequence[int]) -> None:
        super().__init__(inner)
        self._linker = linker
        self.corpus_ids = sorted(set(corpus_ids))
        self._linked: set[str] = set()

    @property
    def linker(self) -> EmbeddingLinker:
        """Where the keys are recorded (the store)."""
        return self._linker

    def encode(self, texts: Sequence[str], **kwargs: Any) -> Vectors:
        """Link the texts' cache keys to the corpora, encode them, then confirm the corpora still exist.

        A corpus deleted meanwhile stops the analysis and leaves no vectors.
        """
        fresh: set[str] = set()
        if self.corpus_ids and texts:
            model = self.inner.name
            fresh = {text_key(model, t) for t in texts} - self._linked
            if fresh:
                self._linker.link_embeddings(self.corpus_ids, sorted(fresh))
                self._linked |= fresh
        encode: Callable[..., Vectors] = self.inner.encode
        vectors = encode(texts, **kwargs)
        if fresh:
            self._linker.confirm_embeddings(self.corpus_ids, sorted(fresh))
        return vectors
