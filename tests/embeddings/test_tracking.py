"""The wrapper that links embedded texts to the analysed corpora (textops/embeddings/_tracking.py)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from textops.embeddings import HashingEmbedder, TrackingEmbedder, text_key


class Linker:
    def __init__(self) -> None:
        self.calls: list[tuple[str, list[int], list[str]]] = []

    def link_embeddings(self, corpus_ids: Sequence[int], keys: Sequence[str]) -> None:
        self.calls.append(("link", list(corpus_ids), list(keys)))

    def confirm_embeddings(self, corpus_ids: Sequence[int], keys: Sequence[str]) -> None:
        self.calls.append(("confirm", list(corpus_ids), list(keys)))


def test_keys_are_linked_before_and_confirmed_after_each_new_text() -> None:
    inner, linker = HashingEmbedder(32), Linker()
    tracked = TrackingEmbedder(inner, linker, [4, 2, 4])
    assert tracked.name == inner.name and tracked.dim == 32 and tracked.corpus_ids == [2, 4]
    vecs = tracked.encode(["a b", "c"])
    np.testing.assert_array_equal(vecs, inner.encode(["a b", "c"]))
    keys = sorted(text_key(inner.name, t) for t in ("a b", "c"))
    assert linker.calls == [("link", [2, 4], keys), ("confirm", [2, 4], keys)]
    tracked.encode(["c"])  # already linked: nothing to record again
    assert len(linker.calls) == 2


def test_without_corpora_it_only_passes_calls_through() -> None:
    linker = Linker()
    vecs = TrackingEmbedder(HashingEmbedder(32), linker, []).encode(["a b"])
    assert vecs.shape == (1, 32) and linker.calls == []
