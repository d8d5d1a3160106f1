"""Vector maths and cache keys (textops/embeddings/_vectors.py, _protocol.py)."""

from __future__ import annotations

import numpy as np

from textops.embeddings import l2_normalise, text_key, top_k_similar


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
