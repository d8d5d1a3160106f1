"""The deterministic fake embedder the unit tests use (textops/embeddings/_hashing.py)."""

from __future__ import annotations

import numpy as np

from textops.embeddings import HashingEmbedder


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
