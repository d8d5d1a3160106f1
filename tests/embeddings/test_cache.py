"""The content-hash cache and the cached embedders of the configured model (textops/embeddings/_cache.py)."""

from __future__ import annotations

import numpy as np

from textops.embeddings import CachedEmbedder, HashingEmbedder, get_embedder, store_embedder
from textops.settings import get_settings
from textops.store import Store


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__(dim=64)
        self.seen: list[str] = []

    def encode(self, texts):  # type: ignore[no-untyped-def]
        self.seen.extend(texts)
        return super().encode(texts)


def test_cache_embeds_each_distinct_text_once() -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner)
    a = cached.encode(["x y", "z", "x y"])
    b = cached.encode(["z", "x y", "new"])
    assert inner.seen == ["x y", "z", "new"]
    np.testing.assert_array_equal(a[0], b[1])
    assert cached.misses == 3 and cached.hits == 3


def test_cache_persists_through_the_store(store: Store) -> None:
    first = CountingEmbedder()
    CachedEmbedder(first, store).encode(["alpha beta", "gamma"])
    assert store.count_vectors() == 2
    second = CountingEmbedder()  # a new process: empty memory cache, same database
    vecs = CachedEmbedder(second, store).encode(["gamma", "alpha beta"])
    assert second.seen == []
    np.testing.assert_allclose(vecs, HashingEmbedder(64).encode(["gamma", "alpha beta"]), rtol=1e-6)


def test_a_store_gets_its_own_cache_over_the_one_process_model(store: Store) -> None:
    mine = store_embedder(store)
    other = store_embedder(store)
    assert mine is not other and mine.store is store  # an explicit object: its owner keeps it
    shared = get_embedder()
    assert shared.store is None and get_embedder() is shared  # the process's own keeps nothing in a store
    assert mine.inner is other.inner is shared.inner  # one model object, loaded once (lazily: not yet)
    assert mine.name == get_settings().embedding_model
