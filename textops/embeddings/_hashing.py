"""A deterministic, model-free embedder for unit tests (and a clearly-labelled fallback)."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Sequence

import numpy as np

from textops.embeddings._protocol import Vectors
from textops.embeddings._vectors import l2_normalise

__all__ = ["HashingEmbedder"]

_TOKEN_RE = re.compile(r"[a-z0-9]+")


class HashingEmbedder:
    """A deterministic, model-free embedder: hashed word unigrams and bigrams, L2-normalised.

    Texts that share words get similar vectors, which is enough for unit tests of the pipelines. It knows
    no synonyms; never use it to claim quality, and never as a silent substitute for a model.
    """

    def __init__(self, dim: int = 256) -> None:
        self._dim = dim

    @property
    def name(self) -> str:
        """Identifier including the dimension."""
        return f"hashing-{self._dim}"

    @property
    def dim(self) -> int:
        """Vector dimension."""
        return self._dim

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed by feature hashing."""
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            tokens = _TOKEN_RE.findall(text.lower())
            feats = tokens + [f"{a}_{b}" for a, b in itertools.pairwise(tokens)]
            for feat in feats:
                h = int.from_bytes(hashlib.blake2b(feat.encode(), digest_size=8).digest(), "little")
                out[row, h % self._dim] += 1.0 if (h >> 63) == 0 else -1.0
        return l2_normalise(out)
