"""The packed path the headline pipeline relies on for its latency budget (textops/embeddings/_packed.py)."""

from __future__ import annotations

import numpy as np
import pytest

from textops.embeddings import TransformerEmbedder
from textops.embeddings._packed import balanced_shards

HEADLINES = [
    "Access cash from the equity in your home",
    "Refinance your mortgage to lower your monthly payment",
    "Homeowners can now access cash from their equity",
    "This Dad Made A Video For His Daughter And It Is Beautiful",
    "Our new app helps teams close deals faster",
]


def test_balanced_shards_cover_every_index_once_with_even_loads() -> None:
    lengths = [14, 10, 10, 12, 11, 9, 30]
    shards = balanced_shards(lengths, 3)
    assert sorted(i for s in shards for i in s) == list(range(len(lengths)))
    loads = [sum(lengths[i] for i in s) for s in shards]
    assert max(loads) - min(loads) <= max(lengths)
    assert balanced_shards([5, 6], 4) == [[1], [0]]  # never an empty shard


@pytest.mark.model
@pytest.mark.parametrize(
    "texts",
    [
        HEADLINES[:3],  # few tokens: one worker in the calling thread
        [HEADLINES[0], "", *(f"{h} {i}" for i, h in enumerate(HEADLINES * 4)), HEADLINES[0]],  # 2+ workers
    ],
    ids=["one-worker", "sharded"],
)
def test_packed_path_gives_the_padded_vectors(texts: list[str]) -> None:
    import torch

    threads = torch.get_num_threads()
    packed = TransformerEmbedder().encode(texts)
    padded = TransformerEmbedder(packed=False, precision="fp32").encode(texts)
    assert packed.shape == padded.shape
    full = [i for i, t in enumerate(texts) if t]
    cos = np.sum(packed[full] * padded[full], axis=1)
    assert cos.min() > 0.99999
    np.testing.assert_allclose(packed, padded, atol=1e-5)
    assert not packed[[i for i, t in enumerate(texts) if not t]].any()
    assert torch.get_num_threads() == threads  # the single-threaded workers leave the caller's setting
    # the packed path really ran (it checks itself against the padded one and would switch itself off)
    checked = TransformerEmbedder().packed_runtime.checked
    assert checked and all(checked.values())
    if threads > 1 and len(texts) > 10:
        assert any(workers > 1 for workers in checked)


@pytest.mark.model
def test_large_requests_keep_the_padded_batches() -> None:
    texts = [f"{h} number {i}" for i, h in enumerate(HEADLINES * 8)]
    small = TransformerEmbedder(batch_size=16, precision="fp32")  # more texts than one batch: padded path
    np.testing.assert_allclose(
        small.encode(texts), TransformerEmbedder(packed=False, precision="fp32").encode(texts), atol=1e-6
    )
