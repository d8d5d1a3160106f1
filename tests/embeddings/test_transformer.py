"""The packaged MiniLM through transformers/torch (textops/embeddings/_transformer.py)."""

from __future__ import annotations

import numpy as np
import pytest

from textops.embeddings import TransformerEmbedder


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
