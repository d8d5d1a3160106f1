from __future__ import annotations

import numpy as np
import pytest

from textops.embed import (
    CachedEmbedder,
    HashingEmbedder,
    TransformerEmbedder,
    l2_normalise,
    text_key,
    top_k_similar,
)
from textops.store import Store


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__(dim=64)
        self.seen: list[str] = []

    def encode(self, texts):  # type: ignore[no-untyped-def]
        self.seen.extend(texts)
        return super().encode(texts)


def test_hashing_embedder_is_deterministic_normalised_and_topical() -> None:
    e = HashingEmbedder(dim=256)
    v = e.encode(
        ["cut invoice processing time", "cut invoice processing time by half", "the weather is nice", ""]
    )
    assert v.shape == (4, 256)
    np.testing.assert_allclose(np.linalg.norm(v[:3], axis=1), 1.0, rtol=1e-5)
    assert np.all(v[3] == 0)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2])
    np.testing.assert_array_equal(
        v,
        e.encode(
            ["cut invoice processing time", "cut invoice processing time by half", "the weather is nice", ""]
        ),
    )


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


def test_text_key_depends_on_model_and_text() -> None:
    assert text_key("m", "a") != text_key("m2", "a")
    assert text_key("m", "a") != text_key("m", "b")
    assert len(text_key("m", "a")) == 64


def test_top_k_chunked_matches_full_argsort() -> None:
    rng = np.random.default_rng(0)
    q = l2_normalise(rng.normal(size=(37, 16)))
    c = l2_normalise(rng.normal(size=(50, 16)))
    idx, sims = top_k_similar(q, c, k=3, chunk_size=8)
    full = q @ c.T
    expected = np.argsort(-full, axis=1)[:, :3]
    np.testing.assert_array_equal(idx, expected)
    np.testing.assert_allclose(sims, np.take_along_axis(full, expected, axis=1), rtol=1e-5)


@pytest.mark.model
def test_real_minilm_loads_offline_and_ranks_paraphrases() -> None:
    e = TransformerEmbedder()
    v = e.encode(["A plane is taking off.", "An air plane is taking off.", "A man is playing a flute.", ""])
    assert v.shape == (4, 384) and e.dim == 384
    np.testing.assert_allclose(np.linalg.norm(v[:3], axis=1), 1.0, rtol=1e-4)
    assert float(v[0] @ v[1]) > 0.8 > 0.3 > float(v[0] @ v[2])
    assert np.all(v[3] == 0)
    # batching and length-sorting must not change a vector
    single = e.encode(["A man is playing a flute."])
    np.testing.assert_allclose(single[0], v[2], atol=1e-5)
