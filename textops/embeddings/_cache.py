"""A content-hash cache in front of any embedder, and the cached embedders of the configured model.

:class:`CachedEmbedder` keeps vectors in memory (an LRU) and, given a :class:`VectorStore` such as the SQL
store, persistently, so the same text is never embedded twice. :func:`get_embedder` is the process-wide one
with memory only (what the pipelines use when a caller passes no embedder); :func:`store_embedder` makes one
that keeps its vectors in a store (the API app holds one, the CLI makes one per command). They share one
:class:`TransformerEmbedder` per model, so the model loads once per process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache

import numpy as np

from textops.embeddings._protocol import Embedder, EmbedderWrapper, Vectors, VectorStore, text_key
from textops.embeddings._transformer import TransformerEmbedder
from textops.settings import get_settings

__all__ = ["CachedEmbedder", "bare", "fresh_cache", "get_embedder", "prime", "store_embedder"]


class CachedEmbedder(EmbedderWrapper):
    """Wraps an embedder with a content-hash cache: an in-memory LRU plus an optional persistent store.

    ``hits`` and ``misses`` count texts served from the cache and texts actually encoded. Safe to share
    between threads (an analysis encodes slices of a corpus in several): the memory cache is locked; two
    threads that miss the same text at once may both encode it.
    """

    def __init__(self, inner: Embedder, store: VectorStore | None = None, *, memory_items: int = 200_000):
        super().__init__(inner)
        self.store = store
        self.memory_items = memory_items
        self._memory: OrderedDict[str, Vectors] = OrderedDict()
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], *, progress: Callable[[int, int], None] | None = None) -> Vectors:
        """Embed ``texts``, encoding each distinct uncached text once."""
        model = self.inner.name
        keys = [text_key(model, t) for t in texts]
        found: dict[str, Vectors] = {}
        with self._lock:
            for key in dict.fromkeys(keys):
                vec = self._memory.get(key)
                if vec is not None:
                    self._memory.move_to_end(key)
                    found[key] = vec
        missing = [k for k in dict.fromkeys(keys) if k not in found]
        if missing and self.store is not None:
            stored = self.store.get_vectors(model, missing)
            found.update(stored)
            self._remember(stored)
            missing = [k for k in missing if k not in stored]
        if missing:
            first_text: dict[str, str] = {}
            for key, text in zip(keys, texts, strict=True):
                first_text.setdefault(key, text)
            fresh: dict[str, Vectors] = {}
            for lo, chunk in _chunks(missing, 2048):
                vecs = self.inner.encode([first_text[k] for k in chunk])
                fresh.update(zip(chunk, vecs, strict=True))
                if progress is not None:
                    progress(lo + len(chunk), len(missing))
            with self._lock:
                self.misses += len(fresh)
            if self.store is not None:
                self.store.put_vectors(model, fresh)
            self._remember(fresh)
            found.update(fresh)
        with self._lock:
            self.hits += len(keys) - len(missing)
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def prime(self, vectors: Mapping[str, Vectors]) -> int:
        """Remember vectors of texts computed elsewhere with the same model; returns how many were added.

        Vectors of texts held already are kept (e.g. another process of an analysis computed the same).
        """
        model = self.inner.name
        with self._lock:
            fresh = {k: v for t, v in vectors.items() if (k := text_key(model, t)) not in self._memory}
        self._remember(fresh)
        return len(fresh)

    def forget(self, keys: Sequence[str]) -> int:
        """Drop ``keys`` from the in-memory cache (their rows were deleted); returns how many it held."""
        dropped = 0
        with self._lock:
            for key in keys:
                if self._memory.pop(key, None) is not None:
                    dropped += 1
        return dropped

    def _remember(self, items: dict[str, Vectors]) -> None:
        with self._lock:
            for key, vec in items.items():
                self._memory[key] = vec
            while len(self._memory) > self.memory_items:
                self._memory.popitem(last=False)


def bare(embedder: Embedder) -> Embedder:
    """The model inside ``embedder``: what is left once caches and tracking are taken off."""
    found = embedder
    while isinstance(found, EmbedderWrapper):
        found = found.inner
    return found


def fresh_cache(embedder: Embedder) -> CachedEmbedder:
    """A new memory-only cache over the model inside ``embedder`` (see :func:`bare`), on its bulk path.

    The bulk path (:meth:`TransformerEmbedder.bulk`) is what a corpus analysis embeds with.
    """
    model = bare(embedder)
    return CachedEmbedder(model.bulk() if isinstance(model, TransformerEmbedder) else model)


def prime(embedder: Embedder, vectors: Mapping[str, Vectors]) -> int:
    """:meth:`CachedEmbedder.prime` on the cache inside ``embedder`` (through tracking), if it has one."""
    found: Embedder = embedder
    while isinstance(found, EmbedderWrapper):
        if isinstance(found, CachedEmbedder):
            return found.prime(vectors)
        found = found.inner
    return 0


def _chunks(items: list[str], size: int) -> Iterator[tuple[int, list[str]]]:
    for lo in range(0, len(items), size):
        yield lo, items[lo : lo + size]


@lru_cache(maxsize=2)
def _shared(model: str) -> CachedEmbedder:
    return CachedEmbedder(TransformerEmbedder(model))


def get_embedder() -> CachedEmbedder:
    """The process-wide embedder of the configured model, with an in-memory cache and no store."""
    return _shared(get_settings().embedding_model)


def store_embedder(store: VectorStore) -> CachedEmbedder:
    """A new cached embedder of the configured model that keeps its vectors in ``store``.

    Make one per store and keep it (the API app holds its store's in its state): its memory cache lives as
    long as it does. Making one loads nothing; the model underneath is :func:`get_embedder`'s, loaded once
    per process on first use.
    """
    return CachedEmbedder(get_embedder().inner, store)
