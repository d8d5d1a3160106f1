"""What every embedder is, and how a text is keyed in a vector cache.

The store imports only this module: it keeps vectors under :func:`text_key` and implements
:class:`VectorStore`, and needs nothing of the runtimes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

__all__ = ["Embedder", "EmbedderWrapper", "VectorStore", "Vectors", "text_key"]

Vectors = npt.NDArray[np.float32]
"""Rows of float32 vectors (unit length, or all zero for an empty text)."""


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors of a fixed dimension."""

    @property
    def name(self) -> str:
        """A stable identifier of the model (part of the cache key)."""
        ...

    @property
    def dim(self) -> int:
        """Vector dimension."""
        ...

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Return a ``(len(texts), dim)`` array of unit-length rows (zero rows for empty text)."""
        ...


class VectorStore(Protocol):
    """Persistent key → vector storage used by :class:`~textops.embeddings.CachedEmbedder` (the SQL store)."""

    def get_vectors(self, model: str, keys: Sequence[str]) -> dict[str, Vectors]:
        """Vectors known for ``keys`` (missing keys are simply absent)."""
        ...

    def put_vectors(self, model: str, items: dict[str, Vectors]) -> None:
        """Persist vectors; existing keys are left as they are."""
        ...


def text_key(model: str, text: str) -> str:
    """Cache key of ``text`` under ``model`` (an embedder's :attr:`~Embedder.name`): sha256 of both (hex)."""
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()


class EmbedderWrapper:
    """Base of the embedders that wrap another one (cache, tracking): same name, dimension and vectors."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner

    @property
    def name(self) -> str:
        """The wrapped embedder's name (cache keys and trained models depend on it)."""
        return self.inner.name

    @property
    def dim(self) -> int:
        """The wrapped embedder's dimension."""
        return self.inner.dim
